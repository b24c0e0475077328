"""Auctions (``auction_v0``): AucArena-style sequential English auctions and the classic formats."""

from __future__ import annotations

from typing import Any

from parlour.core.game import Game
from parlour.envs.auction.bots import make_bot
from parlour.envs.auction.facts import HIDDEN
from parlour.envs.auction.model import AuctionConfig
from parlour.envs.auction.rl import RL
from parlour.envs.auction.rules import AuctionRules
from parlour.envs.auction.text import AuctionText

#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "aucarena4": {},
    # jiangjiechen/auction-arena's protocol: its example auction's items and budget; play it
    # with on_invalid="retry" (an env option) to re-ask a failed bid as its code does
    "aucarena": {
        "item_list": "aucarena",
        "shuffle_items": True,  # the README's run: auction_workflow.py --shuffle
        "budget": 10000.0,
        "show_budget_left": False,
        "whole_raise": True,
        "min_raise": 0.1,
        "bias": 0.1,  # overestimate_percent: 10
    },
    "second_price_private": {
        "format": "second_price",
        "value_model": "private",
        "value_max": 1.0,
        "budget": None,
        "num_items": 8,
    },
    "first_price_anonymous": {
        "format": "first_price",
        "value_model": "private",
        "visibility": "anonymous",
        "num_items": 6,
    },
    "all_pay_common": {
        "format": "all_pay",
        "value_model": "common",
        "noise": 5.0,
        "value_max": 100.0,
        "budget": 500.0,
    },
    "english_anonymous": {"visibility": "anonymous", "num_items": 3},
    # every bidder pays its bid and nobody sees another's: remaining budgets are hidden
    "all_pay_winner_only": {
        "format": "all_pay",
        "value_model": "private",
        "value_max": 100.0,
        "budget": 150.0,
        "visibility": "winner_only",
        "num_items": 4,
    },
    "dutch_winner_only": {
        "format": "dutch",
        "value_model": "private",
        "value_max": 100.0,
        "visibility": "winner_only",
        "num_items": 3,
        "dutch_step": 0.05,
    },
}


def _picture() -> type:
    from parlour.envs.auction.picture import AuctionPicture  # imports pygame: only when drawn

    return AuctionPicture


GAME: Game[AuctionConfig] = Game(
    env_id="auction_v0",
    pettingzoo_id="parlour/Auction-v0",
    summary="Auctions: AucArena's sequential English auctions, sealed bids and Dutch clocks",
    config=AuctionConfig,
    rules=AuctionRules,
    text=AuctionText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    hidden=HIDDEN,
)
