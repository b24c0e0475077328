"""Overcooked's RL faces: the action menu and a numeric view (lossless or featurized).

The numeric view is overcooked_ai's lossless stack, flattened, when the config asks for the
``lossless`` view, else its featurized vector; either scaled into [-1, 1] by fixed per-feature
bounds of the layout (distances by the kitchen's size, counts by 3, cook times by the longest),
so a policy sees the same numbers the env's own ``lossless``/``featurized`` keys carry, rescaled.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.envs.overcooked.encodings import LOSSLESS_CHANNELS
from parlour.envs.overcooked.kitchen import Kitchen
from parlour.envs.overcooked.layouts import MAX_INGREDIENTS
from parlour.envs.overcooked.macros import MacroKind
from parlour.envs.overcooked.rules import ActionMode, OvercookedConfig, OvercookedRules

_PRIMITIVES = 6
_PER_CHEF = 46


def menu_size(config: OvercookedConfig) -> int:
    if config.actions is ActionMode.PRIMITIVE:
        return _PRIMITIVES
    floor = sum(row.count(" ") for row in config.kitchen_layout.terrain)
    return len(MacroKind) - 1 + floor + _PRIMITIVES  # orders, [go to X Y] for each cell, moves


def speech_menu(rules: OvercookedRules, agent: AgentId) -> list[str]:
    return []  # nobody speaks in the kitchen


def numeric_size(config: OvercookedConfig) -> int:
    layout = config.kitchen_layout
    if "lossless" in config.views:
        return layout.width * layout.height * LOSSLESS_CHANNELS
    n = layout.num_players
    return n * _PER_CHEF + 2 * (n - 1) + 2


def encode(rules: OvercookedRules, agent: AgentId) -> np.ndarray:
    seat = rules.seat_of[agent]
    if "lossless" in rules.config.views:
        stacks = rules.derived("lossless scaled", rules.kitchen.timestep, lambda: _lossless(rules))
        return stacks[seat].copy()
    # one chef's vector, scaled as it is read (both chefs share the kitchen's featurization);
    # np.minimum/np.maximum against arrays, in place: np.clip's Python-level checks and a
    # scalar bound's conversion cost more than the division
    scale, upper, lower = _featurized_bounds(rules)
    scaled = (rules.featurized_vectors()[seat] / scale).astype(np.float32)
    return np.maximum(np.minimum(scaled, upper, out=scaled), lower, out=scaled)


def _lossless(rules: OvercookedRules) -> list[np.ndarray]:
    """Every chef's lossless stack, flattened and scaled by the layout's fixed bounds."""
    scale = _lossless_scale(rules.kitchen)
    return [(s.reshape(-1) / scale).astype(np.float32) for s in rules.lossless_stacks()]


def _longest_cook(k: Kitchen) -> float:
    return float(max(k.recipes.cook_time(o) for o in k.recipes.orders))


def _lossless_scale(k: Kitchen) -> np.ndarray:
    return _cached_lossless_scale(k.width, k.height, _longest_cook(k))


@cache
def _cached_lossless_scale(width: int, height: int, cook: float) -> np.ndarray:
    scale = np.ones(LOSSLESS_CHANNELS)
    scale[16:20] = MAX_INGREDIENTS  # ingredients in pots and soups
    scale[20] = max(cook, 1.0)  # cook time left
    return np.tile(scale, width * height)


def _featurized_bounds(rules: OvercookedRules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The featurized view's scale, and float32 rows of 1 and -1 to clip it to (kept in the
    view cache: they hold for the whole game; a soup outside the orders may cook longer than
    the longest order, so the clip is needed)."""

    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        k = rules.kitchen
        scale = _cached_featurized_scale(k.width, k.height, k.num_players, _longest_cook(k))
        upper = np.ones(len(scale), np.float32)
        return scale, upper, -upper

    return rules.derived("featurized bounds", 0, make)


@cache
def _cached_featurized_scale(width: int, height: int, chefs: int, cook: float) -> np.ndarray:
    far = float(max(width, height))
    pot = [1, 1, 1, 1, 1, MAX_INGREDIENTS, MAX_INGREDIENTS, max(cook, 1.0), far, far]
    chef = [1] * 8 + [far] * 8 + [MAX_INGREDIENTS] * 2 + [far] * 4 + pot * 2 + [1] * 4
    return np.array(chef * chefs + [far] * (2 * (chefs - 1) + 2), dtype=np.float64)


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
    number_turns=False,  # the menu is the six moves: Discrete(6), overcooked_ai's indices
)
