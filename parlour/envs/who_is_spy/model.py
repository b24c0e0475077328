"""Who-is-Spy's vocabulary: the config, the enums, the typed actions and the event payloads.

Each payload is one kind of event; its fields are what the transcript shows, in that order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from parlour.core.ballots import BallotCast as BallotCast  # (shared payloads)
from parlour.core.ballots import VotesRevealed as VotesRevealed
from parlour.core.charset import squash
from parlour.core.config import FLAG, Choice, Integer, Line, ListOf, Number, OrNone, Text, validate
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId, Payload
from parlour.envs.who_is_spy.words import load_word_bank

MIN_PLAYERS, MAX_PLAYERS = 3, 12
#: The longest game a config may ask for (rounds without an elimination can go on to it).
MAX_ROUNDS, MAX_WORD_CHARS = 1000, 40  # (a card shows a word_pair word as it is)


class Phase(str, Enum):
    DESCRIBE = "describe"
    VOTE = "vote"
    BLANK_GUESS = "blank_guess"
    OVER = "over"


class Role(str, Enum):
    CIVILIAN = "civilian"
    SPY = "spy"
    BLANK = "blank"


class Side(str, Enum):
    """Who won; a blank who guesses the word wins alone."""

    CIVILIANS = "civilians"
    SPIES = "spies"
    BLANKS = "blanks"


class TieRule(str, Enum):
    """What a tie in the run-off (``second_tie``) or in the last round (``final_tie``) does."""

    NONE = "none"  # nobody is eliminated this round
    RANDOM = "random"  # a seeded draw among the tied players


class OwnWord(str, Enum):
    """What a description that contains the speaker's own word does."""

    WITHHOLD = "withhold"  # it is withheld and counts as invalid
    MASK = "mask"  # it stands, with the word replaced by "my word" (SpyGame)


class AllTied(str, Enum):
    """What a first vote in which every candidate ties does."""

    RUNOFF = "runoff"  # a run-off between everyone
    RESTART = "restart"  # nobody is eliminated; a new round starts (SpyGame)


@dataclass(frozen=True, slots=True)
class Describe:
    """A description; ``text=None`` is the default when a description is invalid (withheld)."""

    text: str | None


@dataclass(frozen=True, slots=True)
class Vote:
    """A ballot; ``target=None`` abstains (only as the default for an invalid ballot)."""

    target: AgentId | None


@dataclass(frozen=True, slots=True)
class Guess:
    """An eliminated blank's guess of the civilians' word; ``None`` gives up."""

    word: str | None

    @classmethod
    def from_text(cls, text: str) -> Guess:
        """Read a guess written as ``coffee``, ``guess coffee`` or ``[guess coffee]``."""
        word = text.strip().strip("()").strip()
        if word.lower().startswith("guess "):
            word = word[len("guess ") :].strip()
        return cls(word)


@dataclass(frozen=True, slots=True)
class Pass:
    """An eliminated civilian's or spy's last turn, where roles are hidden and blanks play: it
    has nothing to guess (see ``WhoIsSpyRules.last_turns``)."""


Action = Describe | Vote | Guess | Pass


@dataclass(frozen=True)
class WhoIsSpyConfig:
    """Options of a Who-is-Spy game.

    Attributes:
        num_players: 3 to 12.
        num_spies: players holding the related word.
        num_blanks: players with no word ("Mr. White").
        max_rounds: rounds before the game is truncated with no winner.
        max_description_chars: longer descriptions are cut to this length.
        reveal_role_on_elimination: announce an eliminated player's role.
        second_tie: ``"none"`` (a tied run-off eliminates nobody) or ``"random"``.
        spy_win_ratio: spies win when living spies >= ratio * living civilians (1.0 = parity).
        category, difficulty: filters for the seeded draw of the word pair.
        word_pair: ``(civilian word, spy word)`` to skip the draw (one line of ASCII each, <= 40).
        swap_words: exchange the two words: the twin game for paired evaluation.
        roles: the role of each seat (``"civilian"``, ``"spy"``, ``"blank"``) to skip the seeded
            draw, as tournaments do to rotate roles; the counts must match the options above.
        own_word: a description containing the speaker's own word is ``"withhold"``-en (invalid)
            or stands with the word ``"mask"``-ed as "my word".
        reveal_ballots: reveal every ballot after a vote; False: each voter sees only its own,
            and only a tie (who tied) and the outcome are announced.
        shuffle_vote_options: list each voter's options in a seeded order of its own.
        all_tied: a first vote where every candidate ties goes to a ``"runoff"`` between all,
            or ``"restart"``-s: nobody is eliminated and a new round begins.
        runoff_takes_round: a run-off is a round of its own (numbered, counted in max_rounds).
        final_tie: a tie with no round left to settle it (the next step would start a round
            past max_rounds) ends the game without a winner (``"none"``) or is broken by a
            seeded draw (``"random"``).
        word_pairs: a word list of your own, ``((word, word), ...)``: each game draws one pair
            and which word the civilians hold (instead of Parlour's word bank).
    """

    num_players: int = 6
    num_spies: int = 1
    num_blanks: int = 0
    max_rounds: int = 8
    max_description_chars: int = 160
    reveal_role_on_elimination: bool = False
    second_tie: TieRule | str = TieRule.NONE
    spy_win_ratio: float = 1.0
    category: str | None = None
    difficulty: str | None = None
    word_pair: tuple[str, str] | None = None
    swap_words: bool = False
    roles: tuple[str, ...] | None = None
    own_word: OwnWord | str = OwnWord.WITHHOLD
    reveal_ballots: bool = True
    shuffle_vote_options: bool = False
    all_tied: AllTied | str = AllTied.RUNOFF
    runoff_takes_round: bool = False
    final_tie: TieRule | str = TieRule.NONE
    word_pairs: tuple[tuple[str, str], ...] | None = None

    def __post_init__(self) -> None:
        validate(
            self,
            num_players=Integer(MIN_PLAYERS, MAX_PLAYERS),
            num_spies=Integer(1, MAX_PLAYERS),
            num_blanks=Integer(0, MAX_PLAYERS),
            max_rounds=Integer(1, MAX_ROUNDS),
            max_description_chars=Integer(10, 1000),
            reveal_role_on_elimination=FLAG,
            second_tie=Choice(TieRule),
            spy_win_ratio=Number(0, 1, low_open=True),
            category=OrNone(Text()),
            difficulty=OrNone(Text()),
            word_pair=OrNone(ListOf(Line(MAX_WORD_CHARS), length=2)),
            swap_words=FLAG,
            roles=OrNone(ListOf(Choice(Role))),
            own_word=Choice(OwnWord),
            reveal_ballots=FLAG,
            shuffle_vote_options=FLAG,
            all_tied=Choice(AllTied),
            runoff_takes_round=FLAG,
            final_tie=Choice(TieRule),
            word_pairs=OrNone(ListOf(ListOf(Line(MAX_WORD_CHARS), length=2))),
        )
        n, spies, blanks = self.num_players, self.num_spies, self.num_blanks
        civilians = n - spies - blanks
        if civilians < 2 or civilians <= spies:
            raise ConfigError(
                "num_players, num_spies and num_blanks must leave at least 2 civilians and more "
                f"civilians than spies; {n} players with {spies} spies and {blanks} blanks leave "
                f"{civilians}"
            )
        if spies >= self.spy_win_ratio * civilians:
            raise ConfigError(
                f"with spy_win_ratio={self.spy_win_ratio:g}, {spies} spies against {civilians} "
                "civilians would have won already"
            )
        if self.roles is not None:
            counts = Counter(self.roles)
            if len(self.roles) != n or counts[Role.SPY] != spies or counts[Role.BLANK] != blanks:
                raise ConfigError(
                    f"roles must give {n} seats with {spies} spies and {blanks} blanks, "
                    f"actual value: {tuple(r.value for r in self.roles)!r}"
                )
            object.__setattr__(self, "roles", tuple(r.value for r in self.roles))
        self._check_words()

    def _check_words(self) -> None:
        """``word_pair``, ``word_pairs`` (two different words each, stored in lower case) or
        the bank's filters, one source of words at a time."""
        if self.word_pairs is not None:
            if self.word_pair is not None or self.category is not None or self.difficulty:
                raise ConfigError(
                    "word_pairs replaces the word bank: give it without word_pair, category and"
                    " difficulty"
                )
            if not self.word_pairs:
                raise ConfigError("word_pairs must hold at least one pair, actual value: ()")
            pairs = tuple(_word_pair("word_pairs", pair) for pair in self.word_pairs)
            object.__setattr__(self, "word_pairs", pairs)
        elif self.word_pair is not None:
            object.__setattr__(self, "word_pair", _word_pair("word_pair", self.word_pair))
        else:
            load_word_bank().select(self.category, self.difficulty)  # validates the filters


def _word_pair(name: str, pair: tuple[str, str]) -> tuple[str, str]:
    """Two different words (one line of printable ASCII each, as ``Line`` made them), in lower
    case."""
    if not all(squash(w) for w in pair):
        raise ConfigError(f"{name} must hold two words per pair, actual value: {pair!r}")
    if squash(pair[0]) == squash(pair[1]):
        raise ConfigError(f"{name} needs two different words per pair, actual value: {pair!r}")
    return pair[0].lower(), pair[1].lower()


# -- event payloads ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Deal(Payload):
    """Private to ``player``: their word, or None for a blank."""

    kind: ClassVar[str] = "deal"
    player: AgentId
    word: str | None


@dataclass(frozen=True, slots=True)
class RoundStart(Payload):
    kind: ClassVar[str] = "round_start"
    round: int
    order: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class Description(Payload):
    """A description; ``text`` None when it was withheld (invalid)."""

    kind: ClassVar[str] = "description"
    player: AgentId
    text: str | None
    runoff: bool


@dataclass(frozen=True, slots=True)
class VoteStart(Payload):
    kind: ClassVar[str] = "vote_start"
    voters: tuple[AgentId, ...]
    candidates: tuple[AgentId, ...]
    runoff: bool


@dataclass(frozen=True, slots=True)
class Runoff(Payload):
    kind: ClassVar[str] = "runoff"
    tied: tuple[AgentId, ...]
    order: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class Elimination(Payload):
    """``role`` is the eliminated player's role value when roles are revealed, else None."""

    kind: ClassVar[str] = "elimination"
    player: AgentId
    role: str | None


@dataclass(frozen=True, slots=True)
class NoElimination(Payload):
    """Nobody is eliminated: the run-off tied again between ``tied``, or (``tied`` empty) every
    ballot abstained."""

    kind: ClassVar[str] = "no_elimination"
    tied: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class TieRestart(Payload):
    """Every candidate of a first vote tied (``all_tied="restart"``): nobody is eliminated and a
    new round starts."""

    kind: ClassVar[str] = "tie_restart"
    tied: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class TieDraw(Payload):
    """A tie settled by a seeded draw among ``tied`` (where ballots are secret, or with no round
    left to settle it): ``chosen`` is eliminated."""

    kind: ClassVar[str] = "tie_draw"
    tied: tuple[AgentId, ...]
    chosen: AgentId


@dataclass(frozen=True, slots=True)
class SecretBallot(BallotCast):
    """A ballot that stays secret after the vote (``reveal_ballots=False``): only its voter
    ever reads it."""

    kind: ClassVar[str] = "secret_ballot"


@dataclass(frozen=True, slots=True)
class BlankGuess(Payload):
    """An eliminated blank's guess: public when right, else private to the blank."""

    kind: ClassVar[str] = "blank_guess"
    player: AgentId
    guess: str | None
    right: bool


@dataclass(frozen=True, slots=True)
class GameOver(Payload):
    """The end: the winning side's value (None without a winner), the winners, why, every role
    (player -> role value) and both words."""

    kind: ClassVar[str] = "game_over"
    winner: str | None
    winners: tuple[AgentId, ...]
    reason: str
    roles: Mapping[AgentId, str]
    civilian_word: str
    spy_word: str


#: Every kind of event, in the order a game first logs them.
PAYLOADS: tuple[type[Payload], ...] = (
    Deal,
    RoundStart,
    Description,
    VoteStart,
    BallotCast,
    VotesRevealed,
    Runoff,
    Elimination,
    NoElimination,
    BlankGuess,
    GameOver,
    SecretBallot,
    TieRestart,
    TieDraw,
)
