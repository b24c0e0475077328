"""Fixed item lists: Parlour's own (``data/item_lists.json``) or one given in the config.

An item of a list is ``[name, starting price, true value]``. A game with ``item_list`` sells the
list's first ``num_items`` items (in a seeded order with ``shuffle_items``) instead of drawing
true values; each bidder still sees its estimate, true value x (1 + bias).

Example:
    >>> item_lists()["aucarena"][-1]
    ('lot E', 5000.0, 10000.0)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from parlour.core.config import Check, Line, ListOf, Number, OneOf

#: An item of a fixed list: its name, starting price and true value.
ItemRow = tuple[str, float, float]
#: The longest item name (a name is shown as it is, one line of printable ASCII).
MAX_NAME_CHARS = 40
#: The largest starting price or true value of a listed item.
MAX_LISTED_MONEY = 1e9


@cache
def item_lists() -> dict[str, tuple[ItemRow, ...]]:
    """The shipped lists by name (read once per process)."""
    raw = json.loads(
        resources.files("parlour.envs.auction").joinpath("data/item_lists.json").read_text("utf-8")
    )
    return {name: tuple(_ROW.accept(row) for row in rows) for name, rows in raw["lists"].items()}


class _Anything(Check):
    def accept(self, value: Any) -> Any:
        return value


class _Row(Check):
    """``[name, starting price, true value]``: one line of text and two numbers in [0, 1e9]."""

    _parts = ListOf(_Anything(), length=3)
    _name = Line(MAX_NAME_CHARS)
    _money = Number(0, MAX_LISTED_MONEY)

    def accept(self, value: Any) -> ItemRow:
        name, start, true = self._parts.accept(value)
        return self._name.accept(name), self._money.accept(start), self._money.accept(true)


_ROW = _Row()


class ItemList(Check):
    """The ``item_list`` option: the name of a shipped list, or a non-empty list of items
    ``[name, starting price, true value]`` (stored as a tuple of tuples)."""

    @property
    def expected(self) -> str:
        names = ", ".join(item_lists())
        return (
            f"the name of a list ({names}) or a non-empty list of [name, starting price, true"
            f" value] items (a name of 1 to {MAX_NAME_CHARS} printable ASCII characters, two"
            " numbers in [0, 1e9])"
        )

    def accept(self, value: Any) -> str | tuple[ItemRow, ...]:
        if isinstance(value, str):
            return OneOf(*item_lists()).accept(value)
        return ListOf(_ROW).accept(value)  # (the config refuses an empty list, saying why)


def listed_items(item_list: str | Sequence[ItemRow]) -> tuple[ItemRow, ...]:
    """The items of an ``item_list`` option value (a list's name, or the list itself)."""
    return item_lists()[item_list] if isinstance(item_list, str) else tuple(item_list)
