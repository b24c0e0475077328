"""The Overcooked view: the kitchen grid, drawn with simple shapes (no sprite files).

Counters are wooden tiles, dispensers show their ingredient or a plate, pots show how full they
are and a bar for the cooking progress, the serving window is green, chefs are coloured discs
with a wedge for their facing and their held item on top. Orders, score and time run along the
top. The kitchen has no secrets, so every viewer sees the same picture.
"""

from __future__ import annotations

from typing import Any

import pygame

from parlour.core.numeric import plain_number
from parlour.envs.overcooked.kitchen import DELTAS, Kitchen, Soup
from parlour.renderers import draw
from parlour.renderers.picture import Picture

FLOOR = (236, 226, 204)
COUNTER = (176, 132, 88)
POT = (70, 70, 78)
ONION = (232, 196, 64)
TOMATO = (214, 62, 52)
DISH = (250, 250, 250)
SERVE = (92, 170, 110)
SOUP = (230, 150, 60)


def _ingredient(surface: pygame.Surface, center: tuple[int, int], name: str, r: int) -> None:
    pygame.draw.circle(surface, ONION if name == "onion" else TOMATO, center, r)
    pygame.draw.circle(surface, draw.INK, center, r, 1)


def _dish(
    surface: pygame.Surface, center: tuple[int, int], r: int, soup: Soup | None = None
) -> None:
    pygame.draw.circle(surface, DISH, center, r)
    pygame.draw.circle(surface, draw.MUTED, center, r, 1)
    if soup is not None:
        pygame.draw.circle(surface, SOUP, center, int(r * 0.7))
        _soup_dots(surface, center, soup, max(2, r // 4))


def _soup_dots(surface: pygame.Surface, center: tuple[int, int], soup: Soup, r: int) -> None:
    names = ["onion"] * soup.onions + ["tomato"] * soup.tomatoes
    for i, name in enumerate(names):
        x = center[0] + (i - (len(names) - 1) / 2) * (2 * r + 2)
        _ingredient(surface, (int(x), center[1]), name, r)


def draw_item(surface: pygame.Surface, center: tuple[int, int], item: object, r: int) -> None:
    """A held or counter item: an ingredient, a plate, or a plated soup."""
    if item is None:
        return
    if item.__class__ is Soup:
        _dish(surface, center, r, item)  # type: ignore[arg-type]
    elif item == "dish":
        _dish(surface, center, r)
    else:
        _ingredient(surface, center, str(item), int(r * 0.7))


class OvercookedPicture(Picture):
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        rules = match.rules
        k: Kitchen = rules.kitchen
        top = 44
        cell = min((area.width - 20) // k.width, (area.height - top - 10) // k.height)
        left = area.left + (area.width - cell * k.width) // 2
        origin = (left, area.top + top)
        for index, kind in enumerate(k.terrain):
            x, y = k.xy(index)
            rect = pygame.Rect(origin[0] + x * cell, origin[1] + y * cell, cell, cell)
            self._tile(surface, rect, kind, k.objects.get(index), cell)
        for chef, index in enumerate(k.pos):
            x, y = k.xy(index)
            center = (origin[0] + x * cell + cell // 2, origin[1] + y * cell + cell // 2)
            self._chef(surface, center, chef, k.facing[chef], k.held[chef], cell)
        left_steps = rules.config.horizon - k.timestep
        orders = "  ".join(
            f"{'o' * o[0]}{'t' * o[1]}={plain_number(k.recipes.order_value(o))}"
            for o in sorted(k.recipes.orders)
        )
        draw.text(
            surface,
            f"Score {plain_number(rules.score)}   Soups {rules.delivered}   Time left {left_steps}",
            (area.left + 12, area.top + 8),
            26,
            bold=True,
        )
        draw.text(
            surface,
            f"Orders: {orders}",
            (area.right - 12 - draw.font(20).size(f"Orders: {orders}")[0], area.top + 12),
            20,
            draw.MUTED,
        )

    @staticmethod
    def _tile(
        surface: pygame.Surface, rect: pygame.Rect, kind: str, item: object, cell: int
    ) -> None:
        pygame.draw.rect(surface, FLOOR, rect)
        if kind == " ":
            pygame.draw.rect(surface, (222, 210, 186), rect, 1)
            return
        pygame.draw.rect(surface, COUNTER, rect.inflate(-2, -2), border_radius=4)
        center = rect.center
        r = cell // 3
        if kind == "O":
            _ingredient(surface, center, "onion", r)
        elif kind == "T":
            _ingredient(surface, center, "tomato", r)
        elif kind == "D":
            _dish(surface, (center[0] - 4, center[1] + 3), r)
            _dish(surface, (center[0] + 4, center[1] - 3), r)
        elif kind == "S":
            pygame.draw.rect(surface, SERVE, rect.inflate(-cell // 4, -cell // 4), border_radius=6)
            draw.text(
                surface, "SERVE", center, max(12, cell // 5), draw.WHITE, center=True, bold=True
            )
        elif kind == "P":
            pygame.draw.circle(surface, POT, center, int(cell * 0.4))
            if item.__class__ is Soup:
                soup: Soup = item  # type: ignore[assignment]
                _soup_dots(surface, center, soup, max(3, cell // 10))
                if not soup.idle:
                    done = 1.0 if soup.ready else soup.tick / max(soup.cook_time, 1)
                    bar = pygame.Rect(rect.left + 6, rect.bottom - 12, cell - 12, 7)
                    pygame.draw.rect(surface, draw.WHITE, bar)
                    fill = bar.copy()
                    fill.width = int(bar.width * done)
                    pygame.draw.rect(surface, draw.GOOD if soup.ready else SOUP, fill)
                    pygame.draw.rect(surface, draw.INK, bar, 1)
        elif kind == "X" and item is not None:
            draw_item(surface, center, item, r)

    @staticmethod
    def _chef(
        surface: pygame.Surface,
        center: tuple[int, int],
        chef: int,
        facing: int,
        held: object,
        cell: int,
    ) -> None:
        r = int(cell * 0.32)
        dx, dy = DELTAS[facing]
        tip = (center[0] + dx * int(r * 1.45), center[1] + dy * int(r * 1.45))
        side = (-dy, dx)
        base = [
            (
                center[0] + dx * r // 2 + side[0] * r * 0.7,
                center[1] + dy * r // 2 + side[1] * r * 0.7,
            ),
            (
                center[0] + dx * r // 2 - side[0] * r * 0.7,
                center[1] + dy * r // 2 - side[1] * r * 0.7,
            ),
        ]
        pygame.draw.polygon(surface, draw.INK, [tip, *base])
        pygame.draw.circle(surface, draw.seat_color(chef), center, r)
        pygame.draw.circle(surface, draw.INK, center, r, 2)
        draw.text(
            surface, str(chef), center, max(14, cell // 4), draw.WHITE, center=True, bold=True
        )
        if held is not None:
            draw_item(surface, (center[0] + r, center[1] - r), held, max(6, cell // 6))
