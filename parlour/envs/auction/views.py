"""Auctions' RL faces: bid levels as fractions of your value, and a numeric view."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.numeric import cents_text, one_hot, squash, vector, within_cents
from parlour.envs.auction.rules import AuctionConfig, AuctionRules, Format

_FORMATS = list(Format)
#: Bid levels offered on number turns, as fractions of the bidder's own value of the item.
VALUE_FRACTIONS = (0.5, 0.7, 0.8, 0.9, 1.0, 1.1)


def menu_size(config: AuctionConfig) -> int:
    return len(VALUE_FRACTIONS) + 3  # the levels, the minimum bid, [withdraw], or dutch choices


def speech_menu(rules: AuctionRules, agent: AgentId) -> list[str]:
    return []  # auctions have no speech turns


def number_menu(rules: AuctionRules, agent: AgentId) -> list[str]:
    """Bids at fractions of ``agent``'s own value (estimate or signal), kept inside the legal
    range, the minimum bid on English auctions, and ``[withdraw]``."""
    rule = rules.legal(agent).numbers[0]
    value = rules.item.shown[agent]
    bids: list[float] = []
    if rule.low <= rule.high:
        if rules.config.format is Format.ENGLISH:
            bids.append(within_cents(rule.low, rule.low, rule.high))
        bids += [within_cents(f * value, rule.low, rule.high) for f in VALUE_FRACTIONS]
    tokens = [f"[bid {cents_text(b)}]" for b in dict.fromkeys(bids)]
    return [*tokens, "[withdraw]"]


def numeric_size(config: AuctionConfig) -> int:
    return len(_FORMATS) + 9


def encode(rules: AuctionRules, agent: AgentId) -> np.ndarray:
    """Format; item progress; your value of this item, your budget and profit so far; on English
    auctions the minimum bid and whether you hold the high bid; on Dutch ones the clock; whether
    you act now; whether your objective is items. Money is divided by ``value_max``."""
    config = rules.config
    scale = config.value_max
    over = rules.phase.value == "over"
    item = None if over else rules.item
    english = config.format is Format.ENGLISH
    budget = rules.budget[agent]
    return vector(
        [
            one_hot(_FORMATS.index(config.format), len(_FORMATS)),
            (rules.items.index(item) if item else len(rules.items)) / len(rules.items),
            min(2.0, item.shown[agent] / scale) if item else 0.0,
            squash(budget, scale) if config.budget is not None else 1.0,
            max(-1.0, min(1.0, rules.profit[agent] / (scale * len(rules.items)))),
            min(2.0, rules.minimum_bid() / scale) if english and item else 0.0,
            float(english and rules.holds_high_bid(agent)),
            min(2.0, rules.clock / scale) if config.format is Format.DUTCH else 0.0,
            float(agent in rules.acting()),
            float(rules.objective[agent] == "items"),
        ]
    )
