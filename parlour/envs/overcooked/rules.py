"""Overcooked as a Parlour game: the kitchen, simultaneous turns, the macro layer, rewards.

Every step each free chef picks an action; once all have, the kitchen takes one joint step.
With ``actions="macro"`` a chef may give an order (``[get onion]``) that the executor carries
out over several ticks; a chef busy with an order is not asked again until it is done or has
failed, and while every chef is busy the kitchen ticks on by itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId
from parlour.core.rules import GameRules
from parlour.envs.overcooked.kitchen import Act, Item, Kitchen, KitchenState, Soup, StepOutcome
from parlour.envs.overcooked.macros import MacroExecutor, MacroKind, Order, RunningOrder
from parlour.envs.overcooked.model import (
    Action,
    ActionMode,
    Cooking,
    Delivery,
    OrderReport,
    OvercookedConfig,
    Phase,
)

#: The six primitive actions, in overcooked_ai's index order.
PRIMITIVES = tuple(Act)
#: A chef's turn outside macro mode: the six moves, staying by default.
MOVES: Legal[Action] = Legal(ActionKind.MOVE, Act.STAY, PRIMITIVES)


class OvercookedRules(GameRules[Action]):
    """The rules adapter around one :class:`Kitchen` (and its macro executor)."""

    def __init__(self, config: OvercookedConfig, rng: np.random.Generator) -> None:
        layout = config.kitchen_layout
        super().__init__([f"player_{i}" for i in range(layout.num_players)], rng)
        self.config = config
        self.kitchen = Kitchen(layout, config.dynamics)
        self.macro_mode = config.actions is ActionMode.MACRO
        self.executor = MacroExecutor(self.kitchen) if self.macro_mode else None
        self._pending: dict[AgentId, Action] = {}
        self.running: list[RunningOrder | None] = [None] * len(self.players)
        self.last_action: list[Act | None] = [None] * len(self.players)
        self.last_outcome: StepOutcome | None = None
        self._scores = dict.fromkeys(self.players, 0.0)
        self.score = 0.0
        self.delivered = 0
        self._stats: Counter[tuple[str, int]] = Counter()
        self.collisions = 0

    # -- turns ------------------------------------------------------------------------------------
    @property
    def phase(self) -> str:
        return Phase.COOK

    def acting(self) -> list[AgentId]:
        running, pending = self.running, self._pending
        if not pending and not self.macro_mode:
            return list(self.players)  # the common case: everyone, at the start of a step
        return [p for i, p in enumerate(self.players) if running[i] is None and p not in pending]

    def _is_acting(self, agent: AgentId) -> bool:
        return self.running[self.seat_of[agent]] is None and agent not in self._pending

    def legal(self, agent: AgentId) -> Legal[Action]:
        if not self.macro_mode:
            return MOVES
        return self._macro_legal(self.seat_of[agent])

    def _macro_legal(self, chef: int) -> Legal[Action]:
        executor = self.executor
        assert executor is not None
        k = self.kitchen
        orders: list[Action] = [
            Order(kind)
            for kind in MacroKind
            if kind is not MacroKind.GO_TO and executor.problem(chef, Order(kind)) is None
        ]
        here = executor.region[k.pos[chef]]
        orders += [
            Order(MacroKind.GO_TO, k.xy(c))
            for c in range(len(k.terrain))
            if k.floor[c] and c != k.pos[chef] and executor.region[c] == here
        ]
        return Legal(ActionKind.CHOICE, Order(MacroKind.WAIT), (*orders, *PRIMITIVES))

    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.seat_of or not self._is_acting(agent):
            raise IllegalAction(f"{agent} cannot act now")
        if not (action in PRIMITIVES or self.legal(agent).offers(action)):
            raise IllegalAction(f"{action} is not legal for {agent} now")
        self.step_count += 1
        self._pending[agent] = action
        if len(self._pending) == len(self.players) or not self.acting():
            self._resolve()

    # -- the joint step ---------------------------------------------------------------------------
    def _resolve(self) -> None:
        pending, self._pending = self._pending, {}
        k = self.kitchen
        for agent, action in pending.items():
            chef = self.seat_of[agent]
            if action.__class__ is Order:
                self.running[chef] = RunningOrder(action)  # type: ignore[arg-type]
            else:
                self.running[chef] = None
        while True:
            joint = [self._chef_action(i, pending.get(p)) for i, p in enumerate(self.players)]
            outcome = k.step(joint)
            self._after_tick(joint, outcome)
            if self.is_truncated() or any(r is None for r in self.running):
                return
            pending = {}

    def _chef_action(self, chef: int, chosen: Action | None) -> Act:
        running = self.running[chef]
        if running is None:
            return chosen if chosen.__class__ is Act else Act.STAY  # type: ignore[return-value]
        assert self.executor is not None
        return self.executor.next_action(chef, running)

    def _after_tick(self, joint: list[Act], outcome: StepOutcome) -> None:
        k = self.kitchen
        self.last_action = list(joint)
        self.last_outcome = outcome
        if outcome.collision:
            self.collisions += 1
        for i, action in enumerate(joint):
            if action is Act.STAY:
                self._stats[("idle", i)] += 1
        for name, chef in outcome.events:
            self._stats[(name, chef)] += 1
            if name == "soup_delivery":
                self.delivered += 1
                self.log(Delivery(self.players[chef], outcome.sparse[chef]))
        for cell in k.pots:  # cooking that started this tick reads the same for everyone
            soup = k.pot_soup(cell)
            if soup is not None and soup.tick == 1:
                self.log(Cooking(k.xy(cell), soup.onions, soup.tomatoes))
        team = sum(outcome.sparse)
        shaped = outcome.shaped
        if team or (self.config.shaping and any(shaped)):
            self.score += team
            coefficient = self.config.shaping
            self._scores = {
                p: self._scores[p] + team + coefficient * shaped[i]
                for i, p in enumerate(self.players)
            }
        self._update_orders(joint)

    def _update_orders(self, joint: list[Act]) -> None:
        executor = self.executor
        if executor is None:
            return
        for chef, running in enumerate(self.running):
            if running is None:
                continue
            running.ticks += 1
            finished, problem = executor.outcome(chef, running, joint[chef])
            if finished or problem is not None:
                self.running[chef] = None
                order = running.order
                self._stats[("orders_failed" if problem else "orders_done", chef)] += 1
                if order.kind is MacroKind.WAIT:
                    continue  # a one-tick pause needs no report
                report = OrderReport(
                    self.players[chef],
                    order.kind.value,
                    order.target,
                    "failed" if problem else "done",
                    problem,
                    running.ticks,
                )
                self.log(report, visible_to={self.players[chef]})

    # -- state for infos and bots ---------------------------------------------------------------
    def agent_info(self, agent: AgentId) -> dict[str, Any] | None:
        """This chef's share of the last joint step: its events, delivery points and shaping."""
        outcome = self.last_outcome
        if outcome is None:
            return None
        chef = self.seat_of[agent]
        info: dict[str, Any] = {
            "events": [name for name, c in outcome.events if c == chef],
            "sparse_reward": outcome.sparse[chef],
            "shaped_reward": outcome.shaped[chef],
        }
        running = self.running[chef]
        if running is not None:
            info["order"] = running.order.kind.value
        return info

    def observed_state(self, viewer: AgentId) -> KitchenState:
        """An immutable copy of the kitchen (fully observed by every chef), for scripted bots."""
        return self.kitchen.freeze()

    def held(self, agent: AgentId) -> Item:
        return self.kitchen.held[self.seat_of[agent]]

    # -- ends, scores, metrics ------------------------------------------------------------
    def is_terminal(self) -> bool:
        return False  # the kitchen never closes by itself: the horizon truncates it

    def is_truncated(self) -> bool:
        return self.kitchen.timestep >= self.config.horizon

    def scores(self) -> dict[AgentId, float]:
        return self._scores

    def metrics(self) -> dict[str, Any]:
        stats = self._stats

        def per_chef(name: str) -> dict[AgentId, int]:
            return {p: stats[(name, i)] for i, p in enumerate(self.players)}

        metrics: dict[str, Any] = {
            "layout": self.kitchen.layout.name,
            "dynamics": self.config.dynamics,
            "steps": self.kitchen.timestep,
            "soups_delivered": self.delivered,
            "score": self.score,
            "deliveries": per_chef("soup_delivery"),
            "onions_potted": per_chef("potting_onion"),
            "tomatoes_potted": per_chef("potting_tomato"),
            "dishes_picked_up": per_chef("dish_pickup"),
            "soups_picked_up": per_chef("soup_pickup"),
            "idle_steps": per_chef("idle"),
            "collisions": self.collisions,
        }
        if self.macro_mode:
            metrics["orders_done"] = per_chef("orders_done")
            metrics["orders_failed"] = per_chef("orders_failed")
        return metrics

    def check_invariants(self) -> None:
        k = self.kitchen
        if len(set(k.pos)) != len(k.pos):
            raise InvariantViolation(f"two chefs share a cell: {k.pos}")
        for cell in k.pos:
            if not k.floor[cell]:
                raise InvariantViolation(f"a chef stands on {k.terrain[cell]!r}")
        for cell, item in k.objects.items():
            kind = k.terrain[cell]
            if kind not in "XP" or (kind == "P" and item.__class__ is not Soup):
                raise InvariantViolation(f"{item!r} lies on {kind!r}")
            if item.__class__ is Soup and not 0 < item.size <= 3:  # type: ignore[union-attr]
                raise InvariantViolation(f"a soup of {item.size} ingredients")  # type: ignore[union-attr]
        if k.timestep > self.config.horizon:
            raise InvariantViolation(f"step {k.timestep} is past the horizon")
        if self.delivered != sum(
            v for (name, _), v in self._stats.items() if name == "soup_delivery"
        ):
            raise InvariantViolation("deliveries and delivery events disagree")
