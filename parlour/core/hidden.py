"""A game's hidden facts, declared as data: what the twin-game leak harness varies and compares.

"Hidden" means not derivable: two games that differ only in a fact hidden from a seat, played
with the same actions, must look the same to that seat on every channel (text, infos, numeric
views, menus and masks, its seat view, LLM messages, turn structure, pictures) until the fact
becomes known to it. Each game lists its facts in its ``Game.hidden``; the harness
(:mod:`parlour.testing.leaks`) plays the twins of every fact, so a new game joins by declaring.

A fact is varied in one of two ways:

* by config: game A and game B get different overrides (two ``roles`` tuples, ``swap_words``,
  two ``objectives``...), the seed and the actions being the same;
* by an action: the games are configured alike, and one seat's action at one point of play
  differs (a secret ballot, a night target, a bid): :class:`ActionSwap`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parlour.core.events import AgentId, Event


@dataclass(frozen=True)
class ActionSwap:
    """Game B differs from game A by one action: ``seat``'s turn number ``occurrence`` (0: its
    first) in ``phase`` (the ``infos["phase"]`` of that turn). The harness picks two different
    legal actions there, one for each game; every other action is the same in both.

    With ``among`` (the start of an action text, e.g. ``"[inspect"``), only the seat's turns in
    ``phase`` that offer two such actions count, and both games play one of them (a night target:
    Werewolf's night turns all read ``night``, and a seat with nothing to do only sleeps).
    With ``prefer`` (the start of an action text, e.g. ``"[kill"``), the swap waits for the
    seat's first turn in ``phase``, from its turn number ``occurrence`` on, where such an action
    is legal, and game A plays it. With ``partner``, the two seats exchange their actions at that
    point instead (on a simultaneous turn of both): A has ``seat`` play x and ``partner`` y, B
    the other way round, so what they did together is the same and only who did what differs.
    """

    seat: AgentId
    phase: str
    occurrence: int = 0
    prefer: str = ""
    partner: AgentId | None = None
    among: str = ""


@dataclass(frozen=True)
class Twin:
    """One concrete pair of games for a fact.

    Attributes:
        a, b: config overrides of game A and game B (beside the variant's own options).
        hidden_from: the seats that must not tell the games apart (the observers).
        varied: the seats the fact is about (whose role, word, ballot... differs).
        swap: the action that differs, for facts varied by an action (else None).
        avoid: starts of action texts the harness plays only when nothing else is legal (say
            ``"[meeting]"``: a meeting every other step would end every twin before the fact
            could show).
    """

    a: Mapping[str, Any]
    b: Mapping[str, Any]
    hidden_from: tuple[AgentId, ...]
    varied: tuple[AgentId, ...]
    swap: ActionSwap | None = None
    avoid: tuple[str, ...] = ()


@dataclass
class Watch:
    """What a reveal check knows: the twin, the observer, which game the event is from, and
    ``notes``, a scratch dict the check may keep state in across the events of both games (for
    example who has been touched by the varied act so far, or what each game announced)."""

    twin: Twin
    observer: AgentId
    notes: dict[str, Any] = field(default_factory=dict)
    game: int = 0  # whose event is being read: 0 for game A, 1 for game B


#: Makes the twin of a fact for a game's config (the config dataclass) and a seeded generator
#: (so each seed varies other seats); None when the fact does not arise in that config.
MakeTwin = Callable[[Any, np.random.Generator], "Twin | None"]
#: Whether ``event`` (of game A's god-view log, in order, hidden ones included) makes the fact
#: known to ``watch.observer``; from then on the harness stops comparing for that observer.
RevealCheck = Callable[[Event, Watch], bool]


def game_over(event: Event, watch: Watch) -> bool:
    """The default reveal: the game-over event (which in every Parlour game names the roles)."""
    return event.kind == "game_over"


@dataclass(frozen=True)
class HiddenFact:
    """One kind of fact a game hides from some seats.

    Attributes:
        name: a short id for test names, e.g. ``"role"`` or ``"secret_ballot"``.
        twin: makes the concrete twin for a config (see :data:`MakeTwin`).
        revealed: when the fact becomes known to an observer (see :data:`RevealCheck`); the
            default is the end of the game.
    """

    name: str
    twin: MakeTwin
    revealed: RevealCheck = game_over


def seen_by(event: Event, watch: Watch) -> bool:
    """Whether the observer may read ``event``."""
    return event.visible_to.__class__ is str or watch.observer in event.visible_to


def kinds(*names: str) -> RevealCheck:
    """A reveal check: an event of one of these kinds that the observer may read (and the end
    of the game)."""

    def check(event: Event, watch: Watch) -> bool:
        return event.kind == "game_over" or (event.kind in names and seen_by(event, watch))

    return check


def announced_apart(kind: str, key: str) -> RevealCheck:
    """A reveal check: the two games announced different values of the payload field ``key``
    in their events of ``kind`` (compared in order: the first of A's with the first of B's...)."""

    def check(event: Event, watch: Watch) -> bool:
        if event.kind != kind or not seen_by(event, watch):
            return False
        said = watch.notes.setdefault(f"{kind}.{key}", ([], []))
        said[watch.game].append(getattr(event.data, key))
        mine, theirs = said[watch.game], said[1 - watch.game]
        return len(theirs) >= len(mine) and theirs[len(mine) - 1] != mine[-1]

    return check


def any_of(*checks: RevealCheck) -> RevealCheck:
    """A reveal check true when any of ``checks`` is."""

    def check(event: Event, watch: Watch) -> bool:
        return any(c(event, watch) for c in checks)

    return check


def seat_roles_twin(
    roles: tuple[str, ...],
    rng: np.random.Generator,
    pair_ok: Callable[[str, str], bool],
    knows: Callable[[str, frozenset[str]], bool] = lambda role, exchanged: False,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[AgentId, ...], tuple[AgentId, ...]] | None:
    """Two seatings of ``roles`` that differ by exchanging the roles of two seats: a seeded
    shuffle for game A, and B with two seats of different roles, accepted by ``pair_ok``,
    swapped. Returns (A's roles, B's roles, observers, the two seats), or None when no two seats
    qualify. Observers are the other seats, less those whose role ``knows`` the roles exchanged
    (``knows(role, exchanged)``: a werewolf knows who is in the pack).
    """
    seating = [roles[int(i)] for i in rng.permutation(len(roles))]
    players = [f"player_{i}" for i in range(len(roles))]
    pairs = [
        (i, j)
        for i in range(len(roles))
        for j in range(i + 1, len(roles))
        if seating[i] != seating[j] and pair_ok(seating[i], seating[j])
    ]
    if not pairs:
        return None
    i, j = pairs[int(rng.integers(len(pairs)))]
    swapped = list(seating)
    swapped[i], swapped[j] = seating[j], seating[i]
    exchanged = frozenset((seating[i], seating[j]))
    observers = tuple(
        p for k, p in enumerate(players) if k not in (i, j) and not knows(seating[k], exchanged)
    )
    return tuple(seating), tuple(swapped), observers, (players[i], players[j])


def seeded_seating(roles: tuple[str, ...], rng: np.random.Generator) -> tuple[str, ...]:
    """``roles`` in a seeded order (the same for both games of a twin)."""
    return tuple(roles[int(i)] for i in rng.permutation(len(roles)))
