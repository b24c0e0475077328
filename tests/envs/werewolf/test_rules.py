"""Werewolf rules: driven with typed actions on fixed seats."""

from __future__ import annotations

import numpy as np
import pytest

import parlour
from parlour.core.ballots import Outcome
from parlour.core.errors import ConfigError, IllegalAction
from parlour.envs.werewolf.config import PRESETS, WerewolfConfig
from parlour.envs.werewolf.model import (
    BallotCast,
    Bid,
    Bids,
    Dawn,
    Exiled,
    Heal,
    HunterShot,
    Inspect,
    Inspection,
    Kill,
    NoExile,
    Pass,
    Phase,
    Poison,
    Protect,
    Role,
    Shoot,
    Sleep,
    Speak,
    Vote,
    VoteStart,
    WitchNews,
    WolfBallot,
)
from parlour.envs.werewolf.rules import WerewolfRules
from parlour.envs.werewolf.text import WerewolfText, claimed_roles, role_phrase

# arena8 on fixed seats: wolves 0 and 1, seer 2, doctor 3, villagers 4-7
ARENA8 = ("werewolf", "werewolf", "seer", "doctor", "villager", "villager", "villager", "villager")
# classic9 on fixed seats: wolves 0-2, seer 3, witch 4, hunter 5, villagers 6-8
CLASSIC9 = (
    "werewolf",
    "werewolf",
    "werewolf",
    "seer",
    "witch",
    "hunter",
    "villager",
    "villager",
    "villager",
)

TEXT = WerewolfText()


def new_rules(seats=ARENA8, seed=0, roles=None, **options):
    """Rules on fixed seats (``seats=None``: seeded seats of ``roles``, else of arena8), playing
    Parlour's own protocol unless ``options`` name another (the papers' protocols have their
    table-driven tests in ``test_paper_protocols.py``)."""
    roles = roles or (seats if seats is not None else ARENA8)
    options = {"protocol": "classic", "wolf_chat_rounds": 0, **options}
    config = WerewolfConfig(roles=roles, seat_roles=seats, **options)
    return WerewolfRules(config, np.random.default_rng(seed))


def act(rules, agent, action):
    assert agent in rules.acting(), (agent, rules.phase, rules.acting())
    rules.apply(agent, action)
    rules.check_invariants()


def night(rules, kill, protect=None, inspect=None, witch=None):
    """Play one night: every living wolf votes ``kill``; other night roles as given; everyone
    else (and everyone in a turn that is not theirs) sleeps."""
    tonight = rules.day
    while rules.phase is Phase.NIGHT and rules.day == tonight:
        for agent in list(rules.acting()):  # one night turn: every living player answers
            task = rules.task(agent)
            actions = {
                Phase.WOLF_CHAT: Speak("let us go"),
                Phase.WOLF_VOTE: Kill(kill),
                Phase.DOCTOR: Protect(protect),
                Phase.SEER: Inspect(inspect),
                Phase.WITCH: witch or Pass(),
            }
            act(rules, agent, actions.get(task, Sleep()))


def sleep_others(rules):
    """The sleepers of the current night turn answer ``[sleep]``."""
    for agent in list(rules.acting()):
        if rules.task(agent) is Phase.NIGHT:
            act(rules, agent, Sleep())


def talk(rules):
    while rules.phase is Phase.DISCUSSION:
        act(rules, rules.acting()[0], Speak("hello"))


def vote(rules, ballots, default=None):
    """Everyone alive votes ``ballots.get(voter, default)``."""
    talk(rules)
    assert rules.phase is Phase.VOTE
    for _ in range(len(rules.living)):  # one ballot each: a run-off is a second call
        voter = rules.acting()[0]
        target = ballots.get(voter, default)
        act(rules, voter, Vote(None if target == voter else target))


def last_event(rules, kind):
    return [e for e in rules.events if e.kind == kind][-1]


# -- config -----------------------------------------------------------------------------------
def test_presets_have_the_published_role_counts():
    assert WerewolfConfig().role_counts() == {
        Role.WEREWOLF: 2,
        Role.VILLAGER: 4,
        Role.SEER: 1,
        Role.DOCTOR: 1,
    }
    assert WerewolfConfig(preset="lspo7").num_players == 7
    classic = WerewolfConfig(preset="classic9").role_counts()
    assert classic[Role.WEREWOLF] == 3 and classic[Role.WITCH] == classic[Role.HUNTER] == 1
    assert set(PRESETS) == {"arena8", "lspo7", "classic9"}


@pytest.mark.parametrize(
    "options, message",
    [
        ({"preset": "nope"}, "preset must be one of"),
        ({"roles": ("werewolf", "villager", "villager")}, "4-16 players"),
        ({"roles": ("werewolf", "werewolf", "villager", "seer")}, "fewer werewolves"),
        ({"roles": ("villager",) * 5}, "at least one werewolf"),
        ({"roles": ("werewolf", "wizard", "villager", "villager")}, "roles must be"),
        ({"seat_roles": ("villager",) * 8}, "seat_roles must reorder"),
        ({"discussion": "shouting"}, "discussion"),
        ({"max_days": 0}, "max_days must be"),
        ({"seer_reveals": "none"}, "seer_reveals"),
    ],
)
def test_bad_config_is_refused_clearly(options, message):
    with pytest.raises(ConfigError, match=message):
        WerewolfConfig(**options)


def test_seats_are_drawn_from_the_seed_and_can_be_fixed():
    drawn = [tuple(r.value for r in new_rules(seats=None, seed=s).roles.values()) for s in range(6)]
    assert len(set(drawn)) > 1
    assert all(sorted(d) == sorted(ARENA8) for d in drawn)
    assert tuple(r.value for r in new_rules(seed=3).roles.values()) == ARENA8


# -- knowledge ----------------------------------------------------------------------------------
def test_wolves_know_each_other_and_nobody_else_knows_a_role():
    rules = new_rules()
    wolf_card = TEXT.render_header(rules, "player_0")
    assert role_phrase("player_1", Role.WEREWOLF) in wolf_card
    for viewer in ("player_2", "player_3", "player_4"):
        card = TEXT.render_header(rules, viewer)
        others = [p for p in rules.players if p != viewer]
        assert not any(role_phrase(p, rules.roles[p]) in card for p in others)


def test_the_seer_alone_learns_an_inspection():
    rules = new_rules()
    night(rules, kill="player_4", inspect="player_1")
    inspection = last_event(rules, Inspection.kind)
    assert inspection.visible_to == frozenset({"player_2"})
    assert inspection.data.role == "werewolf"
    line = TEXT.render_private(inspection, "player_2")
    assert role_phrase("player_1", Role.WEREWOLF) in line


def test_seer_reveal_by_team_names_no_role():
    rules = new_rules(seer_reveals="team")
    night(rules, kill="player_4", inspect="player_3")
    line = TEXT.render_private(last_event(rules, Inspection.kind), "player_2")
    assert "village's side" in line and "doctor" not in line


def test_night_tasks_are_told_only_to_the_seat_that_has_them():
    env = parlour.make_parallel("werewolf_v0", seat_roles=ARENA8, protocol="classic")
    _, infos = env.reset(seed=0)
    rules = env.unwrapped.match.rules
    assert all(info["acting"] and info["phase"] == "night" for info in infos.values())
    (speaker,) = [p for p in rules.players if rules.task(p) is Phase.WOLF_CHAT]
    assert speaker in ("player_0", "player_1")  # a chat turn: one wolf speaks, everyone answers
    prompts = {agent: env.unwrapped.match.prompt(agent) for agent in infos}
    assert "talk with the pack" in prompts[speaker]
    for agent, info in infos.items():
        if agent != speaker:
            assert info["legal_actions"] == ["[sleep]"]
            assert "nothing to do this turn" in prompts[agent] and "pack" not in prompts[agent]


# -- night --------------------------------------------------------------------------------------
def test_the_doctors_save_keeps_the_target_alive_and_unannounced():
    rules = new_rules()
    night(rules, kill="player_5", protect="player_5")
    assert rules.is_alive("player_5")
    dawn = last_event(rules, Dawn.kind)
    assert dawn.data.deaths == ()
    assert "Nobody died" in TEXT.render_public(dawn)
    talk(rules)
    legal = rules.legal(rules.acting()[0])
    assert Vote("player_5") in legal.choices or rules.acting()[0] == "player_5"
    assert "player_5" in last_event(rules, VoteStart.kind).data.candidates
    assert rules.metrics()["doctor"] == {"protections": 1, "saves": 1}


def test_the_doctor_cannot_repeat_a_protection_unless_allowed():
    rules = new_rules()
    night(rules, kill="player_5", protect="player_4")
    vote(rules, {}, default=None)  # all abstain: nobody is exiled
    for wolf in ("player_0", "player_1"):
        act(rules, wolf, Kill("player_6"))
    assert Protect("player_4") not in rules.legal("player_3").choices
    repeat = new_rules(doctor_repeat=True, doctor_self_protect=False)
    night(repeat, kill="player_5", protect="player_4")
    vote(repeat, {}, default=None)
    for wolf in ("player_0", "player_1"):
        act(repeat, wolf, Kill("player_6"))
    choices = repeat.legal("player_3").choices
    assert Protect("player_4") in choices and Protect("player_3") not in choices


def _tied_wolves(rules):
    act(rules, "player_0", Kill("player_4"))
    act(rules, "player_1", Kill("player_5"))
    act(rules, "player_2", Inspect(None))
    act(rules, "player_3", Protect(None))
    sleep_others(rules)


def test_wolf_ties_kill_a_seeded_random_one_or_nobody():
    victims = set()
    for seed in range(12):
        rules = new_rules(seed=seed)
        _tied_wolves(rules)
        victims.add(rules.victim)
    assert victims == {"player_4", "player_5"}
    rules = new_rules(wolf_tie="no_kill")
    _tied_wolves(rules)
    assert rules.victim is None


def decide(rules, kill, inspect=None):
    """Play the night's decisions turn (the first, without wolf chat): the wolves vote ``kill``,
    the seer inspects, the doctor protects nobody, everyone else sleeps."""
    tasks = {Phase.WOLF_VOTE: Kill(kill), Phase.SEER: Inspect(inspect), Phase.DOCTOR: Protect(None)}
    for agent in list(rules.acting()):
        act(rules, agent, tasks.get(rules.task(agent), Sleep()))


def test_witch_potions_are_single_use_and_one_per_night():
    rules = new_rules(seats=CLASSIC9)
    decide(rules, "player_6", inspect="player_0")
    assert rules.task("player_4") is Phase.WITCH and rules.acting() == rules.living
    news = last_event(rules, WitchNews.kind)
    assert news.visible_to == frozenset({"player_4"}) and news.data.victim == "player_6"
    assert Heal() in rules.legal("player_4").choices
    act(rules, "player_4", Heal())
    sleep_others(rules)
    assert rules.is_alive("player_6")
    vote(rules, {}, default=None)
    decide(rules, "player_7", inspect="player_1")
    choices = rules.legal("player_4").choices
    assert Heal() not in choices and Poison("player_0") in choices
    act(rules, "player_4", Poison("player_0"))
    sleep_others(rules)
    assert not rules.is_alive("player_0") and not rules.is_alive("player_7")
    vote(rules, {}, default=None)
    news_so_far = len([e for e in rules.events if e.kind == WitchNews.kind])
    decide(rules, "player_8")
    # both potions spent: the witch sleeps through her turn, which the night still has
    assert rules.phase is Phase.NIGHT and rules.acting() == rules.living
    assert rules.task("player_4") is Phase.NIGHT
    assert len([e for e in rules.events if e.kind == WitchNews.kind]) == news_so_far
    assert rules.metrics()["witch"] == {"heals": 1, "saves": 1, "poisons": 1, "poisoned_wolves": 1}


def test_the_witch_cannot_heal_herself_unless_allowed():
    rules = new_rules(seats=CLASSIC9)
    decide(rules, "player_4")
    assert Heal() not in rules.legal("player_4").choices
    rules = new_rules(seats=CLASSIC9, witch_self_heal=True)
    decide(rules, "player_4")
    assert Heal() in rules.legal("player_4").choices


# -- hunter -------------------------------------------------------------------------------------
def test_a_hunter_killed_by_wolves_shoots():
    rules = new_rules(seats=CLASSIC9)
    night(rules, kill="player_5")
    assert rules.phase is Phase.HUNTER and rules.acting() == ["player_5"]
    act(rules, "player_5", Shoot("player_0"))
    assert not rules.is_alive("player_0")
    shot = last_event(rules, HunterShot.kind)
    assert shot.visible_to == "all"
    assert role_phrase("player_5", Role.HUNTER) in TEXT.render_public(shot)
    assert rules.phase is Phase.DISCUSSION


def test_a_poisoned_hunter_does_not_shoot():
    rules = new_rules(seats=CLASSIC9)
    night(rules, kill="player_6", witch=Poison("player_5"))
    assert not rules.is_alive("player_5") and not rules.is_alive("player_6")
    assert rules.phase is Phase.DISCUSSION
    assert not [e for e in rules.events if e.kind == HunterShot.kind]


def test_the_hunters_card_names_the_poison_only_where_a_witch_plays():
    """The card agrees with the rules summary and the rules: a wolves' victim the witch also
    poisons does not shoot (above), so the hunter's card says so where a witch is in play."""
    with_witch = new_rules(seats=CLASSIC9)
    card = TEXT.render_header(with_witch, "player_5").split("## Your card")[1]
    assert "(not when the witch's poison kills you)" in card
    assert "(not if poisoned)" in TEXT.render_header(with_witch, "player_5")
    no_witch = ("werewolf", "villager", "villager", "seer", "hunter")
    rules = new_rules(seats=no_witch)
    card = TEXT.render_header(rules, "player_4").split("## Your card")[1]
    assert "hunter" in card and "poison" not in card


def test_an_exiled_hunter_shoots_and_may_hold_fire():
    rules = new_rules(seats=CLASSIC9)
    night(rules, kill="player_6")
    vote(rules, {}, default="player_5")
    assert rules.phase is Phase.HUNTER
    act(rules, "player_5", Shoot(None))
    assert rules.phase is Phase.NIGHT and len(rules.living) == 7


# -- day ----------------------------------------------------------------------------------------
def test_secret_ballots_are_private_until_revealed():
    rules = new_rules()
    night(rules, kill="player_7")
    talk(rules)
    act(rules, rules.acting()[0], Vote("player_4"))
    ballot = last_event(rules, BallotCast.kind)
    assert ballot.visible_to == frozenset({ballot.data.player})


def test_plurality_exiles_and_ties_follow_the_configured_rule():
    rules = new_rules()
    night(rules, kill="player_7")
    vote(rules, {"player_0": "player_4"}, default="player_0")
    assert not rules.is_alive("player_0")
    assert last_event(rules, Exiled.kind).data.player == "player_0"

    tie = {
        "player_0": "player_4",
        "player_1": "player_4",
        "player_2": "player_0",
        "player_3": "player_0",
        "player_4": "player_5",
        "player_5": "player_6",
        "player_6": "player_5",
    }
    rules = new_rules()
    night(rules, kill="player_7")
    vote(rules, tie)
    assert last_event(rules, NoExile.kind).data == NoExile(
        Outcome.TIE, ("player_0", "player_4", "player_5")
    )
    exiled = set()
    for seed in range(10):
        rules = new_rules(seed=seed, vote_tie="random")
        night(rules, kill="player_7")
        vote(rules, tie)
        exiled.add(last_event(rules, Exiled.kind).data.player)
    assert len(exiled) > 1 and exiled <= {"player_0", "player_4", "player_5"}


def test_a_runoff_is_between_the_tied_and_a_second_tie_exiles_nobody():
    rules = new_rules(vote_tie="runoff")
    night(rules, kill="player_7")
    vote(
        rules,
        {
            "player_0": "player_4",
            "player_1": "player_4",
            "player_2": "player_0",
            "player_3": "player_0",
        },
    )
    start = last_event(rules, VoteStart.kind)
    assert start.data.runoff and start.data.candidates == ("player_0", "player_4")
    assert Vote("player_5") not in rules.legal("player_2").choices
    vote(
        rules,
        {
            "player_0": "player_4",
            "player_1": "player_4",
            "player_2": "player_0",
            "player_3": "player_0",
        },
    )
    assert last_event(rules, NoExile.kind).data.reason == "tie"
    assert rules.phase is Phase.NIGHT


def test_majority_needs_more_than_half_of_the_ballots():
    rules = new_rules(exile="majority")
    night(rules, kill="player_7")
    vote(rules, {"player_2": "player_0", "player_3": "player_0", "player_4": "player_0"})
    assert last_event(rules, NoExile.kind).data.reason == "no majority"  # 3 of 7
    night(rules, kill="player_6")
    vote(
        rules,
        {
            "player_2": "player_0",
            "player_3": "player_0",
            "player_4": "player_0",
            "player_5": "player_0",
        },
    )
    assert last_event(rules, Exiled.kind).data.player == "player_0"  # 4 of 6


def test_sequential_votes_are_public_in_a_seeded_order():
    rules = new_rules(vote="sequential")
    night(rules, kill="player_7")
    talk(rules)
    order = last_event(rules, VoteStart.kind).data.order
    assert sorted(order) == sorted(rules.living)
    assert rules.acting() == [order[0]]
    act(rules, order[0], Vote(None))
    assert last_event(rules, BallotCast.kind).visible_to == "all"
    assert rules.acting() == [order[1]]


def test_bidding_gives_the_turn_to_the_highest_bid():
    rules = new_rules(discussion="bidding", bidding_turns=2)
    night(rules, kill="player_7")
    assert rules.phase is Phase.BID and rules.acting() == rules.living
    for player in list(rules.acting()):
        act(rules, player, Bid(4 if player == "player_5" else 1))
    assert last_event(rules, Bids.kind).data.speaker == "player_5"
    assert rules.phase is Phase.DISCUSSION and rules.acting() == ["player_5"]
    act(rules, "player_5", Speak("I am the seer."))
    assert rules.phase is Phase.BID
    for player in list(rules.acting()):
        act(rules, player, Bid(0))
    act(rules, rules.acting()[0], Speak("hm"))
    assert rules.phase is Phase.VOTE
    assert rules.metrics()["claims"][0] == {
        "day": 1,
        "player": "player_5",
        "claimed": "seer",
        "role": "villager",
        "true": False,
    }


def test_last_words_follow_deaths_when_enabled():
    rules = new_rules(last_words=True)
    night(rules, kill="player_7")
    assert rules.phase is Phase.LAST_WORDS and rules.acting() == ["player_7"]
    act(rules, "player_7", Speak("avenge me"))
    assert rules.phase is Phase.DISCUSSION


# -- ends -----------------------------------------------------------------------------------------
def test_the_village_wins_when_the_last_wolf_dies_and_rewards_whole_teams():
    rules = new_rules()
    night(rules, kill="player_7")
    vote(rules, {}, default="player_0")
    night(rules, kill="player_6")
    vote(rules, {}, default="player_1")
    assert rules.is_terminal() and rules.winner.value == "village"
    scores = rules.scores()
    assert scores["player_7"] == 1.0 and scores["player_0"] == scores["player_1"] == -1.0
    assert rules.metrics()["survival"]["werewolf"] == 0.0


def test_the_wolves_win_at_parity_checked_at_dawn():
    rules = new_rules(seats=("werewolf", "villager", "villager", "villager"))
    night(rules, kill="player_1")
    vote(rules, {}, default=None)
    night(rules, kill="player_2")
    assert rules.is_terminal() and rules.winner.value == "werewolves"
    assert rules.scores()["player_0"] == 1.0 and rules.scores()["player_3"] == -1.0


def test_the_day_limit_truncates_without_rewards():
    rules = new_rules(max_days=1)
    night(rules, kill="player_7")
    vote(rules, {}, default=None)
    assert rules.is_truncated() and not rules.is_terminal()
    assert set(rules.scores().values()) == {0.0}


def test_claims_are_read_from_speech():
    assert claimed_roles("Honestly, I'm the Seer. And I am a villager") == ["seer", "villager"]
    assert claimed_roles("you are the seer") == []


def test_only_acting_players_act_and_only_what_the_legal_set_offers():
    rules = new_rules()
    with pytest.raises(IllegalAction):
        rules.apply("player_9", Kill("player_5"))  # not a seat that acts now
    assert Kill("player_1") not in rules.legal("player_0").choices  # a fellow wolf is not prey
    assert not any(isinstance(a, Vote) for a in rules.legal("player_0").choices)
    env = parlour.make("werewolf_v0", on_invalid="raise", protocol="classic")
    env.reset(seed=0)
    wolf = next(p for p in env.agents if env.unwrapped.match.rules.roles[p].value == "werewolf")
    while env.agent_selection != wolf:
        env.step(None if env.terminations[env.agent_selection] else "[sleep]")
    with pytest.raises(IllegalAction):
        env.step("[vote player_5]")  # the parser refuses what the legal set does not offer


def test_invalid_text_gets_the_documented_default_through_the_env():
    env = parlour.make("werewolf_v0", seat_roles=ARENA8, protocol="classic", wolf_chat_rounds=0)
    env.reset(seed=0)
    assert env.agent_selection == "player_0"
    env.step("[kill player_1]")  # a wolf may not pick a wolf: no vote
    assert "kill" in env.infos["player_0"]["invalid_action"]
    ballot = next(e for e in env.unwrapped.match.rules.events if e.kind == WolfBallot.kind)
    assert ballot.data.target is None


def test_majority_exile_never_falls_to_a_tie_break():
    rules = new_rules(exile="majority", vote_tie="random")
    night(rules, kill="player_7")
    vote(rules, {"player_0": "player_4", "player_1": "player_5"})
    assert last_event(rules, NoExile.kind).data.reason == "no majority"


def test_roles_with_night_state_play_at_most_once():
    with pytest.raises(ConfigError, match="at most one doctor"):
        WerewolfConfig(roles=("werewolf", "doctor", "doctor", "villager", "villager"))


def test_who_has_voted_in_secret_is_not_shown():
    rules = new_rules()
    night(rules, kill="player_7")
    talk(rules)
    for voter in list(rules.acting())[:-1]:
        act(rules, voter, Vote(None))
    last = rules.acting()[0]
    waiting = TEXT.render_prompt(rules, "player_0", None)
    assert last not in waiting and "Waiting for the others" in waiting
