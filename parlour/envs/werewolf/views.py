"""Werewolf's RL faces: a menu of speech acts (claims, accusations) and a numeric view."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.numeric import last_visible, one_hot, seat_mask, vector
from parlour.envs.werewolf.rules import (
    NIGHT_PHASES,
    EventKind,
    Phase,
    Reveal,
    Role,
    WerewolfConfig,
    WerewolfRules,
)

_PHASES = list(Phase)
_ROLES = list(Role)


def menu_size(config: WerewolfConfig) -> int:
    n = config.num_players
    return max(3 * (n - 1) + 3, n + 1, 6)


def speech_menu(rules: WerewolfRules, agent: AgentId) -> list[str]:
    """Speech acts in the spirit of LSPO's latent strategies: claim a role, name a werewolf as the
    seer, accuse, vouch for, or say nothing new."""
    others = [p for p in rules.living if p != agent]
    return [
        "I am a villager.",
        "I am the seer.",
        *(f"I am the seer. {p} is a werewolf." for p in others),
        *(f"I suspect {p}." for p in others),
        *(f"I trust {p}." for p in others),
        "Nothing to add.",
    ]


def numeric_size(config: WerewolfConfig) -> int:
    n = config.num_players
    return len(_PHASES) + len(_ROLES) + 5 * n + 2


def encode(rules: WerewolfRules, agent: AgentId) -> np.ndarray:
    """Phase (night phases all read "night" unless you act in one); day progress; your role; your
    seat; who is alive; the players you know are werewolves (your pack, or the seer's finds),
    the players you know are not; the votes each player got in the last reveal; whether you act."""
    players = rules.players
    acting = agent in rules.acting()
    phase = rules.phase
    if phase in NIGHT_PHASES and not acting:
        phase = Phase.WOLF_CHAT  # every unseen night turn looks the same
    role = rules.roles[agent]
    wolves: set[str] = set(rules.wolves) - {agent} if role is Role.WEREWOLF else set()
    cleared: set[str] = set()
    if role is Role.SEER:
        for target, found in rules.inspected.items():
            (wolves if found is Role.WEREWOLF else cleared).add(target)
    if rules.config.reveal_on_death is not Reveal.NONE:
        for death in rules.deaths:
            (wolves if death["role"] == Role.WEREWOLF.value else cleared).add(death["player"])
    revealed = last_visible(rules.events, agent, EventKind.VOTES_REVEALED)
    tally = revealed.data["tally"] if revealed else {}
    return vector(
        [
            one_hot(_PHASES.index(phase), len(_PHASES)),
            rules.day / rules.config.max_days,
            one_hot(_ROLES.index(role), len(_ROLES)),
            one_hot(players.index(agent), len(players)),
            seat_mask(players, rules.living),
            seat_mask(players, wolves),
            seat_mask(players, cleared),
            [tally.get(p, 0) / len(players) for p in players],
            float(acting),
        ]
    )
