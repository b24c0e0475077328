"""What an LLM member of a Donor Game evolution is asked when it writes its strategy, and how its
reply is read.

The request follows Vallinder & Hughes' strategy prompt (aronvallinder/llm-donor-game), written
afresh for Parlour: the rules of the very game the member will play (the env's own rules text),
how a trace works with a worked example in the game's own words, that round 1 has no traces,
and, from the second generation on, the survivors' strategies as advice to improve on; then a
brief step-by-step reflection and one sentence that starts "My strategy will be". The strategy
is that sentence: the reply from its last "My strategy will be" on (the text before it is kept
as the member's justification), one sanitised line of at most :data:`STRATEGY_CHARS`.
"""

from __future__ import annotations

from typing import Any

from parlour.core.charset import sanitize_speech
from parlour.core.text import counted
from parlour.envs.donor_game.model import (
    DonorGameConfig,
    Interaction,
    TraceMode,
    Units,
    acts_told,
)
from parlour.envs.donor_game.text import act_line, rules_summary

#: The longest strategy a member may write (longer ones are cut at a word boundary).
STRATEGY_CHARS = 300
#: The longest reply read when a member writes its strategy: room to think a little first.
REPLY_CHARS = 2000
#: The words a strategy starts with, as the paper asks.
OPENING = "My strategy will be"
#: The strategy of an LLM member whose reply held no words.
FALLBACK_STRATEGY = f"{OPENING} to give half of what I have."


def strategy_request(game: DonorGameConfig, advice: str = "") -> str:
    """The text a member reads before writing its strategy for games of ``game``; ``advice``
    (the survivors' strategies, one quoted line each under a heading) from generation 2 on."""
    parts = [
        "You are about to play the Donor Game, in generations: after each generation's games"
        " the best-performing players survive into the next. The rules:",
        rules_summary(game),
        *_trace_explanation(game),
    ]
    if advice:
        parts.append(advice)
    improve = (
        " In particular, how could you improve on the survivors' strategies?" if advice else ""
    )
    parts.append(
        "## Now\nBefore you write your strategy, think briefly, step by step, about what would"
        f" do well in this game.{improve} Then write your strategy, without explanation, as one"
        f" sentence that starts: {OPENING}"
    )
    return "\n".join(parts)


def _trace_explanation(game: DonorGameConfig) -> list[str]:
    """How a trace works, with an example in the game's own words (none without traces)."""
    if game.trace_depth == 0:
        return ["Donors see no trace: nothing of what the recipient did before."]
    told = acts_told(game)
    percent = game.units is Units.PERCENT

    def line(round_: int, donor: str, recipient: str, share: float) -> str:
        amount = 10 * share  # the example's donors have 10 units
        choice = 100 * share if percent else amount
        return act_line(
            Interaction(round_, donor, recipient, "donate", amount, share, choice, percent), told
        )

    shares = (0.4, 0.1, 0.0)[: game.trace_depth]  # the example's acts, newest first
    if game.trace is TraceMode.CHAINED:
        names = "ABCD"  # A gave to B, who before that gave to C, ...
        example = [line(3 - k, names[k], names[k + 1], s) for k, s in enumerate(shares)]
        how = (
            "How a trace works: as a donor you see what the recipient did the last time it was a"
            " donor, then what the player it gave to did the time before that, and so on, up to"
            f" {counted(game.trace_depth, 'act')} back: a chain through different players, not"
            " the recipient's own history."
        )
        only = "Of A you know only what it did in round 3."
    else:
        example = [line(3 - k, "A", "BCD"[k], s) for k, s in enumerate(shares)]
        how = (
            "How a trace works: as a donor you see the recipient's own last acts as a donor,"
            f" newest first, up to {counted(game.trace_depth, 'act')}."
        )
        only = "That is all you know of A."
    return [
        how,
        f"For example, paired with A in round 4 you might read: {' '.join(example)} {only}",
        "In round 1 nobody has acted yet: you will know nothing of the recipient, so think about"
        " what to give then too.",
    ]


def read_strategy(reply: str) -> tuple[str, str]:
    """(strategy, justification) of a member's reply: the strategy is the reply from its last
    "My strategy will be" on (all of it where the words are missing), as one sanitised line of
    at most :data:`STRATEGY_CHARS` (the fallback where it has no words); the justification is
    the text before it.

    Example:
        >>> read_strategy("Reciprocity pays.\\nMy strategy will be to give what they gave.")
        ('My strategy will be to give what they gave.', 'Reciprocity pays.')
    """
    head, found, tail = reply.rpartition(OPENING)
    if not found:
        return strategy_line(reply), ""
    return strategy_line(found + tail), sanitize_speech(head, REPLY_CHARS)


def strategy_line(text: str) -> str:
    """A strategy as it may be shown: one bounded line of speech (the fallback if no words)."""
    line = sanitize_speech(text, STRATEGY_CHARS)
    return line if any(c.isalnum() for c in line) else FALLBACK_STRATEGY


def writing_turn() -> dict[str, Any]:
    """The ``info`` of a strategy-writing turn: a speech turn long enough to think first."""
    return {"action_kind": "speech", "max_speech_chars": REPLY_CHARS, "legal_actions": None}
