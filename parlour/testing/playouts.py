"""Seeded games of scripted agents stopped part-way: a state to draw or inspect, shared by the
docs' screenshots (``tools/screenshots.py``) and the picture tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parlour.agents import make_agent
from parlour.core.match import Match
from parlour.core.seeding import agent_seed
from parlour.registry import make


def scripted_match(
    env_id: str, stop: Callable[[Match[Any], int], bool], seed: int = 1, **config: Any
) -> Match[Any]:
    """The match of a seeded game of scripted agents, stopped before the first AEC step at which
    ``stop(match, steps_so_far)`` holds (or at its end)."""
    env = make(env_id, **config)
    env.reset(seed=seed)
    agents = {}
    for index, seat in enumerate(env.possible_agents):
        agents[seat] = make_agent("scripted")
        agents[seat].reset(seat, agent_seed(seed, index), env.unwrapped.seat_view(seat))
    for count, seat in enumerate(env.agent_iter()):
        if stop(env.unwrapped.match, count):
            break
        observation, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else agents[seat].act(observation, info))
    return env.unwrapped.match
