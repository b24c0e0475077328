"""Letting a descending clock run (a Dutch auction's), so a person need not click ``[wait]`` on
every tick.

On a clock turn a person may pick a price: a "wait until" quick choice (a game's picture offers
them, e.g. the bidder's value of the item), or a bare number typed in the field. The window
then answers ``[wait]`` for them, on this turn and their following clock turns, while the clock
stays above that price on the same item: the turn at or below it is theirs again, as is every
turn once the item is sold or a new one comes up, and any key or click stops the run at once.
The game is not told: it receives the person's ``[wait]`` on each turn, through the session's
path for the person's actions, checked with the game's own rules first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parlour.renderers.quick import RUN, for_people

#: What the window answers for the person while the clock runs.
WAIT = "[wait]"
#: How much faster the agents' moves are shown while the clock runs.
SPEEDUP = 4.0
_BARE_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")

#: A clock: the index of the item on the block and the clock's price now.
Clock = tuple[int, float]


@dataclass(frozen=True)
class ClockRun:
    """A run of the clock on item ``item``, down to the price ``until``."""

    item: int
    until: float

    def goes_on(self, clock: Clock | None) -> bool:
        """Whether the run answers the next clock turn: the same item is on the block and the
        clock is still above the run's price."""
        return clock is not None and clock[0] == self.item and clock[1] > self.until + 1e-9

    def waiting(self, price: float) -> str:
        """The panel's line while the clock runs (now at ``price``)."""
        return (
            f"Letting the clock run to {for_people(self.until)} (now {for_people(price)}): "
            "any key or click stops it."
        )

    def ended(self, clock: Clock | None) -> str:
        """Why the run ended by itself, with the clock now at ``clock``."""
        if clock is None or clock[0] != self.item:
            return f"The clock run stopped: item {self.item + 1} is no longer on the block."
        return f"The clock is at {for_people(clock[1])}, at or below your price: your turn."


def sent(action: str) -> str:
    """What a choice sends to the game: a run's first turn is a ``[wait]``."""
    return WAIT if action.startswith(RUN) else action


def start(chosen: str, clock: Clock | None, legal: list[str]) -> ClockRun | str | None:
    """The run a person's choice starts on a clock turn (``clock`` the clock now, ``legal`` the
    turn's actions): a "wait until" button's action, or a bare number typed. A string says why
    the price cannot start a run (it is not below the clock); None: the choice is no run."""
    if clock is None or WAIT not in legal:
        return None
    price = chosen.removeprefix(RUN).strip().replace(",", "")
    if not (chosen.startswith(RUN) or _BARE_NUMBER.fullmatch(price)):
        return None
    if not _BARE_NUMBER.fullmatch(price):
        return f"{chosen.removeprefix(RUN)!r} is not a price"
    until = float(price)
    if until >= clock[1]:
        return (
            f"the clock is already at {for_people(clock[1])}: type a lower price to let it run"
            " there, or accept or wait"
        )
    return ClockRun(clock[0], until)
