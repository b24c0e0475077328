"""What a game view is, and the one rule every view follows: draw from what the viewer may know.

A view draws the game area of the frame for a viewer, ``"god"`` or an agent id. It reads the
event log through :func:`visible_events` (every event for the god view, only the viewer's for a
player) and the rules' public state; it never reads a secret of someone else. The tests check
this by permuting other players' secrets and requiring pixel-identical frames.
"""

from __future__ import annotations

from typing import Any, Protocol

import pygame

from parlour.core.events import Event

GOD = "god"


class GameView(Protocol):
    """Draws one game's area of the frame."""

    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        """Draw the game as ``viewer`` sees it into ``area`` of ``surface``."""
        ...


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
