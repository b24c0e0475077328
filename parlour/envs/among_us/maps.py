"""The maps of the Among Us-style game: rooms, corridors, vents, task spots and sabotage panels.

A map is plain data (written for Parlour): a graph of named rooms. ``skeld`` is a 14-room layout in
the spirit of the classic ship; ``grid(w, h)`` is the small grid of rooms used in the MARL paper's
experiments, with the meeting room in a corner (or, as in Sarkar et al. 2025, top middle).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from functools import cache


class GridMeeting(str, Enum):
    """Where a grid map's meeting room is (everyone starts there and returns there)."""

    CORNER = "corner"  # room_0_0
    TOP_MIDDLE = "top_middle"  # room_{(w-1)//2}_0: the SocialDeductionLLM grid's start room


@dataclass(frozen=True)
class GameMap:
    """A map of rooms.

    Attributes:
        name: the map's id.
        rooms: room names, in a fixed order.
        corridors: undirected pairs of adjacent rooms.
        vent_groups: sets of rooms joined by vents (impostors move between any two of a group).
        tasks: ``(room, task name)`` spots where tasks are done.
        meeting_room: where emergency meetings are called and where meetings return everyone.
        reactor_panels: the two rooms where the reactor must be fixed.
        lights_panel: the room where the lights are fixed.
    """

    name: str
    rooms: tuple[str, ...]
    corridors: tuple[tuple[str, str], ...]
    vent_groups: tuple[tuple[str, ...], ...]
    tasks: tuple[tuple[str, str], ...]
    meeting_room: str
    reactor_panels: tuple[str, str]
    lights_panel: str
    _adjacent: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _vents: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # start room -> corridor steps to each room, filled as asked (the map never changes)
    _distances: dict[str, dict[str, int]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        known = set(self.rooms)
        named = {r for pair in self.corridors for r in pair} | {
            r for g in self.vent_groups for r in g
        }
        named |= {room for room, _ in self.tasks} | {self.meeting_room, self.lights_panel}
        named |= set(self.reactor_panels)
        if not named <= known:
            raise ValueError(f"map {self.name} names unknown rooms: {sorted(named - known)}")
        adjacent: dict[str, list[str]] = {room: [] for room in self.rooms}
        for a, b in self.corridors:
            adjacent[a].append(b)
            adjacent[b].append(a)
        order = {room: i for i, room in enumerate(self.rooms)}
        object.__setattr__(
            self,
            "_adjacent",
            {room: tuple(sorted(n, key=order.__getitem__)) for room, n in adjacent.items()},
        )
        vents = {
            room: {r for group in self.vent_groups if room in group for r in group} - {room}
            for room in self.rooms
        }
        object.__setattr__(
            self,
            "_vents",
            {room: tuple(r for r in self.rooms if r in vents[room]) for room in self.rooms},
        )
        if len(self.distances(self.meeting_room)) != len(self.rooms):
            raise ValueError(f"map {self.name} is not connected")

    def adjacent(self, room: str) -> tuple[str, ...]:
        """Rooms one corridor away, in map order."""
        return self._adjacent[room]

    def vents_from(self, room: str) -> tuple[str, ...]:
        """Rooms an impostor can vent to from ``room``, in map order."""
        return self._vents[room]

    def distances(self, start: str) -> dict[str, int]:
        """Corridor steps from ``start`` to every reachable room (breadth-first, once per room;
        a fresh dict each call)."""
        known = self._distances.get(start)
        if known is not None:
            return dict(known)
        seen = {start: 0}
        queue = deque([start])
        while queue:
            room = queue.popleft()
            for nxt in self._adjacent[room]:
                if nxt not in seen:
                    seen[nxt] = seen[room] + 1
                    queue.append(nxt)
        self._distances[start] = seen
        return dict(seen)

    def next_step(self, start: str, goal: str) -> str:
        """The first room on a shortest path from ``start`` to ``goal`` (map order breaks ties)."""
        if start == goal:
            return start
        to_goal = self.distances(goal)
        return min(self._adjacent[start], key=lambda r: to_goal.get(r, len(self.rooms)))


SKELD = GameMap(
    name="skeld",
    rooms=(
        "Cafeteria", "Weapons", "O2", "Navigation", "Shields", "Communications", "Storage",
        "Admin", "Electrical", "Lower Engine", "Security", "Reactor", "Upper Engine", "MedBay",
    ),
    corridors=(
        ("Cafeteria", "Weapons"), ("Cafeteria", "Storage"), ("Cafeteria", "Upper Engine"),
        ("Cafeteria", "MedBay"), ("Weapons", "O2"), ("O2", "Navigation"), ("O2", "Shields"),
        ("Navigation", "Shields"), ("Shields", "Communications"), ("Shields", "Storage"),
        ("Communications", "Storage"), ("Storage", "Admin"), ("Storage", "Electrical"),
        ("Electrical", "Lower Engine"), ("Lower Engine", "Security"), ("Lower Engine", "Reactor"),
        ("Lower Engine", "Upper Engine"), ("Security", "Reactor"), ("Security", "Upper Engine"),
        ("Reactor", "Upper Engine"), ("Upper Engine", "MedBay"),
    ),
    vent_groups=(
        ("Reactor", "Upper Engine", "Lower Engine"),
        ("MedBay", "Security", "Electrical"),
        ("Cafeteria", "Admin"),
        ("Weapons", "Navigation", "Shields"),
    ),
    tasks=(
        ("Cafeteria", "empty garbage"), ("Weapons", "clear asteroids"), ("O2", "clean filter"),
        ("Navigation", "chart course"), ("Shields", "prime shields"),
        ("Communications", "download data"), ("Storage", "fuel cans"), ("Admin", "swipe card"),
        ("Electrical", "fix wiring"), ("Lower Engine", "align engine output"),
        ("Security", "check cameras"), ("Reactor", "start reactor"),
        ("Upper Engine", "align engine output"), ("MedBay", "submit scan"),
    ),
    meeting_room="Cafeteria",
    reactor_panels=("Reactor", "Security"),
    lights_panel="Electrical",
)  # fmt: skip


def grid_map(width: int, height: int, meeting: GridMeeting | str = GridMeeting.CORNER) -> GameMap:
    """A ``width`` x ``height`` grid of rooms ``room_c_r`` joined to their 4 neighbours.

    The meeting room is ``room_0_0`` (``meeting`` top middle: ``room_{(width-1)//2}_0``, and the
    map's name says so: ``grid3x2-top_middle``); vents join the four corners; the reactor panels
    are the two corners next to the far one; the lights panel is the far corner.
    """
    if width < 1 or height < 1 or width * height < 2:
        raise ValueError(f"a grid map needs at least 2 rooms, actual: {width}x{height}")
    return _grid_map(width, height, GridMeeting(meeting))  # one map object per grid


@cache
def _grid_map(width: int, height: int, meeting: GridMeeting) -> GameMap:
    rooms = tuple(f"room_{c}_{r}" for r in range(height) for c in range(width))
    corridors = tuple(
        (f"room_{c}_{r}", f"room_{c + dc}_{r + dr}")
        for r in range(height)
        for c in range(width)
        for dc, dr in ((1, 0), (0, 1))
        if c + dc < width and r + dr < height
    )
    last_c, last_r = width - 1, height - 1
    corners = tuple(dict.fromkeys(("room_0_0", f"room_{last_c}_0", f"room_0_{last_r}",
                                   f"room_{last_c}_{last_r}")))  # fmt: skip
    far = f"room_{last_c}_{last_r}"
    panels = (f"room_{last_c}_0", f"room_0_{last_r}")
    if panels[0] == panels[1]:  # a 1-wide grid: use the two ends
        panels = (rooms[0], rooms[-1])
    top_middle = meeting is GridMeeting.TOP_MIDDLE
    return GameMap(
        name=f"grid{width}x{height}" + (f"-{meeting.value}" if top_middle else ""),
        rooms=rooms,
        corridors=corridors,
        vent_groups=(corners,) if len(corners) > 1 else (),
        tasks=tuple((room, "fix panel") for room in rooms),
        meeting_room=f"room_{(width - 1) // 2}_0" if top_middle else "room_0_0",
        reactor_panels=panels,
        lights_panel=far,
    )


def load_map(name: str) -> GameMap:
    """A map by its ``name``: ``skeld``, ``grid<w>x<h>`` or ``grid<w>x<h>-top_middle``."""
    if name == SKELD.name:
        return SKELD
    if name.startswith("grid") and "x" in name:
        size, _, meeting = name[4:].partition("-")
        width, _, height = size.partition("x")
        return grid_map(int(width), int(height), GridMeeting(meeting or GridMeeting.CORNER))
    raise ValueError(f"unknown map {name!r}")
