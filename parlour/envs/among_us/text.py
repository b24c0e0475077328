"""What Among Us players read, and the action forms they write.

:class:`AmongUsText` is the game's :class:`~parlour.core.text.GameText`: public events (alarms,
meetings, speech, votes, ejections) are rendered once for everyone, private ones (what a player
sees in a room, kills and vents witnessed, their own ballot) for each reader. A role is only
ever stated with :func:`role_phrase`, and a witnessed kill or vent with :func:`kill_seen` and
:func:`vent_seen`, so the leak checks (``records.hidden_from``) search for the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event, Payload
from parlour.core.text import GameText, counted, forms_line, listed, moderator, speech_line
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
    Suspect,
    Suspicion,
    Task,
    TaskDone,
    Vent,
    Venting,
    Vote,
    VoteCounts,
    VotesRevealed,
    VoteStart,
    Wait,
)

if TYPE_CHECKING:
    from parlour.envs.among_us.maps import GameMap
    from parlour.envs.among_us.model import AmongUsConfig
    from parlour.envs.among_us.rules import AmongUsRules

#: The suspicion question (``suspicion_survey``), as the prompt asks it.
SUSPICION_QUESTION = "Which player are you most suspicious of?"


def role_phrase(player: AgentId, role: Role) -> str:
    """How the text states a player's role: ``player_3 is an impostor``."""
    return f"{player} is {'an impostor' if role is Role.IMPOSTOR else 'a crewmate'}"


def kill_seen(kill: Killing) -> str:
    """How a witness reads a kill: ``saw player_0 kill player_2 in Admin``."""
    return f"saw {kill.killer} kill {kill.victim} in {kill.room}"


def vent_seen(vent: Venting) -> str:
    """How a witness reads a vent: ``saw player_0 use a vent (Admin -> Cafeteria)``."""
    return f"saw {vent.player} use a vent ({vent.origin} -> {vent.to})"


def task_line(task: Task, needed: int) -> str:
    return f"{task.name} in {task.room} ({task.progress}/{needed})"


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
        _roam_line(config, game_map),
        _impostor_line(config, game_map),
        _meeting_line(config),
        "The crew wins when every impostor is ejected or all tasks are done (the task bar, which"
        " moves only at meetings); the impostors win when they are at least as many as the crew"
        + (", or the reactor melts down." if config.sabotage else ".")
        + f" The game stops without a winner after {counted(config.max_steps, 'step')}.",
    ]
    return "\n".join(lines)


def _impostor_line(config: AmongUsConfig, game_map: GameMap) -> str:
    """What impostors may do: kill, and vent and sabotage where the config allows."""
    kill = (
        "Impostors may kill a crewmate in their room (then wait"
        f" {counted(config.kill_cooldown, 'step')})"
    )
    if not config.sabotage:
        return kill + (" and use vents." if config.vents else ".")
    return (
        kill
        + (", use vents," if config.vents else ",")
        + " and sabotage: the reactor (two crewmates must fix it at"
        f" {' and '.join(game_map.reactor_panels)} within"
        f" {counted(config.reactor_time, 'step')}, or the impostors win) or the lights"
        f" (crewmates see nobody until one fixes them in {game_map.lights_panel})."
    )


def _roam_line(config: AmongUsConfig, game_map: GameMap) -> str:
    """What a roam step allows (the options that change it named only when set)."""
    crew_only = "" if config.impostors_report else "crewmates only"
    if config.emergency_meetings:
        actions = (
            f"report a body in your room{f' ({crew_only})' if crew_only else ''}, or press the"
            f" emergency button in {game_map.meeting_room}"
            f" ({counted(config.emergency_meetings, 'use')} each)"
        )
    else:
        notes = "; ".join(n for n in (crew_only, "there is no emergency button") if n)
        actions = f"or report a body in your room ({notes})"
    walk = (
        f" A move takes {counted(config.move_time, 'step')}: you are in the new room at once and"
        " can only walk on (wait) for the rest."
        if config.move_time > 1
        else ""
    )
    return (
        "Every step all living players act at once: move to an adjacent room, do a task, wait,"
        f" {actions}. A task takes {counted(config.task_time, 'step')} in its room.{walk} You see"
        " who is in your room and any body there; a kill in your room is seen by everyone there."
    )


def _meeting_line(config: AmongUsConfig) -> str:
    """How a meeting runs (the options that change it named only when set)."""
    why = "a reported body or the button" if config.emergency_meetings else "a reported body"
    survey = (
        f'; before each message and before the vote everyone answers "{SUSPICION_QUESTION}"'
        " (nobody else sees the answers)"
        if config.suspicion_survey
        else ""
    )
    counts = (
        "" if config.reveal_ballots else " Only the number of votes each received is announced."
    )
    return (
        f"A meeting ({why}): everyone returns to the meeting room, each living player says"
        f" {counted(config.discussion_messages, 'message')} in a random order{survey}, then all"
        " vote in secret for another player or to skip. The most votes eject, unless tied or the"
        f" skips are at least as many.{counts} An ejection "
        + ("reveals the role." if config.reveal_on_eject else "reveals nothing about the role.")
    )


class AmongUsText(GameText["AmongUsRules", Action]):
    """What each Among Us player reads (see :class:`~parlour.core.text.GameText`)."""

    def render_header(self, rules: AmongUsRules, viewer: AgentId) -> str:
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

    def render_public(self, event: Event) -> str | None:
        render = _PUBLIC.get(type(event.data))
        return render(event.data) if render is not None else None

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        data = event.data
        if isinstance(data, StepView):
            return _step_view(data)
        if isinstance(data, TaskDone):
            return moderator(f"You finished {data.task} in {data.room}.")
        if isinstance(data, Killing):
            if viewer == data.killer:
                return moderator(f"You killed {data.victim} in {data.room}.")
            return moderator(f"You {kill_seen(data)}!")
        if isinstance(data, Killed):
            by = f" by {data.killer}" if data.killer else " in the dark"
            return moderator(f"You were killed{by} in {data.room}. You are out of the game.")
        if isinstance(data, Venting):
            if viewer == data.player:
                return moderator(f"You vented from {data.origin} to {data.to}.")
            return moderator(f"You {vent_seen(data)}!")
        if isinstance(data, BallotCast):
            target = data.target or "skip"
            return moderator(f"You voted: {target}. Ballots are revealed when everyone has voted.")
        if isinstance(data, Suspicion):
            said = f"most suspicious of {data.suspect}" if data.suspect else "no answer (invalid)"
            return moderator(f"You answered (only you know it): {said}.")
        return None  # Deal: the card is in the header

    def render_prompt(
        self, rules: AmongUsRules, viewer: AgentId, spec: ActionSpec[Any] | None
    ) -> str:
        phase, alive = rules.phase, rules.is_alive(viewer)
        if alive and phase is Phase.ROAM:
            return _roam_prompt(rules, viewer, spec)
        if phase is Phase.OVER:
            return "The game is over."
        if not alive:
            if spec is None:
                return "You are dead and watch the rest of the game."
            # killed out of sight: the others learn it at the next meeting
            return f"You are dead; until the next meeting you answer each step.\n{forms_line(spec)}"
        what = _MEETING_STAGE[phase]
        if spec is None and phase in (Phase.VOTE, Phase.SURVEY):  # not who has: it is secret
            return (
                f"{what}. Waiting for the others to {'vote' if phase is Phase.VOTE else 'answer'}."
            )
        if spec is None:
            return f"{what}. Waiting for {', '.join(rules.acting())}."
        return f"{what}: {_MEETING_TASK[phase]}\n{forms_line(spec)}"

    def max_prompt_chars(self, rules: AmongUsRules) -> int:
        """An upper bound on a prompt's length, which the observation budget must hold whole: the
        prose, every exit and vent of the best-connected room (listed, and as a form), the longest
        tasks, and a form or a name for every player."""
        game_map = rules.map
        room = max(len(r) for r in game_map.rooms)
        links = max(len(game_map.adjacent(r)) + len(game_map.vents_from(r)) for r in game_map.rooms)
        task = max(len(f"{name} in {r} (10/10); ") for r, name in game_map.tasks)
        walk = 64 if rules.config.move_time > 1 else 0  # "You are still walking into..."
        return (
            512
            + walk
            + 2 * links * (room + 12)
            + rules.config.tasks_per_player * task
            + 32 * len(rules.players)
        )

    def format_action(self, action: Action) -> str:
        token = _PLAIN_TOKENS.get(type(action))
        if token is not None:
            return token
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
        if isinstance(action, Suspect):
            return f"[suspect {action.target}]" if action.target else "(no answer)"
        if isinstance(action, Speak):
            return action.text if action.text is not None else "(say nothing)"
        raise TypeError(f"not an Among Us action: {action!r}")


#: The tokens of the actions that take nothing.
_PLAIN_TOKENS: dict[type, str] = {
    Wait: "[wait]",
    DoTask: "[task]",
    Report: "[report]",
    CallMeeting: "[meeting]",
    Fix: "[fix]",
}


#: The meeting stages' names and what the acting player is asked in each.
_MEETING_STAGE = {
    Phase.DISCUSSION: "Meeting discussion",
    Phase.SURVEY: "Meeting question",
    Phase.VOTE: "Meeting vote",
}
_MEETING_TASK = {
    Phase.DISCUSSION: "say one message to the others.",
    Phase.SURVEY: f"{SUSPICION_QUESTION} (only you see your answer)",
    Phase.VOTE: "vote to eject another player, or skip.",
}


def _roam_prompt(rules: AmongUsRules, viewer: AgentId, spec: ActionSpec[Any] | None) -> str:
    room = rules.room[viewer]
    lines = [
        f"Step {rules.step_number + 1} of {rules.config.max_steps}. You are in"
        f" {room}; exits: {', '.join(rules.map.adjacent(room))}."
        f" Task bar: {rules.task_bar():.0%}."
    ]
    walk = rules.walking.get(viewer)
    if walk:
        lines.append(f"You are still walking into {room}: {counted(walk, 'step')} to go.")
    if viewer not in rules.impostors:
        need = rules.config.task_time
        left = [task_line(t, need) for t in rules.open_tasks(viewer)]
        lines.append(f"Tasks left: {'; '.join(left) or 'none'}.")
    else:
        cooldown = rules.kill_cooldown(viewer)
        lines.append(
            "You can kill now." if cooldown == 0 else f"Kill ready in {counted(cooldown, 'step')}."
        )
    if rules.sabotage is None:
        pass
    elif rules.sabotage is SabotageKind.REACTOR:
        lines.append(
            f"Reactor meltdown in {counted(rules.sabotage_timer(), 'step')}: fix it at"
            f" {' and '.join(rules.map.reactor_panels)}."
        )
    else:
        lines.append(f"The lights are out: fix them in {rules.map.lights_panel}.")
    if spec is not None:
        lines.append(forms_line(spec))
    return "\n".join(lines)


def _step_view(data: StepView) -> str:
    seen = data.players
    if seen is None:
        people = "It is too dark to see who is here."
    elif seen:
        doing = [f"{p} (doing a task)" if p in data.tasking else p for p in seen]
        people = f"You see {', '.join(doing)}."
    else:
        people = "Nobody else is here."
    bodies = f" Bodies here: {', '.join(data.bodies)}." if data.bodies else ""
    return moderator(f"Step {data.step}: you are in {data.room}. {people}{bodies}")


def _alarm(data: Alarm) -> str:
    if data.sabotage is SabotageKind.REACTOR:
        return moderator(f"Alarm: reactor meltdown in {counted(data.timer, 'step')}!")
    return moderator("Alarm: the lights are out.")


def _fixed(data: Fixed) -> str:
    kind = data.sabotage.value if data.sabotage else None
    if data.by:
        return moderator(f"The {kind} sabotage is over: {listed(data.by)} fixed it.")
    return moderator(f"The {kind} sabotage is over (a meeting was called).")


def _meeting(data: Meeting) -> str:
    why = (
        f"{data.caller} reported the body of {', '.join(data.bodies)}"
        if data.reason == "report"
        else f"{data.caller} pressed the emergency button"
    )
    return moderator(
        f"Meeting: {why}. Alive: {', '.join(data.living)}. Task bar:"
        f" {data.task_bar:.0%}. Speaking order: {', '.join(data.order)}."
    )


def _speech(data: Speech) -> str:
    if data.text is None:
        return moderator(f"{data.player}'s message was withheld (invalid).")
    return speech_line(data.player, data.text)


def _votes_revealed(data: VotesRevealed) -> str:
    ballots = "; ".join(f"{v} -> {t or 'skip'}" for v, t in data.ballots.items())
    return moderator(f"Ballots: {ballots}. Skips: {data.skips}.")


def _vote_counts(data: VoteCounts) -> str:
    """The votes per candidate who got any, and the skips (not who cast them)."""
    got = [f"{p} {counted(n, 'vote')}" for p, n in data.tally.items() if n]
    return moderator(f"Votes: {', '.join(got) or 'none'}; skip {counted(data.skips, 'vote')}.")


def _ejection(data: Ejection) -> str:
    shown = f" ({role_phrase(data.player, data.role)})" if data.role else ""
    return moderator(f"{data.player} was ejected{shown}.")


def _game_over(data: GameOver) -> str:
    roles = ", ".join(f"{p}: {r.value}" for p, r in data.roles.items())
    outcome = f"{data.winner.value}s win" if data.winner else "no winner"
    return moderator(f"Game over: {outcome} ({data.reason}). Roles: {roles}.")


#: The line everyone reads for each public kind of event.
_PUBLIC: dict[type[Payload], Callable[[Any], str]] = {
    Alarm: _alarm,
    Fixed: _fixed,
    Meeting: _meeting,
    Speech: _speech,
    # (not a list of candidates: it would name each reader among its own)
    VoteStart: lambda d: moderator("Vote: every living player votes to eject another, or skips."),
    VotesRevealed: _votes_revealed,
    VoteCounts: _vote_counts,
    Ejection: _ejection,
    NoEjection: lambda d: moderator(f"Nobody was ejected ({d.reason})."),
    GameOver: _game_over,
}
