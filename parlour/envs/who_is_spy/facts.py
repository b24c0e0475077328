"""Who-is-Spy's hidden facts, for the twin-game leak harness (see :mod:`parlour.core.hidden`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.events import Event, payload_json
from parlour.core.hidden import (
    ActionSwap,
    HiddenFact,
    Twin,
    Watch,
    any_of,
    kinds,
    seat_roles_twin,
    seeded_seating,
    seen_by,
)
from parlour.envs.who_is_spy.model import (
    BlankGuess,
    Elimination,
    NoElimination,
    Runoff,
    TieDraw,
    TieRestart,
    VotesRevealed,
)


def _roles(config: Any) -> tuple[str, ...]:
    civilians = config.num_players - config.num_spies - config.num_blanks
    return ("spy",) * config.num_spies + ("blank",) * config.num_blanks + ("civilian",) * civilians


def _role_twin(blank: bool) -> Any:
    """Two seats exchange roles: a spy and a civilian, or (``blank``) a blank and another."""

    def twin(config: Any, rng: np.random.Generator) -> Twin | None:
        roles = _roles(config)
        made = seat_roles_twin(roles, rng, lambda x, y: ("blank" in (x, y)) == blank)
        if made is None:
            return None
        a, b, observers, varied = made
        return Twin({"roles": a}, {"roles": b}, observers, varied)

    return twin


def _role_shown(event: Event, watch: Watch) -> bool:
    """An elimination that names a varied seat's role, or a blank's guess read out."""
    data = event.data
    if isinstance(data, Elimination):
        return data.player in watch.twin.varied and data.role is not None
    return isinstance(data, BlankGuess) and event.public


def _words_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """The two words exchanged: hidden from the blanks only (everyone else holds one)."""
    if not config.num_blanks:
        return None
    seating = seeded_seating(_roles(config), rng)
    blanks = tuple(f"player_{i}" for i, role in enumerate(seating) if role == "blank")
    return Twin({"roles": seating}, {"roles": seating, "swap_words": True}, blanks, ())


def _ballot_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """One voter's first ballot differs (a voter early in the seat order, so that others vote
    after it in the AEC order before the ballots are revealed)."""
    seat = f"player_{int(rng.integers(max(1, config.num_players // 2)))}"
    others = tuple(f"player_{i}" for i in range(config.num_players) if f"player_{i}" != seat)
    return Twin({}, {}, others, (seat,), ActionSwap(seat, "vote"))


#: The public outcomes of a vote: with ballots kept secret, what tells a ballot's effect.
_OUTCOMES = frozenset(
    kind.kind for kind in (Runoff, Elimination, NoElimination, TieRestart, TieDraw)
)


def _outcome_apart(event: Event, watch: Watch) -> bool:
    """The two games' vote outcomes differ (the n-th outcome of one against the other's n-th:
    who was eliminated, who tied, or what kind of outcome it was)."""
    if event.kind not in _OUTCOMES or not seen_by(event, watch):
        return False
    said = watch.notes.setdefault("outcomes", ([], []))
    said[watch.game].append((event.kind, payload_json(event.data)))
    mine, theirs = said[watch.game], said[1 - watch.game]
    return len(theirs) >= len(mine) and theirs[len(mine) - 1] != mine[-1]


HIDDEN = (
    HiddenFact("spy", _role_twin(blank=False), any_of(kinds(), _role_shown)),
    HiddenFact("blank", _role_twin(blank=True), any_of(kinds(), _role_shown)),
    HiddenFact("words", _words_twin, any_of(kinds(), _role_shown)),
    HiddenFact("ballot", _ballot_twin, any_of(kinds(VotesRevealed.kind), _outcome_apart)),
)
