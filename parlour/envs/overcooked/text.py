"""What Overcooked chefs read, and the action forms they write.

The observation's "Now" part is a snapshot of the kitchen, which both chefs read alike (the
match renders it once a tick): an ASCII grid (two characters a cell) with its legend, then a line
for each pot, the counters, the orders and the time left; then each chef's own part: a line for
each chef (position, facing, held item, last action) and the turn's forms. Nothing here runs
unless a seat's text is asked for: the rules keep no prose, and scripted and RL loops that never
read the text never render it.
"""

from __future__ import annotations

from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.numeric import plain_number
from parlour.core.text import GameText, counted, forms_line, moderator
from parlour.envs.overcooked.kitchen import DIRECTION_NAMES, Act, Kitchen, Soup
from parlour.envs.overcooked.layouts import SoupKey
from parlour.envs.overcooked.macros import Order
from parlour.envs.overcooked.model import Action, Cooking, Delivery, OrderReport
from parlour.envs.overcooked.rules import OvercookedRules

#: Version of the observation grammar (bumped whenever its wording or layout changes).
GRAMMAR_VERSION = 2
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
_ACTION_TOKENS = {action: f"[{action.name.lower()}]" for action in Act}
#: How a chef's line names its last move, without brackets (what it did is not a form to copy).
_ACTION_NAMES = {action: action.name.lower() for action in Act}
_ARROWS = "^v><"
_CELL = {kind: kind + " " for kind in "XPOTDS "}  # a cell of the grid with nothing on it
_ITEM_LETTER = {"onion": "o", "tomato": "t", "dish": "d"}


class OvercookedText(GameText[OvercookedRules, Action]):
    """Overcooked's text: the rules summary, event lines, the kitchen snapshot and the forms."""

    def render_header(self, rules: OvercookedRules, viewer: AgentId) -> str:
        chef = rules.seat_of[viewer]
        return (
            f"You are chef {viewer}, shown as {chef} on the grid.\n{rules_summary(rules)}\n{LEGEND}"
        )

    def render_public(self, event: Event) -> str | None:
        data = event.data
        if data.__class__ is Delivery:
            return moderator(f"{data.player} delivered a soup: +{counted(data.points, 'point')}.")
        if data.__class__ is Cooking:
            x, y = data.pot
            soup = soup_phrase((data.onions, data.tomatoes))
            return moderator(f"The pot at ({x}, {y}) started cooking {soup}.")
        return None

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        data = event.data
        if data.__class__ is not OrderReport:
            return None
        order = order_phrase(data.order, data.target)
        if data.status == "done":
            return moderator(f"Your order to {order} is done.")
        return moderator(f"Your order to {order} failed: {data.reason}.")

    def render_prompt(
        self, rules: OvercookedRules, viewer: AgentId, spec: ActionSpec[Any] | None
    ) -> str:
        k = rules.kitchen
        me = rules.seat_of[viewer]
        lines = [chef_line(rules, me, None)]
        for other in range(k.num_players):
            if other != me:
                lines.append(chef_line(rules, other, rules.players[other]))
        if rules.is_truncated():
            lines.append("Time is up.")
        elif spec is not None:
            lines.append(forms_line(spec))
        elif rules.running[me] is not None:
            running = rules.running[me].order
            lines.append(
                f"Carrying out your order to {order_phrase(running.kind.value, running.target)}."
            )
        else:
            lines.append("Waiting for the other chefs.")
        return "\n".join(lines)

    def render_situation(self, rules: OvercookedRules) -> str:
        """The kitchen snapshot, which both chefs read alike: rendered once a tick."""
        return kitchen_snapshot(rules)

    def situation_key(self, rules: OvercookedRules) -> object:
        """The kitchen changes only when a tick resolves, which advances its clock."""
        return rules.kitchen.timestep

    def format_action(self, action: Action) -> str:
        return format_action(action)

    def max_prompt_chars(self, rules: OvercookedRules) -> int:
        """An upper bound on a prompt's length, which the observation budget must hold whole:
        the grid, a line per pot and per chef, the longest item on every counter, the orders,
        the time, and the forms of a macro turn (one ``[go to X Y]`` per floor cell)."""
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


def format_action(action: Action) -> str:
    """The canonical token of a chef's action: ``[north]``, ``[get onion]``, ``[go to 2 1]``."""
    if action.__class__ is Order:
        order: Order = action  # type: ignore[assignment]
        if order.target is not None:
            return f"[{order.kind.value} {order.target[0]} {order.target[1]}]"
        return f"[{order.kind.value}]"
    return _ACTION_TOKENS[action]  # (an Act, or its overcooked_ai index)


def order_phrase(order: str, target: tuple[int, int] | None) -> str:
    """A macro order as a sentence names it, without brackets (a past order need not be legal
    now): ``get onion``, ``go to (3, 1)``."""
    return f"{order} ({target[0]}, {target[1]})" if target else order


def soup_phrase(soup: SoupKey) -> str:
    """``"3 onions"``, ``"1 onion and 2 tomatoes"``, ``"nothing"``."""
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
    return "; ".join(
        f"{soup_phrase(item.soup)}: {counted(item.value, 'point')},"
        f" cooks {counted(item.cook_time, 'step')}" + (" (bonus order)" if item.bonus else "")
        for item in k.recipes.menu
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
        f" working as one team for {counted(config.horizon, 'step')}. Coordinates are (x, y): x"
        " grows east,"
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
            "You may also give an order that is carried out over several steps: get onion, get"
            " tomato, get dish, put in pot, start cooking, take soup, serve, place on counter,"
            " pick up from counter, go to a floor cell (by its x and y), or wait. Each turn lists"
            " the orders that can be done now beside the moves; you are asked again when an order"
            " is done or has failed."
        )
    return "\n".join(lines)


def kitchen_snapshot(rules: OvercookedRules) -> str:
    """The kitchen as text: the grid, the pots, the counters, the orders, time and score."""
    k = rules.kitchen
    lines = [kitchen_grid(k)]
    objects = k.objects
    for cell in k.pots:
        soup = objects.get(cell)
        if soup is None:
            state = "empty"
        elif soup.idle:  # type: ignore[union-attr]
            state = f"{soup_phrase(soup.key)}, not cooking"  # type: ignore[union-attr]
        elif soup.ready:  # type: ignore[union-attr]
            state = f"{soup_phrase(soup.key)}, ready"  # type: ignore[union-attr]
        else:
            left = soup.time_left  # type: ignore[union-attr]
            state = f"{soup_phrase(soup.key)}, cooking, ready in {counted(left, 'step')}"  # type: ignore[union-attr]
        lines.append(f"Pot at {_xy_text(k, cell)}: {state}.")
    terrain = k.terrain
    counters = [
        f"{item_phrase(item)} at {_xy_text(k, cell)}"
        for cell, item in sorted(objects.items())
        if terrain[cell] == "X"
    ]
    lines.append(f"Counters: {'; '.join(counters) if counters else 'all free'}.")
    lines.append(f"Orders: {orders_phrase(k)}.")
    horizon, now = rules.config.horizon, k.timestep
    lines.append(
        f"Step {now} of {horizon} ({horizon - now} left). Soups delivered:"
        f" {rules.delivered}, score {plain_number(rules.score)}."
    )
    return "\n".join(lines)


def kitchen_grid(k: Kitchen) -> str:
    """The grid, two characters a cell, under a row of column numbers."""
    terrain = k.terrain
    cells = list(map(_CELL.__getitem__, terrain))
    for cell, item in k.objects.items():
        kind = terrain[cell]
        if item.__class__ is Soup:
            soup: Soup = item  # type: ignore[assignment]
            if kind != "P":
                cells[cell] = kind + "s"
            else:
                cells[cell] = kind + (str(soup.size) if soup.idle else "!" if soup.ready else "~")
        else:
            cells[cell] = kind + _ITEM_LETTER[item]  # type: ignore[index]
    facing = k.facing
    for chef, cell in enumerate(k.pos):
        cells[cell] = f"{chef}{_ARROWS[facing[chef]]}"
    w = k.width
    rows = ["   " + "".join(map("{:<2}".format, range(w)))]
    for y in range(k.height):
        rows.append(f"{y:<2} " + "".join(cells[y * w : (y + 1) * w]).rstrip())
    return "\n".join(rows)


def chef_line(rules: OvercookedRules, chef: int, name: AgentId | None) -> str:
    """A chef's line: where it stands and faces, what it holds, its last action; ``name`` None
    for the reader's own line."""
    k = rules.kitchen
    last = rules.last_action[chef]
    did = f"; last action: {_ACTION_NAMES[last]}" if last is not None else ""
    place = f"at {_xy_text(k, k.pos[chef])} facing {DIRECTION_NAMES[k.facing[chef]]}"
    held = item_phrase(k.held[chef])
    if name is None:
        return f"You ({chef}) are {place} and hold {held}{did}."
    return f"Chef {name} ({chef}) is {place} and holds {held}{did}."


def _xy_text(k: Kitchen, cell: int) -> str:
    return f"({cell % k.width}, {cell // k.width})"
