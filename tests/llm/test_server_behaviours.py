"""What a real server and a small real model do, taught to the fake server, and how a seat copes.

Each case was seen against llama.cpp serving Gemma 3 270M (see docs/llm-agents.md); the same
checks run against a real server in tests/llm/test_live_server.py when PARLOUR_TEST_LLM_URL is set.
"""

from __future__ import annotations

import asyncio

import pytest

import parlour
from parlour.agents.openai_agent import OpenAIAgent
from parlour.testing import FakeOpenAIServer, Fault, Reply

FAST = {"timeout": 2.0, "backoff_s": 0.01, "max_wait_s": 0.1}
CHOICE = {"action_kind": "choice", "legal_actions": ["[vote player_1]", "[vote player_2]"]}
MENU = "Reply with [vote player_1] | [vote player_2]"
OBSERVATION = {"text": f"## Now\nVote.\n{MENU}"}
CARD = "You are a werewolf. Your fellow werewolves: player_6 is a werewolf."
SPEECH_OBSERVATION = {
    "text": f"Rules.\n\n## Your card\n{CARD}\n\n## What happened (oldest first)\n"
    "Moderator: Day 1 begins.\n\n## Now\nSay something.\nReply with one line of text"
}
SPEECH = {"action_kind": "speech", "max_speech_chars": 300, "choices": ["[pass]"]}
NUMBER = {
    "action_kind": "number",
    "numbers": [{"verb": "donate", "low": 0, "high": 10.5, "integer": False, "clamp": False}],
    "number_verb": "donate",
    "number_range": (0, 10.5),
    "choices": [],
}


def agent_for(server: FakeOpenAIServer, **options) -> OpenAIAgent:
    agent = OpenAIAgent("m", base_url=server.base_url, **{**FAST, **options})
    agent.reset("player_0", seed=0)
    return agent


@pytest.mark.parametrize("mode", ["text", "json", "tools"])
def test_an_echo_of_the_menu_is_reasked_never_a_move(mode):
    with FakeOpenAIServer(faults=[Fault.ECHO]) as server:
        agent = agent_for(server, mode=mode)
        action = agent.act(OBSERVATION, CHOICE)
    echo, answer = agent.records
    assert not echo.valid and echo.rejected == "ambiguous" and "several actions" in echo.error
    assert answer.valid and action in CHOICE["legal_actions"]


def test_a_speech_echo_of_the_prompt_or_the_card_is_never_published():
    replies = [f"{CARD} I agree.", "Reply with one line of text", "I think player_3 is lying."]
    with FakeOpenAIServer(replies=replies) as server:
        agent = agent_for(server, max_reasks=2)
        action = agent.act(SPEECH_OBSERVATION, SPEECH)
    assert [r.rejected for r in agent.records] == ["echo", "echo", None]
    assert action == "I think player_3 is lying."


def test_a_refusal_is_not_speech():
    with FakeOpenAIServer(replies=["I'm sorry, but I can't play deception games.", "Hi."]) as s:
        agent = agent_for(s)
        assert agent.act(SPEECH_OBSERVATION, SPEECH) == "Hi."
    assert agent.records[0].rejected == "echo" and "declines to play" in agent.records[0].error


@pytest.mark.parametrize(
    "mode, info, tokens",
    [("text", CHOICE, 256), ("json", CHOICE, 64), ("tools", NUMBER, 64), ("text", SPEECH, 148)],
)
def test_each_turn_has_a_finite_max_tokens_by_default(mode, info, tokens):
    with FakeOpenAIServer() as server:
        agent = agent_for(server, mode=mode)
        agent.act(SPEECH_OBSERVATION if info is SPEECH else OBSERVATION, info)
        assert server.requests[0]["max_tokens"] == tokens
    with FakeOpenAIServer() as server:
        agent_for(server, mode=mode, max_tokens=None).act(OBSERVATION, CHOICE)
        assert "max_tokens" not in server.requests[0]


def test_a_reply_cut_at_max_tokens_is_flagged_and_the_reask_says_so():
    with FakeOpenAIServer(replies=["Let me think about it " * 40, "[vote player_2]"]) as server:
        agent = agent_for(server, max_tokens=16)
        agent.act(OBSERVATION, CHOICE)
        reask = server.requests[1]["messages"][-1]["content"]
    cut = agent.records[0]
    assert cut.finish_reason == "length" and cut.warning == "the reply was cut at max_tokens=16"
    assert "cut off at 16 tokens" in reask


def test_a_reask_varies_the_sampling_and_says_what_was_wrong_in_text_terms():
    with FakeOpenAIServer(replies=["no idea", "[vote player_2]"]) as server:
        agent_for(server, seed=5).act(OBSERVATION, CHOICE)
        first, second = server.requests
    assert (first["temperature"], first["seed"]) == (0.0, 5)
    assert (second["temperature"], second["seed"]) == (0.7, 6)
    assert second["messages"][-1]["content"] == (
        "That reply was not accepted: expected one of [vote player_1], [vote player_2]."
        " Answer again with your action alone on the last line, exactly one of:"
        " [vote player_1] | [vote player_2]."
    )


@pytest.mark.parametrize(
    "mode, info, bad, wanted",
    [
        (
            "json",
            CHOICE,
            "sure!",
            "the reply is not a JSON object. Answer again with only a JSON"
            ' object {"action": ...} with action one of "[vote player_1]", "[vote player_2]".',
        ),
        (
            "json",
            NUMBER,
            '{"action": 99}',
            "that number is not allowed now: it must be from 0 to 10.5."
            ' Answer again with only a JSON object {"action": ...} with action a number from 0'
            " to 10.5.",
        ),
        (
            "tools",
            NUMBER,
            Reply(tool='{"action": true}'),
            'its "action" is a boolean, not a'
            " string or a number. Answer again with a call of the function act with its action"
            " argument a number from 0 to 10.5.",
        ),
    ],
)
def test_a_structured_reask_speaks_the_modes_own_terms(mode, info, bad, wanted):
    with FakeOpenAIServer(replies=[bad]) as server:
        agent_for(server, mode=mode).act(OBSERVATION, info)
        reask = server.requests[1]["messages"][-1]["content"]
    assert reask == f"That reply was not accepted: {wanted}"
    assert "Reply with" not in reask and "[donate N]" not in reask


def test_a_server_that_ignores_tools_is_read_from_its_content():
    with FakeOpenAIServer(faults=[Fault.NO_TOOLS]) as server:
        agent = agent_for(server, mode="tools")
        action = agent.act(OBSERVATION, CHOICE)
    assert len(agent.records) == 1 and agent.records[0].valid and action in CHOICE["legal_actions"]


def test_reasoning_content_is_kept_in_the_records():
    with FakeOpenAIServer(faults=[Fault.THINKING]) as server:
        agent = agent_for(server)
        agent.act(OBSERVATION, CHOICE)
    assert agent.records[0].reasoning == "Weighing the options." and agent.records[0].valid


def test_a_prompt_over_the_context_is_sent_once_more_with_half_the_history():
    history = "\n".join(f"Moderator: event {i}." for i in range(400))
    observation = {"text": f"## What happened (oldest first)\n{history}\n\n## Now\n{MENU}"}
    with FakeOpenAIServer(faults=[Fault.CONTEXT, Fault.CONTEXT]) as server:
        agent = agent_for(server, max_context_chars=8000)
        action = agent.act(observation, CHOICE)
        sizes = [len(r["messages"][-1]["content"]) for r in server.requests]
    assert len(sizes) == 2 and sizes[1] < sizes[0] * 0.6  # shrunk once, then final
    assert [r.fault for r in agent.records] == ["status_400", "status_400", None]
    assert agent.records[-1].fallback and action == ""


def test_a_give_up_is_told_to_the_player_as_no_action_received():
    with FakeOpenAIServer(policy=lambda request: Reply("hmm")) as server:
        llm = OpenAIAgent("m", base_url=server.base_url, max_reasks=0, **FAST)
        result = parlour.play_game("who_is_spy_v0", [llm] + ["scripted"] * 3, seed=1, num_players=4)
    mine = result.transcript_text("player_0")
    assert "No action was received from you; applied instead:" in mine
    assert "Your last action was invalid" not in mine


def test_replicas_share_the_calls_and_a_dead_one_is_skipped():
    with FakeOpenAIServer() as one, FakeOpenAIServer() as two:
        dead = "http://127.0.0.1:9/v1"
        agent = OpenAIAgent("m", base_url=[one.base_url, dead, two.base_url], **FAST)
        agent.reset("player_0", seed=0)
        for _ in range(6):
            assert agent.act(OBSERVATION, CHOICE) in CHOICE["legal_actions"]
        served = (len(one.requests), len(two.requests))
    assert min(served) >= 2 and sum(served) == 6
    assert [r.server for r in agent.records if r.fault] == [dead]  # tried once, then rested


def test_async_replicas_each_keep_their_in_flight_cap():
    async def play(agent):
        await asyncio.gather(*(agent.aact(OBSERVATION, CHOICE) for _ in range(8)))
        await agent.aclose()

    with FakeOpenAIServer(latency=0.05) as one, FakeOpenAIServer(latency=0.05) as two:
        agent = OpenAIAgent("m", base_url=[one.base_url, two.base_url], max_in_flight=2, **FAST)
        agent.reset("player_0", seed=0)
        asyncio.run(play(agent))
        served = (len(one.requests), len(two.requests))
    assert served == (4, 4)
