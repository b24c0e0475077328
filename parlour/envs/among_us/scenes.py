"""What the Among Us picture adds over the map: the meeting, the viewer's fate, the outcome.

A meeting is an overlay with who is alive, the messages (each wrapped row behind its speaker's
seat badge, so no row of player text passes for the game's own) and, once the vote is in, the
ballots (or only the counts) and who was ejected; it stays up until the next roam step. A
player is told when they were killed or ejected, and the end says who won and why in words.
"""

from __future__ import annotations

from typing import Any

import pygame

from parlour.core.events import Event
from parlour.envs.among_us.model import (
    Ejection,
    GameOver,
    Killed,
    Meeting,
    NoEjection,
    Role,
    Speech,
    TaskDone,
    VoteCounts,
    VotesRevealed,
)
from parlour.renderers import draw
from parlour.renderers.base import GOD, last_of
from parlour.renderers.picture import Outcome

#: Why a game ended, in words.
REASONS = {
    "tasks": "The crewmates still alive finished all their tasks.",
    "ejections": "Every impostor was ejected.",
    "kills": "The impostors are as many as the crewmates left alive.",
    "reactor meltdown": "The reactor melted down before the crew fixed it.",
    "step limit": "The game reached its step limit without a winner.",
}
MESSAGE_SIZE = 17
BADGE = 8


def draw_meeting(
    surface: pygame.Surface, area: pygame.Rect, current: list[Event], meeting: Meeting
) -> None:
    """The meeting overlay over ``area``: ``current`` holds the meeting's events so far."""
    panel = area.inflate(-40, -60)
    shade = pygame.Surface(panel.size, pygame.SRCALPHA)
    shade.fill((20, 24, 40, 232))
    surface.blit(shade, panel)
    if meeting.reason == "report":
        title = f"Meeting: {meeting.caller} reported the body of {', '.join(meeting.bodies)}"
    else:
        title = f"Emergency meeting called by {meeting.caller}"
    x, width = panel.left + 14, panel.width - 28
    draw.text(
        surface, draw.fit(title, width, 24, True), (x, panel.top + 10), 24, draw.WHITE, bold=True
    )
    for i, player in enumerate(meeting.living):
        spot = (x + 16 + i * 40, panel.top + 58)
        if spot[0] < panel.right - 16:
            draw.seat_token(surface, spot, player, True, 15)
    result = _result_lines(current)
    step = draw.font(MESSAGE_SIZE).get_linesize()
    result_rows = [r for line in result for r in draw.wrap(line, width, MESSAGE_SIZE)]
    result_rows = draw.clipped(result_rows, 5, width, MESSAGE_SIZE)
    bottom = panel.bottom - 10 - step * len(result_rows)
    _messages(surface, pygame.Rect(x, panel.top + 84, width, bottom - panel.top - 90), current)
    for row in result_rows:
        draw.text(surface, row, (x, bottom), MESSAGE_SIZE, (250, 210, 120), bold=True)
        bottom += step


def _messages(surface: pygame.Surface, rect: pygame.Rect, current: list[Event]) -> None:
    """The meeting's messages, newest last, as many as fit; every wrapped row starts with its
    speaker's badge, and a message longer than two rows ends in an ellipsis."""
    step = draw.font(MESSAGE_SIZE).get_linesize()
    text_width = rect.width - 2 * BADGE - 8
    rows: list[tuple[str, str]] = []
    for event in current:
        if isinstance(event.data, Speech):
            said = event.data.text if event.data.text is not None else "(withheld as invalid)"
            lines = draw.wrap(f"{event.data.player}: {said}", text_width, MESSAGE_SIZE)
            rows += [(event.data.player, line) for line in draw.clipped(lines, 2, text_width)]
    room = max(0, rect.height // step)
    if len(rows) > room:
        rows = rows[len(rows) - room + 1 :]
        note = "(earlier messages are in the transcript)"
        draw.text(surface, note, (rect.left, rect.top), 15, (190, 190, 200))
        top = rect.top + step
    else:
        top = rect.top
    for speaker, line in rows:
        draw.seat_token(surface, (rect.left + BADGE, top + step // 2), speaker, radius=BADGE)
        draw.text(surface, line, (rect.left + 2 * BADGE + 8, top), MESSAGE_SIZE, draw.WHITE)
        top += step


def _result_lines(current: list[Event]) -> list[str]:
    """The vote's result, once it is in: the ballots (or the counts) and who was ejected."""
    revealed = last_of(current, VotesRevealed.kind, VoteCounts.kind)
    if revealed is None:
        return []
    data = revealed.data
    if isinstance(data, VotesRevealed):
        votes = "; ".join(f"{v} -> {t or 'skip'}" for v, t in data.ballots.items())
    else:  # counts only: not who voted for whom
        votes = ", ".join(f"{p}: {n}" for p, n in data.tally.items() if n)
        votes += f"{', ' if votes else ''}skipped: {data.skips}"
    lines = [f"Votes: {votes}"]
    end = last_of(current, Ejection.kind, NoEjection.kind)
    if end is not None and isinstance(end.data, Ejection):
        role = f" ({end.data.role.value})" if end.data.role is not None else ""
        lines.append(f"{end.data.player} was ejected{role}.")
    elif end is not None:
        why = "a tie" if end.data.reason == "tie" else "most skipped"
        lines.append(f"Nobody was ejected ({why}).")
    return lines


def fate_of(match: Any, events: list[Event], viewer: str) -> str | None:
    """How the viewer left the game: ejected by a meeting, or killed (where, and by whom if they
    could see, as their own text tells them); None while they are alive."""
    if viewer == GOD:
        return None
    for event in events:
        if isinstance(event.data, Ejection) and event.data.player == viewer:
            return "You were ejected by the meeting. You are out of the game."
        if isinstance(event.data, Killed):  # (the victim's own news)
            by = f" by {event.data.killer}" if event.data.killer else ""
            return f"You were killed{by} in {event.data.room}. Watch how the game ends."
    if viewer not in match.rules.living:
        return "You were killed. You are out of the game: watch how it ends."
    return None


def outcome_of(match: Any, events: list[Event], viewer: str) -> Outcome | None:
    """The end in words: who won and why, the viewer's own result, a few numbers."""
    over = last_of(events, GameOver.kind)
    if over is None:
        return None
    data = over.data
    if data.winner is None:
        title = "No winner"
    else:
        title = "The crewmates win" if data.winner is Role.CREWMATE else "The impostors win"
    reason = REASONS.get(data.reason, data.reason)
    verdict, won = None, None
    role = data.roles.get(viewer)
    if role is not None:
        won = None if data.winner is None else role is data.winner
        result = "Nobody won" if won is None else "You won" if won else "You lost"
        verdict = f"{result}: you were {'an impostor' if role is Role.IMPOSTOR else 'a crewmate'}."
    impostors = [p for p, r in data.roles.items() if r is Role.IMPOSTOR]
    ejected = [e.data.player for e in events if isinstance(e.data, Ejection)]
    numbers = [
        ("Impostors", ", ".join(impostors)),
        ("Ejected", ", ".join(ejected) or "nobody"),
        ("Crew tasks done", tasks_done(match.rules)),
        ("Steps played", str(match.rules.step_number)),
    ]
    if role is not None:
        done = sum(isinstance(e.data, TaskDone) and e.data.player == viewer for e in events)
        numbers.append(("Your tasks done", str(done)))
    return Outcome(title, reason, verdict, won, tuple(numbers))


def tasks_done(rules: Any) -> str:
    """The crew's task progress now, as the god view and the end tell it: the share of all
    crewmates' task steps done (the game's ``task_completion`` metric; the public task bar is
    this share as it stood at the last meeting), and the living crewmates' share (all of theirs
    done is the crew's task win: a dead crewmate's tasks can never be finished)."""
    every, living = rules.task_progress(), rules.task_progress(living=True)
    return f"{every:.0%} (living crew {living:.0%})"
