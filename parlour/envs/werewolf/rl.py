"""Werewolf's RL faces: a menu of speech acts (claims, accusations) and a numeric view."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.core.numeric import PublicFold
from parlour.envs.werewolf.config import WerewolfConfig
from parlour.envs.werewolf.model import (
    DayStart,
    LastWords,
    Phase,
    Reveal,
    Role,
    Speech,
    VotesRevealed,
)

if TYPE_CHECKING:
    from parlour.envs.werewolf.rules import WerewolfRules

_PHASES = list(Phase)
_ROLES = list(Role)


def menu_size(config: WerewolfConfig) -> int:
    n = config.num_players
    return max(3 * (n - 1) + 3, n + 1, 6)


def speech_menu(rules: WerewolfRules, agent: AgentId) -> tuple[str, ...]:
    """Speech acts in the spirit of LSPO's latent strategies: claim a role, name a werewolf as the
    seer, accuse, vouch for, or say nothing new."""
    others = [p for p in rules.living if p != agent]
    return (
        "I am a villager.",
        "I am the seer.",
        *(f"I am the seer. {p} is a werewolf." for p in others),
        *(f"I suspect {p}." for p in others),
        *(f"I trust {p}." for p in others),
        "Nothing to add.",
    )


@dataclass(slots=True)
class _Talk:
    """What the day speeches said so far: seer claims and the players named today."""

    claims: dict[AgentId, tuple[set[AgentId], set[AgentId]]] = field(default_factory=dict)
    named_today: Counter[AgentId] = field(default_factory=Counter)


#: A seer claim as the speech menu and the scripted bots word it.
_SEER_CLAIM = re.compile(r"i am the seer\.(?: (player_\d+) is (not )?a werewolf)?")
_NAMED = re.compile(r"player_\d+")


def _hear(talk: _Talk, data: Any) -> None:
    if isinstance(data, DayStart):
        talk.named_today.clear()
    elif isinstance(data, (Speech, LastWords)) and data.text:
        said = data.text.lower()
        claim = _SEER_CLAIM.search(said)
        if claim:
            wolves, clear = talk.claims.setdefault(data.player, (set(), set()))
            if claim.group(1):
                (clear if claim.group(2) else wolves).add(claim.group(1))
        talk.named_today.update(p for p in set(_NAMED.findall(said)) if p != data.player)


#: The public speeches of each game, folded in as they come.
_TALK = PublicFold(_Talk, _hear)


def numeric_size(config: WerewolfConfig) -> int:
    n = config.num_players
    return len(_PHASES) + len(_ROLES) + 9 * n + 2


def encode(rules: WerewolfRules, agent: AgentId) -> np.ndarray:
    """The phase as you see it (at night your own task, or "night" when you sleep); day
    progress; your role; your seat; who is alive; the players you know are werewolves (your pack,
    or the seer's finds), the players you know are not; the votes each player got in the last
    reveal; whether you act; then from the speeches: who claimed the seer, who a living claimant
    named a werewolf, who one named not a werewolf, and how many of today's speeches named each
    player (over the players)."""
    seat_of, role = rules.seat_of, rules.roles[agent]
    n = len(seat_of)
    out = np.zeros(numeric_size(rules.config), np.float32)  # filled by index
    out[_PHASES.index(rules.task(agent))] = 1.0
    at = len(_PHASES)
    out[at] = rules.day / rules.config.max_days
    out[at + 1 + _ROLES.index(role)] = 1.0
    at += 1 + len(_ROLES)
    out[at + seat_of[agent]] = 1.0
    at += n
    for player in rules.living:
        out[at + seat_of[player]] = 1.0
    wolves, cleared = at + n, at + 2 * n
    if rules.config.reveal_on_death is not Reveal.NONE:  # what deaths told everyone
        for death in rules.records.deaths:
            known = wolves if death.role is Role.WEREWOLF else cleared
            out[known + seat_of[death.player]] = 1.0
    if role is Role.WEREWOLF:  # what you alone know
        for player in rules.wolves:
            if player != agent:
                out[wolves + seat_of[player]] = 1.0
    elif role is Role.SEER:
        for target, found in rules.inspected.items():
            out[(wolves if found is Role.WEREWOLF else cleared) + seat_of[target]] = 1.0
    revealed = rules.events.latest(VotesRevealed.kind, agent)
    if revealed is not None:
        for player, votes in revealed.data.tally.items():
            out[at + 3 * n + seat_of[player]] = votes / n
    out[at + 4 * n] = agent in rules.acting()
    _speeches(out[at + 4 * n + 1 :], rules, seat_of)
    return out


def _speeches(out: np.ndarray, rules: WerewolfRules, seat_of: dict[AgentId, int]) -> None:
    """Fill ``out[:4n]`` from the public speeches (see :func:`encode`)."""
    n = len(seat_of)
    talk = _TALK(rules)
    living = set(rules.living)
    for claimant, (wolves, clear) in talk.claims.items():
        out[seat_of[claimant]] = 1.0
        if claimant in living:
            for player in wolves & seat_of.keys():
                out[n + seat_of[player]] = 1.0
            for player in clear & seat_of.keys():
                out[2 * n + seat_of[player]] = 1.0
    for player, times in talk.named_today.items():
        if player in seat_of:
            out[3 * n + seat_of[player]] = min(1.0, times / n)


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
