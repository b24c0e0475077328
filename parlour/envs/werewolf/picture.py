"""Werewolf's picture: seats around a table (the renderers' table kit), dark at night, each
seat's latest speech in a bubble, the ballots as arrows, and what the viewer knows of roles."""

from __future__ import annotations

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
    Role,
    Speech,
    WolfChat,
)
from parlour.renderers.base import GOD, last_of
from parlour.renderers.table import TablePicture


class WerewolfPicture(TablePicture):
    round_markers = (NightStart, DayStart)
    speeches = (Speech, WolfChat, LastWords)
    game_over = GameOver

    def is_night(self, events: list[Event]) -> bool:
        marker = last_of(events, NightStart.kind, DayStart.kind)
        return marker is not None and isinstance(marker.data, NightStart)

    def headline(self, events: list[Event]) -> str:
        marker = last_of(events, NightStart.kind, DayStart.kind)
        if marker is None:
            return "Werewolf"
        if isinstance(marker.data, NightStart):
            return f"Werewolf, night {marker.data.night}"
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
