"""The one rule every picture follows: draw from what the viewer may know.

A picture (:class:`parlour.renderers.picture.Picture`) draws the game area of the frame for a
viewer, ``"god"`` or an agent id. It reads the event log through :func:`visible_events` (every
event for the god view, only the viewer's for a player) and the rules' public state; it never
reads a secret of someone else. The tests check this with twin games that differ only in a
secret, requiring pixel-identical frames from every seat it is hidden from.
"""

from __future__ import annotations

from typing import Any

from parlour.core.events import Event

GOD = "god"


def visible_events(match: Any, viewer: str) -> list[Event]:
    """The events ``viewer`` may read (all of them for the god view), oldest first."""
    log = match.rules.events
    return list(log) if viewer == GOD else log.visible_since(viewer, 0)


def last_of(events: list[Event], *kinds: str) -> Event | None:
    """The newest event of one of ``kinds``."""
    for event in reversed(events):
        if event.kind in kinds:
            return event
    return None


def since_last(events: list[Event], *markers: str) -> list[Event]:
    """The events after the newest event of one of ``markers`` (all events when there is none)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].kind in markers:
            return events[index + 1 :]
    return events
