"""The auction view: the item on the block, the bid ladder, the viewer's budget and value, and
the sale history.

Bids are drawn as the rules showed them to the viewer (all bids, anonymous ones, or only the
viewer's own, by the visibility option), and the viewer's card (budget, private values) comes
from the card dealt to them. The god view lists every bidder's card.
"""

from __future__ import annotations

from typing import Any

import pygame

from parlour.core.events import Event
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, since_last, visible_events


class AuctionView:
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        events = visible_events(match, viewer)
        item = last_of(events, "item")
        title = "Auction"
        if item is not None:
            title = f"Auction - {item.data['name']} on the block ({item.data['left']} left)"
        draw.text(surface, title, (area.left + 12, area.top + 8), 26, bold=True)
        current = since_last(events, "item")
        ladder = pygame.Rect(area.left + 12, area.top + 46, area.width * 3 // 5, area.height // 2)
        self._ladder(surface, ladder, current, item)
        cards = pygame.Rect(
            ladder.right + 12, ladder.top, area.right - ladder.right - 24, ladder.height
        )
        self._cards(surface, cards, events, viewer, item)
        history = pygame.Rect(
            area.left + 12, ladder.bottom + 12, area.width - 24, area.bottom - ladder.bottom - 24
        )
        self._history(surface, history, events)

    @staticmethod
    def _ladder(
        surface: pygame.Surface, rect: pygame.Rect, current: list[Event], item: Event | None
    ) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect, border_radius=6)
        draw.text(surface, "Bids", (rect.left + 8, rect.top + 6), 20, bold=True)
        bids: dict[str, float] = {}
        for event in current:
            if event.kind == "bids":
                bids = {k: float(v) for k, v in event.data["bids"].items() if v is not None}
            elif event.kind == "own_bid" and event.data.get("amount") is not None:
                bids[event.data["player"]] = float(event.data["amount"])
        round_event = last_of(current, "round")
        if round_event is not None:
            high = round_event.data.get("high")
            minimum = float(round_event.data["minimum"])
            line = f"round {round_event.data['round']}, minimum {minimum:,.0f}"
            if high not in (None, "None"):
                line += f", high {float(high):,.0f} by {round_event.data['high_bidder']}"
            draw.text(surface, line, (rect.left + 70, rect.top + 8), 17, draw.MUTED)
        top = max(bids.values(), default=0.0) or 1.0
        row = min(30, (rect.height - 40) // max(len(bids), 1))
        for i, (bidder, amount) in enumerate(sorted(bids.items(), key=lambda kv: -kv[1])):
            y = rect.top + 34 + i * row
            draw.text(surface, bidder, (rect.left + 8, y + 4), 17)
            bar = pygame.Rect(
                rect.left + 100, y + 2, int((rect.width - 190) * amount / top), row - 6
            )
            color = (
                draw.seat_color(draw.seat_index(bidder))
                if bidder.startswith("player_")
                else draw.MUTED
            )
            pygame.draw.rect(surface, color, bar)
            draw.text(surface, f"{amount:,.0f}", (bar.right + 6, y + 4), 17)
        if not bids and item is not None:
            draw.text(
                surface,
                f"opening price {float(item.data['start']):,.0f}",
                (rect.left + 8, rect.top + 40),
                18,
            )

    @staticmethod
    def _cards(
        surface: pygame.Surface,
        rect: pygame.Rect,
        events: list[Event],
        viewer: str,
        item: Event | None,
    ) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect, border_radius=6)
        paid: dict[str, float] = {}
        for event in events:
            if event.kind == "payment":
                paid[event.data["player"]] = paid.get(event.data["player"], 0.0) + float(
                    event.data["paid"]
                )
        cards = [e for e in events if e.kind == "card"]
        draw.text(
            surface,
            "Cards" if viewer == GOD else "Your card",
            (rect.left + 8, rect.top + 6),
            20,
            bold=True,
        )
        y = rect.top + 32
        index = int(item.data["index"]) if item is not None else None
        for card in cards:
            player = card.data["player"]
            budget = float(card.data["budget"]) - paid.get(player, 0.0)
            values = card.data["values"]
            value = (
                f", value {values[index]:,.0f}" if index is not None and index < len(values) else ""
            )
            lines = [
                f"{player}: budget {budget:,.0f}{value}",
                f"  objective: {card.data['objective']}",
            ]
            for line in lines:
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
            winner = event.data.get("winner")
            sold = "unsold"
            if winner not in (None, "None"):
                sold = f"{winner} for {float(event.data['price']):,.0f}"
            line = f"item {int(event.data['item']) + 1}: {sold}"
            draw.text(surface, line, (rect.left + 8, y), 17)
            y += 19
            if y > rect.bottom - 18:
                break
        over = last_of(events, "game_over")
        if over is not None:
            profit = over.data["profit"]
            best = max(profit, key=lambda p: profit[p])
            draw.text(
                surface,
                f"Game over: most profit {best} ({float(profit[best]):,.0f})",
                (rect.left + 8, rect.bottom - 24),
                20,
                draw.ACCENT,
                bold=True,
            )
