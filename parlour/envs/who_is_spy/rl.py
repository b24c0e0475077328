"""Who-is-Spy's RL faces: speech acts (clues of your own word) and a numeric view."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.envs.who_is_spy.bots import VAGUE_LINES, fit
from parlour.envs.who_is_spy.model import Description, Phase, VotesRevealed, WhoIsSpyConfig
from parlour.envs.who_is_spy.rules import WhoIsSpyRules, mentions_word
from parlour.envs.who_is_spy.words import load_word_bank

_PHASES = list(Phase)
_PHASE_INDEX = {phase: i for i, phase in enumerate(_PHASES)}
_GUESSES = 8


def menu_size(config: WhoIsSpyConfig) -> int:
    return max(config.num_players, 6 + len(VAGUE_LINES), _GUESSES + 1)


def speech_menu(rules: WhoIsSpyRules, agent: AgentId) -> Sequence[str]:
    """Describing: the clues of your word that do not say it, and vague lines. A blank's guess:
    the words of the bank that the descriptions heard fit best, and "no idea"."""
    bank = load_word_bank()
    if rules.phase is Phase.BLANK_GUESS:
        heard = [
            e.data.text
            for e in rules.events.visible_to(agent)
            if isinstance(e.data, Description) and e.data.text and e.data.player != agent
        ]
        ranked = sorted(bank.clues, key=lambda w: (-sum(fit(d, w) for d in heard), w))
        return [*ranked[:_GUESSES], "no idea"]
    word = rules.word_of(agent)
    clues = bank.clues.get(word or "", ())
    return [*(c for c in clues if not (word and mentions_word(c, word))), *VAGUE_LINES]


def numeric_size(config: WhoIsSpyConfig) -> int:
    return len(_PHASES) + 3 * config.num_players + 4


def encode(rules: WhoIsSpyRules, agent: AgentId) -> np.ndarray:
    """Phase; round progress; your seat; who is alive; whether you are a blank; whether you act;
    the votes each player got in the last reveal you saw; whether that reveal was a run-off."""
    seat_of = rules.seat_of
    n = len(seat_of)
    out = np.zeros(len(_PHASES) + 3 * n + 4, np.float32)  # filled by index: no lists to join
    out[_PHASE_INDEX[rules.phase]] = 1.0
    at = len(_PHASES)
    out[at] = rules.round / rules.config.max_rounds
    at += 1
    out[at + seat_of[agent]] = 1.0
    at += n
    for player in rules.living:
        out[at + seat_of[player]] = 1.0
    at += n
    out[at] = rules.word_of(agent) is None
    out[at + 1] = agent in rules.acting()
    at += 2
    revealed = rules.events.latest(VotesRevealed.kind, agent)
    if revealed is not None:
        for player, votes in revealed.data.tally.items():
            out[at + seat_of[player]] = votes / n
        out[at + n] = revealed.data.runoff
    return out


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
