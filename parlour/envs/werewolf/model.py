"""Werewolf's vocabulary: the config, roles, teams, phases, typed actions and event payloads.

Everything the rules, the text, the bots and the RL face name in common; no behaviour beyond the
config's validation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from parlour.core.ballots import BallotCast as BallotCast  # (shared payloads)
from parlour.core.ballots import Outcome
from parlour.core.ballots import VotesRevealed as VotesRevealed
from parlour.core.config import FLAG, Choice, Integer, ListOf, OrNone, Text, validate
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId, Payload

MIN_PLAYERS, MAX_PLAYERS = 4, 16
MAX_BID = 4


class Role(str, Enum):
    WEREWOLF = "werewolf"
    VILLAGER = "villager"
    SEER = "seer"
    DOCTOR = "doctor"
    WITCH = "witch"
    HUNTER = "hunter"


class Team(str, Enum):
    VILLAGE = "village"
    WEREWOLVES = "werewolves"


def team_of(role: Role) -> Team:
    return Team.WEREWOLVES if role is Role.WEREWOLF else Team.VILLAGE


#: The published setups (see the reference survey): Werewolf Arena and Kaggle's standard game, the
#: LSPO paper's 7-player game, and AgentScope's 9-player game.
PRESETS: dict[str, tuple[str, ...]] = {
    "arena8": ("werewolf",) * 2 + ("seer", "doctor") + ("villager",) * 4,
    "lspo7": ("werewolf",) * 2 + ("seer", "doctor") + ("villager",) * 3,
    "classic9": ("werewolf",) * 3 + ("seer", "witch", "hunter") + ("villager",) * 3,
}


class Phase(str, Enum):
    """The phase everyone sees. At night that is always ``NIGHT``; the night tasks (wolf_chat to
    seer) are what one seat does in a night turn, seen by that seat alone (``WerewolfRules.task``);
    a seat with no task answers ``[sleep]``."""

    NIGHT = "night"
    WOLF_CHAT = "wolf_chat"
    WOLF_VOTE = "wolf_vote"
    DOCTOR = "doctor"
    WITCH = "witch"
    SEER = "seer"
    HUNTER = "hunter"
    LAST_WORDS = "last_words"
    BID = "bid"
    DISCUSSION = "discussion"
    VOTE = "vote"
    OVER = "over"


class Reveal(str, Enum):
    """What a death (or the seer's inspection) reveals."""

    NONE = "none"
    TEAM = "team"
    ROLE = "role"


class WolfTie(str, Enum):
    RANDOM = "random"  # a seeded draw among the tied victims
    NO_KILL = "no_kill"


class Discussion(str, Enum):
    ROUND_ROBIN = "round_robin"  # a seeded order, repeated discussion_rounds times
    BIDDING = "bidding"  # bidding_turns turns; each goes to the highest bid (0-4)


class VoteMode(str, Enum):
    SECRET = "secret"  # simultaneous ballots, revealed together
    SEQUENTIAL = "sequential"  # public ballots in a seeded order


class Exile(str, Enum):
    PLURALITY = "plurality"
    MAJORITY = "majority"  # more than half of the ballots cast (abstentions included)


class VoteTie(str, Enum):
    NONE = "none"  # nobody is exiled
    RANDOM = "random"
    RUNOFF = "runoff"  # one more vote between the tied players; a second tie exiles nobody


class Cause(str, Enum):
    WOLVES = "wolves"
    POISON = "poison"
    EXILE = "exile"
    SHOT = "shot"


# -- actions ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Speak:
    """Wolf chat, last words or a day speech; ``None`` when the text was invalid (withheld)."""

    text: str | None


@dataclass(frozen=True, slots=True)
class Kill:
    target: AgentId | None  # None: no preference (only as the default of an invalid ballot)


@dataclass(frozen=True, slots=True)
class Protect:
    target: AgentId | None


@dataclass(frozen=True, slots=True)
class Inspect:
    target: AgentId | None


@dataclass(frozen=True, slots=True)
class Heal:
    pass


@dataclass(frozen=True, slots=True)
class Poison:
    target: AgentId


@dataclass(frozen=True, slots=True)
class Shoot:
    target: AgentId | None  # None: the hunter holds fire


@dataclass(frozen=True, slots=True)
class Pass:
    pass


@dataclass(frozen=True, slots=True)
class Sleep:
    """A night turn with nothing to do: every living player acts in every night turn."""


@dataclass(frozen=True, slots=True)
class Bid:
    amount: int


@dataclass(frozen=True, slots=True)
class Vote:
    target: AgentId | None  # None: abstain


Action = Speak | Kill | Protect | Inspect | Heal | Poison | Shoot | Pass | Sleep | Bid | Vote


# -- event payloads (each kind's fields in the order of its transcript) ------------------------
@dataclass(frozen=True, slots=True)
class DeathNote(Mapping[str, Any]):
    """What a death shows everyone, by ``reveal_on_death``: the role, the team, or neither.

    A mapping of its fields as well, so a payload that holds one writes it to JSON as an object.
    """

    player: AgentId
    role: Role | None
    team: Team | None

    def __getitem__(self, key: str) -> Any:
        if key not in _NOTE_FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_NOTE_FIELDS)

    def __len__(self) -> int:
        return len(_NOTE_FIELDS)


_NOTE_FIELDS = ("player", "role", "team")


@dataclass(frozen=True, slots=True)
class Deal(Payload):
    """Private to ``player``: their role and, for a werewolf, the pack (else empty)."""

    kind: ClassVar[str] = "deal"
    player: AgentId
    role: Role
    pack: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class NightStart(Payload):
    kind: ClassVar[str] = "night_start"
    night: int


@dataclass(frozen=True, slots=True)
class WolfChat(Payload):
    """Private to the pack; ``text`` None when the speech was invalid."""

    kind: ClassVar[str] = "wolf_chat"
    player: AgentId
    text: str | None


@dataclass(frozen=True, slots=True)
class WolfBallot(Payload):
    """Private to the voting wolf."""

    kind: ClassVar[str] = "wolf_ballot"
    player: AgentId
    target: AgentId | None


@dataclass(frozen=True, slots=True)
class WolfDecision(Payload):
    """Private to the pack: every wolf ballot, the victim (or None) and whether it was a tie."""

    kind: ClassVar[str] = "wolf_decision"
    ballots: Mapping[AgentId, AgentId | None]
    victim: AgentId | None
    tie: bool


@dataclass(frozen=True, slots=True)
class Protection(Payload):
    """Private to the doctor."""

    kind: ClassVar[str] = "protect"
    player: AgentId
    target: AgentId | None


@dataclass(frozen=True, slots=True)
class WitchNews(Payload):
    """Private to the witch: tonight's victim (None: nobody was attacked)."""

    kind: ClassVar[str] = "witch_news"
    victim: AgentId | None


@dataclass(frozen=True, slots=True)
class WitchAct(Payload):
    """Private to the witch."""

    kind: ClassVar[str] = "witch_act"
    player: AgentId
    heal: bool
    poison: AgentId | None


@dataclass(frozen=True, slots=True)
class Inspection(Payload):
    """Private to the seer: the role (when ``seer_reveals`` is role) and the team found."""

    kind: ClassVar[str] = "inspection"
    player: AgentId
    target: AgentId | None
    role: Role | None
    team: Team | None


@dataclass(frozen=True, slots=True)
class Dawn(Payload):
    kind: ClassVar[str] = "dawn"
    day: int
    deaths: tuple[DeathNote, ...]


@dataclass(frozen=True, slots=True)
class HunterShot(Payload):
    """``target`` None: the hunter held fire (and ``death`` is None)."""

    kind: ClassVar[str] = "hunter_shot"
    player: AgentId
    target: AgentId | None
    death: DeathNote | None


@dataclass(frozen=True, slots=True)
class LastWords(Payload):
    kind: ClassVar[str] = "last_words"
    player: AgentId
    text: str | None


@dataclass(frozen=True, slots=True)
class DayStart(Payload):
    kind: ClassVar[str] = "day_start"
    day: int
    living: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class Bids(Payload):
    """Every living player's bid for the next speaking turn, and who won it."""

    kind: ClassVar[str] = "bids"
    bids: Mapping[AgentId, int]
    speaker: AgentId


@dataclass(frozen=True, slots=True)
class Speech(Payload):
    kind: ClassVar[str] = "speech"
    player: AgentId
    text: str | None
    day: int


@dataclass(frozen=True, slots=True)
class VoteStart(Payload):
    """``order``: the voting order of sequential votes (empty for secret ones)."""

    kind: ClassVar[str] = "vote_start"
    candidates: tuple[AgentId, ...]
    runoff: bool
    order: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class Exiled(Payload):
    """The exiled player, with what the death shows (as in :class:`DeathNote`)."""

    kind: ClassVar[str] = "exile"
    player: AgentId
    role: Role | None
    team: Team | None


@dataclass(frozen=True, slots=True)
class NoExile(Payload):
    kind: ClassVar[str] = "no_exile"
    reason: Outcome  # tie, no majority or no votes
    tied: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class GameOver(Payload):
    """The winning team (None when the day limit cut the game) and every role."""

    kind: ClassVar[str] = "game_over"
    winner: Team | None
    reason: str
    roles: Mapping[AgentId, Role]


@dataclass(frozen=True)
class WerewolfConfig:
    """Options of a Werewolf game.

    Attributes:
        preset: ``arena8`` (2 werewolves, seer, doctor, 4 villagers), ``lspo7`` (one villager
            fewer) or ``classic9`` (3 werewolves, seer, witch, hunter, 3 villagers).
        roles: any mix of roles (one entry per player, 4-16 players; at most one seer, doctor,
            witch and hunter), instead of the preset.
        seat_roles: the role of each seat, skipping the seeded draw (tournaments rotate roles
            this way); it must be a reordering of the roles in play.
        wolf_chat_rounds: turns each living wolf speaks in the private night chat (0: no chat;
            a lone wolf has no chat).
        wolf_tie: a tied wolf vote kills a seeded ``random`` one of the tied, or ``no_kill``.
        doctor_self_protect: the doctor may protect themself.
        doctor_repeat: the doctor may protect the same player two nights running.
        witch_self_heal: the witch may heal themself.
        seer_reveals: the seer learns the ``role`` or only the ``team`` of the inspected player.
        reveal_on_death: a death reveals ``none``, the ``team`` or the ``role``.
        last_words: each player who dies says one last line.
        discussion: ``round_robin`` (a seeded order, ``discussion_rounds`` times) or ``bidding``
            (``bidding_turns`` turns, each to the highest bid 0-4, seeded tie-break).
        vote: ``secret`` ballots revealed together, or ``sequential`` public ballots.
        exile: ``plurality`` or ``majority`` (more than half of the ballots cast).
        vote_tie: ``none`` (nobody goes), ``random`` (seeded) or ``runoff``.
        max_days: days before the game is truncated with no winner.
        max_speech_chars: longer speeches are cut to this length.
    """

    preset: str = "arena8"
    roles: tuple[str, ...] | None = None
    seat_roles: tuple[str, ...] | None = None
    wolf_chat_rounds: int = 1
    wolf_tie: WolfTie | str = WolfTie.RANDOM
    doctor_self_protect: bool = True
    doctor_repeat: bool = False
    witch_self_heal: bool = False
    seer_reveals: Reveal | str = Reveal.ROLE
    reveal_on_death: Reveal | str = Reveal.NONE
    last_words: bool = False
    discussion: Discussion | str = Discussion.ROUND_ROBIN
    discussion_rounds: int = 2
    bidding_turns: int = 8
    vote: VoteMode | str = VoteMode.SECRET
    exile: Exile | str = Exile.PLURALITY
    vote_tie: VoteTie | str = VoteTie.NONE
    max_days: int = 10
    max_speech_chars: int = 300

    def __post_init__(self) -> None:
        roles_check = OrNone(ListOf(Choice(Role)))
        validate(
            self,
            preset=Text(),
            roles=roles_check,
            seat_roles=roles_check,
            wolf_chat_rounds=Integer(0, 5),
            wolf_tie=Choice(WolfTie),
            doctor_self_protect=FLAG,
            doctor_repeat=FLAG,
            witch_self_heal=FLAG,
            seer_reveals=Choice(Reveal),
            reveal_on_death=Choice(Reveal),
            last_words=FLAG,
            discussion=Choice(Discussion),
            discussion_rounds=Integer(1, 10),
            bidding_turns=Integer(1, 50),
            vote=Choice(VoteMode),
            exile=Choice(Exile),
            vote_tie=Choice(VoteTie),
            max_days=Integer(1, 50),
            max_speech_chars=Integer(20, 1000),
        )
        if self.seer_reveals is Reveal.NONE:
            raise ConfigError("seer_reveals must be one of role, team, actual value: 'none'")
        if self.roles is None and self.preset not in PRESETS:
            raise ConfigError(
                f"preset must be one of {', '.join(PRESETS)}, actual value: {self.preset!r}"
            )
        roles = (
            list(self.roles) if self.roles is not None else [Role(r) for r in PRESETS[self.preset]]
        )
        object.__setattr__(self, "roles", tuple(r.value for r in roles))
        n, wolves = len(roles), roles.count(Role.WEREWOLF)
        doubled = sorted({r.value for r in _UNIQUE_ROLES if roles.count(r) > 1})
        if doubled:
            raise ConfigError(f"at most one {' and one '.join(doubled)} may play; roles: {roles}")
        if not MIN_PLAYERS <= n <= MAX_PLAYERS:
            raise ConfigError(
                f"roles must give {MIN_PLAYERS}-{MAX_PLAYERS} players, actual: {n} in "
                f"{tuple(r.value for r in roles)!r}"
            )
        if wolves < 1 or wolves >= n - wolves:
            raise ConfigError(
                f"need at least one werewolf and fewer werewolves than others; roles: {roles}"
            )
        if self.seat_roles is not None:
            if Counter(self.seat_roles) != Counter(roles):
                raise ConfigError(
                    f"seat_roles must reorder the roles in play {self.roles}, actual value: "
                    f"{tuple(r.value for r in self.seat_roles)!r}"
                )
            object.__setattr__(self, "seat_roles", tuple(r.value for r in self.seat_roles))

    @property
    def num_players(self) -> int:
        return len(self.roles or ())

    def role_counts(self) -> dict[Role, int]:
        """How many of each role are in play, in a fixed order."""
        counts = Counter(Role(r) for r in self.roles or ())
        return {role: counts[role] for role in Role if counts[role]}


#: Roles with private night state (a protection, potions, inspections, a shot): one each at most.
_UNIQUE_ROLES = (Role.SEER, Role.DOCTOR, Role.WITCH, Role.HUNTER)
