"""Quick choices of number turns, and numbers written for people.

A number turn (``[bid N]``, ``[donate N]``) takes any number in a range; a person gets a typed
field with the range and a few one-click choices beside it: the bounds, and for a range from 0
the shares 0, 25, 50 and 100% of its top (what a donor gives). A game's picture may offer its
own (an auction adds the bidder's value). Each choice is the canonical action text the parser
accepts; the session checks it with the game's own parser before offering it.

:func:`metric_lines` and :func:`figures_line` write a game's metrics for people, the same on the
result screen, at the end of ``parlour play`` (window or terminal) and of ``parlour replay``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from parlour.core.number_forms import NumberRule, shown_bounds
from parlour.core.numeric import plain_number

#: The shares of a range from 0 offered as quick choices.
SHARES = (0.0, 0.25, 0.5, 1.0)
_BARE_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
_SHARE = re.compile(r"(\d+(?:\.\d*)?)\s*%")


class QuickAction(NamedTuple):
    """A one-click choice: what its button says, and the action it sends."""

    label: str
    action: str


#: The start of a quick choice's action that lets a descending clock run down to a price (see
#: :mod:`parlour.renderers.clockrun`): the window answers ``[wait]`` until then.
RUN = "\x00run "


def run_choice(label: str, price: float) -> QuickAction:
    """A quick choice that lets the clock run down to ``price``."""
    return QuickAction(label, f"{RUN}{plain_number(round(price, 2))}")


def for_people(value: float, places: int | None = 2) -> str:
    """A number as people read it: thousands separated, at most ``places`` decimals and none
    for a whole number (``1234.5`` -> ``1,234.50``; ``20000.0`` -> ``20,000``; never an
    exponent or fifteen digits of float noise).

    Example:
        >>> for_people(1234.5), for_people(20000.0), for_people(-1224.9999999999998)
        ('1,234.50', '20,000', '-1,225')
    """
    if not math.isfinite(value):
        return str(value)
    digits = 2 if places is None else places
    rounded = round(value, digits)
    if float(rounded).is_integer():
        return f"{rounded:,.0f}"
    return f"{rounded:,.{digits}f}"


def grouped(number: str) -> str:
    """A number's text (a bound as the game's forms show it) for people, keeping every decimal
    it has: ``19999.99`` -> ``19,999.99``, ``4484.8`` -> ``4,484.80``, ``19.999`` stays."""
    decimals = len(number.partition(".")[2])
    return for_people(float(number), max(2, decimals))


def inside(value: float, integer: bool, places: int | None) -> int | float:
    """``value`` cut down to a number turn's precision (whole numbers, or ``places`` decimals, 2
    by default): a share of the top never reads as more than the top."""
    digits = 0 if integer else (2 if places is None else places)
    step = 10.0**digits
    cut = math.floor(value * step + 1e-9) / step
    return int(cut) if digits == 0 else cut


def number_action(rule: NumberRule[Any], value: float) -> str:
    """The action text of ``value`` under ``rule``, at the rule's precision (rounded toward
    the inside of the range, so a share of the top never reads as more than the top)."""
    return f"[{rule.verb} {plain_number(inside(value, rule.integer, rule.places))}]"


def typed_action(text: str, verb: str, high: float, integer: bool, places: int | None) -> str:
    """What a person typed on a number turn ``[verb N]`` (N up to ``high``), as the action it
    stands for: a bare number (``4500``, ``1,234.5``) is ``[verb 4500]``, a share (``50%``)
    that share of ``high`` at the turn's precision (cut down, never over the top); anything
    else is itself. The window's field and the terminal read a typed line alike."""
    plain = text.strip().replace(",", "")
    if _BARE_NUMBER.fullmatch(plain):
        return f"[{verb} {plain}]"
    share = _SHARE.fullmatch(plain)
    if share is not None and math.isfinite(high):
        value = inside(high * float(share.group(1)) / 100, integer, places)
        return f"[{verb} {plain_number(value)}]"
    return text


def bound_actions(rule: NumberRule[Any]) -> tuple[str, str]:
    """The actions of the range's bounds, as the game's forms show them (each reads back as a
    number in the range)."""
    low, high = shown_bounds(rule)
    return f"[{rule.verb} {low}]", f"[{rule.verb} {high}]"


def number_choices(spec: Any) -> list[QuickAction]:
    """The default quick choices of a turn's number rules (none on other turns); each label
    names the number its action sends."""
    choices: list[QuickAction] = []
    for rule in spec.legal.numbers:
        if not (math.isfinite(rule.low) and math.isfinite(rule.high)) or rule.high <= rule.low:
            continue
        if rule.low == 0:
            for share in SHARES:
                sent = inside(rule.high * share, rule.integer, rule.places)
                label = f"{rule.verb} {share:.0%} ({for_people(sent, rule.places)})"
                choices.append(QuickAction(label, f"[{rule.verb} {plain_number(sent)}]"))
            continue
        low, high = shown_bounds(rule)
        least, most = bound_actions(rule)
        choices.append(QuickAction(f"{rule.verb} the least ({grouped(low)})", least))
        choices.append(QuickAction(f"{rule.verb} the most ({grouped(high)})", most))
    return choices


def metric_lines(metrics: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A game's plain metrics as ``(label, value)`` for people: numbers rounded
    (:func:`for_people`), names spaced, yes and no for flags, nested data left out (the record
    keeps it).

    Example:
        >>> metric_lines({"mean_price": 4722.8371428571, "truncated": False, "bids": {"a": 1}})
        [('mean price', '4,722.84'), ('truncated', 'no')]
    """
    lines: list[tuple[str, str]] = []
    for key, value in metrics.items():
        if isinstance(value, bool) or value is None:
            text = {True: "yes", False: "no", None: "none"}[value]
        elif isinstance(value, (int, float)):
            text = for_people(float(value)) if math.isfinite(value) else str(value)
        elif isinstance(value, str):
            text = value
        else:
            continue
        lines.append((key.replace("_", " "), text))
    return lines


def figures_line(metrics: Mapping[str, Any]) -> str:
    """The game's headline figures on one line (``winner: village; days: 6; ...``): its
    numbers and words, as :func:`metric_lines` writes them (flags left out)."""
    plain = {
        key: value
        for key, value in metrics.items()
        if isinstance(value, (int, float, str)) and not isinstance(value, bool)
    }
    return "; ".join(f"{label}: {value}" for label, value in metric_lines(plain))
