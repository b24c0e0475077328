"""Who-is-Spy's picture: seats around a table (the renderers' table kit), each seat's latest
description in a bubble, the ballots as arrows, and the viewer's own word under its seat.

A play session holds the ballot reveal and the elimination on screen before the next round,
tells a player when they are voted out, and ends on who won and why."""

from __future__ import annotations

from typing import Any

from parlour.core.events import Event
from parlour.envs.who_is_spy.model import (
    BlankGuess,
    Deal,
    Description,
    Elimination,
    GameOver,
    NoElimination,
    RoundStart,
    Runoff,
    VotesRevealed,
)
from parlour.renderers.base import GOD, last_of, visible_events
from parlour.renderers.picture import Outcome
from parlour.renderers.table import TablePicture

TITLES = {"civilians": "The civilians win", "spies": "The spies win", "blanks": "A blank wins"}
REASONS = {
    "civilians": "Every spy was voted out.",
    "spies": "The spies are as many as the civilians left.",
    "blanks": "The blanks outlasted the civilians.",
}


class WhoIsSpyPicture(TablePicture):
    round_markers = (RoundStart,)
    speeches = (Description,)
    game_over = GameOver
    moments = (VotesRevealed, Elimination, NoElimination, Runoff)
    scenes = (RoundStart,)

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

    def fate(self, match: Any, viewer: str) -> str | None:
        round_number = 0
        for event in visible_events(match, viewer):
            if isinstance(event.data, RoundStart):
                round_number = event.data.round
            elif isinstance(event.data, Elimination) and event.data.player == viewer:
                return f"You were voted out in round {round_number}. You are out of the game."
        return None

    def outcome(self, match: Any, viewer: str) -> Outcome | None:
        events = visible_events(match, viewer)
        over = last_of(events, GameOver.kind)
        if over is None:
            return None
        data = over.data
        reason = REASONS.get(data.winner or "", "The game reached its round limit.")
        if any(isinstance(e.data, BlankGuess) and e.data.right for e in events):
            reason = "A blank guessed the civilians' word."
        reason += (
            f' The civilians\' word was "{data.civilian_word}", the spies\' "{data.spy_word}".'
        )
        verdict, won = None, None
        role = data.roles.get(viewer)
        if role is not None:
            won = None if data.winner is None else viewer in data.winners
            result = "Nobody won" if won is None else "You won" if won else "You lost"
            verdict = f"{result}: you were a {role}."
        start = last_of(events, RoundStart.kind)
        out = [e.data.player for e in events if isinstance(e.data, Elimination)]
        numbers = (
            ("Spies", ", ".join(p for p, r in data.roles.items() if r == "spy") or "none"),
            ("Rounds played", str(start.data.round if start else 0)),
            ("Voted out", ", ".join(out) or "nobody"),
        )
        return Outcome(TITLES.get(data.winner or "", "No winner"), reason, verdict, won, numbers)
