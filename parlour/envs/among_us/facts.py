"""Among Us's hidden facts, for the twin-game leak harness (see :mod:`parlour.core.hidden`)."""

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
from parlour.envs.among_us.model import (
    Ejection,
    Killing,
    Meeting,
    StepView,
    Venting,
    VoteCounts,
    VotesRevealed,
)

IMPOSTOR = "impostor"
#: Played last while roaming: meetings end a kill's or a walk's twin before it can show.
_CALLS = ("[meeting]", "[report]")


def _roles(config: Any) -> tuple[str, ...]:
    impostors = config.num_impostors
    return (IMPOSTOR,) * impostors + ("crewmate",) * (config.num_players - impostors)


def _role_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """An impostor and a crewmate exchange roles: hidden from the other crewmates."""
    made = seat_roles_twin(_roles(config), rng, lambda x, y: True, lambda role, _: role == IMPOSTOR)
    if made is None:
        return None
    a, b, observers, varied = made
    return Twin({"seat_roles": a}, {"seat_roles": b}, observers, varied)


def _ejected_role(event: Event, watch: Watch) -> bool:
    data = event.data
    return isinstance(data, Ejection) and data.player in watch.twin.varied and bool(data.role)


def _action_twin(
    phase: str, impostor: bool, prefer: str = "", after: int = 0, **options: Any
) -> Any:
    """One seat's action differs (an impostor's with ``impostor``): its first turn in ``phase``
    from turn ``after`` on (where a ``prefer`` action is legal); crewmates other than it must
    not tell. ``options`` go to both games (a ballot twin takes the first crewmate, who votes
    before most others in the AEC order)."""

    def twin(config: Any, rng: np.random.Generator) -> Twin | None:
        seating = seeded_seating(_roles(config), rng)
        seats = [f"player_{i}" for i, r in enumerate(seating) if (r == IMPOSTOR) == impostor]
        first = phase in ("vote", "survey")
        seat = seats[0] if first else seats[int(rng.integers(len(seats)))]
        observers = tuple(
            f"player_{i}" for i, r in enumerate(seating) if r != IMPOSTOR and f"player_{i}" != seat
        )
        fixed = {"seat_roles": seating, **options}
        swap = ActionSwap(seat, phase, after, prefer=prefer)
        return Twin(fixed, fixed, observers, (seat,), swap, avoid=_CALLS if phase == "roam" else ())

    return twin


def _ballot_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """A crewmate's ballot differs. The twins have the emergency button (a game without one
    gets it here), so a meeting comes soon."""
    button = max(1, config.emergency_meetings)
    return _action_twin("vote", impostor=False, emergency_meetings=button)(config, rng)


def _survey_twin(config: Any, rng: np.random.Generator) -> Twin | None:
    """A crewmate's answer to the suspicion question differs (where it is asked): nobody else
    may tell, ever. The twins have the emergency button, as the ballot's."""
    if not config.suspicion_survey:
        return None
    button = max(1, config.emergency_meetings)
    return _action_twin("survey", impostor=False, emergency_meetings=button)(config, rng)


def _sighted(event: Event, watch: Watch) -> bool:
    """The observer meets what differs: sees the varied seat (or the victim, or a body) in its
    room, witnesses a kill or a vent, or is the victim."""
    if not seen_by(event, watch):
        return isinstance(event.data, Killing) and event.data.victim == watch.observer
    data = event.data
    if isinstance(data, (Killing, Venting)):
        return True
    if isinstance(data, StepView):
        present = set(data.players or ()) | set(data.bodies)
        return bool(present & {*watch.twin.varied, *watch.notes.get("victims", ())})
    return False


def _note_victims(event: Event, watch: Watch) -> bool:
    if isinstance(event.data, Killing):
        watch.notes.setdefault("victims", set()).add(event.data.victim)
    return False


HIDDEN = (
    # a meeting's task bar tells the crew's progress (by the rules), which depends on who is crew
    HiddenFact(
        "role",
        _role_twin,
        any_of(kinds(), _ejected_role, announced_apart(Meeting.kind, "task_bar")),
    ),
    HiddenFact(
        "kill_out_of_sight",
        # the kill comes once the players have spread out, when the impostor first can
        _action_twin("roam", impostor=True, prefer="[kill", after=1),
        any_of(_note_victims, kinds(Meeting.kind), _sighted),
    ),
    HiddenFact(
        "whereabouts", _action_twin("roam", impostor=False), any_of(kinds(Meeting.kind), _sighted)
    ),
    HiddenFact("ballot", _ballot_twin, kinds(VotesRevealed.kind, VoteCounts.kind)),
    HiddenFact("suspicion", _survey_twin),
)
