"""What an env's ``render()`` uses in the pygame modes: a frame, and for ``human`` a window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

if TYPE_CHECKING:
    from parlour.renderers.frame import Frame


class Window:
    """Draws a frame: ``array`` for ``rgb_array``, ``show`` in a ``human`` window."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self._window: pygame.Surface | None = None
        self._clock: pygame.time.Clock | None = None

    def array(self, match: Any, viewer: str) -> np.ndarray:
        from parlour.renderers.frame import to_array

        return to_array(self.frame.draw(match, viewer))

    def show(self, match: Any, viewer: str, fps: int) -> None:
        if self._window is None:
            pygame.display.init()
            self._window = pygame.display.set_mode(self.frame.size)
            pygame.display.set_caption(f"Parlour - {self.frame.env_id}")
            self._clock = pygame.time.Clock()
        pygame.event.pump()  # keep the window responsive
        self.frame.draw(match, viewer, surface=self._window)
        pygame.display.flip()
        if self._clock is not None and pygame.display.get_driver() != "dummy":
            self._clock.tick(fps)  # nobody watches a dummy display: no pacing

    def close(self) -> None:
        if self._window is not None:
            pygame.display.quit()
            self._window = None
