"""Checks for the frozen config dataclasses of games and adapters: one mechanism for all.

Every option is checked at construction, type and range, in ``__post_init__``::

    validate(self, num_players=Integer(3, 12), bias=Number(-0.5, 5), vents=FLAG)

A check returns the value to store, so a config that constructs holds only what its game can
play: a list given for a tuple option is stored as a tuple (the config stays hashable), an int
given for a float option as a float, a string for an enum option as the member. A bad value
raises one :class:`ConfigError` naming the option, what was expected and what arrived.

Types are strict and the same for every option of every game:

* an integer option takes an ``int`` (numpy integers too), never a ``bool`` (``True`` is an int
  in Python) nor a float, not even a whole one such as ``6.0``: a float where a count belongs is
  taken for a mistake rather than rounded;
* a number option takes any real number but a ``bool``, and never NaN or an infinity;
* a flag takes only ``True`` or ``False``;
* a list option takes any sequence (a list, a tuple), but not a string nor a set (a set has no
  order, so a game built from it would not be reproducible);
* text that players read (a word, a name) is a :class:`Line`: one line of printable ASCII, so
  that every observation stays inside its space and no option can forge a line.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from enum import Enum
from typing import Any

import numpy as np

from parlour.core.charset import is_line
from parlour.core.errors import ConfigError

#: How much of a refused value an error message quotes.
_SHOWN_CHARS = 80


class _Refused(Exception):
    """A value a check does not accept (turned into a ConfigError naming the option)."""


class Check:
    """One option's type and range: ``check(name, value)`` returns the value to store.

    A check is made with every config, so it only keeps its arguments: what it takes in words
    (:attr:`expected`) is written when an error message needs it.
    """

    @property
    def expected(self) -> str:
        """What the option takes, as error messages say it (``"an integer in 3..12"``)."""
        return "a value"

    def accept(self, value: Any) -> Any:
        """The value to store; raises ``_Refused`` for a value outside the check."""
        raise NotImplementedError

    def __call__(self, name: str, value: Any) -> Any:
        try:
            return self.accept(value)
        except _Refused:
            raise ConfigError(
                f"{name} must be {self.expected}, actual value: {shown(value)}"
            ) from None


class Integer(Check):
    """An int in ``low..high`` (inclusive; ``high=None``: no upper bound)."""

    def __init__(self, low: int, high: int | None = None) -> None:
        self.low, self.high = low, high

    @property
    def expected(self) -> str:
        low, high = self.low, self.high
        return f"an integer >= {low}" if high is None else f"an integer in {low}..{high}"

    def accept(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise _Refused
        number = int(value)
        if number < self.low or (self.high is not None and number > self.high):
            raise _Refused
        return number


class Number(Check):
    """A finite float between ``low`` and ``high``, each bound included unless its ``*_open``.

    Example:
        >>> Number(0, 1, low_open=True).expected
        'a finite number in (0, 1]'
    """

    def __init__(
        self,
        low: float | None = None,
        high: float | None = None,
        *,
        low_open: bool = False,
        high_open: bool = False,
    ) -> None:
        self.low, self.high, self.low_open, self.high_open = low, high, low_open, high_open

    @property
    def expected(self) -> str:
        low, high, low_open, high_open = self.low, self.high, self.low_open, self.high_open
        if low is not None and high is not None:
            bounds = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
            return f"a finite number in {bounds}"
        if low is not None:
            return f"a finite number {'>' if low_open else '>='} {low:g}"
        if high is not None:
            return f"a finite number {'<' if high_open else '<='} {high:g}"
        return "a finite number"

    def accept(self, value: Any) -> float:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise _Refused
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            raise _Refused from None
        if not math.isfinite(number):
            raise _Refused
        low, high = self.low, self.high
        if low is not None and (number <= low if self.low_open else number < low):
            raise _Refused
        if high is not None and (number >= high if self.high_open else number > high):
            raise _Refused
        return number


class Flag(Check):
    """``True`` or ``False`` (numpy's bool too), nothing that merely converts to one."""

    @property
    def expected(self) -> str:
        return "True or False"

    def accept(self, value: Any) -> bool:
        if not isinstance(value, (bool, np.bool_)):
            raise _Refused
        return bool(value)


FLAG = Flag()


class Text(Check):
    """A string (non-empty unless ``empty``)."""

    def __init__(self, *, empty: bool = False) -> None:
        self.empty = empty

    @property
    def expected(self) -> str:
        return "a string" if self.empty else "a non-empty string"

    def accept(self, value: Any) -> str:
        if not isinstance(value, str) or (not value and not self.empty):
            raise _Refused
        return value


class Line(Check):
    """A non-empty string that an observation shows as it is (a word, a name): one line of at
    most ``max_chars`` characters of the observation charset (printable ASCII; no tab, no
    control character, no newline, which could forge a line of its own).

    Example:
        >>> Line(20).expected
        'one line of 1 to 20 printable ASCII characters'
    """

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    @property
    def expected(self) -> str:
        return f"one line of 1 to {self.max_chars} printable ASCII characters"

    def accept(self, value: Any) -> str:
        if not isinstance(value, str) or not 0 < len(value) <= self.max_chars:
            raise _Refused
        if not is_line(value):
            raise _Refused
        return value


class OneOf(Check):
    """One of a fixed set of strings."""

    def __init__(self, *values: str) -> None:
        self.values = values

    @property
    def expected(self) -> str:
        return f"one of {', '.join(self.values)}"

    def accept(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.values:
            raise _Refused
        return value


class Choice(Check):
    """A member of an enum, given as the member or its value; the member is stored."""

    def __init__(self, enum: type[Enum]) -> None:
        self.enum = enum

    @property
    def expected(self) -> str:
        return f"one of {', '.join(str(e.value) for e in self.enum)}"

    def accept(self, value: Any) -> Enum:
        try:
            return self.enum(value)
        except Exception:  # not a value; or a foreign object whose __eq__ or __repr__ fails
            raise _Refused from None


class OrNone(Check):
    """``None``, or a value that ``inner`` accepts."""

    def __init__(self, inner: Check) -> None:
        self.inner = inner

    @property
    def expected(self) -> str:
        return f"None or {self.inner.expected}"

    def accept(self, value: Any) -> Any:
        return None if value is None else self.inner.accept(value)


class ListOf(Check):
    """A sequence whose items ``item`` accepts, stored as a tuple.

    Args:
        item: the check of each item.
        length: the exact number of items, if fixed.
        single: accept one bare item (a string, say) as a sequence of one.
    """

    def __init__(self, item: Check, *, length: int | None = None, single: bool = False) -> None:
        self.item, self.length, self.single = item, length, single

    @property
    def expected(self) -> str:
        count = "a list" if self.length is None else f"a list of {self.length} items"
        return f"{count}, each {self.item.expected}"

    def accept(self, value: Any) -> tuple[Any, ...]:
        if self.single and isinstance(value, str):
            value = (value,)
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise _Refused
        if self.length is not None and len(value) != self.length:
            raise _Refused
        return tuple(self.item.accept(v) for v in value)


def validate(config: Any, **checks: Check) -> None:
    """Check and store options of a frozen dataclass, in the order given.

    Call from ``__post_init__``, before any check that combines options (those can then rely on
    each option's type): ``validate(self, horizon=Integer(1, 100_000), shaping=Number(0, 1000))``.

    Raises:
        ConfigError: the first option a check refuses, naming it, what it takes and what came.
    """
    for name, check in checks.items():
        object.__setattr__(config, name, check(name, getattr(config, name)))


def shown(value: Any) -> str:
    """``repr(value)`` cut to a readable length, for error messages (never raises: an int of
    10,000 digits or a value whose ``__repr__`` fails is shown by its type)."""
    try:
        text = repr(value)
    except Exception:  # any failure of a foreign __repr__ (or an int too long to show)
        return f"<{type(value).__name__}>"
    return text if len(text) <= _SHOWN_CHARS else f"{text[: _SHOWN_CHARS - 3]}..."


def coerce_enums(config: Any, **fields: type[Enum]) -> None:
    """Turn string options of a frozen dataclass into their enums (``validate`` with
    :class:`Choice` checks).

    Raises:
        ConfigError: a value that is not one of the enum's values.
    """
    validate(config, **{name: Choice(enum) for name, enum in fields.items()})


def require_ints(config: Any, **ranges: tuple[int, int]) -> None:
    """Check integer options against inclusive ranges (``validate`` with :class:`Integer`
    checks): ``require_ints(self, max_days=(1, 50), task_time=(1, 10))``.

    Raises:
        ConfigError: a value that is not an int (bools excluded) inside its range.
    """
    validate(config, **{name: Integer(low, high) for name, (low, high) in ranges.items()})
