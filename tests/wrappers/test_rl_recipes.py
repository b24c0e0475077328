"""What RL libraries' standard recipes need from the RL faces, for every registered env: masks
that are never all zeros (Gymnasium's autoreset hands the terminal one to the policy),
``action_masks()`` where sb3-contrib's MaskablePPO looks for it, the render modes SB3's
``make_vec_env`` asks for, and infos that stack the way a replay buffer stacks them."""

from __future__ import annotations

import warnings
from typing import Any

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import parlour
from parlour.core.errors import ConfigError
from parlour.registry import get_game, single_agent_id
from parlour.wrappers import DiscreteActions, DiscreteParallel, NumericObservations, SelfPlayEnv
from parlour.wrappers.discrete import NOOP_INDEX, RL_INFO_KEYS
from tests.helpers import env_variants

ENV_IDS = parlour.list_envs()
CASES = env_variants()


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def stack_like_a_buffer(infos: list[dict]) -> dict[str, np.ndarray]:
    """Stack each key over steps as Tianshou's buffer does (``np.stack``), refusing what it
    refuses: keys that come and go, None, ragged or object values."""
    assert infos, "nothing to stack"
    keys = set(infos[0])
    stacked = {}
    for info in infos:
        assert set(info) == keys, f"keys differ: {sorted(info)} vs {sorted(keys)}"
    for key in sorted(keys):
        values = [info[key] for info in infos]
        assert all(v is not None for v in values), key
        column = np.stack([np.asarray(v) for v in values])
        assert column.dtype != object and column.shape[0] == len(infos), key
        stacked[key] = column
    return stacked


def noop_mask(n: int) -> list[int]:
    return [1 if i == NOOP_INDEX else 0 for i in range(n)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_aec_masks_are_never_all_zeros_and_infos_stack(case):
    """Every seat's observation at every step, the terminal ones included, has a mask with a
    legal entry (the no-op alone when the seat has nothing to choose); every seat's info has
    the same keys every step and stacks."""
    env_id, _, config = case
    env = DiscreteActions(NumericObservations(parlour.make(env_id, **config), keep_text=False))
    env.reset(seed=3)
    rng = np.random.default_rng(3)
    rows: list[dict] = []
    for agent in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        assert info == env.infos[agent] and set(info) == set(RL_INFO_KEYS)
        for seat in env.agents:
            mask = env.observe(seat)["action_mask"]
            if not env.infos[seat]["acting"]:
                assert mask.tolist() == noop_mask(env.n), seat
            assert mask.any(), seat
        rows.extend(env.infos.values())
        if terminated or truncated:
            assert observation["action_mask"].tolist() == noop_mask(env.n)
            env.step(NOOP_INDEX)  # what a masked policy sends: ignored
            continue
        assert info["acting"]
        env.step(int(rng.choice(np.flatnonzero(observation["action_mask"]))))
    stacked = stack_like_a_buffer(rows)
    assert stacked["acting"].any() and not stacked["invalid_action"].any()


def test_aec_infos_flag_an_invalid_action_until_the_seat_acts_again():
    env = DiscreteActions(NumericObservations(parlour.make("who_is_spy_v0")))
    env.reset(seed=0)
    agent = env.agent_selection
    env.step(len(env.action_menu(agent)))  # an index past the turn's menu: invalid
    assert env.infos[agent]["invalid_action"] and "invalid_action" in env.unwrapped.infos[agent]
    while env.agent_selection != agent:
        env.step(int(np.flatnonzero(env.last()[0]["action_mask"])[0]))
    assert env.last()[4] == {"acting": True, "invalid_action": True}
    env.step(0)
    assert not env.infos[agent]["invalid_action"]


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_parallel_masks_and_infos_stack_over_a_whole_game(env_id):
    env = DiscreteParallel(parlour.make_parallel(env_id))
    observations, infos = env.reset(seed=1)
    rng = np.random.default_rng(1)
    rows, masks = list(infos.values()), [o["action_mask"] for o in observations.values()]
    while env.agents:
        actions = {
            a: int(rng.choice(np.flatnonzero(o["action_mask"]))) for a, o in observations.items()
        }
        observations, _, _, _, infos = env.step(actions)
        assert set(infos) == set(observations) == set(env.possible_agents)
        rows += infos.values()
        masks += [o["action_mask"] for o in observations.values()]
        for agent, observation in observations.items():
            if not infos[agent]["acting"]:
                assert observation["action_mask"].tolist() == noop_mask(env.n)
    assert all(m.any() for m in masks)
    stacked = stack_like_a_buffer(rows)
    assert stacked["acting"].any() and not stacked["invalid_action"].any()
    assert env.last_text_infos and "acting" in next(iter(env.last_text_infos.values()))


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_single_agent_env_offers_action_masks_and_infos_that_stack(env_id):
    env = gymnasium.make(single_agent_id(env_id))
    single = env.unwrapped
    rows, rng = [], np.random.default_rng(0)
    for seed in range(2):
        observation, info = env.reset(seed=seed)
        rows.append(info)
        done = False
        while not done:
            masks = single.action_masks()
            assert masks.dtype == bool and masks.any()
            assert masks.tolist() == observation["action_mask"].astype(bool).tolist()
            assert len(single.action_menu()) == masks.sum()
            observation, _, terminated, truncated, info = env.step(
                int(rng.choice(np.flatnonzero(masks)))
            )
            rows.append(info)
            done = terminated or truncated
        # the terminal observation, which a vector env hands to the policy before it resets
        assert observation["action_mask"].tolist() == noop_mask(env.action_space.n)
        assert single.action_masks().any() and single.action_menu() == []
    stacked = stack_like_a_buffer(rows)
    assert set(stacked) == set(RL_INFO_KEYS)


def test_a_vector_env_never_hands_the_policy_an_all_zero_mask():
    """Gymnasium's default autoreset returns the terminal observation and ignores the next
    action: the standard ``-inf`` masking of logits must still leave an action every step."""
    make = lambda: gymnasium.make("parlour/DonorGame-single-v0", num_agents=4)  # noqa: E731
    envs = gymnasium.vector.SyncVectorEnv([make, make])
    observations, infos = envs.reset(seed=0)
    rng = np.random.default_rng(0)
    episodes = 0
    for _ in range(60):
        masks = observations["action_mask"].astype(bool)
        assert masks.any(axis=1).all()
        logits = np.where(masks, rng.normal(size=masks.shape), -np.inf)
        probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
        assert np.isfinite(probabilities).all()
        observations, _, terminated, truncated, infos = envs.step(logits.argmax(axis=1))
        assert infos["acting"].dtype == bool and infos["invalid_action"].dtype == bool
        episodes += int((terminated | truncated).sum())
    assert episodes >= 2


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_single_agent_env_takes_its_games_render_modes(env_id):
    modes = get_game(env_id).render_modes
    env = gymnasium.make(single_agent_id(env_id), render_mode="ansi")
    env.reset(seed=0)
    assert env.render() == env.unwrapped.aec_env.unwrapped.match.transcript_text("player_0")
    if "rgb_array" in modes:
        env = gymnasium.make(single_agent_id(env_id), render_mode="rgb_array")
        env.reset(seed=0)
        frame = env.render()
        assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
        assert env.unwrapped.metadata["render_modes"] == list(modes)
    with pytest.raises(ConfigError, match="render_mode must be None or one of"):
        gymnasium.make(single_agent_id(env_id), render_mode="bogus")


def test_the_single_agent_picture_is_the_seats_own_view():
    env = parlour.wrappers.SingleAgentEnv("werewolf_v0", seat="player_2", render_mode="ansi")
    observation, _ = env.reset(seed=0)
    done = False
    while not done:
        action = int(observation["action_mask"].argmax())
        observation, _, terminated, truncated, _ = env.step(action)
        done = terminated or truncated
    match = env.aec_env.unwrapped.match
    assert env.render() == match.transcript_text("player_2") != match.transcript_text("god")


def test_sb3_make_vec_env_and_its_env_method_reach_action_masks():
    """SB3's ``make_vec_env`` passes ``render_mode="rgb_array"``; sb3-contrib's MaskablePPO
    asks a vector env for ``has_attr("action_masks")`` and ``env_method("action_masks")``."""
    env_util = pytest.importorskip("stable_baselines3.common.env_util")
    vec = env_util.make_vec_env("parlour/Auction-single-v0", n_envs=2, seed=0)
    try:
        assert vec.has_attr("action_masks")
        assert vec.get_attr("render_mode") == ["rgb_array", "rgb_array"]
        vec.reset()
        for _ in range(30):
            masks = np.stack(vec.env_method("action_masks"))
            assert masks.shape == (2, vec.action_space.n) and masks.any(axis=1).all()
            vec.step(masks.argmax(axis=1))
        frames = vec.get_images()
        assert all(f.ndim == 3 for f in frames)
    finally:
        vec.close()


# -- PettingZoo's SB3 action-mask tutorial, ready-made: every seat in one Gymnasium env --------


def test_self_play_env_is_a_gymnasium_env_whose_steps_are_the_acting_seats_turns():
    env = SelfPlayEnv("who_is_spy_v0")
    check_env(env, skip_render_check=True)
    observation, info = env.reset(seed=5)
    twin = DiscreteActions(NumericObservations(parlour.make("who_is_spy_v0"), keep_text=False))
    twin.reset(seed=int(np.random.default_rng(5).integers(2**62)))  # the game reset(5) deals
    rng, steps, done = np.random.default_rng(0), 0, False
    assert info == twin.infos[twin.agent_selection] and info["acting"]
    while not done:
        seat = twin.agent_selection
        assert env.seat == seat
        expected = twin.observe(seat)
        assert observation.keys() == expected.keys()
        for key, value in expected.items():
            np.testing.assert_array_equal(observation[key], value)
        np.testing.assert_array_equal(env.action_masks(), expected["action_mask"].astype(bool))
        action = int(rng.choice(np.flatnonzero(env.action_masks())))
        observation, reward, terminated, truncated, info = env.step(action)
        twin.step(action)
        assert reward == twin.rewards[seat]  # what the mover's own turn earned it
        assert info == twin.infos[seat]  # the mover's (did its action stand?)
        done, steps = terminated or truncated, steps + 1
    assert terminated and not truncated and steps > len(twin.possible_agents)
    assert observation["action_mask"].tolist() == noop_mask(env.action_space.n)
    with pytest.raises(ConfigError, match="call reset"):
        env.step(0)


def test_self_play_rewards_are_the_movers_own():
    """A donor's turn costs it what it gives (the recipient's gain is not the mover's)."""
    env = SelfPlayEnv("donor_game_v0", num_agents=2, endowment=10)
    env.reset(seed=0)
    menu = env.action_menu()
    give = next(i for i, text in enumerate(menu) if text == "[donate 5]")
    _, reward, _, _, _ = env.step(give)
    assert reward == -5.0


def test_self_play_ends_at_max_cycles_as_a_truncation():
    env = SelfPlayEnv("auction_v0", max_cycles=2)
    env.reset(seed=0)
    steps, terminated, truncated = 0, False, False
    while not (terminated or truncated):
        _, _, terminated, truncated, _ = env.step(int(env.action_masks().argmax()))
        steps += 1
    assert truncated and not terminated and steps <= 2 * len(env.aec_env.possible_agents)


def test_self_play_refuses_a_render_mode_its_game_lacks():
    with pytest.raises(ConfigError, match="render_mode must be None or one of"):
        SelfPlayEnv("auction_v0", render_mode="bogus")


# -- AgileRL: the mask in the infos ------------------------------------------------------------


@pytest.mark.parametrize("env_id", ["who_is_spy_v0", "overcooked_v0"])
def test_mask_in_info_moves_the_mask_and_nothing_else(env_id):
    """The same game twice: the masks in the infos are those the default face observes; the
    observation is the vector itself, or a dict without the mask where views stay beside it."""
    config = {"views": ("lossless",), "horizon": 20} if env_id == "overcooked_v0" else {}
    plain = DiscreteParallel(parlour.make_parallel(env_id, **config))
    moved = DiscreteParallel(parlour.make_parallel(env_id, **config), mask_in_info=True)
    observations, _ = plain.reset(seed=2)
    observed, infos = moved.reset(seed=2)
    rng, rows = np.random.default_rng(2), list(infos.values())
    while plain.agents:
        for agent, observation in observations.items():
            assert moved.observation_space(agent).contains(observed[agent])
            np.testing.assert_array_equal(infos[agent]["action_mask"], observation["action_mask"])
            vector = observed[agent] if config == {} else observed[agent]["observation"]
            np.testing.assert_array_equal(vector, observation["observation"])
            if config:
                assert "action_mask" not in observed[agent] and "lossless" in observed[agent]
        actions = {
            a: int(rng.choice(np.flatnonzero(o["action_mask"]))) for a, o in observations.items()
        }
        observations, *_ = plain.step(actions)
        observed, _, _, _, infos = moved.step(actions)
        rows += infos.values()
    stacked = stack_like_a_buffer(rows)
    assert (
        set(stacked) == {*RL_INFO_KEYS, "action_mask"} and stacked["action_mask"].any(axis=1).all()
    )


# -- sb3-contrib's MaskablePPO through SuperSuit's vector envs ---------------------------------


def _supersuit_vec_env(env_id: str, copies: int) -> Any:
    ss = pytest.importorskip("supersuit")
    pytest.importorskip("stable_baselines3")
    from parlour.wrappers.sb3 import VecActionMasks

    venv = ss.pettingzoo_env_to_vec_env_v1(DiscreteParallel(parlour.make_parallel(env_id)))
    return VecActionMasks(ss.concat_vec_envs_v1(venv, copies, base_class="stable_baselines3"))


def test_maskable_ppo_gets_action_masks_through_supersuit():
    maskable = pytest.importorskip("sb3_contrib")
    from sb3_contrib.common.maskable.utils import get_action_masks, is_masking_supported

    venv = _supersuit_vec_env("who_is_spy_v0", copies=2)
    assert venv.num_envs == 2 * 6 and is_masking_supported(venv)
    observations, games = venv.reset(), 0
    for _ in range(60):  # past games' ends: SuperSuit resets a game as it ends
        masks = get_action_masks(venv)
        np.testing.assert_array_equal(masks, observations["action_mask"].astype(bool))
        assert masks.any(axis=1).all()
        observations, _, dones, _ = venv.step(masks.argmax(axis=1))
        games += int(dones[:6].all()) + int(dones[6:].all())
    assert games >= 2
    row = observations["action_mask"][7].astype(bool)
    np.testing.assert_array_equal(venv.env_method("action_masks", indices=[7])[0], row)
    model = maskable.MaskablePPO("MultiInputPolicy", venv, n_steps=4, batch_size=48, n_epochs=1)
    model.learn(48)  # one rollout of every seat of both games, one update: masks reach it


def test_vec_action_masks_refuses_observations_without_a_mask():
    pytest.importorskip("stable_baselines3")
    from stable_baselines3.common.vec_env import DummyVecEnv

    from parlour.wrappers.sb3 import VecActionMasks

    make = lambda: gymnasium.make("CartPole-v1")  # noqa: E731
    with pytest.raises(ConfigError, match="'action_mask'"):
        VecActionMasks(DummyVecEnv([make]))
