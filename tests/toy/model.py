"""The toy game's vocabulary: its config, phases, typed actions and event payloads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from parlour.core.config import Integer, ListOf, OrNone, validate
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId, Payload

#: Values are whole numbers in 0..MAX_VALUE; so are bids.
MAX_VALUE = 100


class Phase(str, Enum):
    TALK = "talk"
    BID = "bid"
    OVER = "over"


@dataclass(frozen=True)
class ToyConfig:
    """Options of a toy game.

    Attributes:
        num_players: 3 to 5 bidders.
        num_items: how many items are sold, one after another.
        max_speech_chars: how long a speech may be.
        values: each bidder's private value of every item (None draws them from the seed).
    """

    num_players: int = 3
    num_items: int = 3
    max_speech_chars: int = 80
    values: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        validate(
            self,
            num_players=Integer(3, 5),
            num_items=Integer(1, 5),
            max_speech_chars=Integer(10, 200),
            values=OrNone(ListOf(Integer(0, MAX_VALUE))),
        )
        if self.values is not None and len(self.values) != self.num_players:
            raise ConfigError(
                f"values must give one value per player ({self.num_players}), "
                f"actual value: {self.values!r}"
            )


@dataclass(frozen=True, slots=True)
class Say:
    """A speech; ``text=None`` says nothing (the default when a speech is invalid)."""

    text: str | None


@dataclass(frozen=True, slots=True)
class Bid:
    amount: int


Action = Say | Bid


@dataclass(frozen=True, slots=True)
class Dealt(Payload):
    """Private: a player's value."""

    kind: ClassVar[str] = "dealt"
    player: AgentId
    value: int


@dataclass(frozen=True, slots=True)
class Spoke(Payload):
    kind: ClassVar[str] = "spoke"
    player: AgentId
    text: str | None


@dataclass(frozen=True, slots=True)
class BidCast(Payload):
    """Private: the bidder's own sealed bid."""

    kind: ClassVar[str] = "bid_cast"
    player: AgentId
    amount: int


@dataclass(frozen=True, slots=True)
class Sold(Payload):
    """Public: who won an item and what they paid (losing bids stay sealed)."""

    kind: ClassVar[str] = "sold"
    item: int
    winner: AgentId
    price: int


@dataclass(frozen=True, slots=True)
class GameOver(Payload):
    kind: ClassVar[str] = "game_over"
    winners: tuple[AgentId, ...]
    values: tuple[int, ...]
