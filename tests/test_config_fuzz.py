"""Config fuzz: every option of every game, and every option the env adds, given wrong types,
None, NaN and infinities, negatives, zero, huge numbers, strings and lists.

Each value either makes ``parlour.make`` raise a ``ConfigError`` that names the option, or the
game plays to its end with seeded random-legal actions (and some invalid ones, so that the
invalid-action penalty is paid) within a step cap, its rewards finite and every observation
inside its space. Nothing else may happen: no other exception, at construction, at reset or in
the game. A value that is accepted but cannot finish within the cap should have been refused.
"""

from __future__ import annotations

import dataclasses
import math
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parlour
from parlour.core.errors import ConfigError
from parlour.core.match import MatchOptions
from parlour.core.text import prompt_bound
from parlour.registry import env_module
from tests.helpers import random_legal_chooser


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


#: Values tried for every option (the defaults and a few valid ones among them, on purpose).
VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    2,
    -1,
    0.5,
    -0.5,
    1.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    10**9,
    1e300,
    10**5000,  # too long for repr()
    "",
    "abc",
    "1",
    "none",
    [],
    [1, 2],
    ["a", "b"],
    {"a": 1},
    {"x"},
    b"bytes",
    _BadRepr(),
)
#: Small games, so that a playout of an accepted value is quick.
BASE: dict[str, dict[str, Any]] = {
    "who_is_spy_v0": {},
    "donor_game_v0": {"num_agents": 4},
    "auction_v0": {"num_items": 2},
    "werewolf_v0": {"max_days": 3},
    "among_us_v0": {"max_steps": 20},
    "overcooked_v0": {"horizon": 30},
}
#: Options every env takes beside its game's config.
ENV_OPTIONS = [f.name for f in dataclasses.fields(MatchOptions)] + ["render_mode", "render_view"]
#: Far more steps than any accepted game of these sizes takes.
STEP_CAP = 20_000
#: Every this many steps the acting player sends an action no game accepts.
INVALID_EVERY = 7


def _cases() -> list[tuple[str, str]]:
    cases = []
    for env_id in parlour.list_envs():
        config_cls = env_module(env_id).raw_env.game.config_cls
        cases += [(env_id, f.name) for f in dataclasses.fields(config_cls)]
        cases += [(env_id, name) for name in ENV_OPTIONS]
    return cases


def _refused_or_played(env_id: str, config: dict[str, Any], seed: int) -> bool:
    """Make the env; a refusal must name one of the options given. Returns whether it played."""
    try:
        env = parlour.make(env_id, **{**BASE[env_id], **config})
        try:  # with on_invalid="raise" an invalid action raises, as asked: send none
            _play(env, seed, invalid=config.get("on_invalid") != "raise")
        finally:
            env.close()
    except ConfigError as error:  # at construction, or at reset for a seed's longer card
        assert any(option in str(error) for option in config), f"{config!r}: {error}"
        return False
    return True


def _play(env: Any, seed: int, invalid: bool = True) -> None:
    """One game with random legal actions and a few invalid ones; checks every step: the
    observation inside its space, ending with the whole prompt, within the game's prompt bound."""
    choose = random_legal_chooser(seed)
    env.reset(seed=seed)
    game, match = env.unwrapped.game, env.unwrapped.match
    bound = prompt_bound(game.text, match.rules)
    for step, agent in enumerate(env.agent_iter(STEP_CAP)):
        obs, _, terminated, truncated, info = env.last()
        assert env.observation_space(agent)["text"].contains(obs["text"])
        assert obs["text"].endswith(match.prompt(agent)) and len(match.prompt(agent)) <= bound
        if terminated or truncated:
            action = None
        elif invalid and step % INVALID_EVERY == INVALID_EVERY - 1:
            action = "[no such action]"
        else:
            action = choose(env, agent, obs, info)
        env.step(action)
        assert all(math.isfinite(r) for r in env.rewards.values()), env.rewards
    assert not env.agents, f"the game did not end within {STEP_CAP} steps"


CASES = _cases()


@pytest.mark.parametrize(("env_id", "option"), CASES, ids=[f"{e}-{o}" for e, o in CASES])
def test_every_value_is_refused_by_name_or_plays_to_the_end(env_id: str, option: str) -> None:
    played: set[str] = set()
    for value in VALUES:
        try:
            env = parlour.make(env_id, **{**BASE[env_id], option: value})
        except ConfigError as error:
            assert option in str(error), f"{option}={value!r}: {error}"
            continue
        env.close()
        # equal configs play the same game (0, 0.0 and False as a flag...): play each once
        key = repr(env.unwrapped.config) if option not in ENV_OPTIONS else f"{value!r}"
        if key not in played:
            played.add(key)
            _refused_or_played(env_id, {option: value}, seed=len(played))


def _near_valid(default: Any) -> st.SearchStrategy[Any]:
    """Values of the option's own kind, in and around its usual range."""
    if isinstance(default, Enum):
        return st.sampled_from([member.value for member in type(default)])
    if isinstance(default, bool):
        return st.booleans()
    if isinstance(default, int):
        return st.integers(0, 12) | st.integers(-2, 40) | st.just(default)
    if isinstance(default, float):
        return st.sampled_from([0.0, 0.1, 0.5, 1.0, 2.0, default]) | st.floats(-2.0, 2e4)
    return st.just(default)


def _option_values(env_id: str) -> dict[str, st.SearchStrategy[Any]]:
    config_cls = env_module(env_id).raw_env.game.config_cls
    defaults = {f.name: f.default for f in dataclasses.fields(config_cls)}
    defaults.update({f.name: f.default for f in dataclasses.fields(MatchOptions)})
    junk = st.sampled_from(VALUES)
    # mostly values of the right kind, so that many combinations are played, not refused
    return {name: st.one_of(*[_near_valid(d)] * 3, junk) for name, d in defaults.items()}


OPTION_VALUES = {env_id: _option_values(env_id) for env_id in parlour.list_envs()}


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.data())
def test_option_combinations_are_refused_by_name_or_play_to_the_end(data: st.DataObject) -> None:
    env_id = data.draw(st.sampled_from(sorted(OPTION_VALUES)))
    values = OPTION_VALUES[env_id]
    names = data.draw(
        st.lists(st.sampled_from(sorted(values)), min_size=2, max_size=4, unique=True)
    )
    config = {name: data.draw(values[name], label=name) for name in names}
    _refused_or_played(env_id, config, seed=data.draw(st.integers(0, 2**16)))
