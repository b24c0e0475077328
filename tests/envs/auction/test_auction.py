"""Auctions against theory (independent private values, risk-neutral bidders) and the rules.

Oracles (Krishna, Auction Theory, ch. 2-3; Vickrey 1961): with n bidders and values U[0, 1],
second-price revenue is (n-1)/(n+1); first-price, all-pay and Dutch equilibria give the same
(revenue equivalence); truthful bidding is dominant in second-price.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import parlour
from parlour.agents import BaseAgent, make_agent
from parlour.core.errors import ConfigError

N = 4
EXPECTED = (N - 1) / (N + 1)


def scripted(strategy: str = "value"):
    return make_agent("scripted", strategy=strategy)


def sealed(format_: str, agents, items: int = 1500, seed: int = 0, **options):
    config = {
        "format": format_,
        "value_model": "private",
        "value_max": 1.0,
        "budget": None,
        "num_items": items,
        "num_bidders": len(agents),
        "max_observation_chars": 40_000,  # the card lists every item's value
        **options,
    }
    return parlour.play_game("auction_v0", agents, seed=seed, **config)


def _mean_and_se(values: list[float]) -> tuple[float, float]:
    data = np.asarray(values)
    return float(data.mean()), float(data.std(ddof=1) / math.sqrt(len(data)))


def _prices(result) -> list[float]:
    return [e["data"]["price"] for e in result.transcript if e["kind"] == "sale"]


@pytest.mark.parametrize("format_", ["second_price", "first_price", "all_pay"])
def test_revenue_equivalence(format_):
    result = sealed(format_, [scripted() for _ in range(N)])
    per_item = result.metrics["revenue"] / 1500
    payments = [sum(p.values()) for p in _payments(result)]
    mean, se = _mean_and_se(payments)
    assert abs(mean - EXPECTED) < 3.5 * se, (format_, mean, se)
    assert per_item == pytest.approx(mean)


def _payments(result):
    by_item: dict[int, dict[str, float]] = {}
    item = -1
    for event in result.transcript:
        if event["kind"] == "item":
            item = event["data"]["index"]
            by_item[item] = {}
        elif event["kind"] == "payment":
            by_item[item][event["visible_to"][0]] = event["data"]["paid"]
    return list(by_item.values())


def test_dutch_clock_stops_near_the_equilibrium_price():
    result = sealed("dutch", [scripted() for _ in range(N)], items=250, dutch_step=0.01)
    mean, se = _mean_and_se(_prices(result))
    assert abs(mean - EXPECTED) < 3.5 * se + 0.01  # the clock moves in steps of 0.01


class FixedBidder(BaseAgent):
    """Bids ``amount`` on every item (a deviation from truthful bidding)."""

    name = "fixed"

    def __init__(self, amount: float) -> None:
        super().__init__()
        self.amount = amount

    def act(self, observation, info):
        return f"[bid {self.amount}]"


def test_truthful_bidding_is_never_beaten_by_a_deviation_in_second_price():
    truthful = sealed("second_price", [scripted("truthful") for _ in range(N)], items=300, seed=5)
    for amount in np.linspace(0, 1, 11):
        agents = [FixedBidder(float(amount))] + [scripted("truthful") for _ in range(N - 1)]
        deviating = sealed("second_price", agents, items=300, seed=5)
        assert deviating.rewards["player_0"] <= truthful.rewards["player_0"] + 1e-9, amount


def test_english_hammer_price_is_within_one_increment_of_the_second_value():
    """Bidders stay in while the minimum bid is at most their value, raising by the minimum.

    The winner's last bid is then within one increment of the second-highest value:
    v2 - step < price <= v2 + step. (A clock auction gives [v2, v2 + step]; with open bids the
    winner's last raise can sit just under v2, when v2 itself could not be topped.)
    """
    config = {
        "format": "english",
        "value_model": "private",
        "value_max": 100.0,
        "budget": None,
        "num_items": 60,
        "min_raise": 0.01,
    }
    result = parlour.play_game("auction_v0", [scripted() for _ in range(N)], seed=3, **config)
    step = 0.01 * 100
    sales = [e["data"] for e in result.transcript if e["kind"] == "sale"]
    values = [e["data"]["values"] for e in result.transcript if e["kind"] == "card"]
    assert len(sales) == 60
    for index, sale in enumerate(sales):
        ordered = sorted((v[index] for v in values), reverse=True)
        assert ordered[1] - step - 0.01 < sale["price"] <= ordered[1] + step + 0.01
        # efficient up to the step: the winner's value is within one increment of the top value
        assert values[int(sale["winner"][-1])][index] >= ordered[0] - step


@pytest.mark.parametrize("format_", ["english", "first_price", "all_pay", "dutch"])
def test_no_bidder_ever_pays_more_than_its_budget(format_):
    for seed in range(4):
        result = parlour.play_game(
            "auction_v0", ["random"] * 4, seed=seed, format=format_, budget=3000.0, num_items=6
        )
        for agent, left in result.metrics["money_left"].items():
            assert left >= -1e-9, (agent, left)
            paid = sum(p.get(agent, 0.0) for p in _payments(result))
            assert paid <= 3000.0 + 1e-9


def test_winners_curse_with_naive_bidders_and_common_values():
    config = {
        "format": "second_price",
        "value_model": "common",
        "value_max": 100.0,
        "noise": 20.0,
        "budget": None,
        "num_items": 800,
        "max_observation_chars": 20_000,  # the card lists every item's value
    }
    result = parlour.play_game(
        "auction_v0", [scripted("truthful") for _ in range(N)], seed=2, **config
    )
    profits = [
        e["data"]["gained"] - e["data"]["paid"] for e in result.transcript if e["kind"] == "payment"
    ]
    mean, se = _mean_and_se(profits)
    assert mean + 3 * se < 0  # bidding one's signal loses money on average


def test_aucarena_shared_estimate_builds_in_the_winners_curse():
    result = parlour.play_game("auction_v0", [scripted() for _ in range(4)], seed=1, num_items=20)
    metrics = result.metrics
    assert metrics["overpayment_rate"] > 0.5  # everyone's estimate is 10% over the true value


def test_rule_bidder_bids_at_most_four_times_per_item():
    result = parlour.play_game(
        "auction_v0", ["scripted"] * 3 + [scripted("rule")], seed=0, num_items=5
    )
    item, bids = -1, {}
    for event in result.transcript:
        if event["kind"] == "item":
            item = event["data"]["index"]
        if event["kind"] == "bids" and event["data"]["bids"].get("player_3") is not None:
            bids[item] = bids.get(item, 0) + 1
    assert bids and max(bids.values()) <= 4


def test_over_budget_and_below_minimum_bids_are_invalid_and_withdraw():
    env = parlour.make("auction_v0", budget=3000.0)
    env.reset(seed=0)
    agent = env.agent_selection
    env.step("[bid 999999]")
    assert "invalid_action" in env.infos[agent]
    assert env.unwrapped.metrics()["invalid_actions"][agent] == {"illegal": 1}


def test_ties_are_drawn_at_random_and_a_lone_top_bid_draws_nothing():
    """A tie for the top bid is settled by a seeded draw among the tied bidders; a round with
    one top bid leaves the game's random stream untouched."""
    env = parlour.make("auction_v0", num_bidders=3, num_items=1)
    winners = set()
    for seed in range(12):
        env.reset(seed=seed)
        rules = env.unwrapped.match.rules
        opening = rules.minimum_bid()
        env.step(f"[bid {opening:g}]")
        env.step(f"[bid {opening:g}]")
        before = rules.rng.bit_generator.state
        env.step(f"[bid {opening + 500:g}]")  # player_2 alone on top: no draw
        assert rules.rng.bit_generator.state == before
        assert rules.holds_high_bid("player_2")
        raised = f"[bid {rules.minimum_bid():g}]"
        env.step(raised)  # player_0 and player_1 raise to the same bid
        env.step(raised)
        (high,) = [p for p in rules.players if rules.holds_high_bid(p)]
        assert high != "player_2" and rules.acting() == sorted(set(rules.players) - {high})
        env.step("[withdraw]")
        env.step("[withdraw]")
        assert rules.sales[0].winner == high
        winners.add(high)
    assert winners == {"player_0", "player_1"}  # the tie went both ways over the seeds


def test_visibility_options():
    anonymous = parlour.play_game(
        "auction_v0",
        ["scripted"] * 4,
        seed=1,
        format="first_price",
        value_model="private",
        visibility="anonymous",
        num_items=2,
    )
    bid_lines = [ln for ln in anonymous.transcript_text("player_0").split("\n") if "Bids" in ln]
    assert bid_lines and all("(anonymous)" in ln and "player_" not in ln for ln in bid_lines)
    winner_only = parlour.play_game(
        "auction_v0",
        ["scripted"] * 4,
        seed=1,
        format="first_price",
        value_model="private",
        visibility="winner_only",
        num_items=2,
    )
    assert "Bids" not in winner_only.transcript_text("player_0").replace("Sealed bids", "")


@pytest.mark.parametrize("visibility", ["anonymous", "winner_only"])
def test_english_rounds_under_hidden_bidders_name_nobody(visibility):
    """Who holds the high bid shows nowhere: not in the round's line, its event data, nor the
    order or number of the turns (every bidder takes every round's turn)."""
    env = parlour.make("auction_v0", num_bidders=3, num_items=1, visibility=visibility)
    env.reset(seed=0)
    rules = env.unwrapped.match.rules
    assert env.unwrapped.match.acting() == ["player_0", "player_1", "player_2"]
    env.step(f"[bid {rules.minimum_bid() + 100:g}]")  # player_0 takes the high bid
    env.step("[withdraw]")
    env.step(f"[bid {rules.minimum_bid():g}]")
    assert rules.holds_high_bid("player_0")
    rounds = [e for e in rules.events if e.kind == "round"]
    assert rounds[-1].data.high is not None and not hasattr(rounds[-1].data, "high_bidder")
    lines = env.unwrapped.match.observation("player_2").split("\n")
    last_round = [line for line in lines if line.startswith("Moderator: Round")][-1]
    assert "high bid" in last_round and " by " not in last_round
    assert env.unwrapped.match.acting() == ["player_0", "player_1", "player_2"]
    for holder, out in (("player_0", "You hold the high bid"), ("player_1", "You are out of it")):
        assert out in env.unwrapped.match.prompt(holder)
        assert list(env.unwrapped.match.spec(holder).choices) == ["[wait]"]
    env.step("[bid 1]")  # player_0 may not bid while holding the high bid: [wait] applies
    assert "invalid_action" in env.infos["player_0"] and rules.holds_high_bid("player_0")


def test_english_rounds_under_full_visibility_name_the_high_bidder():
    env = parlour.make("auction_v0", num_bidders=3, num_items=1)
    env.reset(seed=0)
    rules = env.unwrapped.match.rules
    env.step(f"[bid {rules.minimum_bid() + 100:g}]")
    env.step("[withdraw]")
    env.step(f"[bid {rules.minimum_bid():g}]")
    assert "by player_0" in env.unwrapped.match.observation("player_2")
    assert env.unwrapped.match.acting() == ["player_2"]  # the high bidder and the quitter wait


def test_bad_config():
    for options, message in [
        ({"format": "vickrey"}, "format"),
        ({"num_bidders": 1}, "num_bidders"),
        ({"objectives": ("profit",)}, "objectives"),
        ({"budget": -1}, "budget"),
        ({"bias": -0.1, "per_bidder_bias": True}, "bias must be >= 0 with per_bidder_bias"),
    ]:
        with pytest.raises(ConfigError, match=message):
            parlour.make("auction_v0", **options)


@pytest.mark.parametrize("amount", [1234567.5, 15432.75, 1e22, 35670294385.3, 1e-7, 0.1 + 0.2])
def test_a_bid_token_writes_the_amount_in_full_and_reads_back_as_it(amount):
    """Canonical tokens never use an exponent nor round (``:g`` made 1e+22 and 15432.8)."""
    from parlour.envs.auction.model import Bid
    from parlour.envs.auction.text import format_action

    token = format_action(Bid(amount))
    assert "e" not in token and float(token[5:-1]) == amount


@pytest.mark.parametrize("parallel", [False, True], ids=["aec", "parallel"])
def test_a_budget_below_the_minimum_bid_offers_only_withdraw(parallel):
    """Starting prices are at least 500 and the budget is 100: no bid is possible, so every turn
    offers [withdraw] alone, in the prompt, the infos and the RL menu; never an empty range."""
    from parlour.wrappers import DiscreteActions

    config = {"budget": 100.0, "num_items": 3}
    if parallel:
        env = parlour.make_parallel("auction_v0", **config)
        _, infos = env.reset(seed=1)
        while env.agents:
            acting = [a for a, info in infos.items() if info["acting"]]
            assert acting
            for agent in acting:
                _assert_withdraw_only(infos[agent], env, agent)
            _, _, _, _, infos = env.step(dict.fromkeys(acting, "[withdraw]"))
        return
    env = DiscreteActions(parlour.make("auction_v0", **config))
    env.reset(seed=1)
    for agent in env.agent_iter(100):
        _, _, terminated, truncated, _ = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        _assert_withdraw_only(env.unwrapped.infos[agent], env, agent)  # the text env's infos
        assert "number between" not in env.unwrapped.observe(agent)["text"]
        assert env.action_menu(agent) == ("[withdraw]",)
        assert env.action_mask(agent).tolist() == [1] + [0] * (len(env.action_mask(agent)) - 1)
        env.step(0)
    assert not env.agents and env.unwrapped.metrics()["items_sold"] == 0


def _assert_withdraw_only(info, env, agent):
    assert info["action_kind"] == "choice"
    assert info["legal_actions"] == ["[withdraw]"]
    assert "numbers" not in info and "number_range" not in info
    assert env.unwrapped.match.prompt(agent).endswith("Reply with [withdraw]")


def test_bidders_priced_out_during_an_item_may_then_only_withdraw():
    """Budgets of 3000 and starting prices of 2500 to 2750: the first rounds offer bids up to
    the budget; once the minimum bid passes 3000, [withdraw] alone."""
    values = {"value_low": 5000.0, "value_max": 5500.0}
    env = parlour.make("auction_v0", budget=3000.0, num_items=1, num_bidders=2, **values)
    env.reset(seed=0)
    seen_range = seen_withdraw_only = False
    for agent in env.agent_iter(100):
        _, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
        elif "numbers" in info:
            low, high = info["number_range"]
            assert low <= high == 3000
            seen_range = True
            env.step(f"[bid {low:g}]")
        else:
            _assert_withdraw_only(info, env, agent)
            seen_withdraw_only = True
            env.step("[withdraw]")
    assert seen_range and seen_withdraw_only


def test_a_dutch_prompt_says_the_clock_price_as_it_falls():
    """A Dutch bidder's question names the price it would accept now (before, only the event
    log had it, many lines up)."""
    env = parlour.make("auction_v0", format="dutch", num_bidders=2, num_items=1)
    env.reset(seed=0)
    seen = []
    for agent in env.agent_iter():
        observation, _, terminated, truncated, _ = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        if agent == "player_0":
            seen.append(observation["text"].partition("## Now")[2])
        env.step("[wait]" if len(seen) < 3 else "[accept]")
    assert "The clock is at 10000.00:" in seen[0]
    assert "The clock is at 9900.00:" in seen[1] and "The clock is at 9800.00:" in seen[2]


@pytest.mark.parametrize("item_list", [None, "aucarena"])
@pytest.mark.parametrize("fmt", ["first_price", "second_price", "all_pay", "dutch", "english"])
def test_only_english_items_announce_a_starting_price(fmt, item_list):
    """Sealed bids and the Dutch clock take no starting price: no line, card or rule names one
    (AucArena's values draw one for every item; an English item still announces it)."""
    env = parlour.make("auction_v0", format=fmt, item_list=item_list)
    env.reset(seed=0)
    text = env.observe("player_0")["text"].lower()
    assert ("starting price" in text) == (fmt == "english")
    item = env.unwrapped.match.rules.items[0]
    assert (item.start > 0) == (fmt == "english")
