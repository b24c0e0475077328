"""What a play session draws over the game view: the rules and the result.

* :func:`rules` - the game's rules summary and the seat's card (the text the seat's observation
  starts with), shown when the window opens and again with F1.
* :func:`result` - who won and why, the viewer's own result and a few headline numbers, written
  for people (:class:`~parlour.renderers.picture.Outcome`; a game without one lists its plain
  metrics, numbers rounded).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pygame

from parlour.renderers import draw
from parlour.renderers.picture import Outcome
from parlour.renderers.quick import for_people

SHADE = (255, 255, 255, 238)
RULES_SIZE = 19
#: The keys that close the result screen (others, typed as the game ends, do not).
CLOSE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE)
#: How many metrics the result screen lists for a game without an outcome in words.
MAX_METRICS = 12


def _panel(surface: pygame.Surface, rect: pygame.Rect, fill: tuple[int, ...] = SHADE) -> None:
    shade = pygame.Surface(rect.size, pygame.SRCALPHA)
    shade.fill(fill)
    surface.blit(shade, rect)
    pygame.draw.rect(surface, draw.INK, rect, 2, border_radius=8)


def rules(surface: pygame.Surface, area: pygame.Rect, text: str) -> None:
    """The rules summary (and the seat's card) over ``area``; headings (``# ...``) in bold."""
    panel = area.inflate(-40, -40)
    _panel(surface, panel)
    x, y = panel.left + 16, panel.top + 12
    width = panel.width - 32
    footer = "Press any key or click to close; F1 shows the rules again."
    bottom = panel.bottom - 12 - draw.font(16).get_linesize()
    size = RULES_SIZE if _fits(text, width, bottom - y, RULES_SIZE) else RULES_SIZE - 2
    step = draw.font(size).get_linesize()
    lines: list[tuple[str, bool]] = []
    for paragraph in text.split("\n"):
        heading = paragraph.startswith("#")
        words = paragraph.lstrip("# ").strip()
        if heading and lines:
            lines.append(("", False))
        lines += [(line, heading) for line in draw.wrap(words, width, size)]
    room = max(1, (bottom - y) // step)
    if len(lines) > room:
        kept = draw.clipped([line for line, _ in lines], room, width, size)
        lines = [(line, bold) for line, (_, bold) in zip(kept, lines, strict=False)]
    for line, bold in lines:
        draw.text(surface, line, (x, y), size, draw.INK, bold=bold)
        y += step
    draw.text(surface, footer, (x, bottom), 16, draw.ACCENT)


def _fits(text: str, width: int, height: int, size: int) -> bool:
    """Whether ``text`` wrapped at ``size`` fits ``height`` pixels."""
    rows = sum(len(draw.wrap(p.lstrip("# "), width, size)) + 1 for p in text.split("\n"))
    return rows * draw.font(size).get_linesize() <= height


def result(
    surface: pygame.Surface, area: pygame.Rect, outcome: Outcome | None, metrics: Mapping[str, Any]
) -> None:
    """The result screen over ``area``: the outcome in words, else the plain metrics."""
    panel = area.inflate(-60, -60)
    _panel(surface, panel)
    x, y = panel.left + 20, panel.top + 14
    width = panel.width - 40
    if outcome is None:
        outcome = Outcome("Game over", numbers=tuple(metric_lines(metrics)))
    for line in draw.wrap(outcome.title, width, 34)[:2]:
        draw.text(surface, line, (x, y), 34, draw.INK, bold=True)
        y += draw.font(34, True).get_linesize()
    if outcome.reason:
        y += draw.text_block(surface, outcome.reason, pygame.Rect(x, y, width, 66), 20)
    if outcome.verdict:
        color = draw.GOOD if outcome.won else draw.BAD if outcome.won is False else draw.ACCENT
        top = y + 8
        box = pygame.Rect(x + 10, top, width - 10, 64)
        used = draw.text_block(surface, outcome.verdict, box, 26, color)
        pygame.draw.rect(surface, color, (x, top, 4, used))
        y = top + used
    y += 12
    step = draw.font(19).get_linesize()
    label_width = max((draw.font(19).size(k)[0] for k, _ in outcome.numbers), default=0)
    label_width = min(label_width + 16, width // 2)
    for label, value in outcome.numbers:
        if y + step > panel.bottom - 30:
            break
        draw.text(surface, draw.fit(label, label_width - 12, 19), (x, y), 19, draw.MUTED)
        shown = draw.fit(value, width - label_width, 19)
        draw.text(surface, shown, (x + label_width, y), 19, draw.INK, bold=True)
        y += step
    hint = "Press Enter or Esc, or click, to close. H hides this panel to see the board."
    draw.text(surface, hint, (x, panel.bottom - 26), 16, draw.ACCENT)


def metric_lines(metrics: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A game's plain metrics as ``(label, value)`` for people: numbers rounded, names spaced,
    nested data left out (the record keeps it)."""
    lines: list[tuple[str, str]] = []
    for key, value in metrics.items():
        if isinstance(value, bool) or value is None:
            text = {True: "yes", False: "no", None: "none"}[value]
        elif isinstance(value, (int, float)):
            text = for_people(float(value)) if math.isfinite(value) else str(value)
        elif isinstance(value, str):
            text = value
        else:
            continue
        lines.append((key.replace("_", " "), text))
    return lines[:MAX_METRICS]


def closes(event: Any) -> bool:
    """Whether ``event`` closes the result screen: Enter, Esc or a click."""
    if event.type == pygame.MOUSEBUTTONDOWN:
        return True
    return event.type == pygame.KEYDOWN and event.key in CLOSE_KEYS
