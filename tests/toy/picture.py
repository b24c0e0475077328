"""The toy game's picture, drawn with the renderers' kit: the seats with their latest speech, and
the items sold so far."""

from __future__ import annotations

from typing import Any

import pygame

from parlour.renderers import draw
from parlour.renderers.base import visible_events
from parlour.renderers.picture import Picture
from tests.toy.model import Sold, Spoke


class ToyPicture(Picture):
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        pygame.draw.rect(surface, draw.BACKGROUND, area)
        said: dict[str, str] = {}
        sales: list[str] = []
        for event in visible_events(match, viewer):
            if isinstance(event.data, Spoke):
                said[event.data.player] = event.data.text or "(nothing)"
            elif isinstance(event.data, Sold):
                sale = event.data
                sales.append(f"Item {sale.item + 1}: {sale.winner} paid {sale.price}")
        seats = draw.ring(area.center, (area.width // 3, area.height // 4), len(match.players))
        for player, center in zip(match.players, seats, strict=True):
            draw.seat_token(surface, center, player)
            if player in said:
                draw.bubble(surface, said[player], (center[0], center[1] - 24), 170)
        for row, line in enumerate(sales):
            draw.text(surface, line, (area.left + 16, area.top + 12 + 22 * row), 20)
