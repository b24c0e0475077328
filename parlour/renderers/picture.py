"""The base of every game's picture: a game draws its area; the kit adds the frame and window.

A game's ``picture.py`` subclasses :class:`Picture` and implements :meth:`Picture.draw`, reading
only what the viewer may know (:func:`parlour.renderers.base.visible_events`). Its ``Game``
declares a loader of the class (``picture=``), called only when a frame is drawn, so text-only
use never imports pygame. The env's ``render()`` then calls :meth:`array` (``rgb_array``) or
:meth:`show` (``human``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np
import pygame

from parlour.renderers.window import Window


class Picture(ABC):
    """One game's picture; the frame around it (transcript, status bar) and the window come from
    the kit and are made on first use."""

    def __init__(self) -> None:
        self._window: Window | None = None

    @abstractmethod
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        """Draw the game as ``viewer`` (``"god"`` or an agent id) may see it into ``area``."""

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
