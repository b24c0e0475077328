"""The Donor Game: schedules, traces, payoffs, the analytic table, conservation, bots."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

import parlour
from parlour.agents import RandomAgent, make_agent
from parlour.core.errors import ConfigError
from parlour.core.match import Match, MatchOptions
from parlour.envs.donor_game import GAME, text
from parlour.envs.donor_game import rl as views
from parlour.envs.donor_game.model import DonorAct, DonorGameConfig, RecipientAct
from parlour.envs.donor_game.rules import DonorGameRules
from parlour.envs.donor_game.schedule import paper_round, random_round, round_robin_round


def fixed(fraction: float):
    return make_agent("scripted", strategy="fixed", fraction=fraction)


# Mean final resources per game when every agent gives a fixed fraction f of its current
# resources whenever it donates, under the paper's schedule and defaults (12 agents, endowment
# 10, multiplier 2): the analytic table of the reference notes (section 2.3).
@pytest.mark.parametrize(
    "fraction, mean",
    [(0.0, 10.00), (0.1, 18.71), (0.25, 52.02), (0.5, 341.17), (0.75, 2414.80), (1.0, 15360.00)],
)
def test_analytic_table(fraction, mean):
    result = parlour.play_game("donor_game_v0", [fixed(fraction) for _ in range(12)], seed=0)
    assert round(result.metrics["mean_final_resources"], 2) == mean
    assert result.rewards["player_0"] == pytest.approx(
        result.metrics["final_resources"]["player_0"] - 10
    )


def test_paper_schedule():
    n, half = 12, 6
    rounds = [paper_round(n, r) for r in range(n)]
    meetings = Counter((min(d, r), max(d, r)) for pairs in rounds for d, r in pairs)
    assert set(meetings) == {(a, b) for a in range(half) for b in range(half, n)}
    assert set(meetings.values()) == {2}
    ordered = Counter(pair for pairs in rounds for pair in pairs)
    assert set(ordered.values()) == {1}  # once in each role
    assert [all(d < half for d, _ in pairs) for pairs in rounds[:half]] == [True, False] * 3
    assert all(sorted(x for pair in pairs for x in pair) == list(range(n)) for pairs in rounds)


def test_round_robin_and_random_schedules():
    n = 8
    rr = [round_robin_round(n, r) for r in range(2 * (n - 1))]
    assert len(Counter(pair for pairs in rr for pair in pairs)) == n * (n - 1)  # every ordered pair
    rng, seen = np.random.default_rng(0), set()
    for _ in range(n - 1):
        pairs = random_round(n, rng, seen)
        assert not set(pairs) & seen
        seen.update(pairs)


def _match(**options) -> Match:
    rules = DonorGameRules(DonorGameConfig(**options), np.random.default_rng(0))
    return Match(GAME, rules, MatchOptions())


def play_round(match: Match, actions: dict[str, str] | str) -> None:
    for donor in list(match.acting()):
        match.play(donor, actions if isinstance(actions, str) else actions[donor])


def test_round_one_says_no_previous_interactions_and_traces_chain():
    match = _match(num_agents=4, trace_depth=3)
    assert "player_2 has no previous interactions" in match.observation("player_0")
    play_round(match, "[donate 1]")  # round 1: A (0, 1) give 1 to B (2, 3)
    play_round(match, "[donate 2]")  # round 2: B gives 2
    trace = match.rules.trace("player_2", 3)  # before round 3: player_2's act, then its partner's
    assert [(i.round, i.donor) for i in trace] == [(2, "player_2"), (1, "player_1")]
    first = _match(num_agents=4, trace="first_order")
    play_round(first, "[donate 1]")
    play_round(first, "[donate 2]")
    assert [(i.round, i.donor) for i in first.rules.trace("player_2", 3)] == [(2, "player_2")]


def test_donor_sees_exactly_the_configured_trace():
    match = _match(num_agents=6, trace_depth=2)
    for amount in ("[donate 1]", "[donate 0.5]", "[donate 2]", "[donate 0]"):
        play_round(match, amount)
    rules = match.rules
    for event in rules.events:
        if event.kind == "pairing":
            assert event.visible_to == frozenset({event.data.donor})
            expected = rules.trace(event.data.recipient, event.data.round)
            assert event.data.trace == tuple(text.act_line(i, rules.told) for i in expected)
        if event.kind == "act":
            assert event.visible_to == frozenset({event.data.donor, event.data.recipient})


@pytest.mark.parametrize("units, shown", [("absolute", "units"), ("percent", "%")])
def test_hidden_resources_are_never_told_by_an_amount_and_a_share_together(units, shown):
    """With ``show_recipient_resources=False`` a trace line gives the donor's choice in the
    game's units only, and a recipient reads what arrived, never the share it was: amount and
    share together would give the donor's resources (amount / share)."""
    match = _match(num_agents=4, units=units, show_recipient_resources=False)
    for amount in ("[donate 3]", "[donate 2]", "[donate 1]", "[donate 4]", "[donate 5]"):
        play_round(match, amount)
    told_to_recipient = 0
    for event in match.rules.events:
        reader = min(event.visible_to) if event.visible_to != "all" else "player_0"
        line = _one_unit_as_many(match.render_event(event, reader) or "")
        if event.kind == "pairing":
            for written, act in zip(event.data.trace, event.data.trace_acts, strict=True):
                act_line = _one_unit_as_many(written)
                received = act["recipient"] == reader  # told by the amount it got
                told_to_recipient += received
                assert (shown if not received else "units") in act_line
                assert ("%" in act_line) != ("units" in act_line)
                assert ("percent" in act) != ("amount" in act)
                assert ("amount" in act) == (units == "absolute" or received)
        if event.kind == "act" and event.visible_to == {event.data.recipient}:
            assert "units" in line and "%" not in line and isinstance(event.data, RecipientAct)
            assert not hasattr(event.data, "percent")
        if event.kind == "act" and event.visible_to == {event.data.donor}:
            assert "units" in line and "%" in line  # the donor knows its own resources
            assert isinstance(event.data, DonorAct)
            assert not hasattr(event.data, "recipient_change")  # (a floored punishment tells it)
    assert told_to_recipient  # the chained traces show donors acts they received
    acts = [e for e in match.rules.events if e.kind == "act"]
    assert {len(e.visible_to) for e in acts} == {1}


def _one_unit_as_many(line: str) -> str:
    """A line with "1 unit" written as "1 units", for checks that look for the word "units"."""
    return line.replace(" 1 unit ", " 1 units ")


def _percent_hidden_game(first_gift: str) -> Match:
    """Six players, percent units, resources hidden, first-order traces of depth 1, round robin:
    player_0 gives ``first_gift`` in round 1 (to player_5, out of player_3's sight), then 15.01%
    in round 3 to player_2, whose trace player_3 reads in round 4; everyone else gives 0. Five
    of six rounds are played: the game-over line, which tells everyone's resources, is not."""
    match = _match(
        num_agents=6,
        schedule="round_robin",
        units="percent",
        show_recipient_resources=False,
        trace="first_order",
        trace_depth=1,
        rounds=6,
    )
    for round_ in range(1, 6):
        gift = first_gift if round_ == 1 else "[donate 15.01]"
        play_round(match, {d: gift if d == "player_0" else "[donate 0]" for d in match.acting()})
    return match


@pytest.mark.parametrize("first_gift", ["[donate 100]", "[donate 10]", "[donate 30]"])
def test_a_share_is_told_as_the_donor_chose_it_whatever_its_resources(first_gift):
    """A trace tells the share the donor wrote (15.01, not 0.15009999999999998 or, for a broke
    donor, 0.00%): what player_0 gave out of player_3's sight must not change a thing player_3
    reads of its later gift, in the text, the seat view or the numeric view."""
    match = _percent_hidden_game(first_gift)
    lines = [line for line in match.transcript_text("player_3").split("\n") if "Trace:" in line]
    assert any("player_0 gave 15.01% of their resources to player_2." in line for line in lines)
    acts = [
        act
        for event in match.seat_view("player_3").events()
        if event.kind == "pairing"
        for act in event.data.trace_acts
        if act["donor"] == "player_0"
    ]
    assert acts == [
        {
            "round": 3,
            "donor": "player_0",
            "recipient": "player_2",
            "kind": "donate",
            "percent": 15.01,
        }
    ]


def test_what_a_third_seat_reads_of_a_gift_is_the_same_whoever_gave_what_out_of_its_sight():
    views = []
    for first_gift in ("[donate 100]", "[donate 10]"):
        match = _percent_hidden_game(first_gift)
        events = [(e.kind, e.data) for e in match.seat_view("player_3").events()]
        views.append((match.transcript_text("player_3"), events))
    assert views[0] == views[1]


def test_a_recipient_is_never_told_the_share_of_what_it_got():
    """The recipient knows the amount it got (its resources, its reward); told the share too,
    wherever the act appears later (a chained trace), it would have the giver's resources."""
    env = parlour.make_parallel(
        "donor_game_v0",
        num_agents=6,
        schedule="random",
        units="percent",
        show_recipient_resources=False,
        rounds=12,
        trace_depth=5,
    )
    _, infos = env.reset(seed=0)
    shares = {f"player_{i}": f"[donate {10 + 13 * i}]" for i in range(6)}
    rules = env.unwrapped.match.rules
    shown_to_recipient = 0
    while env.agents:
        for agent in (a for a, info in infos.items() if info["acting"]):
            vector = views.encode(rules, agent)  # an act it got: the amount, squashed
            for k, act in enumerate(rules.trace(rules.recipient_of(agent), rules.round)):
                if act.recipient == agent:
                    shown_to_recipient += 1
                    assert vector[5 + 4 * k + 3] == pytest.approx(act.amount / (act.amount + 10))
        _, _, _, _, infos = env.step({a: shares[a] for a, i in infos.items() if i["acting"]})
    assert shown_to_recipient
    for act in rules.history:
        seat = act.recipient
        told = re.compile(rf"In round {act.round}, {act.donor} gave (.+?) to {seat}\.")
        lines = env.unwrapped.match.transcript_text(seat).split("\n")
        assert all("%" not in what for line in lines for what in told.findall(line))
        for event in env.unwrapped.seat_view(seat).events():
            for data in getattr(event.data, "trace_acts", ()):
                if (data["round"], data["donor"]) == (act.round, act.donor):
                    assert "percent" not in data and data["amount"] == act.amount


def test_a_donor_cannot_tell_how_much_its_punishment_took_from_hidden_resources():
    """A punishment is floored at 0: what the recipient lost tells its resources, so with
    resources hidden the donor's record of the act leaves it out. Here player_3 holds 10 or 30
    (player_1's gift in round 1, which player_0 never sees) when player_0 punishes it for 5."""
    views = []
    for gift in ("[donate 0]", "[donate 10]"):
        match = _match(
            num_agents=4,
            show_recipient_resources=False,
            punishment=True,
            punishment_multiplier=5,
            trace_depth=1,
            rounds=5,  # (the game-over line, which tells everyone's resources, comes later)
        )
        play_round(match, {"player_0": "[donate 0]", "player_1": gift})  # 0 -> 2, 1 -> 3
        for _ in range(2):  # 3 -> 0, 2 -> 1; then 2 -> 0, 3 -> 1
            play_round(match, "[donate 0]")
        assert match.rules.recipient_of("player_0") == "player_3"
        play_round(match, {"player_0": "[punish 5]", "player_1": "[donate 0]"})
        view = [(e.kind, e.data) for e in match.seat_view("player_0").events()]
        views.append((match.transcript_text("player_0"), view))
    assert views[0] == views[1]


def _trace_from_history(history, agent, before_round, depth, chained):
    """The trace by its definition, read off the whole history (no stored chains)."""
    own = [i for i in history if i.donor == agent and i.round < before_round][::-1]
    if not chained or not own or depth == 0:
        return own[:depth]
    last = own[0]
    return [last, *_trace_from_history(history, last.recipient, last.round, depth - 1, True)]


@pytest.mark.parametrize("trace", ["chained", "first_order"])
@pytest.mark.parametrize("depth", [0, 1, 3, 5])
def test_pairing_traces_match_their_definition(trace, depth):
    rng = np.random.default_rng(depth)
    match = _match(num_agents=8, trace_depth=depth, trace=trace, schedule="random", rounds=12)
    while not match.is_over():
        play_round(match, {d: f"[donate {rng.integers(0, 3)}]" for d in match.acting()})
    rules = match.rules
    pairings = [e for e in rules.events if e.kind == "pairing"]
    assert len(pairings) == 12 * 4
    for event in pairings:
        data = event.data
        expected = _trace_from_history(
            rules.history, data.recipient, data.round, depth, trace == "chained"
        )
        assert data.trace == tuple(text.act_line(i, rules.told) for i in expected)
        assert list(data.trace_acts) == [
            {
                "round": i.round,
                "donor": i.donor,
                "recipient": i.recipient,
                "kind": i.kind,
                "percent": i.fraction * 100,
                "amount": i.amount,
            }
            for i in expected
        ]
        assert rules.trace(data.recipient, data.round) == expected


def test_legal_sets_are_values_bounded_by_each_donors_budget():
    """Every call builds a fresh legal set; donors with the same budget get equal ones, donors
    with different budgets different ones."""
    match = _match(num_agents=6)
    donors = match.acting()
    assert len({match.rules.legal(d) for d in donors}) == 1  # everyone starts with 10 units
    play_round(match, {donors[0]: "[donate 1]", donors[1]: "[donate 2]", donors[2]: "[donate 0]"})
    rules = match.rules
    legal = {d: rules.legal(d) for d in match.acting()}
    budgets = {d: rules.resources[d] for d in legal}
    for a in legal:
        assert rules.legal(a) == legal[a] and rules.legal(a) is not legal[a]
        assert legal[a].numbers[0].high == budgets[a]
        for b in legal:
            assert (legal[a] == legal[b]) == (budgets[a] == budgets[b])
            assert (match.spec(a) is match.spec(b)) == (budgets[a] == budgets[b])


def test_over_budget_is_invalid_unless_clamped():
    match = _match(num_agents=2)
    error = match.play("player_0", "[donate 25]")
    assert error is not None and "between 0 and 10, e.g. [donate 5]" in str(error)
    assert match.rules.resources == {"player_0": 10.0, "player_1": 10.0}
    assert match.metrics()["invalid_actions"]["player_0"] == {"illegal": 1}
    clamped = _match(num_agents=2, clamp=True)
    assert clamped.play("player_0", "[donate 25]") is None
    assert clamped.rules.resources == {"player_0": 0.0, "player_1": 30.0}


def test_percent_units_punishment_and_refusal():
    match = _match(num_agents=2, units="percent", punishment=True, partner_choice=True, rounds=3)
    match.play("player_0", "[donate 50]")
    assert match.rules.resources == {"player_0": 5.0, "player_1": 20.0}
    match.play("player_1", "[punish 10]")  # pays 2, player_0 loses 4
    assert match.rules.resources == {"player_0": 1.0, "player_1": 18.0}
    match.play("player_0", "[refuse]")
    assert match.rules.resources == {"player_0": 1.0, "player_1": 18.0}
    metrics = match.metrics()
    assert (metrics["punishments"], metrics["refusals"], metrics["donations"]) == (1, 1, 1)


def test_punishment_is_floored_at_zero():
    match = _match(num_agents=2, punishment=True, punishment_multiplier=5)
    match.play("player_0", "[donate 10]")  # player_1 has 30
    match.play("player_1", "[punish 1]")  # player_0 has 0: stays 0
    assert match.rules.resources["player_0"] == 0.0


@pytest.mark.parametrize("seed", range(5))
def test_conservation_every_round(seed):
    """total = N * endowment + (multiplier - 1) * donations - punishment effects, each round."""
    match = _match(num_agents=6, punishment=True, partner_choice=True, punishment_multiplier=3)
    player = RandomAgent()
    player.reset("any", seed=seed)
    punished = 0
    while not match.is_over():
        round_ = match.rules.round
        while match.rules.round == round_ and not match.is_over():
            donor = match.acting()[0]
            match.play(donor, player.act({}, match.turn_info(donor)))
        history = match.rules.history
        donated = sum(i.amount for i in history if i.kind == "donate")
        effects = sum(
            e.data.amount - e.data.recipient_change  # cost paid + loss caused
            for e in match.rules.events
            if e.kind == "act" and e.data.act == "punish"
        )
        punished += effects > 0
        total = sum(match.rules.resources.values())
        assert total == pytest.approx(60 + (2 - 1) * donated - effects)
    assert punished


@pytest.mark.parametrize("seat", [0, 5, 11])
def test_a_stingy_deviant_among_unconditional_donors_ranks_first(seat):
    seats = [fixed(0.5) for _ in range(12)]
    seats[seat] = fixed(0.0)
    final = parlour.play_game("donor_game_v0", seats, seed=0).metrics["final_resources"]
    assert max(final, key=final.get) == f"player_{seat}"


def test_reciprocity_and_gini_reflect_behaviour():
    tft = parlour.play_game(
        "donor_game_v0", ["scripted"] * 4 + ["random"] * 4, seed=1, num_agents=8, rounds=16
    )
    assert tft.metrics["reciprocity"] is not None and tft.metrics["reciprocity"] > 0
    equal = parlour.play_game("donor_game_v0", [fixed(0.0) for _ in range(4)], seed=0, num_agents=4)
    assert equal.metrics["gini"] == 0.0 and equal.metrics["donation_rate"] == 0.0


def test_parallel_step_is_one_round():
    env = parlour.make_parallel("donor_game_v0", num_agents=6)
    _, infos = env.reset(seed=0)
    acting = [a for a, info in infos.items() if info["acting"]]
    assert len(acting) == 3
    env.step(dict.fromkeys(acting, "[donate 1]"))
    assert env.unwrapped.match.rules.round == 2


def test_bad_config():
    for options, message in [
        ({"num_agents": 5}, "even"),
        ({"schedule": "swiss"}, "schedule"),
        ({"units": "coins"}, "units"),
        ({"rounds": 0}, "rounds"),
        ({"trace_depth": 0.5}, "trace_depth must be an integer"),
        ({"endowment": float("inf")}, "endowment must be a finite number"),
        ({"multiplier": float("nan")}, "multiplier"),
        ({"punishment": "yes"}, "punishment must be True or False"),
        ({"multiplier": 100.0, "rounds": 200}, "could grow resources to 1e"),
    ]:
        with pytest.raises(ConfigError, match=message):
            DonorGameConfig(**options)


def test_every_bound_and_token_of_a_growing_game_reads_back_as_itself():
    """Past 1e10 units (not whole) the bound was shown as 3.567029439e+10, which the grammar
    refuses: every bound a donor is shown now is the donor's resources as the game shows money
    (two decimals, rounded down), which reads back as a legal gift of at most a cent less than
    everything (everything itself where the resources are whole cents), and the summary and
    card show the endowment without an exponent."""
    env = parlour.make_parallel(
        "donor_game_v0", num_agents=2, endowment=1e6, multiplier=7.3, rounds=16
    )
    _, infos = env.reset(seed=0)
    assert "start with 1000000 units" in env.unwrapped.match.observation("player_0")
    checked = 0
    while env.agents:
        actions = {}
        for agent in (a for a, info in infos.items() if info["acting"]):
            shown = env.unwrapped.match.prompt(agent).split(" and ")[2].split(",")[0]
            assert "e" not in shown and len(shown.partition(".")[2]) <= 2
            action = env.unwrapped.match.spec(agent).parse(f"[donate {shown}]")
            have = env.unwrapped.match.rules.resources[agent]
            assert 0 <= have - action.amount < 0.01
            actions[agent] = GAME.text.format_action(action)
            assert actions[agent] == f"[donate {shown}]" or "e" not in actions[agent][8:]
            checked += action.amount > 1e10 and not action.amount.is_integer()
        _, _, _, _, infos = env.step(actions)
    assert checked


def test_resources_grown_to_the_largest_allowed_stay_finite_and_fit_the_prompt():
    """Everyone gives everything, at the largest multiplier and as many rounds as the config
    check lets through: resources pass 1e150, rewards stay finite, and every prompt (three
    such numbers) fits the game's prompt bound, so the observation keeps it whole."""
    options = {"num_agents": 4, "multiplier": 100.0, "endowment": 1e6}
    rounds = 1
    while DonorGameConfig(**options, rounds=rounds).wealth_digits < 304:  # 2 digits a round
        rounds += 1
    assert DonorGameConfig(**options, rounds=rounds).wealth_digits <= 305
    with pytest.raises(ConfigError, match="rounds"):
        DonorGameConfig(**options, rounds=rounds + 1)
    env = parlour.make("donor_game_v0", **options, rounds=rounds, punishment=True)
    env.reset(seed=0)
    rules = env.unwrapped.match.rules
    bound = GAME.text.max_prompt_chars(rules)
    for agent in env.agent_iter():
        _, _, terminated, truncated, info = env.last()
        assert len(env.unwrapped.match.prompt(agent)) <= bound
        assert env.observe(agent)["text"].endswith(env.unwrapped.match.prompt(agent))
        env.step(None if terminated or truncated else f"[donate {int(info['numbers'][0]['high'])}]")
    assert max(rules.resources.values()) > 1e150
    assert np.isfinite(env.unwrapped.metrics()["gini"])
    assert np.isfinite(env.unwrapped.metrics()["total_donated"])
    assert all(np.isfinite(list(env.unwrapped.metrics()["final_resources"].values())))


@pytest.mark.parametrize(
    "units, typed, told",
    [
        ("absolute", "[donate 3.456789012]", "gave 3.46 units ("),
        ("absolute", "[donate 5]", "gave 5 units ("),
        ("percent", "[donate 33.3333333]", "gave 33.33% of their resources ("),
    ],
)
def test_an_act_is_told_to_the_cent_never_as_float_noise(units, typed, told):
    """What a donor typed (or an LLM wrote) is told as resources are shown, at most two
    decimals: a trace is not a list of twelve-digit floats."""
    env = parlour.make("donor_game_v0", num_agents=2, rounds=2, units=units)
    env.reset(seed=0)
    donor = env.agent_selection
    env.step(typed)
    lines = [line for line in env.unwrapped.match.observation(donor).split("\n") if "gave" in line]
    assert len(lines) == 1 and told in lines[0], lines
    assert not re.search(r"\d\.\d{3,}", lines[0])
