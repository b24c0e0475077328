"""Numeric observation views: each game's fixed-size encoding as a ``Box``, alone or beside text."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from parlour.core.events import AgentId
from parlour.wrappers.base import ParlourWrapper, rl_face


class NumericObservations(ParlourWrapper):
    """Adds ``observation["numeric"]``: the game's float32 encoding of what the player may know.

    Args:
        env: a Parlour AEC env.
        keep_text: keep ``observation["text"]`` beside the vector (False drops it, for RL code
            and vector-env converters that cannot take Text spaces).
    """

    def __init__(self, env: Any, keep_text: bool = True) -> None:
        super().__init__(env)
        self.keep_text = keep_text
        base = env.unwrapped
        self._views = rl_face(base.game)
        self.size = self._views.numeric_size(base.config)
        self._box = spaces.Box(-1.0, 2.0, (self.size,), np.float32)
        self._spaces: dict[AgentId, spaces.Dict] = {}

    def observation_space(self, agent: AgentId) -> spaces.Dict:
        if agent not in self._spaces:
            inner = dict(self.env.observation_space(agent).spaces)
            if not self.keep_text:
                inner.pop("text", None)
            self._spaces[agent] = spaces.Dict({**inner, "numeric": self._box})
        return self._spaces[agent]

    def observe(self, agent: AgentId) -> dict[str, Any]:
        # without the text, the text is never rendered (the observation window catches up
        # whenever someone reads it later); a Parlour env's observation is a fresh dict
        observation = self.env.observe(agent) if self.keep_text else {}
        observation["numeric"] = self._views.encode(self._game.match.rules, agent)
        return observation

    def __str__(self) -> str:
        return f"NumericObservations<{self.env}>"
