"""The word pairs and clue banks of Who-is-Spy (``data/words.json``, written for Parlour, CC0).

Each pair is two related words tagged with a category and a difficulty; each word has a bank of
short clues that never contain either word of its pair. The scripted bots describe with these
clues and judge others' descriptions against them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from parlour.core.errors import ConfigError

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True, slots=True)
class WordPair:
    """Two related words; which one the civilians get is drawn per game."""

    words: tuple[str, str]
    category: str
    difficulty: str


@dataclass(frozen=True)
class WordBank:
    """All pairs and clues, with seeded sampling by category and difficulty."""

    pairs: tuple[WordPair, ...]
    clues: dict[str, tuple[str, ...]]
    #: each word's other word, of the first pair that holds it (built once with the bank)
    _partners: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        partners: dict[str, str] = {}
        for pair in self.pairs:
            first, second = pair.words
            partners.setdefault(first, second)
            partners.setdefault(second, first)
        object.__setattr__(self, "_partners", partners)

    def partner(self, word: str) -> str | None:
        """The other word of ``word``'s pair, or None for a word not in the bank."""
        return self._partners.get(word)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({p.category for p in self.pairs}))

    def select(self, category: str | None = None, difficulty: str | None = None) -> list[WordPair]:
        """The pairs matching the filters (None matches all), in file order."""
        if category is None and difficulty is None:
            return list(self.pairs)
        if category is not None and category not in self.categories:
            raise ConfigError(
                f"category must be one of {', '.join(self.categories)}, actual value: {category!r}"
            )
        if difficulty is not None and difficulty not in DIFFICULTIES:
            raise ConfigError(
                f"difficulty must be one of {', '.join(DIFFICULTIES)}, actual value: {difficulty!r}"
            )
        return [
            p
            for p in self.pairs
            if (category is None or p.category == category)
            and (difficulty is None or p.difficulty == difficulty)
        ]

    def sample(
        self, rng: np.random.Generator, category: str | None = None, difficulty: str | None = None
    ) -> WordPair:
        """One pair drawn uniformly from those matching the filters."""
        pool = self.select(category, difficulty)
        if not pool:
            raise ConfigError(
                f"no word pair has category={category!r} and difficulty={difficulty!r}"
            )
        return pool[int(rng.integers(len(pool)))]


@cache
def load_word_bank() -> WordBank:
    """Load and validate ``data/words.json`` (once per process)."""
    raw = json.loads(
        resources.files("parlour.envs.who_is_spy").joinpath("data/words.json").read_text("utf-8")
    )
    pairs = tuple(
        WordPair(tuple(entry["words"]), entry["category"], entry["difficulty"])  # type: ignore[arg-type]
        for entry in raw["pairs"]
    )
    clues = {word: tuple(lines) for word, lines in raw["clues"].items()}
    for pair in pairs:
        for word in pair.words:
            if not word.isascii() or word != word.lower() or word not in clues:
                raise ConfigError(f"words.json: bad word or missing clues for {word!r}")
    return WordBank(pairs, clues)
