"""The seat's behaviours against a real server, when ``PARLOUR_TEST_LLM_URL`` names one.

Skipped without it (CI keeps the fake server). For example, with the project's llama.cpp server:

    PARLOUR_TEST_LLM_URL=http://127.0.0.1:8080/v1 python -m pytest tests/llm/test_live_server.py

The model is ``PARLOUR_TEST_LLM_MODEL``, else the first the server lists. Only the seat's own
guarantees are checked (no echo taken as a move or published, finite decisions, honest records,
legal json answers), never the quality of play: a small base model plays badly.
"""

from __future__ import annotations

import os
import time

import pytest

import parlour
from parlour.agents import make_agent
from parlour.llm.echoes import own_text, speech_problem

URL = os.environ.get("PARLOUR_TEST_LLM_URL")
pytestmark = pytest.mark.skipif(not URL, reason="PARLOUR_TEST_LLM_URL names no server")


@pytest.fixture(scope="module")
def model() -> str:
    named = os.environ.get("PARLOUR_TEST_LLM_MODEL")
    if named:
        return named
    import openai

    listed = openai.OpenAI(base_url=URL, api_key="not-needed").models.list()
    return listed.data[0].id


def seat(model: str, **options):
    return make_agent(f"openai:{model}", base_url=URL, **options)


@pytest.mark.parametrize("env_id", ["who_is_spy_v0", "werewolf_v0"])
def test_default_options_give_a_finite_game_with_no_echo_taken(model, env_id):
    """Only the base URL and model: every decision ends (one timeout's worth at most), no
    accepted action comes from an ambiguous line, and no published line copies a card."""
    llm = seat(model)
    config = {"num_players": 5} if env_id == "who_is_spy_v0" else {}
    started = time.monotonic()
    result = parlour.play_game(env_id, [llm] + ["scripted"] * 4, seed=3, **config)
    calls = result.llm_calls["player_0"]
    assert calls and time.monotonic() - started < 60 * len(calls)
    for call in calls:
        if call["valid"] and call["rejected"] is None and call["finish_reason"] == "length":
            assert call["warning"]
    header, _, _ = result.transcript_text("player_0").partition("## What happened")
    spoken = [
        line
        for line in result.transcript_text("god").split("\n")
        if line.startswith("player_0 said")
    ]
    for line in spoken:
        assert speech_problem(line.partition(": ")[2], own_text(header, "")) is None


def test_json_mode_answers_every_choice_turn_legally_at_once(model):
    llm = seat(model, mode="json")
    result = parlour.play_game("werewolf_v0", [llm] + ["scripted"] * 6, seed=2, num_players=7)
    first = [c for c in result.llm_calls["player_0"] if c["attempt"] == 0 and not c["fault"]]
    choice = [c for c in first if "enum" in str(c["messages"]) or c["valid"]]
    assert choice and all(c["valid"] for c in choice if c["rejected"] != "echo")


def test_records_count_what_was_sent(model):
    llm = seat(model, max_tokens=16)
    result = parlour.play_game("donor_game_v0", [llm] + ["scripted"] * 3, seed=1, num_players=4)
    calls = result.llm_calls["player_0"]
    sent = [c for c in calls if not c["fallback"] and not c["cached"]]
    assert all(c["prompt_tokens"] > 0 for c in sent if not c["fault"])
    assert all(c["completion_tokens"] <= 16 + 1 for c in sent if not c["fault"])
