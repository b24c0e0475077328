"""``max_cycles``, PettingZoo's horizon, on every env and variant: the game is truncated for every
seat after that many cycles (a Parallel ``step``; in the AEC env, one turn of each seat), unless
its rules end it first."""

from __future__ import annotations

import warnings
from collections import Counter

import gymnasium
import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.registry import PETTINGZOO_REGISTRY, single_agent_id
from tests.helpers import env_variants, random_legal_chooser

CASES = env_variants()
MAX_CYCLES = 3


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_no_seat_takes_more_than_max_cycles_turns_in_the_aec_env(case):
    env_id, _, config = case
    for seed in range(2):
        env = parlour.make(env_id, **config, max_cycles=MAX_CYCLES)
        env.reset(seed=seed)
        choose = random_legal_chooser(seed)
        turns: Counter[str] = Counter()
        ends = set()  # (terminated, truncated) of every seat at the end
        for agent in env.agent_iter():
            observation, _, terminated, truncated, info = env.last()
            if terminated or truncated:
                ends.add((terminated, truncated))
                env.step(None)
                continue
            turns[agent] += 1
            env.step(choose(env, agent, observation, info))
        metrics = env.unwrapped.metrics()
        assert max(turns.values()) <= MAX_CYCLES
        if metrics.get("max_cycles_reached"):  # cut: truncated for all, as a seat had them all
            assert max(turns.values()) == MAX_CYCLES and ends == {(False, True)}
        else:  # the rules ended the game first
            rules = env.unwrapped.match.rules
            assert rules.is_terminal() or rules.is_truncated()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_the_parallel_env_is_truncated_after_max_cycles_steps(case):
    env_id, _, config = case
    env = parlour.make_parallel(env_id, **config, max_cycles=MAX_CYCLES)
    _, infos = env.reset(seed=0)
    steps = 0
    while env.agents:
        actions = {
            a: info["legal_actions"][0] if info.get("legal_actions") else "ok"
            for a, info in infos.items()
            if info["acting"]
        }
        _, _, terminations, truncations, infos = env.step(actions)
        steps += 1
    rules = env.unwrapped.match.rules
    assert steps <= MAX_CYCLES
    if env.unwrapped.metrics().get("max_cycles_reached"):
        assert steps == MAX_CYCLES and not rules.is_terminal()
        assert all(truncations.values()) and not any(terminations.values())
    else:  # the rules ended it first
        assert rules.is_terminal() or rules.is_truncated()


def test_a_cut_game_is_truncated_not_terminated_and_says_so():
    env = parlour.make("werewolf_v0", max_cycles=2)
    env.reset(seed=0)
    for _ in env.agent_iter():
        _, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else info["legal_actions"][0])
    assert env.unwrapped.metrics()["max_cycles_reached"] is True
    full = parlour.make("werewolf_v0")
    full.reset(seed=0)
    assert "max_cycles_reached" not in full.unwrapped.metrics()


def test_the_same_config_cuts_both_apis_at_the_same_tick_in_a_simultaneous_game():
    """Overcooked's chefs move together: a Parallel step and an AEC cycle are one tick."""
    aec = parlour.make("overcooked_v0", max_cycles=5)
    aec.reset(seed=0)
    for _ in aec.agent_iter():
        _, _, terminated, truncated, _ = aec.last()
        aec.step(None if terminated or truncated else "[stay]")
    parallel = parlour.make_parallel("overcooked_v0", max_cycles=5)
    parallel.reset(seed=0)
    while parallel.agents:
        parallel.step({a: "[stay]" for a in parallel.agents})
    assert aec.unwrapped.transcript() == parallel.unwrapped.transcript()
    assert aec.unwrapped.match.rules.step_count == parallel.unwrapped.match.rules.step_count == 10


def test_max_cycles_reaches_the_single_agent_env():
    env = gymnasium.make(single_agent_id("auction_v0"), max_cycles=1)
    observation, _ = env.reset(seed=0)
    _, _, terminated, truncated, _ = env.step(int(observation["action_mask"].argmax()))
    assert truncated and not terminated


@pytest.mark.skipif(not PETTINGZOO_REGISTRY, reason="PettingZoo's registry is new in 1.27")
def test_max_cycles_reaches_pettingzoos_registry():
    import pettingzoo

    registered = pettingzoo.make("parallel", "parlour/Auction-v0", max_cycles=1)
    registered.reset(seed=0)
    *_, truncations, _ = registered.step({})
    assert all(truncations.values())


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "3"])
def test_max_cycles_must_be_a_whole_number_of_at_least_1(value):
    with pytest.raises(ConfigError, match=r"max_cycles must be None or an integer in 1\.\."):
        parlour.make("who_is_spy_v0", max_cycles=value)
