"""Seats around a table: the picture kit of the talking games (Who-is-Spy, Werewolf).

Each seat shows whether its player is still in the game, the newest thing they said this round
in a bubble (for the round's eight latest speakers), and, once ballots are revealed, an arrow to
whom they voted for. The viewer's own secret (word, role, pack) is written under their seat;
the god view writes everyone's. Werewolf turns the room dark at night.

A game's table declares its payload classes (speeches, ballots, the reveal, the end); the kit
reads their fields by name (``player``, ``text``, ``target``, ``ballots``, ``winner``).
"""

from __future__ import annotations

import math
from typing import Any

import pygame

from parlour.core.ballots import BallotCast, VotesRevealed
from parlour.core.events import Event, Payload, label
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, since_last, visible_events
from parlour.renderers.picture import Picture

#: How many speakers' newest lines a table shows in bubbles at once.
MAX_BUBBLES = 8


class TablePicture(Picture):
    """The shared table; subclasses say what is out, what is secret and what the round is, and
    declare their payload classes.

    Attributes:
        round_markers: payloads that start a round (bubbles and arrows are of the round).
        speeches: payloads of things said (``player``, ``text``).
        ballot: a ballot as its voter sees it (``player``, ``target``; the shared ballot by
            default).
        revealed: the ballots made public (``ballots``: voter -> target; the shared reveal by
            default).
        game_over: the end of the game (``winner``).
    """

    round_markers: tuple[type[Payload], ...] = ()
    speeches: tuple[type[Payload], ...] = ()
    ballot: type[Payload] | None = BallotCast
    revealed: type[Payload] | None = VotesRevealed
    game_over: type[Payload] | None = None

    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        events = visible_events(match, viewer)
        night = self.is_night(events)
        pygame.draw.rect(surface, draw.NIGHT if night else draw.BACKGROUND, area)
        ink = draw.WHITE if night else draw.INK
        players = list(match.players)
        center = (area.centerx, area.centery + 10)
        radii = (int(area.width * 0.36), int(area.height * 0.33))
        table = pygame.Rect(0, 0, int(radii[0] * 1.2), int(radii[1] * 1.1))
        table.center = center
        pygame.draw.ellipse(surface, (139, 106, 72) if not night else (70, 60, 60), table)
        seats = dict(zip(players, draw.ring(center, radii, len(players)), strict=True))
        out = self.out(events)
        markers = tuple(marker.kind for marker in self.round_markers)
        current = since_last(events, *markers) if markers else events
        marks = [  # what a bubble must not cover: the headline, the seats and their labels
            draw.text(
                surface, self.headline(events), (area.left + 12, area.top + 10), 26, ink, bold=True
            )
        ]
        secrets = self.secrets(events, viewer)
        for player, spot in seats.items():
            draw.seat_token(surface, spot, player, player not in out, highlight=player == viewer)
            marks.append(pygame.Rect(spot[0] - 27, spot[1] - 27, 54, 54))
            marks.append(draw.text(surface, player, (spot[0], spot[1] + 34), 16, ink, center=True))
            if player in secrets:
                color = (250, 200, 90) if night else draw.ACCENT
                spot_below = (spot[0], spot[1] + 50)
                marks.append(draw.text(surface, secrets[player], spot_below, 16, color, True))
        self._bubbles(surface, seats, current, radii, area, marks)
        for voter, target in self.ballots(current, viewer).items():
            if voter in seats and target in seats:
                draw.arrow(surface, seats[voter], seats[target], draw.BAD, 2, inset=26)
        over = last_of(events, self.game_over.kind) if self.game_over else None
        if over is not None:
            self.result_banner(surface, table, over)

    def _bubbles(
        self,
        surface: pygame.Surface,
        seats: dict[str, tuple[int, int]],
        current: list[Event],
        radii: tuple[int, int],
        area: pygame.Rect,
        marks: list[pygame.Rect],
    ) -> None:
        """The newest line of the round's :data:`MAX_BUBBLES` latest speakers, the newest on
        top; a bubble is as wide as the space between two seats allows (the rest of a line
        ends in an ellipsis; the transcript has it whole), and goes where it covers none of
        ``marks`` (the seats and their labels) nor an earlier bubble (:func:`bubble_spot`)."""
        said: dict[str, str] = {}
        for event in current:
            if isinstance(event.data, self.speeches):
                said.pop(event.data.player, None)  # (the newest speech goes last)
                said[event.data.player] = str(event.data.text)
        around = 2 * math.pi * math.sqrt((radii[0] ** 2 + radii[1] ** 2) / 2)
        width = max(110, min(160, int(around / max(len(seats), 1)) - 8))
        taken = list(marks)
        for player, line in list(said.items())[-MAX_BUBBLES:]:
            lines = draw.bubble_lines(line, width)
            if player not in seats or not lines:
                continue
            size = draw.bubble_size(lines, width)
            box = bubble_spot(size, seats[player], (area.centerx, area.centery), taken, area)
            draw.bubble_at(surface, lines, box, draw.seat_color(draw.seat_index(player)))
            taken.append(box)

    # -- what each game supplies -----------------------------------------------------------------
    def is_night(self, events: list[Event]) -> bool:
        return False

    def headline(self, events: list[Event]) -> str:
        return ""

    def out(self, events: list[Event]) -> set[str]:
        """Players out of the game, as public events tell."""
        return set()

    def secrets(self, events: list[Event], viewer: str) -> dict[str, str]:
        """The labels under seats: the viewer's own secret (everyone's for the god view)."""
        return {}

    def ballots(self, current: list[Event], viewer: str) -> dict[str, str]:
        """Voter -> target: the revealed ballots of this round, else the viewer's own."""
        revealed = last_of(current, self.revealed.kind) if self.revealed else None
        if revealed is not None:
            return {v: t for v, t in revealed.data.ballots.items() if t}
        if self.ballot is None:
            return {}
        own = [
            e.data
            for e in current
            if isinstance(e.data, self.ballot) and viewer in (GOD, e.data.player)
        ]
        return {b.player: b.target for b in own if b.target}

    def result_banner(self, surface: pygame.Surface, table: pygame.Rect, over: Event) -> None:
        """Who won, on the table itself (no seat sits there)."""
        winner = label(over.data.winner) if over.data.winner is not None else "nobody"
        banner = pygame.Rect(0, 0, max(120, int(table.width * 0.9)), 40)
        banner.center = table.center
        pygame.draw.rect(surface, draw.INK, banner, border_radius=8)
        verb = "win" if str(winner).endswith("s") or winner == "nobody" else "wins"
        line = draw.fit(f"Game over: {winner} {verb}", banner.width - 16, 26)
        draw.text(surface, line, banner.center, 26, draw.WHITE, center=True)


def bubble_spot(
    size: tuple[int, int],
    seat: tuple[int, int],
    center: tuple[int, int],
    taken: list[pygame.Rect],
    area: pygame.Rect,
) -> pygame.Rect:
    """Where a seat's bubble goes: above the seat, else beside it toward the table, else on
    the table, else on its other side, else under its labels; the first of these spots (each
    kept inside ``area``) that covers none of ``taken``, else the one that covers least."""
    x, y = seat
    side = 1 if x <= center[0] else -1  # toward the table
    near, far = ("midleft", "midright") if side > 0 else ("midright", "midleft")
    inner = [(x + (center[0] - x) * f, y + (center[1] - y) * f) for f in (0.45, 0.7)]
    spots = []
    for anchor, point in (
        ("midbottom", (x, y - 30)),
        (near, (x + side * 30, y)),
        *(("center", p) for p in inner),  # on the table, toward its middle
        (far, (x - side * 30, y)),
        ("midtop", (x, y + 62)),
    ):
        spot = pygame.Rect((0, 0), size)
        setattr(spot, anchor, point)
        spots.append(spot.clamp(area))
    return min(spots, key=lambda spot: sum(_overlap(spot, mark) for mark in taken))


def _overlap(a: pygame.Rect, b: pygame.Rect) -> int:
    common = a.clip(b)
    return common.width * common.height
