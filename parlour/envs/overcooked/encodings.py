"""overcooked_ai's numeric views of a kitchen, computed from Parlour's state.

* :func:`lossless` is ``lossless_state_encoding``: per chef a ``(width, height, 26)`` stack of
  masks, the viewer's own layers first. Values match overcooked_ai's on the golden traces.
* :func:`lossless_v001` is overcooked_ai 0.0.1's ``lossless_state_encoding`` (2019, the version
  ProAgent bundles and its partner policies were trained on): ``(width, height, 20)``, onions
  only, no urgency layer, a pot's soup told by its onions and the ticks it has cooked (see
  :data:`V001_LAYERS`).
* :func:`featurized` is ``featurize_state`` with 2 pots: per chef 96 numbers (for 2 chefs). Its
  distances come from overcooked_ai's motion planner, a shortest path over (cell, facing) states;
  with overcooked_ai's default planner settings counters are never motion goals, so the "closest
  empty counter" and "closest soup on a counter" features always read (0, 0), here as there.

Both are built from tables made once per layout (:class:`Encoder`), so a call costs little more
than filling the arrays.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from parlour.envs.overcooked.kitchen import DELTAS, DISH, ONION, TOMATO, Kitchen, Soup, item_name

LOSSLESS_CHANNELS = 26
#: The last steps of the horizon flagged by the "urgency" layer.
URGENCY_STEPS = 40
_BASE_LAYERS = {"P": 10, "X": 11, "O": 12, "T": 13, "D": 14, "S": 15}
(
    _ONIONS_IN_POT,
    _TOMATOES_IN_POT,
    _ONIONS_IN_SOUP,
    _TOMATOES_IN_SOUP,
    _COOK_TIME_LEFT,
    _SOUP_DONE,
    _DISHES,
    _ONIONS,
    _TOMATOES,
    _URGENCY,
) = range(16, 26)
_HELD_INDEX = {ONION: 0, "soup": 1, DISH: 2, TOMATO: 3}
#: overcooked_ai 0.0.1's layers, in order (``lossless_state_encoding``'s ``LAYERS``): the
#: viewer's position then the partner's, their facings (north, south, east, west; the viewer's
#: first), the terrain, then what is where. In 0.0.1 a soup in a pot is (onions, ticks cooked):
#: ``onions_in_pot`` counts its onions whether idle, cooking or ready, and ``onions_cook_time``
#: the ticks it has cooked (0 until it starts, at most its cook time); a soup out of its pot (in
#: a chef's hands or on a counter) is a 1 in ``onion_soup_loc``. There are no tomato layers:
#: 0.0.1's encoding refuses tomatoes, so this view needs a layout without tomato dispensers.
#: One quirk is kept, as ProAgent's partners were trained with it: 0.0.1 lists the objects by
#: kind and then replaces (``dict.update``) each kind a chef holds with the held ones, so while a
#: chef holds an onion no other onion is drawn, while one holds a dish no dish on a counter, and
#: while one holds a soup no soup at all in a pot or on a counter.
V001_LAYERS = (
    "player_0_loc",
    "player_1_loc",
    *(f"player_{p}_orientation_{d}" for p in (0, 1) for d in range(4)),
    "pot_loc",
    "counter_loc",
    "onion_disp_loc",
    "dish_disp_loc",
    "serve_loc",
    "onions_in_pot",
    "onions_cook_time",
    "onion_soup_loc",
    "dishes",
    "onions",
)
V001_CHANNELS = len(V001_LAYERS)
#: Where 0.0.1's terrain layers (pot, counter, onion and dish dispenser, serving window) come
#: from in the 26-layer terrain stack.
_V001_TERRAIN = [_BASE_LAYERS[kind] for kind in "PXODS"]
_V001_IN_POT, _V001_COOK_TIME, _V001_SOUP, _V001_DISHES, _V001_ONIONS = range(15, 20)
NUM_POT_FEATURES = 2
# Where each part of a chef's 46 featurized numbers starts: facing (4), held (4), offsets to the
# closest onion, tomato and dish dispensers (2 each), held soup (4: two zeros, its onions and
# tomatoes), serving window (2), empty counter (2), pots (10 each), walls around (4).
_PER_CHEF = 46
_DISPENSER_OFFSET = {ONION: 8, TOMATO: 10, DISH: 12}
_HELD_SOUP, _SERVING, _POTS, _WALLS = 16, 18, 22, 42


class Encoder:
    """The per-layout tables behind both views of one kitchen."""

    def __init__(self, kitchen: Kitchen) -> None:
        self.kitchen = kitchen
        key = (kitchen.width, kitchen.height, tuple(kitchen.terrain))
        tables = _TABLES.get(key)
        if tables is None:  # every game on a layout shares its tables (a search per state)
            if len(_TABLES) >= 64:
                _TABLES.clear()
            tables = _TABLES[key] = (self._base_layers(), {}, {}, self._motion_distances())
        self.base: np.ndarray = tables[0]
        self._closest: dict[tuple[int, int], tuple] = tables[1]
        self._fixed_features: dict[tuple[int, int], tuple[np.ndarray, tuple[int, ...]]] = tables[2]
        self._distances: dict[tuple[int, int], dict[tuple[int, int], int]] = tables[3]

    def _base_layers(self) -> np.ndarray:
        """The terrain layers of the lossless stack (never written to: copied per call)."""
        k = self.kitchen
        base = np.zeros((k.width, k.height, LOSSLESS_CHANNELS), dtype=np.int64)
        for cell, kind in enumerate(k.terrain):
            if kind in _BASE_LAYERS:
                x, y = k.xy(cell)
                base[x, y, _BASE_LAYERS[kind]] = 1
        return base

    # -- lossless -------------------------------------------------------------------------------
    def lossless(self, horizon: int) -> list[np.ndarray]:
        """One ``(width, height, 26)`` int64 array per chef (2 chefs, as in overcooked_ai)."""
        shared = self._shared_layers(horizon)
        return [self._seat_layers(shared, me) for me in range(2)]

    def lossless_seat(self, horizon: int, me: int) -> np.ndarray:
        """Chef ``me``'s ``(width, height, 26)`` int64 array (a fresh one)."""
        return self._seat_layers(self._shared_layers(horizon), me)

    def _shared_layers(self, horizon: int) -> np.ndarray:
        """The layers every chef's stack shares: terrain, objects, held items, urgency."""
        k = self.kitchen
        shared = self.base.copy()
        if horizon - k.timestep < URGENCY_STEPS:
            shared[:, :, _URGENCY] = 1
        pots = set(k.pots)
        for cell, item in k.objects.items():
            self._object_layers(shared, k.xy(cell), item, cell in pots)
        for player, item in enumerate(k.held):
            if item is not None:
                self._object_layers(shared, k.xy(k.pos[player]), item, False)
        return shared

    def _seat_layers(self, shared: np.ndarray, me: int) -> np.ndarray:
        """``shared`` with the chefs' position and facing layers as chef ``me`` sees them (its
        own first): a copy."""
        k = self.kitchen
        view = shared.copy()
        for rank, player in enumerate((me, 1 - me)):
            x, y = k.xy(k.pos[player])
            view[x, y, rank] = 1
            view[x, y, 2 + 4 * rank + k.facing[player]] = 1
        return view

    @staticmethod
    def _object_layers(stack: np.ndarray, xy: tuple[int, int], item: object, in_pot: bool) -> None:
        x, y = xy
        if item.__class__ is Soup:
            soup: Soup = item  # type: ignore[assignment]
            if in_pot and soup.idle:
                stack[x, y, _ONIONS_IN_POT] += soup.onions
                stack[x, y, _TOMATOES_IN_POT] += soup.tomatoes
                return
            stack[x, y, _ONIONS_IN_SOUP] += soup.onions
            stack[x, y, _TOMATOES_IN_SOUP] += soup.tomatoes
            if in_pot:
                stack[x, y, _COOK_TIME_LEFT] += soup.cook_time - soup.tick
                if soup.ready:
                    stack[x, y, _SOUP_DONE] += 1
            else:  # a soup out of its pot counts as cooked
                stack[x, y, _SOUP_DONE] += 1
        elif item == DISH:
            stack[x, y, _DISHES] += 1
        elif item == ONION:
            stack[x, y, _ONIONS] += 1
        elif item == TOMATO:
            stack[x, y, _TOMATOES] += 1

    # -- lossless, overcooked_ai 0.0.1 ------------------------------------------------------------
    def lossless_v001_seat(self, me: int) -> np.ndarray:
        """Chef ``me``'s ``(width, height, 20)`` int64 array in overcooked_ai 0.0.1's layers
        (:data:`V001_LAYERS`; a fresh one). Tomatoes, which 0.0.1 refuses, are not drawn."""
        k = self.kitchen
        stack = np.zeros((k.width, k.height, V001_CHANNELS), dtype=np.int64)
        stack[:, :, 10:15] = self.base[:, :, _V001_TERRAIN]
        pots = set(k.pots)
        held = {item_name(item) for item in k.held if item is not None}
        for cell, item in k.objects.items():
            if item_name(item) not in held:  # 0.0.1's quirk: a kind in hand hides the rest
                _v001_object(stack, k.xy(cell), item, cell in pots)
        for player, item in enumerate(k.held):
            if item is not None:
                _v001_object(stack, k.xy(k.pos[player]), item, False)
        for rank, player in enumerate((me, 1 - me)):
            x, y = k.xy(k.pos[player])
            stack[x, y, rank] = 1
            stack[x, y, 2 + 4 * rank + k.facing[player]] = 1
        return stack

    # -- featurized -------------------------------------------------------------------------------
    def featurized(self) -> np.ndarray:
        """A float64 row per chef: own features, the others' (in seat order), the others'
        offsets, own position (96 numbers with 2 chefs and 2 pots). Each chef's features are
        written once, into its own row, and copied across by slices."""
        k = self.kitchen
        n = k.num_players
        vectors = np.empty((n, n * _PER_CHEF + 2 * n), np.float64)
        own = vectors[:, :_PER_CHEF]
        for player in range(n):
            self._write_player_features(player, own[player])
        places = [k.xy(cell) for cell in k.pos]
        for i, (xi, yi) in enumerate(places):
            at, tail = _PER_CHEF, []
            for j, (xj, yj) in enumerate(places):
                if j != i:
                    vectors[i, at : at + _PER_CHEF] = own[j]
                    at += _PER_CHEF
                    tail += (xj - xi, yj - yi)
            vectors[i, n * _PER_CHEF :] = (*tail, xi, yi)
        return vectors

    def _write_player_features(self, player: int, features: np.ndarray) -> None:
        """A chef's 46 features into ``features``: the fixed ones of its (cell, facing), then
        what it holds and what the pots hold."""
        k = self.kitchen
        key = (k.pos[player], k.facing[player])
        fixed = self._fixed_features.get(key)
        if fixed is None:
            fixed = self._fixed_features[key] = (
                self._place_features(*key),
                self._closest_table(*key)[4],
            )
        features[:] = fixed[0]
        held = k.held[player]
        if held is not None:
            if held.__class__ is Soup:
                features[4 + _HELD_INDEX["soup"]] = 1.0
                features[_HELD_SOUP] = held.onions  # type: ignore[union-attr]
                features[_HELD_SOUP + 1] = held.tomatoes  # type: ignore[union-attr]
            else:
                features[4 + _HELD_INDEX[held]] = 1.0  # type: ignore[index]
                at = _DISPENSER_OFFSET.get(held)  # type: ignore[arg-type]
                if at is not None:  # no way to the kind you already hold
                    features[at] = features[at + 1] = 0.0
        for slot, pot in enumerate(fixed[1]):
            at = _POTS + 10 * slot
            soup = k.pot_soup(pot)
            if soup is None:
                features[at + 1] = 1.0  # empty
            else:  # full, cooking, ready, onions, tomatoes, cook time left
                features[at + 2 : at + 8] = (
                    soup.full,
                    soup.cooking,
                    soup.ready,
                    soup.onions,
                    soup.tomatoes,
                    soup.time_left,
                )

    def _place_features(self, cell: int, facing: int) -> np.ndarray:
        """The features fixed by a chef's cell and facing: the facing, the offsets to the closest
        dispensers, serving window and pots, which pots exist, and the walls around."""
        k = self.kitchen
        x, y = k.xy(cell)
        closest = self._closest_table(cell, facing)
        features = np.zeros(_PER_CHEF, np.float64)
        features[facing] = 1.0
        for at, target in zip((8, 10, 12, _SERVING), closest[:4], strict=True):
            features[at : at + 2] = _offset(k, target, x, y)
        # a soup on a counter is never a motion goal; the closest empty counter neither: (0, 0)
        for slot, pot in enumerate(closest[4]):
            at = _POTS + 10 * slot
            features[at] = 1.0  # the pot exists
            px, py = k.xy(pot)
            features[at + 8 : at + 10] = (px - x, py - y)
        for d, (dx, dy) in enumerate(DELTAS):
            features[_WALLS + d] = k.terrain[k.cell(x + dx, y + dy)] != " "
        return features

    def _closest_table(self, cell: int, facing: int) -> tuple:
        """Closest onion, tomato and dish dispenser and serving window (-1: none reachable),
        then the 2 closest pots, from (cell, facing); fixed per layout, so built once."""
        key = (cell, facing)
        table = self._closest.get(key)
        if table is None:
            k = self.kitchen
            kinds = [
                self._closest_of(key, [c for c, t in enumerate(k.terrain) if t == kind])
                for kind in "OTDS"
            ]
            pots = list(k.pots)
            chosen: list[int] = []
            for _ in range(NUM_POT_FEATURES):
                best = self._closest_of(key, pots)
                if best < 0:
                    break
                chosen.append(best)
                pots.remove(best)
            table = self._closest[key] = (*kinds, tuple(chosen))
        return table

    def _closest_of(self, start: tuple[int, int], features: list[int]) -> int:
        """overcooked_ai's ``min_cost_to_feature``: the first feature (in list order, then goal
        order north, south, east, west of it) with the strictly smallest path cost."""
        k = self.kitchen
        distances = self._distances.get(start, {})
        best, best_cost = -1, None
        for feature in features:
            for d in range(4):
                ox, oy = DELTAS[d]
                fx, fy = k.xy(feature)
                nx, ny = fx + ox, fy + oy
                if not (0 <= nx < k.width and 0 <= ny < k.height):
                    continue
                goal_cell = k.cell(nx, ny)
                if not k.floor[goal_cell]:
                    continue
                cost = distances.get((goal_cell, _OPPOSITE[d]))
                if cost is not None and (best_cost is None or cost < best_cost):
                    best, best_cost = feature, cost
        return best

    def _motion_distances(self) -> dict[tuple[int, int], dict[tuple[int, int], int]]:
        """Shortest action counts between (cell, facing) states of one chef (a move into a
        non-floor tile only turns), by breadth-first search from every state."""
        k = self.kitchen
        states = [(c, f) for c in range(len(k.terrain)) if k.floor[c] for f in range(4)]
        table = {}
        for start in states:
            seen = {start: 0}
            queue = deque([start])
            while queue:
                state = queue.popleft()
                cell, _ = state
                for d in range(4):
                    nxt = (k.move_to[cell * 4 + d], d)
                    if nxt not in seen:
                        seen[nxt] = seen[state] + 1
                        queue.append(nxt)
            table[start] = seen
        return table


def _v001_object(stack: np.ndarray, xy: tuple[int, int], item: object, in_pot: bool) -> None:
    """Add an item to 0.0.1's object layers: a soup in its pot by its onions and ticks cooked,
    a soup elsewhere as one soup; a dish; an onion."""
    x, y = xy
    if item.__class__ is Soup:
        soup: Soup = item  # type: ignore[assignment]
        if in_pot:
            stack[x, y, _V001_IN_POT] += soup.onions
            stack[x, y, _V001_COOK_TIME] += max(soup.tick, 0)
        else:
            stack[x, y, _V001_SOUP] += 1
    elif item == DISH:
        stack[x, y, _V001_DISHES] += 1
    elif item == ONION:
        stack[x, y, _V001_ONIONS] += 1


_OPPOSITE = (1, 0, 3, 2)
#: Per-layout tables, keyed by the terrain: lossless base layers, closest-feature tables, fixed
#: featurized numbers and pots per (cell, facing), motion distances.
_TABLES: dict[tuple[int, int, tuple[str, ...]], tuple[Any, ...]] = {}


def _offset(kitchen: Kitchen, target: int, x: int, y: int) -> list[float]:
    if target < 0:
        return [0, 0]
    tx, ty = kitchen.xy(target)
    return [tx - x, ty - y]
