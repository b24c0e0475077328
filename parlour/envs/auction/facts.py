"""The auction's hidden facts, for the twin-game leak harness (see :mod:`parlour.core.hidden`).

What each bidder knows is tabled on the docs page (``env.py``). Hidden from the other bidders:

* ``objective``: a bidder's objective (profit or items);
* ``value``: a bidder's values, the numbers on its card (its own values, its signals of common
  values, its AucArena estimates where they differ between bidders);
* ``budget``: a bidder's starting budget, where budgets differ (``budgets=``), and so its
  remaining budget;
* ``who_bid_what``: who made which bid, where bids are shown without bidders or not at all; in
  all-pay, where everyone pays its bid, that is also each bidder's remaining budget.

Nothing the rules announce tells a value or a starting budget (a sale names the winner and the
price, a payment is private, bids are actions): both are compared to the end of the game, whose
profits tell the winners' values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.events import Event
from parlour.core.hidden import ActionSwap, HiddenFact, Twin, Watch, any_of, kinds
from parlour.envs.auction.model import Sale, ValueModel


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


def _value_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """One bidder's card differs: in game B its values (signals, estimates) are fixed to
    seeded numbers of the same range (``values=``), everything else drawn alike. None with
    AucArena values under one shared bias, no noise and no fixed cards: every estimate is then
    the same, so a bidder knows the others' from its own."""
    shared = not (config.per_bidder_bias or config.noise or config.values)
    if config.value_model is ValueModel.AUCARENA and shared:
        return None
    players = _players(config)
    k = int(rng.integers(len(players)))
    low = config.value_low if config.value_model is ValueModel.AUCARENA else 0.0
    row = tuple(round(float(v), 2) for v in rng.uniform(low, config.value_max, config.num_items))
    rows = list(config.values or (None,) * len(players))
    rows[k] = row
    others = tuple(p for p in players if p != players[k])
    return Twin({}, {"values": tuple(rows)}, others, (players[k],))


def _budget_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """Two bidders' starting budgets differ. In game A every bidder starts with the same
    seeded budget, a fraction of ``value_max`` (so budgets bind: some bids and Dutch prices
    are out of reach); in game B one of the two has nothing to spend and the other more than
    any item is worth. Their turns, and everyone's, must not change."""
    players = _players(config)
    if len(players) < 3:  # nobody would be left to watch
        return None
    poor, rich = (int(i) for i in rng.choice(len(players), 2, replace=False))
    base = round(float(rng.uniform(0.3, 0.7)) * config.value_max, 2)
    same = [base] * len(players)
    varied = list(same)
    varied[poor], varied[rich] = 0.0, 2 * config.value_max
    others = tuple(p for i, p in enumerate(players) if i not in (poor, rich))
    return Twin(
        {"budgets": tuple(same)}, {"budgets": tuple(varied)}, others, (players[poor], players[rich])
    )


def _bidders_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """Two bidders exchange their first bids: what was bid is the same, who bid what is not
    (nor, in all-pay, what each has left). Hidden unless every bid is shown with its bidder
    (``visibility="full"``)."""
    if config.visibility == "full":
        return None
    players = _players(config)
    first, second = (players[int(i)] for i in rng.choice(len(players), 2, replace=False))
    others = tuple(p for p in players if p not in (first, second))
    return Twin({}, {}, others, (first, second), ActionSwap(first, "bidding", partner=second))


def _sold_to_varied(event: Event, watch: Watch) -> bool:
    return isinstance(event.data, Sale) and event.data.winner in watch.twin.varied


HIDDEN = (
    HiddenFact("objective", _objective_twin),
    HiddenFact("value", _value_twin),
    HiddenFact("budget", _budget_twin),
    HiddenFact("who_bid_what", _bidders_twin, any_of(kinds(), _sold_to_varied)),
)
