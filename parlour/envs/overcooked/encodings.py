"""overcooked_ai's two numeric views of a kitchen, computed from Parlour's state.

* :func:`lossless` is ``lossless_state_encoding``: per chef a ``(width, height, 26)`` stack of
  masks, the viewer's own layers first. Values match overcooked_ai's on the golden traces.
* :func:`featurized` is ``featurize_state`` with 2 pots: per chef 96 numbers (for 2 chefs). Its
  distances come from overcooked_ai's motion planner, a shortest path over (cell, facing) states;
  with overcooked_ai's default planner settings counters are never motion goals, so the "closest
  empty counter" and "closest soup on a counter" features always read (0, 0), here as there.

Both are built from tables made once per layout (:class:`Encoder`), so a call costs little more
than filling the arrays.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from parlour.envs.overcooked.kitchen import DELTAS, DISH, ONION, TOMATO, Kitchen, Soup

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
NUM_POT_FEATURES = 2


class Encoder:
    """The per-layout tables behind both views of one kitchen."""

    def __init__(self, kitchen: Kitchen) -> None:
        self.kitchen = kitchen
        w, h = kitchen.width, kitchen.height
        self.base = np.zeros((w, h, LOSSLESS_CHANNELS), dtype=np.int64)
        for cell, kind in enumerate(kitchen.terrain):
            if kind in _BASE_LAYERS:
                x, y = kitchen.xy(cell)
                self.base[x, y, _BASE_LAYERS[kind]] = 1
        self._closest: dict[tuple[int, int], tuple] = {}
        self._distances = self._motion_distances()

    # -- lossless -------------------------------------------------------------------------------
    def lossless(self, horizon: int) -> list[np.ndarray]:
        """One ``(width, height, 26)`` int64 array per chef (2 chefs, as in overcooked_ai)."""
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
        views = []
        for me in range(2):
            view = shared.copy()
            for rank, player in enumerate((me, 1 - me)):
                x, y = k.xy(k.pos[player])
                view[x, y, rank] = 1
                view[x, y, 2 + 4 * rank + k.facing[player]] = 1
            views.append(view)
        return views

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

    # -- featurized -------------------------------------------------------------------------------
    def featurized(self) -> list[np.ndarray]:
        """One float64 vector per chef: own features, the partner's, the partner's offset, own
        position (96 numbers with 2 chefs and 2 pots)."""
        k = self.kitchen
        per_player = [self._player_features(p) for p in range(k.num_players)]
        vectors = []
        for i in range(k.num_players):
            xi, yi = k.xy(k.pos[i])
            parts = list(per_player[i])
            for j in range(k.num_players):
                if j != i:
                    parts.extend(per_player[j])
            for j in range(k.num_players):
                if j != i:
                    xj, yj = k.xy(k.pos[j])
                    parts += [xj - xi, yj - yi]
            parts += [xi, yi]
            vectors.append(np.array(parts, dtype=np.float64))
        return vectors

    def _player_features(self, player: int) -> list[float]:
        k = self.kitchen
        cell, facing = k.pos[player], k.facing[player]
        x, y = k.xy(cell)
        held = k.held[player]
        held_name = "none" if held is None else ("soup" if held.__class__ is Soup else held)
        features: list[float] = [0.0] * 8
        features[facing] = 1.0
        if held is not None:
            features[4 + _HELD_INDEX[held_name]] = 1.0  # type: ignore[index]
        closest = self._closest_table(cell, facing)
        for name, target in zip(("onion", "tomato", "dish"), closest[:3], strict=True):
            features += [0, 0] if held_name == name else _offset(k, target, x, y)
        # a soup on a counter is never a motion goal: only a held soup gives these numbers
        soup = held if held_name == "soup" else None
        features += [0, 0, soup.onions if soup else 0, soup.tomatoes if soup else 0]  # type: ignore[union-attr]
        features += _offset(k, closest[3], x, y)  # serving window
        features += [0, 0]  # closest empty counter: never a motion goal
        for pot in closest[4]:
            features += self._pot_features(pot, x, y)
        for _ in range(NUM_POT_FEATURES - len(closest[4])):
            features += [0] * 10
        for dx, dy in DELTAS:
            features.append(0 if k.terrain[k.cell(x + dx, y + dy)] == " " else 1)
        return features

    def _pot_features(self, pot: int, x: int, y: int) -> list[float]:
        k = self.kitchen
        soup = k.pot_soup(pot)
        px, py = k.xy(pot)
        if soup is None:
            return [1, 1, 0, 0, 0, 0, 0, 0, px - x, py - y]
        return [
            1,
            0,
            int(soup.full),
            int(soup.cooking),
            int(soup.ready),
            soup.onions,
            soup.tomatoes,
            soup.time_left,
            px - x,
            py - y,
        ]

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


_OPPOSITE = (1, 0, 3, 2)


def _offset(kitchen: Kitchen, target: int, x: int, y: int) -> list[float]:
    if target < 0:
        return [0, 0]
    tx, ty = kitchen.xy(target)
    return [tx - x, ty - y]
