"""Frames of every game: valid images that follow the game, and no secret in a player's picture."""

from __future__ import annotations

import dataclasses
import itertools
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.renderers import make_frame
from parlour.renderers.frame import to_array
from parlour.renderers.picture import Picture

ENVS = parlour.list_envs()


def play_some(env, steps: int, seed: int = 0):
    agents = {a: RandomAgent() for a in env.possible_agents}
    for index, (seat, agent) in enumerate(agents.items()):
        agent.reset(seat, seed + index, env.unwrapped.seat_view(seat))
    for count, seat in enumerate(env.agent_iter()):
        if count >= steps:
            break
        observation, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else agents[seat].act(observation, info))


@pytest.mark.parametrize("env_id", ENVS)
def test_rgb_frames_are_images_that_change_with_the_game(env_id):
    env = parlour.make(env_id, render_mode="rgb_array")
    env.reset(seed=2)
    frames = [env.render()]
    while len(frames) < 4 and env.agents:
        play_some(env, 4, seed=len(frames))
        frames.append(env.render())
    assert len(frames) == 4
    for frame in frames:
        assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
        assert frame.shape == frames[0].shape and frame.std() > 10  # a picture, not a blank
    changed = [not np.array_equal(a, b) for a, b in itertools.pairwise(frames)]
    assert all(changed), f"{env_id}: a frame did not change after 4 actions"
    env.close()


@pytest.mark.parametrize("env_id", ENVS)
def test_every_player_view_draws(env_id):
    env = parlour.make(env_id)
    env.reset(seed=1)
    play_some(env, 20)
    frame = make_frame(parlour.get_game(env_id))
    pictures = {
        viewer: to_array(frame.draw(env.unwrapped.match, viewer))
        for viewer in ["god", *env.possible_agents[:3]]
    }
    assert not np.array_equal(pictures["god"], pictures["player_0"])  # views differ


def _frame(env, viewer):
    return to_array(make_frame(env.unwrapped.game).draw(env.unwrapped.match, viewer))


# Configs that differ only in secrets player_0 cannot know: who else is the spy, which other seat
# is the seer or the wolf, which other seat is the impostor.
SECRET_SWAPS = {
    "who_is_spy_v0": (
        {"num_players": 5, "roles": ["civilian", "spy", "civilian", "civilian", "civilian"]},
        {"num_players": 5, "roles": ["civilian", "civilian", "civilian", "spy", "civilian"]},
    ),
    "werewolf_v0": (
        {
            "seat_roles": [
                "villager",
                "werewolf",
                "werewolf",
                "seer",
                "doctor",
                "villager",
                "villager",
                "villager",
            ]
        },
        {
            "seat_roles": [
                "villager",
                "seer",
                "werewolf",
                "werewolf",
                "villager",
                "villager",
                "doctor",
                "villager",
            ]
        },
    ),
    "among_us_v0": (
        {"seat_roles": ["crewmate", "impostor", "crewmate", "crewmate", "crewmate", "crewmate"]},
        {"seat_roles": ["crewmate", "crewmate", "crewmate", "crewmate", "impostor", "crewmate"]},
    ),
}


@pytest.mark.parametrize("env_id", sorted(SECRET_SWAPS))
def test_a_seat_sees_the_same_picture_whoever_holds_the_other_secrets(env_id):
    first, second = SECRET_SWAPS[env_id]
    frames = []
    for config in (first, second):
        env = parlour.make(env_id, **config)
        env.reset(seed=4)
        frames.append(_frame(env, "player_0"))
    assert np.array_equal(*frames)
    env = parlour.make(env_id, **first)
    env.reset(seed=4)
    god = _frame(env, "god")
    env = parlour.make(env_id, **second)
    env.reset(seed=4)
    assert not np.array_equal(god, _frame(env, "god"))  # the check can fail: secrets are drawn


def test_auction_values_and_donations_of_others_stay_out_of_the_picture():
    """Permute what only others know (their cards; donations between others) in the log and
    the rules: player_0's picture must not change."""
    for env_id, steps in (("auction_v0", 30), ("donor_game_v0", 30)):
        env = parlour.make(env_id)
        env.reset(seed=5)
        play_some(env, steps)
        before = _frame(env, "player_0")
        rules = env.unwrapped.match.rules
        log = rules.events
        for index, event in enumerate(log):
            if not event.is_visible_to("player_0"):
                log._events[index] = event._replace(data=_sevens(event.data))
        if env_id == "donor_game_v0":
            for player in rules.players[1:]:
                rules.resources[player] = 999.0
        assert np.array_equal(before, _frame(env, "player_0")), env_id


def _sevens(data):
    """``data`` (a dict or a typed payload) with its money fields set to 7."""
    keys = ("values", "budget", "amount", "recipient_resources", "paid")
    if dataclasses.is_dataclass(data):
        fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    else:
        fields = dict(data)
    changes = {
        key: [7.0] * len(fields[key]) if isinstance(fields[key], (list, tuple)) else 7.0
        for key in keys
        if key in fields
    }
    if dataclasses.is_dataclass(data):
        changes = {k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()}
        return dataclasses.replace(data, **changes)
    return {**fields, **changes}


class Blank(Picture):
    """A stand-in picture: fills its area with one colour."""

    def draw(self, surface, area, match, viewer):
        surface.fill((1, 2, 3), area)


def test_the_frame_draws_the_picture_the_game_declares():
    game = dataclasses.replace(parlour.get_game("donor_game_v0"), picture=lambda: Blank)
    env = game.env(render_mode="rgb_array")
    env.reset(seed=0)
    assert (to_array(make_frame(game).draw(env.unwrapped.match, "god"))[10, 10] == (1, 2, 3)).all()
    assert (env.render()[10, 10] == (1, 2, 3)).all()
