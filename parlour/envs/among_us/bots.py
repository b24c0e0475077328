"""Scripted Among Us players built on the seat's view (never on hidden state).

* Crewmates report a body they stand on, rush to fix a sabotage, walk shortest paths to their
  open tasks and do them; by day they tell what they witnessed (a kill or a vent), else who they
  last saw with the victim, and vote for a witnessed or named killer, else that last companion,
  else skip. Asked whom they suspect most, they name that same suspect (else anyone at random).
* Impostors kill when alone with a crewmate, sabotage now and then, fake tasks along the way,
  report their own kill sometimes; they never vote for a fellow impostor and vote against a
  crewmate who accused them, else follow the room's accusation, else skip; asked whom they
  suspect, they name that same crewmate (else a crewmate at random).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.view import SeatView
from parlour.envs.among_us.maps import GameMap, load_map
from parlour.envs.among_us.model import (
    Alarm,
    Deal,
    Fixed,
    Killing,
    Meeting,
    Role,
    SabotageKind,
    Speech,
    StepView,
    TaskDone,
    Venting,
)

_ACCUSATION = re.compile(r"i saw (player_\d+) (?:kill|vent)")
_TARGET = re.compile(r"player_\d+")


class AmongUsBot:
    """A scripted player for one seat."""

    def __init__(self, view: SeatView, rng: np.random.Generator) -> None:
        self.view = view
        self.me = view.agent
        self.rng = rng
        self.role = Role.CREWMATE
        self.fellows: set[AgentId] = set()
        self.map: GameMap | None = None
        self.tasks: list[tuple[str, str]] = []
        self.done: set[tuple[str, str]] = set()
        self.room = ""
        self.seen: list[AgentId] = []  # who is in my room now
        self.bodies: list[AgentId] = []
        self.last_with: dict[AgentId, tuple[str, list[AgentId]]] = {}  # p -> room, companions
        self.witnessed: dict[AgentId, str] = {}  # culprit -> what I saw
        self.accusations: dict[AgentId, AgentId] = {}  # accuser -> accused (this meeting)
        self.victims: list[AgentId] = []
        self.sabotage: SabotageKind | None = None
        self.fake_visits = 0
        self.killed_here = False
        self.no_button = False  # found no emergency button to press in the meeting room
        self._cursor = 0

    def _sync(self) -> None:
        for event in self.view.events(self._cursor):
            data = event.data
            if isinstance(data, Deal):
                self.role = data.role
                self.fellows = set(data.impostors)
                self.map = load_map(data.map)
                self.tasks = list(data.tasks)
            elif isinstance(data, StepView):
                self.room = data.room
                self.seen = list(data.players or ())
                self.bodies = list(data.bodies)
                if len(self.seen) <= 3:  # a crowd tells nothing about who was with whom
                    for player in self.seen:
                        others = [p for p in self.seen if p != player]
                        self.last_with[player] = (self.room, others)
            elif isinstance(data, TaskDone):
                self.done.add((data.room, data.task))
            elif isinstance(data, Killing) and data.killer != self.me:
                self.witnessed[data.killer] = f"kill {data.victim} in {data.room}"
            elif isinstance(data, Killing):
                self.killed_here = True
            elif isinstance(data, Venting) and data.player != self.me:
                self.witnessed.setdefault(data.player, f"vent in {data.origin}")
            elif isinstance(data, Alarm):
                self.sabotage = data.sabotage
            elif isinstance(data, Fixed):
                self.sabotage = None
            elif isinstance(data, Meeting):
                self.victims = list(data.bodies)
                self.accusations = {}
                self.killed_here = False
            elif isinstance(data, Speech) and data.text:
                accused = _ACCUSATION.search(data.text.lower())
                if accused and accused.group(1) != data.player:
                    self.accusations[data.player] = accused.group(1)
        self._cursor = len(self.view)

    def _pick(self, options: list[str]) -> str:
        return options[int(self.rng.integers(len(options)))]

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        self._sync()
        phase = info.get("phase")
        legal = list(info.get("legal_actions") or [])
        if len(legal) == 1:  # nothing to decide (a dead player's [wait] until the meeting)
            return legal[0]
        if phase == "discussion":
            return self._speak()
        if phase == "vote":
            return self._vote(legal)
        if phase == "survey":
            return self._answer(legal)
        if not legal:
            return "[wait]"
        return self._roam_impostor(legal) if self.role is Role.IMPOSTOR else self._roam_crew(legal)

    # -- roam ---------------------------------------------------------------------------------
    def _toward(self, rooms: list[str], legal: list[str]) -> str | None:
        """A legal move one step along a shortest path to the nearest of ``rooms``."""
        if self.map is None or not rooms:
            return None
        distances = self.map.distances(self.room)
        goal = min(rooms, key=lambda r: (distances.get(r, 99), self.map.rooms.index(r)))  # type: ignore[union-attr]
        if goal == self.room:
            return None
        move = f"[move {self.map.next_step(self.room, goal)}]"
        return next((a for a in legal if a.lower() == move.lower()), None)

    def _roam_crew(self, legal: list[str]) -> str:
        if "[report]" in legal:
            return "[report]"
        if self.sabotage and self.map is not None:
            if "[fix]" in legal:
                return "[fix]"
            panels = (
                list(self.map.reactor_panels)
                if self.sabotage is SabotageKind.REACTOR
                else [self.map.lights_panel]
            )
            move = self._toward(panels, legal)
            if move:
                return move
        if self.witnessed and "[meeting]" in legal:
            return "[meeting]"
        if self.witnessed and self.map is not None and self.room == self.map.meeting_room:
            self.no_button = True  # no use left, or a game without the button
        if self.witnessed and self.map is not None and not self.no_button:
            move = self._toward([self.map.meeting_room], legal)
            if move:
                return move
        if "[task]" in legal:
            return "[task]"
        open_rooms = [room for room, name in self.tasks if (room, name) not in self.done]
        return self._toward(open_rooms, legal) or "[wait]"

    def _roam_impostor(self, legal: list[str]) -> str:
        kills = [a for a in legal if a.startswith("[kill ")]
        crew_here = [p for p in self.seen if p not in self.fellows]
        if kills and len(crew_here) == 1:  # alone with one crewmate: no witness
            return kills[0]
        if "[report]" in legal and self.killed_here and self.rng.random() < 0.3:
            return "[report]"
        if "[sabotage reactor]" in legal and self.rng.random() < 0.5:
            return "[sabotage reactor]"
        if "[sabotage lights]" in legal and self.rng.random() < 0.2:
            return "[sabotage lights]"
        if kills and len(crew_here) > 1:
            return self._pick([a for a in legal if a.startswith("[move ")] or ["[wait]"])
        if "[task]" in legal and self.fake_visits < 2:
            self.fake_visits += 1
            return "[task]"
        self.fake_visits = 0
        rooms = [room for room, _ in self.tasks if room != self.room]
        if rooms and self.rng.random() < 0.7:
            move = self._toward([rooms[int(self.rng.integers(len(rooms)))]], legal)
            if move:
                return move
        moves = [a for a in legal if a.startswith("[move ")]
        return self._pick(moves) if moves else "[wait]"

    # -- meetings -----------------------------------------------------------------------------
    def _suspect(self) -> AgentId | None:
        """Who a crewmate holds responsible: witnessed, else named by others, else the last
        player seen with a victim."""
        living = set(self.view.players)
        for culprit in self.witnessed:
            return culprit
        named = [a for a in self.accusations.values() if a != self.me]
        if named:
            return max(set(named), key=lambda p: (named.count(p), p))
        for victim in self.victims:
            _, companions = self.last_with.get(victim, ("", []))
            if companions and companions[0] in living:
                return companions[0]
        return None

    def _speak(self) -> str:
        if self.role is Role.CREWMATE:
            for culprit, what in self.witnessed.items():
                return f"I saw {culprit} {what}. Vote {culprit}."
            for victim in self.victims:
                room, companions = self.last_with.get(victim, ("", []))
                if companions:
                    return f"I last saw {victim} with {companions[0]} in {room}."
        return f"I was doing my tasks in {self.room or 'the halls'}."

    def _answer(self, legal: list[str]) -> str:
        """Whom I suspect most: my vote's target if I have one, else anyone at random (an
        impostor: a crewmate)."""
        vote = self._vote([f"[vote {a[len('[suspect ') : -1]}]" for a in legal], keep=True)
        if vote != "[skip]":
            return f"[suspect {vote[len('[vote ') : -1]}]"
        others = [a for a in legal if _TARGET.findall(a)[0] not in self.fellows]
        return self._pick(others or legal)

    def _vote(self, legal: list[str], keep: bool = False) -> str:
        """My ballot (``keep``: only asked whom I suspect, so what I witnessed is not spent)."""
        if self.role is Role.IMPOSTOR:
            accusers = [
                a for a, accused in self.accusations.items() if accused in self.fellows | {self.me}
            ]
            named = [a for a in self.accusations.values() if a not in self.fellows | {self.me}]
            for target in [*accusers, *named]:
                action = f"[vote {target}]"
                if action in legal:
                    return action
            # no lead: a vote on a crewmate rather than a skip, so a stray plurality is less
            # likely to land on an impostor
            crew = [a for a in legal if a != "[skip]" and _TARGET.findall(a)[0] not in self.fellows]
            return self._pick(crew) if crew else "[skip]"
        suspect = self._suspect()
        action = f"[vote {suspect}]"
        if not keep:
            self.witnessed.clear()
        return action if suspect and action in legal else "[skip]"


def make_bot(view: SeatView, rng: np.random.Generator) -> AmongUsBot:
    """The ``scripted`` agent's entry point."""
    return AmongUsBot(view, rng)
