"""Honest accounting: a request is counted only when one was sent, and tokens only when spent.

A fallback record is synthetic (the agent gave up, nothing was sent), a cached record replays a
reply without a request, and a record with a fault is a request that failed. The conduct table
once counted every record as an "LLM call" and a replay-only run as spending the tokens it
replayed.
"""

from __future__ import annotations

import csv

import pytest

from parlour.agents.openai_agent import OpenAIAgent
from parlour.arena import load_spec, run_tournament
from parlour.arena.report import write_report
from parlour.llm import CallRecord, usage_summary
from parlour.testing import FakeOpenAIServer

FAST = {"timeout": 2.0, "backoff_s": 0.01, "max_wait_s": 0.1}
CHOICE = {"action_kind": "choice", "legal_actions": ["[skip]", "[go]"]}


def record(decision: int = 0, seat: str = "player_0", **fields) -> CallRecord:
    return CallRecord(seat, "gpt-4o-mini", "text", decision, 0, [], **fields)


def test_usage_summary_counts_each_kind_of_record_apart():
    records = [
        # decision 0: two failed requests, then a valid reply (each record carries the
        # decision's faults so far, so summing their lists would count 1 + 2 + 2 faults)
        record(fault="500", faults=["500"]),
        record(fault="429", faults=["500", "429"]),
        record(raw_reply="[go]", valid=True, prompt_tokens=100, completion_tokens=5,
               cost_usd=0.5, faults=["500", "429"]),
        # decision 1: an invalid reply from the cache, a valid one sent, then one more decision
        record(1, raw_reply="hm", prompt_tokens=90, completion_tokens=3, cached=True),
        record(1, raw_reply="[go]", valid=True, prompt_tokens=120, completion_tokens=4,
               cost_usd=0.25),
        # decision 2: a fallback (nothing sent); decision 0 of another seat: a cache hit
        record(2, fallback=True, action="", error="gave up"),
        record(0, "player_1", raw_reply="[go]", valid=True, prompt_tokens=80,
               completion_tokens=2, cached=True),
    ]  # fmt: skip
    assert usage_summary(records) == {
        "decisions": 4,
        "requests": 4,
        "faults": 2,
        "cache_hits": 2,
        "fallbacks": 1,
        "invalid_replies": 1,
        "prompt_tokens": 220,
        "completion_tokens": 9,
        "cost_usd": 0.75,
        "cached_prompt_tokens": 170,
        "cached_completion_tokens": 5,
    }


def ask(server: FakeOpenAIServer, **options) -> OpenAIAgent:
    agent = OpenAIAgent("gpt-4o-mini", base_url=server.base_url, **{**FAST, **options})
    agent.reset("player_0", seed=0)
    agent.act({"text": "Reply with [skip] | [go]"}, CHOICE)
    return agent


@pytest.mark.parametrize(
    "server_options, agent_options, expected",
    [
        ({"faults": ["500", "500"]}, {}, {"requests": 3, "faults": 2, "fallbacks": 0}),
        ({"faults": ["500"]}, {"max_retries": 0}, {"requests": 1, "faults": 1, "fallbacks": 1}),
        (
            {"replies": ["no action here"] * 3},
            {"max_reasks": 2},
            {"requests": 3, "invalid_replies": 3, "fallbacks": 1},
        ),
    ],
    ids=["retried-faults", "fault-then-fallback", "invalid-replies-then-fallback"],
)
def test_usage_summary_counts_the_requests_the_server_received(
    server_options, agent_options, expected
):
    with FakeOpenAIServer(**server_options) as server:
        agent = ask(server, **agent_options)
        received = len(server.requests)
    totals = usage_summary(agent.records)
    assert totals["requests"] == received
    assert totals["decisions"] == 1 and totals["cache_hits"] == 0
    assert {key: totals[key] for key in expected} == expected


SPEC = """
seed = 2
concurrency = 2

[[games]]
env = "who_is_spy_v0"
games = 4
config = {{ num_players = 5 }}  # 5 seats: no rotation repeats a game (see test_schedule.py)

[agents.llm]
spec = "openai:gpt-4o-mini"
options = {{ base_url = "{base_url}", cache = "{cache}", {options} }}

[agents.scripted]
spec = "scripted"
"""


def llm_run(tmp_path, server, name, cache_mode="read-write", options="timeout = 5"):
    spec = tmp_path / f"{name}.toml"
    cache = tmp_path / "cache.sqlite"
    spec.write_text(SPEC.format(base_url=server.base_url, cache=cache, options=options))
    store = run_tournament(load_spec(spec), tmp_path / name, cache_mode=cache_mode, progress=False)
    text, results = write_report(store)
    store.close()
    return text, results.conduct["llm"]


def test_a_replay_only_run_sends_no_request_and_spends_no_token(tmp_path):
    with FakeOpenAIServer() as server:
        _, first = llm_run(tmp_path, server, "first")
        sent = len(server.requests)
        text, replay = llm_run(tmp_path, server, "replay", cache_mode="replay-only")
        assert len(server.requests) == sent
    # the first run's cache hits: a seat's first prompt of a deal is the same in each rotation
    # that seats the LLM there, so it is asked once
    assert first["requests"] == sent > 0 and first["tokens"] > 0 and first["cost_usd"] > 0
    assert replay["requests"] == replay["tokens"] == replay["cost_usd"] == 0
    replies = first["requests"] + first["cache_hits"]
    assert replay["cache_hits"] == replies and replay["decisions"] == first["decisions"] > 0
    assert replay["cached_tokens"] == first["tokens"] + first["cached_tokens"]
    table = text.split("## Conduct and cost")[1].split("\n\n")[2].splitlines()
    header, row = table[0].split("|"), next(r for r in table if r.startswith("| llm ")).split("|")
    cells = {h.strip(): c.strip() for h, c in zip(header, row, strict=True)}
    assert cells["requests sent"] == cells["tokens spent"] == "0"
    assert cells["cache hits"] == str(replies)
    assert cells["tokens replayed from cache"] == str(replay["cached_tokens"])
    with (tmp_path / "replay" / "conduct.csv").open(newline="") as handle:
        rows = {row["agent"]: row for row in csv.DictReader(handle)}
    assert rows["llm"]["requests"] == "0" and rows["llm"]["cache_hits"] == str(replies)


def test_fallbacks_are_not_counted_as_requests(tmp_path):
    """Every request fails and is not retried: each decision is one failed request and one
    fallback record, two records but one request."""
    with FakeOpenAIServer(fault_rates={"500": 1.0}) as server:
        _, llm = llm_run(tmp_path, server, "down", options="timeout = 5, max_retries = 0")
        sent = len(server.requests)
    assert llm["decisions"] == llm["fallbacks"] == llm["requests"] == llm["faults"] == sent > 0
    assert llm["fallback_rate"] == 1.0 and llm["tokens"] == 0


def test_the_progress_bar_counts_requests_and_cache_hits_apart(tmp_path, capsys):
    with FakeOpenAIServer() as server:
        _, first = llm_run(tmp_path, server, "first")
        replies = first["requests"] + first["cache_hits"]
        spec = tmp_path / "first.toml"
        store = run_tournament(
            load_spec(spec), tmp_path / "again", cache_mode="replay-only", progress=True
        )
        store.close()
    bar = capsys.readouterr().err.splitlines()[-1]
    assert "requests=0" in bar and f"cache_hits={replies}" in bar and "tokens=0" in bar, bar
