"""Agent faults never end a game: whatever the server sends, and however a reply is broken, the
agent records a failed attempt, re-asks or retries within its bounds, then falls back."""

from __future__ import annotations

import asyncio
import json
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import parlour
from parlour.agents import make_agent
from parlour.agents.openai_agent import OpenAIAgent
from parlour.core.actions import ActionKind, ActionSpec, Legal, NumberRule
from parlour.llm.prompts import OutputMode, reply_to_action
from parlour.llm.responses import retry_after
from parlour.testing import FakeOpenAIServer, Fault, Reply, legal_policy

FAST = {"timeout": 2.0, "backoff_s": 0.01, "max_wait_s": 0.1}
CHOICE = {"action_kind": "choice", "legal_actions": ["[skip]", "[go]"]}
OBSERVATION = {"text": "## Now\nReply with [skip] | [go]"}


def ask(server: FakeOpenAIServer, mode: str = "text", **options) -> OpenAIAgent:
    agent = OpenAIAgent("m", base_url=server.base_url, mode=mode, **{**FAST, **options})
    agent.reset("player_0", seed=0)
    agent.act(OBSERVATION, CHOICE)
    return agent


@pytest.mark.parametrize("header", ["-1", "nan", "-inf", "soon", "", "Mon, 99 Foo 2015"])
def test_a_retry_after_that_makes_no_sense_is_ignored_for_the_backoff(header):
    with FakeOpenAIServer(faults=["429"], retry_after=header) as server:
        agent = ask(server)
    fault, answer = agent.records
    assert fault.fault == "429" and answer.valid
    assert FAST["backoff_s"] <= fault.wait_s < 2 * FAST["backoff_s"]  # backoff plus jitter


@pytest.mark.parametrize("header", ["1e400", "inf", "86400000", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_a_huge_retry_after_waits_max_wait_s(header):
    with FakeOpenAIServer(faults=["429"], retry_after=header) as server:
        agent = ask(server)
    assert [r.wait_s for r in agent.records] == [FAST["max_wait_s"], 0.0]
    assert agent.records[-1].valid


def test_a_retry_after_date_counts_from_now():
    with FakeOpenAIServer(faults=["429"], retry_after="Wed, 21 Oct 2015 07:28:00 GMT") as server:
        agent = ask(server)
    assert agent.records[0].wait_s == 0.0  # a date in the past: try again at once
    assert retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0
    assert retry_after("Wed, 21 Oct 2015 07:28:30", now=1445412480.0) == 30.0  # GMT implied
    assert retry_after(" 2.5 ") == 2.5 and retry_after(None) is None


@pytest.mark.parametrize("mode", ["text", "json", "tools"])
@pytest.mark.parametrize(
    "fault, kind",
    [
        (Fault.BAD_UTF8, "malformed"),
        (Fault.NO_CHOICES, "malformed"),
        (Fault.TOOL_ARGS_NOT_TEXT, "malformed"),
        (Fault.NESTED, None),
        (Fault.TOOL_ARGS_BROKEN, None),
    ],
)
def test_each_broken_response_is_a_recorded_failed_attempt(mode, fault, kind):
    with FakeOpenAIServer(faults=[fault]) as server:
        agent = ask(server, mode, max_tokens=None)  # a server that never cuts a reply
    failed, answer = agent.records
    assert not failed.valid and failed.error
    assert failed.fault == kind  # a transport fault, retried; or an invalid reply, re-asked
    assert (failed.raw_reply is None) == (kind is not None)
    assert answer.valid and answer.action in {"[skip]", "[go]", "Let me think. [go]"}
    if fault is Fault.NESTED and mode != "text":
        assert failed.error == "the reply nests too deeply to read as JSON"


@pytest.mark.parametrize("mode", ["json", "tools"])
def test_a_deeply_nested_reply_every_time_ends_in_the_default(mode):
    nested = Reply(tool="[" * 100_000) if mode == "tools" else Reply("[" * 100_000)
    with FakeOpenAIServer(policy=lambda request: nested) as server:
        agent = ask(server, mode, max_reasks=2, max_tokens=None)  # a server that never cuts
    assert [r.attempt for r in agent.records] == [0, 1, 2, 2]
    assert agent.records[-1].fallback and agent.records[-1].action == ""
    assert (
        "no valid reply after 3 replies; last: the reply nests too deeply"
        in agent.records[-1].error
    )


@pytest.mark.parametrize("mode", ["text", "json", "tools"])
def test_a_game_survives_every_kind_of_broken_response(mode):
    broken = [
        Fault.RATE_LIMIT,
        Fault.BAD_UTF8,
        Fault.NO_CHOICES,
        Fault.NESTED,
        Fault.TOOL_ARGS_BROKEN,
        Fault.TOOL_ARGS_NOT_TEXT,
        Fault.MALFORMED,
        Fault.EMPTY,
    ]
    # each broken kind once, between good answers, then whatever comes
    faults = [f for kind in broken for f in (kind, None)]
    with FakeOpenAIServer(faults=faults, retry_after="nan") as server:
        seats = [
            make_agent("openai:m", base_url=server.base_url, mode=mode, max_retries=4, **FAST)
            for _ in range(4)
        ]
        result = parlour.play_game("who_is_spy_v0", seats, seed=2, num_players=4)
        assert set(server.faults_served) == set(broken)
    assert result.metrics["winner"] is not None or result.metrics["truncated"]
    calls = [c for seat in result.llm_calls.values() for c in seat]
    assert any(c["fault"] == "429" for c in calls) and any(c["valid"] for c in calls)


# -- the reading of replies, fuzzed ------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
#: Replies: any text, any JSON value, objects with an "action" of any JSON value.
REPLIES = st.one_of(
    st.text(max_size=300),
    JSON_VALUES.map(json.dumps),
    JSON_VALUES.map(lambda value: json.dumps({"action": value})),
)
#: Replies too big for Hypothesis to draw often: each is run once, in every mode.
HUGE = ["[" * 100_000, '{"action": ' * 50_000, "<think>" * 30_000, "\udcff" * 1000]
TURNS = [
    CHOICE,
    {
        "action_kind": "number",
        "legal_actions": None,
        "numbers": [{"verb": "bid", "low": 0, "high": 50.5, "integer": False}],
        "number_verb": "bid",
        "choices": ["[withdraw]"],
    },
    {"action_kind": "speech", "legal_actions": None, "max_speech_chars": 40, "choices": []},
]


def _with_huge(test):
    for reply in HUGE:
        for mode in OutputMode:
            test = example(reply, mode, TURNS[0])(test)
    return test


@given(REPLIES, st.sampled_from(list(OutputMode)), st.sampled_from(TURNS))
@_with_huge
@settings(max_examples=150, deadline=None)
def test_reply_to_action_returns_text_or_raises_value_error(reply, mode, info):
    try:
        action = reply_to_action(reply, mode, info)
    except ValueError:
        return
    assert isinstance(action, str)


@pytest.fixture(scope="module")
def scripted_server():
    """One server for every fuzzed reply: it answers with whatever ``script`` holds now."""
    script: dict[str, Reply] = {}
    with FakeOpenAIServer(policy=lambda request: script["reply"]) as server:
        yield server, script


@given(
    st.one_of(
        REPLIES.map(Reply),
        REPLIES.map(lambda text: Reply(tool=text)),
        JSON_VALUES.filter(lambda body: body is not None).map(lambda body: Reply(body=body)),
        st.builds(
            lambda choices, usage: Reply(body={"choices": choices, "usage": usage}),
            JSON_VALUES,
            JSON_VALUES,
        ),
    ),
    st.sampled_from(["text", "json", "tools"]),
    st.sampled_from(TURNS),
)
@example(Reply("[" * 100_000), "json", CHOICE)
@example(Reply(tool="[" * 100_000), "tools", CHOICE)
@example(Reply("<think>" * 30_000 + "[go]"), "text", CHOICE)
@example(Reply(body={"choices": [{"message": {"content": 7}}]}), "text", CHOICE)
@example(
    Reply(body={"choices": [{"message": None}], "usage": {"prompt_tokens": "x"}}), "json", CHOICE
)
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_reply_ends_in_an_action_or_a_recorded_failure(scripted_server, reply, mode, info):
    server, script = scripted_server
    script["reply"] = reply
    agent = OpenAIAgent(
        "m", base_url=server.base_url, mode=mode, max_reasks=0, max_retries=0, **FAST
    )
    agent.reset("player_0", seed=0)
    action = agent.act(OBSERVATION, info)
    last = agent.records[-1]
    if last.valid:
        assert action == last.action and len(agent.records) == 1
    else:
        assert action == "" and last.fallback and last.error
        assert agent.records[0].error  # the failed attempt says why
    json.dumps([r.to_json() for r in agent.records])  # records stay JSON


def _unbounded_numbers(integer: bool) -> ActionSpec:
    """The env's parser on a number turn of any range, giving back the value it read."""
    rule = NumberRule("bid", -math.inf, math.inf, lambda value: value, integer=integer)
    return ActionSpec.build(Legal(ActionKind.NUMBER, None, numbers=(rule,)), str)


NUMBER, WHOLE = _unbounded_numbers(integer=False), _unbounded_numbers(integer=True)


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["json", "tools"]))
@example(15432.75, "json")
@example(1234567.5, "tools")
@example(1e22, "json")
@example(5e-324, "json")
def test_a_structured_number_reads_back_as_the_same_value(value, mode):
    action = reply_to_action(
        json.dumps({"action": value}), OutputMode(mode), {"number_verb": "bid"}
    )
    assert "e" not in action.lower()
    assert NUMBER.parse(action) == value


@given(st.integers(-(2**53), 2**53))
def test_a_structured_whole_number_reads_back_as_the_same_value(value):
    action = reply_to_action(json.dumps({"action": value}), OutputMode.JSON, {"number_verb": "bid"})
    assert action == f"[bid {value}]" and WHOLE.parse(action) == value


def test_the_issues_bids_are_accepted_as_sent():
    info = {
        "action_kind": "number",
        "numbers": [{"verb": "bid", "low": 0, "high": 15432.75, "integer": False}],
        "number_verb": "bid",
        "legal_actions": None,
        "choices": ["[withdraw]"],
    }
    for mode in ["json", "tools"]:
        replies = [Reply(json.dumps({"action": 15432.75}))]
        if mode == "tools":
            replies = [Reply(tool=json.dumps({"action": 15432.75}))]
        with FakeOpenAIServer(replies=replies) as server:
            agent = OpenAIAgent("m", base_url=server.base_url, mode=mode, **FAST)
            agent.reset("player_0")
            assert agent.act(OBSERVATION, info) == "[bid 15432.75]"
    for value in ["NaN", "Infinity", "-Infinity"]:
        with pytest.raises(ValueError, match="finite"):
            reply_to_action(f'{{"action": {value}}}', OutputMode.JSON, info)


def test_the_async_driver_survives_the_same_faults():
    async def decide(server):
        agent = OpenAIAgent("m", base_url=server.base_url, mode="json", **FAST)
        agent.reset("player_0", seed=0)
        try:
            return agent, await agent.aact(OBSERVATION, CHOICE)
        finally:
            await agent.aclose()

    faults = [Fault.RATE_LIMIT, Fault.NESTED, Fault.TOOL_ARGS_NOT_TEXT]
    with FakeOpenAIServer(faults=faults, retry_after="-1") as server:
        agent, action = asyncio.run(decide(server))
    assert action in {"[skip]", "[go]"}
    assert [(r.fault, r.valid) for r in agent.records] == [
        ("429", False),
        (None, False),
        ("malformed", False),
        (None, True),
    ]


def test_the_offline_server_reads_a_number_turn_from_its_forms_line():
    """The offline server's default policy answers a number turn from the prompt's forms line:
    a number of the shown range or a listed choice, never the example as a choice of its own."""
    rule = NumberRule("donate", 0.0, 10.0, lambda v: f"[donate {v:g}]", False, places=2)
    spec = ActionSpec.build(Legal(ActionKind.NUMBER, "[refuse]", ("[refuse]",), (rule,)), str)
    assert spec.description == "donate and a number between 0 and 10, e.g. [donate 5] | [refuse]"
    answers = {
        legal_policy(
            {"messages": [{"role": "user", "content": f"Turn {i}\nReply with {spec.description}"}]}
        ).content
        for i in range(40)
    }
    actions = {spec.parse(answer) for answer in answers}
    assert "[refuse]" in actions and len(actions) > 3  # numbers drawn from 0..10, and [refuse]
