"""The Donor Game's record of one act, and how it is told to whom.

With resources shown, an act is told by the share of the donor's resources and the amount. With
resources hidden (``show_recipient_resources=False``) the two together would give the donor's
resources away (amount / share), so others are told only the donor's choice, in the game's units,
exactly as the donor wrote it: the amount (``units="absolute"``) or the share (``"percent"``).
An act's recipient already knows the amount (its own resources, its reward), so with percent units
it is told that amount wherever the act appears, never the share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, NamedTuple

from parlour.core.events import AgentId, frozen_map
from parlour.core.numeric import plain_number


class Told(str, Enum):
    """What a line or a record of an act tells."""

    SHARE_AND_AMOUNT = "share_and_amount"  # resources shown; and the donor's own view
    SHARE = "share"  # percent units with resources hidden: the share the donor chose
    AMOUNT = "amount"  # absolute units with resources hidden; or what the recipient got


class Interaction(NamedTuple):
    """What a donor did in one round; ``line`` is how traces tell it to others.

    A named tuple: one is recorded per donor and round, and it is the cheapest immutable record.
    """

    round: int  # 1-based
    donor: AgentId
    recipient: AgentId
    kind: str  # "donate", "punish" or "refuse"
    amount: float  # in absolute units
    fraction: float  # of the donor's resources at the time (percent units: the chosen share)
    choice: float  # the donor's number, in the game's units (0 for a refusal)
    percent: bool  # whether the game's units are percent
    line: str = ""

    @classmethod
    def record(
        cls,
        round_: int,
        donor: AgentId,
        recipient: AgentId,
        kind: str,
        amount: float,
        choice: float,
        percent: bool,
        fraction: float,
        told: Told,
    ) -> Interaction:
        """An act whose ``line`` tells what ``told`` says."""
        # (tuple.__new__ skips the named tuple's Python-level __new__: one record per act)
        fields = (round_, donor, recipient, kind, amount, fraction, choice, percent)
        return tuple.__new__(cls, (*fields, tuple.__new__(cls, (*fields, "")).tell(told)))

    @property
    def share_percent(self) -> float:
        """The share of the donor's resources, in percent: with percent units the donor's own
        number, never recomputed from the amount (a broke donor's 50% stays 50%)."""
        return self.choice if self.percent else self.fraction * 100

    def tell(self, told: Told) -> str:
        """The act as one line telling ``told``."""
        if self.kind == "refuse":
            return f"In round {self.round}, {self.donor} refused to play with {self.recipient}."
        share = f"{plain_number(self.choice)}%" if self.percent else f"{self.fraction:.2%}"
        amount = f"{self.amount:.2f}" if self.percent else plain_number(self.choice)
        if told is Told.SHARE:
            what = f"{share} of their resources"
        elif told is Told.AMOUNT:
            what = f"{amount} units"
        elif self.percent:
            what = f"{share} of their resources ({amount} units)"
        else:
            what = f"{amount} units ({share} of their resources)"
        verb, to = ("gave", "to") if self.kind == "donate" else ("spent", "on punishing")
        return f"In round {self.round}, {self.donor} {verb} {what} {to} {self.recipient}."

    def data(self, told: Told) -> Mapping[str, Any]:
        """The act as plain data telling ``told``: ``percent`` (the share) and/or ``amount``."""
        data: dict[str, Any] = {
            "round": self.round,
            "donor": self.donor,
            "recipient": self.recipient,
            "kind": self.kind,
        }
        if told is not Told.AMOUNT:
            data["percent"] = self.share_percent
        if told is not Told.SHARE:
            data["amount"] = self.amount
        return frozen_map(data)

    def describe(self) -> str:
        return self.line


def told_to(
    donor: AgentId,
    trace: Sequence[Interaction],
    lines: Sequence[str],
    data: Sequence[Mapping[str, Any]],
) -> tuple[tuple[str, ...], tuple[Mapping[str, Any], ...]]:
    """A trace's lines and data as ``donor`` reads them where acts are told by their share:
    an act ``donor`` received is told by the amount it got (which it knows), never by the
    share (which with that amount would give the giver's resources away)."""
    told_lines, told_data = list(lines), list(data)
    for k, act in enumerate(trace):
        if act.recipient == donor:
            told_lines[k], told_data[k] = act.tell(Told.AMOUNT), act.data(Told.AMOUNT)
    return tuple(told_lines), tuple(told_data)
