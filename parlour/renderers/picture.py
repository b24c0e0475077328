"""The base of every game's picture: a game draws its area; the kit adds the frame and window.

A game's ``picture.py`` subclasses :class:`Picture` and implements :meth:`Picture.draw`, reading
only what the viewer may know (:func:`parlour.renderers.base.visible_events`). Its ``Game``
declares a loader of the class (``picture=``), called only when a frame is drawn, so text-only
use never imports pygame. The env's ``render()`` then calls :meth:`array` (``rgb_array``) or
:meth:`show` (``human``).

A play session asks a picture a few more things, each with a default that suits any game: the
quick choices of a number turn (:meth:`Picture.quick_actions`), which events are worth holding
on screen before the next phase wipes them (:attr:`Picture.moments`, :attr:`Picture.scenes`),
how the viewer left the game (:meth:`Picture.fate`) and how the game ended, in words
(:meth:`Picture.outcome`). Like the drawing, each reads only what the viewer may know.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygame

from parlour.core.events import Payload
from parlour.renderers.quick import QuickAction, number_choices
from parlour.renderers.window import Window


@dataclass(frozen=True)
class Outcome:
    """How a finished game ended, as the result screen says it.

    Attributes:
        title: who won, in words ("The village wins").
        reason: why, in a sentence ("Every werewolf is dead.").
        verdict: the viewer's own result ("You won: you were a villager."); None for the god
            view or a game without winners.
        won: whether the viewer won (colours the verdict); None when neither.
        numbers: a few headline numbers, ``(label, value as people read it)``.
    """

    title: str
    reason: str = ""
    verdict: str | None = None
    won: bool | None = None
    numbers: tuple[tuple[str, str], ...] = field(default_factory=tuple)


class Picture(ABC):
    """One game's picture; the frame around it (transcript, status bar) and the window come from
    the kit and are made on first use.

    Attributes:
        moments: events a session holds on screen when they arrive (a ballot reveal, an
            elimination), so that the next phase, logged in the same step, does not wipe them
            before anyone saw them.
        scenes: events that start a new scene of the picture (a new round, night falling): a
            held moment is drawn as the log stood before the first of them that follows it.
    """

    moments: tuple[type[Payload], ...] = ()
    #: events held briefly, and only for a person playing a seat (a spectator watches on):
    #: a Werewolf player's last words, logged in the step that starts the next phase
    seated_moments: tuple[type[Payload], ...] = ()
    scenes: tuple[type[Payload], ...] = ()

    def __init__(self) -> None:
        self._window: Window | None = None

    @abstractmethod
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        """Draw the game as ``viewer`` (``"god"`` or an agent id) may see it into ``area``."""

    def quick_actions(self, match: Any, viewer: str, spec: Any) -> list[QuickAction]:
        """One-click choices of a number turn beside its typed field: by default the bounds of
        each number (and 0, 25, 50 and 100% of a range from 0). Each is checked with the game's
        parser by the session before it is offered."""
        return number_choices(spec)

    def clock(self, match: Any, viewer: str) -> tuple[int, float] | None:
        """A descending clock ``viewer`` may let run (a Dutch auction's): the index of the item
        on the block and the clock's price now, as the viewer knows them; None where there is
        none (see :mod:`parlour.renderers.clockrun`)."""
        return None

    def fate(self, match: Any, viewer: str) -> str | None:
        """How ``viewer`` left the game ("You were exiled by the village on day 2."), as they
        may know it; None while they are in it (and in games nobody leaves)."""
        return None

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        """The end of a finished game in words, as ``viewer`` may know it; None: the session
        lists the game's metrics instead."""
        return None

    def window(self, env_id: str) -> Window:
        """The frame around this picture and the window it is shown in (opened by ``show``)."""
        if self._window is None:
            from parlour.renderers.frame import Frame

            self._window = Window(Frame(env_id, self))
        return self._window

    def array(self, match: Any, viewer: str) -> np.ndarray:
        """The whole frame as an HxWx3 uint8 array."""
        return self.window(match.env_id).array(match, viewer)

    def show(self, match: Any, viewer: str, fps: int) -> None:
        """Draw the whole frame in a window, opened on first use."""
        self.window(match.env_id).show(match, viewer, fps)

    def close(self) -> None:
        if self._window is not None:
            self._window.close()
