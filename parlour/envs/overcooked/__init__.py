"""Overcooked: the cooperative cooking gridworld of overcooked_ai, as a Parlour env."""

from __future__ import annotations

from typing import Any

from parlour.core.game import Game
from parlour.envs.overcooked.bots import make_bot
from parlour.envs.overcooked.model import OvercookedConfig
from parlour.envs.overcooked.rl import RL, observations
from parlour.envs.overcooked.rules import OvercookedRules
from parlour.envs.overcooked.text import ACTION_ALIASES, OvercookedText

#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "cramped_room": {"horizon": 60},
    "counter_circuit_old_views": {
        "layout": "counter_circuit_o_1order",
        "dynamics": "old",
        "horizon": 40,
        "views": ("lossless", "featurized", "lossless_v001"),
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
    text=OvercookedText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    cooperative=True,  # every seat gets the same reward: rated by cross-play
    aliases=ACTION_ALIASES,
    observations=observations,
    hidden=(),  # every chef sees the whole kitchen: nothing to hide, no twins to play
    render_fps=6,
)
