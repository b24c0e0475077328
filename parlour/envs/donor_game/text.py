"""What Donor Game players read, and the action forms they write."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.numeric import plain_number
from parlour.core.text import MODERATOR, GameText, counted, forms_line
from parlour.envs.donor_game.model import (
    ACT,
    Action,
    Donate,
    DonorGameConfig,
    GameOver,
    Interaction,
    Pairing,
    Punish,
    Refuse,
    RoundStart,
    Told,
    TraceMode,
    Units,
)

if TYPE_CHECKING:
    from parlour.envs.donor_game.rules import DonorGameRules


@functools.lru_cache(maxsize=32)  # the same for every seat and game of one (frozen) config
def rules_summary(config: DonorGameConfig) -> str:
    """The rules of a game of ``config``, as every player reads them."""
    amount = (
        "some of their units"
        if config.units is Units.ABSOLUTE
        else "a percentage of their resources"
    )
    lines = [
        f"{config.num_agents} players each start with {counted(config.endowment, 'unit')}."
        f" There {'is' if config.total_rounds == 1 else 'are'}"
        f" {counted(config.total_rounds, 'round')}. In each round every player is paired with"
        " another: one is the donor, the other the recipient, and all donors choose at the same"
        " time.",
        f"A donor may give {amount}; the recipient gains {plain_number(config.multiplier)}"
        " times the units given.",
    ]
    if config.punishment:
        lines.append(
            f"A donor may instead punish: pay {amount}, and the recipient loses"
            f" {plain_number(config.punishment_multiplier)} times the units paid (never below 0)."
        )
    if config.partner_choice:
        lines.append("A donor may refuse to play with the recipient: nothing changes hands.")
    trace = (
        "the recipient's last action as a donor, then what their partner did before that, and so on"
        if config.trace is TraceMode.CHAINED
        else "the recipient's own last actions as a donor"
    )
    if config.show_recipient_resources:
        seen = " and the recipient's resources"
    elif config.units is Units.ABSOLUTE:
        seen = "; resources are private, so an act is told by the amount given only"
    else:
        seen = (
            "; resources are private, so an act is told by the share of their resources the"
            " donor chose only, except to its recipient, who is told the amount it got"
        )
    if config.trace_depth:
        lines.append(
            f"Before deciding, a donor sees up to {counted(config.trace_depth, 'entry', 'entries')}"
            f" of a trace ({trace}){seen}."
        )
    elif config.show_recipient_resources:
        lines.append("Before deciding, a donor sees the recipient's resources, and no trace.")
    else:
        lines.append("Before deciding, a donor sees no trace; resources are private.")
    lines.append(
        "You cannot give more than you have"
        + (
            " (larger amounts are cut to what you have)."
            if config.clamp
            else "; such an action gives nothing."
        )
        + " Your goal: as many units as possible after the final round."
    )
    return "\n".join(lines)


class DonorGameText(GameText["DonorGameRules", Action]):
    """What each Donor Game player reads: the rules and their endowment, each round's start,
    their pairings (as donor) and acts (as donor or recipient), and the final resources."""

    def render_header(self, rules: DonorGameRules, viewer: AgentId) -> str:
        return (
            f"# The Donor Game - you are {viewer}\n"
            f"{rules_summary(rules.config)}\n\n## Your card\nYou start with"
            f" {counted(rules.config.endowment, 'unit')}."
        )

    def render_public(self, event: Event) -> str | None:
        data = event.data
        if isinstance(data, RoundStart):
            return f"{MODERATOR}Round {data.round} of {data.of}."
        if isinstance(data, GameOver):
            final = ", ".join(f"{p}: {r:.2f}" for p, r in data.resources.items())
            return f"{MODERATOR}Game over. Final resources: {final}."
        return None

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        data = event.data
        if event.kind == ACT:  # the most frequent first
            return MODERATOR + data.line
        if isinstance(data, Pairing):
            shown = data.recipient_resources
            shown = "" if shown is None else f" They have {shown:.2f} units."
            trace = " ".join(data.trace) or f"{data.recipient} has no previous interactions."
            return (
                f"{MODERATOR}You are the donor; {data.recipient} is the recipient. You have"
                f" {data.donor_resources:.2f} units.{shown} Trace: {trace}"
            )
        return None

    def render_prompt(
        self, rules: DonorGameRules, viewer: AgentId, spec: ActionSpec[Any] | None
    ) -> str:
        have = rules.resources[viewer]
        if rules.is_terminal():
            return f"The game is over. You have {have:.2f} units."
        if spec is None:
            donor = rules.donor_of(viewer)
            role = (
                f"you are the recipient; {donor} is deciding what to do." if donor else "waiting."
            )
            return f"Round {rules.round}: {role} You have {have:.2f} units."
        unit = "percent of your resources" if rules.percent else "units"
        return (
            f"Round {rules.round}: You have {have:.2f} units. How much will you give"
            f" {rules.recipient_of(viewer)} (in {unit})?\n{forms_line(spec)}"
        )

    def format_action(self, action: Action) -> str:
        if isinstance(action, Donate):
            return f"[donate {plain_number(action.amount)}]"
        if isinstance(action, Punish):
            return f"[punish {plain_number(action.amount)}]"
        if isinstance(action, Refuse):
            return "[refuse]"
        raise TypeError(f"not a Donor Game action: {action!r}")

    def max_prompt_chars(self, rules: DonorGameRules) -> int:
        """An upper bound on a prompt's length, which the observation budget must hold whole:
        the prose of a donor's turn and five amounts (the donor's resources, and the upper bound
        and the example of donating and of punishing) of at most the digits resources can ever
        reach, a point and ten decimals (a bound is shown to at most ten)."""
        return 320 + 5 * (rules.config.wealth_digits + 12)


def act_line(act: Interaction, told: Told) -> str:
    """The act as one line telling ``told`` (see :class:`Told`): how a trace tells it, and how
    its donor and recipient read it."""
    if act.kind == "refuse":
        return f"In round {act.round}, {act.donor} refused to play with {act.recipient}."
    share = f"{plain_number(act.choice)}%" if act.percent else f"{act.fraction:.2%}"
    amount = f"{act.amount:.2f}" if act.percent else plain_number(act.choice)
    if told is Told.SHARE:
        what = f"{share} of their resources"
    elif told is Told.AMOUNT:
        what = counted(amount, "unit")
    elif act.percent:
        what = f"{share} of their resources ({counted(amount, 'unit')})"
    else:
        what = f"{counted(amount, 'unit')} ({share} of their resources)"
    verb, to = ("gave", "to") if act.kind == "donate" else ("spent", "on punishing")
    return f"In round {act.round}, {act.donor} {verb} {what} {to} {act.recipient}."
