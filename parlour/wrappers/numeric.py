"""Numeric observation views: each game's fixed-size encoding as a ``Box``, alone or beside text.

The vector is ``observation["observation"]``, PettingZoo's key for the observation proper in
its classic envs (beside ``"action_mask"``, which :class:`~parlour.wrappers.DiscreteActions`
adds), so Tianshou's ``PettingZooEnv``, PettingZoo's action-mask tutorials and the like take it as
it is. (The first release named it ``"numeric"``.)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces

from parlour.core.events import AgentId
from parlour.wrappers.base import ParlourWrapper, rl_face

#: The key of the numeric vector in every RL face's observation (PettingZoo's classic key).
OBSERVATION_KEY = "observation"


class NumericObservations(ParlourWrapper):
    """Adds ``observation["observation"]``: the game's float32 encoding of what the player may
    know (:data:`OBSERVATION_KEY`).

    Args:
        env: a Parlour AEC env.
        keep_text: keep ``observation["text"]`` beside the vector (False drops it, for RL code
            and vector-env converters that cannot take Text spaces; numeric views a config asks
            for, such as Overcooked's ``views``, stay).
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
            self._spaces[agent] = spaces.Dict({**inner, OBSERVATION_KEY: self._box})
        return self._spaces[agent]

    def observe(self, agent: AgentId) -> dict[str, Any]:
        # without the text, the text is never rendered (the observation window catches up
        # whenever someone reads it later); a Parlour env's observation is a fresh dict
        game = self._game
        observation = self.env.observe(agent) if self.keep_text else game.numeric_views(agent)
        observation[OBSERVATION_KEY] = self._views.encode(game.match.rules, agent)
        return observation

    def __str__(self) -> str:
        return f"NumericObservations<{self.env}>"
