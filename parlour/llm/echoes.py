"""Speech that is not the player's own line: an echo of the game's text, or a refusal.

A speech turn accepts any line, so a model that repeats its prompt would publish its private card
("You are a werewolf. Your fellow werewolves: ...") to the table. The agent checks a speech reply
here before sending it and re-asks instead: a reply that carries the observation's headings or its
closing "Reply with" line, or copies a long run of the card or the prompt word for word, is an
echo; a reply that declines to play is a refusal. Lines quoting other players' speech are fine:
only what the seat was told (the system message: instructions, rules, card; and the prompt) is
compared.
"""

from __future__ import annotations

import re

from parlour.core.text import EVENTS_HEADING, PROMPT_HEADING

#: The shortest run of characters (case and spacing folded) copied from the card or prompt that
#: makes a line an echo: longer than any name or phrase a line would share by chance.
ECHO_RUN_CHARS = 40
#: Parts of an observation that no player's own line holds.
_MARKERS = ("## your card", EVENTS_HEADING.lower(), PROMPT_HEADING.lower(), "reply with ")
_REFUSAL = re.compile(
    r"^\W*(?:i'?m sorry|i am sorry|sorry, (?:but )?i|i (?:can ?not|can't|won't|am unable to|"
    r"am not able to)|as an ai\b|as a language model\b)",
    re.IGNORECASE,
)


def speech_problem(line: str, given: str) -> str | None:
    """Why ``line``, a speech reply, is not the player's own line (for the re-ask), or None.

    ``given`` is what the seat was told that no line of its own repeats: the system message
    (instructions, rules and card) and the observation's prompt (:func:`own_text` of them).

    Example:
        >>> given = own_text("Rules. You are a werewolf. Your fellow werewolves:"
        ...     " player_6.", "## Now Speak.")
        >>> speech_problem("I trust player_3, she voted well.", given) is None
        True
        >>> speech_problem("You are a werewolf. Your fellow werewolves: player_6.", given)
        "it copies the game's text word for word; say your own line"
        >>> speech_problem("I'm sorry, but I can't take part in deception games.", given)
        'it declines to play; say a line as your player'
    """
    folded = _fold(line)
    if _REFUSAL.match(line):
        return "it declines to play; say a line as your player"
    if any(marker in folded for marker in _MARKERS):
        return "it repeats the game's instructions; say your own line"
    # a copied run of ECHO_RUN_CHARS + step characters holds one of these windows whole
    step = ECHO_RUN_CHARS // 2
    for start in range(0, max(1, len(folded) - ECHO_RUN_CHARS + 1), step):
        window = folded[start : start + ECHO_RUN_CHARS]
        if len(window) == ECHO_RUN_CHARS and window in given:
            return "it copies the game's text word for word; say your own line"
    return None


def own_text(system: str, body: str) -> str:
    """What a seat was told that its lines must not copy, folded for :func:`speech_problem`:
    the system message and the prompt part of the observation's body (the events, which hold
    other players' lines a player may quote, are left out)."""
    _, _, prompt = body.partition(PROMPT_HEADING)
    return _fold(f"{system}\n{prompt}")


def _fold(text: str) -> str:
    return " ".join(text.lower().split())
