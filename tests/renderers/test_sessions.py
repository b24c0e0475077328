"""A person at the window, played by scripted pygame events."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import json
import math
import re
import time

import pygame
import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.agents.base import BaseAgent
from parlour.renderers.playback import replay_game
from parlour.renderers.session import TurnSession


class ClickFirst:
    """Each frame of the person's turn: on a number turn type the least legal number (rounded
    up to the cent), else click the first action button, or type a line and press Enter when
    the turn has no buttons (speech)."""

    def __init__(self) -> None:
        self.clicks = 0
        self.typed = 0

    def __call__(self, session) -> list[pygame.event.Event]:
        controls = session.controls
        if not controls.active or session.window.frames == 0:
            return []
        line = _least_number(session.match.spec(session.seat).turn_facts(None))
        buttons = session.window.frame.buttons
        if line is None and buttons:
            self.clicks += 1
            rect, _ = buttons[0]
            return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=rect.center)]
        if line is None and controls.legal:
            return []  # this turn's buttons are not drawn yet
        self.typed += 1
        keys = [pygame.event.Event(pygame.KEYDOWN, key=0, unicode=c) for c in line or "I agree"]
        return [*keys, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, unicode="\r")]


def _least_number(facts) -> str | None:
    """The least legal number of a number turn, as typed (None: no number fits)."""
    for rule in facts.get("numbers") or ():
        low = math.ceil(rule["low"]) if rule["integer"] else math.ceil(rule["low"] * 100) / 100
        if low <= rule["high"]:
            return f"[{rule['verb']} {low:g}]" if rule["integer"] else f"[{rule['verb']} {low:.2f}]"
    return None


CONFIGS = {
    "overcooked_v0": {"horizon": 30},
    # a wolf is never killed at night, so the person's seat surely gets turns
    "werewolf_v0": {
        "seat_roles": [
            "werewolf",
            "villager",
            "werewolf",
            "seer",
            "doctor",
            "villager",
            "villager",
            "villager",
        ]
    },
}


@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_scripted_events_play_a_human_seat_through_a_whole_game(env_id, tmp_path):
    feed = ClickFirst()
    path = tmp_path / "game.json"
    session = TurnSession(
        env_id,
        "player_0",
        ["scripted"],
        seed=3,
        config=CONFIGS.get(env_id, {}),
        feed=feed,
        record=path,
    )
    metrics = session.run(wait_at_end=False)
    assert not session.env.agents  # the game ran to its end
    human_moves = [a for seat, a in session.actions if seat == "player_0"]
    assert human_moves and metrics
    assert feed.clicks + feed.typed + len(session.stage.forced) == len(human_moves)
    assert not metrics["invalid_actions"]["player_0"]  # and each was the game's to accept
    replayed = replay_game(path)
    assert replayed.unwrapped.transcript() == session.env.unwrapped.transcript()
    saved = json.loads(path.read_text())
    assert saved["seats"]["player_0"] == "human"


def test_typed_text_and_spectator_perspective_switch():
    def feed(session):
        if session.window.frames == 2:
            return [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_2, unicode="2")]
        return []

    session = TurnSession("who_is_spy_v0", None, ["scripted"], seed=1, feed=feed)
    session.run(wait_at_end=False)
    assert session.viewer == "player_2"  # a spectator may switch perspective


def test_a_seat_cannot_switch_to_another_perspective():
    keys = iter([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_g, unicode="g")])

    def feed(session):
        if session.controls.active and session.window.frame.buttons:
            rect, _ = session.window.frame.buttons[0]
            return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=rect.center)]
        return [next(keys, None)] if session.window.frames == 1 else []

    session = TurnSession(
        "auction_v0",
        "player_1",
        ["random"],
        seed=1,
        feed=lambda s: [e for e in feed(s) if e is not None],
    )
    session.run(wait_at_end=False)
    assert session.viewer == "player_1"


class Slow(BaseAgent):
    """A random player that takes longer than a frame, so the window shows it thinking."""

    name = "slow"

    def __init__(self) -> None:
        super().__init__()
        self.inner = RandomAgent()

    def reset(self, agent_id, seed=None, view=None) -> None:
        super().reset(agent_id, seed, view)
        self.inner.reset(agent_id, seed, view)

    def act(self, observation, info):
        time.sleep(0.05)
        return self.inner.act(observation, info)


#: player_0, the person, is a villager: the night's roles are others'.
NIGHT_ROLES = ["villager", "werewolf", "werewolf", "seer", "doctor", *["villager"] * 3]


def test_a_seat_is_never_told_who_acts_at_night():
    """The status bar names a thinking player only where the seat's own prompt does: the
    speakers of the day, never the wolves, seer or doctor at night (night and day as the seat's
    own events tell them)."""
    from parlour.envs.werewolf.picture import WerewolfPicture as WerewolfView
    from parlour.renderers.base import visible_events

    clicks = ClickFirst()
    shown: list[tuple[bool, str]] = []

    def feed(session):
        if sum(e.kind == "speech" for e in session.match.rules.events) >= 4:
            return [pygame.event.Event(pygame.QUIT)]  # enough: a night and a day's talk
        return clicks(session)

    session = TurnSession(
        "werewolf_v0",
        "player_0",
        [Slow() for _ in range(7)],
        seed=3,
        config={"seat_roles": NIGHT_ROLES},
        feed=feed,
    )
    show = session.window.show

    def record(match, viewer, controls, status, overlay=None):
        shown.append((WerewolfView().is_night(visible_events(match, viewer)), status))
        show(match, viewer, controls, status, overlay)

    session.window.show = record
    session.run(wait_at_end=False)
    night = [status for is_night, status in shown if is_night and status]
    day = [status for is_night, status in shown if not is_night and status]
    assert night and not any(re.search(r"player_\d", status) for status in night)
    assert "waiting for the other players" in night
    assert set(night) <= {"waiting for the other players", "what just happened"}  # (dawn held)
    assert any(re.fullmatch(r"player_[1-7] is thinking", status) for status in day)


AUCTIONS = {
    "english": {"visibility": "anonymous"},
    "first_price": {"visibility": "winner_only", "budget": None},
    "second_price": {"visibility": "full", "value_model": "private"},
    "all_pay": {"visibility": "anonymous", "budget": None, "value_model": "common"},
    "dutch": {"visibility": "winner_only", "dutch_step": 0.1},
}


@pytest.mark.parametrize("fmt", sorted(AUCTIONS))
def test_a_person_plays_every_auction_format_to_the_end(fmt):
    feed = ClickFirst()
    config = {"format": fmt, "num_items": 2, **AUCTIONS[fmt]}
    session = TurnSession("auction_v0", "player_1", ["scripted"], seed=4, config=config, feed=feed)
    metrics = session.run(wait_at_end=False)
    assert not session.env.agents  # the game ran to its end
    human = [a for seat, a in session.actions if seat == "player_1"]
    sent_for = len(session.stage.forced) + len(session.stage.ran)  # (no click: sent for them)
    assert human and feed.clicks + feed.typed + sent_for == len(human)
    assert fmt == "dutch" or any(a.startswith("[bid") for a in human)
    assert not metrics["invalid_actions"]["player_1"]  # every typed bid was legal


def test_a_refused_action_keeps_the_persons_turn():
    """A bid below the minimum is refused with the reason, and the person bids again."""
    attempts = iter(["[bid 1]"])
    notes = []

    def feed(session):
        if not session.controls.active or session.window.frames == 0:
            return []
        notes.append(session.controls.note)
        typed = next(attempts, "[withdraw]")
        keys = [pygame.event.Event(pygame.KEYDOWN, key=0, unicode=c) for c in typed]
        session.controls.typed = ""
        return [*keys, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, unicode="\r")]

    session = TurnSession("auction_v0", "player_0", ["scripted"], seed=1, feed=feed)
    session.run(wait_at_end=False)
    human = [a for seat, a in session.actions if seat == "player_0"]
    assert human[0] == "[withdraw]"
    assert "minimum" in notes[1] or "1" in notes[1]
    assert not session.env.unwrapped.metrics()["invalid_actions"]["player_0"]
