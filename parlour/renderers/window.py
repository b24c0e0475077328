"""The display: opening it (or saying why there is none), and the ``human`` render mode's window.

:func:`open_display` is how every Parlour window starts. It leaves ``SIGINT`` and ``SIGTERM`` to
Python (SDL would otherwise turn ``SIGTERM`` into a window-close event that a busy program never
reads), and it refuses a display nobody can see: without ``DISPLAY`` SDL silently falls back to
its invisible ``offscreen`` driver, where a game waiting for a person would wait forever.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from parlour.core.errors import ParlourError

if TYPE_CHECKING:
    from parlour.renderers.frame import Frame

#: What to do without a display: for ``render_mode="human"``, and for a person's game.
RENDER_ADVICE = "draw frames with render_mode='rgb_array' instead, or run under Xvfb"
PLAY_ADVICE = "run it where a screen is (or under Xvfb), or play in the terminal with --terminal"
#: SDL's video drivers that show nothing on any screen.
HIDDEN_DRIVERS = ("dummy", "offscreen")


class NoDisplay(ParlourError):
    """There is no screen to open a window on: ``reason``, and what to do instead."""

    def __init__(self, reason: str, advice: str = "") -> None:
        super().__init__(f"{reason}; {advice}" if advice else reason)
        self.reason = reason


class WindowClosed(KeyboardInterrupt):
    """The person closed the ``render_mode="human"`` window: stop, as Ctrl-C would.

    A :class:`KeyboardInterrupt`, so a script that stops cleanly on Ctrl-C stops cleanly here too
    (and ``except Exception`` in a training loop does not swallow it)."""


def open_display(
    size: tuple[int, int] | Callable[[], tuple[int, int]],
    caption: str,
    person: bool = False,
    advice: str = "",
    resizable: bool = False,
) -> pygame.Surface:
    """Open the window (``pygame.display.set_mode``), or raise :class:`NoDisplay` saying why not.

    Args:
        size: the window's size in pixels, or a function that gives it once the display is
            open (the screen's size is known only then).
        caption: its title.
        person: whether a person must answer in it. A hidden driver chosen on purpose
            (``SDL_VIDEODRIVER=dummy`` for tests and headless recording) is fine for a window
            only watched; a person can never answer one, so it is refused then.
        advice: what to do instead, added to the :class:`NoDisplay` message.
        resizable: whether the person may resize the window.
    """
    chosen = os.environ.get("SDL_VIDEODRIVER", "").lower()
    if not chosen and _needs_display_variable():
        raise NoDisplay("no display to open a window on (DISPLAY is not set)", advice)
    # SDL takes over SIGINT and SIGTERM unless told not to: leave both to Python
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    try:
        pygame.display.init()
    except pygame.error as error:
        raise NoDisplay(f"no display to open a window on ({error})", advice) from None
    driver = pygame.display.get_driver()
    if driver in HIDDEN_DRIVERS and (person or chosen not in HIDDEN_DRIVERS):
        pygame.display.quit()
        why = f"SDL_VIDEODRIVER={chosen}" if chosen else f"SDL found only {driver!r}"
        if person:
            why += ", which nobody can see to answer"
        raise NoDisplay(f"no display to open a window on ({why})", advice)
    try:
        size = size() if callable(size) else size
        surface = pygame.display.set_mode(size, pygame.RESIZABLE if resizable else 0)
    except pygame.error as error:
        pygame.display.quit()
        raise NoDisplay(f"could not open a window ({error})", advice) from None
    pygame.display.set_caption(caption)
    return surface


def _needs_display_variable() -> bool:
    """On X11 and Wayland systems (not macOS or Windows), whether no display is named."""
    if sys.platform in ("darwin", "win32", "cygwin") or sys.platform.startswith("emscripten"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def closed(events: list[pygame.event.Event]) -> bool:
    """Whether ``events`` hold the window's close button (or a quit request from the system)."""
    return any(event.type == pygame.QUIT for event in events)


class Window:
    """Draws a frame: ``array`` for ``rgb_array``, ``show`` in a ``human`` window.

    The window's close button raises :class:`WindowClosed` from the ``render()`` (or ``step``)
    that sees it, after the window is gone; Ctrl-C and ``SIGTERM`` act as in any Python program.
    """

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self._window: pygame.Surface | None = None
        self._clock: pygame.time.Clock | None = None

    def array(self, match: Any, viewer: str) -> np.ndarray:
        from parlour.renderers.frame import to_array

        return to_array(self.frame.draw(match, viewer))

    def show(self, match: Any, viewer: str, fps: int) -> None:
        if self._window is None:
            caption = f"Parlour - {self.frame.env_id}"
            self._window = open_display(self.frame.size, caption, advice=RENDER_ADVICE)
            self._clock = pygame.time.Clock()
        if closed(pygame.event.get()):  # reading the events keeps the window responsive
            self.close()
            raise WindowClosed(f"the {self.frame.env_id} window was closed")
        self.frame.draw(match, viewer, surface=self._window)
        pygame.display.flip()
        if self._clock is not None and pygame.display.get_driver() not in HIDDEN_DRIVERS:
            self._clock.tick(fps)  # nobody watches a hidden display: no pacing

    def close(self) -> None:
        if self._window is not None:
            pygame.display.quit()
            self._window = None
