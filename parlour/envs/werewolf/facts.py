"""Werewolf's hidden facts, for the twin-game leak harness (see :mod:`parlour.core.hidden`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.events import Event
from parlour.core.hidden import (
    ActionSwap,
    HiddenFact,
    Twin,
    Watch,
    announced_apart,
    any_of,
    kinds,
    seat_roles_twin,
    seeded_seating,
    seen_by,
)
from parlour.envs.werewolf.model import (
    Dawn,
    DeathNote,
    Exiled,
    Floor,
    HunterShot,
    Inspection,
    NoExile,
    StrawPoll,
    VotesRevealed,
    WitchNews,
)

WOLF = "werewolf"


def _village_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """Two village seats exchange roles (the seer and a villager, the doctor and the witch...):
    hidden from everyone else, the wolves included."""
    made = seat_roles_twin(config.roles, rng, lambda x, y: WOLF not in (x, y))
    if made is None:
        return None
    a, b, observers, varied = made
    return Twin({"seat_roles": a}, {"seat_roles": b}, observers, varied)


def _pack_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """A werewolf and a village seat exchange roles: hidden from the village."""
    made = seat_roles_twin(
        config.roles, rng, lambda x, y: WOLF in (x, y), lambda role, _: role == WOLF
    )
    if made is None:
        return None
    a, b, observers, varied = made
    return Twin({"seat_roles": a}, {"seat_roles": b}, observers, varied)


def _death_shows(note: DeathNote | Exiled | None, watch: Watch) -> bool:
    return note is not None and note.player in watch.twin.varied and note.team is not None


def _role_shown(event: Event, watch: Watch) -> bool:
    """A death note that shows a varied seat's team (or role), the seer inspecting a varied
    seat, or a varied seat shooting as the hunter."""
    data = event.data
    if isinstance(data, Dawn):
        return any(_death_shows(note, watch) for note in data.deaths)
    if isinstance(data, Exiled):
        return _death_shows(data, watch)
    if isinstance(data, HunterShot):
        return data.player in watch.twin.varied or _death_shows(data.death, watch)
    if isinstance(data, Inspection):
        return seen_by(event, watch) and data.target in watch.twin.varied
    return False


def _seat_of(
    seating: tuple[str, ...], role: str, rng: np.random.Generator, first: bool
) -> str | None:
    """A seat of ``role``: a random one, or the first (a ballot twin's voter then votes before
    most others in the AEC order, so there is something to compare before the reveal)."""
    village = role == "village"  # any seat but a werewolf's
    seats = [f"player_{i}" for i, r in enumerate(seating) if r == role or (village and r != WOLF)]
    if not seats:
        return None
    return seats[0] if first else seats[int(rng.integers(len(seats)))]


def _action_twin(role: str, phase: str, knowers: tuple[str, ...] = (), among: str = "") -> Any:
    """The twin of one ``role`` seat's first action in ``phase`` (among those starting with
    ``among``: a night target): hidden from every seat but it and the roles in ``knowers``."""

    def twin(config: Any, rng: np.random.Generator) -> Twin | None:
        if phase == "vote" and config.vote != "secret":
            return None  # sequential ballots are public
        seating = seeded_seating(config.roles, rng)
        seat = _seat_of(seating, role, rng, first=phase == "vote")
        if seat is None:
            return None
        observers = tuple(
            f"player_{i}"
            for i, r in enumerate(seating)
            if f"player_{i}" != seat and r not in knowers
        )
        fixed = {"seat_roles": seating}
        return Twin(fixed, fixed, observers, (seat,), ActionSwap(seat, phase, among=among))

    return twin


def _bid_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """One seat's first bid differs (``bids_shown`` false): hidden from every other seat until
    the bidding's winner differs (a Floor line)."""
    if config.discussion != "bidding" or config.bids_shown:
        return None
    seating = seeded_seating(config.roles, rng)
    seat = f"player_{int(rng.integers(len(seating)))}"
    observers = tuple(f"player_{i}" for i in range(len(seating)) if f"player_{i}" != seat)
    fixed = {"seat_roles": seating}
    return Twin(fixed, fixed, observers, (seat,), ActionSwap(seat, "bid"))


HIDDEN = (
    HiddenFact("village_role", _village_twin, any_of(kinds(), _role_shown)),
    HiddenFact("pack", _pack_twin, any_of(kinds(), _role_shown)),
    HiddenFact(
        "secret_ballot",
        _action_twin("village", "vote"),
        kinds(VotesRevealed.kind, StrawPoll.kind, Exiled.kind, NoExile.kind),
    ),
    HiddenFact("secret_bid", _bid_twin, announced_apart(Floor.kind, "speaker")),
    HiddenFact(
        "night_target",
        _action_twin(WOLF, "night", (WOLF,), among="[kill"),
        kinds(Dawn.kind, WitchNews.kind),
    ),
    HiddenFact("seer_target", _action_twin("seer", "night", among="[inspect"), kinds()),
    HiddenFact(
        "doctor_target", _action_twin("doctor", "night", among="[protect"), kinds(Dawn.kind)
    ),
)
