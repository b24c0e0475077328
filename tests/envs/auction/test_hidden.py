"""What each bidder knows (the table on the docs page): per-bidder budgets and values, and turns
that depend only on what every bidder may know (the leak harness plays the twins; these pin the
rules down)."""

from __future__ import annotations

import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.envs.auction.model import ClockTick
from parlour.envs.auction.text import values_line

SEALED = {"value_model": "private", "value_max": 100.0, "num_bidders": 3, "num_items": 2}


@pytest.mark.parametrize("fmt, visibility", [("first_price", "full"), ("all_pay", "winner_only")])
def test_a_bidder_whose_budget_is_spent_still_takes_its_turn_on_the_next_item(fmt, visibility):
    """Each bidder spends its whole budget on item 1 (first-price: player_0 wins with all it
    has). Item 2 is still bid for by everyone, in seat order, and a spent bidder is offered what
    it can do: a bid of 0 or [withdraw]. (Leaving spent bidders out showed in the order of turns
    under ``full``, and where nobody had money left the item passed without a turn.)"""
    env = parlour.make("auction_v0", format=fmt, visibility=visibility, budget=50.0, **SEALED)
    env.reset(seed=0)
    rules = env.unwrapped.match.rules
    others = "[bid 50]" if fmt == "all_pay" else "[bid 1]"  # all-pay: everyone pays its bid
    for bid in ("[bid 50]", others, others):
        env.step(bid)
    assert rules.sales[0].winner is not None and rules.budget["player_0"] == 0
    assert rules.item.index == 1 and env.agent_selection == "player_0"
    assert env.unwrapped.match.acting() == ["player_0", "player_1", "player_2"]
    assert env.infos["player_0"]["number_range"] == (0.0, 0.0)
    assert env.infos["player_0"]["choices"] == ["[withdraw]"]


def _clock_ticks(**options: object) -> list[float]:
    """The clock prices of one Dutch item on which every bidder always waits."""
    env = parlour.make(
        "auction_v0", format="dutch", dutch_step=0.1, reserve=20.0, **{**SEALED, **options}
    )
    env.reset(seed=0)
    for agent in env.agent_iter(200):
        env.step(None if env.terminations[agent] else "[wait]")
    events = env.unwrapped.match.rules.events
    return [e.data.price for e in events if isinstance(e.data, ClockTick)]


def test_a_dutch_clock_runs_to_the_reserve_whatever_the_budgets():
    """Budgets of 30 cannot pay 90: the clock still runs 100, 90, ... down to the reserve of 20,
    as it does with unlimited budgets, so its length tells nobody what the others can pay."""
    per_item = [100.0, 90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0]
    assert _clock_ticks(budget=30.0, num_items=1) == per_item
    assert _clock_ticks(budget=None, num_items=1) == per_item
    assert _clock_ticks(budgets=(30.0, 0.0, None), num_items=1) == per_item


def test_budgets_give_each_bidder_its_own_starting_budget_shown_only_to_it():
    env = parlour.make("auction_v0", format="first_price", budgets=[3000, None, 0, 12000.5])
    env.reset(seed=0)
    match = env.unwrapped.match
    cards = {p: match.observation(p).split("## Your card\n")[1].split("\n")[0] for p in env.agents}
    assert cards["player_0"].startswith("Budget: 3000.00.")
    assert cards["player_1"].startswith("Budget: unlimited.")
    assert cards["player_2"].startswith("Budget: 0.00.")
    assert cards["player_3"].startswith("Budget: 12000.50.")
    assert "12000.5" not in match.observation("player_0")
    assert "Budgets may differ: each bidder knows only its own." in match.observation("player_0")
    assert env.infos["player_0"]["numbers"][0]["high"] == 3000.0
    assert env.unwrapped.metrics()["money_left"]["player_1"] is None


def test_values_fix_one_bidders_card_and_payoff_and_leave_the_rest_of_the_game_alone():
    """A fixed row replaces that bidder's draws after they are made: everyone else's values,
    and the game's random stream, are those of the game without it (what twin games need)."""
    options = {**SEALED, "format": "second_price", "num_items": 3}
    row = (10.0, 20.5, 99.0)
    drawn = parlour.make("auction_v0", **options)
    fixed = parlour.make("auction_v0", values=[None, row, None], **options)
    for env in (drawn, fixed):
        env.reset(seed=4)
    a, b = (env.unwrapped.match.rules for env in (drawn, fixed))
    assert [item.values["player_1"] for item in b.items] == list(row)
    assert "1: 10.00; 2: 20.50; 3: 99.00." in values_line(b, "player_1")
    for other in ("player_0", "player_2"):
        assert [i.values[other] for i in a.items] == [i.values[other] for i in b.items]
    assert a.rng.bit_generator.state == b.rng.bit_generator.state
    fixed.step("[bid 5]")  # player_0
    fixed.step("[bid 40]")  # player_1 wins item 1 at the second price, 5: worth 10 to it
    fixed.step("[withdraw]")
    assert b.sales[0].winner == "player_1" and b.profit["player_1"] == pytest.approx(5.0)


@pytest.mark.parametrize(
    "options, name",
    [
        ({"budgets": [100.0, 100.0]}, "budgets"),  # 4 bidders
        ({"budgets": [100.0, -1.0, 100.0, 100.0]}, "budgets"),
        ({"budgets": [100.0, float("nan"), 100.0, 100.0]}, "budgets"),
        ({"budgets": "100"}, "budgets"),
        ({"values": [None, [1.0, 2.0], None, None]}, "values"),  # 5 items
        ({"values": [None, None]}, "values"),
        ({"values": [None, [1, 2, 3, 4, float("inf")], None, None]}, "values"),
        ({"values": [[-1.0] * 5, None, None, None]}, "values"),
    ],
)
def test_bad_budgets_and_values_are_refused_by_name(options, name):
    with pytest.raises(ConfigError, match=f"^{name} must"):
        parlour.make("auction_v0", **options)


@pytest.mark.parametrize("fmt", ["english", "first_price", "second_price", "all_pay", "dutch"])
def test_scripted_bidders_play_every_turn_validly_with_spent_and_unequal_budgets(fmt):
    """Bidders with nothing, a little, a lot and no limit: every turn the scripted bidders take
    (withdraw-only, bid-0, wait-only, and all-pay's tiny equilibrium bids) is a valid one."""
    from parlour.agents import make_agent

    for strategy in ("value", "budget"):
        agents = [make_agent("scripted", strategy=strategy) for _ in range(4)]
        options = {**SEALED, "num_bidders": 4, "num_items": 6, "dutch_step": 0.05}
        result = parlour.play_game(
            "auction_v0",
            agents,
            seed=3,
            format=fmt,
            visibility="winner_only",
            budgets=[60.0, 0.0, None, 150.0],
            **options,
        )
        assert result.metrics["invalid_total"] == 0, (strategy, result.metrics["invalid_actions"])
        assert result.metrics["money_left"]["player_1"] == 0.0
