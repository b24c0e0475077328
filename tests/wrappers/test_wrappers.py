"""The RL faces: discrete actions with masks, numeric views, the Parallel and single-agent
versions, and the trajectory recorder, for every registered env."""

from __future__ import annotations

import warnings

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from hypothesis import given
from hypothesis import strategies as st
from pettingzoo.test import api_test, parallel_api_test, seed_test
from pettingzoo.utils import TerminateIllegalWrapper

import parlour
from parlour.core.errors import ConfigError
from parlour.registry import get_game, single_agent_id
from parlour.wrappers import (
    DiscreteActions,
    DiscreteParallel,
    NumericObservations,
    SingleAgentEnv,
    TrajectoryRecorder,
)
from parlour.wrappers.discrete import NOOP_INDEX, RL_INFO_KEYS
from parlour.wrappers.recorder import read_trajectories
from tests.helpers import env_variants

ENV_IDS = parlour.list_envs()
CASES = env_variants()


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def discrete(env_id, **config):
    return DiscreteActions(NumericObservations(parlour.make(env_id, **config)))


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_discrete_numeric_env_passes_pettingzoo_tests(env_id):
    api_test(TerminateIllegalWrapper(discrete(env_id), -1.0), num_cycles=200)
    seed_test(lambda: TerminateIllegalWrapper(discrete(env_id), -1.0), num_cycles=200)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_every_menu_entry_is_legal_and_every_vector_fits(case):
    """Every index the mask allows is a legal action, every choice of the turn has an index,
    and the mask is a fresh array each time."""
    env_id, _, config = case
    env = discrete(env_id, **config)
    views = get_game(env_id).rl
    size = views.numeric_size(env.unwrapped.config)
    for seed in range(4):
        env.reset(seed=seed)
        rng = np.random.default_rng(seed)
        for agent in env.agent_iter():
            observation, _, terminated, truncated, _ = env.last()
            assert observation["observation"].shape == (size,)
            assert env.observation_space(agent).contains(observation)
            mask = observation["action_mask"]
            if terminated or truncated:  # nothing to choose: the no-op index alone
                assert mask.sum() == 1 and mask[NOOP_INDEX] and env.action_menu(agent) == ()
                env.step(None)
                continue
            menu = env.action_menu(agent)
            assert mask.any() and len(menu) == mask.sum()
            assert len(set(menu)) == len(menu)  # no repeats, and every choice offered
            assert set(env.unwrapped.match.spec(agent).choices) <= set(menu)
            mask[:] = 0  # the caller's own array: the next observation is not touched
            assert env.observe(agent)["action_mask"].sum() == len(menu)
            env.step(int(rng.choice(np.flatnonzero(env.observe(agent)["action_mask"]))))
        assert env.unwrapped.metrics()["invalid_total"] == 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_a_numeric_view_is_the_callers_own_and_a_function_of_the_state(case):
    """A vector may be written by its caller without changing the next one, and encoding the
    same state twice gives the same vector, for any player, at any step."""
    env_id, _, config = case
    env = parlour.make(env_id, **config)
    views = get_game(env_id).rl
    for seed in range(2):
        env.reset(seed=seed)
        rng = np.random.default_rng(seed)
        rules = env.unwrapped.match.rules
        for _ in env.agent_iter(1500):
            _, _, terminated, truncated, info = env.last()
            for viewer in env.possible_agents:
                first = views.encode(rules, viewer)
                expected = first.copy()
                first[:] = 7.0
                np.testing.assert_array_equal(views.encode(rules, viewer), expected, err_msg=viewer)
            legal = info.get("legal_actions") or info.get("choices") or ["hmm"]
            env.step(None if terminated or truncated else str(rng.choice(legal)))


def test_number_turns_offer_a_grid_and_speech_turns_the_games_acts():
    env = discrete("donor_game_v0")
    env.reset(seed=0)
    menu = env.action_menu(env.agent_selection)
    assert menu[0] == "[donate 0]" and menu[-1] == "[donate 10]" and len(menu) == 6
    env = discrete(
        "werewolf_v0", seat_roles=("werewolf",) * 2 + ("seer", "doctor") + ("villager",) * 4
    )
    env.reset(seed=0)
    while env.unwrapped.match.rules.phase.value != "discussion":
        env.step(0)
    menu = env.action_menu(env.agent_selection)
    assert "I am the seer." in menu and any(m.startswith("I suspect player_") for m in menu)
    env = discrete("auction_v0", format="second_price", value_model="private")
    env.reset(seed=0)
    agent = env.agent_selection
    value = env.unwrapped.match.rules.item.shown[agent]  # bids at fractions of the own value
    bids = [float(m[5:-1]) for m in env.action_menu(agent) if m.startswith("[bid ")]
    assert len(bids) == 6 and round(value, 2) in bids and round(0.5 * value, 2) in bids
    assert env.action_menu(agent)[-1] == "[withdraw]"


@given(
    st.floats(0, 30_000, allow_nan=False),
    st.floats(0, 30_000, allow_nan=False),
    st.floats(-100, 30_000, allow_nan=False),
    st.booleans(),
)
def test_auction_bid_menus_are_whole_cents_in_range_as_defined(low, span, value, english):
    """The bid menu: the minimum bid (English) and the value levels, each rounded to whole
    cents and clamped into the legal range, repeats dropped; checked against that definition
    written plainly (the menu skips rounding the minimum: clamped, it is always the lowest
    cent in range)."""
    from parlour.core.numeric import cent_bounds
    from parlour.envs.auction.rl import VALUE_FRACTIONS, _bid_menu

    low = round(low, 3) + 1e-9 * (low % 3)  # bounds may carry float noise
    high = low + span
    lowest, highest = cent_bounds(low, high)
    wanted = [round(low, 2)] if english else []
    wanted += [round(f * value, 2) for f in VALUE_FRACTIONS]
    clamped = dict.fromkeys(min(highest, max(lowest, bid)) for bid in wanted)
    menu = _bid_menu(low, high, value, english)
    assert menu[-1] == "[withdraw]"
    assert [float(token[5:-1]) for token in menu[:-1]] == list(clamped)
    if lowest <= highest:  # (a range without a whole cent in it offers its upper cent)
        assert all(low <= float(token[5:-1]) <= high for token in menu[:-1])


def test_an_index_outside_the_menu_gets_the_games_default():
    env = discrete("who_is_spy_v0")
    env.reset(seed=0)
    agent = env.agent_selection
    env.step(len(env.action_menu(agent)))  # an index past the turn's menu
    assert "invalid_action" in env.unwrapped.infos[agent]


@pytest.mark.parametrize(
    "env_id, config, viewer, swap",
    [
        ("werewolf_v0", {}, "player_4", ("player_2", "player_3")),  # seer and doctor
        ("among_us_v0", {}, "player_3", ("player_0", "player_1")),  # impostor and crewmate
        ("who_is_spy_v0", {}, "player_5", ("player_0", "player_1")),  # spy and civilian
    ],
)
def test_numeric_views_do_not_depend_on_secrets_the_viewer_cannot_know(
    env_id, config, viewer, swap
):
    """Swap two other players' roles: everything the viewer sees must stay identical."""
    roles = {
        "werewolf_v0": ("werewolf", "werewolf", "seer", "doctor") + ("villager",) * 4,
        "among_us_v0": ("impostor",) + ("crewmate",) * 5,
        "who_is_spy_v0": ("spy",) + ("civilian",) * 5,
    }[env_id]
    swapped = list(roles)
    a, b = (int(p.split("_")[1]) for p in swap)
    swapped[a], swapped[b] = swapped[b], swapped[a]
    key = {"werewolf_v0": "seat_roles", "among_us_v0": "seat_roles", "who_is_spy_v0": "roles"}[
        env_id
    ]
    views = get_game(env_id).rl
    encodings = []
    for seats in (roles, tuple(swapped)):
        env = parlour.make(env_id, **{key: seats}, **config)
        env.reset(seed=0)
        encodings.append(views.encode(env.unwrapped.match.rules, viewer))
    np.testing.assert_array_equal(*encodings)


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_parallel_version_passes_and_converts_with_supersuit(env_id):
    supersuit = pytest.importorskip("supersuit")
    parallel_api_test(DiscreteParallel(parlour.make_parallel(env_id)), num_cycles=100)
    vec = supersuit.pettingzoo_env_to_vec_env_v1(DiscreteParallel(parlour.make_parallel(env_id)))
    observations, _ = vec.reset(seed=0)
    n = len(parlour.make(env_id).possible_agents)
    assert observations["observation"].shape[0] == n
    for _ in range(20):
        masks = observations["action_mask"]
        assert masks.any(axis=1).all()  # a seat not acting has the no-op index alone
        actions = np.array([int(np.flatnonzero(m)[0]) for m in masks])
        observations, rewards, _, _, _ = vec.step(actions)
        assert rewards.shape == (n,)


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_single_agent_env_passes_the_gymnasium_checker(env_id):
    env = gymnasium.make(single_agent_id(env_id))
    check_env(env.unwrapped)
    rewards = []
    for seed in range(3):
        observation, info = env.reset(seed=seed)
        assert set(info) == set(RL_INFO_KEYS) and env.unwrapped.action_menu()
        done, total = False, 0.0
        while not done:
            legal = np.flatnonzero(observation["action_mask"])
            observation, reward, terminated, truncated, info = env.step(int(legal[0]))
            total += reward
            done = terminated or truncated
        rewards.append(total)
    again, _ = env.reset(seed=1)
    first, _ = gymnasium.make(single_agent_id(env_id)).reset(seed=1)
    np.testing.assert_array_equal(again["observation"], first["observation"])


def test_single_agent_envs_vectorise():
    make = lambda: gymnasium.make("parlour/Auction-single-v0")  # noqa: E731
    sync = gymnasium.vector.SyncVectorEnv([make, make])
    observations, _ = sync.reset(seed=0)
    assert observations["observation"].shape[0] == 2
    observations, rewards, *_ = sync.step(np.array([0, 0]))
    assert rewards.shape == (2,)
    asynchronous = gymnasium.vector.AsyncVectorEnv([make, make])
    try:
        observations, _ = asynchronous.reset(seed=0)
        assert observations["action_mask"].shape[0] == 2
    finally:
        asynchronous.close()


def test_single_agent_env_checks_its_arguments():
    with pytest.raises(ConfigError, match="seat"):
        SingleAgentEnv("who_is_spy_v0", seat="player_9")
    with pytest.raises(ConfigError, match="opponent specs"):
        SingleAgentEnv("who_is_spy_v0", opponents=["random"] * 2)


def test_the_recorder_writes_one_row_per_step(tmp_path):
    path = tmp_path / "donor.jsonl"
    env = TrajectoryRecorder(
        DiscreteActions(NumericObservations(parlour.make("donor_game_v0"), keep_text=False)), path
    )
    steps = 0
    for seed in (0, 1):
        env.reset(seed=seed)
        for _ in env.agent_iter():
            observation, _, terminated, truncated, _ = env.last()
            env.step(
                None
                if terminated or truncated
                else int(np.flatnonzero(observation["action_mask"])[-1])
            )
            steps += 1
    env.close()
    rows = read_trajectories(path)
    assert len(rows) == steps and {r["game"] for r in rows} == {0, 1}
    assert (
        "text" not in rows[0]["observation"] and len(rows[0]["observation"]["action_mask"]) == env.n
    )
    final = [r for r in rows if r["terminated"]]
    assert final and all(r["action"] is None for r in final)
    assert sum(r["reward"] for r in final if r["game"] == 0) > 0  # everyone gave all: all gained


def test_reset_never_hands_over_a_game_the_seat_cannot_play():
    env = SingleAgentEnv("werewolf_v0", opponents="random")
    for seed in range(25):  # some of these deal player_0 a role that dies on the first night
        observation, _ = env.reset(seed=seed)
        assert observation["action_mask"].any()
