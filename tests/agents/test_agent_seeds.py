"""No agent is handed a seed from which the game seed can be worked back (and so the deal).

Every driver of games is played once while every agent's ``reset`` seed and every game seed are
recorded; no agent seed may equal a game seed or lie near it (a constant offset, a flipped low
bit), whichever driver seated the agent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from parlour.agents.base import BaseAgent
from parlour.arena.evolution import population, preset, run_evolution
from parlour.arena.runner import run_tournament
from parlour.arena.spec import AgentEntry, GameEntry, TournamentSpec
from parlour.core import host as core_host
from parlour.play import agent_seed, aplay_game, play_game
from parlour.testing import FakeOpenAIServer
from parlour.wrappers import SingleAgentEnv

#: Seeds closer than this (by difference or by XOR) count as one derived from the other.
NEAR = 2**32


@pytest.fixture
def seeds(monkeypatch) -> Iterator[dict[str, list[int]]]:
    """Records ``{"games": [...], "agents": [...]}`` while a test plays."""
    seen: dict[str, list[int]] = {"games": [], "agents": []}
    new_match, reset = core_host.Host.new_match, BaseAgent.reset

    def recording_new_match(self, seed):
        match = new_match(self, seed)
        seen["games"].append(self.game_seed)
        return match

    def recording_reset(self, agent_id, seed=None, view=None):
        seen["agents"].append(seed)
        reset(self, agent_id, seed, view)

    monkeypatch.setattr(core_host.Host, "new_match", recording_new_match)
    monkeypatch.setattr(BaseAgent, "reset", recording_reset)
    yield seen


def _single_agent_games() -> None:
    env = SingleAgentEnv("werewolf_v0", opponents="random")
    for seed in range(3):
        observation, _ = env.reset(seed=seed)
        done = False
        while not done:
            action = int(np.flatnonzero(observation["action_mask"])[0])
            observation, _, terminated, truncated, _ = env.step(action)
            done = terminated or truncated


def _tournament(tmp_path) -> None:
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 4, {"num_players": 4}),),
        agents=(AgentEntry("s", "scripted"), AgentEntry("r", "random")),
        seed=3,
        concurrency=1,
        twins=False,
    )
    run_tournament(spec, tmp_path / "run", progress=False).close()


def _evolution() -> None:
    with FakeOpenAIServer() as server:
        members = population(
            ["openai:test", "fixed:0.5"], 4, np.random.default_rng(0), {"base_url": server.base_url}
        )
        run_evolution(members, preset("quick", generations=2, seed=1, game={"rounds": 2}))


DRIVERS: dict[str, Callable[..., None]] = {
    "play_game": lambda _: play_game("who_is_spy_v0", ["random"] * 4, seed=5, num_players=4),
    "aplay_game": lambda _: asyncio.run(
        aplay_game("who_is_spy_v0", ["random"] * 4, seed=5, num_players=4)
    ),
    "single_agent_env": lambda _: _single_agent_games(),
    "tournament": _tournament,
    "evolution": lambda _: _evolution(),
}


@pytest.mark.parametrize("driver", list(DRIVERS))
def test_no_agent_seed_equals_or_offsets_a_game_seed(driver, seeds, tmp_path):
    DRIVERS[driver](tmp_path)
    games, agents = seeds["games"], seeds["agents"]
    assert games and agents and None not in agents
    for given in agents:
        near = [g for g in games if abs(given - g) < NEAR or given ^ g < NEAR]
        assert not near, f"{driver}: an agent got {given}, a game was dealt with {near[0]}"


def test_single_agent_env_seats_opponents_as_play_game_does(seeds):
    env = SingleAgentEnv("werewolf_v0", opponents="scripted")
    env.reset(seed=5)
    game_seed = env.aec_env.unwrapped.game_seed
    expected = [agent_seed(game_seed, index) for index in range(1, 8)]  # player_0 learns
    assert seeds["agents"][-7:] == expected


def _trajectory(seed: int) -> list[tuple]:
    env = SingleAgentEnv("werewolf_v0", opponents="random", text=True)
    observation, _ = env.reset(seed=seed)
    steps, done = [observation["text"]], False
    while not done:
        action = int(np.flatnonzero(observation["action_mask"])[-1])
        observation, reward, terminated, truncated, _ = env.step(action)
        steps.append((observation["text"], reward))
        done = terminated or truncated
    return steps


def test_a_seeded_single_agent_env_game_is_reproducible():
    assert _trajectory(11) == _trajectory(11)
    assert _trajectory(11) != _trajectory(12)
