"""What bidders read, and the action forms they write."""

from __future__ import annotations

import functools
from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.numeric import plain_number
from parlour.core.text import MODERATOR, forms_line, moderator
from parlour.envs.auction.model import (
    Accept,
    Action,
    AuctionConfig,
    Bid,
    EventKind,
    Format,
    Phase,
    ValueModel,
    Visibility,
    Wait,
    Withdraw,
)
from parlour.envs.auction.rules import AuctionRules

_FORMATS = {
    Format.ENGLISH: (
        "Items are sold one after another in open ascending rounds. In each round every bidder"
        " still in, except the current high bidder, bids at least the high bid plus the minimum"
        " raise ({raise_pct:.0%} of the starting price) or withdraws from this item for good. When"
        " a round brings no new bid, the high bidder buys the item at its bid; equal top bids are"
        " settled by a random draw."
    ),
    Format.FIRST_PRICE: (
        "Each item is sold by one sealed bid from everyone at once; the highest bid wins and pays"
        " its bid."
    ),
    Format.SECOND_PRICE: (
        "Each item is sold by one sealed bid from everyone at once; the highest bid wins and pays"
        " the second-highest bid (or the reserve)."
    ),
    Format.ALL_PAY: (
        "Each item is sold by one sealed bid from everyone at once; the highest bid wins, and"
        " everyone pays their bid."
    ),
    Format.DUTCH: (
        "Each item is offered on a descending clock: every tick all bidders decide at once whether"
        " to accept the current price; the first to accept buys at that price. Until someone"
        " does, the clock keeps falling; below the reserve (0 without one) the item goes unsold."
    ),
}


def rules_summary(rules: AuctionRules) -> str:
    return _summary(rules.config)


@functools.lru_cache(maxsize=32)  # the same for every seat and game of one config
def _summary(config: AuctionConfig) -> str:
    lines = [
        f"{config.num_bidders} bidders, {config.num_items} items. "
        + _FORMATS[config.format].format(raise_pct=config.min_raise)
    ]
    if config.reserve and config.format is not Format.ENGLISH:
        lines.append(f"No item is sold below the reserve price of {plain_number(config.reserve)}.")
    if config.value_model is ValueModel.AUCARENA:
        lines.append(
            "Each item has a true (resale) value you do not know; you see your own estimate of it."
            + (" The true value is announced after each sale." if config.reveal_true_value else "")
        )
    elif config.value_model is ValueModel.PRIVATE:
        lines.append("Each bidder has its own value for each item, known only to itself.")
    else:
        lines.append(
            "Each item has one common value; each bidder sees only a noisy signal of it."
            + (" The value is announced after each sale." if config.reveal_true_value else "")
        )
    visibility = {
        Visibility.FULL: "After each round everyone sees every bid and who made it.",
        Visibility.ANONYMOUS: (
            "After each round everyone sees the bids, but not who made them (nor who holds the"
            " high bid); each sale names its winner and price. Every bidder takes every round's"
            " turn, those who cannot bid with [wait] only."
        ),
        Visibility.WINNER_ONLY: (
            "Only each sale's winner and price are announced; you see your own bids. Every bidder"
            " takes every round's turn, those who cannot bid with [wait] only."
        ),
    }[config.visibility]
    start = (
        "Budgets may differ: each bidder knows only its own."
        if config.budgets is not None
        else "Every bidder starts with the same budget."
    )
    budget = (
        f"{start} A bid above your remaining budget is invalid; budgets are charged only for what"
        " you pay. Every bidder takes part in every item, whatever it has left."
    )
    lines += [visibility, budget, "Your profit on an item is its value to you minus what you pay."]
    return "\n".join(lines)


def render_header(rules: AuctionRules, viewer: AgentId) -> str:
    start = rules.start_budget[viewer]
    budget = "unlimited" if start is None else f"{start:.2f}"
    objective = {
        "profit": "maximise your total profit",
        "items": "win as many items as you can without overpaying",
    }[rules.objective[viewer]]
    return (
        f"# Auction - you are {viewer}\n{rules_summary(rules)}\n\n## Your card\n"
        f"Budget: {budget}. Objective: {objective}.\n{rules.values_line(viewer)}"
    )


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


# Members read once: on CPython 3.11 every read of a member off its enum class (EventKind.ROUND)
# goes through EnumType.__getattr__'s slow path, and these run for every line and prompt.
_ROUND, _BIDS, _ITEM, _OVER = EventKind.ROUND, EventKind.BIDS, EventKind.ITEM, Phase.OVER
_AUCARENA, _PRIVATE = ValueModel.AUCARENA, ValueModel.PRIVATE


def render_event(event: Event, viewer: AgentId) -> str | None:
    data, kind = event.data, event.kind
    if kind == _ROUND:  # the most frequent first
        if "price" in data:
            return f"{MODERATOR}Clock price: {data['price']:.2f}."
        if data.get("high") is not None:
            by = f" by {data['high_bidder']}" if "high_bidder" in data else ""
            return (
                f"{MODERATOR}Round {data['round']}: high bid {data['high']:.2f}{by};"
                f" the minimum bid is {data['minimum']:.2f}."
            )
        if "minimum" in data:
            return f"{MODERATOR}Round {data['round']}: the minimum bid is {data['minimum']:.2f}."
        return f"{MODERATOR}Sealed bids, please."
    if kind == _BIDS:
        if "bids" in data:
            shown = "; ".join(
                f"{p}: {_money(b) if b is not None else 'withdrew'}"
                for p, b in data["bids"].items()
            )
            return f"{MODERATOR}Bids: {shown}."
        return moderator(
            f"Bids (anonymous): {', '.join(_money(b) for b in data['amounts']) or 'none'}."
        )
    if kind == _ITEM:
        start = f" Starting price {data['start']:.2f}." if data["start"] else ""
        return f"{MODERATOR}Now selling {data['name']} ({data['left']} left).{start}"
    if kind == EventKind.OWN_BID:
        return moderator(
            f"Your bid: {_money(data['amount']) if data['amount'] is not None else 'none'}."
        )
    if kind == EventKind.SALE:
        value = f" True value: {data['true_value']:.2f}." if data["true_value"] is not None else ""
        if data["winner"] is None:
            return moderator(f"Item {data['item'] + 1} is not sold.{value}")
        return moderator(
            f"Item {data['item'] + 1} sold to {data['winner']} for {data['price']:.2f}.{value}"
        )
    if kind == EventKind.PAYMENT:
        return moderator(f"You paid {data['paid']:.2f} and gained {data['gained']:.2f}.")
    if kind == EventKind.GAME_OVER:
        profits = ", ".join(f"{p}: {v:.2f}" for p, v in data["profit"].items())
        return moderator(f"The auction is over. Profits: {profits}.")
    return None


def render_prompt(rules: AuctionRules, viewer: AgentId, spec: ActionSpec[Any] | None) -> str:
    if rules.phase is _OVER:
        return "The auction is over."
    item = rules.item
    config = rules.config
    model = config.value_model
    what = "estimate" if model is _AUCARENA else "value" if model is _PRIVATE else "signal"
    budget = None if rules.start_budget[viewer] is None else rules.budget[viewer]
    situation = _situation(item.name, what, item.shown[viewer], budget)
    if spec is None:
        return f"{situation} Waiting for the other bidders."
    if not rules.may_bid(viewer):  # a turn taken only so the turns tell nothing
        why = "You hold the high bid" if rules.holds_high_bid(viewer) else "You are out of it"
        return f"{situation} {why}: wait for the others.\n{forms_line(spec)}"
    return f"{situation} Your move.\n{forms_line(spec)}"


@functools.lru_cache(maxsize=1024)  # the same every round of an item
def _situation(name: str, what: str, shown: float, budget: float | None) -> str:
    left = "" if budget is None else f" Your remaining budget: {budget:.2f}."
    return f"{name}: your {what} {shown:.2f}.{left}"


def format_action(action: Action) -> str:
    if isinstance(action, Bid):
        return f"[bid {plain_number(action.amount)}]"
    if isinstance(action, Withdraw):
        return "[withdraw]"
    if isinstance(action, Accept):
        return "[accept]"
    if isinstance(action, Wait):
        return "[wait]"
    raise TypeError(f"not an auction action: {action!r}")
