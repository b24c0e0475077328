"""A description and the speaker's own word: whether it says the word, and the word masked.

:func:`mentions_word` decides whether a description gives the speaker's word away (any case,
inside a longer word, and for words of several parts also hyphenated or run together);
:func:`mask_word` replaces every such mention with ``my word``, as SpyGame does with its
descriptions (``own_word="mask"``), so that the description stands without the word.
"""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
#: What a masked mention of the speaker's word reads as.
MASK = "my word"
#: The mask for a word that ``my word`` itself mentions (a game whose word is ``word``).
_PLAIN_MASK = "***"


def mentions_word(text: str, word: str) -> bool:
    """Whether ``text`` contains ``word`` in any case, also inside a longer word, and for
    multi-word words also hyphenated or written as one word (``ice-cream``, ``icecream``).

    Example:
        >>> mentions_word("I like Ice-Cream a lot", "ice cream")
        True
    """
    spaced = " ".join(_NON_ALNUM.split(text.lower()))
    forms = {word.lower(), word.lower().replace(" ", "")}
    joined = spaced.replace(" ", "")
    return any(form in spaced or (" " in word and form in joined) for form in forms)


def mask_word(text: str, word: str) -> str:
    """``text`` with every mention of ``word`` (as :func:`mentions_word` finds them) replaced
    by ``my word``; the result never mentions ``word``.

    Each letter and digit of the word's mention is matched in any case; for a word of several
    parts, anything but letters and digits may stand between its letters. Where the mask meets
    the text around it so that the word appears again, that stretch is masked with ``***``
    (which has no letter), until no mention is left.

    Example:
        >>> mask_word("Durians smell; I love DURIAN.", "durian")
        'my words smell; I love my word.'
    """
    mask = MASK if not mentions_word(MASK, word) else _PLAIN_MASK
    parts = [p for p in _NON_ALNUM.split(word.lower()) if p]
    if not parts:
        return text
    gap = "" if len(parts) == 1 and " " not in word else r"[^A-Za-z0-9]*"
    letters = "".join(parts) if gap else parts[0]
    pattern = re.compile(gap.join(re.escape(c) for c in letters), re.IGNORECASE)
    masked = pattern.sub(mask, text)
    while mentions_word(masked, word):  # each pass removes letters: it ends
        cut = _stretch(masked, "".join(parts))
        if cut is None:  # (not reached: a mention is a stretch of the word's letters)
            return _PLAIN_MASK
        masked = masked[: cut[0]] + _PLAIN_MASK + masked[cut[1] :]
    return masked


def _stretch(text: str, letters: str) -> tuple[int, int] | None:
    """The span of ``text`` whose letters and digits (lower case) are first ``letters``."""
    kept = [(i, c) for i, ch in enumerate(text) for c in ch.lower() if c in _ALNUM]
    seen = "".join(c for _, c in kept)
    at = seen.find(letters)
    if at == -1:
        return None
    return kept[at][0], kept[at + len(letters) - 1][0] + 1
