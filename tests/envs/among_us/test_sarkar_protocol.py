"""The ``sarkar`` preset against Sarkar et al. 2025 (SocialDeductionLLM, ``src/string_env.py``
and the settings its ``buffer_generator_full.py`` passes), item by item.

Each protocol item is a row of :data:`ITEMS`: the options that set it, the paper's values (the
preset must hold them), and a check that plays the engine and asserts the behaviour. The paper's
code is GPL-3.0: these are its rules, reimplemented; nothing of its code or prompts is here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError, IllegalAction
from parlour.envs.among_us import VARIANTS
from parlour.envs.among_us.model import (
    AmongUsConfig,
    CallMeeting,
    DoTask,
    Ejection,
    Kill,
    Meeting,
    Move,
    Phase,
    Report,
    Role,
    Speak,
    Speech,
    Suspect,
    TaskDone,
    Vote,
    VoteCounts,
    Wait,
)
from parlour.envs.among_us.rules import AmongUsRules
from parlour.envs.among_us.text import AmongUsText
from parlour.play import play_game

SARKAR = VARIANTS["sarkar"]
#: player_0 is the impostor.
SEATS = ("impostor", "crewmate", "crewmate", "crewmate", "crewmate")
TOP_MIDDLE = "room_1_0"  # (1,0) of the 3x2 grid: the paper's start and meeting room
TEXT = AmongUsText()


def make_rules(seed: int = 0, **overrides: Any) -> AmongUsRules:
    config = AmongUsConfig(**{**SARKAR, "seat_roles": SEATS, **overrides})
    return AmongUsRules(config, np.random.default_rng(seed))


def roam(rules: AmongUsRules, **actions: Any) -> None:
    """One roam step: the given actions, every other seat waits."""
    assert rules.phase is Phase.ROAM
    for agent in list(rules.acting()):
        rules.apply(agent, actions.get(agent, Wait()))
    rules.check_invariants()


def kill_and_report(rules: AmongUsRules) -> None:
    """Everyone waits out the impostor's cooldown in the start room; player_0 kills player_1,
    player_2 reports the body."""
    while Kill("player_1") not in rules.legal("player_0").choices:
        roam(rules)
    roam(rules, player_0=Kill("player_1"))
    roam(rules, player_2=Report())


def run_meeting(
    rules: AmongUsRules, votes: dict[str, str | None] | None = None
) -> list[tuple[Phase, str]]:
    """Play a meeting to its vote's end: each seat names the next living seat as its suspect,
    says "msg" and votes as ``votes`` says (else skips). Returns (phase, actor) of every turn."""
    turns: list[tuple[Phase, str]] = []
    while rules.phase in (Phase.SURVEY, Phase.DISCUSSION, Phase.VOTE):
        phase = rules.phase
        for agent in list(rules.acting()):
            turns.append((phase, agent))
            if phase is Phase.SURVEY:
                living = rules.living
                rules.apply(agent, Suspect(living[(living.index(agent) + 1) % len(living)]))
            elif phase is Phase.DISCUSSION:
                rules.apply(agent, Speak("msg"))
            else:
                rules.apply(agent, Vote((votes or {}).get(agent)))
        rules.check_invariants()
    return turns


# -- the checks, one per protocol item ----------------------------------------------------------
def check_players() -> None:
    for seed in range(10):
        rules = AmongUsRules(AmongUsConfig(**SARKAR), np.random.default_rng(seed))
        assert len(rules.players) == 5 and len(rules.impostors) == 1


def check_grid() -> None:
    rules = make_rules()
    assert rules.map.rooms == tuple(f"room_{c}_{r}" for r in range(2) for c in range(3))
    assert set(rules.map.adjacent(TOP_MIDDLE)) == {"room_0_0", "room_2_0", "room_1_1"}
    # the paper's training grids (width x height) are options too
    for (width, height), room in {
        (3, 1): "room_1_0",
        (2, 2): "room_0_0",
        (3, 2): TOP_MIDDLE,
    }.items():
        config = AmongUsConfig(**{**SARKAR, "grid_width": width, "grid_height": height})
        assert len(config.game_map().rooms) == width * height
        assert config.game_map().meeting_room == room


def check_room() -> None:
    rules = make_rules()
    assert rules.map.meeting_room == TOP_MIDDLE
    assert set(rules.room.values()) == {TOP_MIDDLE}  # everyone starts there
    roam(rules, player_3=Move("room_2_0"))
    while Kill("player_1") not in rules.legal("player_0").choices:
        roam(rules)
    roam(rules, player_0=Kill("player_1"))
    assert rules.room["player_3"] == "room_2_0"
    roam(rules, player_2=Report())
    assert rules.phase is Phase.SURVEY
    run_meeting(rules)
    assert rules.phase is Phase.ROAM
    assert {rules.room[p] for p in rules.living} == {TOP_MIDDLE}  # and returns there


def check_move_time() -> None:
    rules = make_rules()
    roam(rules, player_1=Move("room_0_0"))
    assert rules.room["player_1"] == "room_0_0"  # in the new room at once...
    for _ in range(2):  # ...then walks on: 3 steps in all, as task_time
        assert rules.legal("player_1").choices == (Wait(),)
        assert "still walking" in TEXT.render_prompt(rules, "player_1", None)
        with pytest.raises(IllegalAction):
            rules.apply("player_1", Move(TOP_MIDDLE))
        roam(rules)
    assert Move(TOP_MIDDLE) in rules.legal("player_1").choices


def check_tasks() -> None:
    repeated = 0
    for seed in range(20):
        rules = make_rules(seed)
        for player in rules.players:
            rooms = [t.room for t in rules.tasks[player]]
            assert len(rooms) == 5 and set(rooms) <= set(rules.map.rooms)
            assert len({t.name for t in rules.tasks[player] if t.room == rooms[0]}) == rooms.count(
                rooms[0]
            )  # a repeated spot's tasks have their own names
            repeated += len(set(rooms)) < len(rooms)
    assert repeated > 10  # drawn with repeats: 5 draws on 6 rooms mostly repeat one
    # 5 tasks on the 3-room training grid: only with repeats
    AmongUsConfig(**{**SARKAR, "grid_width": 3, "grid_height": 1})
    with pytest.raises(ConfigError, match="tasks_per_player"):
        AmongUsConfig(**{**SARKAR, "grid_width": 3, "grid_height": 1, "task_repeats": False})


def check_task_time() -> None:
    seed = next(
        s for s in range(100) if any(t.room == TOP_MIDDLE for t in make_rules(s).tasks["player_1"])
    )
    rules = make_rules(seed)
    done = lambda: [e for e in rules.events if isinstance(e.data, TaskDone)]  # noqa: E731
    for _ in range(2):
        roam(rules, player_1=DoTask())
        assert not done()
    roam(rules, player_1=DoTask())
    assert [e.data.room for e in done()] == [TOP_MIDDLE]


def check_cooldown() -> None:
    rules = make_rules()
    for _ in range(20):  # 20 steps from the start
        assert not any(isinstance(a, Kill) for a in rules.legal("player_0").choices)
        roam(rules)
    assert Kill("player_1") in rules.legal("player_0").choices
    roam(rules, player_0=Kill("player_1"))
    assert rules.kill_cooldown("player_0") == 20  # after a kill
    roam(rules, player_2=Report())
    run_meeting(rules)
    assert rules.kill_cooldown("player_0") == 20  # reset after the meeting
    for _ in range(20):
        assert not any(isinstance(a, Kill) for a in rules.legal("player_0").choices)
        roam(rules)
    assert Kill("player_2") in rules.legal("player_0").choices


def check_crew_report() -> None:
    rules = make_rules()
    while Kill("player_1") not in rules.legal("player_0").choices:
        roam(rules)
    roam(rules, player_0=Kill("player_1"))
    assert rules.bodies[TOP_MIDDLE] == ["player_1"]
    assert Report() in rules.legal("player_2").choices
    assert Report() not in rules.legal("player_0").choices  # the impostor stands by the body too
    with pytest.raises(IllegalAction):
        rules.apply("player_0", Report())


def check_report_only() -> None:
    rules = make_rules()
    for _ in range(3):  # everyone stands in the meeting room: no button anywhere
        for agent in rules.acting():
            assert CallMeeting() not in rules.legal(agent).choices
        roam(rules)
    with pytest.raises(IllegalAction):
        rules.apply("player_1", CallMeeting())
    kill_and_report(rules)
    meeting = [e.data for e in rules.events if isinstance(e.data, Meeting)]
    assert [(m.reason, m.caller, m.bodies) for m in meeting] == [
        ("report", "player_2", ("player_1",))
    ]


def check_messages() -> None:
    orders = set()
    for seed in range(8):
        rules = make_rules(seed)
        kill_and_report(rules)
        order = next(e.data.order for e in rules.events if isinstance(e.data, Meeting))
        spoken = [actor for phase, actor in run_meeting(rules) if phase is Phase.DISCUSSION]
        assert spoken == list(order) * 2  # 2 messages each, the shuffled order twice
        orders.add(order)
    assert len(orders) > 2


def check_survey() -> None:
    rules = make_rules()
    kill_and_report(rules)
    turns = run_meeting(rules)
    stages = [phase for i, (phase, _) in enumerate(turns) if i == 0 or turns[i - 1][0] != phase]
    # asked before each of the 8 messages and before the vote
    assert stages == [Phase.SURVEY, Phase.DISCUSSION] * 8 + [Phase.SURVEY, Phase.VOTE]
    assert sum(phase is Phase.SURVEY for phase, _ in turns) == 9 * 4  # every living seat
    rounds = rules.metrics()["suspicions"]
    assert [r["round"] for r in rounds] == list(range(9))
    assert [r["after"] for r in rounds[1:]] == [
        e.data.player for e in rules.events if isinstance(e.data, Speech)
    ]
    assert rounds[0]["answers"] == {
        "player_0": "player_2",
        "player_2": "player_3",
        "player_3": "player_4",
        "player_4": "player_0",
    }
    assert rules.metrics()["suspicion_accuracy"] == pytest.approx(1 / 3)  # player_4 of 3 crew
    answers = [e for e in rules.events if e.kind == "suspicion"]
    assert answers and all(e.visible_to == {e.data.player} for e in answers)  # never to others
    assert rules.agent_info("player_3") == {
        "suspicion": {"meeting": 1, "round": 8, "after": rounds[-1]["after"], "suspect": "player_4"}
    }


def check_vote_counts() -> None:
    rules = make_rules()
    kill_and_report(rules)
    votes = {"player_2": "player_0", "player_3": "player_0", "player_4": "player_0"}
    run_meeting(rules, {**votes, "player_0": "player_2"})
    kinds = {e.kind for e in rules.events}
    assert "votes_revealed" not in kinds  # no ballot is ever shown
    counts = next(e for e in rules.events if isinstance(e.data, VoteCounts))
    assert counts.visible_to == "all" and counts.data.skips == 0
    assert {p: n for p, n in counts.data.tally.items() if n} == {"player_0": 3, "player_2": 1}
    assert TEXT.render_public(counts) == (
        "Moderator: Votes: player_0 3 votes, player_2 1 vote; skip 0 votes."
    )
    ejection = next(e.data for e in rules.events if isinstance(e.data, Ejection))
    assert ejection.player == "player_0" and ejection.role is None  # the role stays unsaid


def check_step_cap() -> None:
    rules = make_rules()
    for _ in range(299):
        roam(rules)
    assert not rules.is_truncated()
    roam(rules)
    assert rules.is_truncated() and rules.metrics()["steps"] == 300
    assert rules.phase is Phase.OVER and set(rules.scores().values()) == {0.0}


def check_rewards() -> None:
    rules = make_rules()
    kill_and_report(rules)
    run_meeting(rules, {"player_2": "player_0", "player_3": "player_0", "player_4": "player_0"})
    assert rules.winner is Role.CREWMATE
    assert rules.scores() == {
        "player_0": 0.0,  # the losing impostor
        "player_1": 1.0,  # the dead crewmate wins too
        "player_2": 1.0,
        "player_3": 1.0,
        "player_4": 1.0,
    }
    rules = make_rules()
    rules.finish(Role.IMPOSTOR, "kills")
    assert rules.scores() == {"player_0": 1.0, **dict.fromkeys(rules.players[1:], 0.0)}


def check_no_vents_nor_sabotage() -> None:
    rules = make_rules()
    roam(rules, player_0=Move("room_0_0"))  # a corner: where the grid's vents would be
    for _ in range(25):
        choices = rules.legal("player_0").choices
        assert not any(type(a).__name__ in ("Vent", "Sabotage") for a in choices)
        roam(rules)


@dataclass(frozen=True)
class Item:
    name: str
    options: dict[str, Any]  # the options that set it, at the paper's values
    check: Callable[[], None]


ITEMS = [
    Item("1 impostor + 4 crew", {"num_players": 5, "num_impostors": 1}, check_players),
    Item("3x2 grid (training grids as options)", {"grid_width": 3, "grid_height": 2}, check_grid),
    Item("meetings in the top-middle room", {"grid_meeting_room": "top_middle"}, check_room),
    Item("a move takes task_time steps", {"move_time": 3}, check_move_time),
    Item("5 tasks drawn with repeats", {"tasks_per_player": 5, "task_repeats": True}, check_tasks),
    Item("task_time 3", {"task_time": 3}, check_task_time),
    Item("kill cooldown 20, reset at start and meetings", {"kill_cooldown": 20}, check_cooldown),
    Item("only crewmates report bodies", {"impostors_report": False}, check_crew_report),
    Item("meetings only by report", {"emergency_meetings": 0}, check_report_only),
    Item("2 messages each, shuffled order", {"discussion_messages": 2}, check_messages),
    Item("the suspicion question", {"suspicion_survey": True}, check_survey),
    Item("vote result as counts only", {"reveal_ballots": False, "reveal_on_eject": False},
         check_vote_counts),
    Item("300-step cap", {"max_steps": 300}, check_step_cap),
    Item("+1 to winners, 0 to losers", {"loser_reward": 0.0}, check_rewards),
    Item("no vents, no sabotage", {"vents": False, "sabotage": False}, check_no_vents_nor_sabotage),
]  # fmt: skip


@pytest.mark.parametrize("item", ITEMS, ids=[i.name for i in ITEMS])
def test_the_preset_sets_the_papers_value(item):
    assert {k: SARKAR[k] for k in item.options} == item.options


@pytest.mark.parametrize("item", ITEMS, ids=[i.name for i in ITEMS])
def test_the_engine_plays_the_item(item):
    item.check()


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("move_time", 0, "integer in 1..10"),
        ("move_time", 1.5, "integer"),
        ("grid_meeting_room", "middle", "corner, top_middle"),
        ("task_repeats", "yes", "True or False"),
        ("impostors_report", 1, "True or False"),
        ("suspicion_survey", None, "True or False"),
        ("reveal_ballots", "no", "True or False"),
        ("loser_reward", float("nan"), "finite"),
        ("tasks_per_player", 7, "task_repeats"),
    ],
)
def test_each_option_refuses_a_bad_value(option, value, reason):
    options = {**SARKAR, option: value}
    if option == "tasks_per_player":
        options["task_repeats"] = False
    with pytest.raises(ConfigError, match=option) as error:
        AmongUsConfig(**options)
    assert reason in str(error.value)


def test_the_meeting_spot_is_for_grids_only():
    with pytest.raises(ConfigError, match="grid_meeting_room"):
        AmongUsConfig(grid_meeting_room="top_middle")


def test_other_presets_keep_their_behaviour():
    """The new options default to the old rules: ballots shown, no survey, -1 to losers."""
    config = AmongUsConfig()
    assert (config.move_time, config.task_repeats, config.suspicion_survey) == (1, False, False)
    assert (config.reveal_ballots, config.impostors_report, config.loser_reward) == (True, True, -1)
    assert config.game_map().meeting_room == "Cafeteria"
    assert AmongUsConfig(map="grid").game_map().meeting_room == "room_0_0"


def _answer_next(agent: str, info: dict[str, Any]) -> str:
    legal = info["legal_actions"] or []
    if info["phase"] == "survey":
        return legal[0]
    if info["phase"] == "discussion":
        return "msg"
    if info["phase"] == "vote":
        return "[skip]"
    for wanted in ("[kill player_1]", "[report]"):
        if wanted in legal:
            return wanted
    return "[wait]"


def test_answers_reach_only_their_own_seat_through_the_env():
    """Infos carry the seat's own latest answer; no seat's text shows another's answer."""
    env = parlour.make("among_us_v0", **SARKAR, seat_roles=SEATS)
    env.reset(seed=0)
    own: dict[str, list[str]] = {}
    for agent in env.agent_iter(3000):
        obs, _, done, cut, info = env.last()
        if done or cut:
            env.step(None)
            continue
        mine = own.get(agent, [])
        assert (info["suspicion"] or {}).get("suspect") == (mine[-1] if mine else None)
        answered = [line for line in obs["text"].split("\n") if "You answered" in line]
        assert [line.rsplit(" ", 1)[-1].rstrip(".") for line in answered] == mine
        action = _answer_next(agent, info)
        if info["phase"] == "survey":
            own.setdefault(agent, []).append(action[len("[suspect ") : -1])
        env.step(action)
        rules = env.unwrapped.match.rules
        if rules.stats["meetings"] and rules.phase is Phase.ROAM:
            break  # the first meeting is over
    assert sum(map(len, own.values())) == 9 * 4


def test_scripted_bots_play_the_preset_and_answer_the_question():
    answered = 0
    for seed in range(12):
        config = {**SARKAR, "kill_cooldown": 4}  # kills, so meetings
        result = play_game("among_us_v0", ["scripted"] * 5, seed=seed, **config)
        assert result.metrics["invalid_total"] == 0
        for row in result.metrics["suspicions"]:
            assert None not in row["answers"].values()
            answered += len(row["answers"])
    assert answered > 50
