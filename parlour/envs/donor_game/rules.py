"""The Donor Game as a pure state machine: no PettingZoo, no prose.

Each round pairs every agent once, as donor or recipient. A donor gives x of its resources and the
recipient gains ``multiplier * x``; with costly punishment a donor may instead pay x to take
``punishment_multiplier * x`` from the recipient; with partner choice it may refuse to play.
Donors of a round choose at once (a simultaneous move); the donor sees the recipient's trace.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, LegalPool, NumberRule
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.donor_game.acts import Interaction, Told, told_to
from parlour.envs.donor_game.model import (
    ACT,
    Act,
    Action,
    Donate,
    DonorAct,
    DonorGameConfig,
    GameOver,
    Pairing,
    Phase,
    Punish,
    RecipientAct,
    Refuse,
    RoundStart,
    Schedule,
    TraceMode,
    Units,
)
from parlour.envs.donor_game.schedule import Round, paper_round, random_round, round_robin_round

# Members read once for the per-step paths: on CPython 3.11 every read of a member off its enum
# class (Phase.OVER) goes through EnumType.__getattr__'s slow path.
_OVER, _NUMBER = Phase.OVER, ActionKind.NUMBER
_PERCENT, _CHAINED = Units.PERCENT, TraceMode.CHAINED
_ROUND_ROBIN = Schedule.ROUND_ROBIN

#: A trace as interactions (newest first) and the same acts as plain dicts.
_Trace = tuple[tuple[Interaction, ...], tuple[Mapping[str, Any], ...]]
#: The documented default of an invalid action.
_GIVE_NOTHING = Donate(0.0)


class DonorGameRules(GameRules[Action]):
    """One game. Chance (from ``rng``): only the ``random`` schedule's pairings."""

    def __init__(self, config: DonorGameConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_agents)], rng)
        self.config = config
        self.resources: dict[AgentId, float] = dict.fromkeys(self.players, float(config.endowment))
        self.history: list[Interaction] = []
        self._by_donor: dict[AgentId, list[Interaction]] = {p: [] for p in self.players}
        self._rounds_by_donor: dict[AgentId, list[int]] = {p: [] for p in self.players}
        # each act as the plain dict that pairing events carry in "trace_acts", built once, and
        # (chained traces) the trace that starts with it: the act, then the recipient's trace
        # before it, so a pairing's trace is one lookup instead of a walk down the chain
        self._act_data_by_donor: dict[AgentId, list[Mapping[str, Any]]] = {
            p: [] for p in self.players
        }
        self._chains_by_donor: dict[AgentId, list[_Trace]] = {p: [] for p in self.players}
        self._seen: set[tuple[int, int]] = set()
        self.round = 0
        self._pairs: dict[AgentId, AgentId] = {}  # donor -> recipient this round
        self._pending: dict[AgentId, Action] = {}
        self._legal: dict[AgentId, Legal[Action]] = {}
        self._donor_of: dict[AgentId, AgentId] = {}
        self._scores: dict[AgentId, float] | None = None
        self._waiting: list[AgentId] = []
        self._donors: list[AgentId] = []
        self._extra_choices: tuple[Action, ...] = (Refuse(),) if config.partner_choice else ()
        self._pool: LegalPool[Action] = LegalPool(limit=256)
        #: What an act tells others: with resources hidden, only the donor's choice in the
        #: game's units (an amount and a share together would give the donor's resources away).
        percent = config.units is _PERCENT
        shown = Told.SHARE if percent else Told.AMOUNT
        self.told = Told.SHARE_AND_AMOUNT if config.show_recipient_resources else shown
        #: Whether an act's recipient is told it differently (the amount it got, not the share)
        self.recipient_told_apart = self.told is Told.SHARE
        self._phase = Phase.DONATE
        self.invalid_amounts = 0
        self._start_round()

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    def acting(self) -> list[AgentId]:
        if self._phase is _OVER:
            return []
        return list(self._waiting)

    def recipient_of(self, donor: AgentId) -> AgentId | None:
        """Whom ``donor`` decides about this round (None for recipients and after the game)."""
        return self._pairs.get(donor)

    def donor_of(self, recipient: AgentId) -> AgentId | None:
        """Who decides about ``recipient`` this round (None for donors and after the game)."""
        return self._donor_of.get(recipient)

    def legal(self, agent: AgentId) -> Legal[Action]:
        legal = self._legal.get(agent)
        if legal is None:  # one object per donor and round, as Legal asks
            legal = self._legal[agent] = self._make_legal(agent)
        return legal

    def _make_legal(self, agent: AgentId) -> Legal[Action]:
        config = self.config
        high = 100.0 if config.units is _PERCENT else self.resources[agent]

        def build() -> Legal[Action]:
            numbers = (NumberRule("donate", 0.0, high, Donate, False, config.clamp),)
            if config.punishment:
                numbers += (NumberRule("punish", 0.0, high, Punish, False, config.clamp),)
            return Legal(_NUMBER, _GIVE_NOTHING, self._extra_choices, numbers)

        # donors with the same budget share one (in percent units, every turn is the same)
        return self._pool.get(high, build)

    def trace(self, recipient: AgentId, before_round: int) -> list[Interaction]:
        """What a donor is told about ``recipient`` before round ``before_round`` (newest first)."""
        return list(self._trace(recipient, before_round)[0])

    def _trace(self, agent: AgentId, before_round: int) -> _Trace:
        count = bisect.bisect_left(self._rounds_by_donor[agent], before_round)
        depth = self.config.trace_depth
        if count == 0 or depth == 0:
            return (), ()
        if self.config.trace is _CHAINED:
            return self._chains_by_donor[agent][count - 1]
        take = min(count, depth)  # first order: the agent's own acts, newest first
        acts = self._by_donor[agent][count - take : count][::-1]
        data = self._act_data_by_donor[agent][count - take : count][::-1]
        return tuple(acts), tuple(data)

    def _acts_before(self, donor: AgentId, round_: int) -> list[Interaction]:
        """``donor``'s acts before ``round_`` (stored in round order: a binary search)."""
        return self._by_donor[donor][: bisect.bisect_left(self._rounds_by_donor[donor], round_)]

    def is_terminal(self) -> bool:
        return self._phase is _OVER

    def is_truncated(self) -> bool:
        return False

    def scores(self) -> dict[AgentId, float]:
        if self._scores is None:  # payoffs change only when a round resolves
            self._scores = {p: r - self.config.endowment for p, r in self.resources.items()}
        return self._scores

    # -- transitions --------------------------------------------------------------------------
    def _refuse_illegal(self, agent: AgentId, action: Action) -> None:
        """Raise ``IllegalAction`` for an amount the rules forbid. Parsed text never gets here
        illegal (``legal`` bounds the numbers by the same limits), so this guards callers that
        apply typed actions directly."""
        if isinstance(action, (Donate, Punish)):
            if not math.isfinite(action.amount) or action.amount < 0:
                raise IllegalAction("the amount must be a non-negative number")
            limit = 100.0 if self.config.units is _PERCENT else self.resources[agent]
            if action.amount > limit:
                raise IllegalAction(f"you have only {self.resources[agent]:.2f} units")

    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self._waiting:  # empty once the game is over
            raise IllegalAction(f"{agent} is not a donor waiting to act")
        self._refuse_illegal(agent, action)
        if isinstance(action, Punish) and not self.config.punishment:
            raise IllegalAction("punishment is not enabled")
        if isinstance(action, Refuse) and not self.config.partner_choice:
            raise IllegalAction("partner choice is not enabled")
        self.step_count += 1
        self._pending[agent] = action
        self._waiting.remove(agent)
        if len(self._pending) == len(self._pairs):
            self._resolve_round()

    def _start_round(self) -> None:
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
        self._legal = {}
        self.log(RoundStart(self.round, config.total_rounds))
        units = Units(config.units)
        for donor, recipient in self._pairs.items():
            shown = self.resources[recipient] if config.show_recipient_resources else None
            trace, trace_data = self._trace(recipient, self.round)
            lines = tuple([i.line for i in trace])
            if self.recipient_told_apart and any(i.recipient == donor for i in trace):
                lines, trace_data = told_to(donor, trace, lines, trace_data)
            pairing = Pairing(
                self.round,
                donor,
                recipient,
                self.resources[donor],
                units,
                shown,
                lines,
                trace_data,
            )
            self.log(pairing, visible_to=(donor,))

    def _resolve_round(self) -> None:
        config = self.config
        resources, round_, step = self.resources, self.round, self.step_count
        percent = config.units is _PERCENT
        chained, depth = config.trace is _CHAINED, config.trace_depth
        self._scores = None
        start = dict(resources)
        for donor in self._donors:  # seat order
            recipient, action = self._pairs[donor], self._pending[donor]
            before = start[donor]
            received = resources[recipient]
            if action.__class__ is Refuse:
                kind, choice, amount = "refuse", 0.0, 0.0
                multiplier = config.punishment_multiplier
            else:
                choice = action.amount
                amount = before * choice / 100.0 if percent else choice
                resources[donor] -= amount
                if action.__class__ is Donate:
                    kind, multiplier = "donate", config.multiplier
                    resources[recipient] += multiplier * amount
                else:
                    kind, multiplier = "punish", config.punishment_multiplier
                    resources[recipient] = max(0.0, resources[recipient] - multiplier * amount)
            # the share chosen, in percent units: never recomputed from the amount
            fraction = choice / 100.0 if percent else amount / before if before else 0.0
            record = Interaction.record(
                round_, donor, recipient, kind, amount, choice, percent, fraction, self.told
            )
            self.history.append(record)
            self._by_donor[donor].append(record)
            self._rounds_by_donor[donor].append(round_)
            act = record.data(self.told)
            self._act_data_by_donor[donor].append(act)
            if chained:  # the recipient's acts are all from earlier rounds
                tail = self._chains_by_donor[recipient]
                acts, data = tail[-1] if tail else ((), ())
                self._chains_by_donor[donor].append(
                    ((record, *acts[: depth - 1]), (act, *data[: depth - 1]))
                )
            change = resources[recipient] - received
            self._log_act(step, record, change, multiplier)
        if self.round >= config.total_rounds:
            self._phase = Phase.OVER
            self._pairs, self._pending, self._donor_of, self._waiting = {}, {}, {}, []
            self.log(GameOver(frozen_map(self.resources)))
        else:
            self._start_round()

    def _log_act(self, step: int, record: Interaction, change: float, multiplier: float) -> None:
        """The act for its donor and recipient: one event both read, or, with resources
        hidden, the donor's own (amount and share, not what the recipient's resources did: a
        punishment floored at 0 would tell them) and the recipient's (what arrived: the amount,
        which its own resources show anyway, never the share)."""
        # (an act's payload has a field named ``kind``, so it is logged with its event kind)
        log, phase = self.events.append, self._phase
        head = (record.round, record.donor, record.recipient, record.kind)
        share, amount = record.share_percent, record.amount
        if self.told is Told.SHARE_AND_AMOUNT:
            act = Act(*head, share, amount, multiplier, change, record.line)
            log(step, phase, ACT, act, (record.donor, record.recipient))
            return
        line = record.tell(Told.SHARE_AND_AMOUNT)
        log(step, phase, ACT, DonorAct(*head, share, amount, multiplier, line), (record.donor,))
        got = RecipientAct(*head, amount, multiplier, change, record.tell(Told.AMOUNT))
        log(step, phase, ACT, got, (record.recipient,))

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
            previous = self._acts_before(act.recipient, act.round)
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
            if event.data.__class__ is Pairing
            for line in event.data.trace
        }
        return {
            i.line
            for i in self.history
            if viewer not in (i.donor, i.recipient) and i.line not in shown
        }

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


def gini(values: np.ndarray) -> float:
    """The Gini coefficient of non-negative values (0: all equal)."""
    values = np.sort(np.asarray(values, dtype=float))
    total = values.sum()
    if total <= 0:
        return 0.0
    n = len(values)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(values) / (n * total))
