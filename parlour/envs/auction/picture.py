"""The auction view: the item on the block, the bids, the viewer's budget and value, and the sales.

Every format and option draws: English rounds show the minimum bid, Dutch ticks the clock price,
sealed formats their sealed round. Bids are drawn from the viewer's own events, and a bidder's
name only where the visibility option shows it: ``full`` names every bid; ``anonymous`` shows the
amounts without bidders; ``winner_only`` shows only the viewer's own bid (the sales list still
names each winner and price, which every option announces). The viewer's card (budget, private
values) comes from the card dealt to them; the god view lists every bidder's card and bid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pygame

from parlour.core.events import Event
from parlour.core.number_forms import shown_bounds
from parlour.core.text import listed
from parlour.envs.auction.model import (
    AnonymousBids,
    Bids,
    Card,
    ClockTick,
    EnglishRound,
    ItemUp,
    NamedEnglishRound,
    OwnBid,
    Round,
    Sale,
)
from parlour.envs.auction.text import VALUE_WORD
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, since_last, visible_events
from parlour.renderers.picture import Outcome, Picture
from parlour.renderers.quick import (
    QuickAction,
    bound_actions,
    for_people,
    grouped,
    number_action,
    run_choice,
)

#: The visibility option that names bidders (the others hide them; see the game's docs page).
FULL = "full"
WINNER_ONLY = "winner_only"


@dataclass
class Ladder:
    """The newest round's bids as the viewer knows them: named bids (the viewer's own, or
    everyone's where bidders are shown) and amounts without bidders (anonymous rounds)."""

    named: dict[str, float] = field(default_factory=dict)
    unnamed: list[float] = field(default_factory=list)
    item: int | None = None  # the index of the item they were bids on

    @classmethod
    def from_events(cls, events: list[Event]) -> Ladder:
        """The bids of the newest resolved round: the own-bid and bids events a round resolves
        into are logged together, so a bid event after any other event starts a new batch."""
        ladder, batch_open, item = cls(), False, None
        for event in events:
            data = event.data
            if not isinstance(data, (Bids, AnonymousBids, OwnBid)):
                batch_open = False
                if isinstance(data, ItemUp):
                    item = data.index
                continue
            if not batch_open:
                ladder, batch_open = cls(item=item), True
            if isinstance(data, OwnBid):
                if data.amount is not None:
                    ladder.named[data.player] = float(data.amount)
            elif isinstance(data, Bids):
                ladder.named.update({p: float(b) for p, b in data.bids.items() if b is not None})
            else:
                ladder.unnamed = [float(b) for b in data.amounts]
        if ladder.named and ladder.unnamed:  # the named ones are among the anonymous amounts
            rest = list(ladder.unnamed)
            for amount in ladder.named.values():
                if amount in rest:
                    rest.remove(amount)
            ladder.unnamed = rest
        return ladder

    def rows(self) -> list[tuple[str | None, float]]:
        """(bidder or None, amount), highest first."""
        rows: list[tuple[str | None, float]] = [*self.named.items()]
        rows += [(None, amount) for amount in self.unnamed]
        return sorted(rows, key=lambda row: -row[1])


class AuctionPicture(Picture):
    moments = (Sale,)
    scenes = (ItemUp,)

    def quick_actions(self, match: Any, viewer: str, spec: Any) -> list[QuickAction]:
        if not spec.legal.numbers:
            return clock_runs(match, viewer, self.clock(match, viewer))
        return quick_bids(match, viewer, spec)

    def clock(self, match: Any, viewer: str) -> tuple[int, float] | None:
        """A Dutch item's clock: the item on the block and its newest (public) tick."""
        events = visible_events(match, viewer)
        newest = last_of(events, ItemUp.kind, Round.kind, Sale.kind, "game_over")
        item = last_of(events, ItemUp.kind)
        if item is None or newest is None or not isinstance(newest.data, ClockTick):
            return None
        return item.data.index, float(newest.data.price)

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        return auction_outcome(match, viewer)

    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        events = visible_events(match, viewer)
        option = match.rules.config.visibility  # a public option: every seat's rules state it
        visibility = str(getattr(option, "value", option))
        names_shown = viewer == GOD or visibility == FULL
        item = last_of(events, "item")
        title = "Auction"
        if item is not None:
            title = f"Auction - {item.data.name} on the block ({item.data.left} left)"
        draw.text(surface, title, (area.left + 12, area.top + 8), 26, bold=True)
        ladder = pygame.Rect(area.left + 12, area.top + 46, area.width * 3 // 5, area.height // 2)
        self._ladder(surface, ladder, events, item, names_shown, visibility)
        cards = pygame.Rect(
            ladder.right + 12, ladder.top, area.right - ladder.right - 24, ladder.height
        )
        word = VALUE_WORD[match.rules.config.value_model]  # (a public option)
        self._cards(surface, cards, events, viewer, item, word)
        history = pygame.Rect(
            area.left + 12, ladder.bottom + 12, area.width - 24, area.bottom - ladder.bottom - 24
        )
        self._history(surface, history, events)

    def _ladder(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        events: list[Event],
        item: Event | None,
        names_shown: bool,
        visibility: str,
    ) -> None:
        """The newest round's bids: this item's, else the last item's (a sealed or Dutch item
        is sold the moment its bids are in, so its bids show while the next is on the block)."""
        pygame.draw.rect(surface, draw.PANEL, rect, border_radius=6)
        draw.text(surface, "Bids", (rect.left + 8, rect.top + 6), 20, bold=True)
        round_event = last_of(since_last(events, "item"), "round")
        if round_event is not None:
            line = _round_line(round_event.data, names_shown, visibility)
            draw.text(surface, line, (rect.left + 70, rect.top + 8), 17, draw.MUTED)
        newest = Ladder.from_events(events)
        rows = newest.rows()
        if rows and item is not None and newest.item != item.data.index:
            caption = f"item {(newest.item or 0) + 1}'s bids (sold or passed):"
            draw.text(surface, caption, (rect.left + 8, rect.top + 32), 17, draw.MUTED)
            rect = rect.inflate(0, -22).move(0, 11)
        top = max((amount for _, amount in rows), default=0.0) or 1.0
        row = max(8, min(30, (rect.height - 40) // max(len(rows), 1)))
        for i, (bidder, amount) in enumerate(rows):
            y = rect.top + 34 + i * row
            if y + row > rect.bottom:
                break
            label = bidder if bidder is not None else "(a bidder)"
            draw.text(surface, label, (rect.left + 8, y + 4), 17)
            width = max(1, int((rect.width - 190) * max(amount, 0.0) / top))
            bar = pygame.Rect(rect.left + 100, y + 2, width, max(2, row - 6))
            color = draw.seat_color(draw.seat_index(bidder)) if bidder else draw.MUTED
            pygame.draw.rect(surface, color, bar)
            draw.text(surface, for_people(amount), (bar.right + 6, y + 4), 17)
        if not rows and item is not None:
            draw.text(surface, _waiting_line(item, round_event), (rect.left + 8, rect.top + 40), 18)

    @staticmethod
    def _cards(
        surface: pygame.Surface,
        rect: pygame.Rect,
        events: list[Event],
        viewer: str,
        item: Event | None,
        word: str,
    ) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect, border_radius=6)
        paid: dict[str, float] = {}
        for event in events:
            if event.kind == "payment":
                player = event.data.player
                paid[player] = paid.get(player, 0.0) + float(event.data.paid)
        cards = [e.data for e in events if e.kind == "card"]
        heading = "Cards" if viewer == GOD else "Your card"
        draw.text(surface, heading, (rect.left + 8, rect.top + 6), 20, bold=True)
        y = rect.top + 32
        index = item.data.index if item is not None else None
        for card in cards:
            for line in _card_lines(card, paid, index, word):
                if y + 18 > rect.bottom:
                    return
                draw.text(surface, line, (rect.left + 8, y), 17)
                y += 19

    @staticmethod
    def _history(surface: pygame.Surface, rect: pygame.Rect, events: list[Event]) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect, border_radius=6)
        draw.text(surface, "Sales", (rect.left + 8, rect.top + 6), 20, bold=True)
        y = rect.top + 30
        for event in [e for e in events if e.kind == "sale"][-12:]:
            if y > rect.bottom - 18:
                break
            sale = event.data
            sold = "unsold"
            if sale.winner is not None:
                sold = f"{sale.winner} for {for_people(float(sale.price))}"
            line = f"item {sale.item + 1}: {sold}"
            draw.text(surface, line, (rect.left + 8, y), 17)
            y += 19
        over = last_of(events, "game_over")
        if over is not None and over.data.profit:
            profit = over.data.profit
            best = max(profit, key=lambda p: profit[p])
            draw.text(
                surface,
                f"Game over: most profit {best} ({for_people(float(profit[best]))})",
                (rect.left + 8, rect.bottom - 24),
                20,
                draw.ACCENT,
                bold=True,
            )


def _round_line(data: Round, names_shown: bool, visibility: str) -> str:
    """What the newest round or clock tick says: a Dutch tick its price, an English round its
    minimum (and the high bid once there is one), a sealed round neither. The high bidder is
    named only where bidders are shown, and the high bid itself only where bids are (not
    ``winner_only``)."""
    if isinstance(data, ClockTick):
        return f"clock price {for_people(float(data.price))}"
    if not isinstance(data, EnglishRound):
        return f"round {data.round}: sealed bids"
    line = f"round {data.round}, minimum {for_people(float(data.minimum))}"
    if data.high is not None and (names_shown or visibility != WINNER_ONLY):
        line += f", high {for_people(float(data.high))}"
        if names_shown and isinstance(data, NamedEnglishRound) and data.high_bidder is not None:
            line += f" by {data.high_bidder}"
    return line


def _waiting_line(item: Event, round_event: Event | None) -> str:
    """The ladder's line before any bid of this item is known."""
    if round_event is not None and isinstance(round_event.data, ClockTick):
        return "nobody has accepted yet"
    if round_event is not None and not isinstance(round_event.data, EnglishRound):
        return "sealed bids: waiting for the round's result"
    return f"opening price {for_people(float(item.data.start))}"


def _card_lines(card: Card, paid: dict[str, float], index: int | None, word: str) -> list[str]:
    """A dealt card as the frame shows it: remaining budget (or unlimited), this item's value
    (``word``: value, estimate or signal, as the text calls it), the objective."""
    player = card.player
    money = (
        "budget unlimited"
        if card.budget is None
        else f"budget {for_people(float(card.budget) - paid.get(player, 0.0))}"
    )
    values = card.values
    value = (
        f", {word} {for_people(float(values[index]))}"
        if index is not None and index < len(values)
        else ""
    )
    return [f"{player}: {money}{value}", f"  objective: {card.objective}"]


def quick_bids(match: Any, viewer: str, spec: Any) -> list[QuickAction]:
    """A bid turn's one-click bids: the least bid allowed, the viewer's value of the item on the
    block (where it is a legal bid) and all it may bid."""
    events = visible_events(match, viewer)
    item = last_of(events, "item")
    card = next((e.data for e in events if e.kind == "card" and e.data.player == viewer), None)
    choices: list[QuickAction] = []
    word = VALUE_WORD[match.rules.config.value_model]  # (a public option)
    for rule in spec.legal.numbers:
        low, high = bound_actions(rule)
        shown_low, shown_high = shown_bounds(rule)
        least = "minimum bid" if rule.low > 0 else "bid"
        choices.append(QuickAction(f"{least} {grouped(shown_low)}", low))
        if card is not None and item is not None and item.data.index < len(card.values):
            value = float(card.values[item.data.index])
            if rule.low < value < rule.high:
                label = f"your {word} {for_people(value)}"
                choices.append(QuickAction(label, number_action(rule, value)))
        choices.append(QuickAction(f"all-in {grouped(shown_high)}", high))
    return choices


#: The shares of the bidder's value a Dutch turn offers to let the clock run down to.
RUN_SHARES = ((1.0, "your {word}"), (0.9, "90% of it"), (0.75, "75%"))


def clock_runs(match: Any, viewer: str, clock: tuple[int, float] | None) -> list[QuickAction]:
    """A Dutch turn's "wait until" choices: let the clock run down to the viewer's value of the
    item (or estimate, or signal), or to 90 or 75% of it, where that is below the clock now."""
    events = visible_events(match, viewer)
    card = next((e.data for e in events if e.kind == "card" and e.data.player == viewer), None)
    if clock is None or card is None or clock[0] >= len(card.values):
        return []
    word = VALUE_WORD[match.rules.config.value_model]  # (a public option)
    value = float(card.values[clock[0]])
    return [
        run_choice(
            f"wait until {for_people(value * share)} ({name.format(word=word)})", value * share
        )
        for share, name in RUN_SHARES
        if round(value * share, 2) < clock[1]
    ]


def auction_outcome(match: Any, viewer: str) -> Outcome | None:
    """The end in words: who made the most profit, the viewer's place (ties as ties), profit
    and items. Profits are ranked as people read them, to the cent."""
    events = visible_events(match, viewer)
    over = last_of(events, "game_over")
    if over is None:
        return None
    profit = {p: float(v) for p, v in over.data.profit.items()}
    cents = {p: round(v, 2) for p, v in profit.items()}
    ranked = sorted(profit, key=lambda p: -cents[p])
    best = [p for p in ranked if cents[p] == cents[ranked[0]]]
    title = f"{listed(best)} made the most profit ({for_people(profit[best[0]])})"
    sales = [e.data for e in events if e.kind == "sale"]
    sold = sum(sale.winner is not None for sale in sales)
    reason = f"{sold} of {len(sales)} items sold. "
    reason += "Profit is an item's value to its buyer minus the price paid."
    numbers = [("Profits", ", ".join(f"{p}: {for_people(profit[p])}" for p in ranked))]
    verdict, won = None, None
    if viewer in profit:
        verdict, won = _verdict(viewer, profit, cents)
        items = over.data.won.get(viewer, ())
        bought = ", ".join(f"item {i + 1}" for i in items) or "none"
        paid = sum(float(e.data.paid) for e in events if e.kind == "payment")
        numbers[:0] = [("Your items", bought), ("You paid", for_people(paid))]
    return Outcome(title, reason, verdict, won, tuple(numbers))


def _verdict(viewer: str, profit: dict[str, float], cents: dict[str, float]) -> tuple[str, bool]:
    """The viewer's place among ``len(profit)`` bidders, and whether they made the most: a
    place shared with others reads as joint (two tied after one ahead: "joint 2nd")."""
    place = 1 + sum(mark > cents[viewer] for mark in cents.values())
    tied = [p for p in cents if p != viewer and cents[p] == cents[viewer]]
    mine = for_people(profit[viewer])
    if place == 1:
        if tied:
            return f"You tied for the most profit with {listed(tied)}: {mine}.", True
        return f"You made the most profit: {mine}.", True
    where = f"joint {_ordinal(place)}" if tied else _ordinal(place)
    shared = f" (tied with {listed(tied)})" if tied else ""
    return f"You came {where} of {len(cents)}{shared}, with a profit of {mine}.", False


def _ordinal(place: int) -> str:
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"
