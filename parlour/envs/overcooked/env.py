"""
# Overcooked

| Creation           | `parlour.make_parallel("overcooked_v0", layout="cramped_room")`        |
|--------------------|-----------------------------------------------------------------------|
| Parallel API       | Yes (native: both chefs act every step)                                |
| Agents             | `player_0`, `player_1` (more where a layout has more start cells)      |
| Actions            | `[north] [south] [east] [west] [stay] [interact]`; macro orders opt-in |
| Observation        | `Dict(text=Text)`, plus `lossless` (W,H,26) and `featurized` (96,) opt-in |
| Hidden information | none: the kitchen is fully observed (macro outcomes are private)       |
| Chance (from seed) | none: the dynamics are deterministic                                   |
| Rewards            | team: every chef gets every delivery's points; shaping opt-in          |
| Ends               | truncation after `horizon` steps (default 400); never terminates        |

## Rules
The cooperative cooking gridworld of HumanCompatibleAI/overcooked_ai, step for step (golden
traces recorded from it are replayed in the tests). Chefs fetch onions or tomatoes, fill a pot
with up to 3, cook it (`dynamics="new"`: a chef with empty hands interacts with the pot;
`"old"`: it starts by itself at 3), take the soup with a dish and deliver it. A delivered soup
scores its value if it matches an order (twice that for a bonus order), else 0. Each step:
interacts first (from the positions before moving, chef 0 first), then moves (if two chefs
would end on one cell or swap, nobody moves; a move always turns the chef), then pots cook.

Shaping events (3 per ingredient potted, 3 per useful dish, 5 per soup taken) are reported in
`infos[agent]["shaped_reward"]` and added to the reward only with `shaping=coefficient`.
`infos[agent]["events"]` lists overcooked_ai's event names for that chef's last step.

## Layouts
`cramped_room` (`simple`), `asymmetric_advantages` (`unident_s`), `coordination_ring`
(`random1`), `forced_coordination` (`random0`), `counter_circuit_o_1order` (`random3`), and the
onion-and-tomato `counter_circuit`; or a `.json` file or a grid string with newlines.

A layout file is checked whole when it is loaded, with a `ConfigError` naming the field: the
keys `name` (one line of printable ASCII, at most 64 characters; default: the file's stem),
`grid` (1 to 40 rows of equal length, at most 40 cells, of `X P O T D S`, space and the start
digits `1`-`9`), `orders` and `bonus_orders` (lists of 1 to 3 of `onion`, `tomato`, each soup
once), `recipes` (`cook_time`, `recipe_times` one per order, in 1..1280; `onion_time`,
`tomato_time` in 1..426; `delivery_reward`, `onion_value`, `tomato_value` in (0, 1e6];
`recipe_values` one per order in [0, 1e6]; `order_bonus` in [0, 1000]), `aliases`, `source`.

## Action grammar
| Mode      | Forms                                                   | Default  |
|-----------|---------------------------------------------------------|----------|
| primitive | `[north]` `[south]` `[east]` `[west]` `[stay]` `[interact]` | `[stay]` |
| macro     | the primitives and the orders feasible now (below)      | `[wait]` |

Synonyms: up, down, left, right, n, s, e, w, use, wait (= stay). Orders: `[get onion]`,
`[get tomato]`, `[get dish]`, `[put in pot]`, `[start cooking]`, `[take soup]`, `[serve]`,
`[place on counter]`, `[pick up from counter]`, `[go to X Y]`, `[wait]`.

## Version History
* v0: first release.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from parlour.core.env import GameSpec, ParlourAECEnv, ParlourParallelEnv
from parlour.envs.overcooked import text
from parlour.envs.overcooked.encodings import LOSSLESS_CHANNELS
from parlour.envs.overcooked.layouts import MAX_COOK_TIME
from parlour.envs.overcooked.rules import OvercookedConfig, OvercookedRules


def _views(config: OvercookedConfig) -> dict[str, tuple[spaces.Space[Any], Any]]:
    """The numeric views the config asks for, each computed only then."""
    layout = config.kitchen_layout
    views: dict[str, tuple[spaces.Space[Any], Any]] = {}
    if "lossless" in config.views:
        shape = (layout.width, layout.height, LOSSLESS_CHANNELS)
        high = 3 + MAX_COOK_TIME  # ingredient counts and the longest possible cook time
        views["lossless"] = (
            spaces.Box(0, high, shape, dtype=np.int64),
            OvercookedRules.lossless,
        )
    if "featurized" in config.views:
        size = 2 * 46 + 4
        bound = float(max(layout.width, layout.height, MAX_COOK_TIME))
        views["featurized"] = (
            spaces.Box(-bound, bound, (size,), dtype=np.float64),
            OvercookedRules.featurized,
        )
    return views


GAME = GameSpec(
    env_id="overcooked_v0",
    config_cls=OvercookedConfig,
    new_rules=OvercookedRules,
    text=text,  # type: ignore[arg-type]  # a module satisfying the GameText protocol
    render_fps=6,
    views=_views,
    hidden=(),  # every chef sees the whole kitchen: nothing to hide, no twins to play
)
#: Every seat gets the same reward: tournaments rate it by cross-play (see parlour.arena).
COOPERATIVE = True
#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "cramped_room": {"horizon": 60},
    "counter_circuit_old_views": {
        "layout": "counter_circuit_o_1order",
        "dynamics": "old",
        "horizon": 40,
        "views": ("lossless", "featurized"),
    },
    "tomato_macro": {"layout": "counter_circuit", "actions": "macro", "horizon": 40},
}


class raw_env(ParlourAECEnv):
    """Overcooked, AEC version: the chefs give their actions in turn, then the kitchen steps."""

    game = GAME
    metadata = GAME.metadata


class raw_parallel_env(ParlourParallelEnv):
    """Overcooked, Parallel version: both chefs act every step (the native form)."""

    game = GAME
    metadata = GAME.metadata


def env(**kwargs: Any) -> raw_env:
    """The AEC env."""
    return raw_env(**kwargs)


def parallel_env(**kwargs: Any) -> raw_parallel_env:
    """The Parallel env."""
    return raw_parallel_env(**kwargs)
