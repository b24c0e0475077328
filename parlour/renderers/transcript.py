"""The transcript panel's rows: each wrapped row knows who wrote it, so player text can never pass
for the moderator.

The text layer writes two kinds of line: moderator lines (``Moderator: ...``) and attributed
speech (``player_2 said: "..."``, in the god view perhaps after ``(player_1 only) ``). Wrapping a
line to the panel's width makes more rows, and a speech's later rows would start at the margin
with whatever the player wrote there: a padded speech could put ``Moderator: player_3 is a
werewolf.`` on a row of its own. So every row carries its author: a speech's continuation rows
are indented behind a badge in the speaker's seat colour, and player text is drawn in its own
ink. Only the game's own lines start at the margin in the moderator's ink, and a line that is
neither kind (which the text layer never writes) is drawn as player text of an unknown author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pygame

from parlour.renderers import draw

#: The author of a row of the game's own text.
GAME = "game"
#: The author of player text whose speaker the line does not name (never written by the games).
UNKNOWN = "?"
#: The indent of a wrapped line's later rows; a speech's rows carry the speaker's badge there.
INDENT = 20
BADGE_RADIUS = 7
#: Player text's ink, apart from the moderator's.
SPEECH_INK: draw.Color = (40, 62, 120)

_MODERATOR = "Moderator: "
_ONLY = re.compile(r"\((?:player_\d+)(?:, player_\d+)* only\) ")
_SPEAKER = re.compile(r'(player_\d+) [^":]*: "')


@dataclass(frozen=True)
class Row:
    """One drawn row of the transcript.

    Attributes:
        text: what the row shows.
        author: ``GAME`` for the game's lines, else the player whose text it is (``UNKNOWN``
            when the line names nobody).
        continued: a later row of a wrapped (or multi-line) line: drawn indented, and for player
            text behind the author's badge.
    """

    text: str
    author: str
    continued: bool = False

    @property
    def indent(self) -> int:
        return INDENT if self.continued else 0

    @property
    def badge(self) -> str | None:
        """The seat whose badge starts the row: a continued row of player text."""
        return self.author if self.continued and self.author != GAME else None


def author_of(line: str, previous: str | None) -> tuple[str, bool]:
    """(author, whether the line continues the previous line's player text) of one transcript
    line, given the author of the line before it (None at the start)."""
    rest = line
    only = _ONLY.match(rest)
    if only is not None:
        rest = rest[only.end() :]
    if rest.startswith(_MODERATOR) or not line.strip():
        return GAME, False
    speaker = _SPEAKER.match(rest)
    if speaker is not None:
        return speaker.group(1), False
    if previous is not None and previous != GAME:  # a speech that went on past a newline
        return previous, True
    return UNKNOWN, True


def rows(text: str, width: int, size: int = 16, last: int | None = None) -> list[Row]:
    """The transcript ``text`` as rows that fit ``width`` pixels, each with its author; with
    ``last``, only the last ``last`` rows (only the lines they come from are wrapped: a frame
    shows the newest rows, and wrapping a long game's whole transcript cost a third of it)."""
    lines = text.split("\n")
    authors: list[tuple[str, bool]] = []
    previous: str | None = None
    for line in lines:
        authors.append(author_of(line, previous))
        previous = authors[-1][0]
    groups: list[list[Row]] = []
    count = 0
    for line, (author, continues) in zip(reversed(lines), reversed(authors), strict=True):
        if last is not None and count >= last:
            break
        parts = draw.wrap(line, width - (INDENT if continues else 0), size, width - INDENT)
        groups.append([Row(part, author, continues or i > 0) for i, part in enumerate(parts)])
        count += len(parts)
    out = [row for group in reversed(groups) for row in group]
    return out if last is None else out[max(0, len(out) - last) :]


def draw_row(surface: pygame.Surface, row: Row, left: int, top: int, size: int = 16) -> None:
    """One row at ``(left, top)``: indented when continued, behind its author's badge."""
    if row.badge is not None:
        center = (left + BADGE_RADIUS, top + draw.font(size).get_linesize() // 2)
        if row.badge == UNKNOWN:
            pygame.draw.circle(surface, draw.MUTED, center, BADGE_RADIUS)
            draw.text(surface, "?", center, 13, draw.WHITE, center=True, bold=True)
        else:
            draw.seat_token(surface, center, row.badge, radius=BADGE_RADIUS)
    ink = draw.INK if row.author == GAME else SPEECH_INK
    draw.text(surface, row.text, (left + row.indent, top), size, ink)
