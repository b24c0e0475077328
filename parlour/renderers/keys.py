"""Overcooked's keys: which key is which action, and the queue a real-time chef's presses go in.

As in the overcooked_ai web demo (``src/overcooked_demo/server/game.py``: each key press is put in
the player's action queue, and every tick takes one action from it, ``STAY`` when it is empty),
every press is one move: three presses within a tick are three moves, on the next three ticks.
A move key held down repeats at the tick rate (the demo gets this from the browser's key
repeat); interact does not repeat, so a held space bar does not pick an item up and put it
down again on alternate ticks.
"""

from __future__ import annotations

from collections import deque

import pygame

STAY = "[stay]"
INTERACT = "[interact]"
#: Arrows and WASD move, space and E interact.
KEY_ACTIONS = {
    pygame.K_UP: "[north]",
    pygame.K_w: "[north]",
    pygame.K_DOWN: "[south]",
    pygame.K_s: "[south]",
    pygame.K_RIGHT: "[east]",
    pygame.K_d: "[east]",
    pygame.K_LEFT: "[west]",
    pygame.K_a: "[west]",
    pygame.K_SPACE: INTERACT,
    pygame.K_e: INTERACT,
}
#: The keys that also act in a typed turn (``--turns``), where letters are for typing.
TURN_KEYS = {
    pygame.K_UP: "[north]",
    pygame.K_DOWN: "[south]",
    pygame.K_RIGHT: "[east]",
    pygame.K_LEFT: "[west]",
    pygame.K_SPACE: INTERACT,
}
#: The most presses waiting for their ticks; more are dropped (a second and more of moves
#: queued would leave the chef walking long after the person stopped pressing).
MAX_QUEUED = 8


def turn_key_action(event: pygame.event.Event, legal: list[str], typed: str) -> str | None:
    """The action an arrow key (or space) gives in a typed turn: only while nothing is typed,
    and only when the turn offers that action (Overcooked played with ``--turns``)."""
    if event.type != pygame.KEYDOWN or typed:
        return None
    action = TURN_KEYS.get(event.key)
    return action if action in legal else None


class KeyQueue:
    """The presses of one person's chef, turned into one action a tick.

    Feed it every ``KEYDOWN`` and ``KEYUP`` (:meth:`handle`) and take one action a tick
    (:meth:`next_action`): the oldest waiting press, else the newest move key still held
    (repeating), else ``[stay]``.
    """

    def __init__(self, max_queued: int = MAX_QUEUED) -> None:
        self.max_queued = max_queued
        self.queue: deque[str] = deque()
        self.held: dict[int, str] = {}  # move keys down now, in the order they went down

    def handle(self, event: pygame.event.Event) -> bool:
        """Take a key event; whether it was one of the chef's keys."""
        if event.type == pygame.KEYUP:
            return self.held.pop(event.key, None) is not None
        if event.type != pygame.KEYDOWN or event.key not in KEY_ACTIONS:
            return False
        if event.key in self.held:
            return True  # the system's own key repeat: holding is handled at the tick rate
        action = KEY_ACTIONS[event.key]
        if action != INTERACT:
            self.held[event.key] = action
        if len(self.queue) < self.max_queued:
            self.queue.append(action)
        return True

    def next_action(self) -> str:
        """This tick's action (and the press it used is spent)."""
        if self.queue:
            return self.queue.popleft()
        if self.held:
            return next(reversed(self.held.values()))  # the newest key held down repeats
        return STAY

    def release_all(self) -> None:
        """Forget held keys (the window lost the focus, so their key-ups will not come)."""
        self.held.clear()

    def clear(self) -> None:
        """Forget everything (the game paused or ended)."""
        self.queue.clear()
        self.held.clear()
