"""A person at the window: play one seat against agents, or watch any perspective.

:class:`TurnSession` plays any game turn by turn: the window shows the turn's prompt, and the
person types an action or clicks one (every legal action has a button), checked with the game's
own parser first (a refused one keeps the turn and shows why); a ballot reveal or an elimination
is held on screen before the next phase; agents act in a background thread, so a slow LLM never
freezes the window (see :mod:`parlour.renderers.turns`).
:class:`~parlour.renderers.realtime.RealtimeSession` (built on the window and session here)
plays Overcooked in real time.

Both end on a result screen and can write the game to a JSON file that ``parlour replay`` shows
again (:mod:`parlour.renderers.playback`), also when the window is closed or Ctrl-C pressed
mid-game. For tests, ``feed(session)`` returns pygame events to handle as if typed or clicked.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import pygame

import parlour
from parlour.agents import make_agent
from parlour.core.errors import ConfigError
from parlour.play import agent_seed, opponent_specs
from parlour.registry import get_game
from parlour.renderers import make_frame, overlays
from parlour.renderers.base import GOD
from parlour.renderers.clockrun import SPEEDUP, WAIT, Clock, ClockRun, start
from parlour.renderers.frame import KEYS, Controls, thinking_status, window_size
from parlour.renderers.saved import write_game
from parlour.renderers.turns import BRIEF, Stage, forced, read_input, refusal, turn_controls
from parlour.renderers.window import PLAY_ADVICE, open_display

Feed = Callable[[Any], Sequence[pygame.event.Event]]
#: Draws over the frame: ``overlay(surface, game_area)``.
Overlay = Callable[[pygame.Surface, pygame.Rect], None]
FPS = 30
#: Seconds between the frames drawn while a person out of the game skips to the end.
SKIP_FRAME = 0.25


class Closed(Exception):
    """The person closed the window."""


class _Window:
    """The display, its clock and the event source shared by both sessions."""

    def __init__(
        self, env_id: str, feed: Feed | None, headless: bool, person: bool = False
    ) -> None:
        self.frame = make_frame(get_game(env_id))
        self.frame.keys = KEYS
        self.feed = feed
        self.headless = headless
        if headless:
            self.surface = pygame.Surface(self.frame.size)
        else:  # as large as the screen allows, resizable; refused where no person could answer
            caption = f"Parlour - {env_id}"
            person = person and feed is None
            self.surface = open_display(window_size, caption, person, PLAY_ADVICE, True)
            self.frame.resize(self.surface.get_size())
        self.clock = pygame.time.Clock()
        self.frames = 0
        #: whether a person can see the window (not for offscreen or dummy displays)
        self.watched = not headless and pygame.display.get_driver() != "dummy"
        self.grace = 1.0 if self.watched else 0.0  # seconds before the result screen closes

    def events(self, session: Any) -> list[pygame.event.Event]:
        events = list(pygame.event.get()) if not self.headless else []
        if self.feed is not None:
            events.extend(self.feed(session))
        for event in events:
            if event.type == pygame.QUIT:
                raise Closed
            if event.type == pygame.VIDEORESIZE:
                self.resize(event.size)
        return events

    def resize(self, size: tuple[int, int]) -> None:
        self.frame.resize(size)  # (the person resized the window)
        shown = None if self.headless else pygame.display.get_surface()
        if shown is not None and shown.get_size() != self.frame.size:  # (not by the person)
            shown = pygame.display.set_mode(self.frame.size, pygame.RESIZABLE)
        self.surface = shown or pygame.Surface(self.frame.size)

    def show(
        self,
        match: Any,
        viewer: str,
        controls: Controls | None,
        status: str,
        overlay: Overlay | None = None,
    ) -> None:
        """Draw the frame, then ``overlay`` over it (the rules, a held moment)."""
        self.frame.draw(match, viewer, controls, status, surface=self.surface)
        if overlay is not None:
            overlay(self.surface, self.frame.game_area)
        self.frames += 1
        if not self.headless:
            pygame.display.flip()
            if self.watched:
                self.clock.tick(FPS)

    def result_screen(
        self, metrics: dict[str, Any], session: Any, wait: bool, view: tuple[Any, str] | None = None
    ) -> None:
        """Who won and why over the last frame (``view``: the match and viewer it shows, by
        default the session's), until Enter, Esc, a click or the window closes (after a second,
        so that keys typed as the game ends do not close it unread); H hides the panel."""
        match, viewer = view or (session.result_view() if session is not None else (None, GOD))
        outcome = self.frame.view.outcome(match, viewer) if match is not None else None
        hidden, shown = False, time.monotonic()
        while True:
            if match is not None:  # (else over whatever the window shows)
                self.frame.draw(match, viewer, None, "", surface=self.surface)
            if not hidden:
                overlays.result(self.surface, self.frame.game_area, outcome, metrics)
            if not self.headless:
                pygame.display.flip()
            if not wait or (not self.watched and self.feed is None):
                return  # (nobody can answer a dummy window)
            try:
                events = self.events(session)
            except Closed:
                return
            if any(map(overlays.hides, events)):
                hidden = not hidden
            elif any(map(overlays.closes, events)) and time.monotonic() - shown > self.grace:
                return
            if self.watched:
                self.clock.tick(FPS)

    def close(self) -> None:
        if not self.headless:
            pygame.display.quit()


def _agents(env: Any, seats: dict[str, Any]) -> dict[str, Any]:
    game_seed = env.unwrapped.game_seed
    agents = {}
    for index, seat in enumerate(env.possible_agents):
        if seat in seats:
            agent = make_agent(seats[seat])
            agent.reset(seat, agent_seed(game_seed, index), env.unwrapped.seat_view(seat))
            agents[seat] = agent
    return agents


class _Session:
    """What both sessions share: the match, and playing out to the result screen."""

    env: Any
    window: _Window
    _pool: ThreadPoolExecutor
    viewer: str = GOD

    @property
    def match(self) -> Any:
        return self.env.unwrapped.match

    record: Path | None
    #: the file the game was saved to (None: not saved), and why saving failed
    saved: Path | None = None
    save_error: str | None = None

    def run(self, wait_at_end: bool = True) -> dict[str, Any]:
        """Play to the end, save the game, show the result screen; returns the game's metrics
        (a closed window ends the game early). A game the window's close button, Ctrl-C or an
        error ends early is saved as far as it went. Agent threads and the window are
        released."""
        try:
            try:
                self._play()
            except BaseException:
                self._save()
                raise
            metrics = self.env.unwrapped.metrics()
            self._save()
            self.window.result_screen(metrics, self, wait_at_end)
            return metrics
        except Closed:
            return self.env.unwrapped.metrics()
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self.window.close()

    def _save(self) -> None:
        """Write the game to ``record`` (once; a failure is kept in ``save_error``, so that it
        never hides what ended the game)."""
        if self.record is None or self.saved is not None:
            return
        try:
            self._write(self.env.unwrapped.metrics())
        except OSError as error:
            self.save_error = f"could not save the game to {self.record}: {error}"
        else:
            self.saved = self.record

    def _play(self) -> None:
        raise NotImplementedError

    def result_view(self) -> tuple[Any, str]:
        """The match and viewer the result screen draws."""
        return self.match, self.viewer

    def _write(self, metrics: dict[str, Any]) -> None:
        """Write the game so far to ``record``."""
        raise NotImplementedError


class TurnSession(_Session):
    """One game with a person in ``seat`` (None: everyone is an agent and the person watches,
    switching perspective with G for the god view and 0-9 for a player's). Agents' moves are
    shown at ``pace`` moves a second on a real screen; a moment worth seeing (a ballot reveal,
    an elimination) is held for up to ``hold`` seconds, or until a key or click. The rules are
    shown when the window opens and again with F1. A person out of the game may press End to
    skip to the end: the agents then play on without pauses or held moments. A turn with one
    action only (a villager's night) is answered for the person when ``auto_forced``."""

    def __init__(
        self,
        env_id: str,
        seat: str | None = "player_0",
        opponents: Sequence[str] = (),
        seed: int | None = None,
        config: dict[str, Any] | None = None,
        feed: Feed | None = None,
        headless: bool = False,
        record: str | Path | None = None,
        pace: float = 2.0,
        hold: float = 8.0,
        auto_forced: bool = True,
    ) -> None:
        if pace <= 0:
            raise ConfigError(f"pace must be > 0 moves a second, actual value: {pace}")
        if hold < 0:
            raise ConfigError(f"hold must be >= 0 seconds, actual value: {hold}")
        self.pace, self.hold, self.auto_forced = pace, hold, auto_forced
        self.env = parlour.make(env_id, **(config or {}))
        self.env.reset(seed=seed)
        self.env_id, self.seat, self.config = env_id, seat, dict(config or {})
        self.specs = opponent_specs(self.env.possible_agents, seat, opponents)
        self.agents = _agents(self.env, self.specs)
        self.viewer = seat or GOD
        self.controls = Controls()
        self.actions: list[tuple[str, str]] = []
        self.record = Path(record) if record else None
        self.window = _Window(env_id, feed, headless, person=seat is not None)
        self._pool = ThreadPoolExecutor(max_workers=1)
        self.stage = Stage(seat)  # the rules overlay, held moments, the seat's fate
        self._skip_frame = 0.0  # skipping to the end: when the next frame is drawn

    def _play(self) -> None:
        self._show()  # the rules over the first frame: a real screen waits until they are closed
        while self.stage.rules_open and self.window.watched:
            self._show()
        self.stage.rules_open = False  # (a dummy display showed them once)
        for agent in self.env.agent_iter():
            _, _, terminated, truncated, _ = self.env.last()
            if terminated or truncated:
                self.env.step(None)
                continue
            action = self._human() if agent == self.seat else self._agent(agent)
            self.actions.append((agent, action))
            start = len(self.match.rules.events)
            self.env.step(action)
            self._end_run()
            self._hold(start)
            fast = agent == self.seat or self.stage.skipping
            speed = self.pace * (SPEEDUP if self.stage.run is not None else 1.0)
            self._linger(0.0 if fast else 1.0 / speed)
        self.window.show(self.match, self.viewer, None, "game over")

    def _show(self, status: str = "") -> None:
        """Handle the events of a frame a person waits through, and draw it."""
        for event in self.window.events(self):
            self._idle(event)
        overlay = self.stage.overlay(self.match)
        status = self.stage.status(self.viewer) or status
        self.window.show(self.match, self.viewer, self._waiting(), status, overlay)

    def _linger(self, seconds: float) -> None:
        """Show the move just made; on a real screen keep it up ``seconds`` so people can follow
        the agents (the window stays responsive meanwhile). Skipping to the end, a frame is
        drawn only every :data:`SKIP_FRAME` seconds (each frame waits for the frame rate)."""
        now = time.monotonic()
        if self.stage.skipping and self.window.watched and now < self._skip_frame:
            return
        self._skip_frame = now + SKIP_FRAME
        until = now + (seconds if self.window.watched else 0.0)
        self._show()
        while time.monotonic() < until:
            self._show()

    def _hold(self, start: int) -> None:
        """Hold the moment the last step brought (from event ``start`` on), if any, until a
        key, a click or ``hold`` seconds; a dummy display shows it once."""
        moment = self.stage.moment(self.match, self.viewer, self.window.frame.view, start)
        if self.stage.skipping:  # (out of the game, skipping to the end)
            return
        began = time.monotonic()
        hold = min(self.hold, BRIEF) if moment is not None and moment.brief else self.hold
        while moment is not None:
            left = 1.0 - (time.monotonic() - began) / hold if hold else 0.0
            panel = self.stage.panel(moment, self.viewer, left)
            status = self.stage.status(self.viewer) or "what just happened"
            self.window.show(moment.match, self.viewer, panel, status)
            if not self.window.watched or left <= 0:
                return
            for event in self.window.events(self):
                if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
                    self.stage.key(event)  # (End, once out of the game, skips to the end)
                    return

    def _clock(self) -> Clock | None:
        return self.window.frame.view.clock(self.match, self.seat)

    def _end_run(self) -> None:
        """End the seat's clock run once the clock reached its price, the item was sold or a
        new item came up (checked after every step, so it stops at once)."""
        run = self.stage.run
        if run is None:
            return
        clock = self._clock()
        if not run.goes_on(clock):
            self.stage.stop_run(run.ended(clock))

    def _run_on(self) -> str | None:
        """The ``[wait]`` a clock run sends for the seat this turn (after the events of a frame:
        a key or click just pressed stops it); None when no run answers this turn."""
        self._show()
        self._end_run()
        run, clock = self.stage.run, self._clock()
        if run is None or clock is None:
            return None
        if refusal(self.match, self.seat, WAIT) is not None:  # (never sent unchecked)
            self.stage.stop_run("The clock run stopped: [wait] is not open this turn.")
            return None
        self.controls = Controls(waiting=run.waiting(clock[1]), answered=True)
        self.stage.ran.append(WAIT)
        return WAIT

    def _human(self) -> str:
        if self.stage.run is not None and (waited := self._run_on()) is not None:
            return waited
        action = forced(self.match, self.seat) if self.auto_forced else None
        if action is not None:  # nothing to choose: answered for the person, who is told
            self.controls = Controls(
                waiting=f"Nothing to choose this turn: sent {action}.", answered=True
            )
            self.stage.forced.append(action)
            return action
        self.controls = turn_controls(self.match, self.seat, self.window.frame.view)
        self.controls.note, self.stage.run_note = self.stage.run_note, ""
        while True:
            for event in self.window.events(self):
                if self._idle(event):
                    continue
                chosen = read_input(event, self.controls, self.window.frame)
                if chosen is None:
                    continue
                run = start(chosen, self._clock(), self.controls.legal)
                action = WAIT if isinstance(run, ClockRun) else chosen  # (a run's first turn)
                reason = run if isinstance(run, str) else refusal(self.match, self.seat, action)
                if reason is None:
                    return self._sent(action, run if isinstance(run, ClockRun) else None)
                self.controls.note = f"Not sent, it is still your turn: {reason}"
            overlay, status = self.stage.overlay(self.match), self.stage.status(self.viewer)
            self.window.show(self.match, self.viewer, self.controls, status, overlay)

    def _sent(self, action: str, run: ClockRun | None) -> str:
        """Send the person's ``action``, starting the clock ``run`` it began, if any."""
        self.stage.run = run
        if run is None:
            self.controls = Controls(waiting=f"You sent {action}.")
        else:
            clock = self._clock()
            waiting = run.waiting(clock[1] if clock else run.until)
            self.controls = Controls(waiting=waiting, answered=True)
        return action

    def _idle(self, event: pygame.event.Event) -> bool:
        """Events that work at any time (the rules overlay, a spectator's perspective, the
        transcript's wheel while it is not the seat's turn); True when ``event`` was one."""
        if self.stage.key(event):
            return True
        if event.type == pygame.MOUSEWHEEL and not self.controls.active:
            frame = self.window.frame
            frame.scroll = max(0, frame.scroll + event.y)
            return True
        viewer = self.stage.perspective(event, self.env.possible_agents)
        if viewer is not None:
            self.viewer = viewer
        return viewer is not None

    def _agent(self, agent: str) -> str:
        observation, _, _, _, info = self.env.last()
        future: Future[str] = self._pool.submit(self.agents[agent].act, observation, info)
        while True:
            try:  # a quick agent answers within the frame; a slow one gets redrawn frames
                return future.result(timeout=1.0 / FPS)
            except FutureTimeout:
                pass
            self._show(thinking_status(self.match, self.viewer, agent))

    def _waiting(self) -> Controls | None:
        if self.seat is not None:
            self.controls = self.stage.waiting(self.controls, self.viewer)
            clock = self._clock() if self.stage.run is not None else None
            if self.stage.run is not None and clock is not None:  # (the clock's price now)
                self.controls.waiting = self.stage.run.waiting(clock[1])
        return None if self.seat is None else self.controls

    def _write(self, metrics: dict[str, Any]) -> None:
        assert self.record is not None
        write_game(
            self.record,
            self.env_id,
            self.config,
            self.env.unwrapped.game_seed,
            {**self.specs, **({self.seat: "human"} if self.seat else {})},
            [list(a) for a in self.actions],
            metrics,
            "aec",
        )
