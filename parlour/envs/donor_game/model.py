"""The Donor Game's vocabulary: the config, phases and options, typed actions, the record of one
act, and the event payloads."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, NamedTuple

from parlour.core.config import FLAG, Choice, Integer, Number, OrNone, validate
from parlour.core.errors import ConfigError
from parlour.core.events import JSON_NAME, AgentId, Payload, frozen_map


class Phase(str, Enum):
    DONATE = "donate"
    OVER = "over"


class Schedule(str, Enum):
    PAPER = "paper"
    RANDOM = "random"
    ROUND_ROBIN = "round_robin"


class TraceMode(str, Enum):
    CHAINED = "chained"  # the recipient's last act, then its partner's act before that, ...
    FIRST_ORDER = "first_order"  # the recipient's own last acts


class DonorView(str, Enum):
    """What a donor's text holds of the game (its seat view and infos are the same either way)."""

    HISTORY = "history"  # every line its seat may read, the whole game long
    PAIRING = "pairing"  # the paper's: only the current pairing, in the prompt of the turn


class Units(str, Enum):
    ABSOLUTE = "absolute"  # [donate 2.5] gives 2.5 units
    PERCENT = "percent"  # [donate 25] gives 25% of the donor's resources


#: Bounds of the options (the paper plays 12 agents, endowment 10, multiplier 2, depth 3).
MAX_AGENTS, MAX_ROUNDS, MAX_TRACE_DEPTH = 64, 1000, 100
MAX_ENDOWMENT, MAX_MULTIPLIER = 1e6, 100.0
#: The largest generation number a game may show (cultural evolution runs far fewer).
MAX_GENERATION = 1_000_000
#: The most digits resources may reach: floats hold about 308, and the metrics' sums and the
#: percentages of ``units="percent"`` need the last few.
MAX_WEALTH_DIGITS = 305
#: The decimals the text shows amounts with (resources, gifts, the bounds of a donor's turn).
SHOWN_PLACES = 2


@dataclass(frozen=True, slots=True)
class Donate:
    amount: float  # in the configured units


@dataclass(frozen=True, slots=True)
class Punish:
    amount: float


@dataclass(frozen=True, slots=True)
class Refuse:
    pass


Action = Donate | Punish | Refuse


class Told(str, Enum):
    """What a line or a record of an act tells.

    With resources shown, an act is told by the share of the donor's resources and the amount.
    With resources hidden the two together would give the donor's resources away (amount /
    share), so others are told only the donor's choice, in the game's units, as the donor wrote
    it (to the cent, as resources are shown): the amount (``units="absolute"``) or the share
    (``"percent"``). An act's recipient already knows the amount (its own resources, its
    reward), so with percent units it is told that amount wherever the act appears, never the
    share.
    """

    SHARE_AND_AMOUNT = "share_and_amount"  # resources shown; and the donor's own view
    SHARE = "share"  # percent units with resources hidden: the share the donor chose
    AMOUNT = "amount"  # absolute units with resources hidden; or what the recipient got


@dataclass(frozen=True)
class DonorGameConfig:
    """Options of one Donor Game (one generation's game).

    Attributes:
        num_agents: an even number in 2..64 (default 12).
        endowment: starting resources, in (0, 1e6] (10).
        multiplier: what a recipient gains per unit given, in (0, 100] (2).
        rounds: rounds played, 1..1000 (default: ``num_agents`` for ``paper`` and ``random``,
            ``num_agents - 1`` for ``round_robin``); a config whose resources could grow past
            1e305 (``num_agents * endowment * multiplier ** rounds``) is refused.
        schedule: ``paper``, ``random`` (no repeated donor-recipient pair while avoidable) or
            ``round_robin``.
        reverse_roles: swap donor and recipient in every pairing (the paper's second game).
        units: ``absolute`` units or ``percent`` of the donor's resources.
        trace_depth: entries of the recipient's trace a donor sees, 0..100 (3).
        trace: ``chained`` (as in the paper) or ``first_order``.
        show_recipient_resources: whether the donor sees the recipient's resources.
        punishment: allow ``[punish X]``: pay X, the recipient loses punishment_multiplier * X
            (in (0, 100], default 2).
        partner_choice: allow ``[refuse]``.
        clamp: cut an over-budget amount to what the donor has instead of refusing it.
        donor_view: what a donor's text holds: ``history`` (every line its seat may read, the
            whole game) or ``pairing`` (Vallinder & Hughes' prompt, built afresh each turn: the
            rules, its card and the current pairing only; no earlier pairings, acts or rounds;
            no seat is then told an act as it happens, only later donors through traces).
        trace_amounts: whether others are told an act's amount where the rules allow (resources
            shown, or absolute units); False tells every act by the share of its donor's
            resources only, as the paper's traces do ("gave 40.00% of their resources to ...").
        tell_rounds: whether players are told how many rounds the game has (the paper's are
            not: each prompt names the current round only).
        generation: the generation of a cultural evolution this game belongs to (1-based, shown
            on every card, as the paper's prompt shows it); None for a game on its own.
    """

    num_agents: int = 12
    endowment: float = 10.0
    multiplier: float = 2.0
    rounds: int | None = None
    schedule: Schedule | str = Schedule.PAPER
    reverse_roles: bool = False
    units: Units | str = Units.ABSOLUTE
    trace_depth: int = 3
    trace: TraceMode | str = TraceMode.CHAINED
    show_recipient_resources: bool = True
    punishment: bool = False
    punishment_multiplier: float = 2.0
    partner_choice: bool = False
    clamp: bool = False
    donor_view: DonorView | str = DonorView.HISTORY
    trace_amounts: bool = True
    tell_rounds: bool = True
    generation: int | None = None

    def __post_init__(self) -> None:
        validate(
            self,
            num_agents=Integer(2, MAX_AGENTS),
            endowment=Number(0, MAX_ENDOWMENT, low_open=True),
            multiplier=Number(0, MAX_MULTIPLIER, low_open=True),
            rounds=OrNone(Integer(1, MAX_ROUNDS)),
            schedule=Choice(Schedule),
            reverse_roles=FLAG,
            units=Choice(Units),
            trace_depth=Integer(0, MAX_TRACE_DEPTH),
            trace=Choice(TraceMode),
            show_recipient_resources=FLAG,
            punishment=FLAG,
            punishment_multiplier=Number(0, MAX_MULTIPLIER, low_open=True),
            partner_choice=FLAG,
            clamp=FLAG,
            donor_view=Choice(DonorView),
            trace_amounts=FLAG,
            tell_rounds=FLAG,
            generation=OrNone(Integer(1, MAX_GENERATION)),
        )
        if self.num_agents % 2:
            raise ConfigError(f"num_agents must be even, actual value: {self.num_agents}")
        if self.wealth_digits > MAX_WEALTH_DIGITS:  # floats would overflow to inf, then nan
            raise ConfigError(
                f"rounds={self.total_rounds} with multiplier={self.multiplier:g} and endowment="
                f"{self.endowment:g} could grow resources to 1e{self.wealth_digits}, beyond "
                f"1e{MAX_WEALTH_DIGITS}; use fewer rounds or a smaller multiplier"
            )

    @property
    def num_players(self) -> int:
        """The seats: one per agent of the population."""
        return self.num_agents

    @property
    def wealth_digits(self) -> int:
        """Digits before the point of the most resources a player could ever hold: a round
        multiplies the wealth of all players together by at most ``multiplier``."""
        growth = self.total_rounds * math.log10(max(1.0, self.multiplier))
        return math.floor(math.log10(self.num_agents * self.endowment) + growth) + 1

    @property
    def total_rounds(self) -> int:
        if self.rounds is not None:
            return self.rounds
        return self.num_agents - 1 if self.schedule is Schedule.ROUND_ROBIN else self.num_agents


def acts_told(config: DonorGameConfig) -> Told:
    """How a game of ``config`` tells an act to others (see :class:`Told`): with resources
    shown, by share and amount; with resources hidden, by the donor's choice only, in the game's
    units (an amount and a share together would give the donor's resources away); without
    ``trace_amounts``, by the share only."""
    if not config.trace_amounts:
        return Told.SHARE
    if config.show_recipient_resources:
        return Told.SHARE_AND_AMOUNT
    return Told.SHARE if config.units is Units.PERCENT else Told.AMOUNT


class Interaction(NamedTuple):
    """What a donor did in one round (one record per donor and round: a named tuple)."""

    round: int  # 1-based
    donor: AgentId
    recipient: AgentId
    kind: str  # "donate", "punish" or "refuse"
    amount: float  # in absolute units
    fraction: float  # of the donor's resources at the time (percent units: the chosen share)
    choice: float  # the donor's number, in the game's units (0 for a refusal)
    percent: bool  # whether the game's units are percent

    @property
    def share_percent(self) -> float:
        """The share of the donor's resources, in percent: with percent units the donor's own
        number, never recomputed from the amount (a broke donor's 50% stays 50%)."""
        return self.choice if self.percent else self.fraction * 100

    def data(self, told: Told) -> Mapping[str, Any]:
        """The act as read-only data telling ``told``: ``percent`` (the share) and/or
        ``amount`` (the form of a pairing's ``trace_acts``)."""
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


# -- event payloads -----------------------------------------------------------------------------
# Fields are named and ordered as the transcript's keys. An act is logged as event kind ``ACT``
# in one of three shapes (whom it is told to decides what it may tell); what the donor did
# ("donate", "punish" or "refuse") is the field ``act``, written as the transcript's ``kind``.

#: The event kind of the act payloads (:class:`Act`, :class:`DonorAct`, :class:`RecipientAct`).
ACT = "act"


@dataclass(frozen=True, slots=True)
class RoundStart(Payload):
    """Public: a round begins (``of``: the rounds of the game, None where players are not told
    how many there are)."""

    kind: ClassVar[str] = "round_start"
    round: int
    of: int | None


@dataclass(frozen=True, slots=True)
class Pairing(Payload):
    """Private to the donor: whom it decides about, what it has, and the recipient's trace
    (``trace``: one line per act, newest first; ``trace_acts``: the same acts as read-only
    mappings with ``round``, ``donor``, ``recipient``, ``kind`` and ``percent`` and/or
    ``amount``, as the trace tells them). ``view``: where the donor's text shows it (the
    config's ``donor_view``): a line kept all game (``history``), or the prompt of this turn
    only (``pairing``)."""

    kind: ClassVar[str] = "pairing"
    round: int
    donor: AgentId
    recipient: AgentId
    donor_resources: float
    units: Units
    recipient_resources: float | None  # None where resources are hidden
    trace: tuple[str, ...]
    trace_acts: tuple[Mapping[str, Any], ...]
    view: DonorView


@dataclass(frozen=True, slots=True)
class Act(Payload):
    """What a donor did, read by donor and recipient alike (resources shown)."""

    kind: ClassVar[str] = ACT
    round: int
    donor: AgentId
    recipient: AgentId
    act: str = field(metadata={JSON_NAME: "kind"})  # "donate", "punish" or "refuse"
    percent: float  # the share of the donor's resources
    amount: float  # in units
    multiplier: float
    recipient_change: float  # what the recipient's resources did
    line: str


@dataclass(frozen=True, slots=True)
class DonorAct(Payload):
    """The donor's own record of its act where resources are hidden: share and amount, not
    what the recipient's resources did (a punishment floored at 0 would tell them)."""

    kind: ClassVar[str] = ACT
    round: int
    donor: AgentId
    recipient: AgentId
    act: str = field(metadata={JSON_NAME: "kind"})  # "donate", "punish" or "refuse"
    percent: float
    amount: float
    multiplier: float
    line: str


@dataclass(frozen=True, slots=True)
class RecipientAct(Payload):
    """The recipient's record of an act where resources are hidden: what arrived (the amount,
    which its own resources show anyway), never the share."""

    kind: ClassVar[str] = ACT
    round: int
    donor: AgentId
    recipient: AgentId
    act: str = field(metadata={JSON_NAME: "kind"})  # "donate", "punish" or "refuse"
    amount: float
    multiplier: float
    recipient_change: float
    line: str


@dataclass(frozen=True, slots=True)
class GameOver(Payload):
    """Public: the game ends; everyone's final resources."""

    kind: ClassVar[str] = "game_over"
    resources: Mapping[AgentId, float]
