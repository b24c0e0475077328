"""Overcooked's RL face: overcooked_ai's numeric views of the kitchen and the action menu.

* The ``lossless``, ``featurized`` and ``lossless_v001`` observation keys (opt-in with ``views=``)
  are overcooked_ai's lossless stack and featurized vector, and overcooked_ai 0.0.1's 20-layer
  lossless stack (:mod:`~parlour.envs.overcooked.encodings`), computed when an observation is
  made, from the kitchen as it is then.
* The RL face's numeric view is the first of the config's ``lossless``, ``lossless_v001`` (each
  flattened) and featurized vector (the default); scaled into [-1, 1] by fixed per-feature bounds
  of the layout (distances by the kitchen's size, counts by 3, cook times by the longest), so a
  policy sees the same numbers the env's own keys carry, rescaled.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from gymnasium import spaces

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.envs.overcooked.encodings import LOSSLESS_CHANNELS, V001_CHANNELS, Encoder
from parlour.envs.overcooked.kitchen import Kitchen
from parlour.envs.overcooked.layouts import MAX_COOK_TIME, MAX_INGREDIENTS
from parlour.envs.overcooked.macros import MacroKind
from parlour.envs.overcooked.model import ActionMode, OvercookedConfig
from parlour.envs.overcooked.rules import OvercookedRules

_PRIMITIVES = 6
_PER_CHEF = 46


# -- the observation keys ------------------------------------------------------------------------
def lossless(rules: OvercookedRules, agent: AgentId) -> np.ndarray:
    """overcooked_ai's lossless stack for ``agent`` now: ``(width, height, 26)`` int64."""
    return Encoder(rules.kitchen).lossless_seat(rules.config.horizon, rules.seat_of[agent])


def lossless_v001(rules: OvercookedRules, agent: AgentId) -> np.ndarray:
    """overcooked_ai 0.0.1's lossless stack for ``agent`` now: ``(width, height, 20)`` int64."""
    return Encoder(rules.kitchen).lossless_v001_seat(rules.seat_of[agent])


def featurized(rules: OvercookedRules, agent: AgentId) -> np.ndarray:
    """overcooked_ai's featurized vector for ``agent`` now (96 float64 numbers for 2 chefs)."""
    return Encoder(rules.kitchen).featurized()[rules.seat_of[agent]]


def observations(config: OvercookedConfig) -> dict[str, tuple[spaces.Space[Any], Any]]:
    """The numeric observation keys the config asks for, with their spaces."""
    layout = config.kitchen_layout
    views: dict[str, tuple[spaces.Space[Any], Any]] = {}
    if "lossless" in config.views:
        shape = (layout.width, layout.height, LOSSLESS_CHANNELS)
        high = 3 + MAX_COOK_TIME  # ingredient counts and the longest possible cook time
        views["lossless"] = (spaces.Box(0, high, shape, dtype=np.int64), lossless)
    if "lossless_v001" in config.views:
        shape = (layout.width, layout.height, V001_CHANNELS)
        high = 3 + MAX_COOK_TIME  # onions in a pot and the longest possible cook time
        views["lossless_v001"] = (spaces.Box(0, high, shape, dtype=np.int64), lossless_v001)
    if "featurized" in config.views:
        size = 2 * _PER_CHEF + 4
        bound = float(max(layout.width, layout.height, MAX_COOK_TIME))
        views["featurized"] = (spaces.Box(-bound, bound, (size,), dtype=np.float64), featurized)
    return views


# -- the RL face ---------------------------------------------------------------------------------
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
    if "lossless_v001" in config.views:
        return layout.width * layout.height * V001_CHANNELS
    n = layout.num_players
    return n * _PER_CHEF + 2 * (n - 1) + 2


def encode(rules: OvercookedRules, agent: AgentId) -> np.ndarray:
    """``agent``'s numeric view, scaled into [-1, 1] (float32)."""
    k = rules.kitchen
    if "lossless" in rules.config.views:
        stack = lossless(rules, agent).reshape(-1)
        return (stack / _lossless_scale(k.width, k.height, _longest_cook(k))).astype(np.float32)
    if "lossless_v001" in rules.config.views:
        stack = lossless_v001(rules, agent).reshape(-1)
        scaled = (stack / _v001_scale(k.width, k.height, _longest_cook(k))).astype(np.float32)
        return np.minimum(scaled, 1.0, out=scaled)  # a soup outside the orders may cook longer
    scale = _featurized_scale(k.width, k.height, k.num_players, _longest_cook(k))
    scaled = (featurized(rules, agent) / scale).astype(np.float32)
    # a soup outside the orders may cook longer than the longest order: clip
    return np.maximum(np.minimum(scaled, 1.0, out=scaled), -1.0, out=scaled)


def _longest_cook(k: Kitchen) -> float:
    return float(max(k.recipes.cook_time(o) for o in k.recipes.orders))


#: Layout sizes whose bounds tables are kept (loops may make many layouts).
SCALES_KEPT = 64


@lru_cache(maxsize=SCALES_KEPT)
def _lossless_scale(width: int, height: int, cook: float) -> np.ndarray:
    """The lossless stack's per-entry bounds, flattened (a table per layout size)."""
    scale = np.ones(LOSSLESS_CHANNELS)
    scale[16:20] = MAX_INGREDIENTS  # ingredients in pots and soups
    scale[20] = max(cook, 1.0)  # cook time left
    return np.tile(scale, width * height)


@lru_cache(maxsize=SCALES_KEPT)
def _v001_scale(width: int, height: int, cook: float) -> np.ndarray:
    """0.0.1's lossless stack's per-entry bounds, flattened: onions in a pot by 3, the ticks a
    soup has cooked by the longest cook time, the masks and counts by 1."""
    scale = np.ones(V001_CHANNELS)
    scale[15] = MAX_INGREDIENTS  # onions in a pot
    scale[16] = max(cook, 1.0)  # ticks cooked
    return np.tile(scale, width * height)


@lru_cache(maxsize=SCALES_KEPT)
def _featurized_scale(width: int, height: int, chefs: int, cook: float) -> np.ndarray:
    """The featurized vector's per-entry bounds (a table per layout size)."""
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
