"""Small helpers for the games' numeric observation views (``parlour.envs.<game>.views``)."""

from __future__ import annotations

import math


def squash(value: float, scale: float) -> float:
    """``value / (value + scale)`` for non-negative values: 0 at 0, 0.5 at ``scale``, below 1."""
    value = max(0.0, float(value))
    return value / (value + scale) if scale > 0 else 0.0


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
