"""The CSV and Markdown writers every report uses: any text, safe in a cell."""

from __future__ import annotations

import csv
import re

import pytest

from parlour.core.tables import csv_cell, markdown_cell, markdown_table, one_line, write_csv


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_could_start_a_formula_is_neutralised(start, tmp_path):
    text = start + 'HYPERLINK("http://evil.example")'
    assert csv_cell(text) == "'" + text
    write_csv(tmp_path / "t.csv", ["name", start + "header"], [[text, -1.5]])
    with (tmp_path / "t.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["name", "'" + start + "header"], ["'" + text, "-1.5"]]


@pytest.mark.parametrize("value", [-1.5, 0, 3, True, None, "tit_for_tat", "a=b", " =1"])
def test_numbers_and_plain_text_are_kept(value):
    assert csv_cell(value) == value


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028"])
def test_a_markdown_cell_is_one_line_whatever_breaks_the_text(newline):
    cell = markdown_cell(f"x{newline}## Ratings")
    assert len(cell.splitlines()) == 1 and cell.split() == ["x", "##", "Ratings"]


def test_a_markdown_cell_escapes_its_pipes_and_backslashes():
    assert markdown_cell("a | b") == r"a \| b"
    assert markdown_cell("a\\|b") == r"a\\\|b"  # an escaped pipe in the text stays text
    assert markdown_cell("a\\") == "a\\\\"  # a trailing backslash cannot escape the border
    assert one_line("ok\x1b[2Jthen") == "ok [2Jthen"  # no terminal control either


def test_a_markdown_table_keeps_its_columns():
    table = markdown_table(["agent", "score"], [["x | 1 |\n## Ratings", 2], ["b", 3]])
    lines = table.splitlines()
    borders = [len(re.findall(r"(?<!\\)(?:\\\\)*\|", line)) for line in lines]  # unescaped |
    assert len(lines) == 4 and borders == [3, 3, 3, 3]
    assert len({len(line) for line in lines}) == 1  # padded to one width
