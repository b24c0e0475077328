"""What bidders read, and the action forms they write: :class:`AuctionText`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event, Payload
from parlour.core.number_forms import shown_bounds
from parlour.core.numeric import plain_number
from parlour.core.text import GameText, counted, forms_line, moderator
from parlour.envs.auction.model import (
    Accept,
    Action,
    AnonymousBids,
    AuctionConfig,
    Bid,
    Bids,
    ClockTick,
    EnglishRound,
    Format,
    GameOver,
    ItemUp,
    NamedEnglishRound,
    OwnBid,
    Payment,
    Phase,
    PriceCut,
    Round,
    Sale,
    ValueModel,
    Visibility,
    Wait,
    Withdraw,
)

if TYPE_CHECKING:
    from parlour.envs.auction.rules import AuctionRules

_FORMATS = {
    Format.ENGLISH: (
        "Items are sold one after another in open ascending rounds. In each round every bidder"
        " still in, except the current high bidder, bids at least the high bid plus the minimum"
        " raise ({raise_pct:.0%} of the starting price{whole}) or withdraws from this item for"
        " good. When a round brings no new bid, the high bidder buys the item at its bid; equal"
        " top bids are settled by a random draw."
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


_OBJECTIVES = {
    "profit": "maximise your total profit",
    "items": "win as many items as you can without overpaying",
}
_VALUES_LABEL = {
    ValueModel.AUCARENA: "Your estimates of the items' values",
    ValueModel.PRIVATE: "What the items are worth to you",
    ValueModel.COMMON: "Your signals of the items' common values",
}
#: What the value model calls a bidder's worth of an item (its prompt, card and window).
VALUE_WORD = {
    ValueModel.AUCARENA: "estimate",
    ValueModel.PRIVATE: "value",
    ValueModel.COMMON: "signal",
}


class AuctionText(GameText["AuctionRules", Action]):
    """The auction's prose: the rules summary and each bidder's card, one moderator line per
    event (bids shown as the visibility option allows), the prompt and the action tokens."""

    def render_header(self, rules: AuctionRules, viewer: AgentId) -> str:
        start = rules.start_budget[viewer]
        budget = "unlimited" if start is None else f"{start:.2f}"
        objective = _OBJECTIVES[rules.objective[viewer]]
        return (
            f"# Auction - you are {viewer}\n{rules_summary(rules.config)}\n\n## Your card\n"
            f"Budget: {budget}. Objective: {objective}.\n{values_line(rules, viewer)}"
        )

    def render_public(self, event: Event) -> str | None:
        return _PUBLIC[event.data.__class__](event.data)

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        data = event.data
        if isinstance(data, OwnBid):
            bid = "none" if data.amount is None else f"{data.amount:.2f}"
            return moderator(f"Your bid: {bid}.")
        if isinstance(data, Payment):
            return moderator(payment_line(data))
        return None  # the card: the header shows it

    def render_prompt(
        self, rules: AuctionRules, viewer: AgentId, spec: ActionSpec[Any] | None
    ) -> str:
        if rules.phase is Phase.OVER:
            return "The auction is over."
        item = rules.item
        what = VALUE_WORD[rules.config.value_model]
        left = ""
        if rules.start_budget[viewer] is not None and rules.config.show_budget_left:
            left = f" Your remaining budget: {rules.budget[viewer]:.2f}."
        name = item.name[:1].upper() + item.name[1:]  # the prompt's first word
        situation = f"{name}: your {what} {item.shown[viewer]:.2f}.{left}"
        if spec is None:
            return f"{situation} Waiting for the other bidders."
        if not rules.may_bid(viewer):  # a turn taken only so the turns tell nothing
            why = "You hold the high bid" if rules.holds_high_bid(viewer) else "You are out of it"
            return f"{situation} {why}: wait for the others.\n{forms_line(spec)}"
        if rules.config.format is Format.DUTCH:  # the price on offer now
            situation += (
                f" The clock is at {rules.clock:.2f}: accept to buy the item at that price, or"
                " wait for it to fall."
            )
        if not rules.config.show_budget_left and spec.legal.numbers:
            return f"{situation} Your move.\n{_forms_without_top(spec)}"
        return f"{situation} Your move.\n{forms_line(spec)}"

    def format_action(self, action: Action) -> str:
        return format_action(action)


def payment_line(data: Payment) -> str:
    """What a bidder paid for the item just sold and what that did to its profit. ``gained`` is
    the item's worth to the winner, 0 for an all-pay loser's bid: "gained" alone read as profit
    (``You paid 10000.00 and gained 3355.00`` was a loss of 6645)."""
    profit = data.gained - data.paid
    if data.gained:
        return (
            f"You paid {data.paid:.2f} for an item worth {data.gained:.2f} to you:"
            f" profit {profit:.2f}."
        )
    return f"You paid {data.paid:.2f} and gained nothing: profit {profit:.2f}."


def rules_summary(config: AuctionConfig) -> str:
    """The rules as every bidder reads them, for one config."""
    lines = [
        f"{config.num_bidders} bidders, {counted(config.num_items, 'item')}. "
        + _FORMATS[config.format].format(
            raise_pct=config.min_raise,
            whole=", cut to a whole number" if config.whole_raise else "",
        )
    ]
    if config.discount:
        times = counted(config.max_discounts, "time")
        lines.append(
            f"When nobody bids on an item, its starting price drops by {config.discount:.0%} (to a"
            f" whole number) and every bidder may bid again, at most {times} an item; after"
            " that it goes unsold."
        )
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
            " turn: one who cannot bid just waits."
        ),
        Visibility.WINNER_ONLY: (
            "Only each sale's winner and price are announced; you see your own bids. Every bidder"
            " takes every round's turn: one who cannot bid just waits."
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
    if not config.show_budget_left:
        budget += " Your remaining budget is not restated: keep track of it yourself."
    lines += [visibility, budget, "Your profit on an item is its value to you minus what you pay."]
    return "\n".join(lines)


def values_line(rules: AuctionRules, agent: AgentId) -> str:
    """``agent``'s private values in one line (the card shows it; leak tests look for it),
    by item number only, so that hundreds of items still fit the observation budget; a fixed
    list's items also by name (and English starting price), in their order of sale."""
    label = _VALUES_LABEL[rules.config.value_model]
    if rules.config.item_list is not None:
        english = rules.config.format is Format.ENGLISH  # (only English items have one)
        values = "; ".join(
            f"{item.index + 1}: {item.name}"
            + (f" (starting price {item.start:.2f})" if english else "")
            + f" {item.shown[agent]:.2f}"
            for item in rules.items
        )
        return f"{label}, by item number (the order of sale): {values}."
    values = "; ".join(f"{item.index + 1}: {item.shown[agent]:.2f}" for item in rules.items)
    return f"{label}, by item number: {values}."


def _forms_without_top(spec: ActionSpec[Any]) -> str:
    """The forms of a bidding turn with the bid's lower bound only (``show_budget_left=False``:
    the upper bound is the remaining budget, which the prompt does not restate)."""
    rule = spec.legal.numbers[0]
    low, _ = shown_bounds(rule)
    kind = "a whole number" if rule.integer else "a number"
    forms = [f"{rule.verb} and {kind} of at least {low}, e.g. [{rule.verb} {low}]", *spec.choices]
    return f"Reply with {' | '.join(forms)}"


def format_action(action: Action) -> str:
    """The canonical token of an action: ``[bid N]`` (N in full), ``[withdraw]``, ``[accept]``,
    ``[wait]``."""
    if isinstance(action, Bid):
        return f"[bid {plain_number(action.amount)}]"
    if isinstance(action, Withdraw):
        return "[withdraw]"
    if isinstance(action, Accept):
        return "[accept]"
    if isinstance(action, Wait):
        return "[wait]"
    raise TypeError(f"not an auction action: {action!r}")


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


# -- public event lines, one function per payload class -----------------------------------------
def _item_line(data: ItemUp) -> str:
    start = f" Starting price {data.start:.2f}." if data.start else ""
    return moderator(f"Now selling {data.name} ({data.left} left).{start}")


def _sealed_round_line(data: Round) -> str:
    return moderator("Sealed bids, please.")


def _clock_line(data: ClockTick) -> str:
    return moderator(f"Clock price: {data.price:.2f}.")


def _english_round_line(data: EnglishRound) -> str:
    if data.high is None:
        return moderator(f"Round {data.round}: the minimum bid is {data.minimum:.2f}.")
    by = f" by {data.high_bidder}" if isinstance(data, NamedEnglishRound) else ""
    return moderator(
        f"Round {data.round}: high bid {data.high:.2f}{by}; the minimum bid is {data.minimum:.2f}."
    )


def _bids_line(data: Bids) -> str:
    shown = "; ".join(
        f"{p}: {_money(b) if b is not None else 'withdrew'}" for p, b in data.bids.items()
    )
    return moderator(f"Bids: {shown}.")


def _anonymous_bids_line(data: AnonymousBids) -> str:
    return moderator(f"Bids (anonymous): {', '.join(_money(b) for b in data.amounts) or 'none'}.")


def _price_cut_line(data: PriceCut) -> str:
    return moderator(
        f"Nobody bid on {data.name}: it starts again at {data.start:.2f} (discount {data.cut})."
    )


def _sale_line(data: Sale) -> str:
    value = f" True value: {data.true_value:.2f}." if data.true_value is not None else ""
    if data.winner is None:
        return moderator(f"Item {data.item + 1} is not sold.{value}")
    return moderator(f"Item {data.item + 1} sold to {data.winner} for {data.price:.2f}.{value}")


def _game_over_line(data: GameOver) -> str:
    profits = ", ".join(f"{p}: {v:.2f}" for p, v in data.profit.items())
    return moderator(f"The auction is over. Profits: {profits}.")


#: The line of each public payload class.
_PUBLIC: dict[type[Payload], Callable[[Any], str]] = {
    ItemUp: _item_line,
    Round: _sealed_round_line,
    ClockTick: _clock_line,
    EnglishRound: _english_round_line,
    NamedEnglishRound: _english_round_line,
    Bids: _bids_line,
    AnonymousBids: _anonymous_bids_line,
    PriceCut: _price_cut_line,
    Sale: _sale_line,
    GameOver: _game_over_line,
}
