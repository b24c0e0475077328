"""What an env's ``render()`` uses in the pygame modes: a frame, and for ``human`` a window."""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from parlour.renderers import make_frame
from parlour.renderers.frame import to_array


class EnvRenderer:
    """Draws an env's frames: ``array`` for ``rgb_array``, ``show`` for a ``human`` window."""

    def __init__(self, env_id: str, fps: int) -> None:
        self.frame = make_frame(env_id)
        self.fps = fps
        self._window: pygame.Surface | None = None
        self._clock: pygame.time.Clock | None = None

    def array(self, match: Any, viewer: str) -> np.ndarray:
        return to_array(self.frame.draw(match, viewer))

    def show(self, match: Any, viewer: str) -> None:
        if self._window is None:
            pygame.display.init()
            self._window = pygame.display.set_mode(self.frame.size)
            pygame.display.set_caption(f"Parlour - {self.frame.env_id}")
            self._clock = pygame.time.Clock()
        pygame.event.pump()  # keep the window responsive
        self.frame.draw(match, viewer, surface=self._window)
        pygame.display.flip()
        assert self._clock is not None
        if pygame.display.get_driver() != "dummy":  # nobody watches a dummy display: no pacing
            self._clock.tick(self.fps)

    def close(self) -> None:
        if self._window is not None:
            pygame.display.quit()
            self._window = None
