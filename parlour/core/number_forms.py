"""Number turns: the rule of a numeric action, how its forms show it, and how its bounds read.

A :class:`NumberRule` says ``[verb N]`` with ``low <= N <= high``. What a player reads is
:func:`number_form` (``donate and a number between 0 and 365.93, e.g. [donate 183]``): the bounds
at the game's display precision, rounded into the range, and a legal example; what the parser
accepts is every number in the range, a bound typed back as shown included
(:func:`read_number`: float noise at a bound reads as the bound). The grammar in
:mod:`parlour.core.actions` uses both.
"""

from __future__ import annotations

import decimal
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from parlour.core.numeric import plain_number

A = TypeVar("A")

#: Relative tolerance at the bounds of a number range (float noise in budgets).
_BOUND_SLACK = 1e-9
#: The most decimals a bound is shown with.
_MAX_BOUND_PLACES = 10


@dataclass(frozen=True, slots=True)
class NumberRule(Generic[A]):
    """A numeric action ``[verb N]`` with ``low <= N <= high``; with ``clamp`` a larger N is cut
    to ``high`` instead of being refused.

    ``places`` is how many decimals the game shows such numbers with (money in the Donor Game
    and the auctions: 2). The forms then show the bounds at that precision, rounded into the
    range (``high`` down, ``low`` up) unless the bound is float noise away from a number at that
    precision, which the parser reads as the bound; and their example is a number at that
    precision. None shows each bound in full, as the shortest text that reads back as it. A
    whole-number rule shows whole numbers whatever ``places`` says. Only what is shown depends
    on it: the parser accepts every number in the range.
    """

    verb: str
    low: float
    high: float
    build: Callable[[float], A]
    integer: bool = True
    clamp: bool = False
    places: int | None = None

    def __post_init__(self) -> None:
        places = self.places
        if places is not None and (type(places) is not int or not 0 <= places <= _MAX_BOUND_PLACES):
            raise ValueError(
                f"places must be None or a whole number in 0..{_MAX_BOUND_PLACES},"
                f" actual value: {places!r}"
            )


def read_number(rule: NumberRule[Any], value: float) -> float | None:
    """The number ``value`` stands for under ``rule``, or None where it is out of range.

    A bound shown as 13.61 may be 13.609999999999999 inside: a value that far past a bound (a
    relative :data:`_BOUND_SLACK`) reads as the bound, and with ``clamp`` any larger one as
    ``high``."""
    low, high = rule.low, rule.high
    if low <= value <= high:
        return value
    slack = _BOUND_SLACK * max(1.0, abs(high), abs(low))
    if value > high and (rule.clamp or value <= high + slack):
        value = high
    elif low - slack <= value < low:
        value = low
    return value if low <= value <= high else None


def number_form(rule: NumberRule[Any]) -> str:
    """How the forms show a numeric action: the verb, the range as the game prints numbers and
    a legal example, ``donate and a number between 0 and 365.93, e.g. [donate 183]``. No
    placeholder such as ``[donate N]`` is shown: the only bracketed text is an action the parser
    accepts (a range of one number shows that number's action alone)."""
    low, high = shown_bounds(rule)
    example = _example_text(rule)
    if example is None:  # no number at the rule's precision is in the range
        kind = "a whole number" if rule.integer else "a number"
        return f"{rule.verb} and {kind} between {low} and {high}"
    if low == high == example:
        return f"[{rule.verb} {example}]"
    kind = "a whole number" if rule.integer else "a number"
    return f"{rule.verb} and {kind} between {low} and {high}, e.g. [{rule.verb} {example}]"


def shown_bounds(rule: NumberRule[Any]) -> tuple[str, str]:
    """``(low, high)`` as the forms show them: at the rule's precision (see
    :class:`NumberRule`) where the range holds a number at it, else in full (:func:`bound_text`).
    Each typed back is accepted, and reads as a number in the range."""
    places = 0 if rule.integer else rule.places
    if places is not None:
        low = _rounded_bound(rule, rule.low, False, places)
        high = _rounded_bound(rule, rule.high, True, places)
        if low is not None and high is not None and float(low) <= float(high):
            return low, high
    return bound_text(rule, rule.low, False), bound_text(rule, rule.high, True)


def _rounded_bound(rule: NumberRule[Any], bound: float, high: bool, places: int) -> str | None:
    """``bound`` at ``places`` decimals: the nearest such number where the parser reads it as a
    number in the range (the bound itself, within the slack), else the bound rounded into the
    range; None where that too is out of it (no number at this precision lies near the bound
    inside the range) or the bound is not finite. A whole-number rule takes the bound rounded
    into the range only (a whole number read as a bound that is not whole would not be one)."""
    if type(bound) is not float and isinstance(bound, numbers.Integral):
        return plain_number(bound)
    if not math.isfinite(bound):
        return None
    if not rule.integer:
        nearest = round(bound, places)  # correctly rounded from the exact value, half to even
        if _reads_in_range(rule, nearest):
            return plain_number(nearest)
    shown = quantized(bound, places, decimal.ROUND_FLOOR if high else decimal.ROUND_CEILING)
    return plain_number(shown) if _reads_in_range(rule, shown) else None


def _reads_in_range(rule: NumberRule[Any], value: float) -> bool:
    """Whether ``value`` typed reads as a number of the range without clamping: inside it, or
    (not for whole-number rules) past a bound by less than the slack, which
    :func:`read_number` reads as the bound."""
    low, high = rule.low, rule.high
    if rule.integer:
        return low <= value <= high
    slack = _BOUND_SLACK * max(1.0, abs(high), abs(low))
    return low - slack <= value <= high + slack


def _example_text(rule: NumberRule[Any]) -> str | None:
    """A legal number for the forms' example: the middle of the range, rounded to the fewest
    decimals (up to the rule's precision) at which it lies strictly inside the range, else one
    that reads as a bound; None where no number at that precision does. A range open on one
    side takes its finite bound, or 0 where 0 is in it."""
    low, high = rule.low, rule.high
    if math.isfinite(low) and math.isfinite(high):
        middle = low / 2 + high / 2  # (halved first: the sum of two huge bounds overflows)
    elif math.isfinite(low):
        middle = max(low, 0.0)
    elif math.isfinite(high):
        middle = min(high, 0.0)
    else:
        middle = 0.0
    if not math.isfinite(middle):  # a NaN bound: no number is in the range
        return None
    most = 0 if rule.integer else rule.places if rule.places is not None else _MAX_BOUND_PLACES
    on_bound = None
    for places in range(most + 1):
        value = quantized(middle, places, decimal.ROUND_HALF_UP)
        if low < value < high:
            return plain_number(value)
        if on_bound is None and _reads_in_range(rule, value):
            on_bound = value
    return None if on_bound is None else plain_number(on_bound)


def quantized(value: float, places: int, rounding: str) -> float:
    """``value`` (finite) rounded to ``places`` decimals from its exact binary value, by
    ``rounding``: ``decimal.ROUND_FLOOR``, ``ROUND_CEILING`` or ``ROUND_HALF_UP`` (ties away from
    zero). The same float as ``float(Decimal(value).quantize(...))`` (a test checks it), in
    integer arithmetic on the float's exact ratio: the forms of a number turn round bounds and
    an example on every turn, and ``decimal`` made that a tenth of a Donor Game decision."""
    numerator, denominator = value.as_integer_ratio()
    scale = 10**places
    scaled = numerator * scale
    if rounding == decimal.ROUND_FLOOR:
        units = scaled // denominator
    elif rounding == decimal.ROUND_CEILING:
        units = -(-scaled // denominator)
    elif rounding == decimal.ROUND_HALF_UP:
        units, rest = divmod(abs(scaled), denominator)
        units += 2 * rest >= denominator
    else:
        raise ValueError(
            f"rounding must be ROUND_FLOOR, ROUND_CEILING or ROUND_HALF_UP: {rounding}"
        )
    # (a true division of integers is correctly rounded, as float() of a Decimal is)
    return math.copysign(abs(units) / scale, value)



def bound_text(rule: NumberRule[Any], bound: float, high: bool) -> str:
    """A bound as the forms show it, with the fewest decimals that typed back read as this very
    bound (13.609999999999999 shows as 13.61, which the parser's slack reads as it): the bound
    rounded away from the range by at most a relative :data:`_BOUND_SLACK`, to at most ten
    decimals; never an exponent, which the grammar does not read.

    Most bounds (a budget of 13.61) are short decimals already: when ``repr`` has few enough
    decimals that no shorter number lies within the slack, and rounding it away from the range
    keeps it, it is the search's answer, found without the search (a test checks the two agree).
    """
    if type(bound) is not float and isinstance(bound, numbers.Integral):
        return plain_number(bound)
    if not math.isfinite(bound):  # no number reads as it; shown for what it is
        return str(bound)
    if float(bound).is_integer():
        return plain_number(bound)
    written = repr(float(bound))
    places = len(written) - written.find(".") - 1 if "e" not in written else _MAX_BOUND_PLACES + 1
    near = _BOUND_SLACK * max(1.0, abs(bound))
    if places <= _MAX_BOUND_PLACES and 10.0**-places > 2 * near:
        exact, shown = decimal.Decimal(bound), decimal.Decimal(written)
        if exact <= shown if high else exact >= shown:
            return written
    return _searched_bound_text(rule, bound, high)


def _searched_bound_text(rule: NumberRule[Any], bound: float, high: bool) -> str:
    """:func:`bound_text` by its definition: the first of 0 to 10 decimals at which the bound,
    rounded away from the range, lies within the slack and reads back as the bound."""
    rounding = decimal.ROUND_CEILING if high else decimal.ROUND_FLOOR
    near = _BOUND_SLACK * max(1.0, abs(bound))
    for places in range(_MAX_BOUND_PLACES + 1):
        shown = quantized(bound, places, rounding)
        if abs(shown - bound) <= near and read_number(rule, shown) == bound:
            return plain_number(shown)
    return plain_number(bound)
