"""What Donor Game players read, and the action forms they write."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.numeric import cents_text, plain_number
from parlour.core.text import MODERATOR, GameText, counted, forms_line
from parlour.envs.donor_game.model import (
    ACT,
    Action,
    Donate,
    DonorGameConfig,
    DonorView,
    GameOver,
    Interaction,
    Pairing,
    Punish,
    Refuse,
    RoundStart,
    Told,
    TraceMode,
    Units,
    acts_told,
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
    rounds = ""
    if config.tell_rounds:
        are = "is" if config.total_rounds == 1 else "are"
        rounds = f" There {are} {counted(config.total_rounds, 'round')}."
    lines = [
        f"{config.num_agents} players each start with {counted(config.endowment, 'unit')}."
        f"{rounds} In each round every player is paired with another: one is the donor, the"
        " other the recipient, and all donors choose at the same time.",
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
    seen = _what_acts_tell(config)
    if config.trace_depth:
        lines.append(
            f"Before deciding, a donor sees up to {counted(config.trace_depth, 'entry', 'entries')}"
            f" of a trace ({trace}){seen}."
        )
    elif config.show_recipient_resources:
        lines.append("Before deciding, a donor sees the recipient's resources, and no trace.")
    else:
        lines.append("Before deciding, a donor sees no trace; resources are private.")
    if config.donor_view is DonorView.PAIRING:
        lines.append(
            "Each turn shows you only the current pairing: earlier rounds are not repeated, and"
            " nobody is told what a donor did except later donors, through traces."
        )
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


def _what_acts_tell(config: DonorGameConfig) -> str:
    """The end of the rules' trace sentence: what a donor sees beside the trace, and how the
    trace tells an act."""
    seen = " and the recipient's resources" if config.show_recipient_resources else ""
    told = acts_told(config)
    if told is Told.SHARE_AND_AMOUNT:
        return seen
    private = "" if seen else "; resources are private, so"
    if told is Told.AMOUNT:
        return f"{seen}{private or ';'} an act is told by the amount given only"
    return (
        f"{seen}{private or ';'} an act is told by the share of their resources the donor chose"
        " only, except to its recipient, who is told the amount it got"
    )


class DonorGameText(GameText["DonorGameRules", Action]):
    """What each Donor Game player reads: the rules and their endowment, each round's start,
    their pairings (as donor) and acts (as donor or recipient), and the final resources."""

    def render_header(self, rules: DonorGameRules, viewer: AgentId) -> str:
        config = rules.config
        card = f"You start with {counted(config.endowment, 'unit')}."
        if config.generation is not None:
            card += (
                f" This is generation {config.generation}: after each generation's games the"
                " best-performing players survive into the next."
            )
        return (
            f"# The Donor Game - you are {viewer}\n{rules_summary(config)}\n\n## Your card\n{card}"
        )

    def render_public(self, event: Event) -> str | None:
        data = event.data
        if isinstance(data, RoundStart):
            return f"{MODERATOR}{round_of(data.round, data.of)}."
        if isinstance(data, GameOver):
            final = ", ".join(f"{p}: {r:.2f}" for p, r in data.resources.items())
            return f"{MODERATOR}Game over. Final resources: {final}."
        return None

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        data = event.data
        if event.kind == ACT:  # the most frequent first
            return MODERATOR + data.line
        if isinstance(data, RoundStart):  # told to nobody (the paper's view): the god view's
            return self.render_public(event)
        if isinstance(data, Pairing) and data.view is DonorView.HISTORY:
            return MODERATOR + pairing_text(data)
        return None  # the paper's view: the pairing is in the prompt of the turn

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
        ask = (
            f"How much will you give {rules.recipient_of(viewer)} (in {unit})?\n{forms_line(spec)}"
        )
        if rules.config.donor_view is DonorView.PAIRING:
            event = rules.events.latest(Pairing.kind, viewer)  # this round's, logged for it
            of = rules.config.total_rounds if rules.config.tell_rounds else None
            turn = round_of(rules.round, of)
            return f"{turn}. {pairing_text(event.data)}\n{ask}"  # type: ignore[union-attr]
        return f"Round {rules.round}: You have {have:.2f} units. {ask}"

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
        reach, a point and ten decimals (a bound is shown to at most ten). The paper's view adds
        the pairing: the recipient's resources and a trace line per entry (round, names, an
        amount and a share)."""
        config = rules.config
        amount = config.wealth_digits + 12
        bound = 320 + 5 * amount
        if config.donor_view is DonorView.PAIRING:
            entries = min(config.trace_depth, config.total_rounds - 1)
            bound += 160 + amount + entries * (110 + 2 * amount)
        return bound


def round_of(number: int, of: int | None) -> str:
    """``Round 3 of 12``, or ``Round 3`` where players are not told how many rounds there are."""
    return f"Round {number}" if of is None else f"Round {number} of {of}"


def pairing_text(data: Pairing) -> str:
    """What a donor is told of its pairing: the recipient, both resources, the trace."""
    shown = data.recipient_resources
    shown = "" if shown is None else f" They have {shown:.2f} units."
    trace = " ".join(data.trace) or f"{data.recipient} has no previous interactions."
    return (
        f"You are the donor; {data.recipient} is the recipient. You have"
        f" {data.donor_resources:.2f} units.{shown} Trace: {trace}"
    )


def act_line(act: Interaction, told: Told) -> str:
    """The act as one line telling ``told`` (see :class:`Told`): how a trace tells it, and how
    its donor and recipient read it."""
    if act.kind == "refuse":
        return f"In round {act.round}, {act.donor} refused to play with {act.recipient}."
    # at most two decimals, as resources are shown (a choice of 12.345678901 reads 12.35)
    share = f"{cents_text(act.choice)}%" if act.percent else f"{act.fraction:.2%}"
    amount = f"{act.amount:.2f}" if act.percent else cents_text(act.choice)
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
