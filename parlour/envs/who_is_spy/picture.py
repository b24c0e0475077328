"""Who-is-Spy's picture: seats around a table (the renderers' table kit), each seat's latest
description in a bubble, the ballots as arrows, and the viewer's own word under its seat."""

from __future__ import annotations

from parlour.core.events import Event
from parlour.envs.who_is_spy.model import (
    Deal,
    Description,
    Elimination,
    GameOver,
    RoundStart,
)
from parlour.renderers.base import GOD, last_of
from parlour.renderers.table import TablePicture


class WhoIsSpyPicture(TablePicture):
    round_markers = (RoundStart,)
    speeches = (Description,)
    game_over = GameOver

    def headline(self, events: list[Event]) -> str:
        start = last_of(events, RoundStart.kind)
        return f"Who-is-Spy, round {start.data.round}" if start else "Who-is-Spy"

    def out(self, events: list[Event]) -> set[str]:
        return {e.data.player for e in events if isinstance(e.data, Elimination)}

    def secrets(self, events: list[Event], viewer: str) -> dict[str, str]:
        labels = {}
        for event in events:
            data = event.data
            if isinstance(data, Deal) and viewer in (GOD, data.player):
                labels[data.player] = f"word: {data.word}" if data.word else "blank"
        return labels
