"""What Overcooked chefs read, and the action forms they write.

The observation's "Now" part is a snapshot of the kitchen: an ASCII grid (two characters a cell)
with its legend, then a line for each chef (position, facing, held item, last action), each pot,
the counters, the orders and the time left. The kitchen is the same for both chefs, so that part
is built once a step and shared; only the two chef lines differ by viewer.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.numeric import plain_number
from parlour.core.text import forms_line, moderator
from parlour.envs.overcooked.kitchen import DIRECTION_NAMES, Act, Kitchen, Soup
from parlour.envs.overcooked.layouts import SoupKey
from parlour.envs.overcooked.macros import Order
from parlour.envs.overcooked.model import Action, Cooking, Delivery, OrderReport
from parlour.envs.overcooked.rules import OvercookedRules

#: Version of the observation grammar (bumped whenever its wording or layout changes).
GRAMMAR_VERSION = 1
_ARROWS = "^v><"
_ITEM_LETTER = {"onion": "o", "tomato": "t", "dish": "d"}
LEGEND = (
    "Legend: two characters a cell. X counter, P pot, O onion dispenser, T tomato dispenser,"
    " D dish dispenser, S serving window, blank floor; a chef is its number and facing"
    " (0^ north, 0v south, 0> east, 0< west). After X: what lies there (o onion, t tomato,"
    " d dish, s soup). After P: ingredients in an idle pot (1-3), ~ cooking, ! ready."
)
#: Accepted spellings beside the canonical tokens.
ACTION_ALIASES = {
    "up": "[north]",
    "down": "[south]",
    "right": "[east]",
    "left": "[west]",
    "n": "[north]",
    "s": "[south]",
    "e": "[east]",
    "w": "[west]",
    "move north": "[north]",
    "move south": "[south]",
    "move east": "[east]",
    "move west": "[west]",
    "noop": "[stay]",
    "wait": "[stay]",
    "use": "[interact]",
    "pick up": "[interact]",
    "put down": "[interact]",
}


def format_action(action: Action) -> str:
    if action.__class__ is Order:
        order: Order = action  # type: ignore[assignment]
        if order.target is not None:
            return f"[{order.kind.value} {order.target[0]} {order.target[1]}]"
        return f"[{order.kind.value}]"
    return f"[{Act(action).name.lower()}]"


@cache
def soup_phrase(soup: SoupKey) -> str:
    onions, tomatoes = soup
    parts = []
    if onions:
        parts.append(f"{onions} onion{'s' if onions > 1 else ''}")
    if tomatoes:
        parts.append(f"{tomatoes} tomato{'es' if tomatoes > 1 else ''}")
    return " and ".join(parts) or "nothing"


def item_phrase(item: object) -> str:
    if item is None:
        return "nothing"
    if item.__class__ is Soup:
        return f"a soup of {soup_phrase(item.key)}"  # type: ignore[union-attr]
    return "an onion" if item == "onion" else f"a {item}"


def orders_phrase(k: Kitchen) -> str:
    """The orders, best first: "3 onions: 20 points, cooks 20 steps"."""
    book = k.recipes
    return "; ".join(
        f"{soup_phrase(o)}: {plain_number(book.order_value(o))} points,"
        f" cooks {book.cook_time(o)} steps" + (" (bonus order)" if o in book.bonus_orders else "")
        for o in sorted(book.orders, key=lambda o: (-book.order_value(o), o))
    )


def rules_summary(rules: OvercookedRules) -> str:
    k, config = rules.kitchen, rules.config
    orders = orders_phrase(k)
    start = (
        "a pot starts cooking when a chef with empty hands interacts with it (1-3 ingredients)"
        if config.dynamics == "new"
        else "a pot starts cooking by itself once it holds 3 ingredients"
    )
    lines = [
        f"Overcooked, kitchen {k.layout.name} ({k.width}x{k.height}), {k.num_players} chefs"
        f" working as one team for {config.horizon} steps. Coordinates are (x, y): x grows east,"
        " y grows south.",
        "Every step all chefs act at once. Moving turns you to face that way; you move only onto"
        " free floor, and if two chefs would end on the same cell or swap cells, neither moves."
        " Interact works on the tile you face: take an ingredient or a dish from a dispenser,"
        " put down or pick up on a counter, add an ingredient to a pot (at most 3), take a ready"
        " soup from a pot with a dish, deliver a soup at a serving window. You hold one item.",
        f"Cooking: {start}. Orders (the team scores a delivered soup that matches one; any other"
        f" soup scores 0): {orders}.",
    ]
    if rules.macro_mode:
        lines.append(
            "You may also give an order that is carried out over several steps: [get onion],"
            " [get tomato], [get dish], [put in pot], [start cooking], [take soup], [serve],"
            " [place on counter], [pick up from counter], [go to X Y], [wait]. You are asked"
            " again when it is done or has failed; only orders that can be done now are listed."
        )
    return "\n".join(lines)


#: Headers by (config, seat): the rules summary depends on nothing else (cleared when full).
_HEADERS: dict[tuple[Any, AgentId], str] = {}


def render_header(rules: OvercookedRules, viewer: AgentId) -> str:
    key = (rules.config, viewer)
    header = _HEADERS.get(key)
    if header is None:
        if len(_HEADERS) >= 256:
            _HEADERS.clear()
        chef = rules.seat_of[viewer]
        header = _HEADERS[key] = (
            f"You are chef {viewer}, shown as {chef} on the grid.\n{rules_summary(rules)}\n{LEGEND}"
        )
    return header


def render_event(event: Event, viewer: AgentId) -> str | None:
    data = event.data
    if data.__class__ is Delivery:
        return moderator(f"{data.player} delivered a soup: +{plain_number(data.points)} points.")
    if data.__class__ is Cooking:
        x, y = data.pot
        soup = soup_phrase((data.onions, data.tomatoes))
        return moderator(f"The pot at ({x}, {y}) started cooking {soup}.")
    if data.__class__ is OrderReport:
        target = f" {data.target[0]} {data.target[1]}" if data.target else ""
        if data.status == "done":
            return moderator(f"Your order [{data.order}{target}] is done.")
        return moderator(f"Your order [{data.order}{target}] failed: {data.reason}.")
    return None


def render_prompt(rules: OvercookedRules, viewer: AgentId, spec: ActionSpec[Any] | None) -> str:
    shown = _shown(rules)
    me = rules.seat_of[viewer]
    lines = [shown.snapshot(), shown.chef_line(me, True)]
    for other in range(rules.kitchen.num_players):
        if other != me:
            lines.append(shown.chef_line(other, False))
    if rules.is_truncated():
        lines.append("Time is up.")
    elif spec is not None:
        lines.append(forms_line(spec))
    else:
        running = rules.running[me]
        if running is not None:
            lines.append(f"Carrying out your order [{running.order.kind.value}].")
        else:
            lines.append("Waiting for the other chefs.")
    return "\n".join(lines)


def max_prompt_chars(rules: OvercookedRules) -> int:
    """An upper bound on a prompt's length, which the observation budget must hold whole: the
    grid, a line per pot and per chef, the longest item on every counter, the orders, the time,
    and the forms of a macro turn (one ``[go to X Y]`` per floor cell)."""
    k = rules.kitchen
    grid = (k.height + 1) * (3 * k.width + 4)
    counters, floors = k.terrain.count("X"), k.terrain.count(" ")
    return (
        400
        + grid
        + 56 * counters
        + 20 * floors
        + 128 * len(k.pots)
        + 160 * k.num_players
        + len(orders_phrase(k))
    )


def _shown(rules: OvercookedRules) -> KitchenText:
    shown = rules.__dict__.get("_shown")
    if shown is None:
        shown = rules.__dict__["_shown"] = KitchenText(rules)
    return shown


_ACTION_TOKENS = {action: f"[{action.name.lower()}]" for action in Act}


class KitchenText:
    """The kitchen's text for one game: the static grid is built once, the snapshot and chef
    lines once per kitchen step (the kitchen only changes when it ticks)."""

    def __init__(self, rules: OvercookedRules) -> None:
        self.rules = rules
        k = self.kitchen = rules.kitchen
        self.cells = [kind + " " for kind in k.terrain]
        self.header = "   " + "".join(f"{x:<2}" for x in range(k.width))
        self.orders = orders_phrase(k)
        self._tick = -1
        self._snapshot = ""
        self._chef_lines: dict[tuple[int, bool | None], str] = {}

    def _fresh(self) -> None:
        if self._tick != self.kitchen.timestep:
            self._tick = self.kitchen.timestep
            self._snapshot = ""
            self._chef_lines = {}

    def snapshot(self) -> str:
        self._fresh()
        if not self._snapshot:
            rules = self.rules
            self._snapshot = self._build_snapshot(
                rules.config.horizon, rules.score, rules.delivered
            )
        return self._snapshot

    def chef_line(self, chef: int, mine: bool) -> str:
        self._fresh()
        key = (chef, mine)
        line = self._chef_lines.get(key)
        if line is None:
            tail = self._chef_lines.get((chef, None))
            if tail is None:
                k = self.kitchen
                last = self.rules.last_action[chef]
                did = f"; last action {_ACTION_TOKENS[last]}" if last is not None else ""
                tail = self._chef_lines[(chef, None)] = (
                    f" at {_xy_text(k, k.pos[chef])} facing {DIRECTION_NAMES[k.facing[chef]]}"
                    f" and {{}} {item_phrase(k.held[chef])}{did}."
                )
            if mine:
                line = f"You ({chef}) are" + tail.format("hold")
            else:
                line = f"Chef {self.rules.players[chef]} ({chef}) is" + tail.format("holds")
            self._chef_lines[key] = line
        return line

    def _build_snapshot(self, horizon: int, score: float, delivered: int) -> str:
        """The kitchen as text: the grid, the pots, the counters, the orders, time and score."""
        k = self.kitchen
        cells = list(self.cells)
        for cell, item in k.objects.items():
            kind = k.terrain[cell]
            if item.__class__ is Soup:
                soup: Soup = item  # type: ignore[assignment]
                mark = str(soup.size) if soup.idle else ("!" if soup.ready else "~")
                cells[cell] = kind + (mark if kind == "P" else "s")
            else:
                cells[cell] = kind + _ITEM_LETTER[item]  # type: ignore[index]
        for chef, cell in enumerate(k.pos):
            cells[cell] = f"{chef}{_ARROWS[k.facing[chef]]}"
        w = k.width
        rows = [self.header]
        for y in range(k.height):
            rows.append(f"{y:<2} " + "".join(cells[y * w : (y + 1) * w]).rstrip())
        lines = ["\n".join(rows)]
        for cell in k.pots:
            soup = k.objects.get(cell)
            if soup is None:
                state = "empty"
            elif soup.idle:
                state = f"{soup_phrase(soup.key)}, not cooking"
            elif soup.ready:
                state = f"{soup_phrase(soup.key)}, ready"
            else:
                state = f"{soup_phrase(soup.key)}, cooking, ready in {soup.time_left} steps"
            lines.append(f"Pot at {_xy_text(k, cell)}: {state}.")
        counters = [
            f"{item_phrase(item)} at {_xy_text(k, cell)}"
            for cell, item in sorted(k.objects.items())
            if k.terrain[cell] == "X"
        ]
        lines.append(f"Counters: {'; '.join(counters) if counters else 'all free'}.")
        lines.append(f"Orders: {self.orders}.")
        lines.append(
            f"Step {k.timestep} of {horizon} ({horizon - k.timestep} left). Soups delivered:"
            f" {delivered}, score {plain_number(score)}."
        )
        return "\n".join(lines)


def _xy_text(k: Kitchen, cell: int) -> str:
    return f"({cell % k.width}, {cell // k.width})"
