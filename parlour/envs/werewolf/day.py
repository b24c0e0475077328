"""Werewolf's day: what follows deaths (hunter shots, the win check, last words), the discussion
(round robin or bidding for turns), and the exile vote with its ties and run-off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parlour.core.actions import ActionKind, Legal
from parlour.core.ballots import Ballot, Outcome, TieRule, VoteRule, WinRule, decide
from parlour.core.events import AgentId, frozen_map
from parlour.envs.werewolf.model import (
    Action,
    BallotCast,
    Bid,
    Bids,
    Cause,
    DayStart,
    Discussion,
    Exile,
    Exiled,
    HunterShot,
    LastWords,
    NoExile,
    Phase,
    Role,
    Shoot,
    Speak,
    Speech,
    Team,
    Vote,
    VoteMode,
    VotesRevealed,
    VoteStart,
    WerewolfConfig,
)

if TYPE_CHECKING:
    from parlour.envs.werewolf.rules import WerewolfRules


def exile_rule(config: WerewolfConfig) -> VoteRule:
    """The village's vote: plurality or majority; a tie exiles nobody, a seeded one of the tied,
    or goes to one run-off whose own tie exiles nobody."""
    win = WinRule.MAJORITY if config.exile is Exile.MAJORITY else WinRule.PLURALITY
    return VoteRule(win=win, tie=TieRule(config.vote_tie.value))  # type: ignore[union-attr]


class DayRules:
    """The day half of :class:`~parlour.envs.werewolf.rules.WerewolfRules` (a mixin: its methods
    read and change the rules' state)."""

    # -- after deaths -----------------------------------------------------------------------
    def _after_deaths(
        self: WerewolfRules, may_shoot: list[AgentId], dead: list[AgentId], then: Phase
    ) -> None:
        """Hunter shots (by hunters among ``may_shoot``: killed by the wolves or exiled), then the
        win check, then last words, then ``then`` (the day's discussion, or the next night)."""
        self._hunters = [p for p in may_shoot if self.roles[p] is Role.HUNTER]
        self._last_words = list(dead) if self.config.last_words else []
        self._then = then
        self._continue_after_deaths()

    def _continue_after_deaths(self: WerewolfRules) -> None:
        if self._hunters:
            self._set_phase(Phase.HUNTER, queue=[self._hunters.pop(0)])
            return
        if self._check_win():
            return
        if self._last_words:
            self._set_phase(Phase.LAST_WORDS, queue=list(self._last_words))
            self._last_words = []
            return
        if self._then is Phase.DISCUSSION:
            self._start_day()
        elif self.day >= self.config.max_days:
            self._truncated = True
            self._game_over("day limit")
        else:
            self._start_night()

    def _hunter(self: WerewolfRules, agent: AgentId, action: Shoot) -> None:
        self._queue.pop(0)
        target = action.target
        self.shown_hunters.add(agent)
        if target is not None:
            self._kill(target, Cause.SHOT)
            if self.config.last_words:
                self._last_words.append(target)
        note = self._death_note(target) if target is not None else None
        self.log(HunterShot(agent, target, note))
        self._continue_after_deaths()

    def _last_word(self: WerewolfRules, agent: AgentId, action: Speak) -> None:
        self._queue.pop(0)
        self.log(LastWords(agent, action.text))
        if not self._queue:
            self._continue_after_deaths()

    def _check_win(self: WerewolfRules) -> bool:
        wolves = len(self.living_wolves())
        if wolves == 0:
            self.winner = Team.VILLAGE
        elif wolves >= len(self.living) - wolves:
            self.winner = Team.WEREWOLVES
        else:
            return False
        self._game_over(f"{self.winner.value} win")
        return True

    # -- discussion -------------------------------------------------------------------------
    def _start_day(self: WerewolfRules) -> None:
        living, config = self.living, self.config
        self.log(DayStart(self.day, tuple(living)))
        if config.discussion is Discussion.BIDDING:
            self._bid_turns_left = config.bidding_turns
            self._set_phase(Phase.BID, voters=list(living))
        else:
            order = [living[i] for i in self.rng.permutation(len(living))]
            self._set_phase(Phase.DISCUSSION, queue=order * config.discussion_rounds)

    def _bid(self: WerewolfRules, agent: AgentId, action: Bid) -> None:
        self._answers[agent] = action
        if len(self._answers) < len(self._voters):
            return
        bids = {p: self._answers[p].amount for p in self._voters}  # type: ignore[union-attr]
        top = max(bids.values())
        tied = [p for p, b in bids.items() if b == top]
        speaker = tied[int(self.rng.integers(len(tied)))] if len(tied) > 1 else tied[0]
        self._bid_turns_left -= 1
        self.log(Bids(frozen_map(bids), speaker))
        self._set_phase(Phase.DISCUSSION, queue=[speaker])

    def _discuss(self: WerewolfRules, agent: AgentId, action: Speak) -> None:
        self._queue.pop(0)
        self.log(Speech(agent, action.text, self.day))
        if self._queue:
            return
        if self.config.discussion is Discussion.BIDDING and self._bid_turns_left:
            self._set_phase(Phase.BID, voters=list(self.living))
        else:
            self._start_vote(tuple(self.living))

    # -- the vote ---------------------------------------------------------------------------
    def _start_vote(self: WerewolfRules, candidates: tuple[AgentId, ...]) -> None:
        voters = list(self.living)
        sequential = self.config.vote is VoteMode.SEQUENTIAL
        order = [voters[i] for i in self.rng.permutation(len(voters))] if sequential else []
        self.log(VoteStart(candidates, self._runoff, tuple(order)))
        self._set_phase(Phase.VOTE, queue=order)
        self._ballot = Ballot(tuple(voters), candidates, self._runoff)

    def _vote_legal(self: WerewolfRules, agent: AgentId) -> Legal[Action]:
        targets = self._ballot.options(agent)
        return Legal(ActionKind.CHOICE, Vote(None), (*(Vote(p) for p in targets), Vote(None)))

    def _vote(self: WerewolfRules, agent: AgentId, action: Vote) -> None:
        target = action.target
        self._ballot.cast(agent, target)
        sequential = self.config.vote is VoteMode.SEQUENTIAL
        if sequential:
            self._queue.pop(0)
        self.log(BallotCast(agent, target), visible_to="all" if sequential else {agent})
        if self._ballot.complete:
            self._resolve_vote()

    def _resolve_vote(self: WerewolfRules) -> None:
        tally = self._ballot.tally()
        self.log(VotesRevealed(frozen_map(tally.ballots), frozen_map(tally.counts), tally.runoff))
        verdict = decide(tally, exile_rule(self.config), self.rng)
        if verdict.outcome is Outcome.RUNOFF:
            self._runoff = True
            self._start_vote(verdict.tied)
            return
        self._runoff = False
        exiled = verdict.chosen
        if exiled is None:
            self.log(NoExile(verdict.outcome, verdict.tied))
            self._after_deaths([], [], then=Phase.NIGHT)
            return
        self._kill(exiled, Cause.EXILE)
        note = self._death_note(exiled)
        self.log(Exiled(note.player, note.role, note.team))
        self._after_deaths([exiled], [exiled], then=Phase.NIGHT)
