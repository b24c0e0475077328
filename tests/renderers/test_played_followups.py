"""More faults a person found by playing in a real window, each pinned by a test: the Among Us
god view's task figures and where its "Game over" box goes."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from typing import Any

import pygame
import pytest

import parlour
from parlour.renderers import draw, make_frame
from parlour.renderers.frame import SIZE
from tests.renderers.test_played_faults import played, written

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
