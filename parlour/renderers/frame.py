"""The window frame every game shares: the game view, the transcript, a status bar, and for a
human seat an input box and a button per legal action.

A frame is drawn from a match and a viewer (``"god"`` or an agent id). For a player the
transcript is that player's own (``match.transcript_text(viewer)``), its rows attributed to
their authors (:mod:`parlour.renderers.transcript`), and the status bar says only whether it is
their turn: who else is acting can itself be a secret (a night role's turn), so it names another
acting player only where the player's own prompt does (:func:`thinking_status`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from parlour.renderers import draw, transcript
from parlour.renderers.base import GOD

if TYPE_CHECKING:
    from parlour.renderers.picture import Picture

SIZE = (1024, 680)
TRANSCRIPT_WIDTH = 330
STATUS_HEIGHT = 28
CONTROLS_HEIGHT = 104
BUTTON_HEIGHT = 26


@dataclass
class Controls:
    """A human seat's input: the line being typed, the legal actions (as buttons) and a note
    (the last error, or how to play)."""

    typed: str = ""
    legal: list[str] = field(default_factory=list)
    note: str = ""
    active: bool = False  # whether the seat must act now


class Frame:
    """Lays out and draws the frame; after :meth:`draw`, ``buttons`` holds each action button's
    rectangle (for clicks) and ``game_area`` the game view's."""

    def __init__(self, env_id: str, view: Picture, size: tuple[int, int] = SIZE) -> None:
        self.env_id = env_id
        self.view = view
        self.size = size
        self.buttons: list[tuple[pygame.Rect, str]] = []
        self.game_area = pygame.Rect(0, 0, 0, 0)
        self.scroll = 0  # transcript lines scrolled back from the newest

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
        bottom = height - STATUS_HEIGHT - (CONTROLS_HEIGHT if controls is not None else 0)
        self.game_area = pygame.Rect(0, 0, width - TRANSCRIPT_WIDTH, bottom)
        surface.set_clip(self.game_area)
        self.view.draw(surface, self.game_area, match, viewer)
        surface.set_clip(None)
        self._transcript(
            surface,
            pygame.Rect(width - TRANSCRIPT_WIDTH, 0, TRANSCRIPT_WIDTH, bottom),
            match,
            viewer,
        )
        self._status(surface, pygame.Rect(0, bottom, width, STATUS_HEIGHT), match, viewer, status)
        self.buttons = []
        if controls is not None:
            self._controls(
                surface, pygame.Rect(0, bottom + STATUS_HEIGHT, width, CONTROLS_HEIGHT), controls
            )
        return surface

    def _transcript(
        self, surface: pygame.Surface, rect: pygame.Rect, match: Any, viewer: str
    ) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect)
        draw.text(
            surface,
            "Transcript" + ("" if viewer == GOD else f" ({viewer})"),
            (rect.left + 8, rect.top + 6),
            20,
            bold=True,
        )
        step = draw.font(16).get_linesize()
        room = (rect.height - 32) // step
        text = match.transcript_text(viewer)
        lines = transcript.rows(text, rect.width - 16, 16, last=room + self.scroll)
        self.scroll = max(0, min(self.scroll, len(lines) - room))
        end = len(lines) - self.scroll
        shown = lines[max(0, end - room) : end]
        y = rect.top + 28
        for line in shown:
            transcript.draw_row(surface, line, rect.left + 8, y, 16)
            y += step
        if self.scroll:
            draw.text(
                surface,
                f"(scrolled back {self.scroll} lines)",
                (rect.left + 8, rect.bottom - 18),
                14,
                draw.MUTED,
            )

    def _status(
        self, surface: pygame.Surface, rect: pygame.Rect, match: Any, viewer: str, status: str
    ) -> None:
        pygame.draw.rect(surface, draw.INK, rect)
        if match.is_over():
            turn = "game over"
        elif viewer == GOD:
            turn = "acting: " + (", ".join(match.acting()) or "nobody")
        else:
            turn = "your turn" if viewer in match.acting() else "waiting"
        parts = [self.env_id, f"view: {viewer}", turn]
        if status:
            parts.append(status)
        draw.text(surface, "   |   ".join(parts), (rect.left + 10, rect.top + 6), 20, draw.WHITE)

    def _controls(self, surface: pygame.Surface, rect: pygame.Rect, controls: Controls) -> None:
        pygame.draw.rect(surface, draw.PANEL, rect)
        box = pygame.Rect(rect.left + 8, rect.top + 8, rect.width - 16, 28)
        pygame.draw.rect(surface, draw.WHITE, box)
        pygame.draw.rect(surface, draw.ACCENT if controls.active else draw.MUTED, box, 2)
        prompt = controls.typed + ("_" if controls.active else "")
        shown = prompt or ("type an action or click one below" if controls.active else "waiting")
        draw.text(
            surface,
            shown[-110:],
            (box.left + 6, box.top + 6),
            20,
            draw.INK if prompt else draw.MUTED,
        )
        x, y = rect.left + 8, box.bottom + 6
        for action in controls.legal if controls.active else []:
            label_width = draw.font(18).size(action)[0] + 14
            if x + label_width > rect.right - 8:
                x, y = rect.left + 8, y + BUTTON_HEIGHT + 4
            if y + BUTTON_HEIGHT > rect.bottom - 16:
                break
            button = pygame.Rect(x, y, label_width, BUTTON_HEIGHT)
            pygame.draw.rect(surface, draw.WHITE, button, border_radius=4)
            pygame.draw.rect(surface, draw.ACCENT, button, 1, border_radius=4)
            draw.text(surface, action, button.center, 18, draw.ACCENT, center=True)
            self.buttons.append((button, action))
            x += label_width + 6
        if controls.note:
            draw.text(surface, controls.note[:150], (rect.left + 8, rect.bottom - 16), 15, draw.BAD)

    def click(self, position: tuple[int, int]) -> str | None:
        """The action of the button at ``position``, if any."""
        for rect, action in self.buttons:
            if rect.collidepoint(position):
                return action
        return None


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
