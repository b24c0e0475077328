"""A seat's picture hides what the auction's visibility option hides: twin games that differ only
in who made a bid (anonymous, winner_only) or in a losing bid (winner_only) draw the same game
area for a bidder who took no part in the difference; with ``full`` visibility they differ."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from typing import Any

import numpy as np
import pytest

import parlour
from parlour.renderers import make_frame
from parlour.renderers.frame import to_array

VIEWER = "player_1"
#: Offsets over the first item's starting price: player_1 bids the same in both twins and
#: player_3 withdraws; the twins differ in what player_0 and player_2 bid.
SWAPPED = ({"player_0": 1000, "player_2": 500}, {"player_0": 500, "player_2": 1000})
#: The same high bid, by another bidder, and another losing amount.
HIGH_KEPT = ({"player_0": 1000, "player_2": 500}, {"player_0": 400, "player_2": 1000})
#: Sealed: player_3 wins with the top bid; the twins differ in the two losing bids below
#: player_1's (so the second price, player_1's bid, is the same).
SEALED_SWAPPED = ({"player_0": 100, "player_2": 200}, {"player_0": 200, "player_2": 100})
SEALED_LOSER = ({"player_0": 100, "player_2": 200}, {"player_0": 150, "player_2": 50})

#: (format, visibility, the twins' bids, whether player_1's picture may differ).
TWINS = [
    ("english", "anonymous", SWAPPED, False),
    ("english", "winner_only", SWAPPED, False),
    ("english", "winner_only", HIGH_KEPT, False),
    ("english", "full", SWAPPED, True),
    ("first_price", "anonymous", SEALED_SWAPPED, False),
    ("first_price", "winner_only", SEALED_LOSER, False),
    ("second_price", "anonymous", SEALED_SWAPPED, False),
    ("second_price", "winner_only", SEALED_LOSER, False),
    ("all_pay", "anonymous", SEALED_SWAPPED, False),
    ("all_pay", "winner_only", SEALED_LOSER, False),
    ("all_pay", "full", SEALED_SWAPPED, True),
]


def _first_round(fmt: str, visibility: str, offsets: dict[str, int]) -> np.ndarray:
    """player_1's game area once the first round's bids are in."""
    env = parlour.make("auction_v0", format=fmt, visibility=visibility, num_items=2)
    env.reset(seed=11)
    rules = env.unwrapped.match.rules
    start = rules.item.start
    sealed = {"player_1": 300, "player_3": 900} if fmt != "english" else {"player_1": 200}
    for agent in env.agent_iter():
        if any(e.kind in ("bids", "own_bid") for e in rules.events):
            break
        amount = {**sealed, **offsets}.get(agent)
        env.step("[withdraw]" if amount is None else f"[bid {start + amount:g}]")
    frame = make_frame(parlour.get_game("auction_v0"))
    picture = to_array(frame.draw(env.unwrapped.match, VIEWER))
    area = frame.game_area
    return picture[area.top : area.bottom, area.left : area.right]


@pytest.mark.parametrize(
    "fmt, visibility, twins, may_differ",
    TWINS,
    ids=[f"{t[0]}-{t[1]}-{i}" for i, t in enumerate(TWINS)],
)
def test_a_bidder_sees_only_what_the_visibility_option_shows(fmt, visibility, twins, may_differ):
    first, second = (_first_round(fmt, visibility, bids) for bids in twins)
    assert np.array_equal(first, second) is not may_differ


def test_the_ladder_names_only_whom_the_option_names():
    """The ladder's rows: bidders by name only with ``full`` visibility (or for the god view)."""
    from parlour.envs.auction.picture import Ladder

    def rows(visibility: str, viewer: str) -> list[Any]:
        env = parlour.make("auction_v0", format="first_price", visibility=visibility)
        env.reset(seed=11)
        for agent in env.agent_iter(4):
            env.step(f"[bid {100 * (1 + int(agent[-1]))}]")
        match = env.unwrapped.match
        events = match.rules.events
        seen = list(events) if viewer == "god" else events.visible_since(viewer, 0)
        return Ladder.from_events(seen).rows()

    bids = [("player_3", 400.0), ("player_2", 300.0), ("player_1", 200.0), ("player_0", 100.0)]
    assert rows("full", VIEWER) == bids
    anonymous = [(None, 400.0), (None, 300.0), ("player_1", 200.0), (None, 100.0)]
    assert rows("anonymous", VIEWER) == anonymous
    assert rows("winner_only", VIEWER) == [("player_1", 200.0)]
    assert rows("winner_only", "god") == bids
