"""The Among Us view: the room map with players drawn where the viewer can see them.

A player sees only their own room at the end of the last step (the ``step_view`` event the rules
wrote for them, which already applies the lights sabotage), their own tasks, and what was made
public (alarms, meetings, ejections). The god view shows every living player in their room, the
bodies and the impostors. Meetings draw an overlay with the living, the newest messages and the
revealed ballots.
"""

from __future__ import annotations

from typing import Any

import pygame

from parlour.core.events import Event
from parlour.envs.among_us.maps import SKELD, GameMap, load_map
from parlour.envs.among_us.model import (
    Alarm,
    Deal,
    Ejection,
    Fixed,
    GameOver,
    Meeting,
    NoEjection,
    Speech,
    StepView,
    TaskDone,
    VoteCounts,
    VotesRevealed,
)
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, since_last, visible_events
from parlour.renderers.picture import Picture

#: Where the Skeld's rooms sit, as fractions of the map area (drawn for Parlour).
SKELD_SPOTS = {
    "Upper Engine": (0.14, 0.16),
    "Reactor": (0.06, 0.5),
    "Security": (0.26, 0.5),
    "Lower Engine": (0.14, 0.84),
    "MedBay": (0.34, 0.27),
    "Cafeteria": (0.54, 0.12),
    "Weapons": (0.8, 0.14),
    "O2": (0.72, 0.36),
    "Navigation": (0.93, 0.48),
    "Admin": (0.6, 0.52),
    "Shields": (0.82, 0.76),
    "Communications": (0.64, 0.9),
    "Storage": (0.46, 0.74),
    "Electrical": (0.3, 0.72),
}
ROOM_SIZE = (112, 54)


def room_spots(game_map: GameMap, area: pygame.Rect) -> dict[str, tuple[int, int]]:
    """The centre of each room inside ``area``."""
    if game_map.name == SKELD.name:
        fractions = SKELD_SPOTS
    else:  # grid maps: room_c_r in a grid
        cols = 1 + max(int(r.split("_")[1]) for r in game_map.rooms)
        rows = 1 + max(int(r.split("_")[2]) for r in game_map.rooms)
        fractions = {
            r: ((int(r.split("_")[1]) + 0.5) / cols, (int(r.split("_")[2]) + 0.5) / rows)
            for r in game_map.rooms
        }
    inner = area.inflate(-ROOM_SIZE[0], -ROOM_SIZE[1] - 40)
    inner.top = area.top + 40 + ROOM_SIZE[1] // 2
    return {
        room: (int(inner.left + fx * inner.width), int(inner.top + fy * inner.height))
        for room, (fx, fy) in fractions.items()
    }


class AmongUsPicture(Picture):
    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        rules = match.rules
        events = visible_events(match, viewer)
        deal = _deal(events, viewer)
        game_map = load_map(deal.map) if deal is not None else rules.map
        spots = room_spots(game_map, area)
        for a, b in game_map.corridors:
            pygame.draw.line(surface, draw.MUTED, spots[a], spots[b], 4)
        occupants, bodies, here, blind = self._whereabouts(rules, events, viewer)
        sabotage = self._sabotage(events)
        tasks_left = self._tasks_left(events, viewer)
        for room, (x, y) in spots.items():
            box = pygame.Rect(0, 0, *ROOM_SIZE)
            box.center = (x, y)
            dark = viewer != GOD and (
                (sabotage == "lights" and room != here) or (blind and room == here)
            )
            fill = (205, 210, 220) if not dark else (90, 95, 110)
            pygame.draw.rect(surface, fill, box, border_radius=8)
            pygame.draw.rect(
                surface,
                draw.ACCENT if room == here else draw.INK,
                box,
                3 if room == here else 1,
                border_radius=8,
            )
            label = draw.WHITE if dark else draw.INK
            draw.text(surface, room, (x, box.top + 9), 15, label, center=True)
            if blind and room == here:
                draw.text(surface, "too dark to see", (x + 8, y + 2), 14, label, center=True)
            if room in tasks_left:
                pygame.draw.circle(surface, (240, 200, 40), (box.right - 8, box.top + 8), 5)
            for i, player in enumerate(occupants.get(room, [])):
                spot = (box.left + 14 + (i % 6) * 17, box.bottom - 14 - (i // 6) * 17)
                draw.seat_token(surface, spot, player, True, radius=8, highlight=player == viewer)
            for i, body in enumerate(bodies.get(room, [])):
                spot = (box.right - 12 - i * 14, box.top + 26)
                draw.seat_token(surface, spot, body, False, radius=7)
        self._header(surface, area, rules, events, viewer, sabotage)
        meeting = last_of(events, Meeting.kind, Ejection.kind, NoEjection.kind, GameOver.kind)
        if meeting is not None and isinstance(meeting.data, Meeting):
            self._meeting(surface, area, since_last(events, Meeting.kind), meeting.data)

    def _whereabouts(
        self, rules: Any, events: list[Event], viewer: str
    ) -> tuple[dict[str, list[str]], dict[str, list[str]], str | None, bool]:
        """Who is seen in which room, the bodies seen, the viewer's own room, and whether it is
        too dark there to see anyone (the lights are out and the viewer is a crewmate: the
        rules' view of the step then has no ``players``)."""
        occupants: dict[str, list[str]] = {}
        bodies: dict[str, list[str]] = {}
        if viewer == GOD:
            for player in rules.living:
                occupants.setdefault(rules.room[player], []).append(player)
            for room, dead in rules.bodies.items():
                bodies[room] = list(dead)
            return occupants, bodies, None, False
        event = last_of(events, StepView.kind, Meeting.kind)
        view = event.data if event is not None else None
        if not isinstance(view, StepView):  # in the meeting room (or at the start)
            start = rules.map.meeting_room
            living = list(view.living) if view is not None else list(rules.players)
            if viewer in living:
                occupants[start] = living
            return occupants, bodies, start, False
        occupants[view.room] = [viewer, *(view.players or ())]
        bodies[view.room] = list(view.bodies)
        return occupants, bodies, view.room, view.players is None

    @staticmethod
    def _sabotage(events: list[Event]) -> str | None:
        alarm = last_of(events, Alarm.kind, Fixed.kind, Meeting.kind)
        return alarm.data.sabotage.value if alarm and isinstance(alarm.data, Alarm) else None

    @staticmethod
    def _tasks_left(events: list[Event], viewer: str) -> set[str]:
        if viewer == GOD:
            return set()
        deal = _deal(events, viewer)
        if deal is None:
            return set()
        done = [(e.data.room, e.data.task) for e in events if isinstance(e.data, TaskDone)]
        left = list(deal.tasks)
        for item in done:
            if item in left:
                left.remove(item)
        return {room for room, _ in left}

    def _header(
        self,
        surface: pygame.Surface,
        area: pygame.Rect,
        rules: Any,
        events: list[Event],
        viewer: str,
        sabotage: str | None,
    ) -> None:
        if viewer == GOD:
            impostors = ", ".join(rules.impostors)
            line = f"Among Us - impostors: {impostors} - task bar {rules.task_bar():.0%}"
        else:
            deal = _deal(events, viewer)
            role = deal.role.value if deal is not None else "?"
            line = f"Among Us - you are a {role}"
            if deal is not None and deal.impostors:
                line += " with " + ", ".join(p for p in deal.impostors if p != viewer)
        draw.text(surface, line, (area.left + 10, area.top + 8), 22, bold=True)
        if sabotage:
            banner = pygame.Rect(area.right - 260, area.top + 4, 250, 28)
            pygame.draw.rect(surface, draw.BAD, banner, border_radius=6)
            draw.text(surface, f"SABOTAGE: {sabotage}", banner.center, 20, draw.WHITE, center=True)
        over = last_of(events, GameOver.kind)
        if over is not None:
            winner = over.data.winner.value if over.data.winner else None
            banner = pygame.Rect(area.left + 60, area.bottom - 50, area.width - 120, 40)
            pygame.draw.rect(surface, draw.INK, banner, border_radius=8)
            draw.text(
                surface,
                f"Game over: {winner} win ({over.data.reason})",
                banner.center,
                24,
                draw.WHITE,
                center=True,
            )

    @staticmethod
    def _meeting(
        surface: pygame.Surface, area: pygame.Rect, current: list[Event], meeting: Meeting
    ) -> None:
        panel = area.inflate(-120, -140)
        shade = pygame.Surface(panel.size, pygame.SRCALPHA)
        shade.fill((20, 24, 40, 225))
        surface.blit(shade, panel)
        reason = "body reported" if meeting.reason == "report" else "emergency meeting"
        draw.text(
            surface,
            f"Meeting: {reason} by {meeting.caller}",
            (panel.left + 14, panel.top + 10),
            24,
            draw.WHITE,
            bold=True,
        )
        living = list(meeting.living)
        for i, player in enumerate(living):
            draw.seat_token(surface, (panel.left + 30 + i * 44, panel.top + 58), player, True, 15)
        y = panel.top + 90
        for event in current:
            if isinstance(event.data, Speech):
                draw.text(
                    surface,
                    f"{event.data.player}: {event.data.text}"[:90],
                    (panel.left + 14, y),
                    17,
                    draw.WHITE,
                )
                y += 20
        revealed = last_of(current, VotesRevealed.kind, VoteCounts.kind)
        if revealed is not None:
            data = revealed.data
            if isinstance(data, VotesRevealed):
                votes = ", ".join(f"{v} -> {t or 'skip'}" for v, t in data.ballots.items())
            else:  # counts only: not who voted for whom
                votes = ", ".join(f"{p}: {n}" for p, n in data.tally.items() if n)
                votes += f"{', ' if votes else ''}skip: {data.skips}"
            draw.text_block(
                surface,
                "Votes: " + votes,
                pygame.Rect(panel.left + 14, y + 6, panel.width - 28, 60),
                17,
                draw.WHITE,
            )


def _deal(events: list[Event], viewer: str) -> Deal | None:
    """The viewer's own deal (its role, fellows, map and tasks), if the viewer may read one."""
    return next(
        (e.data for e in events if isinstance(e.data, Deal) and e.data.player == viewer), None
    )
