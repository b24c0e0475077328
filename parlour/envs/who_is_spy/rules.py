"""Who-is-Spy as a pure state machine: no PettingZoo, no prose.

Civilians share a word, spies hold a related word, blanks ("Mr. White") hold none and know it.
Each round every living player describes their word in one line, then all vote in secret; the
most-voted player is eliminated (the counting is :mod:`parlour.core.ballots`). See ``env.py``
for the full rules page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from parlour.core import ballots
from parlour.core.actions import ActionKind, Legal, SpeechRule
from parlour.core.ballots import Ballot, Outcome, Tally, VoteRule, decide
from parlour.core.charset import squash
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.who_is_spy.model import (
    Action,
    AllTied,
    BallotCast,
    BlankGuess,
    Deal,
    Describe,
    Description,
    Elimination,
    GameOver,
    Guess,
    NoElimination,
    OwnWord,
    Pass,
    Phase,
    Role,
    RoundStart,
    Runoff,
    SecretBallot,
    Side,
    TieDraw,
    TieRestart,
    TieRule,
    Vote,
    VotesRevealed,
    VoteStart,
    WhoIsSpyConfig,
)
from parlour.envs.who_is_spy.wording import mask_word, mentions_word
from parlour.envs.who_is_spy.words import load_word_bank

#: The longest guess an eliminated blank may write.
MAX_GUESS_CHARS = 60


class WhoIsSpyRules(GameRules[Action]):
    """The state machine of one game.

    Chance, all from ``rng`` in this order: word pair, its orientation, seats of spies and
    blanks (drawn even when ``roles`` is given, so fixing roles leaves the rest of the chance
    unchanged), then each round's speaking order and run-off order, each voter's order of its
    options (with ``shuffle_vote_options``), and tie-breaks.

    Attributes:
        living: the players still in the game, in seat order.
        round: the current round, from 1.
        last_turns: whether every eliminated player takes the last turn a blank uses for its
            guess: with blanks in play and roles kept secret, a turn only a blank got would
            reveal it.
        winning_side, winners: the outcome, once the game is won.
        eliminations: ``{"round", "player", "role"}`` of each elimination, in order.
    """

    def __init__(self, config: WhoIsSpyConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        #: a describing turn's legal set: fixed by the config, one value for the whole game
        self._describe_legal: Legal[Action] = Legal(
            ActionKind.SPEECH,
            default=Describe(None),
            speech=SpeechRule(config.max_description_chars, Describe),
        )
        self.category: str | None = None
        self.civilian_word, self.spy_word = self._deal_words()
        self.roles: dict[AgentId, Role] = self._deal_roles()
        words = {Role.CIVILIAN: self.civilian_word, Role.SPY: self.spy_word, Role.BLANK: None}
        self._words: dict[AgentId, str | None] = {p: words[r] for p, r in self.roles.items()}
        self.living: list[AgentId] = list(self.players)
        self.last_turns = config.num_blanks > 0 and not config.reveal_role_on_elimination
        self.vote_rule = VoteRule(
            tie=ballots.TieRule.RUNOFF, second_tie=ballots.TieRule(config.second_tie.value)
        )
        self.round = 0
        self._phase = Phase.DESCRIBE
        self._queue: list[AgentId] = []  # speakers still to describe, in order
        self._tied: tuple[AgentId, ...] = ()  # the run-off's candidates while one is on
        self._ballot: Ballot | None = None
        self._guesser: AgentId | None = None
        self._options: dict[AgentId, tuple[AgentId, ...]] = {}  # each voter's shuffled options
        self.winners: frozenset[AgentId] = frozenset()
        self.winning_side: Side | None = None
        self._truncated = False
        self._payoffs: dict[AgentId, float] = dict.fromkeys(self.players, 0.0)
        self.eliminations: list[dict[str, Any]] = []
        self._votes_cast: Counter[AgentId] = Counter()
        self._votes_on_target: Counter[AgentId] = Counter()
        self._masked: Counter[AgentId] = Counter()
        self._min_living = len(self.living)
        for agent in self.players:
            self.log(Deal(agent, self.word_of(agent)), visible_to={agent})
        self._start_round()

    def _deal_words(self) -> tuple[str, str]:
        """The civilians' and the spies' word: the config's pair, or a seeded draw."""
        config = self.config
        if config.word_pair is not None:
            civilian_word, spy_word = config.word_pair
        elif config.word_pairs is not None:  # the user's list, drawn as the bank's pairs are
            pairs = config.word_pairs
            words = pairs[int(self.rng.integers(len(pairs)))]
            flip = int(self.rng.integers(2))
            civilian_word, spy_word = words[flip], words[1 - flip]
        else:
            pair = load_word_bank().sample(self.rng, config.category, config.difficulty)
            self.category = pair.category
            flip = int(self.rng.integers(2))
            civilian_word, spy_word = pair.words[flip], pair.words[1 - flip]
        if config.swap_words:
            return spy_word, civilian_word
        return civilian_word, spy_word

    def _deal_roles(self) -> dict[AgentId, Role]:
        """Each seat's role: the config's, or seeded seats for the spies and blanks."""
        config = self.config
        seats = [self.players[i] for i in self.rng.permutation(config.num_players)]
        if config.roles is not None:
            return {p: Role(r) for p, r in zip(self.players, config.roles, strict=True)}
        roles = dict.fromkeys(self.players, Role.CIVILIAN)
        spies, blanks = config.num_spies, config.num_blanks
        for agent in seats[:spies]:
            roles[agent] = Role.SPY
        for agent in seats[spies : spies + blanks]:
            roles[agent] = Role.BLANK
        return roles

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def runoff(self) -> bool:
        """Whether a run-off is on (its descriptions or its vote)."""
        return bool(self._tied)

    def word_of(self, agent: AgentId) -> str | None:
        """``agent``'s word; None for a blank."""
        return self._words[agent]

    # Who acts, and what they may do, follow from the turn's state: a ballot while a vote is
    # on, the eliminated player while their last turn is, else the speakers still to describe.
    def acting(self) -> list[AgentId]:
        if self._ballot is not None:
            return self._ballot.waiting()
        if self._guesser is not None:
            return [self._guesser]
        return self._queue[:1]

    def legal(self, agent: AgentId) -> Legal[Action]:
        ballot = self._ballot
        if ballot is not None:
            options = self._options.get(agent) or ballot.options(agent)
            return Legal(ActionKind.CHOICE, Vote(None), tuple(Vote(c) for c in options))
        if self._guesser is not None:
            if self._words[agent] is None:  # a blank
                speech = SpeechRule(MAX_GUESS_CHARS, Guess.from_text)
                return Legal(ActionKind.SPEECH, default=Guess(None), speech=speech)
            return Legal(ActionKind.CHOICE, Pass(), (Pass(),))
        return self._describe_legal

    def check(self, agent: AgentId, action: Action) -> None:
        if action.__class__ is not Describe or not action.text:
            return
        if self.config.own_word is OwnWord.MASK:  # the word is masked instead (``_describe``)
            return
        word = self._words[agent]
        if word and mentions_word(action.text, word):
            raise IllegalAction("a description must not contain your own word")

    def is_terminal(self) -> bool:
        return self.winning_side is not None

    def is_truncated(self) -> bool:
        return self._truncated

    def scores(self) -> dict[AgentId, float]:
        return self._payoffs  # replaced, never changed, when the game is won

    def living_with(self, role: Role) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is role]

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        self.step_count += 1
        kind, ballot, guessing = action.__class__, self._ballot, self._guesser is not None
        if kind is Describe and ballot is None and not guessing:
            self._describe(agent, action)
        elif kind is Vote and ballot is not None:
            self._vote(ballot, agent, action)
        elif kind is Guess and guessing:
            if self._words[agent] is not None:
                raise IllegalAction(f"{agent} holds a word and has nothing to guess")
            self._guess(agent, action)
        elif kind is Pass and guessing:
            self._guesser = None  # a civilian's or spy's last turn: nothing happens
            self._after_elimination()
        else:
            phase = self._phase.value
            raise IllegalAction(f"{kind.__name__} is not an action of phase {phase}")

    def _describe(self, agent: AgentId, action: Describe) -> None:
        self._queue.pop(0)
        text, word = action.text, self._words[agent]
        if text and word and self.config.own_word is OwnWord.MASK and mentions_word(text, word):
            text = mask_word(text, word)
            self._masked[agent] += 1
        self.log(Description(agent, text, bool(self._tied)))
        if self._queue:
            return
        if self._tied:
            others = [p for p in self.living if p not in self._tied]
            self._start_vote(others or list(self.living), self._tied)
        else:
            self._start_vote(self.living, self.living)

    def _vote(self, ballot: Ballot, agent: AgentId, action: Vote) -> None:
        ballot.cast(agent, action.target)
        cast = BallotCast if self.config.reveal_ballots else SecretBallot
        self.log(cast(agent, action.target), visible_to={agent})
        if ballot.complete:
            self._resolve_votes(ballot.tally())

    def _guess(self, agent: AgentId, action: Guess) -> None:
        self._guesser = None
        right = action.word is not None and squash(action.word) == squash(self.civilian_word)
        self.log(BlankGuess(agent, action.word, right), visible_to="all" if right else {agent})
        if right:
            self._finish(Side.BLANKS, {agent})
        else:
            self._after_elimination()

    def _start_round(self) -> None:
        self.round += 1
        self._tied = ()
        self._queue = [self.living[i] for i in self.rng.permutation(len(self.living))]
        self._phase = Phase.DESCRIBE
        self.log(RoundStart(self.round, tuple(self._queue)))

    def _start_vote(self, voters: Sequence[AgentId], candidates: Sequence[AgentId]) -> None:
        self._phase = Phase.VOTE
        ballot = self._ballot = Ballot(tuple(voters), tuple(candidates), self.runoff)
        self._options = {}
        if self.config.shuffle_vote_options:  # one seeded order per voter, in voters' order
            for voter in ballot.voters:
                options = ballot.options(voter)
                self._options[voter] = tuple(options[i] for i in self.rng.permutation(len(options)))
        self.log(VoteStart(ballot.voters, ballot.candidates, self.runoff))

    def _resolve_votes(self, tally: Tally) -> None:
        self._ballot = None
        self._count_accuracy(tally)
        config = self.config
        if config.reveal_ballots:
            cast, counts = frozen_map(tally.ballots), frozen_map(tally.counts)
            self.log(VotesRevealed(cast, counts, tally.runoff))
        verdict = decide(tally, self.vote_rule, self.rng)
        tied = verdict.tied
        if verdict.outcome is Outcome.CHOSEN and verdict.chosen is not None:
            if len(tied) > 1 and not config.reveal_ballots:  # a secret tie, broken by a draw
                self.log(TieDraw(tied, verdict.chosen))
            self._eliminate(verdict.chosen)
            return
        runoff = verdict.outcome is Outcome.RUNOFF
        restart = runoff and config.all_tied is AllTied.RESTART and len(tied) == len(tally.counts)
        new_round = restart or not runoff or config.runoff_takes_round
        last = self.round >= config.max_rounds
        if tied and new_round and last and config.final_tie is TieRule.RANDOM:
            chosen = tied[int(self.rng.integers(len(tied)))]  # no round left: a draw
            self.log(TieDraw(tied, chosen))
            self._eliminate(chosen)
            return
        if restart:
            self.log(TieRestart(tied))
            self._next_round()
        elif runoff:
            self._start_runoff(tied)
        else:  # a run-off tied again, or every ballot abstained
            self.log(NoElimination(tied))
            self._next_round()

    def _start_runoff(self, tied: tuple[AgentId, ...]) -> None:
        """The tied describe again (in a seeded order), then the others vote between them; with
        ``runoff_takes_round`` this is a round of its own, or the end at the round limit."""
        if self.config.runoff_takes_round and self.round >= self.config.max_rounds:
            self._truncated = True
            self._game_over("round limit")
            return
        self._tied = tied
        self._queue = [tied[i] for i in self.rng.permutation(len(tied))]
        self._phase = Phase.DESCRIBE
        self.log(Runoff(tied, tuple(self._queue)))
        if self.config.runoff_takes_round:
            self.round += 1
            self.log(RoundStart(self.round, tuple(self._queue)))

    def _count_accuracy(self, tally: Tally) -> None:
        """Keep each voter's ballots, and those against a spy or a blank, for the metrics."""
        for voter, target in tally.ballots:
            if target is not None:
                self._votes_cast[voter] += 1
                if self._words[target] != self.civilian_word:  # a spy or a blank
                    self._votes_on_target[voter] += 1

    def _eliminate(self, agent: AgentId) -> None:
        self.living.remove(agent)
        role = self.roles[agent]
        self.eliminations.append({"round": self.round, "player": agent, "role": role.value})
        revealed = role.value if self.config.reveal_role_on_elimination else None
        self.log(Elimination(agent, revealed))
        if role is Role.BLANK or self.last_turns:
            self._guesser = agent
            self._phase = Phase.BLANK_GUESS
        else:
            self._after_elimination()

    def _after_elimination(self) -> None:
        spies = self.living_with(Role.SPY)
        blanks = self.living_with(Role.BLANK)
        civilians = self.living_with(Role.CIVILIAN)
        if not spies and not blanks:
            self._finish(Side.CIVILIANS, self._holding(Role.CIVILIAN))
        elif spies and len(spies) >= self.config.spy_win_ratio * len(civilians):
            self._finish(Side.SPIES, self._holding(Role.SPY))
        elif not spies and len(blanks) >= len(civilians):
            self._finish(Side.BLANKS, set(blanks))
        else:
            self._next_round()

    def _holding(self, role: Role) -> set[AgentId]:
        return {p for p in self.players if self.roles[p] is role}

    def _next_round(self) -> None:
        if self.round >= self.config.max_rounds:
            self._truncated = True
            self._game_over("round limit")
        else:
            self._start_round()

    def _finish(self, side: Side, winners: set[AgentId]) -> None:
        self.winning_side = side
        self.winners = frozenset(winners)
        self._payoffs = {p: 1.0 if p in winners else -1.0 for p in self.players}
        self._game_over(side.value)

    def _game_over(self, reason: str) -> None:
        self._phase = Phase.OVER
        self._queue, self._ballot = [], None
        self.log(
            GameOver(
                self.winning_side.value if self.winning_side else None,
                tuple(sorted(self.winners)),
                reason,
                frozen_map((p, r.value) for p, r in self.roles.items()),
                self.civilian_word,
                self.spy_word,
            )
        )

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        accuracy = {
            p: (self._votes_on_target[p] / self._votes_cast[p] if self._votes_cast[p] else None)
            for p in self.players
            if self.roles[p] is Role.CIVILIAN
        }
        return {
            "winner": self.winning_side.value if self.winning_side else None,
            "winners": sorted(self.winners),
            "truncated": self._truncated,
            "rounds": self.round,
            "eliminated": list(self.eliminations),
            "civilian_vote_accuracy": accuracy,
            "roles": {p: r.value for p, r in self.roles.items()},
            "civilian_word": self.civilian_word,
            "spy_word": self.spy_word,
            "category": self.category,
            "masked_descriptions": {p: self._masked[p] for p in self.players},
        }

    def hidden_from(self, viewer: AgentId) -> set[str]:
        if self._phase is Phase.OVER:
            return set()
        role = self.roles[viewer]
        if role is Role.CIVILIAN:
            return {self.spy_word}
        if role is Role.SPY:
            return {self.civilian_word}
        return {self.civilian_word, self.spy_word}

    def check_invariants(self) -> None:
        if len(self.living) > self._min_living:
            raise InvariantViolation("the number of living players grew")
        self._min_living = len(self.living)
        if not set(self.living) <= set(self.players) or len(set(self.living)) != len(self.living):
            raise InvariantViolation(f"bad living list {self.living}")
        if (self._phase is Phase.OVER) != (self.is_terminal() or self.is_truncated()):
            raise InvariantViolation("phase OVER must coincide with the end of the game")
        voters = self._ballot.voters if self._ballot is not None else ()
        if not set(self._queue) <= set(self.living) or not set(voters) <= set(self.living):
            raise InvariantViolation("a dead player is queued to act")
        counts = Counter(self.roles.values())
        if (
            counts[Role.SPY] != self.config.num_spies
            or counts[Role.BLANK] != self.config.num_blanks
        ):
            raise InvariantViolation("role counts changed")
        if self.round > self.config.max_rounds:
            raise InvariantViolation("played past the round limit")
        if self._phase is not Phase.OVER and not self.acting():
            raise InvariantViolation(f"nobody acts in phase {self._phase.value}")
