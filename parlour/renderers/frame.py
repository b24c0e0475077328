"""The window frame every game shares: the game view, the transcript, a status bar, and for a
human seat the panel of :mod:`parlour.renderers.controls` (the turn's prompt, an input field and
a button per legal action). The frame is laid out for its current size, so a window can be
resized; ``rgb_array`` frames are :data:`SIZE`.

A frame is drawn from a match and a viewer (``"god"`` or an agent id). For a player the
transcript is that player's own (``match.transcript_text(viewer)``), its rows attributed to
their authors (:mod:`parlour.renderers.transcript`), and the status bar says only whether it is
their turn: who else is acting can itself be a secret (a night role's turn), so it names another
acting player only where the player's own prompt does (:func:`thinking_status`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from parlour.renderers import draw, transcript
from parlour.renderers.base import GOD
from parlour.renderers.controls import Controls, draw_panel, lay_out

if TYPE_CHECKING:
    from parlour.renderers.picture import Picture

__all__ = ["SIZE", "Controls", "Frame", "thinking_status", "to_array"]

#: The frame's size for ``rgb_array`` frames and where no window says otherwise.
SIZE = (1024, 680)
#: A window's size where the screen has room for it.
WINDOW_SIZE = (1280, 800)
#: The least size a window is drawn at (a smaller window shows this size, clipped).
MIN_SIZE = (800, 560)
STATUS_HEIGHT = 30
TRANSCRIPT_SIZE = 17
#: The transcript panel's least and largest width (a third of the frame between the two).
TRANSCRIPT_WIDTHS = (330, 520)
#: The share of the frame's height the seat's panel may take (its button rows scroll beyond).
CONTROLS_SHARE = 0.45
#: The keys a play window's status bar lists.
KEYS = "F1: rules"


class Frame:
    """Lays out and draws the frame at its current ``size`` (a window may resize it); after
    :meth:`draw`, ``buttons`` holds each clickable rectangle of the seat's panel and what it
    sends, and ``game_area``, ``transcript_area`` and ``controls_area`` the parts' rectangles."""

    def __init__(self, env_id: str, view: Picture, size: tuple[int, int] = SIZE) -> None:
        self.env_id = env_id
        self.view = view
        self.size = size
        self.buttons: list[tuple[pygame.Rect, str]] = []
        self.game_area = pygame.Rect(0, 0, 0, 0)
        self.transcript_area = pygame.Rect(0, 0, 0, 0)
        self.controls_area = pygame.Rect(0, 0, 0, 0)
        self.scroll = 0  # transcript lines scrolled back from the newest
        self.keys = ""  # the keys the status bar lists (a play window's: :data:`KEYS`)

    def resize(self, size: tuple[int, int]) -> None:
        """Draw at ``size`` from now on (at least :data:`MIN_SIZE`)."""
        self.size = (max(MIN_SIZE[0], int(size[0])), max(MIN_SIZE[1], int(size[1])))

    def draw(
        self,
        match: Any,
        viewer: str,
        controls: Controls | None = None,
        status: str = "",
        surface: pygame.Surface | None = None,
    ) -> pygame.Surface:
        width, height = self.size
        surface = surface or pygame.Surface(self.size)
        surface.fill(draw.BACKGROUND)
        layout = (
            None if controls is None else lay_out(controls, width, int(height * CONTROLS_SHARE))
        )
        bottom = height - STATUS_HEIGHT - (layout.height if layout is not None else 0)
        side = transcript_width(width)
        self.game_area = pygame.Rect(0, 0, width - side, bottom)
        self.transcript_area = pygame.Rect(width - side, 0, side, bottom)
        self.controls_area = pygame.Rect(0, bottom + STATUS_HEIGHT, width, height - bottom)
        surface.set_clip(self.game_area)
        self.view.draw(surface, self.game_area, match, viewer)
        surface.set_clip(None)
        self._transcript(surface, self.transcript_area, match, viewer)
        bar = pygame.Rect(0, bottom, width, STATUS_HEIGHT)
        self._status(surface, bar, match, viewer, status, controls)
        self.buttons = []
        if controls is not None and layout is not None:
            self.controls_area.height = layout.height
            self.buttons = draw_panel(surface, self.controls_area, controls, layout)
        return surface

    def _transcript(
        self, surface: pygame.Surface, rect: pygame.Rect, match: Any, viewer: str
    ) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect)
        title = "Transcript" + ("" if viewer == GOD else f" ({viewer})")
        draw.text(surface, title, (rect.left + 8, rect.top + 6), 20, bold=True)
        step = draw.font(TRANSCRIPT_SIZE).get_linesize()
        room = max(2, (rect.height - 34) // step)
        text = match.transcript_text(viewer)
        lines = transcript.rows(text, rect.width - 16, TRANSCRIPT_SIZE, last=room + self.scroll)
        self.scroll = max(0, min(self.scroll, len(lines) - room + 1))
        if self.scroll:
            room -= 1  # the last row says how far back this is, under the text
        end = len(lines) - self.scroll
        y = rect.top + 30
        for line in lines[max(0, end - room) : end]:
            transcript.draw_row(surface, line, rect.left + 8, y, TRANSCRIPT_SIZE)
            y += step
        if self.scroll:
            label = draw.fit(f"(scrolled back {self.scroll} lines)", rect.width - 16, 15)
            draw.text(surface, label, (rect.left + 8, y + 2), 15, draw.MUTED)

    def _status(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        match: Any,
        viewer: str,
        status: str,
        controls: Controls | None,
    ) -> None:
        pygame.draw.rect(surface, draw.INK, rect)
        parts = [self.env_id, f"view: {viewer}", turn_status(match, viewer, controls)]
        if status:
            parts.append(status)
        keys_width = draw.font(17).size(self.keys)[0] if self.keys else 0
        line = draw.fit("   |   ".join(parts), rect.width - 40 - keys_width, 20)
        draw.text(surface, line, (rect.left + 10, rect.top + 7), 20, draw.WHITE)
        if self.keys:
            spot = (rect.right - 10 - keys_width, rect.top + 8)
            draw.text(surface, self.keys, spot, 17, draw.PANEL)

    def click(self, position: tuple[int, int]) -> str | None:
        """What the button at ``position`` sends (an action, or a scroll arrow's
        :data:`~parlour.renderers.controls.SCROLL_UP` or ``SCROLL_DOWN``), if any."""
        for rect, action in self.buttons:
            if rect.collidepoint(position):
                return action
        return None


def transcript_width(width: int) -> int:
    """The transcript panel's width in a frame ``width`` pixels wide."""
    return max(TRANSCRIPT_WIDTHS[0], min(TRANSCRIPT_WIDTHS[1], width * 8 // 25))


#: The transcript panel's width in a frame of :data:`SIZE`.
TRANSCRIPT_WIDTH = transcript_width(SIZE[0])


def window_size() -> tuple[int, int]:
    """A window's first size: :data:`WINDOW_SIZE`, or 92% of a smaller screen (:data:`SIZE`
    where the screen's size is unknown)."""
    try:
        screen = pygame.display.get_desktop_sizes()[0]
    except (pygame.error, IndexError):
        return SIZE
    if screen[0] <= 0 or screen[1] <= 0:
        return SIZE
    return min(WINDOW_SIZE[0], int(screen[0] * 0.92)), min(WINDOW_SIZE[1], int(screen[1] * 0.92))


def turn_status(match: Any, viewer: str, controls: Controls | None = None) -> str:
    """Whose turn the status bar says it is: a seat's own turn is "your turn", unless the window
    answers it for the seat (``controls.answered``: a clock it lets run, a turn with nothing to
    choose), when it waits like everyone else."""
    if match.is_over():
        return "game over"
    if viewer == GOD:
        return "acting: " + (", ".join(match.acting()) or "nobody")
    asked = controls is None or not controls.answered
    return "your turn" if asked and viewer in match.acting() else "waiting"


def thinking_status(match: Any, viewer: str, agent: str) -> str:
    """The status line while ``agent`` thinks, as ``viewer`` may read it.

    Who acts can itself be a secret (the wolves at night, the doctor), so a player's window
    names the acting agent only where the game's own prompt for that player does ("Waiting for
    player_3."): the window says no more than the text, which the leak tests check. The god view
    names everyone."""
    thinking = f"{agent} is thinking"
    if viewer in (GOD, agent) or re.search(rf"\b{re.escape(agent)}\b", match.prompt(viewer)):
        return thinking
    return "waiting for the other players"


def to_array(surface: pygame.Surface) -> np.ndarray:
    """A surface as an ``(height, width, 3)`` uint8 array (PettingZoo's rgb_array frames), the
    caller's own. Read as row-major RGB bytes: a tenth of the cost of transposing ``surfarray``'s
    column-major copy, which took two thirds of a frame."""
    width, height = surface.get_size()
    pixels = np.frombuffer(pygame.image.tobytes(surface, "RGB"), dtype=np.uint8)
    return pixels.reshape(height, width, 3).copy()
