"""The shared option checks every config uses: strict types, finite numbers, tuples stored."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import pytest

import parlour
from parlour.core.config import (
    FLAG,
    Choice,
    Integer,
    ListOf,
    Number,
    OneOf,
    OrNone,
    Text,
    shown,
    validate,
)
from parlour.core.errors import ConfigError


class Colour(str, Enum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Options:
    count: Any = 3
    share: Any = 0.5
    loud: Any = False
    colour: Any = "red"
    names: Any = ()
    limit: Any = None

    def __post_init__(self) -> None:
        validate(
            self,
            count=Integer(1, 10),
            share=Number(0, 1, low_open=True),
            loud=FLAG,
            colour=Choice(Colour),
            names=ListOf(Text()),
            limit=OrNone(Number(0)),
        )


@pytest.mark.parametrize(
    "options, message",
    [
        ({"count": True}, "count must be an integer in 1..10, actual value: True"),
        ({"count": 6.0}, "count must be an integer in 1..10, actual value: 6.0"),
        ({"count": 11}, "count must be an integer in 1..10"),
        ({"count": "3"}, "count must be an integer"),
        ({"share": 0}, r"share must be a finite number in \(0, 1\], actual value: 0"),
        ({"share": float("nan")}, "share must be a finite number"),
        ({"share": float("inf")}, "share must be a finite number"),
        ({"share": False}, "share must be a finite number"),
        ({"share": 10**400}, "share must be a finite number"),
        ({"loud": 1}, "loud must be True or False, actual value: 1"),
        ({"loud": "no"}, "loud must be True or False"),
        ({"colour": "green"}, "colour must be one of red, blue, actual value: 'green'"),
        ({"colour": ["red"]}, "colour must be one of red, blue"),
        ({"names": "ann"}, "names must be a list, each a non-empty string"),
        ({"names": {"ann"}}, "names must be a list"),  # a set has no order
        ({"names": ["ann", 3]}, "names must be a list"),
        ({"limit": -1}, "limit must be None or a finite number >= 0"),
    ],
)
def test_a_bad_option_names_itself_what_it_takes_and_what_came(options, message):
    with pytest.raises(ConfigError, match=message):
        Options(**options)


def test_accepted_values_are_stored_normalised():
    options = Options(count=np.int64(4), share=1, loud=np.bool_(True), colour="blue", names=["a"])
    assert options == Options(count=4, share=1.0, loud=True, colour=Colour.BLUE, names=("a",))
    assert type(options.count) is int and type(options.share) is float
    assert type(options.loud) is bool and options.names == ("a",)
    hash(options)  # lists became tuples: the config stays hashable


def test_single_item_lists_and_fixed_lengths():
    assert ListOf(OneOf("x", "y"), single=True)("views", "x") == ("x",)
    with pytest.raises(ConfigError, match="pair must be a list of 2 items, each a non-empty"):
        ListOf(Text(), length=2)("pair", ("a", "b", "c"))


def test_values_are_shown_briefly_and_never_break_the_message():
    class NoRepr:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    assert shown(NoRepr()) == "<NoRepr>"
    assert shown(10**5000) == "<int>"  # too many digits for repr()
    assert len(shown("x" * 1000)) == 80
    with pytest.raises(
        ConfigError, match="colour must be one of red, blue, actual value: <NoRepr>"
    ):
        Options(colour=NoRepr())


@pytest.mark.parametrize(
    "env_id, options, message",
    [
        ("auction_v0", {"start_fraction": -0.5}, "start_fraction must be a finite number in"),
        ("auction_v0", {"max_rounds_per_item": None}, "max_rounds_per_item must be an integer"),
        ("auction_v0", {"budget": float("nan")}, "budget must be None or a finite number"),
        ("auction_v0", {"bias": float("inf")}, "bias must be a finite number"),
        ("auction_v0", {"value_max": float("inf")}, "value_max must be a finite number"),
        ("donor_game_v0", {"trace_depth": 0.5}, "trace_depth must be an integer"),
        ("donor_game_v0", {"endowment": float("nan")}, "endowment must be a finite number"),
        ("among_us_v0", {"vote_reward": "abc"}, "vote_reward must be a finite number"),
        ("who_is_spy_v0", {"num_players": True}, "num_players must be an integer"),
        ("who_is_spy_v0", {"num_players": 6.0}, "num_players must be an integer"),
        ("werewolf_v0", {"max_days": 2.5}, "max_days must be an integer"),
        ("overcooked_v0", {"shaping": float("nan")}, "shaping must be a finite number"),
        ("who_is_spy_v0", {"invalid_penalty": float("nan")}, "invalid_penalty must be a finite"),
        ("who_is_spy_v0", {"invalid_penalty": -float("inf")}, "invalid_penalty must be a finite"),
        ("who_is_spy_v0", {"max_observation_chars": 8192.0}, "max_observation_chars must be an"),
        ("who_is_spy_v0", {"max_action_chars": True}, "max_action_chars must be an integer"),
        ("who_is_spy_v0", {"render_mode": ["ansi"]}, "render_mode must be None or one of"),
        ("who_is_spy_v0", {"render_view": None}, "render_view must be one of god, player_0"),
    ],
)
def test_options_the_audit_found_accepted_are_refused_at_construction(env_id, options, message):
    with pytest.raises(ConfigError, match=message):
        parlour.make(env_id, **options)
