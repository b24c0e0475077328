"""Auctions' RL faces: bid levels as fractions of your value, and a numeric view."""

from __future__ import annotations

import functools

import numpy as np

from parlour.core.events import AgentId
from parlour.core.numeric import cent_bounds, cents_text, squash
from parlour.envs.auction.rules import AuctionConfig, AuctionRules, Format, Phase

_FORMATS = list(Format)
_FORMAT_INDEX = {f: i for i, f in enumerate(_FORMATS)}
# (module constants: reading an enum member off its class is slow on CPython 3.11)
_ENGLISH, _DUTCH, _OVER = Format.ENGLISH, Format.DUTCH, Phase.OVER
#: Bid levels offered on number turns, as fractions of the bidder's own value of the item.
VALUE_FRACTIONS = (0.5, 0.7, 0.8, 0.9, 1.0, 1.1)


def menu_size(config: AuctionConfig) -> int:
    return len(VALUE_FRACTIONS) + 3  # the levels, the minimum bid, [withdraw], or dutch choices


def speech_menu(rules: AuctionRules, agent: AgentId) -> list[str]:
    return []  # auctions have no speech turns


def number_menu(rules: AuctionRules, agent: AgentId) -> tuple[str, ...]:
    """Bids at fractions of ``agent``'s own value (estimate or signal), kept inside the legal
    range, the minimum bid on English auctions, and ``[withdraw]``."""
    rule = rules.legal(agent).numbers[0]
    if rule.low > rule.high:
        return ("[withdraw]",)
    english = rules.config.format is _ENGLISH
    return _bid_menu(rule.low, rule.high, rules.item.shown[agent], english)


@functools.lru_cache(maxsize=4096)
def _bid_menu(low: float, high: float, value: float, english: bool) -> tuple[str, ...]:
    """The bids of :func:`number_menu` as whole cents inside ``[low, high]`` (cached: a sealed
    auction's range stays put for a whole item)."""
    lowest, highest = cent_bounds(low, high)
    # the minimum bid in whole cents: round(low, 2) clamped into the range is always lowest
    bids = [min(highest, lowest)] if english else []
    bids += [min(highest, max(lowest, level)) for level in _value_levels(value)]
    return (*(_bid_token(bid) for bid in dict.fromkeys(bids)), "[withdraw]")


@functools.lru_cache(maxsize=4096)
def _value_levels(value: float) -> tuple[float, ...]:
    """``value`` times each of ``VALUE_FRACTIONS``, in whole cents (cached: a bidder's value
    holds for a whole item, and ``round(x, 2)`` costs more than the rest of a menu)."""
    return tuple(round(f * value, 2) for f in VALUE_FRACTIONS)


@functools.lru_cache(maxsize=4096)
def _bid_token(amount: float) -> str:
    return f"[bid {cents_text(amount)}]"


def numeric_size(config: AuctionConfig) -> int:
    return len(_FORMATS) + 9


def encode(rules: AuctionRules, agent: AgentId) -> np.ndarray:
    """Format; item progress; your value of this item, your budget and profit so far; on English
    auctions the minimum bid and whether you hold the high bid; on Dutch ones the clock; whether
    you act now; whether your objective is items. Money is divided by ``value_max``."""
    config = rules.config
    scale = config.value_max
    items = len(rules.items)
    out = np.zeros(len(_FORMATS) + 9, np.float32)  # filled by index
    out[_FORMAT_INDEX[config.format]] = 1.0
    english = config.format is _ENGLISH
    at = len(_FORMATS)
    if rules.phase is _OVER:
        out[at] = 1.0  # every item is done
    else:
        item = rules.item
        out[at] = item.index / items
        out[at + 1] = min(2.0, item.shown[agent] / scale)
        if english:
            out[at + 4] = min(2.0, rules.minimum_bid() / scale)
    out[at + 2] = squash(rules.budget[agent], scale) if config.budget is not None else 1.0
    out[at + 3] = max(-1.0, min(1.0, rules.profit[agent] / (scale * items)))
    if english:
        out[at + 5] = rules.holds_high_bid(agent)
    elif config.format is _DUTCH:
        out[at + 6] = min(2.0, rules.clock / scale)
    out[at + 7] = agent in rules.acting()
    out[at + 8] = rules.objective[agent] == "items"
    return out
