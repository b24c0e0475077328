"""Saved games played again: :func:`replay_game` (the env at the end) and :func:`show_replay`
(a window the person steers).

The window plays the moves at a pace the person sets and stays open on the last move until they
close it:

====================  ====================================================
space                 pause / play (at the end: play again from the start)
right / left arrow    one move forward / back (and pause)
up / down arrow       faster / slower (x2 or /2, from 1/4 to 64 moves a second)
Home / End            the first / the last move
R                     the result, over the last move (on and off)
Q, Escape             close (as the window's close button does)
====================  ====================================================
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pygame

from parlour.renderers.base import GOD
from parlour.renderers.saved import read_game, replay, replayed
from parlour.renderers.session import FPS, Closed, Feed, _Window

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
KEYS_HELP = "space pause, arrows step/speed, R result, Q quit"


def replay_game(path: str | Path) -> Any:
    """Play a saved game's actions again; returns the env at the end (same seed, same game).

    The file is checked first, field by field (see :mod:`parlour.renderers.saved`).
    """
    return replay(read_game(path), str(path))


class Playback:
    """The state of a replay window: which move is shown, playing or paused, and how fast.

    Moves are played forward on one env; a step back plays the game again from the start to the
    move before (games are short, and the rules keep no undo)."""

    def __init__(self, record: dict[str, Any], where: str, fps: float, viewer: str = GOD) -> None:
        self.record, self.where, self.viewer = record, where, viewer
        self.total = len(record["actions"])
        self.speed = min(SPEEDS, key=lambda s: abs(s - fps))
        self.playing = True
        self.show_result = False
        self._restart()

    def _restart(self) -> None:
        self._steps = replayed(self.record, self.where)
        self.env = next(self._steps)
        self.move = 0

    def go_to(self, move: int) -> None:
        """Show the game after ``move`` actions (played again from the start to go back)."""
        move = max(0, min(move, self.total))
        if move < self.move:
            self._restart()
        while self.move < move:
            self.env = next(self._steps)
            self.move += 1

    @property
    def at_end(self) -> bool:
        return self.move >= self.total

    def advance(self) -> None:
        """One move forward while playing; on the last move it stops, shows the result and
        stays."""
        if self.playing and not self.at_end:
            self.go_to(self.move + 1)
            self.show_result = self.at_end
        if self.at_end:
            self.playing = False

    def key(self, key: int) -> bool:
        """Apply a key; False for the keys that close the window."""
        if key in (pygame.K_q, pygame.K_ESCAPE):
            return False
        if key == pygame.K_SPACE:
            if self.at_end and not self.playing:
                self.go_to(0)
            self.playing = not self.playing
        elif key in (pygame.K_RIGHT, pygame.K_PERIOD):
            self.playing = False
            self.go_to(self.move + 1)
        elif key in (pygame.K_LEFT, pygame.K_COMMA):
            self.playing = False
            self.go_to(self.move - 1)
        elif key in (pygame.K_UP, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.speed = SPEEDS[min(SPEEDS.index(self.speed) + 1, len(SPEEDS) - 1)]
        elif key in (pygame.K_DOWN, pygame.K_MINUS, pygame.K_KP_MINUS):
            self.speed = SPEEDS[max(SPEEDS.index(self.speed) - 1, 0)]
        elif key == pygame.K_HOME:
            self.go_to(0)
        elif key == pygame.K_END:
            self.go_to(self.total)
        elif key == pygame.K_r:
            self.show_result = not self.show_result
            return True
        self.show_result = self.show_result and self.at_end
        return True

    def result_view(self) -> tuple[Any, str]:
        """The match and viewer the result screen draws."""
        return self.env.unwrapped.match, self.viewer

    def state(self) -> tuple[Any, ...]:
        """What the window shows (it is drawn again only when this changes)."""
        return self.move, self.playing, self.speed, self.show_result

    def status(self) -> str:
        state = "end" if self.at_end else "playing" if self.playing else "paused"
        speed = f"{self.speed:g}" if self.speed >= 1 else f"1/{round(1 / self.speed)}"
        return f"replay {self.move}/{self.total} {state} {speed}/s  |  {KEYS_HELP}"


def show_replay(
    path: str | Path,
    viewer: str = GOD,
    fps: float = 4.0,
    feed: Feed | None = None,
    until_closed: bool = True,
) -> int:
    """Play a saved game back in a window the person steers (see the module's keys); returns
    the frames drawn. It stays open on the last move until closed (``until_closed=False``, or a
    hidden display nobody can close: it returns there instead)."""
    record = read_game(path)
    play = Playback(record, str(path), fps, viewer)
    window = _Window(record["env_id"], feed, headless=False)
    window.frame.keys = ""  # (the status line lists a replay's own keys)
    until_closed = until_closed and (window.watched or feed is not None)
    due, shown = time.monotonic(), None
    try:
        while True:
            for event in window.events(play):
                if event.type == pygame.KEYDOWN and not play.key(event.key):
                    return window.frames
            due = _advance(play, due, window.watched)
            if play.state() != shown:
                shown = play.state()
                _draw(window, play, viewer)
            elif window.watched:
                window.clock.tick(FPS)
            if play.at_end and not play.playing and not until_closed:
                return window.frames
    except Closed:
        return window.frames
    finally:
        window.close()


def _advance(play: Playback, due: float, watched: bool) -> float:
    """Play the moves due by now (several a frame above the frame rate; one a loop where
    nobody watches); returns when the next move is due."""
    now = time.monotonic()
    if not play.playing:
        return now
    if not watched:
        play.advance()
        return now
    while play.playing and now >= due:
        play.advance()
        due += 1.0 / play.speed
    return max(due, now - 1.0 / FPS)  # (a late frame does not bring a burst of moves)


def _draw(window: _Window, play: Playback, viewer: str) -> None:
    match = play.env.unwrapped.match
    window.show(match, viewer, None, play.status())
    if play.show_result:
        window.result_screen(play.env.unwrapped.metrics(), play, wait=False)
