"""Among Us rules: maps, roam resolution, vision, sabotage, meetings and every way to win."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError, IllegalAction
from parlour.envs.among_us.maps import SKELD, grid_map, load_map
from parlour.envs.among_us.model import (
    AmongUsConfig,
    CallMeeting,
    DoTask,
    Ejection,
    Fix,
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
    StepView,
    TaskDone,
    Vent,
    Venting,
    Vote,
    Wait,
)
from parlour.envs.among_us.rules import AmongUsRules
from parlour.envs.among_us.text import AmongUsText, role_phrase

# 4 players on the 2x3 grid: player_0 is the impostor
GRID4 = ("impostor", "crewmate", "crewmate", "crewmate")
# 6 players on skeld: player_0 is the impostor
SKELD6 = ("impostor", "crewmate", "crewmate", "crewmate", "crewmate", "crewmate")
TEXT = AmongUsText()
M, EAST, SOUTH = "room_0_0", "room_1_0", "room_0_1"  # the grid's meeting room and neighbours


def new_rules(seats=GRID4, seed=0, **options):
    defaults = {"map": "grid"} if len(seats) == 4 else {}
    config = AmongUsConfig(num_players=len(seats), seat_roles=seats, **{**defaults, **options})
    return AmongUsRules(config, np.random.default_rng(seed))


def step(rules, **actions):
    """One roam step: the given actions, everyone else alive waits."""
    assert rules.phase is Phase.ROAM
    for agent in list(rules.acting()):
        rules.apply(agent, actions.get(agent, Wait()))
    rules.check_invariants()


def walk(rules, agent, room):
    """Move ``agent`` to ``room`` along a shortest path (everyone else waits)."""
    while rules.room[agent] != room:
        step(rules, **{agent: Move(rules.map.next_step(rules.room[agent], room))})


def events(rules, kind):
    return [e for e in rules.events if e.kind == kind]


# -- config and maps ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options, message",
    [
        ({"num_players": 3}, "num_players"),
        ({"num_players": 5, "num_impostors": 2}, "num_impostors"),
        ({"map": "moon"}, "map"),
        ({"task_time": 0}, "task_time"),
        ({"seat_roles": ("crewmate",) * 6}, "seat_roles"),
        ({"vote_reward": "abc"}, "vote_reward must be a finite number"),
        ({"task_reward": float("nan")}, "task_reward"),
        ({"num_players": True}, "num_players must be an integer"),
        ({"vents": "no"}, "vents must be True or False"),
        ({"map": "grid", "grid_width": 2, "grid_height": 2, "tasks_per_player": 5}, "at most"),
    ],
)
def test_bad_config_is_refused_clearly(options, message):
    with pytest.raises(ConfigError, match=message):
        AmongUsConfig(**options)


def test_tasks_per_player_is_refused_beyond_the_map_spots_and_given_in_full_up_to_them():
    """Tasks are distinct spots: a 2 x 2 grid holds four, so five are refused (not silently cut
    to four), and four is what each player gets."""
    grid = {"map": "grid", "grid_width": 2, "grid_height": 2}
    with pytest.raises(ConfigError, match="tasks_per_player must be at most the 4 task spots"):
        AmongUsConfig(**grid, tasks_per_player=5)
    config = AmongUsConfig(**grid, tasks_per_player=4)
    rules = AmongUsRules(config, np.random.default_rng(0))
    spots = len(config.game_map().tasks)
    assert spots == 4
    assert all(len({(t.room, t.name) for t in rules.tasks[p]}) == 4 for p in rules.players)


def test_maps_are_connected_graphs_with_vents_and_panels():
    assert len(SKELD.rooms) == 14 and SKELD.meeting_room == "Cafeteria"
    assert SKELD.vents_from("Reactor") == ("Lower Engine", "Upper Engine")
    assert SKELD.next_step("Cafeteria", "Electrical") == "Storage"
    assert max(SKELD.distances("Cafeteria").values()) <= 4
    grid = grid_map(2, 3)
    assert grid.rooms == ("room_0_0", "room_1_0", "room_0_1", "room_1_1", "room_0_2", "room_1_2")
    assert grid.adjacent("room_1_1") == ("room_1_0", "room_0_1", "room_1_2")
    assert load_map("grid2x3") is grid and load_map("skeld") is SKELD


# -- roam: kills, vents, vision ---------------------------------------------------------------
def test_kills_need_the_same_room_and_no_cooldown():
    rules = new_rules(kill_cooldown=2)
    assert not [a for a in rules.legal("player_0").choices if isinstance(a, Kill)]
    with pytest.raises(IllegalAction):
        rules.apply("player_0", Kill("player_1"))  # cooling down at the start
    step(rules)
    step(rules)
    assert Kill("player_1") in rules.legal("player_0").choices
    step(rules, player_1=Move(EAST))
    assert Kill("player_1") not in rules.legal("player_0").choices  # not in the room any more
    with pytest.raises(IllegalAction):
        rules.apply("player_0", Kill("player_1"))


def test_a_kill_is_seen_by_everyone_in_the_room_and_nobody_else():
    rules = new_rules(kill_cooldown=0)
    step(rules, player_3=Move(EAST))
    step(rules, player_0=Kill("player_1"))
    assert not rules.is_alive("player_1")
    kill = events(rules, Killing.kind)[0]
    assert kill.visible_to == frozenset({"player_0", "player_2"})
    line = TEXT.render_private(kill, "player_2")
    assert "saw player_0 kill player_1" in line
    assert "player_1" in rules.bodies[M]
    assert rules.metrics()["witnessed_kills"] == 1


def test_the_victim_alone_is_told_it_was_killed_by_whom_and_where():
    """The victim's own text says it died (before, it learnt only from a prompt that it was
    dead, or a meeting's body report); nobody else reads that line."""
    rules = new_rules(kill_cooldown=0)
    step(rules, player_0=Kill("player_1"))
    told = events(rules, Killed.kind)
    assert [e.visible_to for e in told] == [frozenset({"player_1"})]
    assert told[0].data == Killed("player_1", M, "player_0")
    line = "You were killed by player_0 in room_0_0. You are out of the game."
    for event in rules.events:
        for viewer in rules.players:
            text = TEXT.render_private(event, viewer) if event.is_visible_to(viewer) else None
            assert (line in (text or "")) == (viewer == "player_1" and event.kind == "killed")
    rules = new_rules(sabotage_cooldown=0, kill_cooldown=0)  # in the dark: not by whom
    step(rules, player_0=Sabotage(SabotageKind.LIGHTS))
    step(rules, player_0=Kill("player_1"))
    assert events(rules, Killed.kind)[0].data.killer is None


def test_lights_out_blind_crewmates_but_not_impostors():
    rules = new_rules(sabotage_cooldown=0, kill_cooldown=0)
    step(rules, player_0=Sabotage(SabotageKind.LIGHTS))
    views = {next(iter(e.visible_to)): e for e in events(rules, StepView.kind)[-4:]}
    assert views["player_1"].data.players is None
    assert views["player_0"].data.players == ("player_1", "player_2", "player_3")
    assert "too dark" in TEXT.render_private(views["player_1"], "player_1")
    step(rules, player_0=Kill("player_1"))  # nobody sees it in the dark
    assert events(rules, Killing.kind)[-1].visible_to == frozenset({"player_0"})
    walk(rules, "player_2", rules.map.lights_panel)
    step(rules, player_2=Fix())
    assert rules.sabotage is None
    assert events(rules, StepView.kind)[-1].data.players is not None


def test_vents_are_for_impostors_and_seen_at_both_ends():
    rules = new_rules(seats=SKELD6)
    assert Vent("Admin") in rules.legal("player_0").choices
    assert not [a for a in rules.legal("player_1").choices if isinstance(a, Vent)]
    with pytest.raises(IllegalAction):
        rules.apply("player_1", Vent("Admin"))
    step(rules, player_0=Vent("Admin"), player_1=Move("Storage"))
    assert rules.room["player_0"] == "Admin"
    vent = events(rules, Venting.kind)[0]
    assert vent.visible_to == frozenset(
        {"player_0", "player_2", "player_3", "player_4", "player_5"}
    )
    assert rules.metrics()["vents"] == 1


# -- tasks --------------------------------------------------------------------------------------
def test_tasks_take_task_time_steps_and_fill_the_bar():
    rules = new_rules(task_time=2, tasks_per_player=1)
    task = rules.tasks["player_1"][0]
    walk(rules, "player_1", task.room)
    step(rules, player_1=DoTask())
    assert task.progress == 1 and not events(rules, TaskDone.kind)
    step(rules, player_1=DoTask())
    assert task.progress == 2 and events(rules, TaskDone.kind)[0].visible_to == {"player_1"}
    assert rules.task_progress() == pytest.approx(1 / 3)
    assert DoTask() not in rules.legal("player_1").choices  # done: nothing left here
    assert rules.task_bar() == 0.0  # the public bar moves at the next meeting
    step(rules, player_2=CallMeeting())
    assert rules.task_bar() == pytest.approx(1 / 3)


def test_a_fake_task_and_a_real_one_look_the_same_until_a_meeting():
    """A roommate "doing a task" must not be exposed as an impostor by the public bar."""
    prompts = []
    for seats in (SKELD6, ("crewmate", "impostor", *SKELD6[2:])):  # player_0 fakes, then works
        rules = new_rules(seats=seats, task_time=1)
        walk(rules, "player_0", rules.tasks["player_0"][0].room)
        step(rules, player_0=DoTask())
        prompts.append(TEXT.render_prompt(rules, "player_2", None))
    assert prompts[0] == prompts[1]
    assert rules.task_progress() > rules.task_bar() == 0.0


def test_a_death_nobody_saw_keeps_the_victims_turns_until_the_meeting():
    rules = new_rules(seats=SKELD6, kill_cooldown=0)
    step(rules, player_0=Move("Storage"), player_1=Move("Storage"))
    step(rules, player_0=Kill("player_1"))
    assert not rules.is_alive("player_1")
    assert rules.acting() == list(rules.players)  # six turns a step, as before the kill
    assert rules.legal("player_1").choices == (Wait(),)
    assert "You are dead" in TEXT.render_prompt(rules, "player_1", None)
    step(rules)
    step(rules, player_2=CallMeeting())  # the meeting announces who is alive
    vote_out(rules, {})
    assert rules.phase is Phase.ROAM and "player_1" not in rules.acting()


def test_an_impostors_fake_task_shows_but_makes_no_progress():
    rules = new_rules(task_time=2)
    fake = rules.tasks["player_0"][0]
    walk(rules, "player_0", fake.room)
    walk(rules, "player_1", fake.room)
    step(rules, player_0=DoTask())
    assert fake.progress == 0
    view = [e for e in events(rules, StepView.kind) if "player_1" in e.visible_to][-1]
    assert view.data.tasking == ("player_0",)
    assert "player_0 (doing a task)" in TEXT.render_private(view, "player_1")


def test_the_crew_wins_when_every_task_is_done():
    rules = new_rules(task_time=1, tasks_per_player=1, kill_cooldown=50)
    for crewmate in ("player_1", "player_2", "player_3"):
        walk(rules, crewmate, rules.tasks[crewmate][0].room)
        if rules.phase is Phase.ROAM:
            step(rules, **{crewmate: DoTask()})
    assert rules.winner is Role.CREWMATE and rules.win_reason == "tasks"
    assert rules.scores()["player_1"] == 1.0 and rules.scores()["player_0"] == -1.0


# -- sabotage -----------------------------------------------------------------------------------
def test_the_reactor_needs_two_crewmates_at_both_panels_in_time():
    rules = new_rules(sabotage_cooldown=0, reactor_time=10, kill_cooldown=50)
    step(rules, player_0=Sabotage(SabotageKind.REACTOR))
    a, b = rules.map.reactor_panels
    walk(rules, "player_1", a)
    step(rules, player_1=Fix())
    assert rules.sabotage is SabotageKind.REACTOR and rules.panels_fixed() == {a: "player_1"}
    walk(rules, "player_1", b)
    assert Fix() not in rules.legal("player_1").choices  # the same crewmate cannot do both
    walk(rules, "player_2", b)
    step(rules, player_2=Fix())
    assert rules.sabotage is None and rules.winner is None


def test_an_unfixed_reactor_melts_down():
    rules = new_rules(sabotage_cooldown=0, reactor_time=3, kill_cooldown=50)
    step(rules, player_0=Sabotage(SabotageKind.REACTOR))
    assert CallMeeting() not in rules.legal("player_1").choices  # no button during a meltdown
    for _ in range(3):
        step(rules)
    assert rules.winner is Role.IMPOSTOR and rules.win_reason == "reactor meltdown"


# -- meetings -----------------------------------------------------------------------------------
def test_a_report_clears_bodies_and_gathers_everyone_for_a_meeting():
    rules = new_rules(kill_cooldown=0, seats=SKELD6)
    step(rules, player_0=Move("Storage"), player_1=Move("Storage"))
    step(rules, player_0=Kill("player_1"))
    step(rules, player_0=Move("Admin"), player_2=Move("Storage"))
    step(rules, player_2=Report())
    assert rules.phase is Phase.DISCUSSION and not rules.bodies
    assert set(rules.room[p] for p in rules.living) == {"Cafeteria"}
    meeting = events(rules, Meeting.kind)[0]
    assert meeting.data.bodies == ("player_1",) and meeting.visible_to == "all"
    while rules.phase is Phase.DISCUSSION:
        rules.apply(rules.acting()[0], Speak("hm"))
    assert rules.phase is Phase.VOTE


def vote_out(rules, ballots):
    while rules.phase is Phase.DISCUSSION:
        rules.apply(rules.acting()[0], Speak("hm"))
    for voter in list(rules.acting()):
        rules.apply(voter, Vote(ballots.get(voter)))
    rules.check_invariants()


def test_the_button_has_limited_uses_and_skips_can_save_a_suspect():
    rules = new_rules(emergency_meetings=1)
    step(rules, player_1=CallMeeting())
    vote_out(rules, {"player_1": "player_0", "player_2": "player_0"})  # 2 votes, 2 skips
    assert events(rules, NoEjection.kind)[-1].data.reason == "skipped"
    assert rules.buttons_left("player_1") == 0
    assert CallMeeting() not in rules.legal("player_1").choices
    assert CallMeeting() in rules.legal("player_2").choices


def test_ejecting_the_impostor_wins_and_reveals_only_when_configured():
    rules = new_rules()
    step(rules, player_1=CallMeeting())
    vote_out(rules, {"player_1": "player_0", "player_2": "player_0", "player_3": "player_0"})
    assert rules.winner is Role.CREWMATE and rules.win_reason == "ejections"
    assert events(rules, Ejection.kind)[0].data.role is None
    revealed = new_rules(reveal_on_eject=True)
    step(revealed, player_1=CallMeeting())
    vote_out(revealed, {"player_1": "player_2", "player_0": "player_2", "player_3": "player_2"})
    line = TEXT.render_public(events(revealed, Ejection.kind)[0])
    assert role_phrase("player_2", Role.CREWMATE) in line


def test_the_impostors_win_at_parity():
    rules = new_rules(kill_cooldown=0)
    step(rules, player_0=Kill("player_1"))
    assert rules.winner is None
    step(rules, player_2=Report())
    vote_out(rules, {"player_0": "player_3", "player_2": "player_3"})
    assert rules.winner is Role.IMPOSTOR and rules.win_reason == "kills"


def test_the_step_limit_truncates():
    rules = new_rules(max_steps=3, kill_cooldown=50)
    for _ in range(3):
        step(rules)
    assert rules.is_truncated() and set(rules.scores().values()) == {0.0}


def test_shaping_rewards_are_off_by_default_and_pay_when_set():
    rules = new_rules(task_time=1, tasks_per_player=1, task_reward=0.25, kill_cooldown=50)
    walk(rules, "player_1", rules.tasks["player_1"][0].room)
    step(rules, player_1=DoTask())
    assert rules.scores()["player_1"] == 0.25
    assert new_rules().scores() == dict.fromkeys(new_rules().players, 0.0)


def test_invalid_text_gets_the_wait_default_through_the_env():
    env = parlour.make("among_us_v0", map="grid", num_players=4, seat_roles=GRID4)
    env.reset(seed=0)
    env.step("[kill player_1]")  # player_0 is the impostor, but still cooling down
    assert "kill" in env.infos["player_0"]["invalid_action"]
    env.step("[move Nowhere]")
    assert "move" in env.infos["player_1"]["invalid_action"]
    env.step("[wait]")
    env.step("[wait]")
    rules = env.unwrapped.match.rules
    assert rules.step_number == 1 and rules.living == list(rules.players)
    assert rules.room["player_0"] == rules.room["player_1"] == M


# -- what the public numbers must not give away ---------------------------------------------------
def test_the_task_bar_does_not_move_at_an_unseen_kill_or_an_ejection():
    rules = new_rules(seats=SKELD6, kill_cooldown=0, task_time=1)
    step(rules, player_0=Move("Storage"), player_1=Move("Storage"))
    bar = rules.task_progress()
    step(rules, player_0=Kill("player_1"))  # nobody else sees it
    assert rules.task_progress() == bar
    step(rules, player_2=CallMeeting())
    vote_out(rules, {p: "player_3" for p in rules.living if p != "player_3"})
    assert not rules.is_alive("player_3") and rules.task_progress() == rules.task_bar() == bar


def test_the_crew_wins_by_tasks_once_every_living_crewmate_is_done():
    rules = new_rules(task_time=1, tasks_per_player=1, kill_cooldown=0)
    walk(rules, "player_0", rules.room["player_1"])
    step(rules, player_0=Kill("player_1"))
    for crewmate in ("player_2", "player_3"):
        walk(rules, crewmate, rules.tasks[crewmate][0].room)
        if rules.phase is Phase.ROAM:
            step(rules, **{crewmate: DoTask()})
    assert rules.winner is Role.CREWMATE and rules.win_reason == "tasks"
    assert rules.task_progress() < 1.0  # the dead crewmate's task is still open


def test_vote_shaping_is_paid_only_when_the_game_ends():
    rules = new_rules(vote_reward=0.5)
    step(rules, player_1=CallMeeting())
    vote_out(rules, {"player_1": "player_0", "player_2": "player_3"})  # ties with the skips
    assert rules.scores() == dict.fromkeys(rules.players, 0.0)
    for _ in range(rules.config.max_steps - rules.step_number):
        if rules.phase is Phase.ROAM:
            step(rules)
    assert rules.is_truncated() and rules.scores()["player_1"] == 0.5


def test_a_vent_does_not_tell_one_end_who_is_at_the_other():
    rules = new_rules(seats=SKELD6)
    step(rules, player_2=Move("Storage"))
    step(rules, player_2=Move("Admin"))
    step(rules, player_0=Vent("Admin"))
    vent = events(rules, Venting.kind)[0]
    assert "player_2" in vent.visible_to  # the witnesses stay out of the payload
    assert [f.name for f in dataclasses.fields(vent.data)] == ["player", "origin", "to"]
