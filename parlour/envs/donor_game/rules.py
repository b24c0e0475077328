"""The Donor Game as a pure state machine: no PettingZoo, no prose.

Each round pairs every agent once, as donor or recipient. A donor gives x of its resources and the
recipient gains ``multiplier * x``; with costly punishment a donor may instead pay x to take
``punishment_multiplier * x`` from the recipient; with partner choice it may refuse to play.
Donors of a round choose at once (a simultaneous move); the donor sees the recipient's trace.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, NumberRule
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import PUBLIC, AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.donor_game.model import (
    SHOWN_PLACES,
    Act,
    Action,
    Donate,
    DonorAct,
    DonorGameConfig,
    DonorView,
    GameOver,
    Interaction,
    Pairing,
    Phase,
    Punish,
    RecipientAct,
    Refuse,
    RoundStart,
    Schedule,
    Told,
    TraceMode,
    Units,
    acts_told,
)
from parlour.envs.donor_game.schedule import Round, paper_round, random_round, round_robin_round
from parlour.envs.donor_game.text import act_line
from parlour.envs.donor_game.traces import Trace, TraceBook

#: The documented default of an invalid action.
GIVE_NOTHING = Donate(0.0)


class DonorGameRules(GameRules[Action]):
    """One game. Chance (from ``rng``): only the ``random`` schedule's pairings.

    Attributes:
        resources: each player's resources now.
        history: every act so far, in the order the rounds resolved them.
        round: the round being played (1-based; the last one once the game is over).
        told: how acts are told to others (see :class:`Told`).
        recipient_told_apart: whether an act's recipient is told it differently (the amount it
            got, never the share).
    """

    def __init__(self, config: DonorGameConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_agents)], rng)
        self.config = config
        self.resources: dict[AgentId, float] = dict.fromkeys(self.players, float(config.endowment))
        self.history: list[Interaction] = []
        self.round = 0
        self.percent = config.units is Units.PERCENT
        self.told = acts_told(config)
        self.recipient_told_apart = self.told is Told.SHARE
        # the paper's view: nobody is told an act as it happens, nor each round's start (the
        # prompt of a turn says the round); the god view keeps both
        self._quiet = config.donor_view is DonorView.PAIRING
        chained = config.trace is TraceMode.CHAINED
        self._book = TraceBook(self.players, config.trace_depth, chained)
        self._choices: tuple[Action, ...] = (Refuse(),) if config.partner_choice else ()
        self._seen: set[tuple[int, int]] = set()  # (donor, recipient) seats paired so far
        self._phase = Phase.DONATE
        self._pairs: dict[AgentId, AgentId] = {}  # donor -> recipient this round
        self._donor_of: dict[AgentId, AgentId] = {}  # recipient -> donor this round
        self._donors: list[AgentId] = []  # this round's donors, in seat order
        self._waiting: list[AgentId] = []  # donors yet to choose
        self._pending: dict[AgentId, Action] = {}  # what the others chose
        # each player's payoff (resources less the endowment) as of the last resolved round: a
        # new dict each round, never changed, so the adapter pays out only when it changes
        self._payoffs: dict[AgentId, float] = dict.fromkeys(self.players, 0.0)
        self._start_round()

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    def acting(self) -> list[AgentId]:
        return list(self._waiting)  # empty once the game is over

    def recipient_of(self, donor: AgentId) -> AgentId | None:
        """Whom ``donor`` decides about this round (None for recipients and after the game)."""
        return self._pairs.get(donor)

    def donor_of(self, recipient: AgentId) -> AgentId | None:
        """Who decides about ``recipient`` this round (None for donors and after the game)."""
        return self._donor_of.get(recipient)

    def legal(self, agent: AgentId) -> Legal[Action]:
        config = self.config
        high = self._limit(agent)
        numbers = (NumberRule("donate", 0.0, high, Donate, False, config.clamp, SHOWN_PLACES),)
        if config.punishment:
            numbers += (NumberRule("punish", 0.0, high, Punish, False, config.clamp, SHOWN_PLACES),)
        return Legal(ActionKind.NUMBER, GIVE_NOTHING, self._choices, numbers)

    def trace(self, recipient: AgentId, before_round: int) -> list[Interaction]:
        """What a donor is told about ``recipient`` before round ``before_round`` (newest first)."""
        return list(self._book.trace(recipient, before_round)[0])

    def is_terminal(self) -> bool:
        return not self._pairs  # every round pairs everyone: nobody is paired once it is over

    def is_truncated(self) -> bool:
        return False

    def scores(self) -> dict[AgentId, float]:
        return self._payoffs

    def _limit(self, agent: AgentId) -> float:
        """The largest number ``agent`` may give: all it has, or 100 percent."""
        return 100.0 if self.percent else self.resources[agent]

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self._waiting:  # empty once the game is over
            raise IllegalAction(f"{agent} is not a donor waiting to act")
        self._refuse_illegal(agent, action)
        self.step_count += 1
        self._pending[agent] = action
        self._waiting.remove(agent)
        if not self._waiting:
            self._resolve_round()

    def _refuse_illegal(self, agent: AgentId, action: Action) -> None:
        """Raise ``IllegalAction`` for an action the rules forbid. Parsed text never gets here
        illegal (``legal`` bounds the numbers by the same limits), so this guards callers that
        apply typed actions directly."""
        if isinstance(action, (Donate, Punish)):
            if not math.isfinite(action.amount) or action.amount < 0:
                raise IllegalAction("the amount must be a non-negative number")
            if action.amount > self._limit(agent):
                raise IllegalAction(f"you have only {self.resources[agent]:.2f} units")
        if isinstance(action, Punish) and not self.config.punishment:
            raise IllegalAction("punishment is not enabled")
        if isinstance(action, Refuse) and not self.config.partner_choice:
            raise IllegalAction("partner choice is not enabled")

    def _start_round(self) -> None:
        config = self.config
        self._pair_up()
        self.log(
            RoundStart(self.round, config.total_rounds if config.tell_rounds else None),
            visible_to=() if self._quiet else PUBLIC,
        )
        for donor, recipient in self._pairs.items():
            acts, data, lines = self._book.trace(recipient, self.round)
            if self.recipient_told_apart and any(act.recipient == donor for act in acts):
                data, lines = _told_to(donor, (acts, data, lines))
            shown = self.resources[recipient] if config.show_recipient_resources else None
            pairing = Pairing(
                self.round,
                donor,
                recipient,
                self.resources[donor],
                config.units,
                shown,
                lines,
                data,
                config.donor_view,
            )
            self.log(pairing, visible_to=(donor,))

    def _pair_up(self) -> None:
        """Draw the next round's pairs from the schedule."""
        config = self.config
        n, r = config.num_agents, self.round
        if config.schedule is Schedule.PAPER:
            pairs: Round = paper_round(n, r)
        elif config.schedule is Schedule.ROUND_ROBIN:
            pairs = round_robin_round(n, r)
        else:
            pairs = random_round(n, self.rng, self._seen)
        if config.reverse_roles:
            pairs = [(b, a) for a, b in pairs]
        self._seen.update(pairs)
        self.round += 1
        self._pairs = {self.players[d]: self.players[c] for d, c in pairs}
        self._donor_of = {c: d for d, c in self._pairs.items()}
        self._donors = [p for p in self.players if p in self._pairs]  # seat order
        self._waiting = list(self._donors)
        self._pending = {}

    def _resolve_round(self) -> None:
        start = dict(self.resources)  # what each donor had when it chose
        for donor in self._donors:  # seat order
            act, change, multiplier = self._settle(donor, start[donor])
            line = act_line(act, self.told)  # as others are told it
            self.history.append(act)
            self._book.add(act, act.data(self.told), line)
            self._log_act(act, line, change, multiplier)
        endowment = self.config.endowment
        self._payoffs = {p: r - endowment for p, r in self.resources.items()}
        if self.round < self.config.total_rounds:
            self._start_round()
            return
        self._phase = Phase.OVER
        self._pairs, self._donor_of, self._donors, self._pending = {}, {}, [], {}
        self.log(GameOver(frozen_map(self.resources)))

    def _settle(self, donor: AgentId, before: float) -> tuple[Interaction, float, float]:
        """Carry out ``donor``'s choice, made with ``before`` in hand: the act, what it did to
        the recipient's resources, and the multiplier that applied."""
        config, resources = self.config, self.resources
        recipient, action = self._pairs[donor], self._pending[donor]
        received = resources[recipient]
        if isinstance(action, Refuse):
            kind, choice, amount = "refuse", 0.0, 0.0
            multiplier = config.punishment_multiplier
        else:
            choice = action.amount
            amount = before * choice / 100.0 if self.percent else choice
            resources[donor] -= amount
            if isinstance(action, Donate):
                kind, multiplier = "donate", config.multiplier
                resources[recipient] += multiplier * amount
            else:
                kind, multiplier = "punish", config.punishment_multiplier
                resources[recipient] = max(0.0, resources[recipient] - multiplier * amount)
        # the share chosen, in percent units: never recomputed from the amount
        fraction = choice / 100.0 if self.percent else amount / before if before else 0.0
        act = Interaction(
            self.round, donor, recipient, kind, amount, fraction, choice, self.percent
        )
        return act, resources[recipient] - received, multiplier

    def _log_act(self, act: Interaction, line: str, change: float, multiplier: float) -> None:
        """The act for its donor and recipient: one event both read, or, with resources
        hidden, the donor's own (amount and share, not what the recipient's resources did: a
        punishment floored at 0 would tell them) and the recipient's (what arrived: the amount,
        which its own resources show anyway, never the share). ``line``: the act as others are
        told it."""
        head = (act.round, act.donor, act.recipient, act.kind)
        share, amount = act.share_percent, act.amount
        if self._quiet:  # told to nobody: the god view's record of what happened
            self.log(Act(*head, share, amount, multiplier, change, line), visible_to=())
            return
        if self.told is Told.SHARE_AND_AMOUNT:
            both = Act(*head, share, amount, multiplier, change, line)
            self.log(both, visible_to=(act.donor, act.recipient))
            return
        line = act_line(act, Told.SHARE_AND_AMOUNT)
        self.log(DonorAct(*head, share, amount, multiplier, line), visible_to=(act.donor,))
        got = RecipientAct(*head, amount, multiplier, change, act_line(act, Told.AMOUNT))
        self.log(got, visible_to=(act.recipient,))

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        final = np.array([self.resources[p] for p in self.players])
        acts = self.history
        fractions = [i.fraction if i.kind == "donate" else 0.0 for i in acts]
        return {
            "mean_final_resources": float(final.mean()),
            "final_resources": dict(self.resources),
            "donation_rate": float(np.mean(fractions)) if fractions else 0.0,
            "gini": gini(final),
            "reciprocity": self.reciprocity(),
            "donations": sum(i.kind == "donate" for i in acts),
            "punishments": sum(i.kind == "punish" for i in acts),
            "refusals": sum(i.kind == "refuse" for i in acts),
            "rounds": self.round,
            "total_donated": float(sum(i.amount for i in acts if i.kind == "donate")),
        }

    def reciprocity(self) -> float | None:
        """Pearson correlation between what donors gave (as a fraction) and what the recipient
        gave on its last act before that round (the first entry of a first-order trace)."""
        given, earlier = [], []
        for act in self.history:
            previous = self._book.acts_before(act.recipient, act.round)
            if previous:
                given.append(act.fraction if act.kind == "donate" else 0.0)
                earlier.append(previous[-1].fraction if previous[-1].kind == "donate" else 0.0)
        if len(given) < 3 or np.std(given) == 0 or np.std(earlier) == 0:
            return None
        return float(np.corrcoef(given, earlier)[0, 1])

    def hidden_from(self, viewer: AgentId) -> set[str]:
        """Every interaction ``viewer`` neither took part in nor was shown in a trace."""
        shown = {
            line
            for event in self.events.visible_to(viewer)
            if isinstance(event.data, Pairing)
            for line in event.data.trace
        }
        lines = (
            act_line(i, self.told) for i in self.history if viewer not in (i.donor, i.recipient)
        )
        return {line for line in lines if line not in shown}

    def check_invariants(self) -> None:
        config = self.config
        donated = sum(i.amount for i in self.history if i.kind == "donate")
        if any(r < -1e-9 for r in self.resources.values()):
            raise InvariantViolation(f"negative resources: {self.resources}")
        if not config.punishment:
            expected = config.num_agents * config.endowment + (config.multiplier - 1) * donated
            if not math.isclose(sum(self.resources.values()), expected, rel_tol=1e-9, abs_tol=1e-6):
                raise InvariantViolation("resources are not conserved")
        if self._phase is not Phase.OVER and len(self._pairs) != config.num_agents // 2:
            raise InvariantViolation("a round must pair every agent once")


def _told_to(donor: AgentId, trace: Trace) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """A trace's data and lines as ``donor`` reads them where acts are told by their share: an
    act ``donor`` received is told by the amount it got (which it knows), never by the share
    (which with that amount would give the giver's resources away)."""
    acts, data, lines = trace
    told_data, told_lines = list(data), list(lines)
    for k, act in enumerate(acts):
        if act.recipient == donor:
            told_data[k], told_lines[k] = act.data(Told.AMOUNT), act_line(act, Told.AMOUNT)
    return tuple(told_data), tuple(told_lines)


def gini(values: np.ndarray) -> float:
    """The Gini coefficient of non-negative values (0: all equal)."""
    values = np.sort(np.asarray(values, dtype=float))
    total = values.sum()
    if total <= 0:
        return 0.0
    n = len(values)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(values) / (n * total))
