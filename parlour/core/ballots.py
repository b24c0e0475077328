"""Ballots, tallies, ties and run-offs: the voting every talking game shares.

Who-is-Spy, Werewolf and Among Us each hold votes: a set of voters picks among candidates (or
abstains, which Among Us calls a skip), the ballots are counted, and a rule decides who is
chosen. The games differ only in their :class:`VoteRule`; the counting and the tie-breaks are
written here once, and :func:`tally_line` and :func:`ballots_line` say them in words.

Example:
    >>> import numpy as np
    >>> ballot = Ballot(("a", "b", "c"), ("a", "b", "c"))
    >>> for voter, target in (("a", "b"), ("b", "a"), ("c", "b")):
    ...     ballot.cast(voter, target)
    >>> decide(ballot.tally(), VoteRule(), np.random.default_rng(0))
    Verdict(outcome=<Outcome.CHOSEN: 'chosen'>, chosen='b', tied=('b',))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar

import numpy as np

from parlour.core.errors import ConfigError, IllegalAction
from parlour.core.events import AgentId, Payload


@dataclass(frozen=True, slots=True)
class BallotCast(Payload):
    """One ballot as logged by every talking game (``target`` None abstains, a skip in Among
    Us); who may read it before the reveal is the game's rule."""

    kind: ClassVar[str] = "ballot"
    player: AgentId
    target: AgentId | None


@dataclass(frozen=True, slots=True)
class VotesRevealed(Payload):
    """Every ballot (voter -> target or None) and each candidate's votes, in their orders, and
    whether the vote was a run-off (Who-is-Spy, Werewolf; Among Us counts skips instead)."""

    kind: ClassVar[str] = "votes_revealed"
    ballots: Mapping[AgentId, AgentId | None]
    tally: Mapping[AgentId, int]
    runoff: bool


class WinRule(str, Enum):
    """How many votes choose a candidate."""

    PLURALITY = "plurality"  # the most votes
    MAJORITY = "majority"  # more than half of the ballots cast (abstentions included)


class TieRule(str, Enum):
    """What a tie among the leaders does."""

    NONE = "none"  # nobody is chosen
    RANDOM = "random"  # a seeded draw among the tied
    RUNOFF = "runoff"  # one more vote between the tied; its tie follows ``second_tie``


class Outcome(str, Enum):
    """How a vote ended."""

    CHOSEN = "chosen"
    TIE = "tie"  # a tie nobody broke
    RUNOFF = "runoff"  # a tie that goes to a run-off between :attr:`Verdict.tied`
    NO_MAJORITY = "no majority"
    SKIPPED = "skipped"  # the skips had at least as many votes as any candidate
    NO_VOTES = "no votes"  # everybody abstained


@dataclass(frozen=True)
class VoteRule:
    """A game's voting rule.

    Attributes:
        win: plurality, or a majority of the ballots cast.
        tie: what a tie does in a first vote.
        second_tie: what a tie does in a run-off (``none`` or ``random``).
        skips_compete: abstentions count as a candidate "skip" that wins ties (Among Us): a
            player is chosen only with more votes than the skips.
    """

    win: WinRule = WinRule.PLURALITY
    tie: TieRule = TieRule.NONE
    second_tie: TieRule = TieRule.NONE
    skips_compete: bool = False

    def __post_init__(self) -> None:
        if self.second_tie is TieRule.RUNOFF:
            raise ConfigError("a run-off's tie cannot start another run-off: use none or random")


@dataclass(frozen=True)
class Tally:
    """The counted ballots of one vote.

    Attributes:
        ballots: ``(voter, target)`` in the voters' order; target None is an abstention.
        counts: ``(candidate, votes)`` in the candidates' order.
        runoff: whether this was a run-off.
    """

    ballots: tuple[tuple[AgentId, AgentId | None], ...]
    counts: tuple[tuple[AgentId, int], ...]
    runoff: bool = False

    @property
    def skips(self) -> int:
        return sum(target is None for _, target in self.ballots)

    @property
    def top(self) -> int:
        """The most votes any candidate got (0 when everybody abstained)."""
        return max((n for _, n in self.counts), default=0)

    @property
    def leaders(self) -> tuple[AgentId, ...]:
        """The candidates with the most votes, in the candidates' order (none with no votes)."""
        top = self.top
        return tuple(c for c, n in self.counts if top and n == top)


@dataclass(frozen=True)
class Verdict:
    """What a vote decided: ``chosen`` (or None), why, and the tied leaders."""

    outcome: Outcome
    chosen: AgentId | None = None
    tied: tuple[AgentId, ...] = ()


@dataclass
class Ballot:
    """One vote in progress: who may vote, for whom, and the ballots cast so far.

    A voter may not vote for itself; ``cast(voter, None)`` abstains.
    """

    voters: tuple[AgentId, ...]
    candidates: tuple[AgentId, ...]
    runoff: bool = False
    cast_so_far: dict[AgentId, AgentId | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.voters, self.candidates = tuple(self.voters), tuple(self.candidates)

    def options(self, voter: AgentId) -> tuple[AgentId, ...]:
        """The candidates ``voter`` may vote for (everyone but itself)."""
        return tuple(c for c in self.candidates if c != voter)

    def waiting(self) -> list[AgentId]:
        """The voters who have not voted yet, in order."""
        return [v for v in self.voters if v not in self.cast_so_far]

    @property
    def complete(self) -> bool:
        return len(self.cast_so_far) == len(self.voters)

    def cast(self, voter: AgentId, target: AgentId | None) -> None:
        """Record ``voter``'s ballot (None abstains).

        Raises:
            IllegalAction: ``voter`` may not vote now, or not for ``target``.
        """
        if voter not in self.voters or voter in self.cast_so_far:
            raise IllegalAction(f"{voter} cannot vote now")
        if target is not None and (target == voter or target not in self.candidates):
            raise IllegalAction(f"{voter} cannot vote for {target}")
        self.cast_so_far[voter] = target

    def tally(self) -> Tally:
        """The ballots counted (every voter's, abstentions for those who did not vote)."""
        ballots = tuple((v, self.cast_so_far.get(v)) for v in self.voters)
        votes: dict[AgentId, int] = dict.fromkeys(self.candidates, 0)
        for _, target in ballots:
            if target is not None:
                votes[target] += 1
        return Tally(ballots, tuple(votes.items()), self.runoff)


def decide(tally: Tally, rule: VoteRule, rng: np.random.Generator) -> Verdict:
    """Who ``tally`` chooses under ``rule``; a random tie-break draws once from ``rng``.

    The order of the checks is the rule: no votes; skips at least level with the leaders (where
    they compete); a tie (a run-off first, then a majority rule's failure, then a draw); a lone
    leader without the majority the rule asks for.
    """
    top, leaders = tally.top, tally.leaders
    if not leaders:
        return Verdict(Outcome.NO_VOTES)
    if rule.skips_compete and tally.skips >= top:
        return Verdict(Outcome.SKIPPED, tied=leaders)
    if len(leaders) > 1:
        tie = rule.second_tie if tally.runoff else rule.tie
        if tie is TieRule.RUNOFF:
            return Verdict(Outcome.RUNOFF, tied=leaders)
        if rule.win is WinRule.MAJORITY:  # a tie never has a majority
            return Verdict(Outcome.NO_MAJORITY, tied=leaders)
        if tie is TieRule.RANDOM:
            return Verdict(Outcome.CHOSEN, leaders[int(rng.integers(len(leaders)))], leaders)
        return Verdict(Outcome.TIE, tied=leaders)
    if rule.win is WinRule.MAJORITY and top * 2 <= len(tally.ballots):
        return Verdict(Outcome.NO_MAJORITY, tied=leaders)
    return Verdict(Outcome.CHOSEN, leaders[0], leaders)


def tally_line(tally: Tally, names: Sequence[AgentId] | None = None) -> str:
    """``player_1: 2, player_3: 1`` (the candidates of ``names`` only, when given)."""
    shown = tally.counts if names is None else [(c, n) for c, n in tally.counts if c in names]
    return ", ".join(f"{c}: {n}" for c, n in shown)


def ballots_line(tally: Tally, abstained: str = "abstained") -> str:
    """``player_0 -> player_1; player_2 -> abstained``: who voted for whom."""
    return "; ".join(f"{v} -> {t or abstained}" for v, t in tally.ballots)
