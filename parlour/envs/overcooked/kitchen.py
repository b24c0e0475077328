"""Overcooked's dynamics: a small, fast state machine that steps exactly like overcooked_ai.

The kitchen knows nothing of text, agents or PettingZoo. Cells are indexed ``y * width + x`` and
every lookup a step needs (where a move lands, which tile a chef faces) is a table built once per
layout, so a step is a few list reads. The step order is overcooked_ai's:

1. interacts, from the positions before moving, player 0 first;
2. movement: a move always turns the chef; if two chefs would end on one cell or swap cells,
   every chef stays where it was;
3. the clock advances and every cooking soup cooks one tick (with ``dynamics="old"`` a pot of
   3 ingredients starts cooking by itself first).

Golden traces recorded from overcooked_ai (``tests/envs/overcooked/golden``) pin this down.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple

from parlour.core.errors import ConfigError
from parlour.envs.overcooked.layouts import MAX_INGREDIENTS, Layout, SoupKey


class Act(IntEnum):
    """Primitive actions, in overcooked_ai's index order."""

    NORTH = 0
    SOUTH = 1
    EAST = 2
    WEST = 3
    STAY = 4
    INTERACT = 5


#: (dx, dy) of NORTH, SOUTH, EAST, WEST: also the facing directions' indices.
DELTAS = ((0, -1), (0, 1), (1, 0), (-1, 0))
DIRECTION_NAMES = ("north", "south", "east", "west")
ONION, TOMATO, DISH = "onion", "tomato", "dish"
#: overcooked_ai's BASE_REW_SHAPING_PARAMS (the distance terms are 0 there and omitted here).
SHAPING = {"placement_in_pot": 3.0, "dish_pickup": 3.0, "soup_pickup": 5.0}


class Soup:
    """A soup in a pot (idle while ``tick < 0``), in a chef's hands, or on a counter."""

    __slots__ = ("cook_time", "onions", "tick", "tomatoes")

    def __init__(self, onions: int = 0, tomatoes: int = 0, tick: int = -1, cook_time: int = 0):
        self.onions = onions
        self.tomatoes = tomatoes
        self.tick = tick
        self.cook_time = cook_time

    @property
    def key(self) -> SoupKey:
        return self.onions, self.tomatoes

    @property
    def size(self) -> int:
        return self.onions + self.tomatoes

    @property
    def idle(self) -> bool:
        return self.tick < 0

    @property
    def ready(self) -> bool:
        return self.tick >= 0 and self.tick >= self.cook_time

    @property
    def cooking(self) -> bool:
        return 0 <= self.tick < self.cook_time

    @property
    def full(self) -> bool:
        """No ingredient can be added: cooking, ready, or holding 3."""
        return self.tick >= 0 or self.onions + self.tomatoes == MAX_INGREDIENTS

    @property
    def time_left(self) -> int:
        return max(0, self.cook_time - self.tick) if self.tick >= 0 else 0

    def copy(self) -> Soup:
        return Soup(self.onions, self.tomatoes, self.tick, self.cook_time)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Soup) and (
            self.onions,
            self.tomatoes,
            self.tick,
            self.cook_time,
        ) == (other.onions, other.tomatoes, other.tick, other.cook_time)

    def __repr__(self) -> str:
        return f"Soup(onions={self.onions}, tomatoes={self.tomatoes}, tick={self.tick})"


#: What a chef holds or a counter carries: nothing, an ingredient, a dish or a soup.
Item = str | Soup | None


class SoupState(NamedTuple):
    """A soup frozen in a :class:`KitchenState`."""

    onions: int
    tomatoes: int
    tick: int
    cook_time: int


#: An item frozen in a :class:`KitchenState`.
FrozenItem = str | SoupState | None


class KitchenState(NamedTuple):
    """An immutable copy of a kitchen's state (what every chef sees: Overcooked hides nothing),
    handed to scripted bots through their seat views; :meth:`Kitchen.load` puts it into a
    kitchen of the bot's own."""

    layout: Layout
    dynamics: str
    timestep: int
    pos: tuple[int, ...]
    facing: tuple[int, ...]
    held: tuple[FrozenItem, ...]
    objects: tuple[tuple[int, FrozenItem], ...]


def item_name(item: Item) -> str:
    if item is None:
        return "nothing"
    return "soup" if item.__class__ is Soup else item  # type: ignore[return-value]


@dataclass
class StepOutcome:
    """What one joint step produced: per-player delivery rewards, shaping rewards and events
    (overcooked_ai's event names, e.g. ``("soup_delivery", 1)``)."""

    sparse: list[float]
    shaped: list[float]
    events: list[tuple[str, int]]
    collision: bool = False


#: Layouts whose tables are kept: a bound for loops that make many layouts (random kitchens).
GRID_TABLES_KEPT = 64


@lru_cache(maxsize=GRID_TABLES_KEPT)
def _grid_tables(
    rows: tuple[str, ...],
) -> tuple[list[str], list[bool], list[int], list[int]]:
    """Per-layout lookup tables (shared by every kitchen on the same grid; never mutated):
    terrain by cell, floor by cell, where a move lands (``cell * 4 + direction``) and which cell
    a chef faces."""
    w, h = len(rows[0]), len(rows)
    terrain = [c for row in rows for c in row]
    floor = [c == " " for c in terrain]
    move_to = [0] * (len(terrain) * 4)
    front = [0] * (len(terrain) * 4)
    for cell in range(len(terrain)):
        x, y = cell % w, cell // w
        for d, (dx, dy) in enumerate(DELTAS):
            nx, ny = x + dx, y + dy
            inside = 0 <= nx < w and 0 <= ny < h
            target = ny * w + nx if inside else cell
            front[cell * 4 + d] = target
            move_to[cell * 4 + d] = target if inside and floor[target] else cell
    return terrain, floor, move_to, front


class Kitchen:
    """One Overcooked game's state and rules, for a layout and a dynamics flavour.

    Attributes:
        pos, facing, held: per chef, the cell index, the facing direction (0-3: north, south,
            east, west) and the held item.
        objects: items on counters and soups in pots, by cell index.
        timestep: joint steps taken.
    """

    def __init__(
        self,
        layout: Layout,
        dynamics: str = "new",
        shaping: dict[str, float] | None = None,
    ) -> None:
        if dynamics not in ("new", "old"):
            raise ConfigError(f"dynamics must be 'new' or 'old', actual value: {dynamics!r}")
        if dynamics == "old" and any(sum(o) != MAX_INGREDIENTS for o in layout.recipes.orders):
            raise ConfigError(
                f"dynamics='old' starts cooking at {MAX_INGREDIENTS} ingredients, so every order "
                f"must have {MAX_INGREDIENTS}; layout {layout.name!r} has smaller ones"
            )
        self.layout = layout
        self.old_dynamics = dynamics == "old"
        self.recipes = layout.recipes
        self.shaping = dict(SHAPING if shaping is None else shaping)
        self.width, self.height = layout.width, layout.height
        self.num_players = layout.num_players
        self.terrain, self.floor, self.move_to, self.front = _grid_tables(layout.terrain)
        w = self.width
        self.pots = [i for i, c in enumerate(self.terrain) if c == "P"]
        self.starts = [y * w + x for x, y in layout.starts]
        self.pos: list[int] = []
        self.facing: list[int] = []
        self.held: list[Item] = []
        self.objects: dict[int, Item] = {}
        self.timestep = 0
        self.reset()

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        """Chefs on their start cells facing north, empty hands, empty kitchen, time 0."""
        self.pos = list(self.starts)
        self.facing = [0] * self.num_players
        self.held = [None] * self.num_players
        self.objects = {}
        self.timestep = 0

    def xy(self, cell: int) -> tuple[int, int]:
        return cell % self.width, cell // self.width

    def cell(self, x: int, y: int) -> int:
        return y * self.width + x

    def facing_cell(self, player: int) -> int:
        return self.front[self.pos[player] * 4 + self.facing[player]]

    def pot_soup(self, cell: int) -> Soup | None:
        item = self.objects.get(cell)
        return item if item.__class__ is Soup else None  # type: ignore[return-value]

    # -- the step ---------------------------------------------------------------------------------
    def step(self, joint: list[int] | tuple[int, ...]) -> StepOutcome:
        """Advance one joint step (``joint[i]`` an :class:`Act` value for chef ``i``)."""
        n = self.num_players
        outcome = StepOutcome([0.0] * n, [0.0] * n, [])
        if Act.INTERACT in joint:
            self._interacts(joint, outcome)
        pos, facing, move_to = self.pos, self.facing, self.move_to
        old = pos[:]
        new = old[:]
        for i, action in enumerate(joint):
            if action < 4:
                facing[i] = action
                new[i] = move_to[old[i] * 4 + action]
        if new != old:
            if self._collides(old, new):
                outcome.collision = True
            else:
                self.pos = new
        self.timestep += 1
        objects, old_dynamics = self.objects, self.old_dynamics
        for cell in self.pots:
            soup = objects.get(cell)
            if soup is None:
                continue
            if old_dynamics and soup.tick < 0 and soup.onions + soup.tomatoes == MAX_INGREDIENTS:  # type: ignore[union-attr]
                self._begin_cooking(soup)  # type: ignore[arg-type]
            if 0 <= soup.tick < soup.cook_time:  # type: ignore[union-attr]
                soup.tick += 1  # type: ignore[union-attr]
        return outcome

    @staticmethod
    def _collides(old: list[int], new: list[int]) -> bool:
        n = len(new)
        if n == 2:
            return new[0] == new[1] or (new[0] == old[1] and new[1] == old[0])
        for i in range(n):
            for j in range(i + 1, n):
                if new[i] == new[j] or (new[i] == old[j] and new[j] == old[i]):
                    return True
        return False

    def _begin_cooking(self, soup: Soup) -> None:
        soup.cook_time = self.recipes.cook_time(soup.key)
        soup.tick = 0

    def _pot_counts(self) -> tuple[int, int]:
        """(full pots, pots worth a dish) before this step's interacts, as overcooked_ai counts
        them for its "useful" events: full = cooking, ready or holding 3; worth a dish = ready,
        cooking or partly filled (a full idle pot is not)."""
        full = dishworthy = 0
        for cell in self.pots:
            soup = self.objects.get(cell)
            if soup is None:
                continue
            if soup.tick >= 0:  # type: ignore[union-attr]
                full += 1
                dishworthy += 1
            elif soup.onions + soup.tomatoes == MAX_INGREDIENTS:  # type: ignore[union-attr]
                full += 1
            else:
                dishworthy += 1
        return full, dishworthy

    def _interacts(self, joint: list[int] | tuple[int, ...], outcome: StepOutcome) -> None:
        terrain, objects, held = self.terrain, self.objects, self.held
        pots_full, pots_dishworthy = self._pot_counts()
        num_pots = len(self.pots)
        two = self.num_players == 2
        events = outcome.events
        for i, action in enumerate(joint):
            if action != Act.INTERACT:
                continue
            target = self.front[self.pos[i] * 4 + self.facing[i]]
            kind = terrain[target]
            item = held[i]
            other = held[1 - i] if two else None
            if kind == "X":
                on_counter = objects.get(target)
                if item is not None and on_counter is None:
                    name = item_name(item)
                    events.append((f"{name}_drop", i))
                    if self._drop_useful(two, name, pots_full, num_pots, other):
                        events.append((f"useful_{name}_drop", i))
                    objects[target] = item
                    held[i] = None
                elif item is None and on_counter is not None:
                    name = item_name(on_counter)
                    events.append((f"{name}_pickup", i))
                    if name in (ONION, TOMATO):
                        if self._ingredient_useful(two, pots_full, num_pots, other):
                            events.append((f"useful_{name}_pickup", i))
                    elif name == DISH and self._dish_useful(two, pots_dishworthy):
                        events.append(("useful_dish_pickup", i))
                    held[i] = objects.pop(target)
            elif item is None and kind == "O":
                events.append(("onion_pickup", i))
                if self._ingredient_useful(two, pots_full, num_pots, other):
                    events.append(("useful_onion_pickup", i))
                held[i] = ONION
            elif item is None and kind == "T":
                held[i] = TOMATO  # overcooked_ai logs no event for a tomato from the dispenser
            elif item is None and kind == "D":
                events.append(("dish_pickup", i))
                if self._dish_useful(two, pots_dishworthy):
                    events.append(("useful_dish_pickup", i))
                    outcome.shaped[i] += self.shaping["dish_pickup"]
                held[i] = DISH
            elif kind == "P":
                self._pot_interact(i, target, item, outcome)
            elif kind == "S" and item is not None and item.__class__ is Soup:
                held[i] = None
                outcome.sparse[i] += self.recipes.order_value(item.key)  # type: ignore[union-attr]
                events.append(("soup_delivery", i))

    def _pot_interact(self, i: int, target: int, item: Item, outcome: StepOutcome) -> None:
        """Chef ``i`` interacts with the pot at ``target``: starts it cooking (new dynamics,
        empty hands), takes a ready soup (a dish) or adds an ingredient."""
        objects = self.objects
        soup = objects.get(target)
        if item is None:
            if not self.old_dynamics and soup is not None and soup.tick < 0 and soup.size:  # type: ignore[union-attr]
                self._begin_cooking(soup)  # type: ignore[arg-type]
        elif item == DISH:
            if soup is not None and soup.ready:  # type: ignore[union-attr]
                outcome.events.append(("soup_pickup", i))
                self.held[i] = objects.pop(target)
                outcome.shaped[i] += self.shaping["soup_pickup"]
        elif item in (ONION, TOMATO):
            if soup is None:
                soup = objects[target] = Soup()
            if not soup.full:  # type: ignore[union-attr]
                self._pot(i, soup, item, outcome)  # type: ignore[arg-type]

    def _pot(self, i: int, soup: Soup, ingredient: str, outcome: StepOutcome) -> None:
        before = soup.key
        if ingredient == ONION:
            soup.onions += 1
        else:
            soup.tomatoes += 1
        self.held[i] = None
        outcome.shaped[i] += self.shaping["placement_in_pot"]
        old_value = self.recipes.best_value(before)
        new_value = self.recipes.best_value(soup.key)
        events = outcome.events
        events.append((f"potting_{ingredient}", i))
        if old_value == new_value:
            events.append((f"optimal_{ingredient}_potting", i))
        if old_value > 0 and new_value == 0:
            events.append((f"catastrophic_{ingredient}_potting", i))
        if new_value > 0:
            events.append((f"viable_{ingredient}_potting", i))
        if old_value == 0:
            events.append((f"useless_{ingredient}_potting", i))

    @staticmethod
    def _drop_useful(two: bool, name: str, pots_full: int, num_pots: int, other: Item) -> bool:
        """An ingredient set down when every pot is full and the partner holds no dish; a dish
        set down when no pot is full and the partner holds no onion (2 chefs only)."""
        if not two:
            return False
        if name in (ONION, TOMATO):
            return pots_full == num_pots and other != DISH
        return name == DISH and pots_full == 0 and other != ONION

    def _ingredient_useful(self, two: bool, pots_full: int, num_pots: int, other: Item) -> bool:
        """Always, unless every pot is full and the partner holds no dish (2 chefs only)."""
        return two and not (pots_full == num_pots and other != DISH)

    def _dish_useful(self, two: bool, pots_dishworthy: int) -> bool:
        """No dish waits on a counter and fewer dishes are held than pots worth one (2 chefs)."""
        if not two or DISH in self.objects.values():
            return False
        return sum(1 for h in self.held if h == DISH) < pots_dishworthy

    # -- copies -----------------------------------------------------------------------------------
    def freeze(self) -> KitchenState:
        """The state now, as an immutable :class:`KitchenState`."""
        soup = Soup  # (items are mostly strings: only soups need a copy)
        return KitchenState(
            self.layout,
            "old" if self.old_dynamics else "new",
            self.timestep,
            tuple(self.pos),
            tuple(self.facing),
            tuple([h if h.__class__ is not soup else _frozen(h) for h in self.held]),
            tuple(
                [(c, i if i.__class__ is not soup else _frozen(i)) for c, i in self.objects.items()]
            ),
        )

    def load(self, state: KitchenState) -> None:
        """Take on ``state`` (made by :meth:`freeze` of a kitchen on the same layout)."""
        self.pos = list(state.pos)
        self.facing = list(state.facing)
        self.held = [_thawed(item) for item in state.held]
        self.objects = {cell: _thawed(item) for cell, item in state.objects}
        self.timestep = state.timestep

    # -- records ----------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, object]:
        """The whole state as JSON data (for replays and tests)."""

        def item(value: Item) -> object:
            if value.__class__ is Soup:
                return {
                    "soup": {"onion": value.onions, "tomato": value.tomatoes},  # type: ignore[union-attr]
                    "tick": value.tick,  # type: ignore[union-attr]
                    "cook_time": value.cook_time,  # type: ignore[union-attr]
                }
            return value

        return {
            "timestep": self.timestep,
            "chefs": [
                {
                    "position": list(self.xy(p)),
                    "facing": DIRECTION_NAMES[f],
                    "held": item(h),
                }
                for p, f, h in zip(self.pos, self.facing, self.held, strict=True)
            ],
            "objects": [
                {"position": list(self.xy(c)), "item": item(v)}
                for c, v in sorted(self.objects.items())
            ],
        }


def _frozen(item: Item) -> FrozenItem:
    if item.__class__ is Soup:
        return SoupState(item.onions, item.tomatoes, item.tick, item.cook_time)  # type: ignore[union-attr]
    return item  # type: ignore[return-value]


def _thawed(item: FrozenItem) -> Item:
    if item.__class__ is SoupState:
        return Soup(*item)  # type: ignore[misc]
    return item  # type: ignore[return-value]
