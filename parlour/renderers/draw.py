"""Small drawing helpers shared by the game views: fonts, colours, text, arrows, seats.

pygame is imported here and by the other renderer modules only; nothing in the games imports
this package, so text-only use never loads pygame.
"""

from __future__ import annotations

import math
import os
from functools import cache

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # (after the environment variable above, which must be set first)

Color = tuple[int, int, int]

BACKGROUND: Color = (246, 243, 236)
PANEL: Color = (232, 228, 218)
INK: Color = (34, 34, 40)
MUTED: Color = (130, 130, 138)
ACCENT: Color = (52, 101, 164)
GOOD: Color = (46, 139, 87)
BAD: Color = (190, 50, 50)
NIGHT: Color = (28, 34, 64)
WHITE: Color = (255, 255, 255)
#: One colour per seat (repeats past 12 seats).
SEAT_COLORS: tuple[Color, ...] = (
    (220, 80, 70),
    (60, 120, 200),
    (70, 160, 90),
    (230, 160, 40),
    (150, 90, 190),
    (40, 170, 170),
    (200, 110, 160),
    (120, 100, 70),
    (100, 100, 100),
    (180, 180, 60),
    (90, 60, 160),
    (240, 120, 40),
)


def seat_color(index: int) -> Color:
    return SEAT_COLORS[index % len(SEAT_COLORS)]


def seat_index(agent: str) -> int:
    """``player_3`` -> 3 (the seat's number in every Parlour game)."""
    return int(agent.rsplit("_", 1)[-1])


@cache
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """pygame's bundled default font (no system fonts, so frames match on every machine)."""
    if not pygame.font.get_init():
        pygame.font.init()
    typeface = pygame.font.Font(None, size)
    typeface.set_bold(bold)
    return typeface


def text(
    surface: pygame.Surface,
    message: str,
    position: tuple[int, int],
    size: int = 20,
    color: Color = INK,
    center: bool = False,
    bold: bool = False,
) -> pygame.Rect:
    """Draw one line; ``position`` is its top-left corner, or its centre with ``center``."""
    image = font(size, bold).render(message, True, color)
    rect = image.get_rect(center=position) if center else image.get_rect(topleft=position)
    surface.blit(image, rect)
    return rect


def wrap(message: str, width: int, size: int = 20, rest_width: int | None = None) -> list[str]:
    """Split ``message`` into lines that fit ``width`` pixels (long words are cut); with
    ``rest_width``, every line after a paragraph's first fits that instead (a hanging indent)."""
    face = font(size)
    lines: list[str] = []
    for paragraph in message.split("\n"):
        line, room = "", width
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if face.size(candidate)[0] <= room:
                line = candidate
                continue
            if line:
                lines.append(line)
                room = width if rest_width is None else rest_width
            while face.size(word)[0] > room and len(word) > 1:
                cut = max(1, int(len(word) * room / face.size(word)[0]))
                lines.append(word[:cut])
                word = word[cut:]
                room = width if rest_width is None else rest_width
            line = word
        lines.append(line)
    return lines


ELLIPSIS = "..."


def fit(message: str, width: int, size: int = 20, bold: bool = False) -> str:
    """``message`` cut to ``width`` pixels, ending in an ellipsis where it was cut."""
    face = font(size, bold)
    if face.size(message)[0] <= width:
        return message
    low, high = 0, len(message)
    while low < high:  # the longest head that fits with the ellipsis
        middle = (low + high + 1) // 2
        if face.size(message[:middle].rstrip() + ELLIPSIS)[0] <= width:
            low = middle
        else:
            high = middle - 1
    return message[:low].rstrip() + ELLIPSIS


def clipped(lines: list[str], count: int, width: int, size: int = 20) -> list[str]:
    """The first ``count`` of ``lines``; where some are left out, the last one shown ends in an
    ellipsis (so cut text always looks cut)."""
    if len(lines) <= count:
        return lines
    if count <= 0:
        return []
    return [*lines[: count - 1], fit(lines[count - 1] + " " + ELLIPSIS, width, size)]


def text_block(
    surface: pygame.Surface,
    message: str,
    rect: pygame.Rect,
    size: int = 18,
    color: Color = INK,
    max_lines: int | None = None,
) -> int:
    """Wrapped text inside ``rect``, ending in an ellipsis where it does not fit (at most
    ``max_lines`` lines); returns the height used."""
    lines = wrap(message, rect.width, size)
    step = font(size).get_linesize()
    room = max(0, rect.height // step)
    lines = clipped(lines, room if max_lines is None else min(room, max_lines), rect.width, size)
    y = rect.top
    for line in lines:
        text(surface, line, (rect.left, y), size, color)
        y += step
    return y - rect.top


def bubble(
    surface: pygame.Surface,
    message: str,
    anchor: tuple[int, int],
    width: int = 150,
    edge: Color = MUTED,
) -> None:
    """A speech bubble of up to three lines above ``anchor`` (a longer line ends in an
    ellipsis), edged in ``edge`` (the speaker's seat colour ties every row of it to the
    speaker)."""
    lines = bubble_lines(message, width)
    if not lines:
        return
    box = pygame.Rect((0, 0), bubble_size(lines, width))
    box.midbottom = (anchor[0], anchor[1] - 6)
    bubble_at(surface, lines, box, edge)


def bubble_lines(message: str, width: int) -> list[str]:
    """A bubble's rows: ``message`` wrapped to ``width``, at most three (cut with an ellipsis)."""
    return clipped(wrap(message, width - 12, 16), 3, width - 12, 16)


def bubble_size(lines: list[str], width: int) -> tuple[int, int]:
    """The size of a bubble ``width`` wide holding ``lines``."""
    return width, font(16).get_linesize() * len(lines) + 8


def bubble_at(surface: pygame.Surface, lines: list[str], box: pygame.Rect, edge: Color) -> None:
    """Draw a bubble of ``lines`` into ``box`` (moved inside the surface where it sticks out)."""
    box = box.clamp(surface.get_rect())
    step = font(16).get_linesize()
    pygame.draw.rect(surface, WHITE, box, border_radius=6)
    pygame.draw.rect(surface, edge, box, 2, border_radius=6)
    for i, line in enumerate(lines):
        text(surface, line, (box.left + 6, box.top + 4 + i * step), 16)


def arrow(
    surface: pygame.Surface,
    start: tuple[float, float],
    end: tuple[float, float],
    color: Color = BAD,
    width: int = 2,
    inset: float = 0.0,
) -> None:
    """A straight arrow from ``start`` to ``end``, both shortened by ``inset`` pixels."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if length <= 2 * inset + 1:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    x0, y0, x1, y1 = x0 + ux * inset, y0 + uy * inset, x1 - ux * inset, y1 - uy * inset
    pygame.draw.line(surface, color, (x0, y0), (x1, y1), width)
    head = 9
    left = (x1 - ux * head - uy * head * 0.5, y1 - uy * head + ux * head * 0.5)
    right = (x1 - ux * head + uy * head * 0.5, y1 - uy * head - ux * head * 0.5)
    pygame.draw.polygon(surface, color, [(x1, y1), left, right])


def ring(center: tuple[int, int], radii: tuple[int, int], count: int) -> list[tuple[int, int]]:
    """``count`` points evenly on an ellipse, the first at the bottom, going clockwise."""
    cx, cy = center
    rx, ry = radii
    return [
        (
            int(cx + rx * math.sin(2 * math.pi * i / max(count, 1))),
            int(cy + ry * math.cos(2 * math.pi * i / max(count, 1))),
        )
        for i in range(count)
    ]


def seat_token(
    surface: pygame.Surface,
    center: tuple[int, int],
    agent: str,
    alive: bool = True,
    radius: int = 22,
    highlight: bool = False,
) -> None:
    """A seat: a coloured disc with its number; crossed out and greyed once out of the game."""
    color = seat_color(seat_index(agent)) if alive else (190, 190, 190)
    if highlight:
        pygame.draw.circle(surface, ACCENT, center, radius + 5, 3)
    pygame.draw.circle(surface, color, center, radius)
    pygame.draw.circle(surface, INK, center, radius, 2)
    text(
        surface,
        str(seat_index(agent)),
        center,
        max(11, int(radius * 1.1)),
        WHITE,
        center=True,
        bold=True,
    )
    if not alive:
        r = int(radius * 0.7)
        x, y = center
        pygame.draw.line(surface, BAD, (x - r, y - r), (x + r, y + r), 3)
        pygame.draw.line(surface, BAD, (x - r, y + r), (x + r, y - r), 3)
