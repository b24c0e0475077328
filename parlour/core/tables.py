"""CSV and Markdown tables that hold any text: no cell becomes a formula, a column or a line.

Reports carry text Parlour does not write itself: agent names from a spec, strategies an LLM
wrote, error messages, metric names. A spreadsheet runs a CSV cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (CSV injection: ``=HYPERLINK(...)``,
``=cmd|' /C calc'!A0``), so such a text cell is written with a leading ``'``, as OWASP advises;
numbers stay numbers. In Markdown a ``|`` starts a new column and a line break ends the table
(the next line could be a ``## Ratings`` heading of its own), so a cell's ``|`` and ``\\`` are
escaped and every line break or other unprintable character becomes a space.

Every CSV and Markdown table Parlour writes goes through :func:`write_csv` and
:func:`markdown_table`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs: text that could start a formula gets a ``'``.

    Example:
        >>> csv_cell('=HYPERLINK("http://evil.example")'), csv_cell(-1.5), csv_cell("tit_for_tat")
        ('\\'=HYPERLINK("http://evil.example")', -1.5, 'tit_for_tat')
    """
    if value is None or isinstance(value, (int, float)):  # numbers (and bools) stay numbers
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """Write a CSV file (UTF-8) with every cell made safe by :func:`csv_cell`."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(cell) for cell in header])
        writer.writerows([csv_cell(cell) for cell in row] for row in rows)


def one_line(value: Any) -> str:
    """``str(value)`` with every line break and other unprintable character made a space (a
    Markdown heading or a printed line that cannot become two, nor move the terminal's cursor).
    """
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


def markdown_cell(value: Any) -> str:
    """``value`` as the text of one Markdown table cell: one line, its ``|`` and ``\\`` escaped.

    Example:
        >>> markdown_cell("x | 100.0% |\\n## Ratings")
        'x \\\\| 100.0% \\\\| ## Ratings'
    """
    return one_line(value).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table, columns padded to one width, every cell made safe by
    :func:`markdown_cell`."""
    cells = [[markdown_cell(c) for c in row] for row in (header, *rows)]
    widths = [max(len(c) for c in column) for column in zip(*cells, strict=True)]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
