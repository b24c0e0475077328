"""Faults a person found by playing every game in a real window, each pinned by a test: what a
picture draws once the game is over, at dawn, for an auction's format and for a tie, where a
crowded table puts its speech bubbles, and skipping to the end once out of the game."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from collections.abc import Callable
from typing import Any

import pygame
import pytest

import parlour
from parlour.renderers import draw, make_frame
from parlour.renderers.base import last_of
from parlour.renderers.frame import SIZE, Controls
from parlour.renderers.session import TurnSession
from parlour.renderers.turns import HeldMatch, Stage
from parlour.testing.playouts import scripted_match
from tests.renderers.test_sessions import ClickFirst
from tests.renderers.test_turns import VILLAGER_FIRST, Shown, aimed


def played(env_id: str, stop: Callable[[Any], bool], seed: int = 1, **config: Any) -> Any:
    """The match of a game of scripted agents, stopped before the first step at which
    ``stop(match)`` holds (or at its end)."""
    return scripted_match(env_id, lambda match, _: stop(match), seed, **config)


def written(monkeypatch: pytest.MonkeyPatch, env_id: str, match: Any, viewer: str) -> list[str]:
    """Every text the game's picture writes for ``viewer``."""
    texts: list[str] = []
    real = draw.text
    monkeypatch.setattr(
        draw, "text", lambda s, m, *a, **k: (texts.append(m), real(s, m, *a, **k))[1]
    )
    picture = parlour.get_game(env_id).picture()()
    picture.draw(pygame.Surface((870, 720)), pygame.Rect(0, 0, 870, 720), match, viewer)
    monkeypatch.setattr(draw, "text", real)
    return texts


def test_among_us_drops_the_sabotage_banner_once_the_game_is_over(monkeypatch):
    """Seed 2 ends on the crew's tasks in the step the reactor alarm goes off; seed 0 shows
    the banner while a sabotage is on."""

    def sabotage_on(match: Any) -> bool:
        newest = last_of(list(match.rules.events), "sabotage", "fixed", "meeting")
        return newest is not None and newest.kind == "sabotage"

    during = played("among_us_v0", sabotage_on, seed=0)
    assert any(
        t.startswith("SABOTAGE") for t in written(monkeypatch, "among_us_v0", during, "player_0")
    )
    over = played("among_us_v0", lambda match: False, seed=2)
    assert over.rules.events[-1].kind == "game_over"
    for viewer in ("player_0", "god"):
        texts = written(monkeypatch, "among_us_v0", over, viewer)
        assert any(t.startswith("Game over") for t in texts)
        assert not any(t.startswith("SABOTAGE") for t in texts)


def _kinds(match: Any) -> list[str]:
    return [event.kind for event in match.rules.events]


def test_werewolf_last_words_at_dawn_are_drawn_in_daylight(monkeypatch):
    """Classic9, seed 1: player_8 dies in night 2 and speaks at dawn. The dawn (waiting for the
    last words) and the held moment (the last words in a bubble, up to the day's start) are
    drawn as the dawn of day 2, in a light room, not as the night."""

    def at_dawn(match: Any) -> bool:
        return _kinds(match)[-1:] == ["dawn"] and match.rules.day == 2

    match = played("werewolf_v0", at_dawn, preset="classic9", last_words=True)
    assert match.rules.phase.value == "last_words"
    picture = parlour.get_game("werewolf_v0").picture()()
    texts = written(monkeypatch, "werewolf_v0", match, "player_0")
    assert "Werewolf, dawn of day 2" in texts
    assert not picture.is_night(list(match.rules.events))

    def day_started(match: Any) -> bool:
        return _kinds(match).count("day_start") == 2

    match = played("werewolf_v0", day_started, preset="classic9", last_words=True)
    kinds = _kinds(match)
    end = len(kinds) - 1  # the day's start, logged in the step of the last words
    assert kinds[end - 1 :] == ["last_words", "day_start"]
    held = HeldMatch(match, end)
    texts = written(monkeypatch, "werewolf_v0", held, "player_0")
    assert "Werewolf, dawn of day 2" in texts
    last_words = match.rules.events[end - 1].data.text  # in a bubble of one or two rows
    assert " ".join(t for t in texts if t in last_words and len(t) > 8) == last_words
    surface = pygame.Surface((870, 720))
    picture.draw(surface, pygame.Rect(0, 0, 870, 720), held, "player_0")
    assert tuple(surface.get_at((4, 60)))[:3] == draw.BACKGROUND


def _never(match: Any) -> bool:
    return False


@pytest.mark.parametrize(
    ("fmt", "verdicts"),
    [
        (  # profits 0, 0, 1,040.55 and 2,634.10
            "first_price",
            {
                "player_0": "You came joint 3rd of 4 (tied with player_1), with a profit of 0.",
                "player_2": "You came 2nd of 4, with a profit of 1,040.55.",
                "player_3": "You made the most profit: 2,634.10.",
            },
        ),
        (  # profits 0, 0, -594.60 and -1,505.20
            "second_price",
            {
                "player_1": "You tied for the most profit with player_0: 0.",
                "player_2": "You came 3rd of 4, with a profit of -594.60.",
            },
        ),
    ],
)
def test_an_auction_tie_reads_as_a_tie_on_the_result_screen(fmt, verdicts):
    match = played("auction_v0", _never, seed=0, format=fmt)
    picture = parlour.get_game("auction_v0").picture()()
    for seat, verdict in verdicts.items():
        assert picture.outcome(match, seat).verdict == verdict


def test_auction_places_are_ranked_to_the_cent_as_people_read_them():
    from parlour.envs.auction.picture import _verdict

    profit = {"player_0": 0.1 + 0.2, "player_1": 0.3, "player_2": 1.0}  # 0.30000000000000004
    cents = {p: round(v, 2) for p, v in profit.items()}
    assert _verdict("player_0", profit, cents) == (
        "You came joint 2nd of 3 (tied with player_1), with a profit of 0.30.",
        False,
    )


SIXTEEN = ("werewolf",) * 4 + ("seer", "doctor", "witch", "hunter") + ("villager",) * 8


@pytest.mark.parametrize("size", [SIZE, (1280, 800), (1920, 1080)])
@pytest.mark.parametrize("discussion", ["bidding", "round_robin"])
def test_speech_bubbles_never_cover_a_seats_labels_at_a_16_player_table(
    monkeypatch, size, discussion
):
    """Twelve speeches into a 16-player day: each bubble (a white box) keeps clear of every
    seat's name and role labels (they stay readable on both sides of the table)."""

    def spoken(match: Any) -> bool:
        return _kinds(match).count("speech") >= 12

    match = played("werewolf_v0", spoken, roles=SIXTEEN, discussion=discussion)
    labels: list[pygame.Rect] = []
    boxes: list[pygame.Rect] = []
    real_text, real_rect = draw.text, pygame.draw.rect
    names = set(match.players) | {role for role in SIXTEEN}

    def text(surface, message, *args, **kwargs):
        rect = real_text(surface, message, *args, **kwargs)
        if message in names:
            labels.append(rect)
        return rect

    def rect(surface, color, box, width=0, **kwargs):
        if tuple(color) == draw.WHITE and width == 0:
            boxes.append(pygame.Rect(box))
        return real_rect(surface, color, box, width, **kwargs)

    monkeypatch.setattr(draw, "text", text)
    monkeypatch.setattr(pygame.draw, "rect", rect)
    frame = make_frame(parlour.get_game("werewolf_v0"))
    frame.resize(size)
    frame.draw(match, "god")
    monkeypatch.undo()
    assert len(labels) == 32 and len(boxes) >= 4
    covered = [(box, label) for box in boxes for label in labels if box.colliderect(label)]
    assert not covered


def test_a_person_out_of_the_game_skips_to_the_end_with_the_end_key():
    """Killed in night 1, the person presses End: the others play on to the end without a
    pause between moves and without holding the moments that follow (the ballots, exiles)."""
    lingers: list[float] = []
    at: dict[str, int] = {}
    first = ClickFirst()

    def feed(session: TurnSession) -> list[pygame.event.Event]:
        if not session.stage.fate or at:
            return first(session)
        at.update(
            lingers=len(lingers), frames=len(shown.frames), moments=len(session.stage.moments)
        )
        return [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_END, unicode="")]

    config = {"seat_roles": VILLAGER_FIRST}
    session = TurnSession("werewolf_v0", "player_0", aimed(8), seed=1, config=config, feed=feed)
    shown = Shown(session)
    linger = session._linger
    session._linger = lambda seconds: (lingers.append(seconds), linger(seconds))[1]
    session.run(wait_at_end=False)
    assert session.stage.skipping and not session.env.agents  # played to the end
    assert max(lingers[: at["lingers"]]) > 0.0  # the agents' moves were paced before
    after = lingers[at["lingers"] :]
    assert after and not any(after)
    assert len(session.stage.moments) > at["moments"]  # moments came, and none was held
    assert not any(panel and panel[2] for _, panel, _ in shown.frames[at["frames"] :])
    stage = Stage("player_0")
    stage.rules_open, stage.fate = False, "You died in night 1. You are out of the game."
    assert "End: skip there" in stage.waiting(Controls(), "player_0").waiting
    assert stage.key(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_END, unicode=""))
    assert stage.waiting(Controls(), "player_0").waiting.endswith("skipping to the end.")
    playing = Stage("player_0")  # still in the game: End does nothing
    playing.rules_open = False
    assert not playing.key(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_END, unicode=""))
    assert not playing.skipping


def test_end_pressed_while_the_persons_death_is_held_skips_to_the_end():
    """On a real screen the death is held until a key: End there both goes on and skips."""
    sent: list[str] = []
    first = ClickFirst()

    def feed(session: TurnSession) -> list[pygame.event.Event]:
        if session.stage.rules_open:  # (on a real screen the rules wait for a key)
            return [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, unicode=" ")]
        if not session.stage.fate or sent:
            return first(session)
        sent.append(session.stage.moments[-1].fate or "")  # (the held moment is the death)
        return [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_END, unicode="")]

    config = {"seat_roles": VILLAGER_FIRST}
    session = TurnSession(
        "werewolf_v0", "player_0", aimed(8), seed=1, config=config, feed=feed, pace=1000, hold=2
    )
    session.window.watched = True  # (headless: no frame rate, but holds wait for a key)
    session.run(wait_at_end=False)
    assert sent and "You died in night 1" in sent[0]
    assert session.stage.skipping and not session.env.agents
