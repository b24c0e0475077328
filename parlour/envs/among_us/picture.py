"""The Among Us view: the room map with players drawn where the viewer can see them.

A player sees only their own room at the end of the last step (the ``step_view`` event the rules
wrote for them, which already applies the lights sabotage), their own tasks, and what was made
public (alarms, meetings, ejections). The god view shows every living player in their room, the
bodies and the impostors. The map's vents (public map data, drawn where the game allows them)
are grilles in their rooms joined by dashed lines. Rooms are sized from the space between them,
so no two boxes overlap at any window size. A meeting draws an overlay with the living, the
messages and, once the vote is in, the ballots and who was ejected
(:mod:`parlour.envs.among_us.scenes`), up to the next roam step.
"""

from __future__ import annotations

import itertools
import math
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
    StepView,
    TaskDone,
    VoteCounts,
    VotesRevealed,
)
from parlour.envs.among_us.scenes import draw_meeting, fate_of, outcome_of, tasks_done
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of, since_last, visible_events
from parlour.renderers.picture import Outcome, Picture

#: Where the Skeld's rooms sit, as fractions of the map area (drawn for Parlour, after the
#: classic ship; rooms side by side are far enough apart that their boxes never overlap).
SKELD_SPOTS = {
    "Upper Engine": (0.1, 0.1),
    "Reactor": (0.0, 0.5),
    "Security": (0.2, 0.52),
    "Lower Engine": (0.1, 0.92),
    "MedBay": (0.3, 0.3),
    "Cafeteria": (0.52, 0.06),
    "Weapons": (0.8, 0.08),
    "O2": (0.72, 0.3),
    "Navigation": (0.97, 0.5),
    "Admin": (0.52, 0.52),
    "Shields": (0.8, 0.76),
    "Communications": (0.68, 1.0),
    "Storage": (0.48, 0.78),
    "Electrical": (0.28, 0.72),
}
#: The largest room box, and the least gap between two boxes.
ROOM_MAX = (150, 84)
GAP = 8
HEADER = 40
VENT_INK = (70, 110, 90)


def room_spots(game_map: GameMap, area: pygame.Rect) -> dict[str, tuple[int, int]]:
    """The centre of each room inside ``area``."""
    if game_map.name == SKELD.name:
        fractions = SKELD_SPOTS
    else:  # grid maps: room_c_r in a grid
        cols = 1 + max(int(r.split("_")[1]) for r in game_map.rooms)
        rows = 1 + max(int(r.split("_")[2]) for r in game_map.rooms)
        fractions = {
            r: (int(r.split("_")[1]) / max(cols - 1, 1), int(r.split("_")[2]) / max(rows - 1, 1))
            for r in game_map.rooms
        }
    width, height = _outer_size(area)
    inner = pygame.Rect(
        area.left + width // 2 + GAP,
        area.top + HEADER + height // 2,
        max(1, area.width - width - 2 * GAP),
        max(1, area.height - HEADER - height - GAP),
    )
    return {
        room: (int(inner.left + fx * inner.width), int(inner.top + fy * inner.height))
        for room, (fx, fy) in fractions.items()
    }


def _outer_size(area: pygame.Rect) -> tuple[int, int]:
    """The largest box the area's size allows, before the rooms' spacing is known."""
    return (
        max(60, min(ROOM_MAX[0], area.width // 6)),
        max(44, min(ROOM_MAX[1], (area.height - HEADER) // 6)),
    )


def room_size(spots: dict[str, tuple[int, int]], area: pygame.Rect) -> tuple[int, int]:
    """The box size of every room: as large as the area allows, and narrow (or low) enough
    that no two boxes overlap, with at least :data:`GAP` pixels between them."""
    width, height = _outer_size(area)
    centres = list(spots.values())
    for i, (x0, y0) in enumerate(centres):
        for x1, y1 in centres[i + 1 :]:
            dx, dy = abs(x1 - x0), abs(y1 - y0)
            if dy < height + GAP and dx < width + GAP:  # too close: shrink what costs less
                if dx - GAP >= dy - GAP:
                    width = max(1, dx - GAP)
                else:
                    height = max(1, dy - GAP)
    return width, height


class AmongUsPicture(Picture):
    moments = (VotesRevealed, VoteCounts, Ejection, NoEjection)
    scenes = (StepView,)

    def draw(self, surface: pygame.Surface, area: pygame.Rect, match: Any, viewer: str) -> None:
        rules = match.rules
        events = visible_events(match, viewer)
        deal = _deal(events, viewer)
        game_map = load_map(deal.map) if deal is not None else rules.map
        spots = room_spots(game_map, area)
        size = room_size(spots, area)
        for a, b in game_map.corridors:
            pygame.draw.line(surface, draw.MUTED, spots[a], spots[b], 4)
        if rules.config.vents:
            _vent_links(surface, game_map, spots)
        occupants, bodies, here, blind = self._whereabouts(rules, events, viewer)
        sabotage = self._sabotage(events)
        tasks_left = self._tasks_left(events, viewer)
        vented = {room for group in game_map.vent_groups for room in group}
        boxes = []
        for room, (x, y) in spots.items():
            box = pygame.Rect(0, 0, *size)
            box.center = (x, y)
            boxes.append(box)
            dark = viewer != GOD and (
                (sabotage == "lights" and room != here) or (blind and room == here)
            )
            _room(surface, box, room, dark, room == here, room in tasks_left)
            if rules.config.vents and room in vented:
                _vent(surface, box)
            if blind and room == here:
                draw.text(surface, "too dark to see", (x, y + 4), 14, draw.WHITE, center=True)
            _tokens(surface, box, occupants.get(room, []), bodies.get(room, []), viewer)
        over = last_of(events, GameOver.kind)
        ending = None if over is None else _game_over(surface, area, boxes, over.data)
        self._header(surface, area, rules, events, viewer, sabotage, ending)
        meeting = last_of(events, Meeting.kind, StepView.kind, GameOver.kind)
        if meeting is not None and isinstance(meeting.data, Meeting):
            draw_meeting(surface, area, since_last(events, Meeting.kind), meeting.data)

    def fate(self, match: Any, viewer: str) -> str | None:
        return fate_of(match, visible_events(match, viewer), viewer)

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        return outcome_of(match, visible_events(match, viewer), viewer)

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
        """The sabotage on now: a meeting, a fix or the end of the game ends it."""
        alarm = last_of(events, Alarm.kind, Fixed.kind, Meeting.kind, GameOver.kind)
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
        ending: str | None,
    ) -> None:
        """The header line (the god view's impostors and tasks, or the viewer's role), and at
        its right the sabotage on now, or the end of the game where the map had no room for it."""
        if viewer == GOD:
            impostors = ", ".join(rules.impostors)
            line = f"Among Us - impostors: {impostors} - tasks {tasks_done(rules)}"
        else:
            deal = _deal(events, viewer)
            role = deal.role.value if deal is not None else "?"
            line = f"Among Us - you are a {role}"
            if deal is not None and deal.impostors:
                line += " with " + ", ".join(p for p in deal.impostors if p != viewer)
        banner = 0
        if sabotage or ending:
            label, fill = (f"SABOTAGE: {sabotage}", draw.BAD) if sabotage else (ending, draw.INK)
            banner = min(250, area.width // 3)
            if ending:
                banner = min(draw.font(20).size(ending)[0] + 20, area.width * 3 // 5)
            rect = pygame.Rect(area.right - banner - 10, area.top + 4, banner, 28)
            pygame.draw.rect(surface, fill, rect, border_radius=6)
            label = draw.fit(label, banner - 10, 20)
            draw.text(surface, label, rect.center, 20, draw.WHITE, center=True)
        line = draw.fit(line, area.width - banner - 30, 22, bold=True)
        draw.text(surface, line, (area.left + 10, area.top + 8), 22, bold=True)


def _game_over(
    surface: pygame.Surface, area: pygame.Rect, rooms: list[pygame.Rect], over: GameOver
) -> str | None:
    """The end of the game in a box where it covers no room (so no token either): in the space
    between the rooms nearest the bottom of the map. Where the map has no such space, the line
    is returned for the header to show."""
    winner = f"{over.winner.value}s win" if over.winner else "no winner"
    text = f"Game over: {winner} ({over.reason})"
    size = (min(draw.font(22).size(text)[0], area.width - 60) + 24, 34)
    box = free_spot(area.clip(area.move(0, HEADER)), rooms, size)
    if box is None:
        return text
    pygame.draw.rect(surface, draw.INK, box, border_radius=8)
    draw.text(surface, draw.fit(text, box.width - 24, 22), box.center, 22, draw.WHITE, center=True)
    return None


def free_spot(
    area: pygame.Rect, rooms: list[pygame.Rect], size: tuple[int, int]
) -> pygame.Rect | None:
    """A place for a box of ``size`` inside ``area`` that keeps :data:`GAP` pixels clear of
    every room: the lowest, and the nearest the middle among those as low; None if none."""
    box = pygame.Rect(0, 0, *size)
    clear = [room.inflate(GAP, GAP) for room in rooms]
    middle = area.centerx - box.width // 2
    xs = sorted(range(area.left, area.right - box.width + 1, 8), key=lambda x: abs(x - middle))
    for y in range(area.bottom - box.height - 4, area.top - 1, -8):
        for x in xs:
            box.topleft = (x, y)
            if box.collidelist(clear) < 0:
                return box
    return None


def _room(
    surface: pygame.Surface, box: pygame.Rect, name: str, dark: bool, here: bool, task: bool
) -> None:
    """A room's box: its name (cut to fit), darker with the lights out, edged where the viewer
    is, with a yellow dot where one of the viewer's tasks waits."""
    fill = (205, 210, 220) if not dark else (90, 95, 110)
    pygame.draw.rect(surface, fill, box, border_radius=8)
    edge = draw.ACCENT if here else draw.INK
    pygame.draw.rect(surface, edge, box, 3 if here else 1, border_radius=8)
    label = draw.fit(name, box.width - (22 if task else 8), 16, bold=here)
    draw.text(
        surface, label, (box.centerx, box.top + 10), 16, draw.WHITE if dark else draw.INK, True
    )
    if task:
        pygame.draw.circle(surface, (240, 200, 40), (box.right - 10, box.top + 10), 6)
        pygame.draw.circle(surface, draw.INK, (box.right - 10, box.top + 10), 6, 1)


def _vent(surface: pygame.Surface, box: pygame.Rect) -> None:
    """A vent's grille in the room's bottom-right corner."""
    grille = pygame.Rect(0, 0, 18, 12)
    grille.bottomright = (box.right - 5, box.bottom - 5)
    pygame.draw.rect(surface, VENT_INK, grille, border_radius=2)
    for y in range(grille.top + 3, grille.bottom - 1, 3):
        pygame.draw.line(surface, (200, 220, 205), (grille.left + 3, y), (grille.right - 4, y))


def _vent_links(
    surface: pygame.Surface, game_map: GameMap, spots: dict[str, tuple[int, int]]
) -> None:
    """Dashed lines between the rooms each vent group joins."""
    for group in game_map.vent_groups:
        for a, b in itertools.pairwise(group):
            (x0, y0), (x1, y1) = spots[a], spots[b]
            length = max(1.0, math.hypot(x1 - x0, y1 - y0))
            for start in range(0, int(length), 14):
                t0, t1 = start / length, min(1.0, (start + 7) / length)
                begin = (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0)
                end = (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)
                pygame.draw.line(surface, VENT_INK, begin, end, 2)


def _tokens(
    surface: pygame.Surface, box: pygame.Rect, living: list[str], dead: list[str], viewer: str
) -> None:
    """The players (then the bodies, crossed out) seen in a room, in up to two rows under its
    name; a crowded row overlaps its tokens, and the viewer's own comes first and is drawn on
    top of the others."""
    people = [(p, True) for p in living if p != viewer] + [(p, False) for p in dead]
    if viewer in living:
        people.insert(0, (viewer, True))
    if not people:
        return
    radius = max(9, min(13, (box.height - 24) // 4))
    rows = 1 if len(people) <= 3 or box.height < 24 + 4 * radius else 2
    per_row = math.ceil(len(people) / rows)
    step = min(2 * radius + 3, (box.width - 10 - 2 * radius) / max(per_row - 1, 1))
    for i in reversed(range(len(people))):
        player, alive = people[i]
        row, col = divmod(i, per_row)
        x = int(box.left + 5 + radius + col * step)
        y = int(box.bottom - 6 - radius - (rows - 1 - row) * (2 * radius + 2))
        draw.seat_token(surface, (x, y), player, alive, radius=radius, highlight=player == viewer)


def _deal(events: list[Event], viewer: str) -> Deal | None:
    """The viewer's own deal (its role, fellows, map and tasks), if the viewer may read one."""
    return next(
        (e.data for e in events if isinstance(e.data, Deal) and e.data.player == viewer), None
    )
