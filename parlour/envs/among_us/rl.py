"""Among Us' RL faces: a menu of meeting messages and a numeric view of what you see."""

from __future__ import annotations

import functools

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.envs.among_us.maps import GameMap
from parlour.envs.among_us.model import AmongUsConfig, Phase, Role, SabotageKind, StepView
from parlour.envs.among_us.rules import AmongUsRules

_PHASES = list(Phase)
_SABOTAGES = list(SabotageKind)
_PHASE_INDEX = {phase: i for i, phase in enumerate(_PHASES)}
_SABOTAGE_INDEX = {kind: i for i, kind in enumerate(_SABOTAGES)}


def menu_size(config: AmongUsConfig) -> int:
    n = config.num_players
    return max(n + 16, 2 * n + 2)


def speech_menu(rules: AmongUsRules, agent: AgentId) -> tuple[str, ...]:
    """Accuse someone of a kill, suspect someone, vouch for someone, or say where you were."""
    return _speech_acts(agent, tuple(rules.living), _last_room(rules, agent))


@functools.lru_cache(maxsize=1024)
def _speech_acts(agent: AgentId, living: tuple[AgentId, ...], room: str) -> tuple[str, ...]:
    """(cached: the acts change only with deaths and the speaker's room)"""
    others = [p for p in living if p != agent]
    return (
        *(f"I saw {p} kill." for p in others),
        *(f"I suspect {p}." for p in others),
        f"I was doing my tasks in {room}.",
        "Skip this one.",
    )


class _MapIndex:
    """A map's room numbers and each room's one-hot and exits as a float32 row (fixed per map:
    built once; keyed by the map's name, as hashing a whole map each step would cost more than
    building this)."""

    def __init__(self, game_map: GameMap) -> None:
        rooms = game_map.rooms
        self.room_of = {room: i for i, room in enumerate(rooms)}
        self.features: dict[str, np.ndarray] = {}
        for i, room in enumerate(rooms):
            row = np.zeros(2 * len(rooms), np.float32)
            row[i] = 1.0
            for exit_room in game_map.adjacent(room):
                row[len(rooms) + self.room_of[exit_room]] = 1.0
            self.features[room] = row


_MAP_INDEX: dict[str, _MapIndex] = {}


def _map_index(game_map: GameMap) -> _MapIndex:
    index = _MAP_INDEX.get(game_map.name)
    if index is None:
        index = _MAP_INDEX[game_map.name] = _MapIndex(game_map)
    return index


def _last_room(rules: AmongUsRules, agent: AgentId) -> str:
    """Where ``agent`` last was in free roam (a meeting moves everyone to the meeting room)."""
    view = rules.events.latest(StepView.kind, agent)
    return view.data.room if view else rules.room[agent]


def numeric_size(config: AmongUsConfig) -> int:
    rooms = len(config.game_map().rooms)
    n = config.num_players
    return len(_PHASES) + len(_SABOTAGES) + 3 * rooms + 4 * n + 6


def encode(rules: AmongUsRules, agent: AgentId) -> np.ndarray:
    """Phase; step progress; your role; your seat; your room; rooms of your open tasks; exits of
    your room; who you see in your room (none when the lights blind you) and whose bodies; who you
    know is alive (everyone not yet found dead or ejected); the task bar; your kill cooldown; the
    sabotage in force and its timer; whether you act."""
    seat_of = rules.seat_of
    n = len(seat_of)
    index = _map_index(rules.map)
    rooms = len(index.room_of)
    out = np.zeros(len(_PHASES) + len(_SABOTAGES) + 3 * rooms + 4 * n + 6, np.float32)
    out[_PHASE_INDEX[rules.phase]] = 1.0  # (filled by index)
    at = len(_PHASES)
    config = rules.config
    out[at] = rules.step_number / config.max_steps
    impostor = rules.roles[agent] is Role.IMPOSTOR
    out[at + 1] = impostor
    at += 2
    out[at + seat_of[agent]] = 1.0
    at += n
    out[at : at + 2 * rooms] = index.features[rules.room[agent]]
    at += 2 * rooms
    for task in rules.tasks[agent] if impostor else rules.open_tasks(agent):
        out[at + index.room_of[task.room]] = 1.0
    at += rooms
    event = rules.events.latest(StepView.kind, agent)
    view = event.data if event else None
    bodies = view.bodies if view else ()
    if view:
        for player in view.players or ():
            out[at + seat_of[player]] = 1.0
        for player in bodies:
            out[at + n + seat_of[player]] = 1.0
    at += 2 * n
    out[at : at + n] = 1.0  # known alive, until found dead or ejected
    known_dead = [e["player"] for e in rules.ejections]
    known_dead += bodies
    known_dead += rules.reported_bodies
    known_dead += (k.victim for k in rules.kills if agent == k.killer or agent in k.witnesses)
    for player in known_dead:
        out[at + seat_of[player]] = 0.0
    at += n
    out[at] = rules.task_bar()
    if impostor:
        out[at + 1] = rules.kill_cooldown(agent) / max(1, config.kill_cooldown)
    if rules.sabotage:
        out[at + 2 + _SABOTAGE_INDEX[rules.sabotage]] = 1.0
    at += 2 + len(_SABOTAGES)
    out[at] = rules.sabotage_timer() / config.reactor_time
    out[at + 1] = agent in rules.acting()
    return out


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
