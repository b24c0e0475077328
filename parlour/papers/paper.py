"""What a paper's experiment is: its game and preset, how it seats the models, its table.

A :class:`Paper` is data plus two functions. ``schedule`` turns the run (the models, the number
of games, the seed) into the games to play, in the paper's seating: a grid of one model per side
with fixed seats, a guest model among hosts, every team of partners... ``table`` reads the
finished games back into the paper's table: the same rows, columns and metric, each cell with a
95% bootstrap interval, the published figure beside it where the paper gives one.

A paper run is a tournament whose schedule is the paper's (:attr:`TournamentSpec.paper`), so it
is stored, resumed and cached exactly as a tournament is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parlour.arena.schedule import ScheduledGame

#: A finished game as the run store gives it back (seats, rewards, metrics...).
StoredGame = dict[str, Any]


@dataclass(frozen=True)
class PaperRun:
    """What a paper's schedule is made from.

    Attributes:
        models: the agents' names, in the order given (the first is the host or baseline where
            the paper has one).
        games: games per cell of the paper's table (per model pairing, per layout...).
        seed: the run's seed; deal seeds are drawn from it.
        label: the prefix of the run's game ids.
    """

    models: tuple[str, ...]
    games: int
    seed: int
    label: str


@dataclass(frozen=True)
class Cell:
    """One figure of a table: a mean with its 95% interval over ``n`` games (or runs)."""

    value: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0
    percent: bool = False

    def text(self) -> str:
        if self.value is None or self.n == 0:
            return "-"
        shown = (lambda v: f"{v:.0%}") if self.percent else (lambda v: f"{v:.2f}")
        if self.low is None or self.high is None:
            return f"{shown(self.value)} (n={self.n})"
        return f"{shown(self.value)} [{shown(self.low)}, {shown(self.high)}] (n={self.n})"


@dataclass(frozen=True)
class PaperTable:
    """A table in the paper's shape: a title, a row header, columns and rows of cells."""

    title: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell | str, ...]], ...]
    note: str = ""


@dataclass(frozen=True)
class Paper:
    """One paper's main experiment, as ``parlour reproduce KEY`` runs it.

    Attributes:
        key: the command's name for it (``werewolf-arena``).
        title: the paper, with its authors and year.
        code: where its public code lives (the protocol was checked against it).
        env_id, variant: the game and its preset of the paper's protocol (one of the game's
            ``VARIANTS``, where the conformance and leak suites cover it); ``options`` are
            added to it (or are the whole config where the paper's game has no variant).
        experiment: one sentence: what is compared, seated how.
        schedule: the games of a run.
        tables: the paper's tables from the finished games (and the run).
        published: the paper's own figures, to print beside ours: the Markdown file
            ``published/KEY.md`` beside this module, where the paper's tables give numbers
            (empty where it gives its results only as plots).
        default_games: games per cell when ``--games`` is not given.
        configs: where one run plays several configs (Overcooked's layouts), each by name;
            ``config`` is then the shared part.
    """

    key: str
    title: str
    code: str
    env_id: str
    variant: str | None
    experiment: str
    schedule: Callable[[Paper, PaperRun], list[ScheduledGame]]
    tables: Callable[[Paper, Sequence[StoredGame], PaperRun], list[PaperTable]]
    default_games: int = 10
    options: dict[str, Any] = field(default_factory=dict)
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def published(self) -> str:
        path = Path(__file__).with_name("published") / f"{self.key}.md"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    @property
    def config(self) -> dict[str, Any]:
        """The game options of the paper's protocol: its variant's, then ``options``."""
        from parlour.registry import get_game

        preset = get_game(self.env_id).variants[self.variant] if self.variant else {}
        return {**preset, **self.options}

    def game_configs(self) -> dict[str, dict[str, Any]]:
        """Each config the run plays, by name (one, named after the paper, if not several)."""
        if not self.configs:
            return {self.key: dict(self.config)}
        return {name: {**self.config, **extra} for name, extra in self.configs.items()}
