"""More faults a person found by playing in a real window, each pinned by a test: the Among Us
god view's task figures and where its "Game over" box goes, and a Dutch auction's clock, which
took a click a tick."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from collections.abc import Callable
from typing import Any

import pygame
import pytest

import parlour
from parlour.renderers import draw, make_frame
from parlour.renderers.frame import SIZE, turn_status
from parlour.renderers.quick import RUN
from parlour.renderers.session import TurnSession
from tests.renderers.test_played_faults import played, written
from tests.renderers.test_sessions import ClickFirst

GRID = {"map": "grid", "grid_width": 3, "grid_height": 2, "num_players": 4}


def _end(seed: int = 2, **config: Any) -> Any:
    return played("among_us_v0", lambda match: False, seed=seed, **config)


def test_among_us_god_view_tells_the_tasks_as_the_rules_and_metrics_count_them(monkeypatch):
    """Seed 2 ends on the crew's tasks with player_2 dead: the public bar stood at 63% at the
    last meeting, but the crew's task win means the living crewmates finished theirs (100%),
    and the game's ``task_completion`` metric (all crewmates' steps, the dead one's open tasks
    included) is 87%. The god view's header and the result screen say both live figures."""
    match = _end()
    rules = match.rules
    assert rules.win_reason == "tasks" and not rules.is_alive("player_2")
    assert round(rules.task_bar(), 2) == 0.63  # the stale public bar the header showed
    metric = match.metrics()["task_completion"]
    assert round(metric, 2) == 0.87 and rules.task_progress(living=True) == 1.0
    header = next(t for t in written(monkeypatch, "among_us_v0", match, "god") if "impostors" in t)
    assert header.endswith("tasks 87% (living crew 100%)")
    picture = parlour.get_game("among_us_v0").picture()()
    for viewer in ("god", "player_0"):
        numbers = dict(picture.outcome(match, viewer).numbers)
        assert numbers["Crew tasks done"] == "87% (living crew 100%)"


def test_among_us_god_view_shows_tasks_done_before_any_meeting(monkeypatch):
    """A grid game won on tasks with no meeting: the public bar never moved from 0%."""
    match = _end(**GRID)
    assert match.rules.win_reason == "tasks" and match.rules.task_bar() == 0.0
    texts = written(monkeypatch, "among_us_v0", match, "god")
    assert any(t.endswith("tasks 100% (living crew 100%)") for t in texts)


def _drawn(monkeypatch, match: Any, viewer: str, size: tuple[int, int]) -> dict[str, list]:
    """The rooms' boxes, the tokens' discs and the dark boxes (the game-over box) a frame
    draws for ``viewer`` at ``size``."""
    found: dict[str, list] = {"rooms": [], "tokens": [], "ink": []}
    rect, token = pygame.draw.rect, draw.seat_token

    def boxes(surface, color, box, width=0, **kwargs):
        if width == 0 and tuple(color)[:3] in ((205, 210, 220), (90, 95, 110)):
            found["rooms"].append(pygame.Rect(box))
        if width == 0 and tuple(color)[:3] == draw.INK:
            found["ink"].append(pygame.Rect(box))
        return rect(surface, color, box, width, **kwargs)

    def seat(surface, center, agent, alive=True, radius=22, highlight=False):
        found["tokens"].append(pygame.Rect(0, 0, 2 * radius, 2 * radius))
        found["tokens"][-1].center = center
        return token(surface, center, agent, alive, radius, highlight)

    monkeypatch.setattr(pygame.draw, "rect", boxes)
    monkeypatch.setattr(draw, "seat_token", seat)
    frame = make_frame(parlour.get_game("among_us_v0"))
    frame.resize(size)
    frame.draw(match, viewer)
    monkeypatch.undo()
    found["ink"] = [box for box in found["ink"] if frame.game_area.contains(box)]  # (not the bar)
    return found


@pytest.mark.parametrize("size", [SIZE, (1280, 800), (800, 560)])
@pytest.mark.parametrize(
    ("config", "viewer"),
    [({}, "player_0"), ({}, "god"), ({**GRID, "grid_width": 5, "grid_height": 5}, "god")],
)
def test_among_us_game_over_box_covers_no_room_and_no_token(monkeypatch, size, config, viewer):
    """Seed 2 ends with player_0 in Communications, the bottom room, where the box used to sit
    over its token. The box goes between the rooms, or (a 5x5 grid in a small window leaves no
    space) into the header's line."""
    match = _end(**config)
    found = _drawn(monkeypatch, match, viewer, size)
    assert len(found["ink"]) == 1 and found["rooms"] and found["tokens"]
    (box,) = found["ink"]
    assert box.collidelist(found["rooms"]) < 0 and box.collidelist(found["tokens"]) < 0
    assert box.width < 420  # compact, not the map's width


DUTCH = {"format": "dutch", "num_items": 2}
ACCEPT = "[accept]".__eq__


class Clocked:
    """A person at a Dutch auction (player_1 against scripted bidders, seed 4; the clock falls
    100 a tick from 10,000). ``choose(clocked, session, buttons)`` gives the events of each
    frame (``buttons`` None while it is not the person's turn). Every step is logged with the
    clock as the person knew it before it, every frame with the clock and whether a clock run
    was on, and every turn the person saw with its clock."""

    def __init__(self, choose: Callable[..., list[pygame.event.Event]]) -> None:
        self.choose = choose
        self.steps: list[tuple[str, str, Any]] = []
        self.turns: list[Any] = []
        self.session = TurnSession(
            "auction_v0", "player_1", ["scripted"], seed=4, config=DUTCH, feed=self.feed
        )
        self.session.stage.rules_open = False
        env, step = self.session.env, self.session.env.step

        def logged(action: str) -> None:
            seat, clock = env.agent_selection, self.session._clock()
            step(action)
            self.steps.append((seat, action, clock))

        env.step = logged
        show = self.session.window.show
        self.frames: list[tuple[Any, bool]] = []  # each frame: the clock, whether a run is on

        def shown(*args: Any, **kwargs: Any) -> None:
            self.frames.append((self.session._clock(), self.session.stage.run is not None))
            show(*args, **kwargs)

        self.session.window.show = shown

    def feed(self, session: TurnSession) -> list[pygame.event.Event]:
        if not session.controls.active or session.window.frames == 0:
            return self.choose(self, session, None)
        if not self.turns or self.turns[-1][1] is not session.controls:
            self.turns.append((session._clock(), session.controls))
        return self.choose(self, session, session.window.frame.buttons)

    def run(self) -> None:
        metrics = self.session.run(wait_at_end=False)
        assert not metrics["invalid_actions"]["player_1"] and not self.session.env.agents

    def mine(self) -> list[tuple[str, Any]]:
        steps = self.steps
        return [(act, clock) for seat, act, clock in steps if seat == "player_1" and act]


def click(buttons: list, wanted: Callable[[str], bool]) -> list[pygame.event.Event]:
    rect = next((rect for rect, action in buttons if wanted(action)), None)
    if rect is None:
        return []  # (this turn's buttons are not drawn yet)
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=rect.center)]


def typed(line: str) -> list[pygame.event.Event]:
    keys = [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, unicode="\x1b")]
    keys += [pygame.event.Event(pygame.KEYDOWN, key=0, unicode=c) for c in line]
    return [*keys, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, unicode="\r")]


def test_a_dutch_clock_runs_for_the_person_down_to_the_price_they_chose():
    """A click on a "wait until" price answers [wait] for the person on each following tick,
    one [wait] a turn sent through the session as a click is, until the clock is at or below
    that price: that tick is the person's own turn again (they accept)."""
    runs: list[float] = []

    def choose(clocked, session, buttons):
        if buttons is None:
            return []
        run = next((action for _, action in buttons if action.startswith(RUN)), None)
        if run is None:
            return click(buttons, ACCEPT)
        runs.append(float(run.removeprefix(RUN)))
        return click(buttons, run.__eq__)

    clocked = Clocked(choose)
    clocked.run()
    session, mine = clocked.session, clocked.mine()
    assert len(mine) > 30 and len(clocked.turns) < 10  # not a click a tick
    assert len(session.stage.ran) == len(mine) - len(clocked.turns) - len(session.stage.forced)
    assert session.stage.ran and set(session.stage.ran) == {"[wait]"}
    until = runs[0]
    waits = [clock for action, clock in mine if action == "[wait]"]
    assert waits[0] == clocked.turns[0][0] == (0, 10_000.0)
    ran = [clock for clock in waits if clock[0] == 0 and clock[1] > until]
    assert len(ran) > 5
    after = next(clock for clock, _ in clocked.turns[1:])  # the run's end: the person's turn
    assert after[0] == 0 and until - 100 < after[1] <= until  # the very tick it reached
    assert "at or below your price" in clocked.turns[1][1].note


def test_any_key_stops_the_clock_run_and_the_next_tick_is_the_persons():
    stopped: list[int] = []

    def choose(clocked, session, buttons):
        if buttons is not None:
            return typed("1") if len(clocked.turns) == 1 else click(buttons, ACCEPT)
        if session.stage.run is not None and len(session.stage.ran) == 5 and not stopped:
            stopped.append(len(clocked.mine()))
            return [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, unicode=" ")]
        return []

    clocked = Clocked(choose)
    clocked.run()
    assert stopped and len(clocked.session.stage.ran) == 5
    clock, controls = clocked.turns[1]  # the person's first step after the key is a turn
    assert clocked.mine()[stopped[0]] == ("[accept]", clock)
    assert clock[0] == 0 and clock[1] == 10_000 - 600  # typed at 10,000, then 5 waits ran
    assert controls.note.startswith("You stopped the clock run")


def test_a_sale_stops_the_clock_run_at_once():
    """The person lets the clock run down to 1 (a price above the clock is refused first): a
    scripted bidder buys the item on the way, the run ends in that very step, and the next
    item's first tick is the person's own turn."""

    def choose(clocked, session, buttons):
        if buttons is None:
            return []
        if len(clocked.turns) > 1:
            return click(buttons, ACCEPT)
        return typed("1") if session.controls.note else typed("20000")

    clocked = Clocked(choose)
    clocked.run()
    assert "the clock is already at 10,000" in clocked.turns[0][1].note
    sold = next(i for i, (clock, _) in enumerate(clocked.frames) if not clock or clock[0] != 0)
    assert clocked.frames[sold - 1][1]  # the run was on up to the sale
    assert not any(running for _, running in clocked.frames[sold:])  # and never after it
    price = next(clock for _, _, clock in reversed(clocked.steps) if clock and clock[0] == 0)
    assert price[1] > 1  # (a bidder bought the item on the way down)
    assert clocked.turns[1][0] == (1, 10_000.0)  # the new item's first tick is the person's


def test_werewolf_last_words_are_held_briefly_for_a_seated_person_only():
    """Last words arrive in the step that starts the day (or nightfall): a person playing a
    seat sees them held (the room as it stood before the next phase), for 3 seconds at most; a
    spectator's game goes on unheld."""
    config = {"preset": "classic9", "last_words": True}
    kinds = ("last_words", "day_start", "night_start")
    seated = TurnSession(
        "werewolf_v0", "player_0", ["scripted"], seed=1, config=config, feed=ClickFirst()
    )
    seated.run(wait_at_end=False)
    spoken = [e for e in seated.match.rules.events if e.kind == "last_words" and e.data.text]
    brief = [m for m in seated.stage.moments if m.brief]
    assert spoken and len(brief) >= len(spoken)
    for moment in brief:
        held = list(moment.match.rules.events)
        assert held[-1].kind == "last_words" and len(held) < len(seated.match.rules.events)
        assert seated.match.rules.events[len(held)].kind in kinds  # the phase it came with
    said = {e.data.text for e in spoken}
    assert said <= {line.split(": ", 1)[-1].strip('"') for m in brief for line in m.lines}
    watched = TurnSession(
        "werewolf_v0", None, ["scripted"], seed=1, config=config, feed=lambda s: []
    )
    watched.run(wait_at_end=False)
    assert any(e.kind == "last_words" for e in watched.match.rules.events)
    assert not any(m.brief for m in watched.stage.moments)


def test_the_status_bar_says_waiting_while_the_clock_runs_for_the_person():
    """While a clock run answers [wait] for the person, the status bar says "waiting", not
    "your turn"; on the person's own turns (the panel asks) it says "your turn"."""
    labels: list[tuple[bool, bool, str]] = []  # (a run is on, the panel asks, the bar's turn)

    def choose(clocked, session, buttons):
        if buttons is None:
            return []
        run = next((action for _, action in buttons if action.startswith(RUN)), None)
        return click(buttons, ACCEPT if run is None else run.__eq__)

    clocked = Clocked(choose)
    show = clocked.session.window.show

    def shown(match: Any, viewer: str, controls: Any, *rest: Any) -> None:
        if viewer in match.acting():
            asked = controls is not None and controls.active
            run_on = clocked.session.stage.run is not None
            labels.append((run_on, asked, turn_status(match, viewer, controls)))
        show(match, viewer, controls, *rest)

    clocked.session.window.show = shown
    clocked.run()
    during_run = {label for run_on, asked, label in labels if run_on and not asked}
    asked = {label for _, asked, label in labels if asked}
    assert during_run == {"waiting"} and asked == {"your turn"}
