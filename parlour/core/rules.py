"""The contract every game's rules implement: a pure, seeded state machine with an event log.

Rules know nothing of PettingZoo, spaces or prose. The adapter (:mod:`parlour.core.match`) asks who
acts, what is legal, applies parsed typed actions, and reads scores and the event log.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

import numpy as np

from parlour.core.actions import Legal
from parlour.core.events import PUBLIC, AgentId, EventLog, Payload, Visibility

A = TypeVar("A")
T = TypeVar("T")


class GameRules(ABC, Generic[A]):
    """Base class of a game's rules.

    Subclasses own the whole state. They draw every random choice from ``self.rng`` (never from
    global ``random``/``np.random``) and record everything that happens in ``self.events``.

    Attributes:
        players: the agent ids in seat order, ``player_0 ... player_{n-1}``.
        seat_of: each player's seat number, its index in ``players``.
        rng: the game's only source of chance, seeded by the env's ``reset(seed=...)``.
        events: the game's event log.
        step_count: how many actions were applied; advances on every :meth:`apply`.
    """

    def __init__(self, players: Sequence[AgentId], rng: np.random.Generator) -> None:
        self.players: tuple[AgentId, ...] = tuple(players)
        self.seat_of: dict[AgentId, int] = {p: i for i, p in enumerate(self.players)}
        self.rng = rng
        self.events = EventLog()
        self.step_count = 0

    def log(self, payload: Payload, visible_to: Visibility | Iterable[AgentId] = PUBLIC) -> None:
        """Record an event of the current step and phase: a typed payload,
        ``self.log(Vote(...), visible_to={agent})`` (``visible_to``: ``"all"`` or the ids of the
        players who may read it)."""
        self.events.append(self.step_count, self.phase, payload.kind, payload, visible_to)

    @property
    @abstractmethod
    def phase(self) -> str:
        """The current phase, a ``str`` enum value of the game."""

    @abstractmethod
    def acting(self) -> list[AgentId]:
        """The players who must act now, in seat order (several on simultaneous turns)."""

    @abstractmethod
    def legal(self, agent: AgentId) -> Legal[A]:
        """What ``agent`` may do now; only called for acting players."""

    def check(self, agent: AgentId, action: A) -> None:
        """Refuse a well-formed action the rules forbid, by raising ``IllegalAction``.

        ``legal`` already limits the forms and number ranges; this hook is for semantic limits
        such as a description that contains the speaker's own secret word. The adapter calls it
        after parsing, on every step of a game that overrides it, so bounds that ``legal``
        already enforces belong in ``apply``'s own guard, not here. The default accepts
        everything.
        """

    @abstractmethod
    def apply(self, agent: AgentId, action: A) -> None:
        """Apply a legal action of an acting player; appends events and advances the state."""

    @abstractmethod
    def is_terminal(self) -> bool:
        """Whether the game has ended by its rules (a win, a loss, a draw)."""

    @abstractmethod
    def is_truncated(self) -> bool:
        """Whether the game was cut off by a horizon limit before it ended by its rules."""

    @abstractmethod
    def scores(self) -> dict[AgentId, float]:
        """Each player's payoff so far; the env pays out the differences as rewards (compared
        by value: a new dict each call is fine)."""

    @abstractmethod
    def metrics(self) -> dict[str, Any]:
        """Game statistics: outcome, per-role results, vote accuracy and so on (JSON data)."""

    def agent_info(self, agent: AgentId) -> dict[str, Any] | None:
        """Game facts for ``agent``'s ``infos`` entry beside the turn info (for example
        Overcooked's events and reward attribution of the last step); None when there are none."""
        return None

    def observed_state(self, viewer: AgentId) -> Any:
        """The state ``viewer`` sees, for scripted bots of games without hidden state (Overcooked
        hands out its kitchen); None for games whose bots must read the event log."""
        return None

    def hidden_from(self, viewer: AgentId) -> set[str]:
        """Secret strings ``viewer`` must not be able to read at this moment (for leak tests).

        Games return, for example, the other side's word or role names of unrevealed players.
        Player speech is excluded from the check: players may say anything.
        """
        return set()

    def check_invariants(self) -> None:
        """Raise ``InvariantViolation`` if the state is inconsistent. Tests call it every step."""
