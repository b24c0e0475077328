"""The free-roam step of Among Us: what a player may do in a room, and how a step resolves.

Every living player picks one action a step; once all have, the step resolves in a fixed order:
kills, then reports and meeting calls, then moves and vents, then tasks, fixes and sabotage.
These functions are the roam half of :class:`~parlour.envs.among_us.rules.AmongUsRules`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parlour.core.actions import ActionKind, Legal
from parlour.core.events import AgentId
from parlour.envs.among_us.model import (
    Action,
    Alarm,
    CallMeeting,
    DoTask,
    Fix,
    Fixed,
    Kill,
    Killed,
    Killing,
    Move,
    Report,
    Role,
    Sabotage,
    SabotageKind,
    StepView,
    TaskDone,
    Vent,
    Venting,
    Wait,
)

if TYPE_CHECKING:
    from parlour.envs.among_us.rules import AmongUsRules

#: A meeting to start: who called it, why (``report`` or ``emergency``), the bodies reported.
Call = tuple[AgentId, str, list[AgentId]]


#: A roam step of a player who may only wait.
WAIT_ONLY: Legal[Action] = Legal(ActionKind.MOVE, Wait(), (Wait(),))


def legal(rules: AmongUsRules, agent: AgentId) -> Legal[Action]:
    """What ``agent`` may do in this roam step (a player killed out of sight, or still walking,
    may only wait)."""
    if agent not in rules.living or agent in rules.walking:
        return WAIT_ONLY
    room = rules.room[agent]
    impostor = agent in rules.impostors
    choices: list[Action] = [Move(r) for r in rules.map.adjacent(room)]
    choices.append(Wait())
    if _task_here(rules, agent, room, impostor):
        choices.append(DoTask())
    if _may_report(rules, agent, room, impostor):
        choices.append(Report())
    if _may_call(rules, agent, room):
        choices.append(CallMeeting())
    if not impostor:
        if can_fix(rules, agent):
            choices.append(Fix())
        return Legal(ActionKind.MOVE, Wait(), tuple(choices))
    if rules.cooldowns[agent] == 0:
        choices += (Kill(p) for p in rules.occupants(room) if p not in rules.impostors)
    if rules.config.vents:
        choices += (Vent(r) for r in rules.map.vents_from(room))
    if _may_sabotage(rules):
        choices += (Sabotage(kind) for kind in SabotageKind)
    return Legal(ActionKind.MOVE, Wait(), tuple(choices))


def allows(rules: AmongUsRules, agent: AgentId, action: Action) -> bool:
    """Whether :func:`legal` offers ``action`` to ``agent``: its conditions, checked for this
    one action (``apply`` asks this instead of building the whole set again)."""
    if isinstance(action, Wait):
        return True
    if agent not in rules.living or agent in rules.walking:
        return False
    room = rules.room[agent]
    impostor = agent in rules.impostors
    if isinstance(action, Move):
        return action.room in rules.map.adjacent(room)
    if isinstance(action, DoTask):
        return _task_here(rules, agent, room, impostor)
    if isinstance(action, Report):
        return _may_report(rules, agent, room, impostor)
    if isinstance(action, CallMeeting):
        return _may_call(rules, agent, room)
    if isinstance(action, Fix):
        return not impostor and can_fix(rules, agent)
    if not impostor:
        return False
    if isinstance(action, Kill):
        target = action.target
        return (
            rules.cooldowns[agent] == 0
            and target in rules.occupants(room)
            and target not in rules.impostors
        )
    if isinstance(action, Vent):
        return rules.config.vents and action.room in rules.map.vents_from(room)
    return isinstance(action, Sabotage) and _may_sabotage(rules)


def _task_here(rules: AmongUsRules, agent: AgentId, room: str, impostor: bool) -> bool:
    """Whether ``agent`` has an open task in ``room`` (an impostor: any of its fake tasks)."""
    need = rules.config.task_time
    return any(t.room == room and (impostor or t.progress < need) for t in rules.tasks[agent])


def _may_report(rules: AmongUsRules, agent: AgentId, room: str, impostor: bool) -> bool:
    """A body in the room, and the player a crewmate (or impostors may report too)."""
    return bool(rules.bodies.get(room)) and (not impostor or rules.config.impostors_report)


def _may_call(rules: AmongUsRules, agent: AgentId, room: str) -> bool:
    """The emergency button: in the meeting room, with a use left, not while the reactor burns."""
    return (
        room == rules.map.meeting_room
        and rules.buttons[agent] > 0
        and (rules.sabotage is None or rules.sabotage is not SabotageKind.REACTOR)
    )


def _may_sabotage(rules: AmongUsRules) -> bool:
    return rules.config.sabotage and rules.sabotage is None and rules.sabotage_wait == 0


def can_fix(rules: AmongUsRules, agent: AgentId) -> bool:
    """Whether ``agent`` stands where the sabotage in force can be fixed, and may fix it."""
    if rules.sabotage is None:
        return False
    room = rules.room[agent]
    if rules.sabotage is SabotageKind.LIGHTS:
        return room == rules.map.lights_panel
    if rules.sabotage is SabotageKind.REACTOR:
        return (
            room in rules.map.reactor_panels
            and room not in rules.panels
            and agent not in rules.panels.values()
        )
    return False


def resolve_step(rules: AmongUsRules) -> Call | None:
    """Play the step everyone has chosen. Returns the meeting to start, if one was called and
    the game goes on; otherwise the game is over or the next step has begun."""
    actions = {p: rules.pending[p] for p in rules.living}
    rules.pending = {}
    rules.step_number += 1
    rules.tasking = {p for p, a in actions.items() if isinstance(a, DoTask)}
    _kills(rules, actions)
    if rules.check_win():
        return None
    call = _call(rules, actions)
    _moves(rules, actions)
    _works(rules, actions)
    if _reactor_melts(rules, actions) or rules.check_win():
        return None
    if call is not None:
        return call
    if not rules.check_step_limit():
        log_views(rules)
    return None


def _kills(rules: AmongUsRules, actions: dict[AgentId, Action]) -> None:
    """Kills (a victim's own action is lost), seen by everyone in the room who can see; then
    the impostors' kill cooldowns tick."""
    for killer, action in actions.items():
        if not isinstance(action, Kill) or not rules.is_alive(killer):
            continue
        victim, room = action.target, rules.room[killer]
        if not rules.is_alive(victim) or rules.room[victim] != room:
            continue  # already killed this step by the other impostor
        saw = rules.can_see_players(victim)
        rules.living.remove(victim)
        rules.walking.pop(victim, None)
        rules.bodies.setdefault(room, []).append(victim)
        rules.cooldowns[killer] = rules.config.kill_cooldown
        witnesses = tuple(
            p for p in rules.occupants(room) if p != killer and rules.can_see_players(p)
        )
        killing = Killing(killer, victim, room, witnesses)
        rules.kills.append(killing)
        rules.stats["witnessed_kills"] += bool(witnesses)
        rules.log(killing, visible_to=(killer, *witnesses))
        rules.log(Killed(victim, room, killer if saw else None), visible_to={victim})
    for impostor, left in rules.cooldowns.items():
        if left > 0 and not isinstance(actions.get(impostor), Kill):
            rules.cooldowns[impostor] = left - 1


def _call(rules: AmongUsRules, actions: dict[AgentId, Action]) -> Call | None:
    """The first report of a body or press of the emergency button, in seat order."""
    for agent, action in actions.items():
        if not rules.is_alive(agent):
            continue
        room = rules.room[agent]
        if isinstance(action, Report) and rules.bodies.get(room):
            return agent, "report", list(rules.bodies[room])
        if isinstance(action, CallMeeting) and room == rules.map.meeting_room:
            rules.buttons[agent] -= 1
            return agent, "emergency", []
    return None


def _moves(rules: AmongUsRules, actions: dict[AgentId, Action]) -> None:
    """Walks go on, then moves and vents; a vent is seen by whoever ends the step at either end
    of it. A move puts the mover in the new room at once, then it walks ``move_time - 1`` more
    steps."""
    walking = rules.walking
    for agent in list(walking):
        walking[agent] -= 1
        if walking[agent] <= 0:
            del walking[agent]
    vents: list[tuple[AgentId, str, str]] = []
    for agent, action in actions.items():
        if not rules.is_alive(agent):
            continue
        if isinstance(action, Move):
            rules.room[agent] = action.room
            if rules.config.move_time > 1:
                walking[agent] = rules.config.move_time - 1
        elif isinstance(action, Vent):
            vents.append((agent, rules.room[agent], action.room))
            rules.room[agent] = action.room
    for agent, origin, destination in vents:
        seen_by = tuple(
            p
            for p in rules.living
            if p != agent and rules.can_see_players(p) and rules.room[p] in (origin, destination)
        )
        venting = Venting(agent, origin, destination)
        # the event leaves the witnesses out: one end of a vent cannot see the other
        rules.vents.append((venting, seen_by))
        rules.log(venting, visible_to=(agent, *seen_by))


def _works(rules: AmongUsRules, actions: dict[AgentId, Action]) -> None:
    """Tasks, fixes and sabotage, in seat order."""
    for agent, action in actions.items():
        if not rules.is_alive(agent):
            continue
        if isinstance(action, DoTask) and agent not in rules.impostors:
            _work(rules, agent)
        elif isinstance(action, Fix):
            _fix(rules, agent)
        elif isinstance(action, Sabotage) and rules.sabotage is None:
            _sabotage(rules, action.kind)


def _reactor_melts(rules: AmongUsRules, actions: dict[AgentId, Action]) -> bool:
    """Tick the sabotage clocks; whether the reactor melted down (the impostors then win)."""
    if rules.sabotage is None and rules.sabotage_wait > 0:
        rules.sabotage_wait -= 1
    if (
        rules.sabotage is not None
        and rules.sabotage is SabotageKind.REACTOR
        and not any(isinstance(a, Sabotage) for a in actions.values())
    ):
        rules.reactor_left -= 1
        if rules.reactor_left <= 0:
            rules.finish(Role.IMPOSTOR, "reactor meltdown")
            return True
    return False


def _work(rules: AmongUsRules, agent: AgentId) -> None:
    room = rules.room[agent]
    task = next((t for t in rules.open_tasks(agent) if t.room == room), None)
    if task is None:
        return
    task.progress += 1
    if task.progress >= rules.config.task_time:
        rules.stats["tasks_done"] += 1
        if rules.config.task_reward:
            rules.pay({agent: rules.config.task_reward})
        rules.log(TaskDone(agent, task.name, room), visible_to={agent})


def _fix(rules: AmongUsRules, agent: AgentId) -> None:
    if not can_fix(rules, agent):
        return  # somebody fixed it earlier in this step
    if rules.sabotage is SabotageKind.LIGHTS:
        end_sabotage(rules, fixed_by=(agent,))
        return
    rules.panels[rules.room[agent]] = agent
    if len(rules.panels) == 2:
        end_sabotage(rules, fixed_by=tuple(rules.panels.values()))


def _sabotage(rules: AmongUsRules, kind: SabotageKind) -> None:
    config = rules.config
    rules.sabotage = kind
    rules.reactor_left = config.reactor_time
    rules.sabotage_wait = config.sabotage_cooldown
    rules.panels = {}
    rules.stats[f"sabotage_{kind.value}"] += 1
    reactor = kind is SabotageKind.REACTOR
    rules.log(Alarm(kind, rules.reactor_left if reactor else None))


def end_sabotage(rules: AmongUsRules, fixed_by: tuple[AgentId, ...]) -> None:
    """The sabotage in force is over: fixed by ``fixed_by``, or by a meeting (nobody)."""
    kind = rules.sabotage
    rules.sabotage, rules.reactor_left, rules.panels = None, 0, {}
    rules.stats["sabotages_fixed"] += 1
    rules.log(Fixed(kind, fixed_by))


def log_views(rules: AmongUsRules) -> None:
    """Each living player's private view of their room at the start of a roam step."""
    for agent in rules.living:
        room = rules.room[agent]
        sees = rules.can_see_players(agent)
        others = tuple(p for p in rules.occupants(room) if p != agent) if sees else None
        tasking = tuple(p for p in others or () if p in rules.tasking)
        bodies = tuple(rules.bodies.get(room, ()))
        rules.log(
            StepView(rules.step_number + 1, room, others, tasking, bodies), visible_to={agent}
        )
