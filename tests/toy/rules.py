"""The toy game as a plain state machine. For each item in turn: one speech each in seat order,
then one sealed bid each; the highest bid wins the item (a seeded draw breaks ties) and pays its
bid. A bidder's profit is its value of the items it won minus what it paid."""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, NumberRule, SpeechRule
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId
from parlour.core.rules import GameRules
from tests.toy.model import (
    MAX_VALUE,
    Action,
    Bid,
    BidCast,
    Dealt,
    GameOver,
    Phase,
    Say,
    Sold,
    Spoke,
    ToyConfig,
)


class ToyRules(GameRules[Action]):
    def __init__(self, config: ToyConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        drawn = [int(v) for v in rng.integers(0, MAX_VALUE + 1, config.num_players)]
        self.values = dict(zip(self.players, config.values or drawn, strict=True))
        self.item = 0
        self.winners: list[AgentId] = []
        self.profit = dict.fromkeys(self.players, 0)
        self._phase = Phase.TALK
        self._speakers = list(self.players)
        self._bids: dict[AgentId, int] = {}
        for player, value in self.values.items():
            self.log(Dealt(player, value), visible_to={player})

    @property
    def phase(self) -> Phase:
        return self._phase

    def acting(self) -> list[AgentId]:
        if self._phase is Phase.TALK:
            return self._speakers[:1]
        if self._phase is Phase.BID:
            return [p for p in self.players if p not in self._bids]
        return []

    def legal(self, agent: AgentId) -> Legal[Action]:
        if self._phase is Phase.TALK:
            speech = SpeechRule(self.config.max_speech_chars, Say)
            return Legal(ActionKind.SPEECH, Say(None), speech=speech)
        bid = NumberRule("bid", 0, MAX_VALUE, Bid)
        return Legal(ActionKind.NUMBER, Bid(0), numbers=(bid,))

    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        self.step_count += 1
        if isinstance(action, Say) and self._phase is Phase.TALK:
            self._speakers.pop(0)
            self.log(Spoke(agent, action.text))
            if not self._speakers:
                self._phase = Phase.BID
        elif isinstance(action, Bid) and self._phase is Phase.BID:
            self._bids[agent] = action.amount
            self.log(BidCast(agent, action.amount), visible_to={agent})
            if len(self._bids) == len(self.players):
                self._sell()
        else:
            raise IllegalAction(f"{action!r} is not an action of phase {self._phase.value}")

    def _sell(self) -> None:
        top = max(self._bids.values())
        tied = [p for p in self.players if self._bids[p] == top]
        winner = tied[int(self.rng.integers(len(tied)))] if len(tied) > 1 else tied[0]
        self.winners.append(winner)
        self.profit[winner] += self.values[winner] - top
        self.log(Sold(self.item, winner, top))
        self.item += 1
        self._bids = {}
        if self.item < self.config.num_items:
            self._phase = Phase.TALK
            self._speakers = list(self.players)
            return
        self._phase = Phase.OVER
        self.log(GameOver(tuple(self.winners), tuple(self.values[p] for p in self.players)))

    def is_terminal(self) -> bool:
        return self._phase is Phase.OVER

    def is_truncated(self) -> bool:
        return False

    def scores(self) -> dict[AgentId, float]:
        return {p: float(self.profit[p]) for p in self.players}

    def metrics(self) -> dict[str, Any]:
        best = max(self.players, key=lambda p: self.profit[p])
        return {
            "winner": best,
            "items_won": {p: self.winners.count(p) for p in self.players},
            "roles": dict.fromkeys(self.players, "bidder"),
        }

    def hidden_from(self, viewer: AgentId) -> set[str]:
        return set()  # values are numbers: the twin-game harness checks them (facts.py)

    def check_invariants(self) -> None:
        if len(self.winners) != self.item:
            raise InvariantViolation("every sold item has one winner")
