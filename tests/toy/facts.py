"""The toy game's hidden fact: another bidder's value (told to that bidder alone)."""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.hidden import HiddenFact, Twin


def _value_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """Every value 50, or one seat's 90: the others must not tell the games apart."""
    players = tuple(f"player_{i}" for i in range(config.num_players))
    seat = int(rng.integers(len(players)))
    a = tuple(50 for _ in players)
    b = tuple(90 if i == seat else 50 for i in range(len(players)))
    others = tuple(p for i, p in enumerate(players) if i != seat)
    return Twin({"values": a}, {"values": b}, others, (players[seat],))


HIDDEN = (HiddenFact("value", _value_twin),)
