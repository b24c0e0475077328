"""What RL libraries' standard recipes need from the RL faces, for every registered env: masks
that are never all zeros (Gymnasium's autoreset hands the terminal one to the policy),
``action_masks()`` where sb3-contrib's MaskablePPO looks for it, the render modes SB3's
``make_vec_env`` asks for, and infos that stack the way a replay buffer stacks them."""

from __future__ import annotations

import warnings

import gymnasium
import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.registry import get_game, single_agent_id
from parlour.wrappers import DiscreteActions, DiscreteParallel, NumericObservations
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
