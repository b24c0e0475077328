"""The papers' main experiments, as ``parlour reproduce PAPER --models ...`` runs them.

Each paper is a :class:`~parlour.papers.paper.Paper`: its game in the paper's protocol (a preset
checked option by option against the paper's code; ``docs/papers.md`` says what matches and what
differs), the paper's seating of the models, and its table. The Donor Game's experiment is an
evolution over generations rather than a set of games: :mod:`parlour.papers.donor` runs it.
"""

from __future__ import annotations

from parlour.arena.schedule import ScheduledGame
from parlour.core.errors import ConfigError
from parlour.papers.catalog import PAPERS
from parlour.papers.paper import Paper, PaperRun

#: Every paper ``parlour reproduce`` knows, the tournament ones and the Donor Game's evolution.
PAPER_NAMES = (*PAPERS, "donor-game")


def get_paper(name: str) -> Paper:
    """The paper ``name`` (one of :data:`PAPERS`) or a ConfigError listing them."""
    if name not in PAPERS:
        raise ConfigError(f"unknown paper {name!r}; known: {', '.join(PAPER_NAMES)}")
    return PAPERS[name]


def paper_schedule(name: str, models: list[str], games: int, seed: int) -> list[ScheduledGame]:
    """The games of a run of paper ``name`` between ``models``, ``games`` per table cell."""
    paper = get_paper(name)
    return paper.schedule(paper, PaperRun(tuple(models), games, seed, paper.key))


__all__ = ["PAPERS", "PAPER_NAMES", "Paper", "PaperRun", "get_paper", "paper_schedule"]
