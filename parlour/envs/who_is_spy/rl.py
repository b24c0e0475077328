"""Who-is-Spy's RL faces: speech acts (clues of your word and of its pair's other word) and a
numeric view of what you heard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.core.numeric import PublicFold
from parlour.envs.who_is_spy.bots import VAGUE_LINES, fit
from parlour.envs.who_is_spy.model import Description, Phase, VotesRevealed, WhoIsSpyConfig
from parlour.envs.who_is_spy.rules import WhoIsSpyRules, mentions_word
from parlour.envs.who_is_spy.words import WordBank, load_word_bank

_PHASES = list(Phase)
_PHASE_INDEX = {phase: i for i, phase in enumerate(_PHASES)}
_GUESSES = 8
#: The clues a word's bank holds (``data/words.json``: six a word).
_CLUES = 6


def menu_size(config: WhoIsSpyConfig) -> int:
    return max(config.num_players, 2 * _CLUES + len(VAGUE_LINES), _GUESSES + 1)


def speech_menu(rules: WhoIsSpyRules, agent: AgentId) -> Sequence[str]:
    """Describing: the clues of your word, then those of its pair's other word (what the others
    may hold: nobody is told their side), that do not say your word, then vague lines. A blank's
    guess: the words of the bank that the descriptions heard fit best, and "no idea"."""
    bank = load_word_bank()
    if rules.phase is Phase.BLANK_GUESS:
        heard = [text for player, text in _SAID(rules).lines if player != agent]
        ranked = sorted(bank.clues, key=lambda w: (-sum(fit(d, w) for d in heard), w))
        return [*ranked[:_GUESSES], "no idea"]
    word = rules.word_of(agent)
    return VAGUE_LINES if word is None else _describe_menu(word)


def _describe_menu(word: str) -> tuple[str, ...]:
    """The clues of ``word`` and of its partner, then vague lines, all that do not say it."""
    menu = _describe_menus().get(word)
    return menu if menu is not None else _menu_of(load_word_bank(), word)


@cache
def _describe_menus() -> dict[str, tuple[str, ...]]:
    """Every word's describe menu, made once per process from the (fixed) bank: the menu is
    read at every describing step, and its making (the clues checked for the word) cost a fifth
    of the step."""
    bank = load_word_bank()
    return {word: _menu_of(bank, word) for word in bank.clues}


def _menu_of(bank: WordBank, word: str) -> tuple[str, ...]:
    other = bank.partner(word)
    clues = [*bank.clues.get(word, ())[:_CLUES], *bank.clues.get(other or "", ())[:_CLUES]]
    lines = (*clues, *VAGUE_LINES)  # (a vague line may say a word too: "opinions" holds "pin")
    return tuple(dict.fromkeys(line for line in lines if not mentions_word(line, word)))


@dataclass(slots=True)
class _Said:
    """A game's descriptions (public), oldest first, and for each word asked about, how many of
    them are summed and the sums of their fit to it by the speaker's seat, with their counts."""

    lines: list[tuple[AgentId, str]] = field(default_factory=list)
    sums: dict[str, list[Any]] = field(default_factory=dict)


def _note(said: _Said, data: Any) -> None:
    if isinstance(data, Description) and data.text:
        said.lines.append((data.player, data.text))


#: Each game's descriptions, folded in as they come.
_SAID = PublicFold(_Said, _note)


def _tally(said: _Said, seat_of: dict[AgentId, int], word: str) -> tuple[np.ndarray, np.ndarray]:
    """Each seat's summed fit to ``word`` and how many descriptions it gave (kept up to date)."""
    entry = said.sums.get(word)
    if entry is None:
        n = len(seat_of)
        entry = said.sums[word] = [0, np.zeros(n, np.float32), np.zeros(n, np.float32)]
    done, fits, counts = entry
    for player, text in said.lines[done:]:
        seat = seat_of[player]
        fits[seat] += fit(text, word)
        counts[seat] += 1
    entry[0] = len(said.lines)
    return fits, counts


def numeric_size(config: WhoIsSpyConfig) -> int:
    return len(_PHASES) + 5 * config.num_players + 6


def encode(rules: WhoIsSpyRules, agent: AgentId) -> np.ndarray:
    """Phase; round progress; your seat; who is alive; whether you are a blank; whether you act;
    the votes each player got in the last reveal you saw; whether that reveal was a run-off; how
    well each player's descriptions fit your word and your word's partner in the bank (the mean
    of the scripted bots' fit, 0 to 1; 0 for a blank), and how well all you heard fits each."""
    seat_of = rules.seat_of
    n = len(seat_of)
    out = np.zeros(numeric_size(rules.config), np.float32)  # filled by index
    out[_PHASE_INDEX[rules.phase]] = 1.0
    at = len(_PHASES)
    out[at] = rules.round / rules.config.max_rounds
    at += 1
    out[at + seat_of[agent]] = 1.0
    at += n
    for player in rules.living:
        out[at + seat_of[player]] = 1.0
    at += n
    word = rules.word_of(agent)
    out[at] = word is None
    out[at + 1] = agent in rules.acting()
    at += 2
    revealed = rules.events.latest(VotesRevealed.kind, agent)
    if revealed is not None:
        for player, votes in revealed.data.tally.items():
            out[at + seat_of[player]] = votes / n
        out[at + n] = revealed.data.runoff
    at += n + 1
    if word is not None:
        _fits(out[at:], rules, agent, word, n)
    return out


def _fits(out: np.ndarray, rules: WhoIsSpyRules, agent: AgentId, word: str, n: int) -> None:
    """Fill ``out[:2n + 2]``: each other player's mean fit to ``word``, then to its partner, then
    the mean over everything heard of each."""
    said, seat_of, me = _SAID(rules), rules.seat_of, rules.seat_of[agent]
    mine, counts = _tally(said, seat_of, word)
    other = load_word_bank().partner(word)
    theirs = _tally(said, seat_of, other)[0] if other is not None else np.zeros_like(mine)
    heard = counts.copy()
    heard[me] = 0
    spoke = heard > 0
    out[:n][spoke] = mine[spoke] / heard[spoke]
    out[n : 2 * n][spoke] = theirs[spoke] / heard[spoke]
    total = heard.sum()
    if total:
        out[2 * n] = (mine.sum() - mine[me]) / total
        out[2 * n + 1] = (theirs.sum() - theirs[me]) / total


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
