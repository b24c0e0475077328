"""Auctions' RL faces: bid levels as fractions of your value, and a numeric view."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.core.numeric import cent_bounds, cents_text, squash
from parlour.envs.auction.model import AuctionConfig, Format, Phase
from parlour.envs.auction.rules import AuctionRules

_FORMATS = list(Format)
_FORMAT_INDEX = {f: i for i, f in enumerate(_FORMATS)}
#: Bid levels offered on number turns, as fractions of the bidder's own value of the item.
VALUE_FRACTIONS = (0.5, 0.7, 0.8, 0.9, 1.0, 1.1)


def menu_size(config: AuctionConfig) -> int:
    return len(VALUE_FRACTIONS) + 3  # the levels, the minimum bid, [withdraw], or dutch choices


def speech_menu(rules: AuctionRules, agent: AgentId) -> list[str]:
    return []  # auctions have no speech turns


def number_menu(rules: AuctionRules, agent: AgentId) -> tuple[str, ...]:
    """Bids at fractions of ``agent``'s own value (estimate or signal), kept inside the legal
    range, the minimum bid on English auctions, and ``[withdraw]``."""
    rule = rules.legal(agent).numbers[0]  # (a turn with nothing to bid is a choice turn)
    english = rules.config.format is Format.ENGLISH
    return _bid_menu(rule.low, rule.high, rules.item.shown[agent], english)


def _bid_menu(low: float, high: float, value: float, english: bool) -> tuple[str, ...]:
    """The bids of :func:`number_menu`: the minimum bid (English) and the value levels, each in
    whole cents clamped into ``[low, high]``, repeats dropped, then ``[withdraw]``."""
    lowest, highest = cent_bounds(low, high)
    if lowest > highest:  # no whole cent in range: every bid clamps to its upper cent
        return (_bid_token(highest), "[withdraw]")
    # clamped = max(lowest, min(highest, level)): the capped levels above the minimum keep
    # their tokens; the rest read as the minimum (clamped in the upper bound first, the order of
    # first appearance is the same)
    floor = _bid_token(lowest)
    bids = {floor: None} if english else {}
    for amount, token in _capped_levels(value, highest):
        bids[token if amount > lowest else floor] = None
    return (*bids, "[withdraw]")


def _capped_levels(value: float, highest: float) -> tuple[tuple[float, str], ...]:
    """``value`` times each of ``VALUE_FRACTIONS`` in whole cents, capped at ``highest``,
    repeats dropped, with their tokens."""
    capped = dict.fromkeys(min(highest, round(f * value, 2)) for f in VALUE_FRACTIONS)
    return tuple((amount, _bid_token(amount)) for amount in capped)


def _bid_token(amount: float) -> str:
    return f"[bid {cents_text(amount)}]"


def numeric_size(config: AuctionConfig) -> int:
    return len(_FORMATS) + 9


def encode(rules: AuctionRules, agent: AgentId) -> np.ndarray:
    """Format; item progress; your value of this item, your budget and profit so far; on English
    auctions the minimum bid and whether you hold the high bid; on Dutch ones the clock; whether
    you act now; whether your objective is items. Money is divided by ``value_max``."""
    over = rules.phase is Phase.OVER
    out = _per_item(rules, agent, over)
    at = len(_FORMATS)
    fmt = rules.config.format
    if fmt is Format.ENGLISH:
        if not over:
            out[at + 4] = min(2.0, rules.minimum_bid() / rules.config.value_max)
        out[at + 5] = rules.holds_high_bid(agent)
    elif fmt is Format.DUTCH:
        out[at + 6] = min(2.0, rules.clock / rules.config.value_max)
    if agent in rules.acting():
        out[at + 7] = 1.0
    return out


def _per_item(rules: AuctionRules, agent: AgentId, over: bool) -> np.ndarray:
    """A new vector with the entries of ``agent``'s that change only between items (the rest
    left at 0)."""
    config = rules.config
    scale = config.value_max
    items = len(rules.items)
    out = np.zeros(len(_FORMATS) + 9, np.float32)  # filled by index
    out[_FORMAT_INDEX[config.format]] = 1.0
    at = len(_FORMATS)
    if over:
        out[at] = 1.0  # every item is done
    else:
        out[at] = rules.item.index / items
        out[at + 1] = min(2.0, rules.item.shown[agent] / scale)
    unlimited = rules.start_budget[agent] is None
    out[at + 2] = 1.0 if unlimited else squash(rules.budget[agent], scale)
    out[at + 3] = max(-1.0, min(1.0, rules.profit[agent] / (scale * items)))
    out[at + 8] = rules.objective[agent] == "items"
    return out


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
    number_menu=number_menu,
)
