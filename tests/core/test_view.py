"""Seat views: a seat's own events, numbered for the seat, with no way back to the game."""

from __future__ import annotations

import dataclasses
import gc
import types

import pytest
from pettingzoo import AECEnv, ParallelEnv

import parlour
from parlour.core.events import EventLog, label
from parlour.core.match import Match
from parlour.core.rules import GameRules
from parlour.core.view import SeatView
from parlour.core.view import SeatView as PlayerView
from parlour.envs.overcooked.kitchen import Kitchen, KitchenState
from tests.helpers import random_legal_chooser

#: What no object reachable from a view may be: the game's live state and its containers.
FORBIDDEN = (EventLog, GameRules, Match, AECEnv, ParallelEnv, Kitchen)
#: Code and classes are shared by every game in the process; the walk follows instance data.
_CODE = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.CodeType,
)


def reachable(root: object) -> list[object]:
    """Every object reachable from ``root`` through instance data (gc referents), code and
    classes left out."""
    seen: dict[int, object] = {id(root): root}
    stack = [root]
    while stack:
        for child in gc.get_referents(stack.pop()):
            if id(child) not in seen and not isinstance(child, _CODE):
                seen[id(child)] = child
                stack.append(child)
    return list(seen.values())


def played(env_id: str, steps: int, seed: int = 0, **config: object) -> tuple[object, dict]:
    """An AEC game after ``steps`` random legal actions, with a view per seat made at reset."""
    env = parlour.make(env_id, **config)
    env.reset(seed=seed)
    views = {seat: env.unwrapped.seat_view(seat) for seat in env.possible_agents}
    choose = random_legal_chooser(seed)
    for count, agent in enumerate(env.agent_iter()):
        if count >= steps:
            break
        obs, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else choose(env, agent, obs, info))
    return env, views


@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_nothing_of_the_game_is_reachable_from_a_view(env_id):
    _env, views = played(env_id, 40)
    for view in views.values():
        found = [type(o).__name__ for o in reachable(view) if isinstance(o, FORBIDDEN)]
        assert not found, f"{env_id}: {view} reaches {sorted(set(found))}"
    assert not any(hasattr(views["player_0"], name) for name in ("_env", "match", "rules"))


@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_a_view_holds_exactly_its_seats_events_numbered_for_the_seat(env_id):
    env, views = played(env_id, 60)
    log = env.unwrapped.match.rules.events
    for seat, view in views.items():
        mine = [e for e in log if e.is_visible_to(seat)]
        events = view.events()
        assert len(view) == view.log_length() == len(mine)
        assert [e.index for e in events] == list(range(len(mine)))
        assert [e.kind for e in events] == [label(e.kind) for e in mine]
        assert view.events(3) == events[3:]
        assert all(not hasattr(e, "step") and not hasattr(e, "phase") for e in events)


def test_counts_leave_out_other_seats_private_events():
    env = parlour.make("who_is_spy_v0", num_players=4)
    env.reset(seed=1)
    view = env.unwrapped.seat_view("player_2")
    deals = [e for e in view.events() if e.kind == "deal"]
    assert [e.data.player for e in deals] == ["player_2"]
    # every seat's deal is in the log; the seat counts only its own
    assert len(view) == len(env.unwrapped.match.rules.events) - 3


def test_events_arrive_as_they_are_logged_and_are_read_only():
    env = parlour.make("who_is_spy_v0", num_players=4)
    env.reset(seed=2)
    view = env.unwrapped.seat_view("player_1")
    before = len(view)
    speaker = env.agent_selection
    env.step("it is often round")
    new = view.events(before)
    assert [e.kind for e in new] == ["description"]
    assert new[0].data.player == speaker and new[0].index == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        new[0].data.text = "forged"  # type: ignore[misc]
    round_start = next(e for e in view.events() if e.kind == "round_start")
    assert isinstance(round_start.data.order, tuple)
    assert env.unwrapped.match.rules.events[-1].data.text == "it is often round"


def test_a_view_of_an_old_game_stops_at_reset():
    env = parlour.make("donor_game_v0", num_agents=4, rounds=2)
    env.reset(seed=0)
    old = env.unwrapped.seat_view("player_0")
    count = len(old)
    env.reset(seed=1)
    env.step("[donate 1]")
    assert len(old) == count
    assert isinstance(env.unwrapped.player_view("player_0"), SeatView)
    assert PlayerView is SeatView


def test_unknown_seat_is_refused():
    env = parlour.make("auction_v0")
    env.reset(seed=0)
    with pytest.raises(ValueError, match="player_9"):
        env.unwrapped.seat_view("player_9")


def test_overcooked_view_holds_a_frozen_copy_of_the_kitchen():
    env, views = played("overcooked_v0", 30, layout="cramped_room")
    kitchen = env.unwrapped.match.rules.kitchen
    state = views["player_0"].state()
    assert isinstance(state, KitchenState)
    assert state == kitchen.freeze() == views["player_1"].state()
    mirror = Kitchen(state.layout, state.dynamics)
    mirror.load(state)
    assert mirror.snapshot() == kitchen.snapshot()
    with pytest.raises(AttributeError):
        state.pos = (0, 0)  # type: ignore[misc]
    env.step("[interact]")
    env.step("[north]")  # a new tick: a new copy; the old one is unchanged
    assert views["player_0"].state().timestep == state.timestep + 1
    assert state == mirror.freeze()


def test_games_with_hidden_state_hand_out_no_state():
    assert played("auction_v0", 3)[1]["player_0"].state() is None
