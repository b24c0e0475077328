"""The auction's vocabulary: formats, value models, visibility options, phases, event kinds,
typed actions, the config (every option checked at construction) and an item on the block."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from parlour.core.config import (
    FLAG,
    Choice,
    Integer,
    ListOf,
    Number,
    OneOf,
    OrNone,
    shown,
    validate,
)
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId


class Format(str, Enum):
    ENGLISH = "english"
    FIRST_PRICE = "first_price"
    SECOND_PRICE = "second_price"
    ALL_PAY = "all_pay"
    DUTCH = "dutch"


class ValueModel(str, Enum):
    AUCARENA = "aucarena"
    PRIVATE = "private"
    COMMON = "common"


class Visibility(str, Enum):
    FULL = "full"  # every bid with its bidder
    ANONYMOUS = "anonymous"  # the bids, without bidders
    WINNER_ONLY = "winner_only"  # only the winning price


class Phase(str, Enum):
    BIDDING = "bidding"
    OVER = "over"


class EventKind(str, Enum):
    CARD = "card"  # private: budget, objective, own value of every item
    ITEM = "item"  # public: the item on the block
    ROUND = "round"  # public: an English round or a Dutch clock tick opens
    BIDS = "bids"  # what a round's bids were, as the visibility option allows
    OWN_BID = "own_bid"  # private: the bidder's own bid (for anonymous and winner-only views)
    SALE = "sale"  # public: sold (to whom, at what price) or unsold
    PAYMENT = "payment"  # private: what the bidder paid and gained on this item
    GAME_OVER = "game_over"


@dataclass(frozen=True, slots=True)
class Bid:
    amount: float


@dataclass(frozen=True, slots=True)
class Withdraw:
    pass


@dataclass(frozen=True, slots=True)
class Accept:
    pass


@dataclass(frozen=True, slots=True)
class Wait:
    pass


Action = Bid | Withdraw | Accept | Wait
OBJECTIVES = ("profit", "items")
#: Bounds of the options: values, reserves and noise in money, budgets, items in a game.
MAX_MONEY, MAX_BUDGET, MAX_ITEMS = 1e9, 1e12, 10_000


@dataclass(frozen=True)
class AuctionConfig:
    """Options of an auction game. See the module docstring of ``env.py`` for the page."""

    format: Format | str = Format.ENGLISH
    num_bidders: int = 4
    num_items: int = 5
    value_model: ValueModel | str = ValueModel.AUCARENA
    value_low: float = 1000.0  # aucarena true values ~ U[value_low, value_max], whole dollars
    value_max: float = 10000.0
    start_fraction: float = 0.5  # aucarena: starting price = start_fraction * true value
    bias: float = 0.1  # aucarena: estimate = true value * (1 + bias)
    per_bidder_bias: bool = False  # draw each bidder's bias from U[0, 2 * bias] instead
    noise: float = 0.0  # aucarena: relative noise of estimates; common: signal half-width
    # per bidder: None (drawn), or one number per item: its card's values, estimates or signals
    values: tuple[tuple[float, ...] | None, ...] | None = None
    budget: float | None = 20000.0  # every bidder's starting budget; None: unlimited
    budgets: tuple[float | None, ...] | None = None  # per bidder instead (None: unlimited)
    objectives: tuple[str, ...] | None = None  # per bidder; default all "profit"
    min_raise: float = 0.1  # english: minimum raise, as a fraction of the starting price
    reveal_true_value: bool = True
    visibility: Visibility | str = Visibility.FULL
    reserve: float = 0.0  # sealed and dutch: no sale below it
    dutch_step: float = 0.01  # dutch: clock step, as a fraction of value_max
    max_rounds_per_item: int = 200  # english safety bound: the item is sold to the high bidder

    def __post_init__(self) -> None:
        validate(
            self,
            format=Choice(Format),
            num_bidders=Integer(2, 12),
            num_items=Integer(1, MAX_ITEMS),
            value_model=Choice(ValueModel),
            value_low=Number(0, MAX_MONEY),
            value_max=Number(0, MAX_MONEY, low_open=True),
            start_fraction=Number(0, 1),
            bias=Number(-0.5, 5),
            per_bidder_bias=FLAG,
            noise=Number(0, MAX_MONEY),
            values=OrNone(ListOf(OrNone(ListOf(Number(0, MAX_MONEY))))),
            budget=OrNone(Number(0, MAX_BUDGET, low_open=True)),
            budgets=OrNone(ListOf(OrNone(Number(0, MAX_BUDGET)))),
            objectives=OrNone(ListOf(OneOf(*OBJECTIVES))),
            min_raise=Number(0, 1, low_open=True),
            reveal_true_value=FLAG,
            visibility=Choice(Visibility),
            reserve=Number(0, MAX_MONEY),
            dutch_step=Number(0, 0.5, low_open=True),
            max_rounds_per_item=Integer(1, 1000),
        )
        if self.value_model is ValueModel.AUCARENA and not self.value_low < self.value_max:
            raise ConfigError(
                f"value_low must be below value_max for aucarena values, actual values: "
                f"{self.value_low:g} and {self.value_max:g}"
            )
        if self.per_bidder_bias and self.bias < 0:
            raise ConfigError(
                "bias must be >= 0 with per_bidder_bias=True (each bidder's bias is drawn from "
                f"U[0, 2 * bias]), actual value: {self.bias:g}"
            )
        if self.objectives is not None and len(self.objectives) != self.num_bidders:
            raise ConfigError(
                f"objectives must give one of {', '.join(OBJECTIVES)} per bidder "
                f"({self.num_bidders}), actual value: {shown(self.objectives)}"
            )
        if self.budgets is not None and len(self.budgets) != self.num_bidders:
            raise ConfigError(
                f"budgets must give one budget (or None) per bidder ({self.num_bidders}), "
                f"actual value: {shown(self.budgets)}"
            )
        self._check_values()

    def _check_values(self) -> None:
        """``values``: a row (or None) per bidder, each row one number per item."""
        rows = self.values
        if rows is None:
            return
        if len(rows) != self.num_bidders or any(
            row is not None and len(row) != self.num_items for row in rows
        ):
            raise ConfigError(
                f"values must give, per bidder ({self.num_bidders}), None or one number per "
                f"item ({self.num_items}), actual value: {shown(rows)}"
            )

    @property
    def num_players(self) -> int:
        """The seats: one per bidder."""
        return self.num_bidders

    def starting_budgets(self) -> tuple[float | None, ...]:
        """Each bidder's starting budget (None: unlimited): ``budgets``, else ``budget``."""
        return self.budgets or (self.budget,) * self.num_bidders


@dataclass
class Item:
    index: int
    name: str
    start: float  # starting price (english), else 0
    values: dict[AgentId, float]  # what winning is worth to each bidder
    shown: dict[AgentId, float]  # what each bidder is told (estimate or signal)
    true_value: float | None  # aucarena and common: the item's value
