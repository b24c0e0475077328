"""What Among Us players read, and the action forms they write.

Stateless functions over the rules and the event log (see :class:`parlour.core.text.GameText`).
A role is only ever stated with :func:`role_phrase`, so the leak checks can search for it.
"""

from __future__ import annotations

from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.text import forms_line, moderator, speech_line
from parlour.envs.among_us.model import (
    Action,
    Alarm,
    BallotCast,
    CallMeeting,
    DoTask,
    Ejection,
    Fix,
    Fixed,
    GameOver,
    Kill,
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
    TaskDone,
    Vent,
    Venting,
    Vote,
    VotesRevealed,
    VoteStart,
    Wait,
)
from parlour.envs.among_us.rules import AmongUsRules, role_phrase


def rules_summary(rules: AmongUsRules) -> str:
    """The rules in force, written from the config so the text never disagrees with the game."""
    config, game_map = rules.config, rules.map
    impostors = "1 impostor" if config.num_impostors == 1 else f"{config.num_impostors} impostors"
    lines = [
        f"{config.num_players} players, {impostors} among them; roles are secret"
        + (" (impostors know each other)." if config.num_impostors > 1 else "."),
        f"Map {game_map.name}: "
        + "; ".join(f"{room} -> {', '.join(game_map.adjacent(room))}" for room in game_map.rooms)
        + f". Meetings happen in {game_map.meeting_room}.",
        "Every step all living players act at once: move to an adjacent room, do a task, wait,"
        " report a body in your room, or press the emergency button in"
        f" {game_map.meeting_room} ({config.emergency_meetings} use(s) each). A task takes"
        f" {config.task_time} step(s) in its room. You see who is in your room and any body there;"
        " a kill in your room is seen by everyone there.",
        f"Impostors may kill a crewmate in their room (then wait {config.kill_cooldown} steps),"
        + (" use vents," if config.vents else "")
        + (
            " and sabotage: the reactor (two crewmates must fix it at"
            f" {' and '.join(game_map.reactor_panels)} within {config.reactor_time} steps, or the"
            f" impostors win) or the lights (crewmates see nobody until one fixes them in"
            f" {game_map.lights_panel})."
            if config.sabotage
            else "."
        ),
        "A meeting (a reported body or the button): everyone returns to the meeting room, each"
        f" living player says {config.discussion_messages} message(s) in a random order, then all"
        " vote in secret for a player or to skip. The most votes eject, unless tied or the skips"
        " are at least as many. An ejection "
        + ("reveals the role." if config.reveal_on_eject else "reveals nothing about the role."),
        "The crew wins when every impostor is ejected or all tasks are done (the task bar, which"
        " moves only at meetings); the impostors win when they are at least as many as the crew,"
        " or the reactor melts down."
        f" The game stops without a winner after {config.max_steps} steps.",
    ]
    return "\n".join(lines)


def render_header(rules: AmongUsRules, viewer: AgentId) -> str:
    role = rules.roles[viewer]
    tasks = ", ".join(f"{t.name} in {t.room}" for t in rules.tasks[viewer])
    if role is Role.IMPOSTOR:
        fellows = [p for p in rules.impostors if p != viewer]
        card = "You are an impostor."
        if fellows:
            card += f" Fellow impostors: {', '.join(role_phrase(p, role) for p in fellows)}."
        card += f" Tasks you can fake (no progress): {tasks}."
        if rules.config.vents:
            groups = "; ".join(", ".join(g) for g in rules.map.vent_groups)
            card += f" Vents join: {groups}."
    else:
        card = f"You are a crewmate. Your tasks: {tasks}."
    return (
        f"# Among Us - you are {viewer}\n"
        f"Players: {', '.join(rules.players)}.\n"
        f"{rules_summary(rules)}\n\n"
        f"## Your card\n{card}"
    )


def render_event(event: Event, viewer: AgentId) -> str | None:
    data = event.data
    if isinstance(data, StepView):
        seen = data.players
        if seen is None:
            people = "It is too dark to see who is here."
        elif seen:
            tasking = data.tasking
            people = (
                "You see "
                + ", ".join(f"{p} (doing a task)" if p in tasking else p for p in seen)
                + "."
            )
        else:
            people = "Nobody else is here."
        bodies = f" Bodies here: {', '.join(data.bodies)}." if data.bodies else ""
        return moderator(f"Step {data.step}: you are in {data.room}. {people}{bodies}")
    if isinstance(data, TaskDone):
        return moderator(f"You finished {data.task} in {data.room}.")
    if isinstance(data, Killing):
        if viewer == data.killer:
            return moderator(f"You killed {data.victim} in {data.room}.")
        return moderator(f"You saw {data.killer} kill {data.victim} in {data.room}!")
    if isinstance(data, Venting):
        if viewer == data.player:
            return moderator(f"You vented from {data.origin} to {data.to}.")
        return moderator(f"You saw {data.player} use a vent ({data.origin} -> {data.to})!")
    if isinstance(data, Alarm):
        if data.sabotage is SabotageKind.REACTOR:
            return moderator(f"Alarm: reactor meltdown in {data.timer} steps!")
        return moderator("Alarm: the lights are out.")
    if isinstance(data, Fixed):
        by = f" by {', '.join(data.by)}" if data.by else " (a meeting was called)"
        kind = data.sabotage.value if data.sabotage else None
        return moderator(f"The {kind} sabotage is over{by}.")
    if isinstance(data, Meeting):
        why = (
            f"{data.caller} reported the body of {', '.join(data.bodies)}"
            if data.reason == "report"
            else f"{data.caller} pressed the emergency button"
        )
        return moderator(
            f"Meeting: {why}. Alive: {', '.join(data.living)}. Task bar:"
            f" {data.task_bar:.0%}. Speaking order: {', '.join(data.order)}."
        )
    if isinstance(data, Speech):
        if data.text is None:
            return moderator(f"{data.player}'s message was withheld (invalid).")
        return speech_line(data.player, data.text)
    if isinstance(data, VoteStart):
        return moderator(f"Vote. Candidates: {', '.join(data.candidates)}, or skip.")
    if isinstance(data, BallotCast):
        target = data.target or "skip"
        return moderator(f"You voted: {target}. Ballots are revealed when everyone has voted.")
    if isinstance(data, VotesRevealed):
        ballots = "; ".join(f"{v} -> {t or 'skip'}" for v, t in data.ballots.items())
        return moderator(f"Ballots: {ballots}. Skips: {data.skips}.")
    if isinstance(data, Ejection):
        shown = f" ({role_phrase(data.player, data.role)})" if data.role else ""
        return moderator(f"{data.player} was ejected{shown}.")
    if isinstance(data, NoEjection):
        return moderator(f"Nobody was ejected ({data.reason}).")
    if isinstance(data, GameOver):
        roles = ", ".join(f"{p}: {r.value}" for p, r in data.roles.items())
        outcome = f"{data.winner.value}s win" if data.winner else "no winner"
        return moderator(f"Game over: {outcome} ({data.reason}). Roles: {roles}.")
    return None  # Deal: the card is in the header


def render_prompt(rules: AmongUsRules, viewer: AgentId, spec: ActionSpec[Any] | None) -> str:
    phase = rules.phase
    if phase is Phase.OVER:
        return "The game is over."
    if not rules.is_alive(viewer):
        if spec is not None:  # killed out of sight: the others learn it at the next meeting
            return f"You are dead; until the next meeting you answer each step.\n{forms_line(spec)}"
        return "You are dead and watch the rest of the game."
    if phase is not Phase.ROAM:
        what = "Meeting discussion" if phase is Phase.DISCUSSION else "Meeting vote"
        task = (
            "say one message to the others."
            if phase is Phase.DISCUSSION
            else "vote for who to eject, or skip."
        )
        if spec is None and phase is Phase.VOTE:
            return f"{what}. Waiting for the others to vote."  # not who has: ballots are secret
        if spec is None:
            return f"{what}. Waiting for {', '.join(rules.acting())}."
        return f"{what}: {task}\n{forms_line(spec)}"
    lines = [
        f"Step {rules.step_number + 1} of {rules.config.max_steps}. You are in"
        f" {rules.room[viewer]}; exits: {', '.join(rules.map.adjacent(rules.room[viewer]))}."
        f" Task bar: {rules.task_bar():.0%}."
    ]
    if rules.roles[viewer] is Role.CREWMATE:
        need = rules.config.task_time
        left = [t.describe(need) for t in rules.open_tasks(viewer)]
        lines.append(f"Tasks left: {'; '.join(left) or 'none'}.")
    else:
        cooldown = rules.kill_cooldown(viewer)
        lines.append("You can kill now." if cooldown == 0 else f"Kill ready in {cooldown} step(s).")
    if rules.sabotage is SabotageKind.REACTOR:
        lines.append(
            f"Reactor meltdown in {rules.sabotage_timer()} step(s): fix it at"
            f" {' and '.join(rules.map.reactor_panels)}."
        )
    elif rules.sabotage is SabotageKind.LIGHTS:
        lines.append(f"The lights are out: fix them in {rules.map.lights_panel}.")
    if spec is not None:
        lines.append(forms_line(spec))
    return "\n".join(lines)


def max_prompt_chars(rules: AmongUsRules) -> int:
    """An upper bound on a prompt's length, which the observation budget must hold whole: the
    prose, every exit and vent of the best-connected room (listed, and as a form), the longest
    tasks, and a form or a name for every player."""
    game_map = rules.map
    room = max(len(r) for r in game_map.rooms)
    links = max(len(game_map.adjacent(r)) + len(game_map.vents_from(r)) for r in game_map.rooms)
    task = max(len(f"{name} in {r} (10/10); ") for r, name in game_map.tasks)
    return (
        512
        + 2 * links * (room + 12)
        + rules.config.tasks_per_player * task
        + 32 * len(rules.players)
    )


def format_action(action: Action) -> str:
    if isinstance(action, Move):
        return f"[move {action.room}]"
    if isinstance(action, Vent):
        return f"[vent {action.room}]"
    if isinstance(action, Kill):
        return f"[kill {action.target}]"
    if isinstance(action, Sabotage):
        return f"[sabotage {action.kind.value}]"
    if isinstance(action, Vote):
        return f"[vote {action.target}]" if action.target else "[skip]"
    if isinstance(action, Speak):
        return action.text if action.text is not None else "(say nothing)"
    simple = {DoTask: "[task]", Wait: "[wait]", Report: "[report]", CallMeeting: "[meeting]",
              Fix: "[fix]"}  # fmt: skip
    if type(action) in simple:
        return simple[type(action)]
    raise TypeError(f"not an Among Us action: {action!r}")
