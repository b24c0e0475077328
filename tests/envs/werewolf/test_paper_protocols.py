"""The papers' protocols, item by item, against the engine: ``arena8`` plays google/werewolf_arena
(``werewolf/game.py``, ``model.py``, ``config.py``) and ``lspo7`` the game of Xu et al. 2023,
Appendix A, that LSPO (Xu et al. 2025) plays.

Each protocol item is one row of a table: its config values (what the preset resolves to) and a
check that drives the rules with typed actions on fixed seats and asserts what the item says:
who may bid, who picks the kill, what a ballot shows and to whom, who speaks when.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest

from parlour.core.actions import ActionSpec
from parlour.envs.werewolf.config import PAPER_DAY_CAP, WerewolfConfig
from parlour.envs.werewolf.model import (
    BallotCast,
    Bid,
    Floor,
    Inspect,
    Inspection,
    Kill,
    NoExile,
    Phase,
    Protect,
    SecretBid,
    Sleep,
    Speak,
    Speech,
    StrawVote,
    Vote,
    VotesRevealed,
    VoteStart,
    WolfPick,
    WolfProposal,
)
from parlour.envs.werewolf.rules import WerewolfRules
from parlour.envs.werewolf.text import WerewolfText

# wolves 0 and 1, seer 2, doctor 3, villagers from 4 on
ARENA8 = ("werewolf", "werewolf", "seer", "doctor") + ("villager",) * 4
LSPO7 = ("werewolf", "werewolf", "seer", "doctor") + ("villager",) * 3
WOLVES = {"player_0", "player_1"}
TEXT = WerewolfText()


def rules_of(preset: str, seed: int = 0, **options) -> WerewolfRules:
    seats = ARENA8 if preset == "arena8" else LSPO7
    config = WerewolfConfig(preset=preset, seat_roles=seats, **options)
    return WerewolfRules(config, np.random.default_rng(seed))


def act(rules: WerewolfRules, agent: str, action) -> None:
    """One action, which the seat must be asked for and offered."""
    assert agent in rules.acting(), (agent, rules.phase, rules.acting())
    assert rules.legal(agent).offers(action), (agent, action, rules.legal(agent))
    rules.apply(agent, action)
    rules.check_invariants()


def night(rules, kill="player_7", protect="player_3", inspect=None, decide=None) -> None:
    """One night: the pack's chooser names ``kill`` (a decider ``decide``, else the same); the
    doctor protects ``protect`` (themself by default); the seer inspects ``inspect``, else the
    first player offered."""
    tonight = rules.day
    while rules.phase is Phase.NIGHT and rules.day == tonight:
        for agent in list(rules.acting()):
            action = {
                Phase.WOLF_VOTE: Kill(kill),
                Phase.WOLF_DECIDE: Kill(decide or kill),
                Phase.DOCTOR: Protect(protect),
                Phase.SEER: Inspect(inspect) if inspect else None,
            }.get(rules.task(agent), Sleep())
            act(rules, agent, action or rules.legal(agent).choices[0])


def answer_all(rules, choose: Callable[[str], object]) -> None:
    """One simultaneous turn: every seat asked answers ``choose(seat)``."""
    for agent in list(rules.acting()):
        act(rules, agent, choose(agent))


def arena_turn(rules, bids=None, text="hello", straw=None) -> str:
    """A bidding turn (bids default 0), the speech, and the straw poll after it (``straw``:
    voter -> target, default each voter's first option). Returns the speaker."""
    assert rules.phase is Phase.BID
    answer_all(rules, lambda a: Bid((bids or {}).get(a, 0)))
    speaker = rules.acting()[0]
    act(rules, speaker, Speak(text))
    if rules.phase is Phase.VOTE and rules.straw_poll:
        answer_all(rules, lambda a: Vote((straw or {}).get(a) or rules.legal(a).choices[0].target))
    return speaker


def prompt(rules, agent: str) -> str:
    """The last lines of ``agent``'s observation, as the env writes them."""
    acting = agent in rules.acting()
    spec = ActionSpec.build(rules.legal(agent), TEXT.format_action) if acting else None
    return TEXT.render_prompt(rules, agent, spec)


def events_of(rules, payload_type) -> list:
    return [e for e in rules.events if isinstance(e.data, payload_type)]


# -- the config table: what each preset resolves to -------------------------------------------
PROTOCOL_TABLE = [
    # option, arena8 (werewolf_arena), lspo7 (Xu et al. 2023)
    ("wolf_kill", "one_random", "propose_decide"),
    ("wolf_chat_rounds", 0, 0),
    ("doctor_self_protect", True, True),
    ("doctor_repeat", True, True),
    ("seer_reveals", "role", "team"),
    ("seer_recheck", False, True),
    ("reveal_on_death", "none", "none"),
    ("last_words", False, False),
    ("discussion", "bidding", "round_robin"),
    ("speaking_order", "random", "seat"),
    ("discussion_rounds", 2, 1),
    ("bidding_turns", 8, 8),
    ("last_speaker_bids", False, True),
    ("mention_weight", 2, 1),
    ("bids_shown", False, True),
    ("straw_polls", True, False),
    ("vote", "secret", "secret"),
    ("vote_abstain", False, True),
    ("vote_reveal", "outcome", "ballots"),
    ("exile", "majority", "plurality"),
    ("vote_tie", "none", "random"),
    ("max_days", PAPER_DAY_CAP, PAPER_DAY_CAP),
]


@pytest.mark.parametrize(
    ("option", "arena", "lspo"), PROTOCOL_TABLE, ids=[r[0] for r in PROTOCOL_TABLE]
)
def test_each_preset_resolves_the_papers_value(option, arena, lspo):
    for preset, expected in (("arena8", arena), ("lspo7", lspo)):
        assert getattr(WerewolfConfig(preset=preset), option) == expected, preset
    overridden = WerewolfConfig(preset="arena8", protocol="lspo")
    assert getattr(overridden, option) == lspo  # a protocol goes with any roles


def test_an_option_given_overrides_its_protocol_and_old_games_stay_reachable():
    assert WerewolfConfig(preset="arena8", doctor_repeat=False).doctor_repeat is False
    classic = WerewolfConfig(preset="arena8", protocol="classic")
    assert (classic.wolf_kill, classic.discussion, classic.max_days) == ("vote", "round_robin", 10)


# -- arena8: google/werewolf_arena ----------------------------------------------------------
def _one_random_wolf_picks():
    pickers = Counter()
    for seed in range(12):
        rules = rules_of("arena8", seed)
        assert rules.phase is Phase.NIGHT and rules.night_turn is Phase.WOLF_VOTE  # no wolf chat
        choosers = [a for a in rules.acting() if rules.task(a) is Phase.WOLF_VOTE]
        assert len(choosers) == 1 and choosers[0] in WOLVES
        pickers[choosers[0]] += 1
        assert "you were drawn to pick" in prompt(rules, choosers[0])
        night(rules, kill="player_6", protect="player_4")
        (pick,) = events_of(rules, WolfPick)
        assert pick.visible_to == WOLVES and pick.data.victim == "player_6"
        assert not rules.is_alive("player_6")
    assert set(pickers) == WOLVES  # drawn, not fixed


def _an_invalid_pick_kills_a_random_prey():
    rules = rules_of("arena8", 1)
    chooser = next(a for a in rules.acting() if rules.task(a) is Phase.WOLF_VOTE)
    assert Kill(None) not in rules.legal(chooser).choices  # no "no kill" choice
    night(rules, kill=None, protect="player_4")
    (pick,) = events_of(rules, WolfPick)
    assert pick.data.defaulted and pick.data.victim not in WOLVES
    assert not rules.is_alive(pick.data.victim)


def _doctor_protects_self_and_twice_running():
    rules = rules_of("arena8")
    assert rules.task("player_3") is Phase.DOCTOR
    assert Protect("player_3") in rules.legal("player_3").choices
    night(rules, kill="player_3", protect="player_3")  # the doctor saves themself
    assert rules.is_alive("player_3")
    _arena_day(rules, exile=None)
    night(rules, kill="player_3", protect="player_3")  # the same player the next night
    assert rules.is_alive("player_3")


def _seer_sees_the_role_and_never_rechecks():
    rules = rules_of("arena8")
    night(rules, inspect="player_0")
    (seen,) = events_of(rules, Inspection)
    assert seen.data.role.value == "werewolf" and seen.visible_to == {"player_2"}
    _arena_day(rules, exile=None)
    assert rules.night_turn is Phase.WOLF_VOTE  # no chat turns: the decisions come first
    assert Inspect("player_0") not in rules.legal("player_2").choices
    assert Inspect("player_4") in rules.legal("player_2").choices


def _a_seer_with_nobody_left_sleeps_and_is_told_why():
    seats = ("werewolf", "seer", "doctor", "villager", "villager")
    config = WerewolfConfig(preset="arena8", roles=seats, seat_roles=seats)
    rules = WerewolfRules(config, np.random.default_rng(0))
    for target in ("player_0", "player_2", "player_3", "player_4"):  # the doctor saves player_3
        assert Inspect(target) in rules.legal("player_1").choices
        night(rules, kill="player_3", protect="player_3", inspect=target)
        _arena_day(rules, exile=None)
        assert len(rules.living) == 5
    assert rules.task("player_1") is Phase.NIGHT  # nothing left to inspect: the seer sleeps
    assert "inspected every other living player" in prompt(rules, "player_1")


def _eight_turns_to_the_top_bid_not_the_last_speaker():
    rules = rules_of("arena8")
    night(rules, kill="player_7")
    living = list(rules.living)
    assert rules.bidders() == living  # the day's first turn: everyone bids
    first = arena_turn(rules, bids={"player_5": 3, "player_6": 1})
    assert first == "player_5"
    assert rules.bidders() == [p for p in living if p != "player_5"]
    waiting = prompt(rules, "player_5")
    assert "you cannot bid now: you spoke last" in waiting
    assert arena_turn(rules, bids={"player_4": 4, "player_6": 2}) == "player_4"
    for _ in range(6):
        arena_turn(rules)
    speeches = events_of(rules, Speech)
    assert len(speeches) == 8 and rules.phase is Phase.VOTE and not rules.straw_poll
    assert all(a.data.player != b.data.player for a, b in itertools.pairwise(speeches))


def _named_in_the_last_speech_counts_twice_in_a_tie():
    wins = Counter()
    for seed in range(300):
        rules = rules_of("arena8", seed)
        night(rules, kill="player_7")
        arena_turn(rules, bids={"player_4": 4}, text="I suspect PLAYER_5, not player_50.")
        answer_all(rules, lambda a: Bid(0))  # all tied at 0: six bidders, player_5 named
        wins[next(e for e in reversed(rules.events) if isinstance(e.data, Floor)).data.speaker] += 1
    # player_5: weight 2 of 7, each other bidder 1 of 7 (4 standard deviations apart)
    assert wins["player_5"] > 1.6 * max(n for p, n in wins.items() if p != "player_5")
    assert abs(wins["player_5"] / 300 - 2 / 7) < 0.08


def _one_public_draw_a_bidding_turn_tie_or_not():
    states = []
    for bids in ({"player_4": 2, "player_5": 2}, {"player_4": 3, "player_5": 2}):
        rules = rules_of("arena8", 4)
        night(rules, kill="player_7")
        answer_all(rules, lambda a, b=bids: Bid(b.get(a, 0)))
        states.append(rules.rng.bit_generator.state["state"])
    assert states[0] == states[1]  # a hidden tie never shifts the public stream


def _bids_are_never_shown_to_another_seat():
    rules = rules_of("arena8")
    night(rules, kill="player_7")
    arena_turn(rules, bids={"player_4": 3, "player_6": 1})
    secret = events_of(rules, SecretBid)
    assert len(secret) == 7 and all(e.visible_to == {e.data.player} for e in secret)
    (floor,) = events_of(rules, Floor)
    assert floor.public and (floor.data.speaker, floor.data.turn, floor.data.turns) == (
        "player_4",
        1,
        8,
    )
    assert "bids stay secret" in TEXT.render_header(rules, "player_4")


def _straw_polls_then_one_vote_that_exiles():
    rules = rules_of("arena8")
    night(rules, kill="player_7")
    everyone_on_4 = dict.fromkeys(rules.living, "player_4") | {"player_4": "player_5"}
    for _ in range(7):
        arena_turn(rules, straw=everyone_on_4)
        assert rules.is_alive("player_4")  # a straw poll exiles nobody
    assert len(events_of(rules, VoteStart)) == 7
    straw = events_of(rules, StrawVote)
    assert len(straw) == 7 * 7 and all(e.visible_to == {e.data.player} for e in straw)
    arena_turn(rules)  # the 8th speech: then the vote that counts
    assert rules.phase is Phase.VOTE and not rules.straw_poll
    answer_all(rules, lambda a: Vote("player_6" if a != "player_6" else "player_5"))
    assert not rules.is_alive("player_6") and rules.is_alive("player_4")


def _more_than_half_of_the_living_no_abstain():
    for votes_for_6, exiled in ((4, True), (3, False)):  # 7 living: 4 is more than half
        rules = rules_of("arena8")
        night(rules, kill="player_7")
        _arena_day(rules, exile=None, vote=False)
        voter = rules.acting()[0]
        assert Vote(None) not in rules.legal(voter).choices
        assert "(you must name one)" in prompt(rules, voter)
        order = [a for a in rules.acting() if a != "player_6"]
        on_6 = set(order[:votes_for_6])
        answer_all(rules, lambda a, s=on_6: Vote("player_6" if a in s else _elsewhere(a)))
        assert rules.is_alive("player_6") is not exiled


def _elsewhere(agent: str) -> str:
    """A ballot for neither ``player_6`` nor the voter."""
    return "player_4" if agent != "player_4" else "player_5"


def _ballots_are_never_shown_only_the_outcome():
    rules = rules_of("arena8")
    night(rules, kill="player_7")
    _arena_day(rules, exile=None)  # votes split: no majority
    ballots = events_of(rules, BallotCast)
    assert ballots and all(e.visible_to == {e.data.player} for e in ballots)
    assert not events_of(rules, VotesRevealed)
    (none,) = events_of(rules, NoExile)
    assert none.public and none.data.tied == ()  # not even who led


def _no_day_cap_but_an_engine_limit_out_of_reach():
    config = WerewolfConfig(preset="arena8")
    assert config.max_days == PAPER_DAY_CAP == 30
    assert "after day 30" in TEXT.render_header(rules_of("arena8"), "player_4")


def _arena_day(rules, exile=None, vote=True) -> None:
    """Eight bidding turns with straw polls, then (``vote``) the exile vote: everyone on
    ``exile``, or (None) the ballots split so nobody has a majority."""
    for _ in range(8):
        arena_turn(rules)
    if not vote:
        return
    living = list(rules.living)

    def ballot(agent):
        if exile is not None and agent != exile:
            return Vote(exile)
        others = [p for p in living if p != agent]
        return Vote(others[living.index(agent) % len(others)])

    answer_all(rules, ballot)


ARENA8_ITEMS = {
    "one random living wolf picks the kill": _one_random_wolf_picks,
    "an invalid pick kills a random prey": _an_invalid_pick_kills_a_random_prey,
    "the doctor protects self and twice running": _doctor_protects_self_and_twice_running,
    "the seer sees the role, never re-checks": _seer_sees_the_role_and_never_rechecks,
    "a seer with nobody left sleeps": _a_seer_with_nobody_left_sleeps_and_is_told_why,
    "8 turns to the top bid, not the last one": _eight_turns_to_the_top_bid_not_the_last_speaker,
    "named in the last speech: double weight": _named_in_the_last_speech_counts_twice_in_a_tie,
    "one public draw a bidding turn": _one_public_draw_a_bidding_turn_tie_or_not,
    "bids never shown": _bids_are_never_shown_to_another_seat,
    "a straw poll after every speech": _straw_polls_then_one_vote_that_exiles,
    "majority of the living, no abstain": _more_than_half_of_the_living_no_abstain,
    "ballots never shown": _ballots_are_never_shown_only_the_outcome,
    "no day cap": _no_day_cap_but_an_engine_limit_out_of_reach,
}


@pytest.mark.parametrize("item", list(ARENA8_ITEMS))
def test_arena8_protocol(item):
    ARENA8_ITEMS[item]()


# -- lspo7: Xu et al. 2023, Appendix A -------------------------------------------------------
def night_turn(rules, tasks: dict) -> None:
    """One night turn: a seat with a task in ``tasks`` does that, everyone else sleeps."""
    answer_all(rules, lambda a: tasks.get(rules.task(a), Sleep()))


PROPOSE_5 = {
    Phase.WOLF_VOTE: Kill("player_5"),
    Phase.DOCTOR: Protect("player_4"),
    Phase.SEER: Inspect("player_3"),
}


def _the_lower_wolf_proposes_and_the_other_decides():
    rules = rules_of("lspo7")
    assert rules.task("player_0") is Phase.WOLF_VOTE and rules.task("player_1") is Phase.NIGHT
    assert "player_1 decides" in prompt(rules, "player_0")
    night_turn(rules, PROPOSE_5)
    (proposal,) = events_of(rules, WolfProposal)
    assert proposal.visible_to == WOLVES and proposal.data.target == "player_5"
    assert rules.night_turn is Phase.WOLF_DECIDE and rules.task("player_1") is Phase.WOLF_DECIDE
    assert "player_0 proposes to kill player_5" in prompt(rules, "player_1")
    night_turn(rules, {Phase.WOLF_DECIDE: Kill("player_6")})
    (pick,) = events_of(rules, WolfPick)
    assert (pick.data.player, pick.data.victim) == ("player_1", "player_6")
    assert not rules.is_alive("player_6") and rules.is_alive("player_5")


def _an_invalid_decision_follows_the_proposal():
    rules = rules_of("lspo7")
    night_turn(rules, PROPOSE_5)
    night_turn(rules, {Phase.WOLF_DECIDE: Kill(None)})  # the default of an invalid answer
    (pick,) = events_of(rules, WolfPick)
    assert pick.data.defaulted and pick.data.victim == "player_5"
    assert not rules.is_alive("player_5")


def _a_lone_wolf_decides_alone_in_the_same_turns():
    rules = rules_of("lspo7")
    night(rules, kill="player_6")
    _lspo_day(rules, dict.fromkeys(rules.living, "player_0") | {"player_0": None})
    assert not rules.is_alive("player_0")
    assert rules.task("player_1") is Phase.WOLF_VOTE and rules.decider is None
    assert "only werewolf alive" in prompt(rules, "player_1")
    night_turn(rules, PROPOSE_5)
    assert rules.night_turn is Phase.WOLF_DECIDE  # the decide turn still comes...
    assert set(rules.acting()) == set(rules.living)
    assert all(rules.task(a) is Phase.NIGHT for a in rules.living)  # ...and everyone sleeps
    night_turn(rules, {})
    assert events_of(rules, WolfPick)[-1].data.player == "player_1"
    assert not rules.is_alive("player_5")


def _seer_learns_wolf_or_not_and_rechecks():
    rules = rules_of("lspo7")
    night(rules, kill="player_6", inspect="player_1")
    (seen,) = events_of(rules, Inspection)
    assert seen.data.role is None and seen.data.team.value == "werewolves"
    _lspo_day(rules, {})
    assert Inspect("player_1") in rules.legal("player_2").choices


def _each_living_player_speaks_once_in_seat_order():
    for seed in range(3):
        rules = rules_of("lspo7", seed)
        night(rules, kill="player_4")
        _lspo_day(rules, {})
        speakers = [e.data.player for e in events_of(rules, Speech)]
        assert speakers == ["player_0", "player_1", "player_2", "player_3", "player_5", "player_6"]
        assert not events_of(rules, StrawVote)  # no straw polls, no bidding


def _one_or_none_most_votes_ballots_public():
    rules = rules_of("lspo7")
    night(rules, kill="player_4")
    _lspo_day(rules, {"player_0": "player_5", "player_1": "player_5", "player_2": "player_0"})
    (shown,) = events_of(rules, VotesRevealed)
    assert shown.public and shown.data.ballots["player_2"] == "player_0"
    assert shown.data.ballots["player_3"] is None  # abstained, and everyone sees it
    assert not rules.is_alive("player_5")  # 2 votes against 1: plurality


def _ties_are_broken_at_random_by_the_seed():
    exiled = Counter()
    for seed in range(16):
        rules = rules_of("lspo7", seed)
        night(rules, kill="player_4")
        _lspo_day(rules, {"player_0": "player_5", "player_1": "player_6"})
        gone = [p for p in ("player_5", "player_6") if not rules.is_alive(p)]
        assert len(gone) == 1
        exiled[gone[0]] += 1
    assert set(exiled) == {"player_5", "player_6"}


def _nobody_goes_when_everyone_abstains():
    rules = rules_of("lspo7")
    night(rules, kill="player_4")
    _lspo_day(rules, {})
    assert events_of(rules, NoExile)[-1].data.reason.value == "no votes"


def _lspo_day(rules, ballots: dict[str, str]) -> None:
    while rules.phase is Phase.DISCUSSION:
        act(rules, rules.acting()[0], Speak("hello"))
    answer_all(rules, lambda a: Vote(ballots.get(a)))


LSPO7_ITEMS = {
    "the lower wolf proposes, the other decides": _the_lower_wolf_proposes_and_the_other_decides,
    "an invalid decision follows the proposal": _an_invalid_decision_follows_the_proposal,
    "a lone wolf decides alone, same turns": _a_lone_wolf_decides_alone_in_the_same_turns,
    "the seer learns werewolf or not, may re-check": _seer_learns_wolf_or_not_and_rechecks,
    "each living player speaks once, seat order": _each_living_player_speaks_once_in_seat_order,
    "one or none, most votes out, ballots public": _one_or_none_most_votes_ballots_public,
    "ties broken at random": _ties_are_broken_at_random_by_the_seed,
    "all abstain: nobody goes": _nobody_goes_when_everyone_abstains,
}


@pytest.mark.parametrize("item", list(LSPO7_ITEMS))
def test_lspo7_protocol(item):
    LSPO7_ITEMS[item]()
