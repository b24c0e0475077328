"""The auction's hidden facts, for the twin-game leak harness (see :mod:`parlour.core.hidden`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.events import Event
from parlour.core.hidden import ActionSwap, HiddenFact, Twin, Watch, any_of, kinds


def _players(config: Any) -> list[str]:
    return [f"player_{i}" for i in range(config.num_bidders)]


def _objective_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """One bidder's objective (profit or items) differs."""
    players = _players(config)
    k = int(rng.integers(len(players)))
    others = tuple(p for p in players if p != players[k])
    items = tuple("items" if i == k else "profit" for i in range(len(players)))
    return Twin(
        {"objectives": ("profit",) * len(players)}, {"objectives": items}, others, (players[k],)
    )


def _bidders_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """Two bidders exchange their first bids: what was bid is the same, who bid what is not.
    Hidden unless every bid is shown with its bidder (``visibility="full"``)."""
    if config.visibility == "full":
        return None
    players = _players(config)
    first, second = (players[int(i)] for i in rng.choice(len(players), 2, replace=False))
    others = tuple(p for p in players if p not in (first, second))
    return Twin({}, {}, others, (first, second), ActionSwap(first, "bidding", partner=second))


def _sold_to_varied(event: Event, watch: Watch) -> bool:
    return event.kind == "sale" and event.data["winner"] in watch.twin.varied


HIDDEN = (
    HiddenFact("objective", _objective_twin),
    HiddenFact("who_bid_what", _bidders_twin, any_of(kinds(), _sold_to_varied)),
)
