"""Overcooked in real time: a person's chef and agents, while the kitchen ticks on.

The kitchen ticks at a fixed rate (6 a second by default, as the overcooked_ai demo server)
after a countdown. Each tick takes one of the person's key presses from a queue (three presses
within a tick are three moves) and repeats a held move key (:mod:`parlour.renderers.keys`); a
partner that has not answered by a tick stays (a macro order it gave keeps running meanwhile),
so a slow LLM never stalls the kitchen. P pauses. T (or /) opens the chat box, which pauses the
kitchen while the person types, as the Hierarchical Language Agent's real-time Overcooked does;
the chat goes to the partners' next observations, and a partner that keeps call records (an LLM
agent) answers with a line ``say: ...`` in its reply. Under the kitchen the window lists the
keys and the chat log, both sides' lines; the time left is in minutes and seconds. The rules
come first (any key closes them) and F1 shows them again; the kitchen waits meanwhile.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pygame

import parlour
from parlour.core.charset import sanitize_speech
from parlour.core.errors import ConfigError
from parlour.play import opponent_specs
from parlour.renderers import draw
from parlour.renderers.keys import KeyQueue
from parlour.renderers.saved import write_game
from parlour.renderers.session import FPS, Feed, _agents, _Session, _Window
from parlour.renderers.turns import Stage

#: The strip under the kitchen: the keys, and the chat log.
HUD_HEIGHT = 132
HELP = "Move: arrows or WASD    Interact: space or E    Chat: T    Pause: P"
#: The longest chat line, and the lines a partner is shown.
MAX_CHAT_CHARS, CHAT_SHOWN = 120, 6


class RealtimeSession(_Session):
    """Overcooked in real time: a person plays ``seat`` while the kitchen ticks on.

    Args:
        seat: the person's chef.
        opponents: agent specs (or agents) for the other chefs; the last one repeats.
        seed, config: the game.
        tick_rate: kitchen steps a second.
        feed: for tests, pygame events to handle each frame (see :mod:`parlour.renderers.session`).
        headless: draw offscreen (no window).
        record: save the game here (also when it ends early).
        max_ticks: stop after this many ticks (None: at the horizon).
        countdown: seconds shown counting down before the first tick.
    """

    def __init__(
        self,
        seat: str = "player_0",
        opponents: Sequence[Any] = (),
        seed: int | None = None,
        config: dict[str, Any] | None = None,
        tick_rate: float = 6.0,
        feed: Feed | None = None,
        headless: bool = False,
        record: str | Path | None = None,
        max_ticks: int | None = None,
        countdown: float = 3.0,
    ) -> None:
        if not 0 < tick_rate < math.inf:
            raise ConfigError(f"tick_rate must be > 0, actual value: {tick_rate}")
        if not 0 <= countdown < math.inf:
            raise ConfigError(f"countdown must be >= 0 seconds, actual value: {countdown}")
        self.env = parlour.make_parallel("overcooked_v0", **(config or {}))
        self.observations, self.infos = self.env.reset(seed=seed)
        self.seat, self.config, self.tick_rate = seat, dict(config or {}), tick_rate
        self.specs = opponent_specs(self.env.possible_agents, seat, opponents)
        self.agents = _agents(self.env, self.specs)
        self.viewer = seat  # (the result screen's view too)
        self.window = _Window("overcooked_v0", feed, headless, person=True)
        view = self.window.frame.view
        view.tick_rate, view.bottom_margin = tick_rate, HUD_HEIGHT
        self.keys = KeyQueue()
        self.countdown = countdown
        self.paused = False
        self.stage = Stage(seat)  # the rules: open first, F1 again (the kitchen waits)
        self.chat: str | None = None  # the line being typed, while the chat box is open
        self.messages: list[str] = []  # the person's lines, added to the partners' observations
        self.chat_log: list[tuple[str, str]] = []  # (seat, line): both sides, oldest first
        self.ticks = 0
        self.partner_moves = 0  # ticks on which a partner's own answer was applied
        self.joint_actions: list[dict[str, str]] = []
        self.record = Path(record) if record else None
        self.max_ticks = max_ticks
        self._pool = ThreadPoolExecutor(max_workers=max(1, len(self.agents)))
        self._thinking: dict[str, Future[str]] = {}
        self._records_read: dict[str, int] = {}

    # -- the loop ---------------------------------------------------------------------------------
    @property
    def waiting(self) -> bool:
        """Whether the kitchen waits for the person: paused, chatting or reading the rules."""
        return self.paused or self.chat is not None or self.stage.rules_open

    def _play(self) -> None:
        self._show()  # the rules first: a real screen waits until they are closed
        while self.stage.rules_open and self.window.watched:
            for event in self.window.events(self):
                self._handle(event)
            self._show()
        self.stage.rules_open = False  # (a dummy display showed them once)
        self._count_down()
        period = 1.0 / self.tick_rate
        next_tick = time.monotonic() + period
        while self.env.agents and (self.max_ticks is None or self.ticks < self.max_ticks):
            self._ask_partners()
            for event in self.window.events(self):
                self._handle(event)
            now = time.monotonic()
            if self.waiting:
                next_tick = now + period  # the kitchen waits, and starts a whole tick later
            elif now >= next_tick:
                self._tick()
                next_tick = max(next_tick + period, now)  # never a burst of ticks to catch up
            self._show()
            time.sleep(min(0.005, max(0.0, next_tick - time.monotonic())))
        self._show()  # the end frame: time is up

    def _count_down(self) -> None:
        """Show the kitchen, who the person is and the keys, counting down to the first tick
        (presses meanwhile are not moves; the chat box and the pause key work)."""
        end = time.monotonic() + self.countdown
        while True:
            for event in self.window.events(self):
                self._handle(event)
            left = end - time.monotonic()
            if self.waiting:
                end = time.monotonic() + max(left, 1.0)
            elif left <= 0:
                break
            self._show(starting_in=math.ceil(left))
            time.sleep(0.01 if self.window.watched else 0.001)
        self.keys.queue.clear()

    def _handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.WINDOWFOCUSLOST:
            self.keys.release_all()  # their key-ups will not come to this window
            return
        if event.type not in (pygame.KEYDOWN, pygame.KEYUP):
            return
        if self.chat is None and self.stage.key(event):  # F1, or a key closing the rules
            self.keys.clear()
            return
        if self.chat is not None:
            if event.type == pygame.KEYDOWN:
                self._type(event)
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_t, pygame.K_SLASH):
            self.chat = ""
            self.keys.clear()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_p, pygame.K_PAUSE):
            self.paused = not self.paused
            self.keys.clear()
        elif not self.paused:
            self.keys.handle(event)

    def _type(self, event: pygame.event.Event) -> None:
        """A key in the open chat box: Enter sends the line, Escape closes it."""
        assert self.chat is not None
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            line = sanitize_speech(self.chat, MAX_CHAT_CHARS)
            if line:
                self.messages.append(line)
                self.chat_log.append((self.seat, line))
            self.chat = None
        elif event.key == pygame.K_ESCAPE:
            self.chat = None
        elif event.key == pygame.K_BACKSPACE:
            self.chat = self.chat[:-1]
        elif event.unicode and event.unicode.isprintable() and len(self.chat) < MAX_CHAT_CHARS:
            self.chat += event.unicode

    # -- the kitchen ------------------------------------------------------------------------------
    def _ask_partners(self) -> None:
        """Give each free partner without a pending answer the newest observation."""
        for seat, agent in self.agents.items():
            if seat in self._thinking or not self.infos.get(seat, {}).get("acting", False):
                continue
            observation = dict(self.observations[seat])
            if self.chat_log:
                observation["text"] = f"{observation['text']}\n{self._chat_for(seat)}"
            self._thinking[seat] = self._pool.submit(agent.act, observation, self.infos[seat])

    def _chat_for(self, seat: str) -> str:
        """The chat as ``seat`` reads it: the newest lines, attributed and quoted."""
        lines = [
            f'{"You" if who == seat else f"Chef {who}"} said: "{line}"'
            for who, line in self.chat_log[-CHAT_SHOWN:]
        ]
        return (
            f"Chat with the person playing chef {self.seat} (newest last):\n"
            + "\n".join(lines)
            + '\nTo answer, write a line starting with "say:" before your action.'
        )

    def _tick(self) -> None:
        actions: dict[str, str] = {}
        if self.infos[self.seat].get("acting", False):
            actions[self.seat] = self.keys.next_action()
        for seat, agent in self.agents.items():
            if not self.infos[seat].get("acting", False):
                continue  # busy with an order: its executor moves it
            future = self._thinking.get(seat)
            if future is not None and future.done():
                actions[seat] = future.result()
                del self._thinking[seat]
                self.partner_moves += 1
                self._read_partner(seat, agent)
            else:
                actions[seat] = "[stay]"  # still thinking: the kitchen does not wait
        self.joint_actions.append(actions)
        self.observations, _, _, _, self.infos = self.env.step(actions)
        self.ticks += 1

    def _read_partner(self, seat: str, agent: Any) -> None:
        """Add what a partner said (a ``say:`` line of a reply it recorded) to the chat log."""
        records = getattr(agent, "records", None)
        if not isinstance(records, list):
            return
        for record in records[self._records_read.get(seat, 0) :]:
            line = said(str(getattr(record, "raw_reply", "") or ""))
            if line:
                self.chat_log.append((seat, line))
        self._records_read[seat] = len(records)

    def _write(self, metrics: dict[str, Any]) -> None:
        assert self.record is not None
        write_game(
            self.record,
            "overcooked_v0",
            self.config,
            self.env.unwrapped.game_seed,
            {**self.specs, self.seat: "human"},
            self.joint_actions,
            metrics,
            "parallel",
        )

    # -- drawing ----------------------------------------------------------------------------------
    def _show(self, starting_in: int | None = None) -> None:
        window = self.window
        self.draw(starting_in)
        window.frames += 1
        if not window.headless:
            pygame.display.flip()
            if window.watched:
                window.clock.tick(FPS)

    def draw(self, starting_in: int | None = None) -> pygame.Surface:
        """Draw the window as it is now (``starting_in``: the countdown's seconds left) and
        return its surface."""
        window = self.window
        if self.stage.rules_open:
            status = "paused: rules"
        elif starting_in is not None:
            status = f"starting in {starting_in}"
        elif self.chat is not None:
            status = "paused: chat"
        else:
            status = "paused" if self.paused else "live" if self.env.agents else ""
        window.frame.draw(self.match, self.seat, None, status, surface=window.surface)
        area = window.frame.game_area
        hud = pygame.Rect(area.left, area.bottom - HUD_HEIGHT, area.width, HUD_HEIGHT)
        self._hud(window.surface, hud)
        if starting_in is not None:  # (over the keys and chat: the kitchen stays in view)
            self._banner(window.surface, hud, f"Starting in {starting_in}", self._who())
        elif self.paused and self.chat is None:
            self._banner(window.surface, hud, "Paused", "press P to go on")
        overlay = self.stage.overlay(self.match)
        if overlay is not None:
            overlay(window.surface, area)
        return window.surface

    def _who(self) -> str:
        chef = draw.seat_index(self.seat)
        return f"You are chef {chef} ({self.seat}), ringed in blue.\n{HELP}"

    def _hud(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The keys and the chat log under the kitchen."""
        box = rect.inflate(-20, -10)
        pygame.draw.rect(surface, draw.PANEL, box, border_radius=6)
        chef = draw.seat_index(self.seat)
        pygame.draw.circle(surface, draw.seat_color(chef), (box.left + 16, box.top + 15), 9)
        draw.text(surface, f"You: chef {chef}", (box.left + 30, box.top + 6), 20, bold=True)
        draw.text(surface, HELP, (box.left + 130, box.top + 8), 18)
        step = draw.font(17).get_linesize()
        y = box.top + 32
        if self.chat is not None:
            typing = f"Say: {self.chat}_   (Enter sends, Esc cancels; the kitchen waits)"
            lines = [(self.seat, typing)]
        elif not self.chat_log:
            lines = [("", "Chat: press T to write to your partner.")]
        else:
            lines = self.chat_log[-((box.bottom - y) // step) :]
        for who, line in lines[-((box.bottom - y) // step) :]:
            name = "you" if who == self.seat else who
            label = f"{name}: " if who and self.chat is None else ""
            color = draw.seat_color(draw.seat_index(who)) if who else draw.MUTED
            x = box.left + 10
            if label:
                x += draw.text(surface, label, (x, y), 17, color, bold=True).width
            width = box.right - 10 - x
            shown = draw.wrap(line, width, 17)[0]
            draw.text(surface, shown + ("..." if shown != line else ""), (x, y), 17)
            y += step

    @staticmethod
    def _banner(surface: pygame.Surface, area: pygame.Rect, title: str, line: str) -> None:
        band = area.inflate(-20, -10)
        pygame.draw.rect(surface, draw.INK, band, border_radius=6)
        draw.text(surface, title, (band.centerx, band.top + 28), 44, draw.WHITE, True, True)
        rows = draw.wrap(line, band.width - 40, 20)[:3]
        for i, row in enumerate(rows):
            draw.text(surface, row, (band.centerx, band.top + 62 + 20 * i), 20, draw.WHITE, True)


def said(reply: str) -> str | None:
    """The line a partner's reply says to the person: its first ``say: ...`` line, made one
    safe line of speech (None: it says nothing).

    Example:
        >>> said("say: I'll get the onions\\n[west]")
        "I'll get the onions"
    """
    for line in reply.splitlines():
        head, sep, rest = line.strip().partition(":")
        if sep and head.strip().lower() == "say":
            speech = sanitize_speech(rest, MAX_CHAT_CHARS)
            if speech:
                return speech
    return None
