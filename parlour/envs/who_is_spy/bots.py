"""Scripted Who-is-Spy players built on the seat's view and the clue banks.

* Describing: a clue of the bot's word that nobody has said yet (else one it has not said).
* Voting: the candidate whose descriptions fit the bot's word worst (seeded tie-break).
* Once it has heard two descriptions, a bot that finds them fitting its pair's other word better
  than its own concludes it holds the odd word, and describes and votes as if it held the other.
* A blank bot works out the likeliest word from what it heard, describes and votes as if it held
  that word, and guesses it when eliminated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.view import SeatView
from parlour.envs.who_is_spy.model import Deal, Description
from parlour.envs.who_is_spy.rules import mentions_word
from parlour.envs.who_is_spy.words import load_word_bank

#: Said when a bot has no clue to give (a blank speaking first, a word with no clue bank).
VAGUE_LINES = (
    "it is something most people know",
    "you come across it fairly often",
    "I would not call it unusual",
    "people have opinions about it",
)
_STOPWORDS = frozenset(
    "a an and are as at be by can for from has have in is it its of on or that the this to "
    "with you your it's they them their one very not".split()
)
_TOKEN = re.compile(r"[a-z0-9']+")


def tokens(text: str) -> frozenset[str]:
    """Content words of a description, lower-case."""
    return frozenset(t for t in _TOKEN.findall(text.lower()) if len(t) > 2 and t not in _STOPWORDS)


@cache
def _clue_index() -> dict[str, tuple[frozenset[str], ...]]:
    return {word: tuple(tokens(c) for c in clues) for word, clues in load_word_bank().clues.items()}


def fit(description: str, word: str) -> float:
    """How well a description fits ``word``: 1.0 for one of its clues, else the best share of a
    clue's content words that the description contains (0.0 when nothing matches)."""
    clues = load_word_bank().clues.get(word)
    if not clues:
        return 0.0
    if description.lower() in clues:
        return 1.0
    said = tokens(description)
    if not said:
        return 0.0
    best = 0.0
    for clue_tokens in _clue_index()[word]:
        if clue_tokens:
            best = max(best, len(said & clue_tokens) / len(clue_tokens))
    return best


class WhoIsSpyBot:
    """A scripted player for one seat."""

    def __init__(self, view: SeatView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.bank = load_word_bank()
        self.word: str | None = None
        self.descriptions: dict[AgentId, list[str]] = {}
        self.said: set[str] = set()
        self._cursor = 0

    def _sync(self) -> None:
        for event in self.view.events(self._cursor):
            data = event.data
            if isinstance(data, Deal):
                self.word = data.word
            elif isinstance(data, Description) and data.text:
                self.descriptions.setdefault(data.player, []).append(data.text)
                self.said.add(data.text.lower())
        self._cursor = len(self.view)

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        self._sync()
        phase = info.get("phase")
        if phase == "vote":
            return self._vote(list(info.get("legal_actions") or []))
        if phase == "blank_guess":
            legal = info.get("legal_actions")
            if legal:  # not a blank: the last turn only passes
                return str(legal[0])
            return self.likeliest_word() or "no idea"
        return self._describe()

    def working_word(self) -> str | None:
        """The word the bot plays as: its own, or the word it believes the others hold."""
        if self.word is None:
            return self.likeliest_word()
        heard = self._heard()
        partner = self.bank.partner(self.word)
        if partner is None or len(heard) < 2:
            return self.word
        own = sum(fit(d, self.word) for d in heard)
        other = sum(fit(d, partner) for d in heard)
        return partner if other > own else self.word

    def _heard(self) -> list[str]:
        return [
            d for agent, ds in self.descriptions.items() if agent != self.view.agent for d in ds
        ]

    def likeliest_word(self) -> str | None:
        """The word of the clue banks that the descriptions heard so far fit best."""
        heard = self._heard()
        if not heard:
            return None
        best, best_score = None, 0.0
        for word in sorted(self.bank.clues):
            score = sum(fit(d, word) for d in heard)
            if score > best_score:
                best, best_score = word, score
        return best

    def _describe(self) -> str:
        """A clue nobody has said, else one this bot has not said, else a vague line."""
        word = self.working_word()
        clues = self.bank.clues.get(word or "", ())
        mine = {d.lower() for d in self.descriptions.get(self.view.agent, [])}
        tiers = (
            [c for c in clues if c.lower() not in self.said],
            [c for c in clues if c.lower() not in mine],
            VAGUE_LINES,
        )
        for lines in tiers:
            safe = [line for line in lines if not (self.word and mentions_word(line, self.word))]
            if safe:
                return safe[int(self.rng.integers(len(safe)))]
        return "no comment"

    def _vote(self, legal: list[str]) -> str:
        word = self.working_word()
        scores = []
        for action in legal:
            target = action.removeprefix("[vote ").removesuffix("]")
            lines = self.descriptions.get(target, [])
            score = sum(fit(line, word) for line in lines) / len(lines) if lines and word else 0.5
            scores.append(score)
        worst = min(scores)
        options = [a for a, s in zip(legal, scores, strict=True) if s == worst]
        return options[int(self.rng.integers(len(options)))]


def make_bot(view: SeatView, rng: np.random.Generator) -> WhoIsSpyBot:
    """The ``scripted`` agent's entry point."""
    return WhoIsSpyBot(view, rng)
