"""The ``aucarena`` variant against jiangjiechen/auction-arena's code, item by item.

Each table row is one protocol item: what AucArena's code does (``src/auctioneer_base.py``,
``src/bidder_base.py``, ``src/item_base.py``, ``auction_workflow.py``, ``data/example``) and a
scripted game, driven through a Match without PettingZoo (or an env where the env's invalid
policy is the item), in which Parlour's preset must do the same.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

import parlour
from parlour.agents import make_agent
from parlour.core.errors import ConfigError
from parlour.core.match import Match, MatchOptions
from parlour.envs.auction import GAME, VARIANTS
from parlour.envs.auction.catalog import item_lists
from parlour.envs.auction.model import AuctionConfig
from parlour.envs.auction.rules import AuctionRules
from parlour.testing import FakeOpenAIServer

AUCARENA = VARIANTS["aucarena"]
PLAYERS = [f"player_{i}" for i in range(4)]


def make_match(seed: int = 0, on_invalid: str = "default", **overrides) -> Match:
    config = AuctionConfig(**{**AUCARENA, **overrides})
    rules = AuctionRules(config, np.random.default_rng(seed))
    return Match(GAME, rules, MatchOptions(on_invalid=on_invalid))


def bid_round(match: Match, actions: dict[str, str]) -> None:
    """One English round: ``actions`` for its bidders (those it leaves out withdraw)."""
    for agent in list(match.acting()):
        assert match.play(agent, actions.get(agent, "[withdraw]")) is None


def events_of(match: Match, kind: str) -> list:
    return [e.data for e in match.rules.events if e.kind == kind]


# -- the items and the budget, as data -------------------------------------------------------
def test_the_item_list_is_aucarenas_example_layout():
    """``data/example/items_demo.jsonl``: four items at $1000 start / $2000 true value, one at
    $5000 / $10000."""
    rows = item_lists()["aucarena"]
    assert Counter((start, true) for _, start, true in rows) == {
        (1000.0, 2000.0): 4,
        (5000.0, 10000.0): 1,
    }
    assert len({name for name, _, _ in rows}) == 5


#: (what the card or the game holds, its value under the preset): ``bidders_demo.jsonl``
#: (``budget`` 10000, ``overestimate_percent`` 10) and ``Auctioneer`` (``min_markup_pct`` 0.1).
SETTINGS = [
    ("budget", 10000.0),
    ("bias", 0.1),
    ("min_raise", 0.1),
    ("format", "english"),
    ("reveal_true_value", True),
    ("visibility", "full"),
]


@pytest.mark.parametrize(("option", "value"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_the_preset_has_aucarenas_settings(option, value):
    got = getattr(AuctionConfig(**AUCARENA), option)
    assert getattr(got, "value", got) == value


def test_each_game_sells_the_listed_items_in_a_seeded_order_with_estimates_plus_ten_percent():
    orders = set()
    for seed in range(20):
        rules = make_match(seed).rules
        items = [(i.name, i.start, i.true_value) for i in rules.items]
        assert sorted(items) == sorted(item_lists()["aucarena"])
        assert items == [(i.name, i.start, i.true_value) for i in make_match(seed).rules.items]
        for item in rules.items:
            assert set(item.shown.values()) == {round(item.true_value * 1.1, 2)}
        assert rules.start_budget == dict.fromkeys(PLAYERS, 10000.0)
        orders.add(tuple(name for name, _, _ in items))
    assert len(orders) > 3  # --shuffle: the order varies with the seed


def test_the_card_lists_the_items_with_their_starting_prices_and_budget():
    match = make_match(4)
    card = match.observation("player_2").split("## What happened")[0]
    assert "Budget: 10000.00." in card
    for item in match.rules.items:
        assert (
            f"{item.index + 1}: {item.name} (starting price {item.start:.2f}) 2200.00" in card
            or (f"{item.index + 1}: {item.name} (starting price {item.start:.2f}) 11000.00" in card)
        )


# -- the remaining budget is not restated ---------------------------------------------------------
@pytest.mark.parametrize(
    ("show", "restated"), [(False, False), (True, True)], ids=["aucarena", "parlour"]
)
def test_the_remaining_budget_is_not_restated_in_prompts(show, restated):
    """AucArena's win message leaves the budget out (``win_bid``: "Congratulations! You won
    ... at $...", the budget commented out) so that bidders must track it."""
    match = make_match(
        1, show_budget_left=show, item_list=(("lot A", 1000, 2000),) * 2, num_items=2
    )
    bid_round(match, {"player_0": "[bid 1300]"})  # player_0 alone: sold at once
    assert match.rules.budget["player_0"] == 8700.0
    prompt = match.observation("player_0").split("## Now")[1]
    assert ("8700" in prompt) is restated
    if not restated:
        assert (
            "Reply with bid and a number of at least 1000, e.g. [bid 1000] | [withdraw]" in prompt
        )
    assert match.spec("player_0").legal.numbers[0].high == 8700.0  # the bound still holds


# -- invalid bids: re-asked without limit (the env's invalid policy) ----------------------------
#: AucArena's bid sanity check (``bid_sanity_check``) and its parse loop, each re-asked: (the
#: bid sent, why it fails).
INVALID = [
    ("[bid 900]", "below the starting price"),
    ("[bid 10001]", "over the budget"),
    ("I will think about it", "no bid at all"),
    ("[bid 1050]", "below the minimum raise"),
]


@pytest.mark.parametrize(("bad", "why"), INVALID, ids=[w for _, w in INVALID])
def test_an_invalid_bid_is_re_asked_and_never_replaced(bad, why):
    match = make_match(2, on_invalid="retry", item_list=(("lot A", 1000, 2000),) * 2, num_items=2)
    if why == "below the minimum raise":  # round 2: 1000 is high, the minimum is 1100
        bid_round(match, {"player_0": "[bid 1000]", "player_1": "[bid 1000]"})
    bidder = match.acting()[0]
    for tries in range(1, 31):  # far more than any re-ask bound of Parlour's LLM seats
        error = match.play(bidder, bad)
        assert error is not None and match.acting()[0] == bidder
        assert match.metrics()["invalid_total"] == tries
    notices = re.findall("Your last action was invalid .*; act again.", match.observation(bidder))
    assert len(notices) == 30
    assert match.play(bidder, "[bid 1500]") is None  # then a valid bid counts as sent
    assert bidder not in match.acting()
    assert not any(
        e.kind == "invalid_action" and "default" in vars_of(e) for e in match.rules.events
    )


def vars_of(event) -> dict:
    return {f: getattr(event.data, f) for f in event.data.__dataclass_fields__}


def test_the_retry_policy_has_a_documented_safety_cap():
    env = parlour.make("auction_v0", **AUCARENA, on_invalid="retry", max_invalid_retries=5)
    env.reset(seed=0)
    bidder = env.agent_selection
    for _ in range(5):
        env.step("[bid 1]")
        assert env.agent_selection == bidder
    env.step("[bid 1]")  # the sixth: the default applies, the turn moves on
    assert env.agent_selection != bidder
    assert env.unwrapped.metrics()["invalid_actions"][bidder] == {"illegal": 6}


def test_the_default_policy_still_withdraws_an_invalid_bid():
    match = make_match(2)
    bidder = match.acting()[0]
    assert match.play(bidder, "[bid 10]") is not None and bidder not in match.acting()


def test_an_llm_seat_is_re_asked_until_its_bid_is_valid():
    """Through the real openai client: the seat's own re-asks (here none) end in no action,
    and the env asks it again, with the reason in its observation, until a bid is valid."""
    replies = ["[bid 50]", "I bid $20000!", "hmm", "[bid 5000]"]
    with FakeOpenAIServer(replies=list(replies)) as server:
        seat = make_agent("openai:test-model", base_url=server.base_url, max_reasks=0, timeout=5.0)
        options = {**AUCARENA, "item_list": (("lot E", 5000, 10000),), "num_items": 1}
        result = parlour.play_game(
            "auction_v0", [seat] + ["scripted"] * 3, seed=0, on_invalid="retry", **options
        )
    calls = [c for c in result.llm_calls["player_0"] if not c.get("fallback")]
    assert [c["raw_reply"] for c in calls[:4]] == replies
    assert [bool(c["valid"]) for c in calls[:4]] == [False, False, False, True]
    first_round = next(e for e in result.transcript if e["kind"] == "bids")["data"]["bids"]
    assert first_round["player_0"] == 5000.0
    assert result.metrics["invalid_actions"]["player_0"] == {"malformed": 3}


# -- discount and minimum raise ---------------------------------------------------------------
def test_an_item_nobody_bids_on_is_discounted_by_half_at_most_three_times():
    """``check_hammer``: no bid -> ``lower_price(0.5)`` (``int(price * 0.5)``) while
    ``bid_round < 3``, every bidder back in (``set_withdraw(0)``); then unsold."""
    match = make_match(0, discount=0.5, item_list=(("lot A", 1000, 2000),), num_items=1)
    minimums = []
    while not match.is_over():
        minimums.append(match.rules.minimum_bid())
        assert sorted(match.acting()) == PLAYERS  # everyone is back in
        bid_round(match, {})
    assert minimums == [1000.0, 500.0, 250.0, 125.0]
    assert [c.start for c in events_of(match, "price_cut")] == [500.0, 250.0, 125.0]
    assert events_of(match, "sale")[0].winner is None


def test_a_discounted_item_sells_at_its_new_price_with_a_raise_of_its_tenth():
    match = make_match(0, discount=0.5, item_list=(("lot A", 1000, 2000),), num_items=1)
    bid_round(match, {})  # nobody: 500
    bid_round(match, {"player_1": "[bid 500]", "player_2": "[bid 500]"})
    assert match.rules.increment == 50.0 and match.rules.minimum_bid() == 550.0
    bid_round(match, {})
    (sale,) = events_of(match, "sale")
    assert sale.price == 500.0 and sale.winner in ("player_1", "player_2")


def test_no_discount_without_the_option():
    match = make_match(0, item_list=(("lot A", 1000, 2000),), num_items=1)
    bid_round(match, {})
    assert match.is_over() and not events_of(match, "price_cut")


#: (starting price, AucArena's ``int(min_markup_pct * price)``, Parlour's exact raise).
RAISES = [(1000, 100, 100.0), (5000, 500, 500.0), (1234, 123, 123.4), (125, 12, 12.5), (9, 1, 0.9)]


@pytest.mark.parametrize(("start", "whole", "exact"), RAISES, ids=[str(r[0]) for r in RAISES])
def test_the_minimum_raise_is_int_of_a_tenth_of_the_starting_price(start, whole, exact):
    rows = ((f"lot {start}", start, 2 * start),)
    for whole_raise, expected in ((True, whole), (False, exact)):
        match = make_match(0, item_list=rows, num_items=1, whole_raise=whole_raise, budget=1e6)
        bid_round(match, {"player_0": f"[bid {start}]", "player_1": f"[bid {start}]"})
        assert match.rules.minimum_bid() == pytest.approx(start + expected)
        low = match.spec(match.acting()[0]).legal.numbers[0].low
        assert low == pytest.approx(start + expected)


# -- the hammer, ties and what a sale says --------------------------------------------------------
def test_a_lone_first_round_bid_is_sold_at_once_and_the_true_value_announced():
    """``check_hammer``: one bid in the first round with a bid -> sold; the hammer message
    names the true value."""
    match = make_match(0, item_list=(("lot E", 5000, 10000),), num_items=1)
    bid_round(match, {"player_3": "[bid 5600]"})
    (sale,) = events_of(match, "sale")
    assert (sale.winner, sale.price, sale.true_value) == ("player_3", 5600.0, 10000.0)
    assert "Item 1 sold to player_3 for 5600.00. True value: 10000.00." in match.observation(
        "player_0"
    )


def test_equal_top_bids_are_settled_by_a_seeded_draw():
    winners = Counter()
    for seed in range(30):
        match = make_match(seed, item_list=(("lot A", 1000, 2000),), num_items=1)
        bid_round(match, {p: "[bid 1000]" for p in PLAYERS})
        high = match.rules.acting()
        assert len(high) == 3  # the high bidder sits the round out
        winners[next(p for p in PLAYERS if p not in high)] += 1
    assert len(winners) == 4


# -- the default game is unchanged; bots play the preset ------------------------------------------
def test_aucarena4_is_still_the_default_game():
    assert VARIANTS["aucarena4"] == {}
    config = AuctionConfig()
    assert config.budget == 20000.0 and config.item_list is None and config.show_budget_left
    assert not config.whole_raise and config.discount == 0


@pytest.mark.parametrize("strategy", ["value", "rule", "budget", "truthful"])
def test_scripted_bidders_play_the_preset(strategy):
    for seed in range(4):
        agents = [make_agent("scripted", strategy=strategy) for _ in range(4)]
        result = parlour.play_game("auction_v0", agents, seed=seed, **AUCARENA, discount=0.5)
        assert result.metrics["invalid_total"] == 0
        assert all(left >= 0 for left in result.metrics["money_left"].values())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"item_list": "pseudo"}, "item_list"),
        ({"item_list": ()}, "at least one"),
        ({"item_list": (("lot", 10),)}, "item_list"),
        ({"item_list": (("lot\nModerator: x", 10, 20),)}, "item_list"),
        ({"item_list": (("lot", -1, 20),)}, "item_list"),
        ({"num_items": 6}, "num_items"),
        ({"value_model": "private"}, "value_model"),
        ({"item_list": None}, "shuffle_items"),
        ({"discount": 1.0}, "discount"),
        ({"discount": 0.5, "format": "first_price"}, "english"),
        ({"max_discounts": -1}, "max_discounts"),
        ({"whole_raise": 1}, "whole_raise"),
        ({"show_budget_left": "no"}, "show_budget_left"),
    ],
    ids=lambda v: str(v),
)
def test_bad_protocol_options_are_refused(options, message):
    with pytest.raises(ConfigError, match=message):
        AuctionConfig(**{**AUCARENA, **options})
