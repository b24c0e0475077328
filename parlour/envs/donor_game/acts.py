"""The Donor Game's record of one act, and how traces tell it."""

from __future__ import annotations

from typing import NamedTuple

from parlour.core.events import AgentId


class Interaction(NamedTuple):
    """What a donor did in one round, in absolute units; ``line`` is how traces tell it.

    A named tuple: one is recorded per donor and round, and it is the cheapest immutable record.
    """

    round: int  # 1-based
    donor: AgentId
    recipient: AgentId
    kind: str  # "donate", "punish" or "refuse"
    amount: float
    fraction: float  # of the donor's resources at the time
    line: str = ""

    @classmethod
    def record(
        cls,
        round_: int,
        donor: AgentId,
        recipient: AgentId,
        kind: str,
        amount: float,
        fraction: float,
        shows: str = "both",
    ) -> Interaction:
        """An act, whose ``line`` gives the amount and the share of the donor's resources
        (``shows="both"``), or only one of them (``"amount"``, ``"fraction"``): both together
        tell the donor's resources, which ``show_recipient_resources=False`` hides."""
        if kind == "refuse":
            line = f"In round {round_}, {donor} refused to play with {recipient}."
        else:
            what = (
                f"{fraction:.2%} of their resources"
                if shows == "fraction"
                else f"{amount:.2f} units"
                if shows == "amount"
                else f"{fraction:.2%} of their resources ({amount:.2f} units)"
            )
            verb, to = ("gave", "to") if kind == "donate" else ("spent", "on punishing")
            line = f"In round {round_}, {donor} {verb} {what} {to} {recipient}."
        # (tuple.__new__ skips the named tuple's Python-level __new__: one record per act)
        return tuple.__new__(cls, (round_, donor, recipient, kind, amount, fraction, line))

    def describe(self) -> str:
        return self.line
