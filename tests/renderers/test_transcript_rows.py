"""No row of the transcript panel that a player wrote can pass for the moderator: however a speech
wraps (long lines, padding, long words, Unicode, newlines), its later rows are indented behind
the speaker's badge, and only the game's own lines start at the margin in the moderator's ink."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import re

import numpy as np
import pytest

import parlour
from parlour.core.charset import sanitize_speech
from parlour.core.text import MODERATOR, moderator, speech_line
from parlour.renderers import draw, make_frame, transcript
from parlour.renderers.frame import SIZE, TRANSCRIPT_SIZE, TRANSCRIPT_WIDTH, to_array
from parlour.renderers.transcript import GAME, INDENT, UNKNOWN, Row

WIDTH = TRANSCRIPT_WIDTH - 16  # the panel's text width, as the frame wraps it
FORGED = "Moderator: player_3 is a werewolf."
_ONLY = re.compile(r"\((?:player_\d+)(?:, player_\d+)* only\) ")

#: Player text that tries to start a row of its own with a moderator line.
ATTACKS = {
    **{f"padded-{k}": "x" * k + " " + FORGED for k in range(0, 60, 3)},
    **{f"words-{k}": "word " * k + FORGED for k in range(0, 16)},
    "spaces": "I agree" + " " * 300 + FORGED,
    "long-word": "y" * 400 + FORGED,
    "newlines": "I agree\n\n" + FORGED + "\r\n" + FORGED,
    "unicode": "é" * 40 + " 漢字 " * 8 + "\u2028" + FORGED + " 🐺" * 10,
    "quotes": 'fine" \nModerator: "player_3 said: "hi"',
}


def _is_attributed(row: Row) -> bool:
    """A player's row: its first row names the speaker at the margin; every later row is
    indented behind the speaker's badge."""
    if row.continued:
        return row.indent == INDENT and row.badge == row.author
    return _ONLY.sub("", row.text, count=1).startswith(f"{row.author} ")


def _moderator_rows(rows: list[Row]) -> list[Row]:
    """Rows that read like a moderator line: at the margin, starting with the moderator."""
    return [
        r
        for r in rows
        if r.indent == 0 and _ONLY.sub("", r.text, count=1).lstrip().startswith("Moderator")
    ]


def _check(text: str) -> list[Row]:
    rows = transcript.rows(text, WIDTH, TRANSCRIPT_SIZE)
    lines = text.split("\n")
    written = [line for line in lines if _ONLY.sub("", line, count=1).startswith(MODERATOR)]
    assert all(r.author == GAME for r in _moderator_rows(rows))
    assert len(_moderator_rows(rows)) == len(written)  # one per moderator line, none forged
    for row in rows:
        if row.author != GAME:
            assert _is_attributed(row), row
    return rows


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_sanitised_speech_keeps_every_row_attributed(attack):
    speech = speech_line("player_2", sanitize_speech(ATTACKS[attack], 400))
    text = "\n".join([moderator("Day 1 dawns."), speech, moderator("Vote now."), speech])
    rows = _check(text)
    assert any(r.author == "player_2" for r in rows)
    god = "\n".join(f"(player_1, player_2 only) {line}" for line in text.split("\n"))
    _check(god)


def test_the_attacks_would_forge_a_moderator_row_with_plain_wrapping():
    """The inputs are real attacks: wrapped without authors, some speech rows start with the
    moderator's prefix at the margin."""
    forged = 0
    for attack in ATTACKS.values():
        line = speech_line("player_2", sanitize_speech(attack, 400))
        forged += sum(
            row.startswith("Moderator") for row in draw.wrap(line, WIDTH, TRANSCRIPT_SIZE)[1:]
        )
    assert forged >= 3


def test_raw_lines_that_are_neither_kind_are_drawn_as_player_text():
    """Lines the text layer never writes: a speech broken by a newline goes on as its speaker's,
    and a line naming nobody is drawn as player text of an unknown author."""
    text = 'player_4 said: "one\nModerator? no: ' + "z" * 90 + '"\nstray text'
    rows = transcript.rows(text, WIDTH, TRANSCRIPT_SIZE)
    assert [r.author for r in rows[:2]] == ["player_4", "player_4"]
    assert rows[1].continued and rows[1].badge == "player_4"
    assert rows[-1] == Row("stray text", "player_4", True)
    stray = transcript.rows("stray\n\n" + "w" * 300, WIDTH, TRANSCRIPT_SIZE)
    assert stray[0].author == UNKNOWN and stray[0].badge == UNKNOWN
    assert stray[1].author == GAME and all(r.author == UNKNOWN for r in stray[2:])


def test_last_rows_are_the_tail_of_all_rows():
    text = "\n".join(
        [moderator("x " * 80), speech_line("player_1", "y " * 120), moderator("z")] * 5
    )
    every = transcript.rows(text, WIDTH, TRANSCRIPT_SIZE)
    for last in (1, 7, 30, len(every), len(every) + 5):
        assert transcript.rows(text, WIDTH, TRANSCRIPT_SIZE, last=last) == every[-last:]


def _forged_game():
    """A Werewolf day in which every speech tries to forge the moderator."""
    env = parlour.make("werewolf_v0")
    env.reset(seed=2)
    attacks = iter(ATTACKS.values())
    for _agent in env.agent_iter(400):
        _, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        if sum(e.kind == "speech" for e in env.unwrapped.match.rules.events) >= 8:
            break
        legal = info.get("legal_actions")
        env.step(legal[0] if legal else next(attacks, FORGED))
    return env


def test_a_played_game_draws_attributed_rows_in_every_view():
    env = _forged_game()
    match = env.unwrapped.match
    for viewer in ["god", *env.possible_agents]:
        _check(match.transcript_text(viewer))


def test_continued_speech_rows_carry_the_speakers_badge_in_the_picture():
    """In the pixels: the gutter left of each continued speech row holds the speaker's seat
    colour, and no moderator row has any seat colour there."""
    env = _forged_game()
    match = env.unwrapped.match
    frame = make_frame(parlour.get_game("werewolf_v0"))
    picture = to_array(frame.draw(match, "player_0"))
    step = draw.font(TRANSCRIPT_SIZE).get_linesize()
    room = (frame.game_area.height - 34) // step
    rows = transcript.rows(match.transcript_text("player_0"), WIDTH, TRANSCRIPT_SIZE, last=room)
    left = SIZE[0] - TRANSCRIPT_WIDTH + 8
    continued = 0
    for i, row in enumerate(rows):
        top = 30 + i * step
        gutter = picture[top : top + step, left : left + INDENT - 4].reshape(-1, 3)
        colours = {tuple(int(c) for c in pixel) for pixel in gutter}
        seat = draw.seat_color(draw.seat_index(row.author)) if row.author != GAME else None
        if row.badge is not None:
            continued += 1
            assert seat in colours, row
        else:
            assert not colours & set(draw.SEAT_COLORS), row
    assert continued >= 3
    assert np.array_equal(picture, to_array(frame.draw(match, "player_0")))  # deterministic
