"""The event log: the single record of everything that happens in a game, with visibility.

Observations, transcripts, renders and metrics are all derived from this log, so hidden
information can be checked in one place: a player may read an event only if it is visible to them.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, ClassVar, Literal, NamedTuple

AgentId = str
#: ``"all"`` for public events, else the exact set of players who may see the event.
Visibility = frozenset[AgentId] | Literal["all"]
PUBLIC: Visibility = "all"


class Payload:
    """The base of a game's event payloads: one frozen dataclass per kind of event.

    A payload names its kind once, as a class attribute, and carries typed fields that text,
    bots and pictures read as attributes (``event.data.player``). Its fields hold immutable values
    only (tuples, frozensets, read-only mappings made with :func:`frozen_map`), so one payload
    can be handed to every seat that may read it. :func:`payload_json` is the one way to JSON.

    Example:
        >>> @dataclasses.dataclass(frozen=True, slots=True)
        ... class Speech(Payload):
        ...     kind: ClassVar[str] = "speech"
        ...     player: str
        ...     text: str
        >>> payload_json(Speech("player_1", "hello"))
        {'player': 'player_1', 'text': 'hello'}
    """

    __slots__ = ()
    kind: ClassVar[str]


#: The field metadata key naming a payload field's JSON key, where that key cannot be the
#: attribute's name (``from``, a Python keyword; ``kind``, the payload's own kind):
#: ``origin: str = field(metadata={JSON_NAME: "from"})``.
JSON_NAME = "json"


def payload_json(data: Payload | Mapping[str, Any]) -> dict[str, Any]:
    """A payload's fields (or a plain mapping) as JSON data, keyed by each field's JSON name
    (:data:`JSON_NAME`, else its own): enums to values, tuples to lists, sets to sorted lists,
    mappings to dicts with string keys."""
    if isinstance(data, Payload):
        return {
            f.metadata.get(JSON_NAME, f.name): _plain(getattr(data, f.name))
            for f in dataclasses.fields(data)  # type: ignore[arg-type]
        }
    return _plain(data)


def frozen_map(items: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> Mapping[Any, Any]:
    """A read-only mapping for a payload field (JSON keeps it a dict, in insertion order)."""
    return MappingProxyType(dict(items))


class Event(NamedTuple):
    """One thing that happened (an immutable record: a named tuple, the cheapest to build).

    Attributes:
        step: index of the action (0-based) that caused the event; set-up events have step -1.
        phase: the game phase in which it happened (a ``str`` enum value of the game).
        kind: what happened, e.g. ``"speech"`` or ``"vote_result"`` (a ``str`` enum value).
        data: JSON-serialisable details, read by the game's text module and by bots.
        visible_to: ``"all"`` or the frozenset of agent ids who may see it.
    """

    step: int
    phase: str
    kind: str
    data: Mapping[str, Any]
    visible_to: Visibility = PUBLIC

    @property
    def public(self) -> bool:
        return self.visible_to.__class__ is str  # "all"; otherwise a frozenset

    def is_visible_to(self, agent: AgentId) -> bool:
        """Whether ``agent`` may read this event."""
        return self.visible_to.__class__ is str or agent in self.visible_to

    def to_json(self) -> dict[str, Any]:
        """The event as plain JSON data; visibility as ``"all"`` or a sorted list."""
        visible: str | list[str] = PUBLIC if self.visible_to == PUBLIC else sorted(self.visible_to)
        return {
            "step": self.step,
            "phase": label(self.phase),
            "kind": label(self.kind),
            "data": payload_json(self.data),
            "visible_to": visible,
        }


class EventLog:
    """An append-only list of :class:`Event` with per-viewer iteration."""

    __slots__ = ("_events", "_latest", "_private", "_public")

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._public: list[int] = []  # indices of public events
        # indices of each agent's private events
        self._private: defaultdict[AgentId, list[int]] = defaultdict(list)
        # the index of the newest public event of each kind, and of each (kind, agent) private one
        self._latest: dict[Any, int] = {}

    def append(
        self,
        step: int,
        phase: str,
        kind: str,
        data: Mapping[str, Any] | None = None,
        visible_to: Visibility | Iterable[AgentId] = PUBLIC,
    ) -> Event:
        """Record an event and return it. ``visible_to`` may be any iterable of agent ids."""
        index = len(self._events)
        if visible_to.__class__ is str:
            if visible_to != PUBLIC:
                raise ValueError(f"visible_to must be {PUBLIC!r} or agent ids, not {visible_to!r}")
            self._public.append(index)
            self._latest[kind] = index
        else:
            visible_to = frozenset(visible_to)
            private, latest = self._private, self._latest
            for agent in visible_to:
                private[agent].append(index)
                latest[kind, agent] = index
        event = Event(step, phase, kind, {} if data is None else data, visible_to)
        self._events.append(event)
        return event

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    def since(self, start: int) -> list[Event]:
        """Events from index ``start`` on (for incremental consumers)."""
        return self._events[start:]

    def visible_since(self, agent: AgentId, start: int) -> list[Event]:
        """The events from index ``start`` on that ``agent`` may read, in order; the cost is in
        proportion to those events, not to everything logged since ``start``."""
        public = self._public
        public = public[bisect.bisect_left(public, start) :] if public else public
        mine = self._private.get(agent)
        if mine:
            mine = mine[bisect.bisect_left(mine, start) :]
            if mine:
                public = sorted(public + mine) if public else mine
        return list(map(self._events.__getitem__, public))  # (map: no comprehension frame)

    def private_since(self, agent: AgentId, start: int) -> list[int]:
        """The indices, from ``start`` on, of the events only some players may read that
        ``agent`` is one of (usually none: one lookup)."""
        mine = self._private.get(agent)
        if not mine or mine[-1] < start:
            return []
        return mine[bisect.bisect_left(mine, start) :]

    def latest(self, kind: str, agent: AgentId) -> Event | None:
        """The newest event of ``kind`` that ``agent`` may read, or None (one lookup, however
        long the log)."""
        latest = self._latest
        public, private = latest.get(kind, -1), latest.get((kind, agent), -1)
        index = public if public > private else private
        return self._events[index] if index >= 0 else None

    def visible_to(self, agent: AgentId) -> list[Event]:
        """Every event ``agent`` may read, in order."""
        return [event for event in self._events if event.is_visible_to(agent)]

    def to_json(self) -> list[dict[str, Any]]:
        """The whole log (the god view) as JSON data."""
        return [event.to_json() for event in self._events]


def label(value: Any) -> Any:
    """The plain value of an enum member (``Phase.VOTE`` -> ``"vote"``), else ``value`` itself."""
    return value._value_ if isinstance(value, Enum) else value  # _value_: .value is a slow property


def _plain(value: Any) -> Any:
    """Convert tuples, sets and enums inside event data into JSON types."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value
