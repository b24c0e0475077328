"""Overcooked as a Parlour game: the kitchen, simultaneous turns, the macro layer, rewards.

Every step each free chef picks an action; once all have, the kitchen takes one joint step.
With ``actions="macro"`` a chef may give an order (``[get onion]``) that the executor carries
out over several ticks; a chef busy with an order is not asked again until it is done or has
failed, and while every chef is busy the kitchen ticks on by itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, LegalPool
from parlour.core.config import Choice, Integer, ListOf, Number, OneOf, Text, validate
from parlour.core.errors import ConfigError, IllegalAction, InvariantViolation
from parlour.core.events import AgentId
from parlour.core.rules import GameRules
from parlour.envs.overcooked.encodings import Encoder
from parlour.envs.overcooked.kitchen import Act, Item, Kitchen, KitchenState, Soup, StepOutcome
from parlour.envs.overcooked.layouts import Layout, load_layout
from parlour.envs.overcooked.macros import MacroExecutor, MacroKind, Order, RunningOrder

#: A chef's action: a primitive move or interact, or (macro mode) an order.
Action = Act | Order


class Phase(str, Enum):
    COOK = "cook"


class ActionMode(str, Enum):
    PRIMITIVE = "primitive"
    MACRO = "macro"


class EventKind(str, Enum):
    DELIVERY = "delivery"  # a soup reached the serving window (public)
    COOKING = "cooking"  # a pot started cooking (public)
    ORDER = "order"  # a macro order finished or failed (its chef only)


VIEWS = ("lossless", "featurized")


@dataclass(frozen=True)
class OvercookedConfig:
    """Options of ``overcooked_v0``.

    Attributes:
        layout: a built-in layout or alias (``cramped_room``, ``random3``...), a ``.json`` layout
            file, or a grid string with newlines.
        dynamics: ``"new"`` (a chef with empty hands starts a pot cooking, overcooked_ai HEAD) or
            ``"old"`` (a pot starts by itself at 3 ingredients, the 2019 paper).
        horizon: joint steps before the episode is truncated, 1..100000.
        actions: ``"primitive"`` (six actions) or ``"macro"`` (orders beside the primitives).
        shaping: coefficient of each chef's own shaping reward (3 per potting, 3 per useful dish,
            5 per soup taken) added to its reward, in [0, 1000]; 0 reports shaping in infos only.
        views: numeric observations beside the text: ``"lossless"`` and/or ``"featurized"``.
    """

    layout: str = "cramped_room"
    dynamics: str = "new"
    horizon: int = 400
    actions: ActionMode | str = ActionMode.PRIMITIVE
    shaping: float = 0.0
    views: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        validate(
            self,
            layout=Text(),
            dynamics=OneOf("new", "old"),
            horizon=Integer(1, 100_000),
            actions=Choice(ActionMode),
            shaping=Number(0, 1000),
            views=ListOf(OneOf(*VIEWS), single=True),
        )
        if self.views and self.kitchen_layout.num_players != 2:
            layout = self.kitchen_layout
            raise ConfigError(
                f"views {', '.join(self.views)} need a 2-chef layout; layout {layout.name!r} has "
                f"{layout.num_players}"
            )
        Kitchen(self.kitchen_layout, self.dynamics)  # refuses old dynamics with small orders

    @cached_property
    def kitchen_layout(self) -> Layout:
        return load_layout(self.layout)

    @property
    def num_players(self) -> int:
        """The chefs the layout seats."""
        return self.kitchen_layout.num_players


_PRIMITIVES = tuple(Act)
#: One Legal for every primitive turn of every game, so the parser is built once per process.
_PRIMITIVE_LEGAL: Legal[Act | Order] = Legal(ActionKind.MOVE, Act.STAY, _PRIMITIVES)


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
        self._infos: dict[AgentId, dict[str, Any]] = {}
        self._scores = dict.fromkeys(self.players, 0.0)
        self._pool: LegalPool[Action] = LegalPool()
        self._legal_cache: tuple[int, dict[AgentId, Legal[Action]]] = (-1, {})
        self.score = 0.0
        self.delivered = 0
        self._stats: Counter[tuple[str, int]] = Counter()
        self.collisions = 0

    # -- turns ------------------------------------------------------------------------------------
    @property
    def phase(self) -> str:
        return Phase.COOK.value

    def acting(self) -> list[AgentId]:
        running, pending = self.running, self._pending
        if not pending and not self.macro_mode:
            return list(self.players)  # the common case: everyone, at the start of a step
        return [p for i, p in enumerate(self.players) if running[i] is None and p not in pending]

    def _is_acting(self, agent: AgentId) -> bool:
        return self.running[self.seat_of[agent]] is None and agent not in self._pending

    def legal(self, agent: AgentId) -> Legal[Action]:
        if not self.macro_mode:
            return _PRIMITIVE_LEGAL
        step, cache = self._legal_cache
        if step != self.step_count:
            cache = {}
            self._legal_cache = (self.step_count, cache)
        legal = cache.get(agent)
        if legal is None:
            legal = cache[agent] = self._macro_legal(self.seat_of[agent])
        return legal

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
        choices = (*orders, *_PRIMITIVES)
        return self._pool.choice(Order(MacroKind.WAIT), choices, ActionKind.CHOICE)

    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.seat_of or not self._is_acting(agent):
            raise IllegalAction(f"{agent} cannot act now")
        if not (action in _PRIMITIVES or self.legal(agent).offers(action)):
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
                self.log(
                    EventKind.DELIVERY.value,
                    {"player": self.players[chef], "points": outcome.sparse[chef]},
                )
        for cell in k.pots:  # cooking that started this tick reads the same for everyone
            soup = k.pot_soup(cell)
            if soup is not None and soup.tick == 1:
                self.log(
                    EventKind.COOKING.value,
                    {"pot": list(k.xy(cell)), "onions": soup.onions, "tomatoes": soup.tomatoes},
                )
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
        self._infos = {}

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
                self.log(
                    EventKind.ORDER.value,
                    {
                        "player": self.players[chef],
                        "order": order.kind.value,
                        "target": list(order.target) if order.target else None,
                        "status": "failed" if problem else "done",
                        "reason": problem,
                        "ticks": running.ticks,
                    },
                    visible_to={self.players[chef]},
                )

    # -- state for text, views and tests ----------------------------------------------------
    def agent_info(self, agent: AgentId) -> dict[str, Any] | None:
        """This chef's share of the last joint step: its events, delivery points and shaping."""
        outcome = self.last_outcome
        if outcome is None:
            return None
        info = self._infos.get(agent)
        if info is None:
            chef = self.seat_of[agent]
            info = {
                "events": [name for name, c in outcome.events if c == chef],
                "sparse_reward": outcome.sparse[chef],
                "shaped_reward": outcome.shaped[chef],
            }
            running = self.running[chef]
            if running is not None:
                info["order"] = running.order.kind.value
            self._infos[agent] = info
        return {key: list(v) if v.__class__ is list else v for key, v in info.items()}

    def observed_state(self, viewer: AgentId) -> KitchenState:
        """An immutable copy of the kitchen (fully observed by every chef), for scripted bots;
        made once a tick and shared by both seats."""
        kitchen = self.kitchen
        return self.derived("seat_state", kitchen.timestep, kitchen.freeze)

    @cached_property
    def encoder(self) -> Encoder:
        return Encoder(self.kitchen)

    def lossless(self, agent: AgentId) -> np.ndarray:
        """overcooked_ai's lossless stack for ``agent`` now (a fresh array)."""
        return self.lossless_stacks()[self.seat_of[agent]].copy()

    def featurized(self, agent: AgentId) -> np.ndarray:
        """overcooked_ai's featurized vector for ``agent`` now (a fresh array)."""
        return self.featurized_vectors()[self.seat_of[agent]].copy()

    def lossless_stacks(self) -> list[np.ndarray]:
        """Every chef's lossless stack now, shared: read them, never change them (made once per
        kitchen timestep: the kitchen only changes when a joint step resolves)."""
        return self.derived("lossless", self.kitchen.timestep, self._lossless_stacks)

    def featurized_vectors(self) -> np.ndarray:
        """Every chef's featurized vector now, a row per seat, shared: read it, never change it."""
        return self.derived("featurized", self.kitchen.timestep, self.encoder.featurized)

    def _lossless_stacks(self) -> list[np.ndarray]:
        return self.encoder.lossless(self.config.horizon)

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
