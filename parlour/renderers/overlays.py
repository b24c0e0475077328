"""What a play session draws over the game view: the rules and the result.

* :func:`rules` - the game's rules summary and the seat's card (the text the seat's observation
  starts with), shown when the window opens and again with F1.
* :func:`result` - who won and why, the viewer's own result and a few headline numbers, written
  for people (:class:`~parlour.renderers.picture.Outcome`; a game without one lists its plain
  metrics, numbers rounded).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pygame

from parlour.renderers import draw, quick
from parlour.renderers.picture import Outcome

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
    """The result screen at the top of ``area`` (the board stays in sight below it): the
    outcome in words, else the plain metrics."""
    if outcome is None:
        outcome = Outcome("Game over", numbers=tuple(metric_lines(metrics)))
    width = area.width - 100
    title = draw.wrap(outcome.title, width, 34)[:2]
    reason = draw.clipped(draw.wrap(outcome.reason, width, 20), 3, width, 20)
    verdict = draw.clipped(draw.wrap(outcome.verdict or "", width - 10, 26), 2, width - 10, 26)
    step = draw.font(19).get_linesize()
    height = 14 + len(title) * draw.font(34, True).get_linesize() + len(reason) * 22
    height += (8 + len(verdict) * draw.font(26).get_linesize()) if outcome.verdict else 0
    height += 12 + step * len(outcome.numbers) + 40
    panel = pygame.Rect(area.left + 30, area.top + 30, area.width - 60, 0)
    panel.height = min(height, area.height - 60)
    _panel(surface, panel)
    x, y = panel.left + 20, panel.top + 14
    for line in title:
        draw.text(surface, line, (x, y), 34, draw.INK, bold=True)
        y += draw.font(34, True).get_linesize()
    for line in reason:
        draw.text(surface, line, (x, y), 20)
        y += 22
    if outcome.verdict:
        color = draw.GOOD if outcome.won else draw.BAD if outcome.won is False else draw.ACCENT
        top = y = y + 8
        for line in verdict:
            draw.text(surface, line, (x + 10, y), 26, color)
            y += draw.font(26).get_linesize()
        pygame.draw.rect(surface, color, (x, top, 4, y - top))
    y += 12
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
    draw.text(surface, draw.fit(hint, width, 16), (x, panel.bottom - 26), 16, draw.ACCENT)


def metric_lines(metrics: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The first :data:`MAX_METRICS` of a game's metrics for people (see
    :func:`~parlour.renderers.quick.metric_lines`)."""
    return quick.metric_lines(metrics)[:MAX_METRICS]


def closes(event: Any) -> bool:
    """Whether ``event`` closes the result screen: Enter, Esc or a click."""
    if event.type == pygame.MOUSEBUTTONDOWN:
        return True
    return event.type == pygame.KEYDOWN and event.key in CLOSE_KEYS


def hides(event: Any) -> bool:
    """Whether ``event`` hides (or shows again) the result screen's panel: H."""
    return event.type == pygame.KEYDOWN and event.key == pygame.K_h
