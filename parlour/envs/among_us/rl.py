"""Among Us' RL faces: a menu of meeting messages and a numeric view of what you see."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.core.numeric import PublicFold
from parlour.envs.among_us.maps import GameMap
from parlour.envs.among_us.model import (
    AmongUsConfig,
    Meeting,
    Phase,
    Role,
    SabotageKind,
    Speech,
    StepView,
)
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
    return _size(config, config.game_map())


def _size(config: AmongUsConfig, game_map: GameMap) -> int:
    rooms, n = len(game_map.rooms), config.num_players
    return (
        len(phase_slots(config)) + len(SabotageKind) + 3 * rooms + 7 * n + 7 + 2 * _exits(game_map)
    )


def _exits(game_map: GameMap) -> int:
    """The most exits a room of ``game_map`` has: the move slots of the view."""
    return max(len(game_map.adjacent(room)) for room in game_map.rooms)


def encode(rules: AmongUsRules, agent: AgentId) -> np.ndarray:
    """Phase; step progress; your role; your seat; your room; exits of your room; rooms of your
    open tasks; who you see in your room (none when the lights blind you) and whose bodies; who
    you know is alive (everyone not yet found dead or ejected); the task bar; your kill
    cooldown; the sabotage in force and its timer; whether you act; who you know is an impostor
    (your fellows, or a killer or venter you saw); how many times this meeting's messages said
    each player was seen killing or venting (over the players), and who said so of you; whether
    a task of yours is here; then for each exit of your room in map order (the order of the move
    menu), that it is there and whether it is the first step of a shortest way to your nearest
    other task room (map order breaks ties; fake tasks for an impostor)."""
    seat_of, config = rules.seat_of, rules.config
    n = len(seat_of)
    room_of = {room: i for i, room in enumerate(rules.map.rooms)}
    rooms = len(room_of)
    out = np.zeros(_size(config, rules.map), np.float32)
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
    task_rooms = [t.room for t in (rules.tasks[agent] if impostor else rules.open_tasks(agent))]
    for room in task_rooms:
        out[at + room_of[room]] = 1.0
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
    _known_impostors(out[at + 2 :], rules, agent, impostor)
    _accusations(out[at + 2 + n :], rules, agent)
    _toward_tasks(out[at + 2 + 3 * n :], rules, here, task_rooms, room_of)
    return out


def _toward_tasks(
    out: np.ndarray, rules: AmongUsRules, here: str, task_rooms: list[str], room_of: dict[str, int]
) -> None:
    """Fill ``out[:1 + 2 * exits]``: a task here, the exit slots, the way to the nearest task."""
    out[0] = here in task_rooms
    exits, slots = rules.map.adjacent(here), _exits(rules.map)
    out[1 : 1 + len(exits)] = 1.0
    distances = rules.map.distances(here)
    away = [room for room in task_rooms if room != here and room in distances]
    if away:
        nearest = min(away, key=lambda room: (distances[room], room_of[room]))
        out[1 + slots + exits.index(rules.map.next_step(here, nearest))] = 1.0


def _known_impostors(out: np.ndarray, rules: AmongUsRules, agent: AgentId, impostor: bool) -> None:
    seat_of = rules.seat_of
    if impostor:  # the deal names your fellows
        known = [p for p, role in rules.roles.items() if role is Role.IMPOSTOR and p != agent]
    else:
        known = [k.killer for k in rules.kills if agent in k.witnesses]
        known += [v.player for v, witnesses in rules.vents if agent in witnesses]
    for player in known:
        out[seat_of[player]] = 1.0


@dataclass(slots=True)
class _Said:
    """This meeting's accusations: accuser -> the players they said they saw kill or vent."""

    accusations: dict[AgentId, set[AgentId]] = field(default_factory=dict)


_ACCUSATION = re.compile(r"i saw (player_\d+) (?:kill|vent)")


def _hear(said: _Said, data: Any) -> None:
    if isinstance(data, Meeting):
        said.accusations = {}
    elif isinstance(data, Speech) and data.text:
        named = set(_ACCUSATION.findall(data.text.lower())) - {data.player}
        said.accusations.setdefault(data.player, set()).update(named)


#: Each game's meeting messages, folded in as they come (they are public).
_SAID = PublicFold(_Said, _hear)


def _accusations(out: np.ndarray, rules: AmongUsRules, agent: AgentId) -> None:
    """Fill ``out[:2n]``: how often each player was named a killer this meeting (over the
    players), then who named you."""
    accusations = _SAID(rules).accusations
    if not accusations:  # (outside meetings, always)
        return
    seat_of = rules.seat_of
    n = len(seat_of)
    counts: Counter[AgentId] = Counter()
    for accuser, accused in accusations.items():
        counts.update(accused)
        if agent in accused:
            out[n + seat_of[accuser]] = 1.0
    for player, times in counts.items():
        if player in seat_of:
            out[seat_of[player]] = min(1.0, times / n)


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
