"""Agent spec strings -> agents: ``random``, ``scripted``, ``human``, ``openai:<model>``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from parlour.agents.base import Agent
from parlour.agents.human import HumanAgent
from parlour.agents.random_agent import RandomAgent
from parlour.agents.scripted import ScriptedAgent
from parlour.core.errors import ConfigError
from parlour.core.seeding import agent_seed
from parlour.registry import make


def _openai_agent(model: str = "", **options: Any) -> Agent:
    from parlour.agents.openai_agent import OpenAIAgent

    return OpenAIAgent(model, **options)


_FACTORIES: dict[str, Callable[..., Agent]] = {
    "random": RandomAgent,
    "scripted": ScriptedAgent,
    "human": HumanAgent,
    "openai": _openai_agent,
}


def register_agent(kind: str, factory: Callable[..., Agent]) -> None:
    """Make ``kind`` (or ``kind:<arg>``) a valid spec; ``factory(arg=..., **options)`` builds it."""
    _FACTORIES[kind] = factory


def agent_kinds() -> list[str]:
    return sorted(_FACTORIES)


def make_agent(spec: str | Agent, **options: Any) -> Agent:
    """Build an agent from a spec string such as ``"random"`` or ``"scripted"``.

    Specs of the form ``kind:arg`` pass ``arg`` to the factory (``openai:<model>`` uses this).
    An Agent instance is returned as it is.

    Example:
        >>> make_agent("random").name
        'random'
    """
    if not isinstance(spec, str):
        if isinstance(spec, Agent):
            return spec
        raise ConfigError(
            f"an agent spec must be a str or an Agent, actual type: {type(spec).__name__}"
        )
    kind, _, arg = spec.strip().partition(":")
    factory = _FACTORIES.get(kind)
    if factory is None:
        raise ConfigError(f"unknown agent spec {spec!r}; known kinds: {', '.join(agent_kinds())}")
    if arg:
        return factory(arg, **options)
    return factory(**options)


def check_agent(
    spec: str, options: Mapping[str, Any], games: Sequence[tuple[str, Mapping[str, Any]]]
) -> None:
    """Build the agent of ``spec`` with ``options`` and seat it once in each of ``games``.

    Settings that cannot work (an unknown option, a strategy the game's bot lacks, an
    ``openai:`` seat with no key and no server) would otherwise fail every game of a tournament
    one by one; checked here, they are one error before any game starts.

    Args:
        spec: an agent spec string such as ``"scripted"`` or ``"openai:gpt-4o-mini"``.
        options: the agent's keyword options.
        games: ``(env_id, config)`` pairs the agent will play; each env is built and reset once.

    Raises:
        ConfigError: naming the spec, the game and what is wrong.

    Example:
        >>> check_agent("scripted", {"strategy": "value"}, [("auction_v0", {})])
        >>> check_agent("scripted", {"strategy": "psychic"}, [("auction_v0", {})])
        Traceback (most recent call last):
        ...
        parlour.core.errors.ConfigError: scripted cannot play auction_v0: strategy must be one of value, truthful, rule, budget, random, actual value: 'psychic'
    """  # noqa: E501 - a doctest's expected line
    try:
        agent = make_agent(spec, **options)
    except (TypeError, ValueError) as error:  # ConfigError is a ValueError
        raise ConfigError(f"{spec}: {_option_problem(error)}") from None
    for env_id, config in games:
        env = make(env_id, **config)
        env.reset(seed=0)
        seat = env.possible_agents[0]
        try:
            agent.reset(seat, agent_seed(0, 0), env.unwrapped.seat_view(seat))
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{spec} cannot play {env_id}: {_option_problem(error)}") from None


def _option_problem(error: Exception) -> str:
    """``unknown option 'x'`` for Python's unexpected-keyword TypeError, else the error itself."""
    found = re.search(r"unexpected keyword argument '(\w+)'", str(error))
    return f"unknown option {found.group(1)!r}" if found else str(error)
