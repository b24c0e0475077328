"""Agent spec strings -> agents: ``random``, ``scripted``, ``human``, ``openai:<model>``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parlour.agents.base import Agent
from parlour.agents.human import HumanAgent
from parlour.agents.random_agent import RandomAgent
from parlour.agents.scripted import ScriptedAgent
from parlour.core.errors import ConfigError


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
