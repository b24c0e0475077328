"""Report files hold any text safely: no CSV cell is a formula, no Markdown cell a column or line.

Agent names are checked when a spec is loaded, but a run directory written by an older parlour
(or a store filled by hand) may hold any name: every writer must be safe on its own.
"""

from __future__ import annotations

import csv

import pytest

from parlour.arena import AgentEntry, GameEntry, TournamentSpec, run_tournament
from parlour.arena.report import write_report
from parlour.arena.store import RunStore

#: What a spreadsheet reads as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "a": '=HYPERLINK("http://evil.example","click")',
    "b": "x | 100.0% | pwned |\n\n## Ratings\n| fake | 99 | $\\frac{$ \\",
}
CSV_FILES = ("ratings.csv", "win_rates.csv", "head_to_head.csv", "conduct.csv", "games.csv")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[RunStore, RunStore]:
    """A small finished run of agents ``a`` and ``b``, and its copy with hostile names."""
    folder = tmp_path_factory.mktemp("runs")
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 8, {"num_players": 4}),),
        agents=(AgentEntry("a", "scripted"), AgentEntry("b", "random")),
        concurrency=1,
    )
    clean = run_tournament(spec, folder / "clean", progress=False)
    hostile = RunStore(folder / "hostile")
    stored = clean.get_meta("spec")
    for agent in stored["agents"]:
        agent["name"] = HOSTILE[agent["name"]]
    hostile.put_meta("spec", stored)
    schedule = clean.get_meta("schedule")
    for game in schedule:
        game["seats"] = {seat: HOSTILE[name] for seat, name in game["seats"].items()}
    hostile.put_meta("schedule", schedule)
    for position, game in enumerate(clean.games()):
        game["seats"] = {seat: HOSTILE[name] for seat, name in game["seats"].items()}
        hostile.record(position, game, game)
    return clean, hostile


def _unescaped_pipes(line: str) -> int:
    count, escaped = 0, False
    for char in line:
        count += char == "|" and not escaped
        escaped = char == "\\" and not escaped
    return count


def test_markdown_report_keeps_its_shape_whatever_the_names(runs):
    clean_text, _ = write_report(runs[0])
    text, _ = write_report(runs[1])
    assert (runs[1].run_dir / "report.md").read_text(encoding="utf-8") == text
    lines, clean_lines = text.splitlines(), clean_text.splitlines()
    assert len(lines) == len(clean_lines)
    for line, clean_line in zip(lines, clean_lines, strict=True):
        assert line.startswith("#") == clean_line.startswith("#"), line
        assert line.startswith("|") == clean_line.startswith("|"), line
        assert _unescaped_pipes(line) == _unescaped_pipes(clean_line), line
    assert "evil.example" in text and "pwned" in text  # the names are shown, escaped


def test_no_csv_cell_is_a_formula_whatever_the_names(runs):
    write_report(runs[1])
    cells = []
    for name in CSV_FILES:
        with (runs[1].run_dir / name).open(newline="", encoding="utf-8") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    for cell in cells:
        try:
            float(cell)  # a number is not a formula
        except ValueError:
            assert not cell.startswith(FORMULA_STARTS), cell
    assert "'" + HOSTILE["a"] in cells  # shown, neutralised
