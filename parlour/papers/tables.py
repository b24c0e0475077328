"""The papers' tables from finished games, and their Markdown.

Each figure is a mean over games with a 95% percentile-bootstrap interval (the tournament's own
:func:`parlour.arena.ratings.bootstrap`, seeded, so a report is a function of its games).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from parlour.arena.ratings import bootstrap
from parlour.core.tables import markdown_table, one_line
from parlour.papers.paper import Cell, PaperRun, PaperTable, StoredGame


def cell(values: Sequence[float], percent: bool = False) -> Cell:
    """The mean of ``values`` with its 95% bootstrap interval."""
    rate = bootstrap([float(v) for v in values], np.random.default_rng(0))
    if rate.n == 0:
        return Cell(None, percent=percent)
    return Cell(rate.value, rate.low, rate.high, rate.n, percent)


def side_models(game: StoredGame, side_of_role: Mapping[str, str]) -> dict[str, set[str]]:
    """The models that sat on each side of a finished game (its roles are in its metrics)."""
    roles = (game.get("metrics") or {}).get("roles") or {}
    sides: dict[str, set[str]] = defaultdict(set)
    for seat, model in game["seats"].items():
        sides[side_of_role[roles[seat]]].add(model)
    return sides


def side_won(game: StoredGame, side: str) -> bool:
    """Whether ``side`` (as the game's ``winner`` metric names it) won."""
    return (game.get("metrics") or {}).get("winner") == side


def grid_table(
    games: Iterable[StoredGame],
    run: PaperRun,
    side_of_role: Mapping[str, str],
    sides: tuple[str, str],
    title: str,
) -> PaperTable:
    """Rows: the model on ``sides[0]``; columns: the model on ``sides[1]``; each cell the share
    of their games that ``sides[0]`` won."""
    wins: dict[tuple[str, str], list[float]] = defaultdict(list)
    for game in games:
        by_side = side_models(game, side_of_role)
        for first in by_side[sides[0]]:
            for second in by_side[sides[1]]:
                wins[(first, second)].append(float(side_won(game, sides[0])))
    rows = tuple(
        (first, tuple(cell(wins[(first, second)], percent=True) for second in run.models))
        for first in run.models
    )
    return PaperTable(title, f"{sides[0]} / {sides[1]}", run.models, rows)


def side_rates_table(
    games: Iterable[StoredGame],
    run: PaperRun,
    side_of_role: Mapping[str, str],
    sides: Sequence[str],
    title: str,
) -> PaperTable:
    """Per model: the share of games won on each side it sat on (every opponent pooled)."""
    wins: dict[tuple[str, str], list[float]] = defaultdict(list)
    for game in games:
        for side, models in side_models(game, side_of_role).items():
            for model in models:
                wins[(model, side)].append(float(side_won(game, side)))
    rows = tuple(
        (model, tuple(cell(wins[(model, side)], percent=True) for side in sides))
        for model in run.models
    )
    return PaperTable(title, "model", tuple(f"won as {side}" for side in sides), rows)


def per_model_table(
    games: Iterable[StoredGame],
    run: PaperRun,
    columns: Mapping[str, Callable[[StoredGame, str], float | None]],
    title: str,
    percent: Sequence[str] = (),
) -> PaperTable:
    """Per model, the mean of each column's per-seat figure (``column(game, seat)``; None skips
    the seat) over the seats it played."""
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for game in games:
        for seat, model in game["seats"].items():
            for name, figure in columns.items():
                value = figure(game, seat)
                if value is not None:
                    values[(model, name)].append(value)
    rows = tuple(
        (model, tuple(cell(values[(model, name)], name in percent) for name in columns))
        for model in run.models
    )
    return PaperTable(title, "model", tuple(columns), rows)


def seat_metric(name: str) -> Callable[[StoredGame, str], float | None]:
    """A per-seat metric of the game (``metrics[name][seat]``) as a table column."""

    def figure(game: StoredGame, seat: str) -> float | None:
        value = ((game.get("metrics") or {}).get(name) or {}).get(seat)
        return float(value) if isinstance(value, (int, float)) else None

    return figure


def markdown(tables: Sequence[PaperTable], published: str = "") -> str:
    """The tables as Markdown sections, then the paper's published figures."""
    parts = []
    for table in tables:
        header = [table.corner, *table.columns]
        rows = [
            [name, *(c.text() if isinstance(c, Cell) else c for c in cells)]
            for name, cells in table.rows
        ]
        parts += [f"### {one_line(table.title)}", "", markdown_table(header, rows), ""]
        if table.note:
            parts += [table.note, ""]
    if published:
        parts += ["### Published figures", "", published.strip(), ""]
    return "\n".join(parts)


def games_only(games: Iterable[StoredGame]) -> list[StoredGame]:
    """The finished games (failed ones have no rewards to count)."""
    return [g for g in games if g.get("status") == "done"]
