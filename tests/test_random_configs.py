"""Property tests: random valid configurations of every game play to the end with their
invariants intact and the observation inside its space."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import playout, random_legal_chooser

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(env) -> None:
    env.unwrapped.match.rules.check_invariants()
    if env.agents:
        text = env.observe(env.agent_selection)["text"]
        assert len(text) <= env.observation_space(env.agent_selection)["text"].max_length


@st.composite
def who_is_spy_configs(draw):
    players = draw(st.integers(3, 12))
    spies = draw(st.integers(1, max(1, (players - 2) // 2)))
    blanks = draw(st.integers(0, max(0, players - 2 * spies - 2)))
    civilians = players - spies - blanks
    ratio = draw(st.sampled_from([1.0, 0.75, 0.5]))
    if spies >= ratio * civilians:
        ratio = 1.0
    return {
        "num_players": players,
        "num_spies": spies,
        "num_blanks": blanks,
        "max_rounds": draw(st.integers(1, 6)),
        "second_tie": draw(st.sampled_from(["none", "random"])),
        "reveal_role_on_elimination": draw(st.booleans()),
        "spy_win_ratio": ratio,
        "difficulty": draw(st.sampled_from([None, "easy", "medium", "hard"])),
    }


@st.composite
def donor_configs(draw):
    schedule = draw(st.sampled_from(["paper", "random", "round_robin"]))
    return {
        "num_agents": draw(st.sampled_from([2, 4, 6, 8])),
        "schedule": schedule,
        "rounds": draw(st.one_of(st.none(), st.integers(1, 15))),
        "units": draw(st.sampled_from(["absolute", "percent"])),
        "trace": draw(st.sampled_from(["chained", "first_order"])),
        "trace_depth": draw(st.integers(0, 4)),
        "punishment": draw(st.booleans()),
        "partner_choice": draw(st.booleans()),
        "clamp": draw(st.booleans()),
        "reverse_roles": draw(st.booleans()),
        "donor_view": draw(st.sampled_from(["history", "pairing"])),
        "trace_amounts": draw(st.booleans()),
        "tell_rounds": draw(st.booleans()),
    }


@st.composite
def auction_configs(draw):
    model = draw(st.sampled_from(["aucarena", "private", "common"]))
    return {
        "format": draw(
            st.sampled_from(["english", "first_price", "second_price", "all_pay", "dutch"])
        ),
        "num_bidders": draw(st.integers(2, 6)),
        "num_items": draw(st.integers(1, 4)),
        "value_model": model,
        "value_max": 10000.0 if model == "aucarena" else draw(st.sampled_from([1.0, 100.0])),
        "budget": draw(st.sampled_from([None, 50.0, 20000.0])),
        "visibility": draw(st.sampled_from(["full", "anonymous", "winner_only"])),
        "noise": draw(st.sampled_from([0.0, 0.1])),
        "per_bidder_bias": draw(st.booleans()),
        "dutch_step": 0.05,
        "min_raise": draw(st.sampled_from([0.1, 0.25])),
    }


@SETTINGS
@given(who_is_spy_configs(), st.integers(0, 2**16))
def test_who_is_spy_random_configs(config, seed):
    env = playout("who_is_spy_v0", config, seed, random_legal_chooser(seed), _check)
    metrics = env.unwrapped.metrics()
    assert metrics["invalid_total"] == 0
    assert metrics["rounds"] <= config["max_rounds"]


@SETTINGS
@given(donor_configs(), st.integers(0, 2**16))
def test_donor_game_random_configs(config, seed):
    env = playout("donor_game_v0", config, seed, random_legal_chooser(seed), _check)
    metrics = env.unwrapped.metrics()
    assert metrics["invalid_total"] == 0
    assert all(r >= 0 for r in metrics["final_resources"].values())


@SETTINGS
@given(auction_configs(), st.integers(0, 2**16))
def test_auction_random_configs(config, seed):
    env = playout("auction_v0", config, seed, random_legal_chooser(seed), _check)
    metrics = env.unwrapped.metrics()
    assert metrics["invalid_total"] == 0
    assert all(left is None or left >= -1e-9 for left in metrics["money_left"].values())


@st.composite
def werewolf_configs(draw):
    players = draw(st.integers(4, 12))
    wolves = draw(st.integers(1, (players - 1) // 2))
    specials = draw(
        st.lists(
            st.sampled_from(["seer", "doctor", "witch", "hunter"]),
            unique=True,
            max_size=min(4, players - wolves),
        )
    )
    roles = ["werewolf"] * wolves + specials
    roles += ["villager"] * (players - len(roles))
    vote = draw(st.sampled_from(["secret", "sequential"]))
    vote_tie = draw(st.sampled_from(["none", "random", "runoff"]))
    shown = vote == "sequential" or vote_tie == "runoff"  # these show who got votes
    return {
        "roles": tuple(roles),
        "protocol": draw(st.sampled_from(["arena", "lspo", "classic"])),
        "wolf_kill": draw(st.sampled_from(["vote", "one_random", "propose_decide"])),
        "seer_recheck": draw(st.booleans()),
        "speaking_order": draw(st.sampled_from(["random", "seat"])),
        "last_speaker_bids": draw(st.booleans()),
        "mention_weight": draw(st.integers(1, 3)),
        "bids_shown": draw(st.booleans()),
        "straw_polls": draw(st.booleans()),
        "vote_abstain": draw(st.booleans()),
        "vote_reveal": "ballots" if shown else draw(st.sampled_from(["ballots", "outcome"])),
        "wolf_chat_rounds": draw(st.integers(0, 2)),
        "wolf_tie": draw(st.sampled_from(["random", "no_kill"])),
        "doctor_self_protect": draw(st.booleans()),
        "doctor_repeat": draw(st.booleans()),
        "witch_self_heal": draw(st.booleans()),
        "seer_reveals": draw(st.sampled_from(["role", "team"])),
        "reveal_on_death": draw(st.sampled_from(["none", "team", "role"])),
        "last_words": draw(st.booleans()),
        "discussion": draw(st.sampled_from(["round_robin", "bidding"])),
        "discussion_rounds": draw(st.integers(1, 2)),
        "bidding_turns": draw(st.integers(1, 4)),
        "vote": vote,
        "exile": draw(st.sampled_from(["plurality", "majority"])),
        "vote_tie": vote_tie,
        "max_days": draw(st.integers(1, 8)),
    }


@SETTINGS
@given(werewolf_configs(), st.integers(0, 2**16))
def test_werewolf_random_configs(config, seed):
    env = playout("werewolf_v0", config, seed, random_legal_chooser(seed), _check)
    metrics = env.unwrapped.metrics()
    assert metrics["invalid_total"] == 0
    assert metrics["days"] <= config["max_days"]
    rules = env.unwrapped.match.rules
    poisons = [d for d in metrics["deaths"] if d["cause"] == "poison"]
    assert len(poisons) <= config["roles"].count("witch")
    if metrics["winner"] == "village":
        assert not rules.living_wolves()
    elif metrics["winner"] == "werewolves":
        assert 2 * len(rules.living_wolves()) >= len(rules.living)


@st.composite
def among_us_configs(draw):
    players = draw(st.integers(4, 10))
    game_map = draw(st.sampled_from(["skeld", "grid"]))
    width, height = draw(st.integers(1, 3)), draw(st.integers(2, 3))
    spots = width * height if game_map == "grid" else 14  # a task spot per grid room
    repeats = draw(st.booleans())
    return {
        "map": game_map,
        "grid_width": width,
        "grid_height": height,
        "grid_meeting_room": draw(st.sampled_from(["corner", "top_middle"]))
        if game_map == "grid"
        else "corner",
        "num_players": players,
        "num_impostors": draw(st.integers(1, 2 if players > 6 else 1)),
        "tasks_per_player": draw(st.integers(1, 4 if repeats else min(4, spots))),
        "task_repeats": repeats,
        "task_time": draw(st.integers(1, 3)),
        "move_time": draw(st.integers(1, 3)),
        "kill_cooldown": draw(st.integers(0, 4)),
        "impostors_report": draw(st.booleans()),
        "emergency_meetings": draw(st.integers(0, 2)),
        "discussion_messages": draw(st.integers(1, 2)),
        "suspicion_survey": draw(st.booleans()),
        "reveal_ballots": draw(st.booleans()),
        "loser_reward": draw(st.sampled_from([-1.0, 0.0])),
        "reveal_on_eject": draw(st.booleans()),
        "vents": draw(st.booleans()),
        "sabotage": draw(st.booleans()),
        "reactor_time": draw(st.integers(2, 6)),
        "sabotage_cooldown": draw(st.integers(0, 5)),
        "max_steps": draw(st.integers(1, 40)),
    }


@SETTINGS
@given(among_us_configs(), st.integers(0, 2**16))
def test_among_us_random_configs(config, seed):
    env = playout("among_us_v0", config, seed, random_legal_chooser(seed), _check)
    metrics = env.unwrapped.metrics()
    assert metrics["invalid_total"] == 0
    assert metrics["steps"] <= config["max_steps"]
    assert 0.0 <= metrics["task_completion"] <= 1.0
    if metrics["winner"] == "crewmate":
        assert metrics["win_reason"] in ("ejections", "tasks")
    if not config["vents"]:
        assert metrics["vents"] == 0
    if not config["sabotage"]:
        assert sum(metrics["sabotages"].values()) == 0
    kinds = {e["kind"] for e in env.unwrapped.transcript()}
    assert not kinds & {"votes_revealed" if not config["reveal_ballots"] else "vote_counts"}
    assert bool(metrics["suspicions"]) <= config["suspicion_survey"]
