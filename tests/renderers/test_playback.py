"""``parlour replay --window``: pause, step and speed keys, and a window that stays open on the
last move until the person closes it."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import json
from pathlib import Path

import pygame
import pytest

from parlour.renderers.playback import SPEEDS, Playback, show_replay
from parlour.renderers.realtime import RealtimeSession
from parlour.renderers.saved import read_game
from parlour.renderers.session import TurnSession


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, unicode="")


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("replay") / "game.json"
    TurnSession("who_is_spy_v0", None, ["scripted"], seed=2, headless=True, record=path).run(
        wait_at_end=False
    )
    return str(path)


def test_keys_pause_step_back_and_forth_and_change_speed(saved):
    record = read_game(saved)
    play = Playback(record, saved, fps=4.0)
    assert play.playing and play.move == 0 and play.speed == 4.0
    play.advance()
    play.advance()
    play.key(pygame.K_SPACE)
    assert not play.playing
    play.advance()  # paused: nothing moves
    assert play.move == 2
    play.key(pygame.K_RIGHT)
    assert play.move == 3 and not play.playing
    after_three = play.env.unwrapped.transcript()
    play.key(pygame.K_RIGHT)
    play.key(pygame.K_LEFT)  # back: the game is played again to the move before
    assert play.move == 3 and play.env.unwrapped.transcript() == after_three
    play.key(pygame.K_UP)
    play.key(pygame.K_UP)
    assert play.speed == 16.0
    for _ in range(20):
        play.key(pygame.K_DOWN)
    assert play.speed == SPEEDS[0]
    play.key(pygame.K_END)
    assert play.at_end and play.move == len(record["actions"])
    play.key(pygame.K_HOME)
    assert play.move == 0
    assert not play.key(pygame.K_q) and not play.key(pygame.K_ESCAPE)


def test_the_window_stays_on_the_last_move_until_closed(saved):
    total = len(json.loads(Path(saved).read_text())["actions"])
    log: list[tuple[int, bool]] = []

    def feed(play):
        log.append((play.move, play.at_end))
        if sum(at_end for _, at_end in log) == 50:  # long after the last move
            return [key(pygame.K_q)]
        return []

    frames = show_replay(saved, "god", fps=64.0, feed=feed)
    assert log[-1] == (total, True) and sum(at_end for _, at_end in log) == 50
    assert frames == total  # drawn once a move (and not again while nothing changes)


def test_the_replay_lists_its_own_keys_not_the_play_windows(saved, monkeypatch):
    """F1 shows no rules in a replay: the status line lists the replay's keys only."""
    from parlour.renderers.frame import Frame

    seen = []
    original = Frame.draw

    def spy(self, *args, **kwargs):
        seen.append((self.keys, args[3]))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Frame, "draw", spy)
    show_replay(saved, "god", fps=64.0, feed=lambda play: [key(pygame.K_q)] * play.at_end)
    assert seen and all(keys == "" for keys, _ in seen)
    assert any("R result" in status and "Q quit" in status for _, status in seen)


def test_space_at_the_end_plays_again_from_the_start(saved):
    moves: list[int] = []
    ends = []

    def feed(play):
        moves.append(play.move)
        if not play.at_end:
            return []
        ends.append(len(moves))
        if len(ends) == 1:
            return [key(pygame.K_SPACE)]  # again, from the start
        return [pygame.event.Event(pygame.QUIT)]  # the close button, at the second end

    show_replay(saved, "player_1", fps=64.0, feed=feed)
    total = max(moves)
    again = moves[ends[0] :]
    assert len(ends) == 2 and again[0] <= 1 and again[-1] == total
    assert again == sorted(again)  # the second time through, move by move


def test_a_game_closed_early_plays_back_to_where_it_stopped(tmp_path):
    path = tmp_path / "early.json"

    def feed(session):
        return [pygame.event.Event(pygame.QUIT)] if session.ticks == 7 else []

    RealtimeSession(
        "player_0", ["scripted"], seed=1, tick_rate=300.0, feed=feed, record=path, countdown=0
    ).run(wait_at_end=False)
    assert show_replay(path, "god", fps=64.0, feed=lambda play: [], until_closed=False) == 7
