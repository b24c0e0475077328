"""Built-in agents, spec strings and whole games through play_game / aplay_game."""

from __future__ import annotations

import asyncio
import io

import pytest

import parlour
from parlour.agents import Agent, HumanAgent, RandomAgent, ScriptedAgent, make_agent
from parlour.core.errors import ConfigError


@pytest.mark.parametrize(
    "spec, cls", [("random", RandomAgent), ("scripted", ScriptedAgent), ("human", HumanAgent)]
)
def test_specs_build_agents(spec, cls):
    agent = make_agent(spec)
    assert isinstance(agent, cls) and isinstance(agent, Agent)


def test_unknown_spec_lists_the_known_ones():
    with pytest.raises(ConfigError, match="known kinds: human, openai, random, scripted"):
        make_agent("genius")


def test_agent_instances_pass_through():
    agent = RandomAgent()
    assert make_agent(agent) is agent


def test_random_agent_only_plays_legal_actions_and_is_seeded():
    a, b = RandomAgent(), RandomAgent()
    a.reset("player_0", seed=4)
    b.reset("player_0", seed=4)
    info = {"legal_actions": ["[vote player_1]", "[vote player_2]"], "action_kind": "choice"}
    picks = [a.act({}, info) for _ in range(50)]
    assert set(picks) == set(info["legal_actions"])
    assert picks == [b.act({}, info) for _ in range(50)]
    number = {
        "numbers": [{"verb": "bid", "low": 5, "high": 9, "integer": True}],
        "legal_actions": None,
    }
    assert {a.act({}, number) for _ in range(200)} == {f"[bid {n}]" for n in range(5, 10)}


def test_scripted_agent_needs_the_view():
    with pytest.raises(ConfigError, match="view"):
        ScriptedAgent().reset("player_0", seed=1)


def test_play_game_is_reproducible_and_complete():
    first = parlour.play_game("who_is_spy_v0", ["scripted", "random"] * 3, seed=21)
    second = parlour.play_game("who_is_spy_v0", ["scripted", "random"] * 3, seed=21)
    assert first.transcript == second.transcript and first.rewards == second.rewards
    assert first.agents["player_0"] == "scripted" and first.agents["player_1"] == "random"
    assert first.metrics["winner"] in {"civilians", "spies", "blanks", None}
    assert sum(first.rewards.values()) != 0 or first.metrics["truncated"]


def test_play_game_takes_a_dict_by_seat_and_checks_it():
    seats = {f"player_{i}": "random" for i in range(4)}
    assert parlour.play_game("who_is_spy_v0", seats, seed=1, num_players=4).steps > 0
    with pytest.raises(ConfigError, match="missing"):
        parlour.play_game("who_is_spy_v0", {"player_0": "random"}, seed=1, num_players=4)
    with pytest.raises(ConfigError, match="expected 4 agents"):
        parlour.play_game("who_is_spy_v0", ["random"] * 3, seed=1, num_players=4)


def test_async_games_match_sync_games():
    async def main():
        return await asyncio.gather(
            *(parlour.aplay_game("who_is_spy_v0", ["scripted"] * 6, seed=s) for s in range(4))
        )

    results = asyncio.run(main())
    for seed, result in enumerate(results):
        assert (
            result.transcript
            == parlour.play_game("who_is_spy_v0", ["scripted"] * 6, seed=seed).transcript
        )


def test_human_agent_reads_a_line_and_shows_the_options():
    typed = iter(["[vote player_1]"])
    out = io.StringIO()
    human = HumanAgent(read=lambda prompt: next(typed), out=out)
    human.reset("player_0", seed=0)
    action = human.act({"text": "## Now\nvote"}, {"legal_actions": ["[vote player_1]"]})
    assert action == "[vote player_1]"
    assert "Options: [vote player_1]" in out.getvalue()


def test_human_agent_with_closed_input_lets_the_default_apply():
    def closed(prompt):
        raise EOFError

    result = parlour.play_game(
        "who_is_spy_v0",
        [HumanAgent(read=closed, out=io.StringIO())] + ["random"] * 3,
        seed=0,
        num_players=4,
    )
    assert result.metrics["invalid_actions"]["player_0"]
