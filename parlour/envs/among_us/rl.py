"""Among Us' RL faces: a menu of meeting messages and a numeric view of what you see."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.envs.among_us.model import AmongUsConfig, Phase, Role, SabotageKind, StepView
from parlour.envs.among_us.rules import AmongUsRules


def menu_size(config: AmongUsConfig) -> int:
    n = config.num_players
    return max(n + 16, 2 * n + 2)


def speech_menu(rules: AmongUsRules, agent: AgentId) -> tuple[str, ...]:
    """Accuse someone of a kill, suspect someone, vouch for someone, or say where you were."""
    others = [p for p in rules.living if p != agent]
    return (
        *(f"I saw {p} kill." for p in others),
        *(f"I suspect {p}." for p in others),
        f"I was doing my tasks in {_last_room(rules, agent)}.",
        "Skip this one.",
    )


def _last_room(rules: AmongUsRules, agent: AgentId) -> str:
    """Where ``agent`` last was in free roam (a meeting moves everyone to the meeting room)."""
    view = rules.events.latest(StepView.kind, agent)
    return view.data.room if view else rules.room[agent]


def phase_slots(config: AmongUsConfig) -> tuple[Phase, ...]:
    """The phases the numeric view marks: the survey only where it is asked (so the view of a
    game without it keeps its size)."""
    return tuple(p for p in Phase if p is not Phase.SURVEY or config.suspicion_survey)


def numeric_size(config: AmongUsConfig) -> int:
    rooms = len(config.game_map().rooms)
    n = config.num_players
    return len(phase_slots(config)) + len(SabotageKind) + 3 * rooms + 4 * n + 6


def encode(rules: AmongUsRules, agent: AgentId) -> np.ndarray:
    """Phase; step progress; your role; your seat; your room; exits of your room; rooms of your
    open tasks; who you see in your room (none when the lights blind you) and whose bodies; who
    you know is alive (everyone not yet found dead or ejected); the task bar; your kill
    cooldown; the sabotage in force and its timer; whether you act."""
    seat_of, config = rules.seat_of, rules.config
    n = len(seat_of)
    room_of = {room: i for i, room in enumerate(rules.map.rooms)}
    rooms = len(room_of)
    out = np.zeros(numeric_size(config), np.float32)
    phases = phase_slots(config)
    out[phases.index(rules.phase)] = 1.0
    at = len(phases)
    out[at] = rules.step_number / config.max_steps
    impostor = rules.roles[agent] is Role.IMPOSTOR
    out[at + 1] = impostor
    at += 2
    out[at + seat_of[agent]] = 1.0
    at += n
    here = rules.room[agent]
    out[at + room_of[here]] = 1.0
    for exit_room in rules.map.adjacent(here):
        out[at + rooms + room_of[exit_room]] = 1.0
    at += 2 * rooms
    for task in rules.tasks[agent] if impostor else rules.open_tasks(agent):
        out[at + room_of[task.room]] = 1.0
    at += rooms
    event = rules.events.latest(StepView.kind, agent)
    view = event.data if event else None
    if view:
        for player in view.players or ():
            out[at + seat_of[player]] = 1.0
        for player in view.bodies:
            out[at + n + seat_of[player]] = 1.0
    at += 2 * n
    out[at : at + n] = 1.0  # known alive, until found dead or ejected
    for player in _known_dead(rules, agent, view):
        out[at + seat_of[player]] = 0.0
    at += n
    out[at] = rules.task_bar()
    if impostor:
        out[at + 1] = rules.kill_cooldown(agent) / max(1, config.kill_cooldown)
    if rules.sabotage:
        out[at + 2 + list(SabotageKind).index(rules.sabotage)] = 1.0
    at += 2 + len(SabotageKind)
    out[at] = rules.sabotage_timer() / config.reactor_time
    out[at + 1] = agent in rules.acting()
    return out


def _known_dead(rules: AmongUsRules, agent: AgentId, view: StepView | None) -> list[AgentId]:
    """The ejected, the bodies reported or in sight, and the victims of kills ``agent`` saw."""
    dead = [e["player"] for e in rules.ejections]
    dead += view.bodies if view else ()
    dead += rules.reported_bodies
    dead += (k.victim for k in rules.kills if agent == k.killer or agent in k.witnesses)
    return dead


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
