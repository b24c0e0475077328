"""Numbers as players read and write them, and helpers for the games' numeric views.

:func:`plain_number` is the one way a number is written where a player may read it and type it
back (a bound of a number turn, a canonical action token, a card): the action grammar reads
digits and a point only, so an exponent (``1e+22``) or a rounded form (``15432.8``) would be a
number the player cannot send, or not the same one.
"""

from __future__ import annotations

import math
import numbers
import weakref
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Generic, TypeVar

S = TypeVar("S")


def squash(value: float, scale: float) -> float:
    """``value / (value + scale)`` for non-negative values: 0 at 0, 0.5 at ``scale``, below 1."""
    value = max(0.0, float(value))
    return value / (value + scale) if scale > 0 else 0.0


class PublicFold(Generic[S]):
    """A summary of a game's public events, folded in as they are logged: what numeric views
    read from public speech (claims, accusations) without rereading the whole log at every
    observation. Only public events reach ``fold``, so the summary is the same for every seat
    and tells none of them a secret.

    Args:
        start: makes the empty summary of a new game.
        fold: adds one public event's data to the summary.

    Example:
        >>> import parlour
        >>> from collections import Counter
        >>> kinds = PublicFold(Counter, lambda seen, data: seen.update([data.kind]))
        >>> env = parlour.make("who_is_spy_v0", num_players=4)
        >>> env.reset(seed=0)
        >>> kinds(env.unwrapped.match.rules)["round_start"]
        1
    """

    def __init__(self, start: Callable[[], S], fold: Callable[[S, Any], None]) -> None:
        self._start, self._fold = start, fold
        # rules object -> (events read, summary); gone with the game
        self._games: weakref.WeakKeyDictionary[Any, list[Any]] = weakref.WeakKeyDictionary()

    def __call__(self, rules: Any) -> S:
        """The summary of ``rules``' public events so far."""
        entry = self._games.get(rules)
        if entry is None:
            entry = self._games[rules] = [0, self._start()]
        events = rules.events
        if entry[0] < len(events):
            summary, fold = entry[1], self._fold
            for event in events.since(entry[0]):
                if event.public:
                    fold(summary, event.data)
            entry[0] = len(events)
        return entry[1]


def cent_bounds(low: float, high: float) -> tuple[float, float]:
    """The least and the greatest whole number of cents inside ``[low, high]`` (the bounds as
    shown may be float noise away from the true ones: 47.599999999999994 is not 47.60)."""
    lowest = math.ceil(low * 100 - 1e-6)
    while lowest / 100 < low:
        lowest += 1
    highest = math.floor(high * 100 + 1e-6)
    while highest / 100 > high:
        highest -= 1
    return lowest / 100, highest / 100


def cents_text(value: float) -> str:
    """A two-decimal number without trailing zeros: ``12.5``, ``12``, ``12.05``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def plain_number(value: float) -> str:
    """``value`` as the action grammar writes a number: digits, a sign and a point, never an
    exponent, and the shortest such text that reads back as the same number.

    Example:
        >>> plain_number(1234567.5), plain_number(1e22), plain_number(30.0), plain_number(1e-7)
        ('1234567.5', '10000000000000000000000', '30', '0.0000001')

    Raises:
        ValueError: ``value`` is NaN or infinite (no action names such a number).
        TypeError: ``value`` is not a real number (a bool is not one here).
    """
    kind = type(value)
    if kind is int:  # (exact types first: the abstract number checks are slow)
        return str(value)
    if kind is not float:
        if kind is bool or not isinstance(value, numbers.Real):
            raise TypeError(f"expected a real number, got {kind.__name__}")
        if isinstance(value, numbers.Integral):
            return str(int(value))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {number!r}")
    if number == 0:  # -0.0 too
        return "0"
    text = repr(number)  # the shortest text that reads back as this very number
    if "e" in text:
        text = format(Decimal(text), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
