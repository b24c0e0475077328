"""The Overcooked view: the kitchen grid, drawn with simple shapes (no sprite files).

Counters are wooden tiles, dispensers show their ingredient or a plate, pots show how full they
are and a bar for the cooking progress, the serving window is green, chefs are coloured discs
with a wedge for their facing and their held item on top. Score and time left run along the
top, and under them the orders, each drawn as its ingredients and its value. Once time is up the
kitchen says the game is over. The kitchen has no secrets, so every viewer sees the same
picture.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pygame

from parlour.core.numeric import plain_number
from parlour.envs.overcooked.kitchen import DELTAS, Kitchen, Soup
from parlour.envs.overcooked.layouts import MenuItem
from parlour.envs.overcooked.model import Delivery
from parlour.renderers import draw
from parlour.renderers.base import visible_events
from parlour.renderers.picture import Outcome, Picture
from parlour.renderers.quick import for_people

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


def _order_chip(surface: pygame.Surface, topleft: tuple[int, int], item: MenuItem) -> int:
    """One order as its ingredients and what it scores (gold edged for a bonus order); returns
    the chip's right edge."""
    names = ["onion"] * item.soup[0] + ["tomato"] * item.soup[1]
    value = plain_number(item.value)
    width = 12 + 19 * len(names) + draw.font(20, True).size(value)[0] + 8
    chip = pygame.Rect(topleft, (width, 30))
    pygame.draw.rect(surface, draw.WHITE, chip, border_radius=8)
    edge = (214, 160, 30) if item.bonus else draw.MUTED
    pygame.draw.rect(surface, edge, chip, 3 if item.bonus else 1, border_radius=8)
    for i, name in enumerate(names):
        _ingredient(surface, (chip.left + 15 + 19 * i, chip.centery), name, 8)
    draw.text(surface, value, (chip.left + 8 + 19 * len(names) + 6, chip.top + 7), 20, bold=True)
    return chip.right


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
    """The kitchen, its score, time and orders; the end frame says the game is over."""

    #: Ticks a second when the kitchen runs in real time (a play session sets it): the time
    #: left is then shown in minutes and seconds; None shows the steps left.
    tick_rate: float | None = None
    #: Pixels kept free under the kitchen (a play session draws its chat and keys there).
    bottom_margin: int = 0

    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        rules = match.rules
        k: Kitchen = rules.kitchen
        top = 78
        room = area.height - top - 10 - self.bottom_margin
        cell = max(8, min((area.width - 20) // k.width, room // k.height))
        left = area.left + (area.width - cell * k.width) // 2
        origin = (left, area.top + top)
        for index, kind in enumerate(k.terrain):
            x, y = k.xy(index)
            rect = pygame.Rect(origin[0] + x * cell, origin[1] + y * cell, cell, cell)
            self._tile(surface, rect, kind, k.objects.get(index), cell)
        mine = rules.seat_of.get(viewer)
        for chef, index in enumerate(k.pos):
            x, y = k.xy(index)
            center = (origin[0] + x * cell + cell // 2, origin[1] + y * cell + cell // 2)
            if chef == mine:  # the viewer's own chef: ringed, and labelled "you"
                pygame.draw.circle(surface, draw.ACCENT, center, int(cell * 0.32) + 5, 3)
                corner = (center[0] - cell // 2 + 3, center[1] - cell // 2 + 2)
                draw.text(surface, "you", corner, max(16, cell // 6), draw.ACCENT, bold=True)
            self._chef(surface, center, chef, k.facing[chef], k.held[chef], cell)
        self._header(surface, area, rules)
        if rules.is_truncated():
            kitchen = pygame.Rect(origin, (cell * k.width, cell * k.height))
            self._game_over(surface, kitchen, rules)

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        """Once time is up: the team's soups and score, and who delivered them."""
        rules = match.rules
        if not rules.is_truncated():
            return None
        soups = f"{rules.delivered} soup{'' if rules.delivered == 1 else 's'}"
        score = for_people(float(rules.score))
        delivered = Counter(
            e.data.player for e in visible_events(match, viewer) if isinstance(e.data, Delivery)
        )
        reason = (
            f"Time's up after {rules.kitchen.timestep} steps in {rules.kitchen.layout.name}."
            " Every soup delivered scores for the whole team."
        )
        verdict = None
        if viewer in rules.players:
            verdict = f"You delivered {delivered[viewer]} of them."
        numbers = (
            ("Team score", score),
            ("Delivered by", ", ".join(f"{p}: {delivered[p]}" for p in rules.players)),
        )
        return Outcome(f"{soups} delivered: {score} points", reason, verdict, None, numbers)

    def time_left(self, rules: Any) -> str:
        """The time left: ``1:05`` in real time, else ``37 steps``."""
        steps = max(0, rules.config.horizon - rules.kitchen.timestep)
        if self.tick_rate is None:
            return f"{steps} step{'' if steps == 1 else 's'}"
        seconds = math.ceil(steps / self.tick_rate)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def _header(self, surface: pygame.Surface, area: pygame.Rect, rules: Any) -> None:
        soups = f"{rules.delivered} soup{'' if rules.delivered == 1 else 's'}"
        draw.text(
            surface,
            f"Score {plain_number(rules.score)}   ({soups})",
            (area.left + 12, area.top + 8),
            28,
            bold=True,
        )
        clock = f"Time left {self.time_left(rules)}"
        width = draw.font(28, True).size(clock)[0]
        draw.text(surface, clock, (area.right - 12 - width, area.top + 8), 28, bold=True)
        x = draw.text(surface, "Orders:", (area.left + 12, area.top + 44), 20).right
        for item in rules.kitchen.recipes.menu:
            x = _order_chip(surface, (x + 10, area.top + 38), item) + 2
            if x > area.right - 60:
                break

    @staticmethod
    def _game_over(surface: pygame.Surface, kitchen: pygame.Rect, rules: Any) -> None:
        band = pygame.Rect(kitchen.left, kitchen.centery - 50, kitchen.width, 100)
        shade = pygame.Surface(band.size, pygame.SRCALPHA)
        shade.fill((34, 34, 40, 215))
        surface.blit(shade, band)
        title = (band.centerx, band.top + 30)
        draw.text(surface, "Time's up - game over", title, 40, draw.WHITE, center=True, bold=True)
        soups = f"{rules.delivered} soup{'' if rules.delivered == 1 else 's'} delivered"
        line = f"{soups}, team score {plain_number(rules.score)}"
        draw.text(surface, line, (band.centerx, band.top + 72), 24, draw.WHITE, center=True)

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
