"""Scripted bidders. Each knows only its own card (values, budget) and the public auction.

* ``value`` (default): equilibrium play for independent private values, U[0, v]: bid the value in
  second-price and English (drop out when the minimum bid passes the value) and accept in Dutch
  at (n-1)/n of the value; shade to (n-1)/n * v in first-price; (n-1)/n * v^n / v_max^(n-1)
  in all-pay.
* ``truthful``: bid the value in every sealed format, accept in Dutch at the value.
* ``rule``: AucArena's rule bidder: opens at the starting price, raises one minimum increment,
  at most 4 bids per item, while the budget allows (sealed: half the value).
* ``budget``: like ``value``, but never spends more on one item than its budget share (remaining
  budget / items left x 2).
* ``random``: a random legal action.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.errors import ConfigError
from parlour.core.numeric import plain_number
from parlour.core.view import SeatView
from parlour.envs.auction.model import Card, ClockTick, ItemUp, Round

STRATEGIES = ("value", "truthful", "rule", "budget", "random")


class AuctionBot:
    def __init__(self, view: SeatView, rng: np.random.Generator, strategy: str = "value") -> None:
        if strategy not in STRATEGIES:
            raise ConfigError(
                f"strategy must be one of {', '.join(STRATEGIES)}, actual value: {strategy!r}"
            )
        self.view = view
        self.rng = rng
        self.strategy = strategy
        self.values: list[float] = []
        self.item = 0
        self.items_left = 1
        self.bids_this_item = 0
        self._cursor = 0
        self.players = len(view.players)
        self.format = "english"
        self.value_max = 1.0
        self.clock: float | None = None

    def _sync(self) -> None:
        for event in self.view.events(self._cursor):
            data = event.data
            if isinstance(data, Card):
                self.values = list(data.values)
                self.format, self.value_max = data.format, data.value_max
            elif isinstance(data, ItemUp):
                self.item, self.items_left, self.bids_this_item = data.index, data.left, 0
            elif isinstance(data, Round):
                self.clock = data.price if isinstance(data, ClockTick) else None
        self._cursor = len(self.view)

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        self._sync()
        value = self.values[self.item] if self.values else 0.0
        n = self.players
        legal = info.get("legal_actions")
        if legal and len(legal) == 1:  # nothing to decide: a withdraw-only or wait-only turn
            return str(legal[0])
        if legal:  # dutch: accept or wait
            price = self.clock
            limit = value if self.strategy == "truthful" else value * (n - 1) / n
            if self.strategy == "random":
                return str(info["legal_actions"][int(self.rng.integers(2))])
            return "[accept]" if price is not None and price <= limit else "[wait]"
        rule = info["numbers"][0]
        low, budget = rule["low"], rule["high"]
        fmt = self.format
        if self.strategy == "random":
            if self.rng.random() < 0.3:
                return "[withdraw]"
            return _bid(round(float(self.rng.uniform(low, max(low, budget))), 2))
        if fmt == "english":
            limit = value
            if self.strategy == "budget":
                limit = min(value, 2 * budget / max(1, self.items_left))
            if self.strategy == "rule":
                ok = self.bids_this_item < 4 and low <= budget
            else:
                ok = low <= limit and low <= budget
            if not ok:
                return "[withdraw]"
            self.bids_this_item += 1
            return _bid(low)
        if self.strategy == "rule":
            amount = value / 2
        elif self.strategy == "truthful" or fmt == "second_price":
            amount = value
        elif fmt == "all_pay":
            amount = (n - 1) / n * value**n / self.value_max ** (n - 1)
        else:  # first price
            amount = (n - 1) / n * value
        if self.strategy == "budget":
            amount = min(amount, 2 * budget / max(1, self.items_left))
        return _bid(min(amount, budget))


def _bid(amount: float) -> str:
    """``[bid N]`` with N the exact float, never in exponent form (which the action grammar
    does not read: all-pay equilibrium bids of low values are that small)."""
    return f"[bid {plain_number(amount)}]"


def make_bot(view: SeatView, rng: np.random.Generator, **options: Any) -> AuctionBot:
    """The ``scripted`` agent's entry point; option ``strategy``."""
    return AuctionBot(view, rng, **options)
