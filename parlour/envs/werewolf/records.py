"""What a Werewolf game records beside its events (deaths, the night roles' statistics), and the
metrics, knowledge and invariant checks read from them and from the event log (role claims and
vote accuracy are read from the log when asked for, not kept as the game goes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parlour.core.errors import InvariantViolation
from parlour.core.events import AgentId
from parlour.envs.werewolf.model import (
    BallotCast,
    Bids,
    Cause,
    Floor,
    LastWords,
    NightStart,
    Phase,
    Reveal,
    Role,
    SecretBid,
    Speech,
    StrawVote,
    VoteStart,
    team_of,
)
from parlour.envs.werewolf.text import claimed_roles, role_phrase, team_phrase

if TYPE_CHECKING:
    from parlour.envs.werewolf.rules import WerewolfRules


@dataclass(frozen=True, slots=True)
class Death:
    """One death: when, who, their true role and why."""

    day: int
    player: AgentId
    role: Role
    cause: Cause


@dataclass(frozen=True, slots=True)
class Claim:
    """A speech in which ``player`` claimed the role ``claimed`` (their true one is ``role``)."""

    day: int
    player: AgentId
    claimed: str
    role: Role

    @property
    def true(self) -> bool:
        return self.claimed == self.role.value


@dataclass(slots=True)
class Records:
    """The game's deaths and the night roles' results, kept as it goes."""

    deaths: list[Death] = field(default_factory=list)
    inspections: int = 0
    wolves_found: int = 0
    protections: int = 0
    doctor_saves: int = 0
    witch_heals: int = 0
    witch_saves: int = 0
    witch_poisons: int = 0
    witch_poisoned_wolves: int = 0


def _claims_and_votes(
    rules: WerewolfRules,
) -> tuple[list[Claim], Counter[AgentId], Counter[AgentId]]:
    """From the event log: the role claims of speeches and last words, each player's day ballots
    and how many of them went to a werewolf."""
    claims: list[Claim] = []
    cast: Counter[AgentId] = Counter()
    on_wolves: Counter[AgentId] = Counter()
    day = 0
    for event in rules.events:
        data = event.data
        if isinstance(data, NightStart):
            day = data.night
        elif isinstance(data, (Speech, LastWords)):
            for claimed in claimed_roles(data.text or ""):
                claims.append(Claim(day, data.player, claimed, rules.roles[data.player]))
        elif isinstance(data, BallotCast) and data.target is not None:
            cast[data.player] += 1
            on_wolves[data.player] += rules.roles[data.target] is Role.WEREWOLF
    return claims, cast, on_wolves


def _talk(rules: WerewolfRules) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """From the event log: every bidding turn (the day, each bid, who won) and every straw poll
    (the day, the speech it followed, each ballot), whether or not the players saw them."""
    bids: list[dict[str, Any]] = []
    polls: list[dict[str, Any]] = []
    day, secret = 0, {}
    for event in rules.events:
        data = event.data
        if isinstance(data, NightStart):
            day = data.night
        elif isinstance(data, SecretBid):
            secret[data.player] = data.amount
        elif isinstance(data, (Bids, Floor)):
            shown = dict(data.bids) if isinstance(data, Bids) else secret
            bids.append({"day": day, "bids": shown, "speaker": data.speaker})
            secret = {}
        elif isinstance(data, VoteStart) and data.straw_after is not None:
            polls.append({"day": day, "after": data.straw_after, "ballots": {}})
        elif isinstance(data, StrawVote):
            polls[-1]["ballots"][data.player] = data.target
    return bids, polls


def metrics(rules: WerewolfRules) -> dict[str, Any]:
    """The game's statistics as JSON data (see :meth:`WerewolfRules.metrics`)."""
    counts = Counter(rules.roles.values())
    alive = Counter(rules.roles[p] for p in rules.living)
    records = rules.records
    claims, cast, on_wolves = _claims_and_votes(rules)
    bids, polls = _talk(rules)
    village = [p for p in rules.players if p not in rules.wolves]
    return {
        "winner": rules.winner.value if rules.winner else None,
        "truncated": rules.is_truncated(),
        "days": rules.day,
        "roles": {p: r.value for p, r in rules.roles.items()},
        "survival": {role.value: alive[role] / counts[role] for role in counts},
        "deaths": [
            {"day": d.day, "player": d.player, "role": d.role.value, "cause": d.cause.value}
            for d in records.deaths
        ],
        "vote_accuracy": {p: _ratio(on_wolves[p], cast[p]) for p in rules.players},
        "village_vote_accuracy": _ratio(
            sum(on_wolves[p] for p in village), sum(cast[p] for p in village)
        ),
        "seer": {"inspections": records.inspections, "wolves_found": records.wolves_found},
        "doctor": {"protections": records.protections, "saves": records.doctor_saves},
        "witch": {
            "heals": records.witch_heals,
            "saves": records.witch_saves,
            "poisons": records.witch_poisons,
            "poisoned_wolves": records.witch_poisoned_wolves,
        },
        "claims": [
            {
                "day": c.day,
                "player": c.player,
                "claimed": c.claimed,
                "role": c.role.value,
                "true": c.true,
            }
            for c in claims
        ],
        "bids": bids,
        "straw_polls": polls,
    }


def known_to(rules: WerewolfRules, viewer: AgentId) -> tuple[set[AgentId], set[AgentId]]:
    """(players whose role ``viewer`` may know, players whose team ``viewer`` may know)."""
    roles, teams = {viewer}, {viewer}
    if rules.roles[viewer] is Role.WEREWOLF:
        roles |= set(rules.wolves)
    for target in rules.inspected if rules.roles[viewer] is Role.SEER else ():
        (roles if rules.config.seer_reveals is Reveal.ROLE else teams).add(target)
    reveal = rules.config.reveal_on_death
    for death in rules.records.deaths:
        if reveal is Reveal.ROLE:
            roles.add(death.player)
        elif reveal is Reveal.TEAM:
            teams.add(death.player)
    return roles | rules.shown_hunters, teams | roles | rules.shown_hunters


def hidden_from(rules: WerewolfRules, viewer: AgentId) -> set[str]:
    """The phrases the text uses to state a role or team ``viewer`` may not know yet."""
    if rules.phase is Phase.OVER:
        return set()
    roles, teams = known_to(rules, viewer)
    hidden = set()
    for player, role in rules.roles.items():
        if player not in roles:
            hidden.add(role_phrase(player, role))
        if player not in teams:
            hidden.add(team_phrase(player, team_of(role)))
    return hidden


def check_invariants(rules: WerewolfRules) -> None:
    """Raise ``InvariantViolation`` where the state contradicts itself."""
    living, phase = rules.living, rules.phase
    if not set(living) <= set(rules.players) or len(set(living)) != len(living):
        raise InvariantViolation(f"bad living list {living}")
    if len(living) + len(rules.records.deaths) != len(rules.players):
        raise InvariantViolation("deaths and the living do not add up")
    if (phase is Phase.OVER) != (rules.is_terminal() or rules.is_truncated()):
        raise InvariantViolation("phase OVER must coincide with the end of the game")
    acting = rules.acting()
    if phase not in (Phase.LAST_WORDS, Phase.HUNTER, Phase.OVER) and not set(acting) <= set(living):
        raise InvariantViolation("a dead player is asked to act")
    if phase is not Phase.OVER and not acting:
        raise InvariantViolation(f"nobody acts in phase {phase.value}")
    if rules.day > rules.config.max_days:
        raise InvariantViolation("played past the day limit")
    wolves = len(rules.living_wolves())
    decided = wolves == 0 or wolves >= len(living) - wolves
    if decided and phase not in (Phase.HUNTER, Phase.OVER):
        raise InvariantViolation("a side has won but the game goes on")
    if not rules.heal_left and rules.records.witch_heals != 1:
        raise InvariantViolation("the heal was used more than once")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
