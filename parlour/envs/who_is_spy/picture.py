"""Who-is-Spy's picture: seats around a table (the renderers' table kit), each seat's latest
description in a bubble, the ballots as arrows, and the viewer's own word under its seat."""

from __future__ import annotations

from parlour.core.events import Event
from parlour.renderers.base import GOD, last_of
from parlour.renderers.table import TablePicture


class WhoIsSpyPicture(TablePicture):
    round_markers = ("round_start",)
    speech_kinds = ("description",)

    def headline(self, events: list[Event]) -> str:
        start = last_of(events, "round_start")
        return f"Who-is-Spy, round {start.data['round']}" if start else "Who-is-Spy"

    def out(self, events: list[Event]) -> set[str]:
        return {e.data["player"] for e in events if e.kind == "elimination"}

    def secrets(self, events: list[Event], viewer: str) -> dict[str, str]:
        labels = {}
        for event in events:
            if event.kind == "deal" and (viewer == GOD or event.data["player"] == viewer):
                word = event.data.get("word")
                labels[event.data["player"]] = f"word: {word}" if word else "blank"
        return labels
