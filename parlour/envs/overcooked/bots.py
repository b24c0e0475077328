"""A scripted greedy chef, in the style of overcooked_ai's greedy human model.

Each step it picks the most useful subtask for what it holds and what the pots need, as a macro
order, and takes that order's next primitive action from the shared macro executor (a shortest
path around the partner, then interact). It plays with primitive actions, so it can partner any
agent in the default action mode. Subtasks, in order of preference:

* holding a soup: serve it; a dish: take a soup that is cooking or ready (else set the dish down);
  an ingredient: put it in a pot with room (else set it down, which is how a chef hands items
  over a counter it cannot cross);
* empty hands: start a pot that holds the best order it can become; fetch a dish when a soup is
  cooking and nobody holds one; fetch the ingredient the fullest useful pot lacks; else pick up
  what lies on a counter; else wait.

When a move from the same spot failed twice running (two chefs heading for one cell), when the
partner blocks its only way, or when it idles beside the partner, it steps aside at random, as
overcooked_ai's greedy model does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.view import SeatView
from parlour.envs.overcooked.kitchen import DISH, ONION, TOMATO, Act, Kitchen, KitchenState, Soup
from parlour.envs.overcooked.layouts import SoupKey
from parlour.envs.overcooked.macros import MacroExecutor, MacroKind, Order, RunningOrder
from parlour.envs.overcooked.text import format_action


class GreedyChef:
    """A scripted chef for one seat."""

    def __init__(self, view: SeatView, rng: np.random.Generator) -> None:
        self.view = view
        self.rng = rng
        self.chef = view.players.index(view.agent)
        self._executor: MacroExecutor | None = None
        self._kitchen: Kitchen | None = None  # the bot's own copy, loaded from the seat's view
        self._last: tuple[tuple[int, ...], Act] | None = None  # positions seen, action taken

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        state: KitchenState = self.view.state()
        kitchen = self._kitchen
        if kitchen is None:  # the first turn: a kitchen of the bot's own, on the same layout
            kitchen = self._kitchen = Kitchen(state.layout, state.dynamics)
            self._executor = MacroExecutor(kitchen)
        kitchen.load(state)
        action = self.next_action(kitchen)
        positions = tuple(kitchen.pos)
        if self._last is not None and self._last == (positions, action) and action < Act.STAY:
            # the same move from the same spot did nothing last time: both chefs are stuck
            # heading for one cell, so step aside at random (as overcooked_ai's auto-unstuck)
            action = Act(int(self.rng.integers(5)))
        self._last = (positions, action)
        return format_action(action)

    def next_action(self, kitchen: Kitchen) -> Act:
        executor = self._executor
        assert executor is not None
        order = self.choose(kitchen, executor)
        if order is None:
            # nothing to do: make room if standing beside a partner who may need to pass
            x, y = kitchen.xy(kitchen.pos[self.chef])
            near = any(
                abs(x - ox) + abs(y - oy) == 1
                for i, (ox, oy) in enumerate(kitchen.xy(p) for p in kitchen.pos)
                if i != self.chef
            )
            return Act(int(self.rng.integers(4))) if near else Act.STAY
        running = RunningOrder(order)
        action = executor.next_action(self.chef, running)
        if running.blocked:  # the partner stands in the only way: step aside at random
            return Act(int(self.rng.integers(4)))
        return action

    def choose(self, k: Kitchen, executor: MacroExecutor) -> Order | None:
        me = self.chef

        def can(kind: MacroKind) -> bool:
            return executor.problem(me, Order(kind)) is None

        held = k.held[me]
        if held.__class__ is Soup:
            return Order(MacroKind.SERVE) if can(MacroKind.SERVE) else _place(can)
        if held == DISH:
            return Order(MacroKind.TAKE_SOUP) if can(MacroKind.TAKE_SOUP) else _place(can)
        if held in (ONION, TOMATO):
            return Order(MacroKind.PUT_IN_POT) if can(MacroKind.PUT_IN_POT) else _place(can)
        plans = [_pot_plan(k, cell) for cell in k.pots]
        if not k.old_dynamics and any(p == "start" for p in plans) and can(MacroKind.START_COOKING):
            return Order(MacroKind.START_COOKING)
        cooking = sum(1 for c in k.pots if (s := k.pot_soup(c)) is not None and not s.idle)
        dishes = sum(1 for h in k.held if h == DISH)
        if cooking > dishes:
            if can(MacroKind.GET_DISH):
                return Order(MacroKind.GET_DISH)
            if DISH in k.objects.values() and can(MacroKind.PICK_UP_FROM_COUNTER):
                return Order(MacroKind.PICK_UP_FROM_COUNTER)
        wanted = [p for p in plans if p in (ONION, TOMATO)]
        for ingredient in wanted:
            kind = MacroKind.GET_ONION if ingredient == ONION else MacroKind.GET_TOMATO
            if can(kind):
                return Order(kind)
        if can(MacroKind.PICK_UP_FROM_COUNTER):
            return Order(MacroKind.PICK_UP_FROM_COUNTER)
        return None


def _place(can: Any) -> Order | None:
    return Order(MacroKind.PLACE_ON_COUNTER) if can(MacroKind.PLACE_ON_COUNTER) else None


def _pot_plan(k: Kitchen, cell: int) -> str | None:
    """What an idle pot needs next for the best order it can still become: "start" when it
    holds that order, else the missing ingredient; None for busy or hopeless pots."""
    soup = k.pot_soup(cell)
    have: SoupKey = (0, 0) if soup is None else soup.key
    if soup is not None and not soup.idle:
        return None
    book = k.recipes
    options = [o for o in book.orders if o[0] >= have[0] and o[1] >= have[1]]
    if not options:
        return None
    best = max(options, key=lambda o: (book.order_value(o), -sum(o), o))
    if best == have:
        return "start"
    return ONION if best[0] > have[0] else TOMATO


def make_bot(view: SeatView, rng: np.random.Generator) -> GreedyChef:
    """The ``scripted`` agent's entry point."""
    return GreedyChef(view, rng)
