"""The auction's vocabulary: formats, value models, visibility options, phases, typed actions,
the config (every option checked at construction), an item on the block, and the typed event
payloads (one frozen dataclass per shape of event; its ``kind`` is the event's kind)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

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
from parlour.core.events import AgentId, Payload
from parlour.envs.auction.catalog import ItemList, ItemRow, listed_items


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
#: The decimals the text shows money with (budgets, bids, prices, the bounds of a bid).
SHOWN_PLACES = 2


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
    # AucArena's protocol (jiangjiechen/auction-arena), each item an option:
    item_list: str | tuple[ItemRow, ...] | None = None  # a fixed list: its name, or the items
    shuffle_items: bool = False  # sell the listed items in a seeded order
    show_budget_left: bool = True  # False: prompts never restate the remaining budget
    discount: float = 0.0  # english: an item nobody bids on starts again this much cheaper
    max_discounts: int = 3  # english: at most this many discounts per item
    whole_raise: bool = False  # english: the minimum raise is int(min_raise x starting price)

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
            item_list=OrNone(ItemList()),
            shuffle_items=FLAG,
            show_budget_left=FLAG,
            discount=Number(0, 1, high_open=True),
            max_discounts=Integer(0, 100),
            whole_raise=FLAG,
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
        self._check_protocol()

    def _check_protocol(self) -> None:
        """The AucArena options: a fixed list holds the items sold and needs true values; a
        shuffle needs a list; discounts are English."""
        if self.item_list is not None:
            if self.value_model is not ValueModel.AUCARENA:
                raise ConfigError(
                    "item_list gives items' true values: it needs value_model='aucarena', "
                    f"actual value: {self.value_model.value!r}"
                )
            listed = len(listed_items(self.item_list))
            if not listed or self.num_items > listed:
                raise ConfigError(
                    f"num_items must be at most the {listed} items of item_list (which must hold"
                    f" at least one), actual values: {self.num_items} and {shown(self.item_list)}"
                )
        elif self.shuffle_items:
            raise ConfigError("shuffle_items shuffles the items of item_list: give an item_list")
        if self.discount and self.format is not Format.ENGLISH:
            raise ConfigError(
                "discount lowers an English starting price: it needs format='english', "
                f"actual value: {self.format.value!r}"
            )

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


@dataclass(frozen=True, slots=True)
class SaleRecord:
    """One item's result as the records keep it (the god's view, for metrics): its winner (None:
    unsold) and price, its true value, every bidder's value, every payment, and how many rounds
    or clock ticks it took."""

    item: int
    winner: AgentId | None
    price: float
    true_value: float | None
    values: Mapping[AgentId, float]
    payments: Mapping[AgentId, float]
    rounds: int


# -- event payloads -----------------------------------------------------------------------------
# Fields are named and ordered as the transcript's JSON keys. Where one kind of event has several
# shapes (a round of an English auction, a Dutch clock tick, a sealed round), each shape is a
# class of its own with the same ``kind``, so every field is always present.


@dataclass(frozen=True, slots=True)
class Card(Payload):
    """Private to ``player``: its starting budget (None: unlimited), objective and what each
    item is worth to it (its values, estimates or signals), with the format and ``value_max``."""

    kind: ClassVar[str] = "card"
    player: AgentId
    budget: float | None
    objective: str
    values: tuple[float, ...]
    format: str
    value_max: float


@dataclass(frozen=True, slots=True)
class ItemUp(Payload):
    """Public: item ``index`` (named ``name``) goes on the block, ``left`` items to go with it,
    at starting price ``start`` (0 where items start at nothing)."""

    kind: ClassVar[str] = "item"
    index: int
    name: str
    start: float
    left: int


@dataclass(frozen=True, slots=True)
class PriceCut(Payload):
    """Public (``discount``): nobody bid on item ``item`` (named ``name``); it starts again at
    ``start``, every bidder back in (``cut``: the item's how-manyth discount)."""

    kind: ClassVar[str] = "price_cut"
    item: int
    name: str
    start: float
    cut: int


@dataclass(frozen=True, slots=True)
class Round(Payload):
    """Public: a sealed round opens (one bid from everyone)."""

    kind: ClassVar[str] = "round"
    round: int


@dataclass(frozen=True, slots=True)
class ClockTick(Round):
    """Public: a Dutch clock tick at ``price``."""

    price: float


@dataclass(frozen=True, slots=True)
class EnglishRound(Round):
    """Public: an English round opens with its ``minimum`` bid and the standing ``high`` bid
    (None before the first bid), its bidder not named (bidders are hidden)."""

    minimum: float
    high: float | None


@dataclass(frozen=True, slots=True)
class NamedEnglishRound(EnglishRound):
    """Public: an English round where bidders are shown, naming the ``high_bidder``."""

    high_bidder: AgentId | None


@dataclass(frozen=True, slots=True)
class Bids(Payload):
    """Public (``visibility="full"``): each bidder's bid this round, None for a withdrawal or
    no bid."""

    kind: ClassVar[str] = "bids"
    bids: Mapping[AgentId, float | None]


@dataclass(frozen=True, slots=True)
class AnonymousBids(Payload):
    """Public (``visibility="anonymous"``): the round's bid amounts, highest first, no bidders."""

    kind: ClassVar[str] = "bids"
    amounts: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class OwnBid(Payload):
    """Private to ``player`` (where bidders are hidden): its own bid this round, or None."""

    kind: ClassVar[str] = "own_bid"
    player: AgentId
    amount: float | None


@dataclass(frozen=True, slots=True)
class Sale(Payload):
    """Public: item ``item`` sold to ``winner`` at ``price`` (winner None: unsold), with its
    true value where the rules reveal it (else None)."""

    kind: ClassVar[str] = "sale"
    item: int
    winner: AgentId | None
    price: float
    true_value: float | None


@dataclass(frozen=True, slots=True)
class Payment(Payload):
    """Private to ``player``: what it paid for the item just sold and what it gained."""

    kind: ClassVar[str] = "payment"
    player: AgentId
    paid: float
    gained: float


@dataclass(frozen=True, slots=True)
class GameOver(Payload):
    """Public: every bidder's total profit and the indices of the items it won."""

    kind: ClassVar[str] = "game_over"
    profit: Mapping[AgentId, float]
    won: Mapping[AgentId, tuple[int, ...]]
