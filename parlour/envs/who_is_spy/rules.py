"""Who-is-Spy as a pure state machine: no PettingZoo, no prose.

Civilians share a word, spies hold a related word, blanks ("Mr. White") hold none and know it.
Each round every living player describes their word in one line, then all vote in secret; the
most-voted player is eliminated. See ``env.py`` for the full rules page.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, SpeechRule
from parlour.core.charset import squash
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.who_is_spy.model import (
    Action,
    BallotCast,
    BlankGuess,
    Deal,
    Describe,
    Description,
    Elimination,
    GameOver,
    Guess,
    NoElimination,
    Pass,
    Phase,
    Role,
    RoundStart,
    Runoff,
    Side,
    TieRule,
    Vote,
    VotesRevealed,
    VoteStart,
    WhoIsSpyConfig,
)
from parlour.envs.who_is_spy.words import load_word_bank

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class WhoIsSpyRules(GameRules[Action]):
    """The state machine of one game.

    Chance, all from ``rng`` in this order: word pair, its orientation, seats of spies and
    blanks (drawn even when ``roles`` is given, so fixing roles leaves the rest of the chance
    unchanged), then each round's speaking order and run-off order, and tie-breaks.
    """

    def __init__(self, config: WhoIsSpyConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        self.category: str | None = None
        if config.word_pair is not None:
            civilian_word, spy_word = config.word_pair
        else:
            pair = load_word_bank().sample(rng, config.category, config.difficulty)
            self.category = pair.category
            flip = int(rng.integers(2))
            civilian_word, spy_word = pair.words[flip], pair.words[1 - flip]
        if config.swap_words:
            civilian_word, spy_word = spy_word, civilian_word
        self.civilian_word, self.spy_word = civilian_word, spy_word
        seats = [self.players[i] for i in rng.permutation(config.num_players)]
        self.roles: dict[AgentId, Role] = dict.fromkeys(self.players, Role.CIVILIAN)
        if config.roles is not None:
            self.roles = {p: Role(r) for p, r in zip(self.players, config.roles, strict=True)}
        else:
            for agent in seats[: config.num_spies]:
                self.roles[agent] = Role.SPY
            for agent in seats[config.num_spies : config.num_spies + config.num_blanks]:
                self.roles[agent] = Role.BLANK
        self.living: list[AgentId] = list(self.players)
        #: Whether every eliminated player takes the last turn a blank uses for its guess: with
        #: blanks in play and roles kept secret, a turn only a blank got would reveal it.
        self.last_turns = config.num_blanks > 0 and not config.reveal_role_on_elimination
        self.round = 0
        self._phase = Phase.DESCRIBE
        self._queue: list[AgentId] = []  # speakers still to describe, in order
        self._voters: list[AgentId] = []
        self._candidates: list[AgentId] = []
        self._ballots: dict[AgentId, AgentId | None] = {}
        self._runoff = False
        self._guesser: AgentId | None = None
        self.winners: frozenset[AgentId] = frozenset()
        self.winning_side: Side | None = None
        self._truncated = False
        self.eliminations: list[dict[str, Any]] = []
        self._votes_cast: Counter[AgentId] = Counter()
        self._votes_on_target: Counter[AgentId] = Counter()
        self._min_living = len(self.living)
        self._no_scores: dict[AgentId, float] = dict.fromkeys(self.players, 0.0)
        self._vote_legal: dict[AgentId, Legal[Action]] = {}
        self._describe_legal: Legal[Action] = Legal(
            ActionKind.SPEECH,
            default=Describe(None),
            speech=SpeechRule(config.max_description_chars, Describe),
        )
        for agent in self.players:
            self.log(Deal(agent, self.word_of(agent)), visible_to={agent})
        self._start_round()

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    def word_of(self, agent: AgentId) -> str | None:
        role = self.roles[agent]
        return (
            None
            if role is Role.BLANK
            else self.civilian_word
            if role is Role.CIVILIAN
            else self.spy_word
        )

    def acting(self) -> list[AgentId]:
        phase = self._phase
        if phase is Phase.DESCRIBE:
            return self._queue[:1]
        if phase is Phase.VOTE:
            return [v for v in self._voters if v not in self._ballots]
        if phase is Phase.BLANK_GUESS and self._guesser is not None:
            return [self._guesser]
        return []

    def legal(self, agent: AgentId) -> Legal[Action]:
        if self._phase is Phase.VOTE:
            legal = self._vote_legal.get(agent)
            if legal is None:  # one object per voter and ballot, as Legal asks
                choices = tuple(Vote(c) for c in self._candidates if c != agent)
                legal = self._vote_legal[agent] = Legal(ActionKind.CHOICE, Vote(None), choices)
            return legal
        if self._phase is Phase.BLANK_GUESS:
            return _GUESS_LEGAL if self.roles[agent] is Role.BLANK else _PASS_LEGAL
        return self._describe_legal

    def check(self, agent: AgentId, action: Action) -> None:
        word = self.word_of(agent)
        if (
            isinstance(action, Describe)
            and action.text
            and word
            and mentions_word(action.text, word)
        ):
            raise IllegalAction("a description must not contain your own word")

    def is_terminal(self) -> bool:
        return self.winning_side is not None

    def is_truncated(self) -> bool:
        return self._truncated

    def scores(self) -> dict[AgentId, float]:
        if self.winning_side is None:
            return self._no_scores  # the same dict until the game is won
        return {p: 1.0 if p in self.winners else -1.0 for p in self.players}

    def living_with(self, role: Role) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is role]

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        self.step_count += 1
        if isinstance(action, Describe) and self._phase is Phase.DESCRIBE:
            self._describe(agent, action)
        elif isinstance(action, Vote) and self._phase is Phase.VOTE:
            self._vote(agent, action)
        elif isinstance(action, Guess) and self._phase is Phase.BLANK_GUESS:
            if self.roles[agent] is not Role.BLANK:
                raise IllegalAction(f"{agent} holds a word and has nothing to guess")
            self._guess(agent, action)
        elif isinstance(action, Pass) and self._phase is Phase.BLANK_GUESS:
            self._guesser = None  # a civilian's or spy's last turn: nothing happens
            self._after_elimination()
        else:
            raise IllegalAction(
                f"{type(action).__name__} is not an action of phase {self._phase.value}"
            )

    def _describe(self, agent: AgentId, action: Describe) -> None:
        self._queue.pop(0)
        self.log(Description(agent, action.text, self._runoff))
        if not self._queue:
            if self._runoff:
                others = [p for p in self.living if p not in self._candidates]
                self._start_vote(others or list(self.living), self._candidates)
            else:
                self._start_vote(list(self.living), list(self.living))

    def _vote(self, agent: AgentId, action: Vote) -> None:
        target = action.target
        if target is not None and (target == agent or target not in self._candidates):
            raise IllegalAction(f"{agent} cannot vote for {target}")
        self._ballots[agent] = target
        self.log(BallotCast(agent, target), visible_to={agent})
        if len(self._ballots) == len(self._voters):
            self._resolve_votes()

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
        self._runoff = False
        self._queue = [self.living[i] for i in self.rng.permutation(len(self.living))]
        self._phase = Phase.DESCRIBE
        self.log(RoundStart(self.round, tuple(self._queue)))

    def _start_vote(self, voters: list[AgentId], candidates: list[AgentId]) -> None:
        self._phase = Phase.VOTE
        self._voters, self._candidates, self._ballots = voters, candidates, {}
        self._vote_legal = {}
        self.log(VoteStart(tuple(voters), tuple(candidates), self._runoff))

    def _resolve_votes(self) -> None:
        ballots = {v: self._ballots[v] for v in self._voters}
        self._voters, self._ballots = [], {}
        tally = Counter(t for t in ballots.values() if t is not None)
        for voter, target in ballots.items():
            if target is not None:
                self._votes_cast[voter] += 1
                if self.roles[target] is not Role.CIVILIAN:
                    self._votes_on_target[voter] += 1
        top = max(tally.values(), default=0)
        tied = [c for c in self._candidates if tally.get(c, 0) == top]
        self.log(
            VotesRevealed(
                frozen_map(ballots),
                frozen_map((c, tally.get(c, 0)) for c in self._candidates),
                self._runoff,
            )
        )
        if len(tied) == 1:
            self._eliminate(tied[0])
        elif not self._runoff:
            self._runoff = True
            self._candidates = tied
            self._queue = [tied[i] for i in self.rng.permutation(len(tied))]
            self._phase = Phase.DESCRIBE
            self.log(Runoff(tuple(tied), tuple(self._queue)))
        elif self.config.second_tie is TieRule.RANDOM:
            self._eliminate(tied[int(self.rng.integers(len(tied)))])
        else:
            self.log(NoElimination(tuple(tied)))
            self._next_round()

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
            self._finish(
                Side.CIVILIANS, {p for p in self.players if self.roles[p] is Role.CIVILIAN}
            )
        elif spies and len(spies) >= self.config.spy_win_ratio * len(civilians):
            self._finish(Side.SPIES, {p for p in self.players if self.roles[p] is Role.SPY})
        elif not spies and len(blanks) >= len(civilians):
            self._finish(Side.BLANKS, set(blanks))
        else:
            self._next_round()

    def _next_round(self) -> None:
        if self.round >= self.config.max_rounds:
            self._truncated = True
            self._game_over("round limit")
        else:
            self._start_round()

    def _finish(self, side: Side, winners: set[AgentId]) -> None:
        self.winning_side = side
        self.winners = frozenset(winners)
        self._game_over(side.value)

    def _game_over(self, reason: str) -> None:
        self._phase = Phase.OVER
        self._queue, self._voters, self._ballots = [], [], {}
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
        if not set(self._queue) <= set(self.living) or not set(self._voters) <= set(self.living):
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


def _guess_from_text(text: str) -> Guess:
    """Read a guess written as ``coffee``, ``guess coffee`` or ``[guess coffee]``."""
    word = text.strip().strip("()").strip()
    if word.lower().startswith("guess "):
        word = word[len("guess ") :].strip()
    return Guess(word)


_GUESS_LEGAL: Legal[Action] = Legal(
    ActionKind.SPEECH, default=Guess(None), speech=SpeechRule(60, _guess_from_text)
)
_PASS_LEGAL: Legal[Action] = Legal(ActionKind.CHOICE, Pass(), (Pass(),))


def mentions_word(text: str, word: str) -> bool:
    """Whether ``text`` contains ``word`` in any case, also inside a longer word, and for
    multi-word words also hyphenated or written as one word (``ice-cream``, ``icecream``)."""
    spaced = " ".join(_NON_ALNUM.split(text.lower()))
    forms = {word.lower(), word.lower().replace(" ", "")}
    joined = spaced.replace(" ", "")
    return any(form in spaced or (" " in word and form in joined) for form in forms)
