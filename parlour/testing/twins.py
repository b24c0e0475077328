"""The two games of a twin and how they are played alike (used by :mod:`parlour.testing.leaks`).

Actions are chosen on game A by a seeded random-legal chooser and replayed on game B. The rule
for an action B would not take: the chooser only ever picks an action that *both* games accept
for their acting seats (by the game's own parser and checks: the same text, a number inside both
ranges, the same line of speech). The acting seats are matched by seat where both act, else in
seat order (a night role held by different seats in the twins). When no action is accepted by
both, the twins can no longer be played alike: the pair ends there, the steps compared so far
standing, and the report says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from parlour.core.errors import ActionError
from parlour.core.events import AgentId
from parlour.core.hidden import ActionSwap
from parlour.core.match import Match
from parlour.core.rules import GameRules

#: Said on speech turns: neutral filler, never a game's secret word or a player's name.
FILLER = (
    "I am not sure yet.",
    "Let us think about this carefully.",
    "Nothing to add from me.",
    "It is quite common, I would say.",
    "Maybe it is something you see often.",
)
#: How many candidate actions are tried before the twins are said to part.
_TRIES = 24


def accepts(match: Match[Any], agent: AgentId, text: str) -> bool:
    """Whether ``agent`` may play ``text`` now in ``match`` (parsed and checked by the game)."""
    if agent not in match.acting():
        return False
    try:
        action = match.spec(agent).parse(text)
        if type(match.rules).check is not GameRules.check:
            match.rules.check(agent, action)
    except ActionError:
        return False
    return True


def candidates(
    info: Mapping[str, Any],
    rng: np.random.Generator,
    focus: Sequence[AgentId] = (),
    avoid: Sequence[str] = (),
) -> Iterator[str]:
    """Legal-looking action texts for a turn described by ``info``, in a seeded random order;
    half the time, actions that name a seat of ``focus`` come first (votes, kills and checks
    aimed at the varied seats are where a hidden fact shows, if it shows); actions starting
    with an ``avoid`` text come last."""
    legal = list(info.get("legal_actions") or ())
    if legal:
        order = [legal[int(i)] for i in rng.permutation(len(legal))]
        if focus and rng.random() < 0.5:
            order.sort(key=lambda text: not any(_names(text, seat) for seat in focus))
        if avoid:
            order.sort(key=lambda text: text.startswith(tuple(avoid)))
        yield from order
        return
    numbers = [n for n in info.get("numbers") or () if n["low"] <= n["high"]]
    choices = list(info.get("choices") or ())
    for _ in range(_TRIES):
        if numbers and (not choices or rng.random() < 0.8):
            rule = numbers[int(rng.integers(len(numbers)))]
            low, high = rule["low"], rule["high"]
            if rule["integer"]:
                value: float = int(rng.integers(int(np.ceil(low)), int(np.floor(high)) + 1))
            else:
                value = min(high, max(low, round(float(rng.uniform(low, high)), 2)))
            yield f"[{rule['verb']} {value}]"
        elif choices:
            yield choices[int(rng.integers(len(choices)))]
        else:
            yield FILLER[int(rng.integers(len(FILLER)))]


def _names(text: str, seat: AgentId) -> bool:
    """Whether an action text names ``seat`` (``player_1`` is not named by ``player_10``)."""
    at = text.find(seat)
    return at >= 0 and not text[at + len(seat) : at + len(seat) + 1].isdigit()


def common_action(
    pair: tuple[Match[Any], Match[Any]],
    seats: tuple[AgentId, AgentId],
    info: Mapping[str, Any],
    rng: np.random.Generator,
    unlike: str | None = None,
    focus: Sequence[AgentId] = (),
    avoid: Sequence[str] = (),
) -> str | None:
    """An action text both games accept (``seats[0]`` in game A, ``seats[1]`` in B), drawn from
    A's turn ``info``; ``unlike`` excludes one text; None when there is none."""
    for text in candidates(info, rng, focus, avoid):
        if text != unlike and all(accepts(m, s, text) for m, s in zip(pair, seats, strict=True)):
            return text
    return None


def match_seats(acting_a: Sequence[AgentId], acting_b: Sequence[AgentId]) -> list[tuple[str, str]]:
    """Pairs (seat acting in A, seat acting in B): the same seat where both act, the others in
    seat order. Uneven counts leave the extra seats unpaired (the caller ends the twins)."""
    both = [s for s in acting_a if s in acting_b]
    only_a = [s for s in acting_a if s not in both]
    only_b = [s for s in acting_b if s not in both]
    return [(s, s) for s in both] + list(zip(only_a, only_b, strict=False))


class Swapper:
    """Carries out an :class:`ActionSwap`: finds its turn and hands each game its action."""

    def __init__(self, swap: ActionSwap | None) -> None:
        self.swap = swap
        self.turns = 0  # the seat's turns in the swap's phase so far
        self.done = swap is None  # no more tries: played, failed, or none to play
        self.played = False  # the games got different actions
        self.pending: tuple[AgentId, str, str] | None = None  # the partner's (seat, A, B) plays

    def actions(
        self,
        pair: tuple[Match[Any], Match[Any]],
        seat: AgentId,
        info: Mapping[str, Any],
        rng: np.random.Generator,
    ) -> tuple[str, str] | None:
        """(A's action, B's action) when ``seat``'s turn now is part of the swap, else None."""
        if self.pending is not None and seat == self.pending[0]:
            _, first, second = self.pending
            self.pending = None
            return first, second
        plays = self._plays(pair, seat, info, rng)
        self.played = self.played or plays is not None
        return plays

    def _plays(
        self,
        pair: tuple[Match[Any], Match[Any]],
        seat: AgentId,
        info: Mapping[str, Any],
        rng: np.random.Generator,
    ) -> tuple[str, str] | None:
        swap = self.swap
        if self.done or swap is None or info.get("phase") != swap.phase:
            return None
        if swap.partner is not None and seat in (swap.seat, swap.partner):
            other = swap.partner if seat == swap.seat else swap.seat
            return self._exchange(pair, seat, other, info, rng)
        if seat != swap.seat:
            return None
        if swap.among:
            among = [a for a in info.get("legal_actions") or () if a.startswith(swap.among)]
            if len(among) < 2:
                return None  # not a turn of the kind the swap is about
            info = {**info, "legal_actions": among}
        self.turns += 1
        if swap.prefer:
            return self._preferred(pair, seat, info, rng) if self.turns > swap.occurrence else None
        if self.turns - 1 != swap.occurrence:
            return None
        self.done = True
        first = common_action(pair, (seat, seat), info, rng)
        second = common_action(pair, (seat, seat), info, rng, unlike=first)
        return None if first is None or second is None else (first, second)

    def _exchange(
        self,
        pair: tuple[Match[Any], Match[Any]],
        seat: AgentId,
        other: AgentId,
        info: Mapping[str, Any],
        rng: np.random.Generator,
    ) -> tuple[str, str] | None:
        """The first of the two seats to act plays x in A and y in B; the other, on its turn of
        the same round, y in A and x in B."""
        self.done = True
        first = common_action(pair, (seat, seat), info, rng)
        second = common_action(pair, (seat, seat), info, rng, unlike=first)
        if first is None or second is None:
            return None
        if not all(accepts(m, other, t) for m in pair for t in (first, second)):
            return None  # the other seat is not acting now, or cannot play both
        self.pending = (other, second, first)
        return first, second

    def _preferred(
        self,
        pair: tuple[Match[Any], Match[Any]],
        seat: AgentId,
        info: Mapping[str, Any],
        rng: np.random.Generator,
    ) -> tuple[str, str] | None:
        assert self.swap is not None
        wanted = [a for a in info.get("legal_actions") or () if a.startswith(self.swap.prefer)]
        first = next((a for a in wanted if all(accepts(m, seat, a) for m in pair)), None)
        if first is None:
            return None
        self.done = True
        other = {**info, "legal_actions": [a for a in info["legal_actions"] if a not in wanted]}
        second = common_action(pair, (seat, seat), other, rng)
        return None if second is None else (first, second)


def digest(value: Any) -> str:
    """A short, stable fingerprint of channel data (arrays by their bytes)."""
    if isinstance(value, np.ndarray):
        payload = value.tobytes() + str((value.shape, value.dtype)).encode()
    else:
        payload = json.dumps(value, sort_keys=True, default=_plain).encode()
    return hashlib.sha1(payload).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return repr(value)


def first_difference(a: Any, b: Any) -> tuple[str, str]:
    """The first differing line of two channel values (as text), for the failure message."""
    lines_a, lines_b = _lines(a), _lines(b)
    for line_a, line_b in zip(lines_a, lines_b, strict=False):
        if line_a != line_b:
            return line_a, line_b
    if len(lines_a) != len(lines_b):
        n = min(len(lines_a), len(lines_b))
        return (lines_a[n] if n < len(lines_a) else "(end)"), (
            lines_b[n] if n < len(lines_b) else "(end)"
        )
    return str(a)[:200], str(b)[:200]


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split("\n")
    if isinstance(value, np.ndarray):
        return [f"[{i}] {v!r}" for i, v in enumerate(value.ravel().tolist())]
    text = json.dumps(value, sort_keys=True, default=_plain, indent=1)
    return text.split("\n")
