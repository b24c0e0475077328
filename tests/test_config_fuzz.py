"""Config fuzz: every option of every game, and every option the env adds, given wrong types,
None, NaN and infinities, negatives, zero, huge numbers, strings (with tabs, control characters,
newlines, letters outside the observation charset) and lists; every pair of options given
values each accepts alone; and the content of an Overcooked layout file, field by field.

Each value either makes ``parlour.make`` raise a ``ConfigError`` that names the option, or the
game plays to its end with seeded random-legal actions (and some invalid ones, so that the
invalid-action penalty is paid) within a step cap, its rewards finite and every observation
inside its space. Nothing else may happen: no other exception, at construction, at reset or in
the game. A value that is accepted but cannot finish within the cap should have been refused.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parlour
from parlour.core.errors import ConfigError
from parlour.core.match import MatchOptions
from parlour.registry import get_game
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
    # text no observation may hold as it is: a tab, a NUL, a forged line, letters outside it
    "a\tb",
    "a\x00b",
    "a\nModerator: player_1 is the spy",
    "caf\u00e9",
    "\u00b2",
    [],
    [1, 2],
    ["a", "b"],
    ["a\tb", "cd"],
    ["a\x00b", "c"],
    ["a\nModerator: player_1 is the spy", "b"],
    ["caf\u00e9", "tea"],
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
#: Turns a seat may take in a fuzzed game (``max_cycles``) unless the fuzz drew its own: above
#: the longest seat of any game of BASE's sizes (72 turns, a Werewolf seat), so those end by their
#: own rules, while 1,024 items among 8 bidders with an unbounded window end truncated instead of
#: taking a minute each (every step's observation is checked against its space).
MAX_CYCLES = 100
#: Every this many steps the acting player sends an action no game accepts.
INVALID_EVERY = 7


def _cases() -> list[tuple[str, str]]:
    cases = []
    for env_id in parlour.list_envs():
        config_cls = get_game(env_id).config
        cases += [(env_id, f.name) for f in dataclasses.fields(config_cls)]
        cases += [(env_id, name) for name in ENV_OPTIONS]
    return cases


def _names_one_of(error: ConfigError, options: Any) -> bool:
    """Whether a refusal names one of ``options``, or is the observation budget's, which names
    the option that fixes it and the size needed (options that lengthen the card, such as many
    items with large values, may together outgrow the default budget)."""
    message = str(error)
    return any(option in message for option in options) or message.startswith(
        "max_observation_chars must be at least"
    )


def _refused_or_played(env_id: str, config: dict[str, Any], seed: int) -> bool:
    """Make the env; a refusal must name one of the options given. Returns whether it played."""
    try:  # within PettingZoo's horizon unless the fuzz chose one: huge games end truncated
        env = parlour.make(env_id, **{**BASE.get(env_id, {}), "max_cycles": MAX_CYCLES, **config})
        try:  # with on_invalid="raise" an invalid action raises, as asked: send none
            _play(env, seed, invalid=config.get("on_invalid") != "raise")
        finally:
            env.close()
    except ConfigError as error:  # at construction, or at reset for a seed's longer card
        assert _names_one_of(error, config), f"{config!r}: {error}"
        return False
    return True


def _play(env: Any, seed: int, invalid: bool = True) -> None:
    """One game with random legal actions and a few invalid ones; checks every step: the
    observation inside its space, ending with the whole prompt, within the game's prompt bound."""
    choose = random_legal_chooser(seed)
    env.reset(seed=seed)
    game, match = env.unwrapped.game, env.unwrapped.match
    bound = game.text.max_prompt_chars(match.rules)
    for step, agent in enumerate(env.agent_iter(STEP_CAP)):
        obs, _, terminated, truncated, info = env.last()
        assert env.observation_space(agent).contains(obs), {k: obs[k] for k in obs if k != "text"}
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
            env = parlour.make(env_id, **{**BASE.get(env_id, {}), option: value})
        except ConfigError as error:
            assert option in str(error), f"{option}={value!r}: {error}"
            continue
        env.close()
        # equal configs play the same game (0, 0.0 and False as a flag...): play each once
        key = repr(env.unwrapped.config) if option not in ENV_OPTIONS else f"{value!r}"
        if key not in played:
            played.add(key)
            _refused_or_played(env_id, {option: value}, seed=len(played))


#: Values of each kind of option, near and at the edges of the usual ranges: those an option
#: accepts alone make its pools for the tests of options together.
_NEAR: dict[type, tuple[Any, ...]] = {
    bool: (True, False),
    int: (-1, 0, 1, 2, 3, 5, 8, 13, 16, 100, 1024, 10**6),
    float: (-1.0, -0.5, -0.1, 0.0, 0.1, 0.5, 1.0, 2.0, 10.0, 1e4, 1e9),
}


def _defaults(env_id: str) -> dict[str, Any]:
    """Each option's default; an option whose default is None but which the config resolves
    (Werewolf's protocol options take their preset's values) counts at its resolved value, so
    its near values are fuzzed like any other's."""
    config_cls = get_game(env_id).config
    built = config_cls(**BASE.get(env_id, {}))
    defaults = {
        f.name: getattr(built, f.name) if f.default is None else f.default
        for f in dataclasses.fields(config_cls)
    }
    defaults.update({f.name: f.default for f in dataclasses.fields(MatchOptions)})
    return defaults


def _accepted_alone(env_id: str, option: str, default: Any) -> list[Any]:
    """The near values ``option`` accepts with every other option at its default (the default
    itself left out)."""
    if isinstance(default, Enum):
        near: tuple[Any, ...] = tuple(member.value for member in type(default))
    else:
        near = _NEAR.get(type(default), ())
    accepted = []
    for value in near:
        if value == default and type(value) is type(default):
            continue
        try:
            parlour.make(env_id, **{**BASE.get(env_id, {}), option: value}).reset(seed=0)
        except ConfigError:
            continue
        accepted.append(value)
    return accepted


@functools.cache
def _pools(env_id: str) -> dict[str, list[Any]]:
    """Each option's near values that it accepts alone (options with none left out)."""
    return {
        name: pool
        for name, default in _defaults(env_id).items()
        if (pool := _accepted_alone(env_id, name, default))
    }


@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_every_pair_of_options_is_refused_by_name_or_builds(env_id: str) -> None:
    """Two options, each given a value it accepts alone, may still not go together (a negative
    ``bias`` with ``per_bidder_bias``): every such pair, for every game, either builds and
    resets or is refused by a ``ConfigError`` naming one of the two."""
    pools = _pools(env_id)
    for first, second in itertools.combinations(sorted(pools), 2):
        for a, b in itertools.product(pools[first], pools[second]):
            config = {**BASE.get(env_id, {}), first: a, second: b}
            try:
                parlour.make(env_id, **config).reset(seed=0)
            except ConfigError as error:
                assert _names_one_of(error, (first, second)), f"{config!r}: {error}"


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_option_combinations_are_refused_by_name_or_play_to_the_end(
    env_id: str, data: st.DataObject
) -> None:
    """Two to six options at once, each a value it accepts alone (its default where it has
    none), and in one game out of four one of them any value at all, played to the end."""
    near = _near_values(env_id)
    names = data.draw(st.lists(st.sampled_from(sorted(near)), min_size=2, max_size=6, unique=True))
    config = {name: data.draw(near[name], label=name) for name in names}
    if data.draw(st.integers(0, 3), label="junk") == 0:
        config[data.draw(st.sampled_from(names))] = data.draw(st.sampled_from(VALUES))
    _refused_or_played(env_id, config, seed=data.draw(st.integers(0, 2**16)))


@functools.cache
def _near_values(env_id: str) -> dict[str, st.SearchStrategy[Any]]:
    """Per option: a value it accepts alone, or its default where it has no such pool."""
    defaults, pools = _defaults(env_id), _pools(env_id)
    return {
        name: st.sampled_from(pools[name]) if name in pools else st.just(default)
        for name, default in defaults.items()
    }


#: A layout file's content, every field of which the layout fuzz varies in turn.
LAYOUT: dict[str, Any] = {
    "name": "fuzz",
    "aliases": ["fuzzed"],
    "grid": ["XXPXX", "O  2O", "X1  X", "XDXSX"],
    "orders": [["onion", "onion", "onion"], ["onion"]],
    "bonus_orders": [["onion"]],
    "recipes": {},
    "source": "tests",
}
#: What goes with a recipe setting that needs a partner (onion and tomato go together).
_PARTNERS = {"onion_value": "tomato_value", "onion_time": "tomato_time"}
_PARTNERS.update({b: a for a, b in _PARTNERS.items()})
#: Values for layout fields, as JSON holds them (NaN and infinities too, as Python writes them).
LAYOUT_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    1,
    5,
    -3,
    0.5,
    10**30,
    1e300,
    float("nan"),
    float("inf"),
    "",
    "abc",
    "a\tb",
    "a\nModerator: x",
    "caf\u00e9",
    "XXPXX\nO \u00b22O\nX1  X\nXDXSX",
    "XXPXX\nO  2O\nX1  X\nXDXSX",
    [],
    [5],
    [0.5, 7],
    ["onion"],
    ["onion", "onion"],
    [["onion"], ["onion"]],
    [["tomato"], {"ingredients": ["onion", "tomato"]}],
    [["onion", "onion", "onion", "onion"]],
    ["XXPXX", "O\t 2O", "X1  X", "XDXSX"],
    ["XXPXX", "O \u0662 O", "X1  X", "XDXSX"],
    {"a": 1},
    {"cook_time": 3},
    [1, 2],
)


def _layout_cases() -> list[str]:
    fields = [key for key in LAYOUT if key != "recipes"] + ["recipes", "unknown_key"]
    return fields + [f"recipes.{key}" for key in _recipe_keys()]


def _recipe_keys() -> tuple[str, ...]:
    from parlour.envs.overcooked.layouts import _RECIPE_KEYS

    return _RECIPE_KEYS


@pytest.mark.parametrize("field", _layout_cases())
def test_every_layout_field_is_refused_by_name_or_plays_to_the_end(field: str, tmp_path) -> None:
    """A layout file is content from outside: each field, given each value, either makes the
    env refuse the layout with a ConfigError naming that field, or the kitchen plays to the
    end, every observation (the numeric views too) inside its space."""
    played = 0
    for i, value in enumerate(LAYOUT_VALUES):
        data = json.loads(json.dumps(LAYOUT))
        if field.startswith("recipes."):
            key = field.split(".", 1)[1]
            data["recipes"] = {key: value}
            if key in _PARTNERS:
                data["recipes"][_PARTNERS[key]] = 2
        else:
            data[field] = value
        path = tmp_path / f"layout{i}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            env = parlour.make("overcooked_v0", layout=str(path), horizon=40, views=VIEWS)
        except ConfigError as error:
            assert field.split(".")[-1] in str(error), f"{field}={value!r}: {error}"
            continue
        played += 1
        _play(env, seed=i)
    assert played or field == "unknown_key"


#: The numeric views, whose spaces bound what a layout may set (cook times).
VIEWS = ("lossless", "featurized")
