"""A person at the window: play one seat against agents, or watch any perspective.

:class:`TurnSession` plays any game turn by turn: the person types an action or clicks one of
the legal actions, checked with the game's own parser first (a refused one keeps the turn and
shows why); agents act in a background thread, so a slow LLM never freezes the window.
:class:`~parlour.renderers.realtime.RealtimeSession` (built on the window and session here)
plays Overcooked in real time.

Both end on a result screen with the game's metrics and can write the game to a JSON file that
``parlour replay`` shows again (:mod:`parlour.renderers.playback`), also when the window is
closed or Ctrl-C pressed mid-game. For tests, ``feed(session)`` may return pygame events to handle
each frame as if they had come from the keyboard or mouse.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import pygame

import parlour
from parlour.agents import make_agent
from parlour.core.errors import ActionError, ConfigError
from parlour.play import agent_seed, opponent_specs
from parlour.registry import get_game
from parlour.renderers import draw, make_frame
from parlour.renderers.base import GOD
from parlour.renderers.frame import Controls, thinking_status
from parlour.renderers.keys import turn_key_action
from parlour.renderers.saved import write_game
from parlour.renderers.window import PLAY_ADVICE, open_display

Feed = Callable[[Any], Sequence[pygame.event.Event]]
FPS = 30


class Closed(Exception):
    """The person closed the window."""


class _Window:
    """The display, its clock and the event source shared by both sessions."""

    def __init__(
        self, env_id: str, feed: Feed | None, headless: bool, person: bool = False
    ) -> None:
        self.frame = make_frame(get_game(env_id))
        self.feed = feed
        self.headless = headless
        self.surface = (
            pygame.Surface(self.frame.size)
            if headless  # (a person answering a hidden display would wait forever: refused)
            else open_display(
                self.frame.size, f"Parlour - {env_id}", person and feed is None, PLAY_ADVICE
            )
        )
        self.clock = pygame.time.Clock()
        self.frames = 0
        #: whether a person can see the window (not for offscreen or dummy displays)
        self.watched = not headless and pygame.display.get_driver() != "dummy"

    def events(self, session: Any) -> list[pygame.event.Event]:
        events = list(pygame.event.get()) if not self.headless else []
        if self.feed is not None:
            events.extend(self.feed(session))
        for event in events:
            if event.type == pygame.QUIT:
                raise Closed
        return events

    def show(self, match: Any, viewer: str, controls: Controls | None, status: str) -> None:
        self.frame.draw(match, viewer, controls, status, surface=self.surface)
        self.frames += 1
        if not self.headless:
            pygame.display.flip()
            if self.watched:
                self.clock.tick(FPS)

    def result_screen(self, metrics: dict[str, Any], session: Any, wait: bool) -> None:
        """The game's metrics over the last frame, until a key, a click or the window closes."""
        lines = [f"{k}: {v}" for k, v in metrics.items() if not isinstance(v, (dict, list))]
        lines += [f"{k}: {json.dumps(v)}" for k, v in metrics.items() if isinstance(v, dict)]
        panel = self.frame.game_area.inflate(-60, -60)
        shade = pygame.Surface(panel.size, pygame.SRCALPHA)
        shade.fill((255, 255, 255, 235))
        self.surface.blit(shade, panel)
        draw.text(self.surface, "Game over", (panel.left + 16, panel.top + 12), 30, bold=True)
        body = pygame.Rect(panel.left + 16, panel.top + 50, panel.width - 32, panel.height - 60)
        draw.text_block(self.surface, "\n".join(lines), body, 17)
        if not self.headless:
            pygame.display.flip()
        while wait:
            try:
                events = self.events(session)
            except Closed:
                return
            if any(e.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) for e in events):
                return
            if self.watched:
                self.clock.tick(FPS)
            elif self.feed is None:
                return  # nobody can answer a dummy window

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

    def _write(self, metrics: dict[str, Any]) -> None:
        """Write the game so far to ``record``."""
        raise NotImplementedError


class TurnSession(_Session):
    """One game with a person in ``seat`` (None: everyone is an agent and the person watches,
    switching perspective with G for the god view and 0-9 for a player's). Agents' moves are
    shown at ``pace`` moves a second on a real screen."""

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
    ) -> None:
        if pace <= 0:
            raise ConfigError(f"pace must be > 0 moves a second, actual value: {pace}")
        self.pace = pace
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

    def _play(self) -> None:
        for agent in self.env.agent_iter():
            _, _, terminated, truncated, info = self.env.last()
            if terminated or truncated:
                self.env.step(None)
                continue
            action = self._human(info) if agent == self.seat else self._agent(agent)
            self.actions.append((agent, action))
            self.env.step(action)
            self._linger(0.0 if agent == self.seat else 1.0 / self.pace)
        self.window.show(self.match, self.viewer, None, "game over")

    def _linger(self, seconds: float) -> None:
        """Show the move just made; on a real screen keep it up ``seconds`` so people can follow
        the agents (the window stays responsive meanwhile)."""
        until = time.monotonic() + (seconds if self.window.watched else 0.0)
        while True:
            for event in self.window.events(self):
                self._spectate(event)
            self.window.show(self.match, self.viewer, self._waiting(), "")
            if time.monotonic() >= until:
                return

    def _human(self, info: dict[str, Any]) -> str:
        spec = self.match.spec(self.seat)
        self.controls = Controls(
            legal=list(spec.choices), active=True, note=str(info.get("invalid_action", ""))
        )
        while True:
            for event in self.window.events(self):
                chosen = self._handle(event)
                if chosen is None:
                    continue
                refusal = self._refusal(chosen)
                if refusal is None:
                    self.controls = Controls()
                    return chosen
                self.controls.note = refusal
            self.window.show(self.match, self.viewer, self.controls, "")

    def _refusal(self, text: str) -> str | None:
        """Why the game would refuse ``text`` now, checked as the env checks it (None: it
        accepts): a person's typo keeps their turn instead of playing the game's default."""
        try:
            self.match.rules.check(self.seat, self.match.spec(self.seat).parse(text))
        except ActionError as error:
            return str(error)
        return None

    def _handle(self, event: pygame.event.Event) -> str | None:
        frame = self.window.frame
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return frame.click(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            frame.scroll = max(0, frame.scroll + event.y)
        elif event.type == pygame.KEYDOWN:
            arrow = turn_key_action(event, self.controls.legal, self.controls.typed)
            if arrow is not None:  # Overcooked turn by turn: arrows move, space interacts
                return arrow
            if event.key == pygame.K_RETURN and self.controls.typed.strip():
                return self.controls.typed
            if event.key == pygame.K_BACKSPACE:
                self.controls.typed = self.controls.typed[:-1]
            elif event.unicode and event.unicode.isprintable():
                self.controls.typed += event.unicode
        return None

    def _agent(self, agent: str) -> str:
        observation, _, _, _, info = self.env.last()
        future: Future[str] = self._pool.submit(self.agents[agent].act, observation, info)
        while True:
            try:  # a quick agent answers within the frame; a slow one gets redrawn frames
                return future.result(timeout=1.0 / FPS)
            except FutureTimeout:
                pass
            for event in self.window.events(self):
                self._spectate(event)
            status = thinking_status(self.match, self.viewer, agent)
            self.window.show(self.match, self.viewer, self._waiting(), status)

    def _waiting(self) -> Controls | None:
        return Controls() if self.seat is not None else None

    def _spectate(self, event: pygame.event.Event) -> None:
        """A spectator switches perspective; a person in a seat keeps their own view."""
        if self.seat is not None or event.type != pygame.KEYDOWN:
            return
        players = list(self.env.possible_agents)
        if event.key == pygame.K_g:
            self.viewer = GOD
        elif pygame.K_0 <= event.key <= pygame.K_9 and event.key - pygame.K_0 < len(players):
            self.viewer = players[event.key - pygame.K_0]

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
