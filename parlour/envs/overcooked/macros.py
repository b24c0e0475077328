"""The macro layer: orders such as ``[get onion]`` or ``[serve]`` carried out over many ticks.

An order names a subtask (ProAgent's skills plus starting the cooking, tomatoes, moving to a cell
and waiting). A deterministic executor turns a running order into one primitive action a tick:
a breadth-first path to the nearest cell facing a suitable tile, treating the partner as a wall so
it routes around them, then a turn to face the tile and an interact. Each tick the order is checked
again, so it fails, with a reason, as soon as it can no longer be done (the partner filled the last
pot, the path stays blocked, it ran too long).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum

from parlour.envs.overcooked.kitchen import DISH, ONION, TOMATO, Act, Kitchen, Soup, item_name

#: Ticks a chef waits for a blocked path before its order fails.
MAX_BLOCKED = 6


class MacroKind(str, Enum):
    GET_ONION = "get onion"
    GET_TOMATO = "get tomato"
    GET_DISH = "get dish"
    PUT_IN_POT = "put in pot"
    START_COOKING = "start cooking"
    TAKE_SOUP = "take soup"
    SERVE = "serve"
    PLACE_ON_COUNTER = "place on counter"
    PICK_UP_FROM_COUNTER = "pick up from counter"
    GO_TO = "go to"
    WAIT = "wait"


@dataclass(frozen=True)
class Order:
    """A chef's macro order; ``target`` is the ``(x, y)`` cell of ``[go to X Y]``."""

    kind: MacroKind
    target: tuple[int, int] | None = None


@dataclass
class RunningOrder:
    """An order being carried out: ticks spent and consecutive ticks blocked."""

    order: Order
    ticks: int = 0
    blocked: int = 0


_DISPENSER = {MacroKind.GET_ONION: "O", MacroKind.GET_TOMATO: "T", MacroKind.GET_DISH: "D"}
_GETS = {MacroKind.GET_ONION: ONION, MacroKind.GET_TOMATO: TOMATO, MacroKind.GET_DISH: DISH}


class MacroExecutor:
    """Feasibility, routing and completion of orders in one kitchen (tables built once)."""

    def __init__(self, kitchen: Kitchen) -> None:
        self.kitchen = kitchen
        k = kitchen
        # connected floor regions: a tile is reachable when a floor cell beside it is in the
        # chef's region (the partner may move away, so feasibility ignores them)
        self.region = [-1] * len(k.terrain)
        for start in range(len(k.terrain)):
            if k.floor[start] and self.region[start] < 0:
                self.region[start] = start
                queue = deque([start])
                while queue:
                    cell = queue.popleft()
                    for d in range(4):
                        nxt = k.move_to[cell * 4 + d]
                        if self.region[nxt] < 0:
                            self.region[nxt] = start
                            queue.append(nxt)
        self.tiles = {kind: [c for c, t in enumerate(k.terrain) if t == kind] for kind in "XPOTDS"}
        self.max_ticks = 2 * sum(k.floor) + 4 * max(
            (k.recipes.cook_time(soup) for soup in k.recipes.orders), default=20
        )

    # -- what an order needs ----------------------------------------------------------------------
    def targets(self, chef: int, kind: MacroKind) -> list[int]:
        """The tiles the order could be done at now (before reachability)."""
        k = self.kitchen
        objects = k.objects
        if kind in _DISPENSER:
            return self.tiles[_DISPENSER[kind]]
        if kind is MacroKind.PUT_IN_POT:
            return [p for p in k.pots if (s := k.pot_soup(p)) is None or not s.full]
        if kind is MacroKind.START_COOKING:
            return [p for p in k.pots if (s := k.pot_soup(p)) is not None and s.idle and s.size]
        if kind is MacroKind.TAKE_SOUP:
            return [p for p in k.pots if (s := k.pot_soup(p)) is not None and not s.idle]
        if kind is MacroKind.SERVE:
            return self.tiles["S"]
        if kind is MacroKind.PLACE_ON_COUNTER:
            return [c for c in self.tiles["X"] if c not in objects]
        if kind is MacroKind.PICK_UP_FROM_COUNTER:
            return [c for c in self.tiles["X"] if c in objects]
        return []

    def problem(self, chef: int, order: Order) -> str | None:
        """Why ``order`` cannot be done now, or None when it can."""
        k = self.kitchen
        kind = order.kind
        held = k.held[chef]
        if kind is MacroKind.WAIT:
            return None
        if kind is MacroKind.GO_TO:
            x, y = order.target  # type: ignore[misc]
            if not (0 <= x < k.width and 0 <= y < k.height) or not k.floor[k.cell(x, y)]:
                return f"({x}, {y}) is not a floor cell"
            if self.region[k.cell(x, y)] != self.region[k.pos[chef]]:
                return f"({x}, {y}) cannot be reached from here"
            return None
        needs_empty = kind in _DISPENSER or kind in (
            MacroKind.START_COOKING,
            MacroKind.PICK_UP_FROM_COUNTER,
        )
        if needs_empty and held is not None:
            return f"your hands are full (holding {item_name(held)})"
        if kind is MacroKind.PUT_IN_POT and held not in (ONION, TOMATO):
            return "you hold no ingredient"
        if kind is MacroKind.TAKE_SOUP and held != DISH:
            return "you need an empty dish to take a soup"
        if kind is MacroKind.SERVE and held.__class__ is not Soup:
            return "you hold no soup"
        if kind is MacroKind.PLACE_ON_COUNTER and held is None:
            return "you hold nothing to place"
        if kind is MacroKind.START_COOKING and k.old_dynamics:
            return "pots start cooking by themselves in this kitchen"
        tiles = self.targets(chef, kind)
        if not tiles:
            return _NO_TILE[kind]
        if not any(self._beside(chef, tile) for tile in tiles):
            return f"no place to {kind.value} can be reached from here"
        return None

    def _beside(self, chef: int, tile: int) -> bool:
        k = self.kitchen
        region = self.region[k.pos[chef]]
        return any(
            self.region[n] == region for d in range(4) if k.floor[n := k.front[tile * 4 + d]]
        )

    # -- carrying it out ---------------------------------------------------------------------------
    def next_action(self, chef: int, running: RunningOrder) -> Act:
        """The primitive action that moves ``running`` on this tick (STAY while blocked)."""
        k = self.kitchen
        order = running.order
        if order.kind is MacroKind.WAIT:
            return Act.STAY
        here = k.pos[chef]
        if order.kind is MacroKind.GO_TO:
            goals = {k.cell(*order.target): -1}  # type: ignore[misc]
        else:
            goals = {}
            for tile in self.targets(chef, order.kind):
                for d in range(4):
                    cell = k.front[tile * 4 + d]
                    if k.floor[cell]:
                        goals.setdefault(cell, _OPPOSITE[d])  # face back towards the tile
        if here in goals:
            face = goals[here]
            if face < 0:
                return Act.STAY
            if k.facing[chef] != face:
                return Act(face)  # a move into a non-floor tile only turns
            if order.kind is MacroKind.TAKE_SOUP:
                soup = k.pot_soup(k.front[here * 4 + face])
                if soup is None or not soup.ready:
                    return Act.STAY  # wait at the pot until it is done
            return Act.INTERACT
        step = self._first_step(chef, goals)
        if step is None:
            running.blocked += 1
            return Act.STAY
        running.blocked = 0
        return step

    def _first_step(self, chef: int, goals: dict[int, int]) -> Act | None:
        """The first move of a shortest path to a goal cell, around the other chefs."""
        k = self.kitchen
        start = k.pos[chef]
        others = {p for i, p in enumerate(k.pos) if i != chef}
        first: dict[int, int] = {start: -1}
        queue = deque([start])
        while queue:
            cell = queue.popleft()
            for d in range(4):
                nxt = k.move_to[cell * 4 + d]
                if nxt == cell or nxt in first or nxt in others:
                    continue
                first[nxt] = d if cell == start else first[cell]
                if nxt in goals:
                    return Act(first[nxt])
                queue.append(nxt)
        return None

    def outcome(self, chef: int, running: RunningOrder, acted: Act) -> tuple[bool, str | None]:
        """After a tick: (finished, failure reason). A success is (True, None)."""
        k = self.kitchen
        kind = running.order.kind
        held = k.held[chef]
        done = False
        if kind is MacroKind.WAIT:
            done = True
        elif kind is MacroKind.GO_TO:
            done = k.pos[chef] == k.cell(*running.order.target)  # type: ignore[misc]
        elif kind in _GETS:
            done = held == _GETS[kind]
        elif kind in (MacroKind.PUT_IN_POT, MacroKind.SERVE, MacroKind.PLACE_ON_COUNTER):
            done = held is None
        elif kind is MacroKind.TAKE_SOUP:
            done = held.__class__ is Soup
        elif kind is MacroKind.PICK_UP_FROM_COUNTER:
            done = held is not None
        elif kind is MacroKind.START_COOKING and acted is Act.INTERACT:
            soup = k.pot_soup(k.facing_cell(chef))
            done = soup is not None and not soup.idle
        if done:
            return True, None
        if running.blocked > MAX_BLOCKED:
            return True, f"the way was blocked for {running.blocked} ticks"
        if running.ticks >= self.max_ticks:
            return True, f"not done after {running.ticks} ticks"
        return False, self.problem(chef, running.order)


_OPPOSITE = (1, 0, 3, 2)
_NO_TILE = {
    MacroKind.GET_ONION: "this kitchen has no onion dispenser",
    MacroKind.GET_TOMATO: "this kitchen has no tomato dispenser",
    MacroKind.GET_DISH: "this kitchen has no dish dispenser",
    MacroKind.PUT_IN_POT: "no pot has room",
    MacroKind.START_COOKING: "no pot has ingredients waiting to cook",
    MacroKind.TAKE_SOUP: "no soup is cooking or ready",
    MacroKind.SERVE: "this kitchen has no serving window",
    MacroKind.PLACE_ON_COUNTER: "no counter is free",
    MacroKind.PICK_UP_FROM_COUNTER: "nothing lies on the counters",
}
