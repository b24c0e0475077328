"""The seat's behaviours against a real server, when ``PARLOUR_TEST_LLM_URL`` names one.

Skipped without it (CI keeps the fake server). For example, with the project's llama.cpp server:

    PARLOUR_TEST_LLM_URL=http://127.0.0.1:8080/v1 python -m pytest tests/llm/test_live_server.py

The model is ``PARLOUR_TEST_LLM_MODEL``, else the first the server lists. Each game stops after
the LLM seat's first few decisions (a small CPU model takes seconds each). Only the seat's own
guarantees are checked (finite decisions with default options, no echo taken as a move or
published, honest records, legal json choices), never the quality of play.
"""

from __future__ import annotations

import os
import time

import pytest

import parlour
from parlour.agents import make_agent
from parlour.agents.openai_agent import OpenAIAgent
from parlour.llm.echoes import own_text, speech_problem

URL = os.environ.get("PARLOUR_TEST_LLM_URL")
pytestmark = pytest.mark.skipif(not URL, reason="PARLOUR_TEST_LLM_URL names no server")
DECISIONS = 3


@pytest.fixture(scope="module")
def model() -> str:
    named = os.environ.get("PARLOUR_TEST_LLM_MODEL")
    if named:
        return named
    import openai

    return openai.OpenAI(base_url=URL, api_key="not-needed").models.list().data[0].id


def play_a_few(env_id: str, seat: OpenAIAgent, seed: int, **config) -> list[tuple[dict, str]]:
    """The seat's first decisions as player_0 beside scripted seats: (info, action sent)."""
    env = parlour.make(env_id, **config)
    env.reset(seed=seed)
    seats = {a: make_agent("scripted") for a in env.possible_agents[1:]}
    seats["player_0"] = seat
    for index, (agent_id, agent) in enumerate(seats.items()):
        agent.reset(agent_id, seed=seed + index, view=env.unwrapped.seat_view(agent_id))
    made: list[tuple[dict, str]] = []
    for agent_id in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        action = seats[agent_id].act(observation, info)
        env.step(action)
        if agent_id == "player_0":
            made.append((info, action))
            if len(made) >= DECISIONS:
                break
    return made


@pytest.mark.parametrize("env_id", ["who_is_spy_v0", "werewolf_v0"])
def test_default_options_decide_in_bounded_time_and_take_no_echo(model, env_id):
    seat = OpenAIAgent(model, base_url=URL)
    started = time.monotonic()
    made = play_a_few(env_id, seat, seed=3)
    assert made and time.monotonic() - started < DECISIONS * 2 * seat.timeout
    for record in seat.records:
        if record.finish_reason == "length":
            assert record.warning and record.warning.startswith("the reply was cut at max_tokens=")
        if record.valid and record.rejected is None and record.attempt == 0:
            assert record.raw_reply  # a legal first try came from a reply, never a fallback
    for info, action in made:
        if info.get("max_speech_chars") is not None and action:
            given = own_text(seat.records[0].messages[0]["content"], "")
            assert speech_problem(action, given) is None


def test_json_mode_answers_choice_turns_legally_at_once(model):
    seat = OpenAIAgent(model, base_url=URL, mode="json")
    made = play_a_few("werewolf_v0", seat, seed=2)
    choice_decisions = {index for index, (info, _) in enumerate(made) if info.get("legal_actions")}
    assert choice_decisions
    for record in seat.records:
        if record.decision in choice_decisions and record.attempt == 0 and not record.fault:
            assert record.valid, record.error


def test_records_count_what_was_sent_and_cut(model):
    seat = OpenAIAgent(model, base_url=URL, max_tokens=16)
    play_a_few("donor_game_v0", seat, seed=1, num_agents=4)
    sent = [r for r in seat.records if not r.fallback and not r.cached and not r.fault]
    assert sent and all(r.prompt_tokens > 0 and r.completion_tokens <= 17 for r in sent)
    assert all(r.warning for r in sent if r.finish_reason == "length")
