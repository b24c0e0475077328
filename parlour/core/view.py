"""What one seat may know, as an object an agent can hold: :class:`SeatView`.

``play_game`` hands each agent its seat's view in ``agent.reset(seat, seed, view)``; scripted bots
read it instead of parsing text. The view holds copies, never a handle: the running game *pushes*
each event the seat may read into the view as it is logged (a frozen copy, numbered 0, 1, 2... in
the order the seat could see them, without the global step or the phase it was logged in), and
games without hidden state push an immutable snapshot of what the seat sees. No attribute of a
view, nor of anything it holds, leads to the env, the rules, the event log or the match, so an
agent cannot read more through it than its own observation says.

(Code in the same Python process can always search the heap with ``gc``; the view's promise is
that it offers no path, not that the process is a sandbox. Seats that must be isolated run in
another process, as tournament workers do.)
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, NamedTuple

from parlour.core.events import AgentId, EventLog


class SeatEvent(NamedTuple):
    """One event as a seat sees it.

    Attributes:
        index: the seat-local number: 0 for the first event the seat could read, then 1, 2...
        kind: what happened, as the game's plain string (``"deal"``, ``"speech"``...).
        data: the event's details, frozen (mappings are read-only, lists are tuples).
    """

    index: int
    kind: str
    data: Mapping[str, Any]


class SeatView:
    """One seat's own events and, in games without hidden state, what it sees now.

    Made by ``env.unwrapped.seat_view(agent)`` for the game in progress (a new game, after
    ``reset``, needs a new view). ``len(view)`` counts this seat's events only.

    Example:
        >>> import parlour
        >>> env = parlour.make("who_is_spy_v0", num_players=4)
        >>> env.reset(seed=0)
        >>> view = env.unwrapped.seat_view("player_1")
        >>> [(e.index, e.kind) for e in view.events()][:2]
        [(0, 'deal'), (1, 'round_start')]
    """

    __slots__ = ("__weakref__", "_events", "_state", "agent", "env_id", "players")

    def __init__(self, env_id: str, agent: AgentId, players: Iterable[AgentId]) -> None:
        self.env_id = env_id
        self.agent = agent
        self.players: tuple[AgentId, ...] = tuple(players)
        self._events: list[tuple[str, Mapping[str, Any]]] = []  # (kind, frozen data), in order
        self._state: Any = None

    def events(self, start: int = 0) -> list[SeatEvent]:
        """This seat's events from seat-local index ``start`` on, oldest first."""
        if start < 0:  # counted from the end, as in a list slice
            start = max(0, len(self._events) + start)
        return [
            SeatEvent(index, kind, data)
            for index, (kind, data) in enumerate(self._events[start:], start)
        ]

    def __len__(self) -> int:
        return len(self._events)

    def log_length(self) -> int:
        """The number of this seat's events (``len(view)``; kept for bots written against the
        old ``PlayerView``, whose count included other seats' private events)."""
        return len(self._events)

    def state(self) -> Any:
        """An immutable snapshot of what the seat sees now, in games without hidden state
        (Overcooked's kitchen); None in games whose bots read the events."""
        return self._state

    def __repr__(self) -> str:
        return f"SeatView({self.env_id!r}, {self.agent!r}, events={len(self._events)})"


class ViewFeed:
    """The pushing side, held by a running match: copies each new event into the views of the
    seats that may read it, and refreshes state snapshots. The views are held weakly, so a view
    refers to nothing and nothing keeps a dropped view alive."""

    __slots__ = ("_pushed", "_refs", "_snapshots")

    def __init__(self) -> None:
        self._refs: dict[AgentId, list[weakref.ref[SeatView]]] = {}
        self._pushed = 0  # events of the log already pushed
        self._snapshots = False  # whether the game hands out state snapshots

    def __bool__(self) -> bool:
        return bool(self._refs)

    def attach(self, view: SeatView, log: EventLog, snapshot: Callable[[AgentId], Any]) -> None:
        """Start feeding ``view``: it gets every event logged so far that its seat may read and
        the seat's snapshot (``snapshot(seat)``, None in games with hidden state)."""
        self.push(log, snapshot)  # the views already fed are brought up to date first
        agent = view.agent
        for event in log:
            if event.visible_to.__class__ is str or agent in event.visible_to:
                _receive(view, event.kind, freeze(event.data))
        state = view._state = snapshot(agent)
        self._snapshots = self._snapshots or state is not None
        self._refs.setdefault(agent, []).append(weakref.ref(view))
        self._pushed = len(log)

    def push(self, log: EventLog, snapshot: Callable[[AgentId], Any]) -> None:
        """Feed the events logged since the last push and, where the game hands out state, the
        snapshot made by ``snapshot(seat)``."""
        refs = self._refs
        if len(log) > self._pushed:
            for event in log.since(self._pushed):
                seats = refs if event.visible_to.__class__ is str else event.visible_to
                copy = None
                for seat in seats:
                    targets = refs.get(seat)
                    if targets:
                        if copy is None:  # frozen once, shared by every reader
                            copy = (_plain_kind(event.kind), freeze(event.data))
                        for ref in targets:
                            view = ref()
                            if view is not None:
                                view._events.append(copy)
            self._pushed = len(log)
        if self._snapshots:
            for seat, targets in refs.items():
                state = snapshot(seat)
                for ref in targets:
                    view = ref()
                    if view is not None:
                        view._state = state


def _receive(view: SeatView, kind: Any, data: Mapping[str, Any]) -> None:
    view._events.append((_plain_kind(kind), data))


def _plain_kind(kind: Any) -> str:
    return kind._value_ if isinstance(kind, Enum) else kind  # type: ignore[no-any-return]


def freeze(value: Any) -> Any:
    """A read-only deep copy of event data: mappings become read-only mappings, lists and tuples
    tuples, sets frozensets, enum members their plain values; other values are kept (event data
    is JSON-like: strings, numbers, None)."""
    cls = value.__class__
    if cls is dict:  # (the common cases first, and atoms copied without a call: pushing runs
        # on every step of a game with views)
        return MappingProxyType(
            {k: v if v.__class__ in _ATOMS else freeze(v) for k, v in value.items()}
        )
    if cls is list or cls is tuple:
        return tuple([v if v.__class__ in _ATOMS else freeze(v) for v in value])
    if cls in _ATOMS:
        return value
    if isinstance(value, Enum):
        return value._value_
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(map(freeze, value))
    if isinstance(value, (set, frozenset)):
        return frozenset(map(freeze, value))
    return value


_ATOMS = frozenset({str, int, float, bool, type(None)})
