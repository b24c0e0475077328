"""Checks of a tournament spec's values, and where in the TOML text a key sits.

TOML has types, and a spec must keep them: ``twins = "no"`` is not false and ``seed = 1.7`` is
not 1. A wrong value is refused with the key, what it must be and what arrived.
"""

from __future__ import annotations

import re
from typing import Any

from parlour.core.errors import ConfigError

#: What an agent's or an entry's name may hold: one shell word, safe in a game id (``parlour
#: replay DIR ID``), a CSV cell (no formula start) and a Markdown table (no ``|``, no line break).
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: The longest name: it heads table columns and starts game ids.
NAME_CHARS = 64

_HEADER = re.compile(r"^\s*\[")
_TOML_TYPES = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    dict: "a table",
    list: "an array",
}


class SpecError(ConfigError):
    """A spec value of the wrong type or out of range; ``key`` names it (errors find its line).

    Example:
        >>> str(SpecError("twins", "true or false", "no"))
        "twins must be true or false, got 'no' (a string)"
    """

    def __init__(self, key: str, expected: str, got: Any, *, message: str | None = None) -> None:
        kind = _TOML_TYPES.get(type(got), f"a {type(got).__name__}")
        super().__init__(message or f"{key} must be {expected}, got {shown(got)} ({kind})")
        self.key = key


def shown(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to about ``limit`` characters: an error quotes what arrived, on one
    line, however long it was."""
    try:
        text = repr(value)
    except ValueError:  # an int too long for str()
        return "a number of more than 4,300 digits"
    return text if len(text) <= limit else f"{text[: limit - 20]}...{text[-12:]}"


def check_whole(value: Any, key: str, minimum: int, maximum: int | None = None) -> None:
    """``value`` must be an int (not a bool, not a float) of at least ``minimum`` (and at most
    ``maximum``)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < minimum
        or (maximum is not None and value > maximum)
    ):
        most = "" if maximum is None else f" and <= {maximum}"
        raise SpecError(key, f"a whole number >= {minimum}{most}", value)


def check_name(value: Any, key: str) -> None:
    """``value`` must be a name: :data:`NAME`, at most :data:`NAME_CHARS` characters."""
    if not (isinstance(value, str) and len(value) <= NAME_CHARS and NAME.fullmatch(value)):
        expected = f"one word of letters, digits, '_', '.' or '-' (at most {NAME_CHARS} characters)"
        raise SpecError(key, expected, value)


def check_of(value: Any, kind: type, key: str, expected: str) -> None:
    """``value`` must be an instance of ``kind`` (a bool is not taken for an int)."""
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise SpecError(key, expected, value)


def check_keys(table: Any, known: tuple[str, ...], what: str) -> None:
    """``table`` must be a TOML table whose keys are all among ``known``."""
    if not isinstance(table, dict):
        raise ConfigError(f"{what} must be a table, got {table!r}")
    unknown = sorted(set(table) - set(known))
    if unknown:
        message = f"unknown key(s) {', '.join(unknown)}; known keys: {', '.join(known)}"
        raise SpecError(unknown[0], "a known key", unknown[0], message=message)


def line_of(
    source: str, key: str, *, games_entry: int | None = None, agent: str | None = None
) -> str:
    """``line N: `` where ``key`` is set in the TOML ``source`` (top level, the ``games_entry``-th
    ``[[games]]`` table, or ``[agents.<agent>]``), or ``""`` when it cannot be found."""
    if not source:
        return ""
    lines = source.splitlines()
    start, end = _region(lines, games_entry, agent)
    assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    mention = re.compile(rf"(^|[^\w]){re.escape(key)}([^\w]|$)")
    for pattern, first, last in ((assignment, start, end), (mention, start, end)):
        for number in range(first, last):
            if pattern.search(lines[number]):
                return f"line {number + 1}: "
    if start > 0:  # the table's header names the entry at least
        return f"line {start}: "
    return ""


def _region(lines: list[str], games_entry: int | None, agent: str | None) -> tuple[int, int]:
    """The line range of one table: the top level, a ``[[games]]`` entry or an agent's table."""
    if games_entry is not None:
        header = re.compile(r"^\s*\[\[\s*games\s*\]\]")
        occurrence = games_entry
    elif agent is not None:
        header = re.compile(rf"^\s*\[\s*agents\.[\"']?{re.escape(agent)}[\"']?\s*\]")
        occurrence = 1
    else:
        first_table = next((n for n, line in enumerate(lines) if _HEADER.match(line)), len(lines))
        return 0, first_table
    seen = 0
    for number, line in enumerate(lines):
        if header.match(line):
            seen += 1
            if seen == occurrence:
                following = (n for n in range(number + 1, len(lines)) if _HEADER.match(lines[n]))
                return number + 1, next(following, len(lines))
    return 0, len(lines)  # inline tables: search the whole text
