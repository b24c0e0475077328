"""The Donor Game's hidden facts, for the twin-game leak harness (see
:mod:`parlour.core.hidden`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.core.events import Event
from parlour.core.hidden import ActionSwap, HiddenFact, Twin, Watch, seen_by
from parlour.envs.donor_game.model import ACT, GameOver, Pairing


def _donation_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """A donor's first act differs: seen by its recipient only, and by whoever is later shown
    it in a trace."""
    players = [f"player_{i}" for i in range(config.num_agents)]
    seat = players[int(rng.integers(len(players)))]
    others = tuple(p for p in players if p != seat)
    return Twin({}, {}, others, (seat,), ActionSwap(seat, "donate"))


def _touched(event: Event, watch: Watch) -> bool:
    """Whether the observer now knows (or holds) something the varied act changed.

    The act changes its donor's and recipient's resources ("touched" seats, each from the round
    it was touched); a touched donor's later gifts spread the change to their recipients where
    the amount depends on resources (percent units, clamped amounts, a punishment floored at
    0). The observer knows when it is touched, is shown a touched recipient's resources, or is
    shown in a trace the act itself or a later act of a touched donor told by its amount (which
    the donor's resources bound: more than it has is cut, or is invalid and gives nothing). A
    share, with percent units, is the donor's choice alone: it tells nothing.
    """
    touched: dict[str, int] = watch.notes.setdefault("touched", {})
    data = event.data
    seat = watch.twin.varied[0]
    if event.kind == ACT:
        if data.donor == seat and not touched:
            touched.update(dict.fromkeys((seat, data.recipient), data.round))
            watch.notes["round"] = data.round
        elif data.donor in touched and data.act != "refuse":
            touched.setdefault(data.recipient, data.round)
        return watch.observer in touched
    if event.kind == Pairing.kind and seen_by(event, watch):
        shown = data.recipient in touched and data.recipient_resources is not None
        act = (watch.notes.get("round"), seat)
        return shown or any(
            (a["round"], a["donor"]) == act
            or ("amount" in a and a["round"] > touched.get(a["donor"], a["round"]))
            for a in data.trace_acts
        )
    return event.kind == GameOver.kind


HIDDEN = (HiddenFact("donation_out_of_sight", _donation_twin, _touched),)
