"""Whole games: :func:`play_game`, and :func:`aplay_game` for asyncio (I/O-bound agents)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from parlour.agents.base import Agent
from parlour.agents.specs import make_agent
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.match import Match
from parlour.core.seeding import agent_seed
from parlour.registry import make, make_parallel

AgentsArg = Sequence[Agent | str] | Mapping[AgentId, Agent | str]


@dataclass
class GameResult:
    """The outcome of one game.

    Attributes:
        env_id: the game played.
        seed: the game's seed (replaying it with the same agents gives the same game).
        agents: seat -> agent name.
        rewards: seat -> total reward over the game.
        metrics: the game's metrics.
        transcript: every event with its visibility (JSON data).
        steps: actions applied.
        llm_calls: seat -> the call records of LLM agents (see ``parlour.llm.CallRecord``).
    """

    env_id: str
    seed: int
    agents: dict[AgentId, str]
    rewards: dict[AgentId, float]
    metrics: dict[str, Any]
    transcript: list[dict[str, Any]]
    steps: int
    llm_calls: dict[AgentId, list[dict[str, Any]]] = field(default_factory=dict)
    _match: Match[Any] | None = field(default=None, repr=False, compare=False)

    def transcript_text(self, view: str = "god") -> str:
        """The game as text from ``view``: ``"god"`` or an agent id."""
        if self._match is None:
            raise ConfigError("this result holds no game to render")
        return self._match.transcript_text(view)


def opponent_specs(
    possible: Sequence[AgentId], seat: AgentId | None, opponents: Sequence[str]
) -> dict[AgentId, str]:
    """Agent specs for every seat but a person's ``seat`` (None: every seat), in seat order;
    the last spec given repeats, and no spec at all means ``scripted``."""
    if seat is not None and seat not in possible:
        raise ConfigError(f"seat must be one of {', '.join(possible)}, actual value: {seat!r}")
    pool = list(opponents) or ["scripted"]
    others = [s for s in possible if s != seat]
    return {s: pool[min(i, len(pool) - 1)] for i, s in enumerate(others)}


def _seat_agents(possible: list[AgentId], agents: AgentsArg) -> dict[AgentId, Agent]:
    if isinstance(agents, Mapping):
        missing = sorted(set(possible) - set(agents))
        extra = sorted(set(agents) - set(possible))
        if missing or extra:
            raise ConfigError(
                f"agents must cover exactly the seats {possible}; "
                f"missing {missing}, unknown {extra}"
            )
        return {a: make_agent(agents[a]) for a in possible}
    if isinstance(agents, str) or len(agents) != len(possible):
        raise ConfigError(
            f"expected {len(possible)} agents (one per seat: {', '.join(possible)}), "
            f"got {1 if isinstance(agents, str) else len(agents)}"
        )
    return {seat: make_agent(spec) for seat, spec in zip(possible, agents, strict=True)}


def _start(
    env_id: str, agents: AgentsArg, seed: int | None, config: dict[str, Any]
) -> tuple[Any, dict[AgentId, Agent]]:
    env = make(env_id, **config)
    env.reset(seed=seed)
    seats = _seat_agents(list(env.possible_agents), agents)
    game_seed = env.unwrapped.game_seed
    for index, (seat, agent) in enumerate(seats.items()):
        agent.reset(seat, agent_seed(game_seed, index), env.unwrapped.seat_view(seat))
    return env, seats


def _result(
    env: Any, seats: dict[AgentId, Agent], returns: dict[AgentId, float], steps: int
) -> GameResult:
    unwrapped = env.unwrapped
    return GameResult(
        env_id=unwrapped.game.env_id,
        seed=unwrapped.game_seed,
        agents={seat: agent.name for seat, agent in seats.items()},
        rewards=returns,
        metrics=unwrapped.metrics(),
        transcript=unwrapped.transcript(),
        steps=steps,
        llm_calls={
            seat: [record.to_json() for record in agent.records]
            for seat, agent in seats.items()
            if hasattr(agent, "records")
        },
        _match=unwrapped.match,
    )


def play_game(env_id: str, agents: AgentsArg, seed: int | None = None, **config: Any) -> GameResult:
    """Play one whole game of ``env_id`` and return its result.

    Args:
        env_id: a registered id (see :func:`parlour.list_envs`).
        agents: one agent or spec string per seat, as a list in seat order or a dict by agent id.
        seed: fixes the game (and the agents' own randomness); None draws one.
        **config: options of the game (and of the env, such as ``on_invalid``).

    Example:
        >>> r = play_game("who_is_spy_v0", ["random"] * 4, seed=3, num_players=4)
        >>> r.seed, len(r.rewards)
        (3, 4)
    """
    env, seats = _start(env_id, agents, seed, config)
    returns = dict.fromkeys(seats, 0.0)
    steps = 0
    for seat in env.agent_iter():
        observation, reward, terminated, truncated, info = env.last()
        returns[seat] += float(reward)
        if terminated or truncated:
            env.step(None)
            continue
        env.step(seats[seat].act(observation, info))
        steps += 1
    return _result(env, seats, returns, steps)


async def aplay_game(
    env_id: str, agents: AgentsArg, seed: int | None = None, **config: Any
) -> GameResult:
    """:func:`play_game` for asyncio, through the Parallel API: players who act at the same time
    (ballots, bids) are asked concurrently, and many games can share one event loop.

    Each player sees exactly what it would see in :func:`play_game`, so the same seed and agents
    give the same game.
    """
    env = make_parallel(env_id, **config)
    observations, infos = env.reset(seed=seed)
    seats = _seat_agents(list(env.possible_agents), agents)
    for index, (seat, agent) in enumerate(seats.items()):
        agent.reset(seat, agent_seed(env.game_seed, index), env.seat_view(seat))
    returns = dict.fromkeys(seats, 0.0)
    steps = 0
    try:
        while env.agents:
            acting = [a for a in env.agents if infos[a].get("acting")]
            actions = await asyncio.gather(
                *(seats[a].aact(observations[a], infos[a]) for a in acting)
            )
            observations, rewards, _, _, infos = env.step(dict(zip(acting, actions, strict=True)))
            for seat, reward in rewards.items():
                returns[seat] += float(reward)
            steps += len(acting)
    finally:  # async HTTP clients belong to this event loop: close them while it runs
        await asyncio.gather(*(a.aclose() for a in seats.values() if hasattr(a, "aclose")))
    return _result(env, seats, returns, steps)
