"""The Donor Game view: everyone's resources as bars, the latest donation as an arrow, the trace.

A player knows their own resources, what they were shown of a recipient's when paired with
them, and the donations they gave or received; the others' bars are drawn as unknown (hatched)
until the end of the game makes them public, and a bar known from an earlier round is drawn
faded, labelled with that round (it is stale: the player has given or received since). The god
view shows every bar and donation. The end says who ends richest and where the viewer came.
"""

from __future__ import annotations

from typing import Any

import pygame

from parlour.envs.donor_game.model import ACT, GameOver, Pairing, RoundStart
from parlour.envs.donor_game.text import round_of
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, visible_events
from parlour.renderers.picture import Outcome, Picture
from parlour.renderers.quick import for_people


class DonorGamePicture(Picture):
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        rules = match.rules
        events = visible_events(match, viewer)
        players = list(match.players)
        known, seen = self._known_resources(rules, events, viewer)
        start = last_of(events, RoundStart.kind)
        title = (
            f"Donor Game, {round_of(start.data.round, start.data.of).lower()}"
            if start
            else "Donor Game"
        )
        draw.text(surface, title, (area.left + 12, area.top + 8), 26, bold=True)
        top, bottom = area.top + 44, area.top + int(area.height * 0.68)
        row = max(12, (bottom - top) // max(len(players), 1))
        scale = max([v for v in known.values() if v is not None] + [1.0])
        label_x, bar_x = area.left + 60, area.left + 150
        bar_room = area.width - 240
        rows: dict[str, int] = {}
        for i, player in enumerate(players):
            y = top + i * row
            rows[player] = y + row // 2
            draw.seat_token(
                surface,
                (area.left + 30, y + row // 2),
                player,
                True,
                radius=max(6, min(12, row // 2 - 2)),
                highlight=player == viewer,
            )
            draw.text(surface, player, (label_x, y + row // 2 - 8), 17)
            bar = pygame.Rect(bar_x, y + 3, bar_room, max(4, row - 6))
            _draw_bar(surface, bar, player, known.get(player), scale, seen.get(player))
        act = last_of(events, ACT)
        if act is not None and act.data.donor in rows and act.data.recipient in rows:
            done = act.data
            x = bar_x - 2  # the lane between the names and the bars
            a, b = rows[done.donor], rows[done.recipient]
            color = draw.GOOD if done.act == "donate" else draw.BAD
            pygame.draw.lines(surface, color, False, [(x, a), (x - 14, a), (x - 14, b)], 3)
            draw.arrow(surface, (x - 14, b), (x + 2, b), color, 3)
            line = f"Round {done.round}: " + _act_line(done)
            draw.text(surface, line, (area.left + 12, bottom + 6), 20, color, bold=True)
        pairing = last_of(events, Pairing.kind)
        panel = pygame.Rect(area.left + 10, bottom + 32, area.width - 20, area.bottom - bottom - 42)
        pygame.draw.rect(surface, draw.PANEL, panel, border_radius=6)
        if pairing is not None:
            trace = pairing.data.trace
            heading = f"Trace of {pairing.data.recipient} (shown to {pairing.data.donor}):"
            draw.text(surface, heading, (panel.left + 8, panel.top + 6), 18, bold=True)
            body = "\n".join(str(line) for line in trace) or "(no history yet)"
            draw.text_block(surface, body, panel.inflate(-16, -34).move(0, 12), 16)

    @staticmethod
    def _known_resources(
        rules: Any, events: list, viewer: str
    ) -> tuple[dict[str, float | None], dict[str, int]]:
        """Each player's resources as the viewer knows them (None: unknown), and for those known
        only from a pairing of an earlier round, the round they were shown in."""
        if viewer == GOD:
            return {p: float(v) for p, v in rules.resources.items()}, {}
        known: dict[str, float | None] = dict.fromkeys(rules.players)
        over = last_of(events, GameOver.kind)
        if over is not None:
            return {p: float(v) for p, v in over.data.resources.items()}, {}
        seen: dict[str, int] = {}
        for event in events:  # what this player was shown when paired as the donor
            if event.kind == Pairing.kind and event.data.recipient_resources is not None:
                known[event.data.recipient] = float(event.data.recipient_resources)
                seen[event.data.recipient] = event.data.round
        known[viewer] = float(rules.resources[viewer])
        start = last_of(events, RoundStart.kind)
        now = start.data.round if start is not None else 0
        return known, {p: r for p, r in seen.items() if p != viewer and r < now}

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        events = visible_events(match, viewer)
        over = last_of(events, GameOver.kind)
        if over is None:
            return None
        final = {p: float(v) for p, v in over.data.resources.items()}
        ranked = sorted(final, key=lambda p: -final[p])
        top = [p for p in ranked if final[p] == final[ranked[0]]]
        shown = ", ".join(top[:4]) + (f" and {len(top) - 4} more" if len(top) > 4 else "")
        title = f"{shown} {'ends' if len(top) == 1 else 'end'} richest"
        start = last_of(events, RoundStart.kind)
        rounds = start.data.round if start is not None else 0
        mean = sum(final.values()) / max(len(final), 1)
        gain = for_people(float(match.rules.config.multiplier))
        reason = (
            f"After {rounds} rounds of giving (a recipient gains {gain} units per unit given), "
            f"the players hold {for_people(mean)} units on average."
        )
        verdict, won = None, None
        if viewer in final:
            place = 1 + sum(final[p] > final[viewer] for p in ranked)
            won = place == 1
            verdict = (
                f"You end with {for_people(final[viewer])} units: place {place} of {len(ranked)}."
            )
        numbers = (
            ("Richest", f"{for_people(final[ranked[0]])} units"),
            ("Poorest", f"{for_people(final[ranked[-1]])} units"),
            ("Average", f"{for_people(mean)} units"),
        )
        return Outcome(title, reason, verdict, won, numbers)


def _draw_bar(
    surface: pygame.Surface,
    bar: pygame.Rect,
    player: str,
    value: float | None,
    scale: float,
    seen: int | None = None,
) -> None:
    """``player``'s resources as a bar of ``bar`` (full at ``scale``); hatched when unknown,
    faded and labelled with the round when known only from an earlier round (``seen``)."""
    if value is None:
        pygame.draw.rect(surface, draw.PANEL, bar)
        for hx in range(bar.left, bar.right, 12):
            pygame.draw.line(
                surface, draw.MUTED, (hx, bar.bottom), (min(hx + 8, bar.right), bar.top)
            )
        draw.text(surface, "?", (bar.left + 6, bar.top + 1), 16, draw.MUTED)
        return
    fill = bar.copy()
    fill.width = max(1, int(bar.width * value / scale))
    color = draw.seat_color(draw.seat_index(player))
    if seen is not None:  # stale: a lighter bar with a dashed edge
        color = tuple(c + (255 - c) * 3 // 5 for c in color)  # type: ignore[assignment]
        pygame.draw.rect(surface, color, fill)
        for hx in range(fill.left, fill.right, 10):
            pygame.draw.line(
                surface, draw.MUTED, (hx, fill.top), (min(hx + 5, fill.right), fill.top)
            )
        label = f"{value:.2f} (round {seen})"
        draw.text(surface, label, (fill.right + 6, bar.top + 1), 16, draw.MUTED)
        return
    pygame.draw.rect(surface, color, fill)
    draw.text(surface, f"{value:.2f}", (fill.right + 6, bar.top + 1), 16)


def _act_line(done: Any) -> str:
    """A donor's act in words: ``player_6 gave 16.25 units to player_0``."""
    amount = f"{for_people(float(done.amount))} units"
    if done.act == "donate":
        return f"{done.donor} gave {amount} to {done.recipient}"
    if done.act == "punish":
        return f"{done.donor} punished {done.recipient} ({amount})"
    return f"{done.donor} gave nothing to {done.recipient}"
