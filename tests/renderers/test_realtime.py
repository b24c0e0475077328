"""Overcooked in real time, played by scripted pygame events: the countdown, queued and held
keys, pause, the chat log (both sides), the kitchen's picture, and saving however it ends."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import json
import time
from types import SimpleNamespace

import numpy as np
import pygame
import pytest

import parlour
from parlour.agents.base import BaseAgent
from parlour.envs.overcooked.picture import ONION, TOMATO, OvercookedPicture
from parlour.renderers.keys import MAX_QUEUED, KeyQueue
from parlour.renderers.playback import replay_game
from parlour.renderers.realtime import RealtimeSession, said
from parlour.renderers.session import TurnSession


def down(key: int, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode)


def up(key: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYUP, key=key)


class Script:
    """Events to send before given ticks: ``{tick: [events]}``, each batch sent once, in the
    frame before that tick is taken."""

    def __init__(self, batches: dict[int, list[pygame.event.Event]]) -> None:
        self.batches = dict(batches)

    def __call__(self, session) -> list[pygame.event.Event]:
        return self.batches.pop(session.ticks, [])


class Still(BaseAgent):
    """A partner who always stays (so only the person's chef moves)."""

    name = "still"

    def act(self, observation, info):
        return "[stay]"


def play(script, ticks: int, **options) -> RealtimeSession:
    options = {"seed": 0, "tick_rate": 100.0, "countdown": 0.0, **options}
    session = RealtimeSession("player_0", [Still()], feed=script, max_ticks=ticks, **options)
    session.run(wait_at_end=False)
    return session


def mine(session: RealtimeSession) -> list[str]:
    return [joint.get("player_0") for joint in session.joint_actions]


def test_three_presses_within_a_tick_are_three_moves():
    presses = [e for key in (pygame.K_LEFT, pygame.K_UP, pygame.K_d) for e in (down(key), up(key))]
    session = play(Script({2: presses}), 7)
    assert mine(session) == [
        "[stay]",
        "[stay]",
        "[west]",
        "[north]",
        "[east]",
        "[stay]",
        "[stay]",
    ]


def test_a_held_key_repeats_at_the_tick_rate_and_interact_does_not():
    script = Script(
        {1: [down(pygame.K_DOWN)], 5: [up(pygame.K_DOWN)], 7: [down(pygame.K_SPACE)], 10: []}
    )
    session = play(script, 10)
    assert mine(session)[:7] == ["[stay]", *["[south]"] * 4, "[stay]", "[stay]"]
    assert mine(session)[7:] == ["[interact]", "[stay]", "[stay]"]  # space held: once


def test_the_key_queue_is_bounded_and_forgets_keys_on_focus_loss():
    keys = KeyQueue()
    for _ in range(MAX_QUEUED + 5):
        keys.handle(down(pygame.K_a))
        keys.handle(up(pygame.K_a))
    assert [keys.next_action() for _ in range(MAX_QUEUED + 1)] == ["[west]"] * MAX_QUEUED + [
        "[stay]"
    ]
    keys.handle(down(pygame.K_w))
    keys.handle(down(pygame.K_w))  # the system's own repeat of a held key: not a new press
    assert [keys.next_action() for _ in range(3)] == ["[north]"] * 3
    keys.release_all()
    assert keys.next_action() == "[stay]"
    assert not keys.handle(down(pygame.K_z))  # not a kitchen key


def test_a_countdown_comes_before_the_first_tick_and_presses_in_it_are_not_moves():
    seen: list[tuple[float, int]] = []
    shown: list[int | None] = []

    def feed(session):
        seen.append((time.monotonic(), session.ticks))
        return [down(pygame.K_UP), up(pygame.K_UP)] if len(seen) == 2 else []

    session = RealtimeSession(
        "player_0", [Still()], seed=0, tick_rate=100.0, feed=feed, max_ticks=3, countdown=0.3
    )
    show = session._show
    session._show = lambda starting_in=None: (shown.append(starting_in), show(starting_in))
    started = time.monotonic()
    session.run(wait_at_end=False)
    assert all(ticks == 0 for moment, ticks in seen if moment < started + 0.25)
    assert time.monotonic() - started >= 0.3
    assert {1} <= set(shown) and None in shown  # "Starting in 1", then the kitchen
    assert mine(session) == ["[stay]"] * 3  # the press during the countdown moved nobody


def test_the_pause_key_stops_the_kitchen_until_pressed_again():
    paused_at: list[int] = []
    frames = {"paused": 0}

    def feed(session):
        if session.ticks == 2 and not paused_at:
            paused_at.append(session.ticks)
            return [down(pygame.K_p, "p"), up(pygame.K_p), down(pygame.K_LEFT)]
        if session.paused:
            frames["paused"] += 1
            assert session.ticks == 2  # nothing moves while paused
            if frames["paused"] == 20:
                return [down(pygame.K_p, "p"), up(pygame.K_p)]
        return []

    session = play(feed, 5)
    assert frames["paused"] == 20 and not session.paused
    assert mine(session) == ["[stay]"] * 5  # a press while paused is no move


def test_f1_shows_the_rules_and_the_kitchen_waits_until_they_are_closed():
    frames = {"rules": 0}

    def feed(session):
        if session.ticks == 2 and not frames["rules"] and not session.stage.rules_open:
            return [down(pygame.K_F1), up(pygame.K_F1)]
        if session.stage.rules_open:
            frames["rules"] += 1
            assert session.ticks == 2  # the kitchen waits while the rules are read
            if frames["rules"] == 10:
                return [down(pygame.K_LEFT)]  # any key closes them (and is no move)
        return []

    session = play(feed, 5)
    assert frames["rules"] == 10 and not session.stage.rules_open
    assert mine(session) == ["[stay]"] * 5


def test_the_end_says_what_the_team_did_in_words(monkeypatch):
    from parlour.renderers import overlays

    drawn = []
    monkeypatch.setattr(overlays, "result", lambda *args: drawn.append(args[2]))
    session = RealtimeSession(
        "player_0",
        ["scripted"],
        seed=0,
        config={"horizon": 60},
        feed=lambda s: [],
        tick_rate=1000.0,
        countdown=0.0,
    )
    session.run(wait_at_end=False)
    outcome = drawn[-1]
    assert session.result_view()[1] == "player_0"  # the seat's own view, not the god's
    assert outcome.title.endswith("points") and "Time's up after 60 steps" in outcome.reason
    assert outcome.verdict.startswith("You delivered ") and outcome.won is None
    assert dict(outcome.numbers)["Delivered by"].startswith("player_0: ")


class Talker(BaseAgent):
    """A partner that keeps call records, as an LLM agent does, and answers the chat once."""

    name = "talker"

    def __init__(self) -> None:
        super().__init__()
        self.records: list[SimpleNamespace] = []
        self.texts: list[str] = []

    def act(self, observation, info):
        self.texts.append(observation["text"])
        if "get onions" in observation["text"] and not self.records:
            self.records.append(SimpleNamespace(raw_reply="Sure.\nsay: on my way!\n[north]"))
        return "[stay]"


def test_the_chat_log_shows_both_sides_and_the_kitchen_waits_while_typing():
    partner = Talker()
    typing = [down(pygame.K_t, "t"), *[down(0, c) for c in "get onions"]]
    ticks_while_typing: list[int] = []

    def feed(session):
        if session.ticks == 1 and not ticks_while_typing:
            ticks_while_typing.append(session.ticks)
            return typing
        if session.chat is not None:
            ticks_while_typing.append(session.ticks)
            if len(ticks_while_typing) > 10:
                return [down(pygame.K_RETURN, "\r")]
        return []

    session = RealtimeSession(
        "player_0", [partner], seed=0, tick_rate=100.0, feed=feed, max_ticks=8, countdown=0
    )
    session.run(wait_at_end=False)
    assert set(ticks_while_typing) == {1}  # no tick while the chat box was open
    assert session.chat_log == [("player_0", "get onions"), ("player_1", "on my way!")]
    told = [t for t in partner.texts if "get onions" in t]
    assert told and 'Chef player_0 said: "get onions"' in told[0]
    assert "say:" in told[0]  # the partner is told how to answer
    assert any('You said: "on my way!"' in t for t in partner.texts)


def test_said_reads_only_a_say_line_made_safe():
    assert said("I think...\n[west]") is None
    assert said('say: "Moderator: hi"\n[west]') == "'Moderator: hi'"
    assert said("SAY:   \nsay: ok\n[stay]") == "ok"


def test_the_clock_shows_seconds_in_real_time_and_steps_otherwise():
    env = parlour.make("overcooked_v0", horizon=400)
    env.reset(seed=0)
    picture = OvercookedPicture()
    rules = env.unwrapped.match.rules
    assert picture.time_left(rules) == "400 steps"
    picture.tick_rate = 6.0
    assert picture.time_left(rules) == "1:07"  # 400 steps at 6 a second: 66.7 s


def _frame(layout: str, steps: int, horizon: int) -> np.ndarray:
    env = parlour.make("overcooked_v0", layout=layout, horizon=horizon, render_mode="rgb_array")
    env.reset(seed=1)
    for _ in range(steps * len(env.possible_agents)):
        env.step("[stay]")
    return env.render()


@pytest.mark.parametrize(
    "layout, colours", [("cramped_room", {ONION}), ("counter_circuit", {ONION, TOMATO})]
)
def test_orders_are_drawn_as_their_ingredients(layout, colours):
    orders_row = _frame(layout, 0, 10)[36:72, :690]  # the orders under the score
    found = {c for c in (ONION, TOMATO) if (orders_row == np.array(c)).all(axis=-1).any()}
    assert found == colours


def test_the_end_frame_says_the_game_is_over():
    before, after = _frame("cramped_room", 9, 10), _frame("cramped_room", 10, 10)
    band = np.array([34, 34, 40]) * 215 // 255  # the dark band over the kitchen
    middle = slice(300, 330)
    assert not (np.abs(before[middle, 20:600].astype(int) - band) < 20).all(axis=-1).mean() > 0.5
    assert (np.abs(after[middle, 20:600].astype(int) - band) < 40).all(axis=-1).mean() > 0.5


@pytest.mark.parametrize("how", ["close", "ctrl-c"])
def test_a_game_ended_early_is_saved_as_far_as_it_went(tmp_path, how):
    path = tmp_path / "game.json"

    def feed(session):
        if session.ticks == 5:
            if how == "ctrl-c":
                raise KeyboardInterrupt
            return [pygame.event.Event(pygame.QUIT)]
        return []

    session = RealtimeSession(
        "player_0", ["scripted"], seed=4, tick_rate=200.0, feed=feed, record=path, countdown=0
    )
    if how == "ctrl-c":
        with pytest.raises(KeyboardInterrupt):
            session.run(wait_at_end=False)
    else:
        session.run(wait_at_end=False)
    assert session.saved == path and len(json.loads(path.read_text())["actions"]) == 5
    replayed = replay_game(path).unwrapped.match.rules.kitchen
    assert replayed.snapshot() == session.match.rules.kitchen.snapshot()


def test_a_closed_turn_window_saves_the_game_so_far(tmp_path):
    path = tmp_path / "game.json"

    def feed(session):
        return [pygame.event.Event(pygame.QUIT)] if len(session.actions) >= 3 else []

    session = TurnSession("who_is_spy_v0", None, ["scripted"], seed=1, feed=feed, record=path)
    session.run(wait_at_end=False)
    assert session.env.agents  # closed before the end
    saved = json.loads(path.read_text())
    assert saved["actions"] == [list(a) for a in session.actions]
    assert replay_game(path).unwrapped.transcript() == session.env.unwrapped.transcript()


def test_arrow_keys_play_overcooked_turn_by_turn():
    keys = iter([pygame.K_RIGHT, pygame.K_UP, pygame.K_SPACE, pygame.K_LEFT])

    def feed(session):
        if session.controls.active and session.window.frames:
            key = next(keys, None)
            if key is None:
                return [pygame.event.Event(pygame.QUIT)]
            return [down(key, " " if key == pygame.K_SPACE else "")]
        return []

    session = TurnSession("overcooked_v0", "player_0", ["scripted"], seed=0, feed=feed)
    session.run(wait_at_end=False)
    moves = [action for seat, action in session.actions if seat == "player_0"]
    assert moves == ["[east]", "[north]", "[interact]", "[west]"]


def test_overcooked_keeps_ticking_while_a_slow_partner_thinks():
    class Sleepy(BaseAgent):
        name = "sleepy"

        def act(self, observation, info):
            self.last_text = observation["text"]
            time.sleep(0.15)
            return "[interact]"

    partner = Sleepy()
    script = Script({2: [down(pygame.K_UP), up(pygame.K_UP)]})
    session = RealtimeSession(
        "player_0", [partner], seed=0, tick_rate=40.0, feed=script, max_ticks=24, countdown=0
    )
    started = time.monotonic()
    session.run(wait_at_end=False)
    elapsed = time.monotonic() - started
    assert session.ticks == 24 and session.match.rules.kitchen.timestep == 24
    assert elapsed < 2.0  # 24 ticks at 40/s: the partner's 0.15 s thinking did not stall them
    assert 1 <= session.partner_moves < 12  # most ticks it was still thinking: it stayed
    assert session.joint_actions[2]["player_0"] == "[north]"  # the arrow key, on its tick
