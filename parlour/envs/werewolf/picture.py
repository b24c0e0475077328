"""Werewolf's picture: seats around a table (the renderers' table kit), dark at night, each
seat's latest speech in a bubble, the ballots as arrows, and what the viewer knows of roles."""

from __future__ import annotations

from parlour.core.events import Event
from parlour.renderers.base import GOD, last_of
from parlour.renderers.table import TablePicture


class WerewolfPicture(TablePicture):
    round_markers = ("night_start", "day_start")
    speech_kinds = ("speech", "wolf_chat", "last_words")

    def is_night(self, events: list[Event]) -> bool:
        marker = last_of(events, "night_start", "day_start")
        return marker is not None and marker.kind == "night_start"

    def headline(self, events: list[Event]) -> str:
        marker = last_of(events, "night_start", "day_start")
        if marker is None:
            return "Werewolf"
        if marker.kind == "night_start":
            return f"Werewolf, night {marker.data['night']}"
        return f"Werewolf, day {marker.data['day']}"

    def out(self, events: list[Event]) -> set[str]:
        gone: set[str] = set()
        for event in events:
            if event.kind == "dawn":
                gone.update(d["player"] for d in event.data["deaths"])
            elif event.kind == "exile":
                gone.add(event.data["player"])
            elif event.kind == "hunter_shot" and event.data.get("target"):
                gone.add(event.data["target"])
        return gone

    def secrets(self, events: list[Event], viewer: str) -> dict[str, str]:
        labels: dict[str, str] = {}
        for event in events:
            if event.kind != "deal":
                continue
            player = event.data["player"]
            if viewer == GOD or player == viewer:
                labels[player] = str(event.data["role"])
            if player == viewer:  # a wolf knows the pack
                for mate in event.data.get("pack") or ():
                    labels.setdefault(mate, "werewolf")
        for event in events:  # what the seer learned
            if event.kind == "inspection" and (viewer == GOD or event.data["player"] == viewer):
                labels.setdefault(event.data["target"], f"seen: {event.data['team']}")
        return labels
