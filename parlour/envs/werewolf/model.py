"""Werewolf's vocabulary: roles, teams, phases, the options' enums, typed actions and event
payloads (the config is in :mod:`.config`).

Everything the rules, the text, the bots and the RL face name in common; no behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from parlour.core.ballots import BallotCast as BallotCast  # (shared payloads)
from parlour.core.ballots import Outcome
from parlour.core.ballots import VotesRevealed as VotesRevealed
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


class Phase(str, Enum):
    """The phase everyone sees. At night that is always ``NIGHT``; the night tasks (wolf_chat to
    seer) are what one seat does in a night turn, seen by that seat alone (``WerewolfRules.task``);
    a seat with no task answers ``[sleep]``."""

    NIGHT = "night"
    WOLF_CHAT = "wolf_chat"
    WOLF_VOTE = "wolf_vote"  # a wolf's ballot, or the choice of the one wolf who picks/proposes
    WOLF_DECIDE = "wolf_decide"  # the deciding wolf, after the proposal (``propose_decide``)
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


class WolfKill(str, Enum):
    """How the pack chooses its victim."""

    VOTE = "vote"  # every living wolf votes (ties: ``wolf_tie``)
    ONE_RANDOM = "one_random"  # one living wolf, drawn each night, picks alone (Werewolf Arena)
    PROPOSE_DECIDE = "propose_decide"  # the lowest seat proposes, the next one decides (LSPO)


class Discussion(str, Enum):
    ROUND_ROBIN = "round_robin"  # every living player in turn, discussion_rounds times
    BIDDING = "bidding"  # bidding_turns turns; each goes to the highest bid (0-4)


class SpeakingOrder(str, Enum):
    """The order of a round-robin day."""

    RANDOM = "random"  # a seeded order each day
    SEAT = "seat"  # seat order, player_0 first (LSPO)


class VoteReveal(str, Enum):
    """What the village learns of a day vote."""

    BALLOTS = "ballots"  # who voted for whom, and the tally
    OUTCOME = "outcome"  # only who is exiled, or that nobody is (Werewolf Arena)


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
class WolfProposal(Payload):
    """Private to the pack (``propose_decide``): the proposer's victim (None: no valid proposal)
    and the wolf who decides."""

    kind: ClassVar[str] = "wolf_proposal"
    player: AgentId
    target: AgentId | None
    decider: AgentId


@dataclass(frozen=True, slots=True)
class WolfPick(Payload):
    """Private to the pack: the wolf who chose tonight's victim alone (the one drawn, the
    decider, or a lone proposer) and the victim; ``defaulted`` when its answer was invalid, so
    the victim is the proposal or, failing one, a seeded random prey."""

    kind: ClassVar[str] = "wolf_pick"
    player: AgentId
    victim: AgentId
    defaulted: bool


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
    """Every bidder's bid for the next speaking turn (bids_shown), and who won it."""

    kind: ClassVar[str] = "bids"
    bids: Mapping[AgentId, int]
    speaker: AgentId


@dataclass(frozen=True, slots=True)
class SecretBid(Payload):
    """Private to the bidder, when the bids are not shown (``bids_shown`` false)."""

    kind: ClassVar[str] = "secret_bid"
    player: AgentId
    amount: int


@dataclass(frozen=True, slots=True)
class Floor(Payload):
    """Who won the next speaking turn, the bids kept secret: turn ``turn`` of ``turns``."""

    kind: ClassVar[str] = "floor"
    speaker: AgentId
    turn: int
    turns: int


@dataclass(frozen=True, slots=True)
class Speech(Payload):
    kind: ClassVar[str] = "speech"
    player: AgentId
    text: str | None
    day: int


@dataclass(frozen=True, slots=True)
class VoteStart(Payload):
    """``order``: the voting order of sequential votes (empty for secret ones); ``abstain``:
    whether a voter may abstain; ``reveal``: what the vote will show (``vote_reveal``);
    ``straw_after``: for a straw poll (``straw_polls``), the speaker whose speech it follows
    (None: the vote that exiles)."""

    kind: ClassVar[str] = "vote_start"
    candidates: tuple[AgentId, ...]
    runoff: bool
    order: tuple[AgentId, ...]
    abstain: bool = True
    reveal: VoteReveal = VoteReveal.BALLOTS
    straw_after: AgentId | None = None


@dataclass(frozen=True, slots=True)
class StrawVote(Payload):
    """One straw-poll ballot (``straw_polls``): private to the voter, public when the votes are
    sequential; ``target`` None abstains (or, with no abstaining, is an invalid ballot)."""

    kind: ClassVar[str] = "straw_vote"
    player: AgentId
    target: AgentId | None
    after: AgentId


@dataclass(frozen=True, slots=True)
class StrawPoll(Payload):
    """A straw poll's ballots and tally, public when ``vote_reveal`` is ballots (else never
    shown: the god view reads the ballots)."""

    kind: ClassVar[str] = "straw_poll"
    after: AgentId
    ballots: Mapping[AgentId, AgentId | None]
    tally: Mapping[AgentId, int]


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
