"""Overcooked: the cooperative cooking gridworld of overcooked_ai, as a Parlour env."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from parlour.core.game import Game
from parlour.core.text import ModuleText
from parlour.envs.overcooked import text
from parlour.envs.overcooked.bots import make_bot
from parlour.envs.overcooked.encodings import LOSSLESS_CHANNELS
from parlour.envs.overcooked.layouts import MAX_COOK_TIME
from parlour.envs.overcooked.rl import RL
from parlour.envs.overcooked.rules import OvercookedConfig, OvercookedRules


def _observations(config: OvercookedConfig) -> dict[str, tuple[spaces.Space[Any], Any]]:
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


def _picture() -> type:
    from parlour.envs.overcooked.picture import OvercookedPicture  # imports pygame: only when drawn

    return OvercookedPicture


GAME: Game[OvercookedConfig] = Game(
    env_id="overcooked_v0",
    pettingzoo_id="parlour/Overcooked-v0",
    summary="Overcooked: two chefs cook and serve soups together (overcooked_ai's dynamics)",
    config=OvercookedConfig,
    rules=OvercookedRules,
    text=ModuleText(text),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    cooperative=True,  # every seat gets the same reward: rated by cross-play
    aliases=text.ACTION_ALIASES,
    observations=_observations,
    hidden=(),  # every chef sees the whole kitchen: nothing to hide, no twins to play
    render_fps=6,
)
