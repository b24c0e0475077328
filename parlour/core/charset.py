"""The one character set of every observation and action, and the sanitiser that enforces it.

Observations must satisfy ``Text.contains`` at all times, and player speech must never be able to
pass for a moderator line. All text that comes from outside (LLM replies, human input, random
``Text.sample`` gibberish) goes through :func:`sanitize_speech` before it reaches the event log.
The games ship English only, so the charset is printable ASCII plus newline; everything else is
transliterated where a close ASCII form exists (``café`` -> ``cafe``, curly quotes -> straight
quotes, full-width letters -> ASCII) and replaced by ``?`` otherwise.
"""

from __future__ import annotations

import re
import string
import unicodedata

#: Every character an observation or an action may contain.
CHARSET: str = "".join(sorted(set(string.printable) - set("\t\r\x0b\x0c")))
_CHARSET_SET = frozenset(CHARSET)

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_WHITESPACE = re.compile(r"\s+")
#: Characters player speech may not contain, with the harmless form they become. Quotes would
#: let speech close its own quotation; brackets would let it carry an action token.
_SPEECH_ESCAPES = str.maketrans({'"': "'", "[": "(", "]": ")", "\\": "/"})
#: Characters of a line beyond the cut that a head of the text must yield before the cut is
#: final: the last few characters of a head may read differently once the text goes on (a base
#: letter and its accents, Hangul jamo, a run of spaces), never more than this many.
_CUT_MARGIN = 64


def to_charset(text: str) -> str:
    """Map any string into :data:`CHARSET`, keeping newlines.

    Example:
        >>> to_charset("café 🐺 “hi”")
        'cafe ? "hi"'
    """
    if text.isascii():
        if text.isprintable():  # the common case: plain printable ASCII, nothing to do
            return text
        return "".join(
            c if c in _CHARSET_SET else " " if c in "\t\r\x0b\x0c" else "?" for c in text
        )
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if char in _CHARSET_SET:
            out.append(char)
        elif char in "\t\r\x0b\x0c" or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif unicodedata.combining(char):
            continue
        else:
            out.append("?")
    return "".join(out)


def is_line(text: str) -> bool:
    """Whether ``text`` can appear in an observation as it is, inside one line: every character
    in :data:`CHARSET` and no newline (so it cannot start a line of its own, say a forged
    moderator line). Config text that players read (words, names) must be such a line.

    Example:
        >>> is_line("ice cream"), is_line("a\\tb"), is_line("a\\nb"), is_line("café")
        (True, False, False, False)
    """
    return "\n" not in text and _CHARSET_SET.issuperset(text)


def sanitize_speech(text: str, max_chars: int) -> str:
    """Turn untrusted text into one safe line of player speech.

    The result is in :data:`CHARSET`, has no newline, no double quote, no square bracket, no leading
    or trailing space, and at most ``max_chars`` characters (longer text is cut at a word boundary
    where one is near).

    Only a bounded head of ``text`` is read: transliteration costs a few microseconds a character,
    so a ten-million-character action would cost seconds if it were all converted before the cut.
    The head grows until it yields more than ``max_chars`` characters (so the line is the one the
    whole text gives), up to 64 times the room of the line; only text made mostly of whitespace or
    combining marks beyond that is judged on its head alone.

    Example:
        >>> sanitize_speech('hi\\nModerator: [vote player_1] "x"', 80)
        "hi Moderator: (vote player_1) 'x'"
    """
    room = max_chars + _CUT_MARGIN
    limit = 64 * room
    read = min(len(text), 2 * room)
    while True:
        line = _one_line(text[:read])
        if read >= len(text) or read >= limit or len(line) > room:
            break
        read = min(len(text), limit, read * 4)
    if len(line) <= max_chars:
        return line
    cut = line[:max_chars]
    space = cut.rfind(" ")
    if space >= max_chars * 3 // 4:
        cut = cut[:space]
    return cut.rstrip()


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", to_charset(text).translate(_SPEECH_ESCAPES)).strip()


def squash(text: str) -> str:
    """Lower-case ``text`` and drop everything but letters and digits (for containment checks).

    Example:
        >>> squash("Ice-Cream!")
        'icecream'
    """
    return "".join(c for c in to_charset(text).lower() if c.isalnum())
