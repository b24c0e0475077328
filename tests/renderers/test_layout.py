"""Readable at any size: the frame follows the window's size, cut text ends in an ellipsis,
the transcript's scroll label sits under the text, and the Among Us map's rooms never overlap,
with vents and tokens large enough to see."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import itertools

import pygame
import pytest

import parlour
from parlour.envs.among_us.maps import load_map
from parlour.envs.among_us.picture import VENT_INK, room_size, room_spots
from parlour.renderers import draw, make_frame, transcript
from parlour.renderers.controls import Controls
from parlour.renderers.frame import MIN_SIZE, SIZE, to_array
from parlour.renderers.quick import for_people, number_choices
from parlour.testing.playouts import scripted_match

SIZES = [MIN_SIZE, SIZE, (1280, 800), (1920, 1080), (1024, 1000), (1600, 600)]


def _played(env_id: str, moves: int, seed: int = 1, **config):
    """The match of a scripted game after ``moves`` AEC steps."""
    return scripted_match(env_id, lambda match, count: count >= moves, seed, **config)


@pytest.mark.parametrize("size", SIZES)
def test_the_frame_is_laid_out_for_any_window_size(size):
    match = _played("werewolf_v0", 30)
    frame = make_frame(parlour.get_game("werewolf_v0"))
    frame.resize(size)
    surface = frame.draw(match, "player_0", Controls(legal=["[skip]"], active=True))
    width, height = max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1])
    assert surface.get_size() == (width, height)
    parts = [frame.game_area, frame.transcript_area, frame.controls_area]
    assert all(pygame.Rect(0, 0, width, height).contains(p) for p in parts)
    for a, b in itertools.combinations(parts, 2):
        assert not a.colliderect(b)
    assert frame.game_area.width >= width // 2  # the game keeps most of a wide window


def test_a_smaller_window_than_the_least_is_drawn_at_the_least():
    frame = make_frame(parlour.get_game("auction_v0"))
    frame.resize((300, 200))
    assert frame.size == MIN_SIZE


def test_cut_text_ends_in_an_ellipsis():
    long = "a description that goes on and on " * 10
    assert draw.fit(long, 200, 18).endswith("...")
    assert draw.font(18).size(draw.fit(long, 200, 18))[0] <= 200
    assert draw.fit("short", 200, 18) == "short"
    lines = draw.clipped(draw.wrap(long, 150, 16), 3, 150, 16)
    assert len(lines) == 3 and lines[-1].endswith("...")


def test_a_bubble_cut_at_three_lines_ends_in_an_ellipsis(monkeypatch):
    written = []
    real = draw.text
    monkeypatch.setattr(
        draw, "text", lambda s, m, *a, **k: (written.append(m), real(s, m, *a, **k))[1]
    )
    draw.bubble(pygame.Surface((400, 300)), "word " * 80, (200, 250))
    assert len(written) == 3 and written[-1].endswith("...")


def test_the_scroll_label_is_drawn_under_the_text_not_over_it(monkeypatch):
    match = _played("werewolf_v0", 120)
    frame = make_frame(parlour.get_game("werewolf_v0"))
    rows, labels = [], []
    real_row, real_text = transcript.draw_row, draw.text
    monkeypatch.setattr(
        transcript,
        "draw_row",
        lambda s, row, x, y, size=16: (rows.append(y), real_row(s, row, x, y, size)),
    )

    def text(surface, message, position, *args, **kwargs):
        if message.startswith("(scrolled back"):
            labels.append(position[1])
        return real_text(surface, message, position, *args, **kwargs)

    monkeypatch.setattr(draw, "text", text)
    frame.scroll = 5
    frame.draw(match, "god")
    assert frame.scroll == 5 and labels
    step = draw.font(17).get_linesize()
    assert labels[0] >= max(rows) + step  # below the last row of text
    assert labels[0] + 15 <= frame.transcript_area.bottom


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("map_config", [{}, {"map": "grid", "grid_width": 4, "grid_height": 3}])
def test_among_us_rooms_never_overlap(size, map_config):
    env = parlour.make("among_us_v0", **map_config)
    env.reset(seed=0)
    game_map = env.unwrapped.match.rules.map
    frame = make_frame(parlour.get_game("among_us_v0"))
    frame.resize(size)
    frame.draw(env.unwrapped.match, "player_0", Controls(legal=["[wait]"], active=True))
    area = frame.game_area
    spots = room_spots(game_map, area)
    width, height = room_size(spots, area)
    boxes = {}
    for room, centre in spots.items():
        box = pygame.Rect(0, 0, width, height)
        box.center = centre
        boxes[room] = box
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.colliderect(box_b), (a, b)
    assert all(area.contains(box) for box in boxes.values())
    assert width >= 40 and height >= 30


def test_among_us_draws_vents_and_the_viewers_own_token_large_enough_to_see():
    match = _played("among_us_v0", 0)
    frame = make_frame(parlour.get_game("among_us_v0"))
    picture = to_array(frame.draw(match, "player_0"))
    spots = room_spots(load_map("skeld"), frame.game_area)
    width, height = room_size(spots, frame.game_area)
    vented = {room for group in match.rules.map.vent_groups for room in group}
    for room in vented:  # a vent's grille in each vented room
        x, y = spots[room]
        patch = picture[y : y + height // 2, x : x + width // 2].reshape(-1, 3)
        assert any(tuple(p) == VENT_INK for p in patch), room
    cafeteria = pygame.Rect(0, 0, width, height)
    cafeteria.center = spots["Cafeteria"]
    own = draw.seat_color(0)
    region = picture[cafeteria.top : cafeteria.bottom, cafeteria.left : cafeteria.right]
    found = (region.reshape(-1, 3) == own).all(axis=1).sum()
    assert found >= 150  # the viewer's token: a disc well over 8 px across (radius >= 9)


def test_quick_choices_are_shares_and_bounds_the_game_accepts():
    match = _played("donor_game_v0", 0)
    spec = match.spec("player_0")
    choices = number_choices(spec)
    assert [c.action for c in choices] == [
        "[donate 0]",
        "[donate 2.5]",
        "[donate 5]",
        "[donate 10]",
    ]
    assert all(spec.parse(c.action) for c in choices)


def test_a_number_fields_range_and_quick_labels_are_the_numbers_sent():
    """A top of 19.999 is shown, offered and read as 19.99, as the game's forms show it (the
    field said "0 to 20", 100% read as [donate 20.00] and the game refused both)."""
    from types import SimpleNamespace

    from parlour.core.number_forms import NumberRule, number_form, shown_bounds
    from parlour.renderers.controls import NumberField

    rule = NumberRule("donate", 0.0, 19.999, float, False, places=2)
    assert "between 0 and 19.99" in number_form(rule)
    choices = number_choices(SimpleNamespace(legal=SimpleNamespace(numbers=(rule,))))
    assert choices[-1] == ("donate 100% (19.99)", "[donate 19.99]")
    for label, action in choices:  # each label names the number its action sends
        assert label.partition("(")[2].rstrip(")") == for_people(float(action[8:-1]))
    field = NumberField("donate", 0.0, 19.999, False, 2, shown_bounds(rule))
    assert field.range_text() == "a number from 0 to 19.99"
    assert Controls(typed="100%", number=field).submission() == "[donate 19.99]"
    assert Controls(typed="50%", number=field).submission() == "[donate 9.99]"
    big = NumberField("bid", 886.0, 20000.0, False, 2, ("886", "20000"))
    assert big.range_text() == "a number from 886 to 20,000"


def test_auction_quick_bids_are_the_minimum_the_value_and_all_in():
    match = _played("auction_v0", 0)
    spec = match.spec("player_0")
    picture = parlour.get_game("auction_v0").picture()()
    choices = picture.quick_actions(match, "player_0", spec)
    labels = [c.label for c in choices]
    assert labels[0].startswith("minimum bid") and labels[-1].startswith("all-in")
    # the value as the game names it (AucArena's values are estimates)
    assert any(label.startswith("your estimate") for label in labels)
    for choice in choices:
        match.rules.check("player_0", spec.parse(choice.action))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.5, "1,234.50"),
        (20000.0, "20,000"),
        (-1224.9999999999998, "-1,225"),
        (0.1 + 0.2, "0.30"),
    ],
)
def test_numbers_are_written_for_people(value, text):
    assert for_people(value) == text


def test_a_typed_number_or_share_reads_as_the_turns_verb():
    from parlour.renderers.controls import NumberField

    field = NumberField("donate", 0.0, 36.5)
    assert Controls(typed="5", number=field).submission() == "[donate 5]"
    assert Controls(typed="1,234.5", number=field).submission() == "[donate 1234.5]"
    assert Controls(typed="50%", number=field).submission() == "[donate 18.25]"
    assert Controls(typed="withdraw", number=field).submission() == "withdraw"
    assert Controls(typed="   ", number=field).submission() is None
    speech = Controls(typed="  5 ", kind="speech", max_chars=160)
    assert speech.submission() == "5"  # a speech turn's text is its own


def test_a_result_without_words_lists_metrics_for_people(monkeypatch):
    """A game without an outcome in words (or a window without a match to draw) lists its plain
    metrics, numbers rounded and nested data left out."""
    from parlour.renderers import overlays
    from parlour.renderers.session import _Window

    metrics = {"revenue": 8275.471454846043, "items_sold": 2, "truncated": False, "by": {"a": 1}}
    assert overlays.metric_lines(metrics) == [
        ("revenue", "8,275.47"),
        ("items sold", "2"),
        ("truncated", "no"),
    ]
    drawn = []
    monkeypatch.setattr(overlays, "result", lambda *args: drawn.append(args[2:]))
    _Window("auction_v0", None, headless=True).result_screen(metrics, None, wait=False)
    assert drawn == [(None, metrics)]
