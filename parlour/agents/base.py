"""The Agent protocol: anything that turns an observation and its info into action text."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from parlour.core.events import AgentId

if TYPE_CHECKING:
    from parlour.core.view import SeatView


@runtime_checkable
class Agent(Protocol):
    """A player. ``act`` and ``aact`` return action text; the env parses it.

    ``reset`` is called before each game with the seat, a seed for the agent's own randomness and
    a :class:`~parlour.core.view.SeatView` (what the seat may know, for scripted bots).
    """

    name: str

    def reset(
        self, agent_id: AgentId, seed: int | None = None, view: SeatView | None = None
    ) -> None: ...

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str: ...

    async def aact(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str: ...


class BaseAgent:
    """Shared plumbing: seat, seeded generator, and ``aact`` for agents that compute locally.

    Subclasses implement :meth:`act`. Agents that wait on I/O (LLMs, people) override ``aact``.
    """

    name = "agent"

    def __init__(self) -> None:
        self.agent_id: AgentId | None = None
        self.view: SeatView | None = None
        self._rng: np.random.Generator | None = None  # made by reset, or on first use

    @property
    def rng(self) -> np.random.Generator:
        """The agent's own generator: seeded by :meth:`reset` (seed 0 before any reset)."""
        if self._rng is None:
            self._rng = np.random.default_rng(0)
        return self._rng

    @rng.setter
    def rng(self, rng: np.random.Generator) -> None:
        self._rng = rng

    def reset(
        self, agent_id: AgentId, seed: int | None = None, view: SeatView | None = None
    ) -> None:
        self.agent_id = agent_id
        self.view = view
        self._rng = np.random.default_rng(seed)

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        raise NotImplementedError  # pragma: no cover - abstract

    async def aact(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        """Local computation finishes at once; yield to the loop so concurrent games interleave."""
        await asyncio.sleep(0)
        return self.act(observation, info)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, seat={self.agent_id!r})"
