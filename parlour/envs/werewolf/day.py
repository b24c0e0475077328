"""Werewolf's day: what follows deaths (hunter shots, the win check, last words), the discussion
(round robin or bidding for turns, with straw polls after speeches), and the exile vote with its
ties and run-off."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parlour.core.actions import ActionKind, Legal
from parlour.core.ballots import Ballot, Outcome, TieRule, VoteRule, WinRule, decide
from parlour.core.events import AgentId, frozen_map
from parlour.envs.werewolf.config import WerewolfConfig
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
    Floor,
    HunterShot,
    LastWords,
    NoExile,
    Phase,
    Role,
    SecretBid,
    Shoot,
    Speak,
    SpeakingOrder,
    Speech,
    StrawPoll,
    StrawVote,
    Team,
    Vote,
    VoteMode,
    VoteReveal,
    VotesRevealed,
    VoteStart,
)

if TYPE_CHECKING:
    from parlour.envs.werewolf.rules import WerewolfRules


def exile_rule(config: WerewolfConfig) -> VoteRule:
    """The village's vote: plurality or majority; a tie exiles nobody, a seeded one of the tied,
    or goes to one run-off whose own tie exiles nobody."""
    win = WinRule.MAJORITY if config.exile is Exile.MAJORITY else WinRule.PLURALITY
    return VoteRule(win=win, tie=TieRule(config.vote_tie.value))  # type: ignore[union-attr]


#: The deaths after which a hunter shoots: the wolves' kill and the village's exile, not the
#: witch's poison (which wins over the wolves' kill of the same night) nor another hunter's shot.
HUNTER_SHOOTS_AFTER = frozenset({Cause.WOLVES, Cause.EXILE})


class DayRules:
    """The day half of :class:`~parlour.envs.werewolf.rules.WerewolfRules` (a mixin: its methods
    read and change the rules' state)."""

    # -- after deaths -----------------------------------------------------------------------
    def _after_deaths(self: WerewolfRules, causes: dict[AgentId, Cause], then: Phase) -> None:
        """After the deaths in ``causes`` (each dead player's cause, in seat order): the shots of
        the hunters among them who died of a cause in :data:`HUNTER_SHOOTS_AFTER`, then the win
        check, then last words, then ``then`` (the day's discussion, or the next night)."""
        self._hunters = [
            p
            for p, cause in causes.items()
            if cause in HUNTER_SHOOTS_AFTER and self.roles[p] is Role.HUNTER
        ]
        self._last_words = list(causes) if self.config.last_words else []
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

    # -- discussion ---------------------------------------------------------------------------
    def _start_day(self: WerewolfRules) -> None:
        living, config = self.living, self.config
        self.log(DayStart(self.day, tuple(living)))
        self.last_speaker, self._last_text = None, None
        if config.discussion is Discussion.BIDDING:
            self._speakers = []
            self._talk_turns = config.bidding_turns
        else:
            order = list(living)
            if config.speaking_order is SpeakingOrder.RANDOM:
                order = [living[i] for i in self.rng.permutation(len(living))]
            self._speakers = order * config.discussion_rounds
            self._talk_turns = len(self._speakers)
        self._talk_left = self._talk_turns
        self._next_talk()

    def _next_talk(self: WerewolfRules) -> None:
        """Open the next speaking turn: a bid for it, or the next speaker in turn."""
        if self.config.discussion is Discussion.BIDDING:
            self._set_phase(Phase.BID, voters=self.bidders())
        else:
            self._set_phase(Phase.DISCUSSION, queue=[self._speakers.pop(0)])

    def bidders(self: WerewolfRules) -> list[AgentId]:
        """Who bids for the next turn: every living player, but the last speaker when
        ``last_speaker_bids`` is false."""
        barred = None if self.config.last_speaker_bids else self.last_speaker
        return [p for p in self.living if p != barred]

    @property
    def speaking_turn(self: WerewolfRules) -> int:
        """The number of the day's speaking turn in progress or next (1 first)."""
        return self._talk_turns - self._talk_left + 1

    def _bid(self: WerewolfRules, agent: AgentId, action: Bid) -> None:
        self._answers[agent] = action
        if not self.config.bids_shown:
            self.log(SecretBid(agent, action.amount), visible_to={agent})
        if len(self._answers) < len(self._voters):
            return
        bids = {p: self._answers[p].amount for p in self._voters}  # type: ignore[union-attr]
        speaker = self._bid_winner(bids)
        if self.config.bids_shown:
            self.log(Bids(frozen_map(bids), speaker))
        else:
            self.log(Floor(speaker, self.speaking_turn, self._talk_turns))
        self._set_phase(Phase.DISCUSSION, queue=[speaker])

    def _bid_winner(self: WerewolfRules, bids: dict[AgentId, int]) -> AgentId:
        """The highest bidder; a tie is drawn at random, each tied player named in the last
        speech ``mention_weight`` times as likely (Werewolf Arena lists them twice). Exactly one
        public draw a turn, tie or not, so hidden bids never shift later draws."""
        top = max(bids.values())
        tied = [p for p, b in bids.items() if b == top]
        named = named_in(self._last_text or "", tied)
        weights = [self.config.mention_weight if p in named else 1 for p in tied]
        point = float(self.rng.random()) * sum(weights)
        for player, weight in zip(tied, weights, strict=True):
            point -= weight
            if point < 0:
                return player
        return tied[-1]  # (rounding at the very top of the range)

    def _discuss(self: WerewolfRules, agent: AgentId, action: Speak) -> None:
        self._queue.pop(0)
        self.log(Speech(agent, action.text, self.day))
        self.last_speaker, self._last_text = agent, action.text
        self._talk_left -= 1
        if not self._talk_left:
            self._start_vote(tuple(self.living))
        elif self.config.straw_polls:
            self._start_vote(tuple(self.living), straw=True)
        else:
            self._next_talk()

    # -- the vote ---------------------------------------------------------------------------
    def _start_vote(
        self: WerewolfRules, candidates: tuple[AgentId, ...], straw: bool = False
    ) -> None:
        """Open a vote: the exile vote (or its run-off), or a straw poll after a speech."""
        config, voters = self.config, list(self.living)
        sequential = config.vote is VoteMode.SEQUENTIAL
        order = [voters[i] for i in self.rng.permutation(len(voters))] if sequential else []
        self._straw = straw
        after = self.last_speaker if straw else None
        start = VoteStart(
            candidates, self._runoff, tuple(order), config.vote_abstain, config.vote_reveal, after
        )
        self.log(start)
        self._set_phase(Phase.VOTE, queue=order)
        self._ballot = Ballot(tuple(voters), candidates, self._runoff)

    def _vote_legal(self: WerewolfRules, agent: AgentId) -> Legal[Action]:
        targets = tuple(Vote(p) for p in self._ballot.options(agent))
        if self.config.vote_abstain:
            targets += (Vote(None),)
        return Legal(ActionKind.CHOICE, Vote(None), targets)

    def _vote(self: WerewolfRules, agent: AgentId, action: Vote) -> None:
        target = action.target
        self._ballot.cast(agent, target)
        sequential = self.config.vote is VoteMode.SEQUENTIAL
        if sequential:
            self._queue.pop(0)
        seen: str | set[AgentId] = "all" if sequential else {agent}
        if self._straw:
            self.log(StrawVote(agent, target, self.last_speaker), visible_to=seen)  # type: ignore[arg-type]
        else:
            self.log(BallotCast(agent, target), visible_to=seen)
        if not self._ballot.complete:
            return
        if self._straw:
            self._end_straw_poll()
        else:
            self._resolve_vote()

    def _end_straw_poll(self: WerewolfRules) -> None:
        """A straw poll exiles nobody; its ballots are shown when ``vote_reveal`` is ballots."""
        tally = self._ballot.tally()
        if self.config.vote_reveal is VoteReveal.BALLOTS:
            after = self.last_speaker or ""
            self.log(StrawPoll(after, frozen_map(tally.ballots), frozen_map(tally.counts)))
        self._straw = False
        self._next_talk()

    def _resolve_vote(self: WerewolfRules) -> None:
        tally = self._ballot.tally()
        shown = self.config.vote_reveal is VoteReveal.BALLOTS
        if shown:
            self.log(
                VotesRevealed(frozen_map(tally.ballots), frozen_map(tally.counts), tally.runoff)
            )
        verdict = decide(tally, exile_rule(self.config), self.rng)
        if verdict.outcome is Outcome.RUNOFF:
            self._runoff = True
            self._start_vote(verdict.tied)
            return
        self._runoff = False
        exiled = verdict.chosen
        if exiled is None:  # the tied (or the leader short of a majority) only where shown
            self.log(NoExile(verdict.outcome, verdict.tied if shown else ()))
            self._after_deaths({}, then=Phase.NIGHT)
            return
        self._kill(exiled, Cause.EXILE)
        note = self._death_note(exiled)
        self.log(Exiled(note.player, note.role, note.team))
        self._after_deaths({exiled: Cause.EXILE}, then=Phase.NIGHT)


def named_in(text: str, players: list[AgentId]) -> set[AgentId]:
    """The ``players`` a speech names (``player_1`` as a whole word, any case: ``player_10``
    does not name ``player_1``)."""
    lowered = text.lower()
    return {p for p in players if re.search(rf"\b{re.escape(p.lower())}\b", lowered)}
