"""Werewolf's RL faces: a menu of speech acts (claims, accusations) and a numeric view."""

from __future__ import annotations

import functools

import numpy as np

from parlour.core.events import AgentId, Event
from parlour.core.game import RLFace
from parlour.envs.werewolf.model import Phase, Reveal, Role, VotesRevealed, WerewolfConfig
from parlour.envs.werewolf.rules import WerewolfRules

_PHASES = list(Phase)
_ROLES = list(Role)
_PHASE_INDEX = {phase: i for i, phase in enumerate(_PHASES)}
_ROLE_INDEX = {role: i for i, role in enumerate(_ROLES)}
# (module constants: reading an enum member off its class is slow on CPython 3.11)
_WEREWOLF, _SEER, _NO_REVEAL = Role.WEREWOLF, Role.SEER, Reveal.NONE
_WEREWOLF_VALUE = Role.WEREWOLF.value
_VOTES_REVEALED = VotesRevealed.kind


def menu_size(config: WerewolfConfig) -> int:
    n = config.num_players
    return max(3 * (n - 1) + 3, n + 1, 6)


def speech_menu(rules: WerewolfRules, agent: AgentId) -> tuple[str, ...]:
    """Speech acts in the spirit of LSPO's latent strategies: claim a role, name a werewolf as the
    seer, accuse, vouch for, or say nothing new."""
    return _speech_acts(agent, tuple(rules.living))


@functools.lru_cache(maxsize=1024)
def _speech_acts(agent: AgentId, living: tuple[AgentId, ...]) -> tuple[str, ...]:
    """(cached: the acts change only when someone dies)"""
    others = [p for p in living if p != agent]
    return (
        "I am a villager.",
        "I am the seer.",
        *(f"I am the seer. {p} is a werewolf." for p in others),
        *(f"I suspect {p}." for p in others),
        *(f"I trust {p}." for p in others),
        "Nothing to add.",
    )


def numeric_size(config: WerewolfConfig) -> int:
    n = config.num_players
    return len(_PHASES) + len(_ROLES) + 5 * n + 2


def encode(rules: WerewolfRules, agent: AgentId) -> np.ndarray:
    """The phase as you see it (at night your own task, or "night" when you sleep); day
    progress; your role; your seat; who is alive; the players you know are werewolves (your pack,
    or the seer's finds), the players you know are not; the votes each player got in the last
    reveal; whether you act."""
    acting = agent in rules.acting()
    phase = rules.task(agent)
    revealed = rules.events.latest(_VOTES_REVEALED, agent)
    key = (phase, rules.day, len(rules.living), len(rules.deaths), revealed)
    out = rules.derived(phase, key, lambda: _public(rules, phase, revealed)).copy()
    seat_of = rules.seat_of
    n = len(seat_of)
    role = rules.roles[agent]
    at = len(_PHASES) + 1
    out[at + _ROLE_INDEX[role]] = 1.0
    at += len(_ROLES)
    out[at + seat_of[agent]] = 1.0
    wolves, cleared = at + 2 * n, at + 3 * n  # what you alone know adds to what deaths told all
    if role is _WEREWOLF:
        for player in rules.wolves:
            if player != agent:
                out[wolves + seat_of[player]] = 1.0
    elif role is _SEER:
        for target, found in rules.inspected.items():
            out[(wolves if found is _WEREWOLF else cleared) + seat_of[target]] = 1.0
    out[-1] = acting
    return out


def _public(rules: WerewolfRules, phase: Phase, revealed: Event | None) -> np.ndarray:
    """The numbers every player shown ``phase`` is shown alike: the phase, the day, who is alive,
    the roles deaths revealed, the last tally (they change only with those; the role, seat and
    acting entries are left at 0)."""
    seat_of = rules.seat_of
    n = len(seat_of)
    out = np.zeros(len(_PHASES) + len(_ROLES) + 5 * n + 2, np.float32)  # filled by index
    out[_PHASE_INDEX[phase]] = 1.0
    at = len(_PHASES)
    out[at] = rules.day / rules.config.max_days
    at += 1 + len(_ROLES) + n
    for player in rules.living:
        out[at + seat_of[player]] = 1.0
    wolves, cleared = at + n, at + 2 * n
    if rules.config.reveal_on_death is not _NO_REVEAL:
        for death in rules.deaths:
            known = wolves if death["role"] == _WEREWOLF_VALUE else cleared
            out[known + seat_of[death["player"]]] = 1.0
    if revealed is not None:
        at += 3 * n
        for player, votes in revealed.data.tally.items():
            out[at + seat_of[player]] = votes / n
    return out


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
