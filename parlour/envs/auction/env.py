"""
# Auctions

| Creation           | `parlour.make("auction_v0", format="english", num_bidders=4)`          |
|--------------------|-------------------------------------------------------------------------|
| Parallel API       | Yes (native: each round's bids, each sealed bid, each clock tick)       |
| Agents             | `player_0 ... player_{n-1}`, n in 2..12 (default 4)                     |
| Actions            | `[bid N]`, `[withdraw]`; Dutch: `[accept]`, `[wait]`                    |
| Observation        | `Dict(text=Text(max_length=8192))`                                      |
| Hidden information | each bidder's values (estimates or signals), budget and objective      |
| Chance (from seed) | item values, estimates or signals, biases, tie-breaks                   |
| Rewards            | profit (value to the bidder minus what it pays) per item, as it happens |
| Ends               | termination when every item is sold or passed                           |

Formats: `english` (AucArena's sequential open ascending auction, the default), `first_price`,
`second_price`, `all_pay` and `dutch`. Values: `aucarena` (true values with a shared or
per-bidder estimate bias and noise; starting price = `start_fraction` x true value; the true value
is announced after each sale unless `reveal_true_value=False`), `private` (U[0, value_max] per
bidder) and `common` (U[0, value_max] with signals within `noise`). Visibility of bids: `full`
(every bid with its bidder, English rounds name the high bidder), `anonymous` (every bid's amount,
no bidder: not even the high bidder of an English round) or `winner_only` (no bids: each bidder
sees its own). Every option announces each sale's winner and price. Where bidders are hidden,
every bidder takes every round's turn, those who cannot bid (out of the item, holding the high
bid, or without budget) with `[wait]` only, so the order and number of turns tell nobody who bid.
A bid over the remaining budget, or below the English minimum, is invalid; the default is
`[withdraw]` (Dutch: `[wait]`). A bidder whose budget is below the English minimum bid is offered
`[withdraw]` alone (a choice turn). Budgets are charged only for payments; with unlimited budgets
(`budget=None`) bids are capped at 10 x `value_max`. The card lists every item's value by number:
past about 450 items it needs a larger `max_observation_chars` (the refusal says how much).

## Version History
* v0: first release.
"""

from __future__ import annotations

from typing import Any

from parlour.core.env import GameSpec, ParlourAECEnv, ParlourParallelEnv
from parlour.envs.auction import text
from parlour.envs.auction.facts import HIDDEN
from parlour.envs.auction.model import AuctionConfig
from parlour.envs.auction.rules import AuctionRules

GAME = GameSpec(
    env_id="auction_v0",
    config_cls=AuctionConfig,
    new_rules=AuctionRules,
    text=text,  # type: ignore[arg-type]
    hidden=HIDDEN,  # what each seat must not tell apart (the leak harness plays twins)
)

#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "aucarena4": {},
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


class raw_env(ParlourAECEnv):
    """Auctions, AEC version: simultaneous bids are taken one bidder after another."""

    game = GAME
    metadata = GAME.metadata


class raw_parallel_env(ParlourParallelEnv):
    """Auctions, Parallel version: one step per round, sealed bid or clock tick."""

    game = GAME
    metadata = GAME.metadata


def env(**kwargs: Any) -> raw_env:
    return raw_env(**kwargs)


def parallel_env(**kwargs: Any) -> raw_parallel_env:
    return raw_parallel_env(**kwargs)
