"""Werewolf's picture: seats around a table (the renderers' table kit), dark at night, each
seat's latest speech in a bubble, the ballots as arrows, and what the viewer knows of roles.

A play session holds the dawn's deaths and the vote's result on screen before the next phase,
tells a player when they die, and ends on who won and why."""

from __future__ import annotations

from typing import Any

from parlour.core.events import Event
from parlour.envs.werewolf.model import (
    Dawn,
    DayStart,
    Deal,
    Exiled,
    GameOver,
    HunterShot,
    Inspection,
    LastWords,
    NightStart,
    NoExile,
    Role,
    Speech,
    Team,
    VotesRevealed,
    WolfChat,
    team_of,
)
from parlour.renderers.base import GOD, last_of, visible_events
from parlour.renderers.picture import Outcome
from parlour.renderers.table import TablePicture

TITLES = {Team.VILLAGE: "The village wins", Team.WEREWOLVES: "The werewolves win"}
REASONS = {
    Team.VILLAGE: "Every werewolf is dead.",
    Team.WEREWOLVES: "The werewolves are as many as everyone else alive.",
}


class WerewolfPicture(TablePicture):
    round_markers = (NightStart, Dawn, DayStart)
    speeches = (Speech, WolfChat, LastWords)
    game_over = GameOver
    moments = (VotesRevealed, Exiled, NoExile, Dawn, HunterShot)
    seated_moments = (LastWords,)
    scenes = (NightStart, DayStart)

    def is_night(self, events: list[Event]) -> bool:
        """Night falls with the night's start; dawn (its deaths, the hunter's shot, the last
        words) is already day."""
        marker = last_of(events, NightStart.kind, Dawn.kind, DayStart.kind)
        return marker is not None and isinstance(marker.data, NightStart)

    def headline(self, events: list[Event]) -> str:
        marker = last_of(events, NightStart.kind, Dawn.kind, DayStart.kind)
        if marker is None:
            return "Werewolf"
        if isinstance(marker.data, NightStart):
            return f"Werewolf, night {marker.data.night}"
        if isinstance(marker.data, Dawn):
            return f"Werewolf, dawn of day {marker.data.day}"
        return f"Werewolf, day {marker.data.day}"

    def out(self, events: list[Event]) -> set[str]:
        gone: set[str] = set()
        for event in events:
            data = event.data
            if isinstance(data, Dawn):
                gone.update(d.player for d in data.deaths)
            elif isinstance(data, Exiled):
                gone.add(data.player)
            elif isinstance(data, HunterShot) and data.target:
                gone.add(data.target)
        return gone

    def secrets(self, events: list[Event], viewer: str) -> dict[str, str]:
        labels: dict[str, str] = {}
        for event in events:
            data = event.data
            if not isinstance(data, Deal):
                continue
            if viewer == GOD or data.player == viewer:
                labels[data.player] = data.role.value
            if data.player == viewer:  # a wolf knows the pack
                for mate in data.pack:
                    labels.setdefault(mate, Role.WEREWOLF.value)
        for event in events:  # what the seer learned
            data = event.data
            if isinstance(data, Inspection) and (viewer == GOD or data.player == viewer):
                team = data.team.value if data.team is not None else None
                labels.setdefault(data.target, f"seen: {team}")  # type: ignore[arg-type]
        return labels

    def fate(self, match: Any, viewer: str) -> str | None:
        for event in visible_events(match, viewer):
            data = event.data
            if isinstance(data, Dawn) and any(d.player == viewer for d in data.deaths):
                return f"You died in night {data.day}. You are out of the game."
            if isinstance(data, Exiled) and data.player == viewer:
                return "The village exiled you. You are out of the game."
            if isinstance(data, HunterShot) and data.target == viewer:
                return "The hunter shot you. You are out of the game."
        return None

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        events = visible_events(match, viewer)
        over = last_of(events, GameOver.kind)
        if over is None:
            return None
        winner = over.data.winner
        roles = over.data.roles
        verdict, won = None, None
        if viewer in roles:
            won = None if winner is None else team_of(roles[viewer]) is winner
            result = "Nobody won" if won is None else "You won" if won else "You lost"
            verdict = f"{result}: you were the {roles[viewer].value}."
        day = last_of(events, DayStart.kind)
        night = [d.player for e in events if isinstance(e.data, Dawn) for d in e.data.deaths]
        numbers = (
            ("Werewolves", ", ".join(p for p, r in roles.items() if r is Role.WEREWOLF)),
            ("Days played", str(day.data.day if day else 0)),
            ("Died at night", ", ".join(night) or "nobody"),
            ("Exiled", ", ".join(self._exiled(events)) or "nobody"),
        )
        title = TITLES.get(winner, "No winner")
        return Outcome(
            title, REASONS.get(winner, "The game reached its day limit."), verdict, won, numbers
        )

    @staticmethod
    def _exiled(events: list[Event]) -> list[str]:
        return [e.data.player for e in events if isinstance(e.data, Exiled)]
