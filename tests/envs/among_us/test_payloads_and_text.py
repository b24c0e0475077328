"""Among Us's typed event payloads, the text of every kind, the legal sets as values, and the
meeting vote on the shared ballot module."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.core.events import JSON_NAME, Event, payload_json
from parlour.envs.among_us import VARIANTS, roam
from parlour.envs.among_us.model import (
    PAYLOADS,
    Alarm,
    AmongUsConfig,
    BallotCast,
    CallMeeting,
    Deal,
    DoTask,
    Ejection,
    Fix,
    Fixed,
    GameOver,
    Kill,
    Killed,
    Killing,
    Meeting,
    Move,
    NoEjection,
    Phase,
    Report,
    Role,
    Sabotage,
    SabotageKind,
    Speak,
    Speech,
    StepView,
    Suspicion,
    TaskDone,
    Vent,
    Venting,
    Vote,
    VoteCounts,
    VotesRevealed,
    VoteStart,
    Wait,
)
from parlour.envs.among_us.rules import AmongUsRules
from parlour.envs.among_us.text import AmongUsText

TEXT = AmongUsText()
GRID4 = ("impostor", "crewmate", "crewmate", "crewmate")

#: Each kind's JSON keys, in order, as the transcripts have always written them.
KEYS = {
    "deal": ["player", "role", "impostors", "map", "tasks"],
    "step_view": ["step", "room", "players", "tasking", "bodies"],
    "task_done": ["player", "task", "room"],
    "kill": ["killer", "victim", "room", "witnesses"],
    "killed": ["player", "room", "killer"],
    "vent": ["player", "from", "to"],
    "sabotage": ["kind", "timer"],
    "fixed": ["kind", "by"],
    "meeting": ["caller", "reason", "bodies", "order", "living", "task_bar"],
    "speech": ["player", "text"],
    "vote_start": ["candidates"],
    "ballot": ["player", "target"],
    "votes_revealed": ["ballots", "tally", "skips"],
    "vote_counts": ["tally", "skips"],
    "suspicion": ["player", "suspect", "meeting", "round"],
    "ejection": ["player", "role"],
    "no_ejection": ["reason", "tied"],
    "game_over": ["winner", "reason", "roles"],
}


def _games(seeds=range(6)):
    """Random games on the variants, long enough to show every kind of event."""
    sarkar = {**VARIANTS["sarkar"], "emergency_meetings": 1}  # counted votes, the survey
    configs = (
        {},
        {"map": "grid", "num_players": 4},
        {"num_players": 10, "num_impostors": 2},
        sarkar,
    )
    for config in configs:
        for seed in seeds:
            env = parlour.make(
                "among_us_v0", **{**config, "kill_cooldown": 0, "sabotage_cooldown": 0}
            )
            env.reset(seed=seed)
            agents = {a: RandomAgent() for a in env.possible_agents}
            for i, (seat, agent) in enumerate(agents.items()):
                agent.reset(seat, seed=seed * 100 + i)
            for seat in env.agent_iter(3000):
                obs, _, done, cut, info = env.last()
                env.step(None if done or cut else agents[seat].act(obs, info))
            yield env.unwrapped.match.rules


def test_one_frozen_payload_class_per_kind_with_the_old_json_keys():
    assert sorted(p.kind for p in PAYLOADS) == sorted(KEYS)
    for payload in PAYLOADS:
        names = [f.metadata.get(JSON_NAME, f.name) for f in dataclasses.fields(payload)]
        assert names == KEYS[payload.kind], payload.kind
        assert payload.__dataclass_params__.frozen, payload.kind


def test_every_kind_is_logged_and_its_payload_goes_to_json_and_back_unchanged():
    seen: set[str] = set()
    for rules in _games():
        for event in rules.events:
            if event.kind == "invalid_action":
                continue
            assert isinstance(event.data, PAYLOADS) and event.kind == event.data.kind
            data = payload_json(event.data)
            assert json.loads(json.dumps(data)) == data
            fields = dataclasses.fields(event.data)
            assert list(data) == [f.metadata.get(JSON_NAME, f.name) for f in fields]
            with pytest.raises(dataclasses.FrozenInstanceError):
                event.data.__setattr__(dataclasses.fields(event.data)[0].name, None)
            seen.add(event.kind)
    assert seen == set(KEYS)


PUBLIC = [
    (Alarm(SabotageKind.REACTOR, 8), "Moderator: Alarm: reactor meltdown in 8 steps!"),
    (Alarm(SabotageKind.REACTOR, 1), "Moderator: Alarm: reactor meltdown in 1 step!"),
    (Alarm(SabotageKind.LIGHTS, None), "Moderator: Alarm: the lights are out."),
    (
        Fixed(SabotageKind.LIGHTS, ("player_2",)),
        "Moderator: The lights sabotage is over: player_2 fixed it.",
    ),
    (
        Fixed(SabotageKind.REACTOR, ("player_1", "player_4")),
        "Moderator: The reactor sabotage is over: player_1 and player_4 fixed it.",
    ),
    (
        Fixed(SabotageKind.REACTOR, ()),
        "Moderator: The reactor sabotage is over (a meeting was called).",
    ),
    (
        Meeting(
            "player_1",
            "report",
            ("player_3",),
            ("player_2", "player_1"),
            ("player_1", "player_2"),
            0.25,
        ),
        "Moderator: Meeting: player_1 reported the body of player_3. Alive: player_1, player_2."
        " Task bar: 25%. Speaking order: player_2, player_1.",
    ),
    (Speech("player_2", "it was red"), 'player_2 said: "it was red"'),
    (Speech("player_2", None), "Moderator: player_2's message was withheld (invalid)."),
    (
        VoteStart(("player_0", "player_1")),
        "Moderator: Vote: every living player votes to eject another, or skips.",
    ),
    (
        VotesRevealed(
            {"player_0": "player_1", "player_1": None}, {"player_0": 0, "player_1": 1}, 1
        ),
        "Moderator: Ballots: player_0 -> player_1; player_1 -> skip. Skips: 1.",
    ),
    (
        VoteCounts({"player_0": 0, "player_1": 2, "player_2": 1}, 1),
        "Moderator: Votes: player_1 2 votes, player_2 1 vote; skip 1 vote.",
    ),
    (VoteCounts({"player_0": 0}, 3), "Moderator: Votes: none; skip 3 votes."),
    (Ejection("player_3", None), "Moderator: player_3 was ejected."),
    (
        Ejection("player_3", Role.IMPOSTOR),
        "Moderator: player_3 was ejected (player_3 is an impostor).",
    ),
    (NoEjection("tie", ("player_0", "player_1")), "Moderator: Nobody was ejected (tie)."),
    (
        GameOver(Role.CREWMATE, "tasks", {"player_0": Role.IMPOSTOR, "player_1": Role.CREWMATE}),
        "Moderator: Game over: crewmates win (tasks)."
        " Roles: player_0: impostor, player_1: crewmate.",
    ),
]

PRIVATE = [
    (
        StepView(3, "Admin", None, (), ()),
        "player_1",
        "Moderator: Step 3: you are in Admin. It is too dark to see who is here.",
    ),
    (
        StepView(2, "Admin", ("player_0", "player_2"), ("player_2",), ("player_3",)),
        "player_1",
        "Moderator: Step 2: you are in Admin. You see player_0, player_2 (doing a task)."
        " Bodies here: player_3.",
    ),
    (
        StepView(1, "O2", (), (), ()),
        "player_1",
        "Moderator: Step 1: you are in O2. Nobody else is here.",
    ),
    (TaskDone("player_1", "Wires", "Admin"), "player_1", "Moderator: You finished Wires in Admin."),
    (
        Killing("player_0", "player_2", "O2", ("player_1",)),
        "player_0",
        "Moderator: You killed player_2 in O2.",
    ),
    (
        Killing("player_0", "player_2", "O2", ("player_1",)),
        "player_1",
        "Moderator: You saw player_0 kill player_2 in O2!",
    ),
    (
        Killed("player_2", "O2", "player_0"),
        "player_2",
        "Moderator: You were killed by player_0 in O2. You are out of the game.",
    ),
    (
        Killed("player_2", "Electrical", None),
        "player_2",
        "Moderator: You were killed in the dark in Electrical. You are out of the game.",
    ),
    (
        Venting("player_0", "Admin", "Cafeteria"),
        "player_0",
        "Moderator: You vented from Admin to Cafeteria.",
    ),
    (
        Venting("player_0", "Admin", "Cafeteria"),
        "player_1",
        "Moderator: You saw player_0 use a vent (Admin -> Cafeteria)!",
    ),
    (
        BallotCast("player_1", None),
        "player_1",
        "Moderator: You voted: skip. Ballots are revealed when everyone has voted.",
    ),
    (
        Suspicion("player_1", "player_3", 1, 0),
        "player_1",
        "Moderator: You answered (only you know it): most suspicious of player_3.",
    ),
    (
        Suspicion("player_1", None, 1, 2),
        "player_1",
        "Moderator: You answered (only you know it): no answer (invalid).",
    ),
    (Deal("player_1", Role.CREWMATE, (), "skeld", (("Admin", "Wires"),)), "player_1", None),
]


def _event(data):
    return Event(0, "roam", data.kind, data)


@pytest.mark.parametrize(("data", "line"), PUBLIC, ids=[d.kind for d, _ in PUBLIC])
def test_the_public_line_of_every_public_kind(data, line):
    assert TEXT.render_public(_event(data)) == line
    assert TEXT.render_private(_event(data), "player_1") is None


@pytest.mark.parametrize(("data", "viewer", "line"), PRIVATE, ids=[d.kind for d, *_ in PRIVATE])
def test_the_line_of_every_private_kind_for_its_reader(data, viewer, line):
    assert TEXT.render_private(_event(data), viewer) == line
    assert TEXT.render_public(_event(data)) is None


def _rules(**options):
    config = AmongUsConfig(map="grid", num_players=4, seat_roles=GRID4, **options)
    return AmongUsRules(config, np.random.default_rng(0))


def test_legal_is_a_fresh_value_each_call():
    rules = _rules()
    first, second = rules.legal("player_1"), rules.legal("player_1")
    assert first == second and hash(first) == hash(second) and first is not second
    assert Wait() == first.default and Wait() in first.choices


def _meeting(rules):
    """player_1 presses the button at once (everyone starts in the meeting room)."""
    for agent in list(rules.acting()):
        rules.apply(agent, CallMeeting() if agent == "player_1" else Wait())
    while rules.phase is Phase.DISCUSSION:
        rules.apply(rules.acting()[0], Speak("hm"))
    assert rules.phase is Phase.VOTE


@pytest.mark.parametrize(
    ("ballots", "result"),
    [
        ({}, ("no_ejection", "skipped", ())),  # every ballot a skip: nobody (core's NO_VOTES)
        ({"player_1": "player_2"}, ("no_ejection", "skipped", ("player_2",))),  # 1 vote, 3 skips
        (
            {"player_0": "player_1", "player_1": "player_2"},
            ("no_ejection", "skipped", ("player_1", "player_2")),  # tied 1-1, 2 skips
        ),
        (
            {
                "player_0": "player_1",
                "player_1": "player_2",
                "player_2": "player_1",
                "player_3": "player_2",
            },
            ("no_ejection", "tie", ("player_1", "player_2")),
        ),
        (
            {"player_0": "player_3", "player_1": "player_3", "player_2": "player_3"},
            ("ejection", "player_3", None),
        ),
    ],
    ids=["all-skip", "skips-win", "tie-below-skips", "tie", "ejection"],
)
def test_the_meeting_vote_follows_the_ballot_module(ballots, result):
    rules = _rules()
    _meeting(rules)
    for voter in list(rules.acting()):
        rules.apply(voter, Vote(ballots.get(voter)))
    last = [e for e in rules.events if e.kind in ("ejection", "no_ejection")][-1]
    if result[0] == "ejection":
        assert (last.kind, last.data.player, last.data.role) == result
    else:
        assert (last.kind, last.data.reason, last.data.tied) == result
    revealed = [e for e in rules.events if e.kind == "votes_revealed"][-1].data
    assert dict(revealed.ballots) == {p: ballots.get(p) for p in rules.players}
    assert revealed.skips == sum(p not in ballots for p in rules.players)


def _candidates(rules):
    """Every roam action that could be legal for someone at some point of ``rules``'s game."""
    yield from (Wait(), DoTask(), Report(), CallMeeting(), Fix())
    yield from (Move(r) for r in rules.map.rooms)
    yield from (Vent(r) for r in rules.map.rooms)
    yield from (Kill(p) for p in rules.players)
    yield from (Sabotage(kind) for kind in SabotageKind)


def test_apply_checks_a_roam_action_by_the_very_conditions_of_legal():
    """``roam.allows`` (what ``apply`` asks) agrees with the plain legal set, action by action,
    at every roam turn of random games."""
    checked = 0
    for rules in _replayed_games():
        for agent in rules.acting():
            offered = set(rules.legal(agent).choices)
            for action in _candidates(rules):
                assert roam.allows(rules, agent, action) == (action in offered), (agent, action)
                checked += 1
    assert checked > 10_000


def _replayed_games():
    """The roam turns of random games (rules seen at every roam decision)."""
    configs = (
        {"kill_cooldown": 0, "sabotage_cooldown": 0},
        {"map": "grid", "num_players": 4},
        {**VARIANTS["sarkar"], "kill_cooldown": 0},  # walks; impostors may not report
    )
    for config in configs:
        for seed in range(3):
            env = parlour.make("among_us_v0", **config)
            env.reset(seed=seed)
            rules = env.unwrapped.match.rules
            agents = {a: RandomAgent() for a in env.possible_agents}
            for i, (seat, agent) in enumerate(agents.items()):
                agent.reset(seat, seed=seed * 100 + i)
            for seat in env.agent_iter(3000):
                obs, _, done, cut, info = env.last()
                if rules.phase is Phase.ROAM and not (done or cut):
                    yield rules
                env.step(None if done or cut else agents[seat].act(obs, info))
