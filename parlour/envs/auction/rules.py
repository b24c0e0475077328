"""Auctions as a pure state machine: items sold one after another, in one of five formats.

* ``english`` (AucArena): open ascending rounds. Each round every active bidder except the high
  bidder bids at least the high bid plus the minimum raise (a fraction of the starting price) or
  withdraws for good; the hammer falls when a round brings no new bid. The winner pays its bid.
  With ``discount``, an item nobody bids on starts again that much cheaper, every bidder back in
  (at most ``max_discounts`` times), as AucArena's optional discount does.
* ``first_price``, ``second_price``, ``all_pay``: one sealed bid each, all at once.
* ``dutch``: a descending clock; the first bidder to accept buys at the clock price.

Values: ``aucarena`` (a true value per item; each bidder sees an estimate, true value times
(1 + bias) with optional noise), ``private`` (each bidder's own value, U[0, value_max]) or
``common`` (a common value U[0, value_max]; each bidder sees a signal within ``noise`` of it).

Who acts, and how many steps an item takes, depend only on what every bidder may know: every
bidder starts every item, whatever its budget (one that cannot afford a bid is offered what it
can do: ``[withdraw]``, a bid of 0, ``[wait]``), and a Dutch clock runs to a taker or the reserve.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, NumberRule
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.auction.items import draw_items
from parlour.envs.auction.model import (
    SHOWN_PLACES,
    Accept,
    Action,
    AnonymousBids,
    AuctionConfig,
    Bid,
    Bids,
    Card,
    ClockTick,
    EnglishRound,
    Format,
    GameOver,
    ItemUp,
    NamedEnglishRound,
    OwnBid,
    Payment,
    Phase,
    PriceCut,
    Round,
    Sale,
    SaleRecord,
    Visibility,
    Wait,
    Withdraw,
)
from parlour.envs.auction.text import values_line

#: A turn with nothing to do but wait (where bidders are hidden, everyone takes every turn).
WAIT_ONLY: Legal[Action] = Legal(ActionKind.CHOICE, Wait(), (Wait(),))
#: A Dutch clock's turn with the budget for its price.
ACCEPT_OR_WAIT: Legal[Action] = Legal(ActionKind.CHOICE, Wait(), (Accept(), Wait()))
#: An English turn with a budget below the minimum bid.
WITHDRAW_ONLY: Legal[Action] = Legal(ActionKind.CHOICE, Withdraw(), (Withdraw(),))


class AuctionRules(GameRules[Action]):
    """One auction game. Chance, all from ``rng``: the items (see :mod:`.items`: the order of a
    listed set, values, estimates or signals, biases), then tie-breaks.

    Attributes:
        item: the item on the block (the last one once the game is over).
        budget: each bidder's remaining budget (``inf``: unlimited).
        profit: each bidder's profit so far; replaced by a new dict whenever it changes.
        won: the indices of the items each bidder won.
        sales: every item's result so far.
    """

    def __init__(self, config: AuctionConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_bidders)], rng)
        self.config = config
        self.items = draw_items(config, self.players, rng)
        #: each bidder's starting budget (None: unlimited), as its card says
        self.start_budget = dict(zip(self.players, config.starting_budgets(), strict=True))
        self.budget = {p: math.inf if b is None else b for p, b in self.start_budget.items()}
        self.objective = dict(
            zip(self.players, config.objectives or ("profit",) * len(self.players), strict=True)
        )
        self.profit = dict.fromkeys(self.players, 0.0)
        self.won: dict[AgentId, list[int]] = {p: [] for p in self.players}
        self.sales: list[SaleRecord] = []
        self._phase = Phase.BIDDING
        self._english = config.format is Format.ENGLISH
        self._dutch = config.format is Format.DUTCH
        # where bidders are hidden, every bidder takes every round's turn (those who cannot bid
        # with [wait] only), so the turns tell nobody who holds the high bid or who withdrew
        self._padded = config.visibility is not Visibility.FULL
        self._bid_cap = 10 * config.value_max  # with unlimited budgets, the highest bid
        self._item = -1
        self.item = self.items[0]
        self._acting: list[AgentId] = []  # who bids this round
        self._waiting: list[AgentId] = []  # who has not taken this round's turn yet
        self._pending: dict[AgentId, Action] = {}
        self._minimum = 0.0
        self._start = 0.0  # english: the item's starting price now (lowered by discounts)
        self._discounts = 0  # english: the discounts the item on the block has had
        for agent in self.players:
            card = Card(
                agent,
                self.start_budget[agent],
                self.objective[agent],
                tuple(round(item.shown[agent], 2) for item in self.items),
                config.format.value,
                config.value_max,
            )
            self.events.append(-1, self.phase, Card.kind, card, {agent})
        self._next_item()

    # -- queries ------------------------------------------------------------------------------
    def acting(self) -> list[AgentId]:
        return list(self._waiting)

    def may_bid(self, agent: AgentId) -> bool:
        """Whether ``agent`` bids (or, Dutch, decides) this round; where bidders are hidden, the
        others take the round's turn too, with [wait] only."""
        return agent in self._acting

    def holds_high_bid(self, agent: AgentId) -> bool:
        """English: whether ``agent`` holds the standing high bid (a bidder knows its own)."""
        return self._high is not None and self._high[0] == agent

    @property
    def phase(self) -> Phase:
        """Bidding until every item is sold or passed, then over."""
        return self._phase

    @property
    def clock(self) -> float:
        """Dutch: the current clock price (public)."""
        return self._clock  # (set with the first item: a game has at least one)

    @property
    def increment(self) -> float:
        """English: the minimum raise, a fraction of the starting price now (of ``value_max``
        when items start at 0, as they do without AucArena values); with ``whole_raise`` cut to
        a whole number, as AucArena computes it (but at least 1: a raise raises)."""
        base = self._start if self._start > 0 else self.config.value_max
        raise_by = self.config.min_raise * base
        return max(1.0, float(math.floor(raise_by))) if self.config.whole_raise else raise_by

    @property
    def start_price(self) -> float:
        """English: the starting price of the item on the block now (a discount lowers it)."""
        return self._start

    def minimum_bid(self) -> float:
        """English: the least a bid may be now (fixed for the whole round)."""
        return self._minimum

    def legal(self, agent: AgentId) -> Legal[Action]:
        if agent not in self._acting:  # a padded turn: out of this item, or holding the high bid
            return WAIT_ONLY
        budget = self.budget[agent]
        if self._dutch:  # accepting needs the budget for the clock price
            return ACCEPT_OR_WAIT if budget >= self._clock else WAIT_ONLY
        # bids are bounded by the budget, and by 10 x value_max when budgets are unlimited
        low = self._minimum if self._english else 0.0
        high = budget if budget < self._bid_cap else self._bid_cap
        if low > high:  # a budget below the English minimum bid: withdrawing is all there is
            return WITHDRAW_ONLY
        rule = NumberRule("bid", low, high, Bid, False, places=SHOWN_PLACES)
        return Legal(ActionKind.NUMBER, Withdraw(), (Withdraw(),), (rule,))

    def _refuse_illegal(self, agent: AgentId, action: Action) -> None:
        """Raise ``IllegalAction`` for a bid or acceptance the rules forbid. Parsed text never
        gets here illegal (``legal`` bounds the numbers by the same limits), so this guards
        callers that apply typed actions directly."""
        if isinstance(action, Bid):
            if not math.isfinite(action.amount) or action.amount < 0:
                raise IllegalAction("a bid must be a non-negative number")
            if action.amount > self.budget[agent] + 1e-9:
                raise IllegalAction(f"your remaining budget is {self.budget[agent]:.2f}")
            if action.amount > self._bid_cap:
                raise IllegalAction(f"bids are limited to {self._bid_cap:g}")
            if self._english and action.amount < self._minimum - 1e-9:
                raise IllegalAction(f"the minimum bid is {self._minimum:.2f}")
        if isinstance(action, Accept) and self.budget[agent] < self._clock:
            raise IllegalAction(f"your remaining budget is {self.budget[agent]:.2f}")

    def is_terminal(self) -> bool:
        return self._phase is Phase.OVER

    def is_truncated(self) -> bool:
        return False

    def scores(self) -> dict[AgentId, float]:
        return self.profit  # (never changed in place: a sale with payments replaces it)

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self._waiting:
            raise IllegalAction(f"{agent} cannot act now")
        self._refuse_illegal(agent, action)
        if agent not in self._acting:
            if action.__class__ is not Wait:
                raise IllegalAction(f"{agent} cannot bid in this round: [wait] only")
        elif self._dutch != isinstance(action, (Accept, Wait)):
            raise IllegalAction(f"{type(action).__name__} is not an action of this format")
        self.step_count += 1
        self._pending[agent] = action
        self._waiting.remove(agent)
        if not self._waiting:
            self._resolve()

    def _next_item(self) -> None:
        self._item += 1
        if self._item >= len(self.items):
            self._phase = Phase.OVER
            self._acting, self._waiting, self._pending = [], [], {}
            won = frozen_map((p, tuple(w)) for p, w in self.won.items())
            self.log(GameOver(frozen_map(self.profit), won))
            return
        item = self.item = self.items[self._item]
        # everyone starts every item: leaving out those with no budget left would show in the
        # turns a budget the rules may hide (with budgets=, or all-pay payments unseen)
        self._active = list(self.players)
        self._high: tuple[AgentId, float] | None = None
        self._round = 0
        self._start, self._discounts = item.start, 0
        self._clock = self.config.value_max
        self.log(ItemUp(item.index, item.name, item.start, len(self.items) - item.index))
        self._open_round()

    def _open_round(self) -> None:
        high = self._high
        if self._english:
            acting = [p for p in self._active if high is None or p != high[0]]
            if not acting or (high is not None and self._round >= self.config.max_rounds_per_item):
                self._sell_english()
                return
        else:
            acting = list(self._active)
        if not acting:
            self._record_sale(None, 0.0, {})
            return
        self._round += 1
        if self._english:
            self._minimum = self._start if high is None else round(high[1] + self.increment, 6)
            price = None if high is None else high[1]
            if self._padded:  # the high bidder is named only where bidders are shown
                self.log(EnglishRound(self._round, self._minimum, price))
            else:
                bidder = None if high is None else high[0]
                self.log(NamedEnglishRound(self._round, self._minimum, price, bidder))
        elif self._dutch:
            self.log(ClockTick(self._round, round(self._clock, 4)))
        else:
            self.log(Round(self._round))
        self._acting, self._pending = acting, {}
        self._waiting = list(self.players if self._padded else acting)

    def _resolve(self) -> None:
        pending = {a: self._pending[a] for a in self._acting}
        if self._english:
            self._resolve_english(pending)
        elif self._dutch:
            self._resolve_dutch(pending)
        else:
            self._resolve_sealed(pending)

    def _announce_bids(self, bids: dict[AgentId, float | None]) -> None:
        """The round's bids (None = withdrew or no bid), shown as the visibility option allows."""
        if not self._padded:
            self.log(Bids(frozen_map(bids)))
            return
        for agent, amount in bids.items():
            self.log(OwnBid(agent, amount), visible_to=(agent,))
        if self.config.visibility is Visibility.ANONYMOUS:
            amounts = sorted((b for b in bids.values() if b is not None), reverse=True)
            self.log(AnonymousBids(tuple(amounts)))

    def _resolve_english(self, pending: dict[AgentId, Action]) -> None:
        bids: dict[AgentId, float | None] = {}
        top: float | None = None
        tied: list[AgentId] = []
        for agent, action in pending.items():  # one pass: withdrawals, bids and the top bid
            if isinstance(action, Bid):
                amount = bids[agent] = action.amount
                if top is None or amount > top:
                    top, tied = amount, [agent]
                elif amount == top:
                    tied.append(agent)
            else:
                bids[agent] = None
                self._active.remove(agent)
        self._announce_bids(bids)
        if top is None:
            if self._high is None and self._may_cut_price():
                self._cut_price()
            else:
                self._sell_english()
            return
        tied.sort()
        self._high = (self._draw_one(tied), top)
        self._open_round()

    def _may_cut_price(self) -> bool:
        """``discount``: whether an item nobody bid on starts again cheaper (at most
        ``max_discounts`` times, while the price stays a whole unit or more)."""
        config = self.config
        return (
            config.discount > 0
            and self._discounts < config.max_discounts
            and math.floor(self._start * (1 - config.discount)) >= 1
        )

    def _cut_price(self) -> None:
        """AucArena's discount: the starting price drops by ``discount`` (to a whole number, as
        ``int(price * 0.5)`` does) and every bidder is back in."""
        self._discounts += 1
        self._start = float(math.floor(self._start * (1 - self.config.discount)))
        self._active = list(self.players)
        item = self.item
        self.log(PriceCut(item.index, item.name, self._start, self._discounts))
        self._open_round()

    def _draw_one(self, tied: list[AgentId]) -> AgentId:
        """A tie-break: one of ``tied`` (in seat order) by a seeded uniform draw, made only when
        there is more than one (``rng.random()`` scaled, as the game has always drawn it)."""
        return tied[0] if len(tied) == 1 else tied[int(self.rng.random() * len(tied))]

    def _sell_english(self) -> None:
        if self._high is None:
            self._record_sale(None, 0.0, {})
        else:
            winner, price = self._high
            self._record_sale(winner, price, {winner: price})

    def _resolve_sealed(self, pending: dict[AgentId, Action]) -> None:
        config = self.config
        bids = {a: (act.amount if isinstance(act, Bid) else None) for a, act in pending.items()}
        self._announce_bids(bids)
        offers = {a: b for a, b in bids.items() if b is not None and b >= config.reserve}
        payments: dict[AgentId, float] = {}
        if config.format is Format.ALL_PAY:
            payments = {a: b for a, b in bids.items() if b is not None}
        if not offers:
            self._record_sale(None, 0.0, payments)
            return
        top = max(offers.values())
        tied = sorted(a for a, b in offers.items() if b == top)
        winner = self._draw_one(tied)
        if config.format is Format.SECOND_PRICE:
            others = [b for a, b in offers.items() if a != winner]
            price = max([config.reserve, *others])
        else:
            price = top
        if config.format is not Format.ALL_PAY:
            payments = {winner: price}
        self._record_sale(winner, price, payments)

    def _resolve_dutch(self, pending: dict[AgentId, Action]) -> None:
        takers = sorted(a for a, act in pending.items() if isinstance(act, Accept))
        if takers:
            winner = self._draw_one(takers)
            price = round(self._clock, 4)
            self._record_sale(winner, price, {winner: price})
            return
        # the public clock runs to the reserve: stopping once nobody can afford it would tell
        # everyone the others' budgets
        self._clock -= self.config.dutch_step * self.config.value_max
        if self._clock < self.config.reserve - 1e-9:
            self._record_sale(None, 0.0, {})
            return
        self._open_round()

    def _record_sale(
        self, winner: AgentId | None, price: float, payments: dict[AgentId, float]
    ) -> None:
        item = self.item
        if payments:
            self.profit = dict(self.profit)
        for agent, paid in payments.items():
            self.budget[agent] -= paid
            gained = item.values[agent] if agent == winner else 0.0
            self.profit[agent] += gained - paid
            self.log(Payment(agent, paid, gained), visible_to={agent})
        if winner is not None:
            self.won[winner].append(item.index)
        shown = item.true_value if self.config.reveal_true_value else None
        record = SaleRecord(
            item.index,
            winner,
            price,
            item.true_value,
            frozen_map(item.values),
            frozen_map(payments),
            self._round,
        )
        self.sales.append(record)
        self.log(Sale(item.index, winner, price, shown))
        self._acting, self._waiting, self._pending = [], [], {}
        self._next_item()

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        sold = [s for s in self.sales if s.winner is not None]
        over = [s for s in sold if s.true_value is not None and s.price > s.true_value]
        best = [max(s.values.values()) for s in self.sales]
        realised = [s.values[s.winner] if s.winner else 0.0 for s in self.sales]
        return {
            "profit": dict(self.profit),
            "items_won": {p: len(w) for p, w in self.won.items()},
            "money_left": {p: (None if math.isinf(b) else b) for p, b in self.budget.items()},
            "revenue": float(sum(sum(s.payments.values()) for s in self.sales)),
            "mean_price": float(np.mean([s.price for s in sold])) if sold else None,
            "items_sold": len(sold),
            "overpayment_rate": len(over) / len(sold) if sold else 0.0,
            "allocative_efficiency": float(sum(realised) / sum(best)) if sum(best) > 0 else None,
            "winner_profit_mean": float(np.mean([s.values[s.winner] - s.price for s in sold]))
            if sold
            else None,
        }

    def hidden_from(self, viewer: AgentId) -> set[str]:
        """The other bidders' value lines as their cards show them (where they differ from the
        viewer's own: with a shared estimate bias, everyone's estimates are the same and knowing
        one's own is no leak)."""
        own = values_line(self, viewer)
        return {values_line(self, other) for other in self.players} - {own}

    def check_invariants(self) -> None:
        for agent, budget in self.budget.items():
            if budget < -1e-6:
                raise InvariantViolation(f"{agent} spent more than its budget")
        if self._phase is not Phase.OVER and not self.acting():
            raise InvariantViolation("nobody acts while bidding")
