"""Kitchen layouts and recipe settings, read from JSON data (never ``eval``) and validated.

A layout is a grid of terrain characters (overcooked_ai's alphabet: ``X`` counter, ``P`` pot,
``O`` onion and ``T`` tomato dispensers, ``D`` dish dispenser, ``S`` serving window, space for
floor, ``1``-``9`` for the chefs' start cells), the orders that score, and the recipe values and
cook times. Recipe settings live on each :class:`RecipeBook` instance: overcooked_ai keeps them on
its ``Recipe`` class, so loading a second layout silently changes the first one's soups.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from parlour.core.charset import is_line
from parlour.core.config import Check, Integer, Line, ListOf, Number, Text, shown
from parlour.core.errors import ConfigError

TERRAIN = "XPOTDS "
INGREDIENTS = ("onion", "tomato")
MAX_INGREDIENTS = 3
#: overcooked_ai's value and cook time of a soup when a layout sets neither.
DEFAULT_VALUE = 20
DEFAULT_TIME = 20
#: Bounds of a layout's content: its name, its sides in cells, a soup's points, and the bonus
#: factor.
MAX_NAME_CHARS, MAX_SIDE, MAX_POINTS, MAX_BONUS = 64, 40, 1e6, 1000
#: The longest a soup cooks, in ticks: the numeric views' spaces are bounded by it.
MAX_COOK_TIME = 64 * 20
#: The keys of a layout's data (see ``data/cramped_room.json``).
_LAYOUT_KEYS = ("name", "aliases", "grid", "orders", "bonus_orders", "recipes", "source")
_POINTS, _TIME = Number(0, MAX_POINTS, low_open=True), Integer(1, MAX_COOK_TIME)
#: A time per ingredient: a soup holds up to 3, and cooks for their sum.
_INGREDIENT_TIME = Integer(1, MAX_COOK_TIME // MAX_INGREDIENTS)
#: Each recipe setting's check. A value of 0 would mean "not set" (overcooked_ai reads them
#: by truth), so the points and times that stand for all soups are positive.
_RECIPE_CHECKS: dict[str, Check] = {
    "cook_time": _TIME,
    "delivery_reward": _POINTS,
    "recipe_values": ListOf(Number(0, MAX_POINTS)),
    "recipe_times": ListOf(_TIME),
    "onion_value": _POINTS,
    "tomato_value": _POINTS,
    "onion_time": _INGREDIENT_TIME,
    "tomato_time": _INGREDIENT_TIME,
    "order_bonus": Number(0, MAX_BONUS),
}
_RECIPE_KEYS = tuple(_RECIPE_CHECKS)
#: Soups are keyed by (onions, tomatoes): a recipe is a multiset of the two ingredients.
SoupKey = tuple[int, int]
ALL_SOUPS: tuple[SoupKey, ...] = tuple(
    (o, t) for o in range(MAX_INGREDIENTS + 1) for t in range(MAX_INGREDIENTS + 1 - o) if o + t
)


def soup_key(ingredients: Iterable[str]) -> SoupKey:
    names = list(ingredients)
    for name in names:
        if name not in INGREDIENTS:
            raise ConfigError(f"unknown ingredient {name!r}; known: onion, tomato")
    return names.count("onion"), names.count("tomato")


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One order of a recipe book: the soup, what it scores, how long it cooks, whether bonus."""

    soup: SoupKey
    value: float
    cook_time: int
    bonus: bool


@dataclass(frozen=True)
class RecipeBook:
    """What each soup is worth and how long it cooks, for one layout (overcooked_ai's rules).

    A soup's value is ``delivery_reward`` if set, else its ``recipe_values`` entry, else the sum of
    ``onion_value``/``tomato_value`` per ingredient, else 20; its cook time likewise from
    ``cook_time``, ``recipe_times``, ``onion_time``/``tomato_time``, else 20. A delivered soup
    scores its value if it is an order, times ``order_bonus`` if it is a bonus order, else 0.
    """

    orders: frozenset[SoupKey]
    bonus_orders: frozenset[SoupKey] = frozenset()
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: The orders best first (highest value, then by soup), each as one :class:`MenuItem`:
    #: worked out once, as the book never changes (the text lists it every step).
    menu: tuple[MenuItem, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._check()
        menu = tuple(
            MenuItem(soup, self.order_value(soup), self.cook_time(soup), soup in self.bonus_orders)
            for soup in sorted(self.orders, key=lambda soup: (-self.order_value(soup), soup))
        )
        object.__setattr__(self, "menu", menu)  # a derived field of a frozen dataclass

    def _check(self) -> None:
        s = self.settings
        unknown = sorted(set(s) - set(_RECIPE_KEYS))
        if unknown:
            raise ConfigError(f"unknown recipe setting(s) {unknown}; known: {list(_RECIPE_KEYS)}")
        for a, b in (("onion_time", "tomato_time"), ("onion_value", "tomato_value")):
            if (a in s) != (b in s):
                raise ConfigError(f"recipe settings {a!r} and {b!r} go together")
        for a, b in (
            ("tomato_value", "delivery_reward"),
            ("tomato_value", "recipe_values"),
            ("recipe_values", "delivery_reward"),
            ("tomato_time", "cook_time"),
            ("tomato_time", "recipe_times"),
            ("recipe_times", "cook_time"),
        ):
            if a in s and b in s:
                raise ConfigError(f"recipe settings {a!r} and {b!r} exclude each other")
        if not self.bonus_orders <= self.orders:
            raise ConfigError("bonus_orders must also be in orders")
        for key in ("recipe_values", "recipe_times"):
            if key in s and not isinstance(s[key], Mapping):
                raise ConfigError(f"{key} must map soups to numbers")

    def value(self, soup: SoupKey) -> float:
        s = self.settings
        if s.get("delivery_reward"):
            return s["delivery_reward"]
        if soup in s.get("recipe_values", {}):
            return s["recipe_values"][soup]
        if s.get("onion_value") and s.get("tomato_value"):
            return s["onion_value"] * soup[0] + s["tomato_value"] * soup[1]
        return DEFAULT_VALUE

    def cook_time(self, soup: SoupKey) -> int:
        s = self.settings
        if s.get("cook_time"):
            return int(s["cook_time"])
        if soup in s.get("recipe_times", {}):
            return int(s["recipe_times"][soup])
        if s.get("onion_time") and s.get("tomato_time"):
            return int(s["onion_time"] * soup[0] + s["tomato_time"] * soup[1])
        return DEFAULT_TIME

    @property
    def order_bonus(self) -> float:
        return self.settings.get("order_bonus", 2)

    def order_value(self, soup: SoupKey) -> float:
        """What delivering ``soup`` scores: 0 off the orders, doubled (by default) for a bonus."""
        if soup not in self.orders:
            return 0
        if soup in self.bonus_orders:
            return self.order_bonus * self.value(soup)
        return self.value(soup)

    def best_value(self, soup: SoupKey) -> float:
        """The most a pot holding ``soup`` can still score, adding ingredients (0 if nothing);
        the potting events (optimal, viable, catastrophic, useless) compare these."""
        return max(
            [0]
            + [
                self.order_value(other)
                for other in ALL_SOUPS
                if other[0] >= soup[0] and other[1] >= soup[1]
            ]
        )


@dataclass(frozen=True)
class Layout:
    """A validated kitchen: terrain rows (start digits replaced by floor), start cells, recipes."""

    name: str
    terrain: tuple[str, ...]
    starts: tuple[tuple[int, int], ...]
    recipes: RecipeBook

    @property
    def width(self) -> int:
        return len(self.terrain[0])

    @property
    def height(self) -> int:
        return len(self.terrain)

    @property
    def num_players(self) -> int:
        return len(self.starts)

    def cells(self, kind: str) -> list[tuple[int, int]]:
        """Every ``(x, y)`` with terrain ``kind``, row by row (overcooked_ai's order)."""
        return [
            (x, y) for y, row in enumerate(self.terrain) for x, c in enumerate(row) if c == kind
        ]

    @classmethod
    def from_dict(cls, data: Any, name: str = "custom") -> Layout:
        """Build a layout from its JSON data (see ``data/cramped_room.json``), checking all of
        it: every key, type and range; ``name`` names a layout whose data gives none.

        Raises:
            ConfigError: naming the field, what it takes and what it holds.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(
                f"a layout must be a JSON object with a grid, actual value: {shown(data)}"
            )
        unknown = sorted(str(key) for key in data if key not in _LAYOUT_KEYS)
        if unknown:
            raise ConfigError(
                f"layout: unknown key(s) {', '.join(unknown)}; known: {', '.join(_LAYOUT_KEYS)}"
            )
        label = Line(MAX_NAME_CHARS)("layout name", data.get("name", name))
        where = f"layout {label!r}:"
        ListOf(Line(MAX_NAME_CHARS))(f"{where} aliases", data.get("aliases", []))
        Text(empty=True)(f"{where} source", data.get("source", ""))
        terrain, starts = _parse_grid(_grid_rows(data.get("grid"), where), label)
        listed = _orders(data, "orders", where)
        orders = frozenset(listed) if listed else frozenset(ALL_SOUPS)  # (overcooked_ai's rule)
        bonus = frozenset(_orders(data, "bonus_orders", where))
        settings = _recipe_settings(data.get("recipes", {}), listed, where)
        try:
            book = RecipeBook(orders, bonus, settings)
        except ConfigError as error:
            raise ConfigError(f"{where} {error}") from None
        return cls(label, terrain, starts, book)


def _grid_rows(grid: Any, where: str) -> list[str]:
    """The rows of a grid given as a list of strings or one string (rows split at newlines)."""
    if isinstance(grid, str):
        grid = [row.strip() for row in grid.strip().split("\n")]
    if not isinstance(grid, (list, tuple)) or not 0 < len(grid) <= MAX_SIDE:
        raise ConfigError(
            f"{where} grid must be a list of 1 to {MAX_SIDE} row strings (or one string of rows "
            f"split by newlines), actual value: {shown(grid)}"
        )
    row = Line(MAX_SIDE)
    return [row(f"{where} grid row {y}", cells) for y, cells in enumerate(grid)]


def _orders(data: Mapping[str, Any], key: str, where: str) -> list[SoupKey]:
    """The soups listed under ``key`` (``orders`` or ``bonus_orders``), each once."""
    raw = data.get(key, [])
    if not isinstance(raw, (list, tuple)):
        raise ConfigError(
            f"{where} {key} must be a list of orders, each a list of 1 to {MAX_INGREDIENTS} "
            f"ingredients ({', '.join(INGREDIENTS)}), actual value: {shown(raw)}"
        )
    soups = [_order(order, f"{where} {key}") for order in raw]
    if len(set(soups)) != len(soups):
        raise ConfigError(f"{where} {key} must list each soup once, actual value: {shown(raw)}")
    return soups


def _order(raw: Any, where: str) -> SoupKey:
    ingredients = raw.get("ingredients") if isinstance(raw, Mapping) else raw
    if not isinstance(ingredients, (list, tuple)) or not 1 <= len(ingredients) <= MAX_INGREDIENTS:
        raise ConfigError(
            f"{where}: an order is a list of 1 to {MAX_INGREDIENTS} ingredients, "
            f"actual value: {shown(raw)}"
        )
    try:
        return soup_key(ingredients)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None


def _recipe_settings(raw: Any, orders: list[SoupKey], where: str) -> dict[str, Any]:
    """The checked recipe settings; ``recipe_values`` and ``recipe_times`` keyed by soup."""
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"{where} recipes must be a JSON object of settings ({', '.join(_RECIPE_KEYS)}), "
            f"actual value: {shown(raw)}"
        )
    unknown = sorted(str(key) for key in raw if key not in _RECIPE_CHECKS)
    if unknown:
        raise ConfigError(
            f"{where} recipes has unknown setting(s) {', '.join(unknown)}; known: "
            f"{', '.join(_RECIPE_KEYS)}"
        )
    settings = {
        key: _ints_kept(value, _RECIPE_CHECKS[key](f"{where} recipes.{key}", value))
        for key, value in raw.items()
    }
    for key in ("recipe_values", "recipe_times"):
        if key in settings:
            if len(settings[key]) != len(orders):
                raise ConfigError(
                    f"{where} recipes.{key} needs one entry per order ({len(orders)}), actual "
                    f"value: {shown(raw[key])}"
                )
            settings[key] = dict(zip(orders, settings[key], strict=True))
    return settings


def _ints_kept(raw: Any, checked: Any) -> Any:
    """A checked setting with the whole numbers it was given still ints (20 points, not 20.0)."""
    if isinstance(checked, tuple):
        return tuple(_ints_kept(r, c) for r, c in zip(raw, checked, strict=True))
    return raw if type(raw) is int else checked


def _parse_grid(grid: list[str], label: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    width = len(grid[0])
    if any(len(row) != width for row in grid):
        raise ConfigError(f"layout {label!r}: grid rows must all have the same length")
    starts: dict[int, tuple[int, int]] = {}
    rows = []
    for y, row in enumerate(grid):
        cells = []
        for x, c in enumerate(row):
            if c in "123456789":
                if int(c) in starts:
                    raise ConfigError(f"layout {label!r}: grid start cell {c} appears twice")
                starts[int(c)] = (x, y)
                c = " "
            elif c not in TERRAIN:
                raise ConfigError(
                    f"layout {label!r}: grid has unknown terrain {c!r} at x={x}, y={y}; "
                    f"known: X P O T D S, space, 1-9"
                )
            border = y in (0, len(grid) - 1) or x in (0, width - 1)
            if border and c == " ":
                raise ConfigError(f"layout {label!r}: grid has floor on the border at x={x}, y={y}")
            cells.append(c)
        rows.append("".join(cells))
    if sorted(starts) != list(range(1, len(starts) + 1)):
        raise ConfigError(f"layout {label!r}: grid start cells must be numbered 1..n without gaps")
    if len(starts) < 2:
        raise ConfigError(
            f"layout {label!r}: grid needs at least 2 start cells, found {len(starts)}"
        )
    text = "".join(rows)
    for needed in "DSP":
        if needed not in text:
            raise ConfigError(f"layout {label!r}: grid needs at least one {needed!r}")
    if "O" not in text and "T" not in text:
        raise ConfigError(f"layout {label!r}: grid needs an onion (O) or tomato (T) dispenser")
    return tuple(rows), tuple(starts[k] for k in sorted(starts))


@cache
def _builtin_files() -> dict[str, str]:
    """Layout name and alias -> data file name."""
    names: dict[str, str] = {}
    for entry in resources.files("parlour.envs.overcooked").joinpath("data").iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            for alias in [data["name"], *data.get("aliases", [])]:
                names[alias] = entry.name
    return names


def builtin_layouts() -> list[str]:
    """The names of the shipped layouts (aliases not included)."""
    return sorted({f.removesuffix(".json") for f in _builtin_files().values()})


@cache
def _load_builtin(file_name: str) -> Layout:
    data_dir = resources.files("parlour.envs.overcooked").joinpath("data")
    return Layout.from_dict(json.loads(data_dir.joinpath(file_name).read_text(encoding="utf-8")))


def load_layout(spec: str | Path | Mapping[str, Any]) -> Layout:
    """A layout by name or legacy alias (``"cramped_room"``, ``"random3"``), from a JSON file, or
    from a grid string (rows separated by newlines, e.g. ``"XXPXX\\nO  2O\\nX1  X\\nXDXSX"``) or
    a dict in the data-file format. A grid string gets one order, three onions."""
    if isinstance(spec, Mapping):
        return Layout.from_dict(spec)
    text = str(spec)
    files = _builtin_files()
    if text in files:
        return _load_builtin(files[text])
    if "\n" in text:
        return Layout.from_dict({"name": "custom", "grid": text, "orders": [["onion"] * 3]})
    path = Path(text)
    if path.suffix == ".json" and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as error:  # (ValueError: bad JSON, UTF-8)
            raise ConfigError(f"layout file {path}: not a readable JSON file ({error})") from None
        # a file without a name is named by its stem, where an observation can show that
        stem = path.stem if is_line(path.stem) and len(path.stem) <= MAX_NAME_CHARS else "custom"
        return Layout.from_dict(data, stem)
    raise ConfigError(
        f"unknown layout {text!r}; built in: {', '.join(builtin_layouts())} "
        f"(or a .json file, or a grid string with newlines)"
    )
