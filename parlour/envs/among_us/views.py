"""Among Us' RL faces: a menu of meeting messages and a numeric view of what you see."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.numeric import last_visible, one_hot, seat_mask, vector
from parlour.envs.among_us.maps import GameMap
from parlour.envs.among_us.rules import (
    AmongUsConfig,
    AmongUsRules,
    EventKind,
    Phase,
    Role,
    SabotageKind,
)

_PHASES = list(Phase)
_SABOTAGES = list(SabotageKind)


def menu_size(config: AmongUsConfig) -> int:
    n = config.num_players
    return max(n + 16, 2 * n + 2)


def speech_menu(rules: AmongUsRules, agent: AgentId) -> list[str]:
    """Accuse someone of a kill, suspect someone, vouch for someone, or say where you were."""
    others = [p for p in rules.living if p != agent]
    return [
        *(f"I saw {p} kill." for p in others),
        *(f"I suspect {p}." for p in others),
        f"I was doing my tasks in {_last_room(rules, agent)}.",
        "Skip this one.",
    ]


_ROOM_FEATURES: dict[tuple[str, str], tuple[float, ...]] = {}


def _room_features(game_map: GameMap, room: str) -> tuple[float, ...]:
    """The room's one-hot, then which rooms are its exits (fixed per map: built once; keyed by
    the map's name, as hashing a whole map each step would cost more than building this)."""
    key = (game_map.name, room)
    features = _ROOM_FEATURES.get(key)
    if features is None:
        rooms, exits = game_map.rooms, game_map.adjacent(room)
        features = (
            *one_hot(rooms.index(room), len(rooms)),
            *(1.0 if r in exits else 0.0 for r in rooms),
        )
        _ROOM_FEATURES[key] = features
    return features


def _last_room(rules: AmongUsRules, agent: AgentId) -> str:
    """Where ``agent`` last was in free roam (a meeting moves everyone to the meeting room)."""
    view = last_visible(rules.events, agent, EventKind.STEP_VIEW)
    return view.data["room"] if view else rules.room[agent]


def numeric_size(config: AmongUsConfig) -> int:
    rooms = len(config.game_map().rooms)
    n = config.num_players
    return len(_PHASES) + len(_SABOTAGES) + 3 * rooms + 4 * n + 6


def encode(rules: AmongUsRules, agent: AgentId) -> np.ndarray:
    """Phase; step progress; your role; your seat; your room; rooms of your open tasks; exits of
    your room; who you see in your room (none when the lights blind you) and whose bodies; who you
    know is alive (everyone not yet found dead or ejected); the task bar; your kill cooldown; the
    sabotage in force and its timer; whether you act."""
    game_map, players = rules.map, rules.players
    room = rules.room[agent]
    rooms = list(game_map.rooms)
    view = last_visible(rules.events, agent, EventKind.STEP_VIEW)
    seen = (view.data["players"] or []) if view else []
    bodies = view.data["bodies"] if view else []
    known_dead = {e["player"] for e in rules.ejections} | set(bodies)
    known_dead.update(rules.reported_bodies)
    known_dead.update(
        k["victim"] for k in rules.kills if agent == k["killer"] or agent in k["witnesses"]
    )
    impostor = rules.roles[agent] is Role.IMPOSTOR
    open_rooms = {t.room for t in (rules.tasks[agent] if impostor else rules.open_tasks(agent))}
    cooldown = rules.kill_cooldown(agent) / max(1, rules.config.kill_cooldown) if impostor else 0.0
    sabotage = _SABOTAGES.index(rules.sabotage) if rules.sabotage else None
    return vector(
        [
            one_hot(_PHASES.index(rules.phase), len(_PHASES)),
            rules.step_number / rules.config.max_steps,
            float(impostor),
            one_hot(players.index(agent), len(players)),
            _room_features(game_map, room),
            [1.0 if r in open_rooms else 0.0 for r in rooms],
            seat_mask(players, seen),
            seat_mask(players, bodies),
            [0.0 if p in known_dead else 1.0 for p in players],
            rules.task_bar(),
            cooldown,
            one_hot(sabotage, len(_SABOTAGES)),
            rules.sabotage_timer() / rules.config.reactor_time,
            float(agent in rules.acting()),
        ]
    )
