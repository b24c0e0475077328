"""Small helpers for the games' numeric observation views (``parlour.envs.<game>.views``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from parlour.core.events import AgentId, Event, EventLog


def one_hot(index: int | None, size: int) -> list[float]:
    """``size`` zeros with a one at ``index`` (all zeros for None)."""
    row = [0.0] * size
    if index is not None and 0 <= index < size:
        row[index] = 1.0
    return row


def seat_mask(players: Sequence[AgentId], chosen: Iterable[AgentId]) -> list[float]:
    """1.0 for each seat in ``chosen``, in seat order."""
    chosen = set(chosen)
    return [1.0 if p in chosen else 0.0 for p in players]


def squash(value: float, scale: float) -> float:
    """``value / (value + scale)`` for non-negative values: 0 at 0, 0.5 at ``scale``, below 1."""
    value = max(0.0, float(value))
    return value / (value + scale) if scale > 0 else 0.0


def last_visible(log: EventLog, viewer: AgentId, kind: Any) -> Event | None:
    """The newest event of ``kind`` that ``viewer`` may read (scans back from the end)."""
    for index in range(len(log) - 1, -1, -1):
        event = log[index]
        if event.kind == kind and event.is_visible_to(viewer):
            return event
    return None


def vector(parts: Iterable[Iterable[float] | float]) -> np.ndarray:
    """Concatenate scalars and lists into one float32 vector."""
    flat: list[float] = []
    for part in parts:
        if isinstance(part, (int, float)):
            flat.append(part)
        else:
            flat.extend(part)
    return np.asarray(flat, dtype=np.float32)


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


def within_cents(value: float, low: float, high: float) -> float:
    """``value`` as a whole number of cents inside ``[low, high]``: its two-decimal text reads
    back as a number the range accepts (rounding 47.5999 up to 47.60 would not)."""
    lowest, highest = cent_bounds(low, high)
    return min(highest, max(lowest, round(value, 2)))


def cents_text(value: float) -> str:
    """A two-decimal number without trailing zeros: ``12.5``, ``12``, ``12.05``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def reuse_vector(rules: Any, slot: Any, key: Any, build: Callable[[], np.ndarray]) -> np.ndarray:
    """A fresh copy of the vector ``build()`` made for ``slot`` (say, a viewer), made again only
    when ``key`` differs from the one it was made for: the slowly changing part of a numeric view
    then costs one comparison a step. ``key`` must hold everything ``build`` reads that can
    change. Kept in ``rules.view_cache``."""
    cache = rules.view_cache
    made = cache.get(slot)
    if made is None or made[0] != key:
        made = cache[slot] = (key, build())
    return made[1].copy()
