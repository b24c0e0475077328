"""Seats around a table: the picture kit of the talking games (Who-is-Spy, Werewolf).

Each seat shows whether its player is still in the game, the newest thing they said this round
in a bubble, and, once ballots are revealed, an arrow to whom they voted for. The viewer's own
secret (word, role, pack) is written under their seat; the god view writes everyone's. Werewolf
turns the room dark at night.
"""

from __future__ import annotations

from typing import Any

import pygame

from parlour.core.events import Event
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, since_last, visible_events
from parlour.renderers.picture import Picture


class TablePicture(Picture):
    """The shared table; subclasses say what is out, what is secret, what the round is and
    which events are speech."""

    round_markers: tuple[str, ...] = ()
    speech_kinds: tuple[str, ...] = ()

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
        current = since_last(events, *self.round_markers) if self.round_markers else events
        draw.text(
            surface, self.headline(events), (area.left + 12, area.top + 10), 26, ink, bold=True
        )
        secrets = self.secrets(events, viewer)
        for player, spot in seats.items():
            draw.seat_token(surface, spot, player, player not in out, highlight=player == viewer)
            draw.text(surface, player, (spot[0], spot[1] + 34), 16, ink, center=True)
            if player in secrets:
                draw.text(
                    surface,
                    secrets[player],
                    (spot[0], spot[1] + 50),
                    16,
                    (250, 200, 90) if night else draw.ACCENT,
                    center=True,
                )
        said: dict[str, str] = {}
        for event in current:
            if event.kind in self.speech_kinds:
                said[event.data["player"]] = str(event.data["text"])
        for player, line in said.items():
            if player in seats:
                edge = draw.seat_color(draw.seat_index(player))
                draw.bubble(surface, line, (seats[player][0], seats[player][1] - 24), edge=edge)
        for voter, target in self.ballots(current, viewer).items():
            if voter in seats and target in seats:
                draw.arrow(surface, seats[voter], seats[target], draw.BAD, 2, inset=26)
        over = last_of(events, "game_over")
        if over is not None:
            self.result_banner(surface, area, over)

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
        revealed = last_of(current, "votes_revealed")
        if revealed is not None:
            return {v: t for v, t in revealed.data["ballots"].items() if t}
        own = [
            e
            for e in current
            if e.kind == "ballot" and (viewer == GOD or e.data["player"] == viewer)
        ]
        return {e.data["player"]: e.data["target"] for e in own if e.data.get("target")}

    def result_banner(self, surface: pygame.Surface, area: pygame.Rect, over: Event) -> None:
        banner = pygame.Rect(area.left + 40, area.bottom - 60, area.width - 80, 44)
        pygame.draw.rect(surface, draw.INK, banner, border_radius=8)
        winner = over.data.get("winner", "nobody")
        draw.text(surface, f"Game over: {winner} win", banner.center, 28, draw.WHITE, center=True)
