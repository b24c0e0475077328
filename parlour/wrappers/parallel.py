"""The discrete, numeric face of a Parallel env: for vector-env converters such as SuperSuit's
``pettingzoo_env_to_vec_env_v1``, which cannot take Text spaces.

Every seat gets ``{"observation": Box, "action_mask": int8 Box}`` every step (and ``"text"``
with ``keep_text=True``); a seat that is not acting gets a mask with ``NOOP_INDEX`` alone (never
all zeros) and its action is ignored. Every seat's ``infos`` entry is its
:func:`~parlour.wrappers.discrete.rl_info` (the same keys every step, so they batch); the text
env's rich infos of the last step are kept in ``last_text_infos``. Numeric views a config asks
for (Overcooked's ``views``) stay beside the vector.

With ``mask_in_info=True`` the mask moves from the observation to ``infos[agent]["action_mask"]``
(every seat, every step), and an observation left with the vector alone is that ``Box`` itself,
as in PettingZoo's envs without masks: AgileRL's multi-agent algorithms read masks there and
refuse an observation that holds one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo.utils.env import ParallelEnv

from parlour.core.events import AgentId
from parlour.core.parallel import require_action_mapping
from parlour.wrappers.base import rl_face
from parlour.wrappers.discrete import (
    NUMBER_GRID,
    MaskRows,
    action_index,
    build_menu,
    discrete_size,
    rl_info,
)
from parlour.wrappers.numeric import OBSERVATION_KEY


class DiscreteParallel(ParallelEnv):
    """``Discrete(n)`` actions and numeric observations over a Parlour Parallel env.

    Args:
        env: a Parlour Parallel env (``parlour.make_parallel(...)``).
        keep_text: also return the text observation.
        number_grid: fractions offered on number turns (see ``DiscreteActions``).
        mask_in_info: give each seat's action mask in its ``infos`` entry (``"action_mask"``)
            instead of its observation, as AgileRL asks.
    """

    def __init__(
        self,
        env: Any,
        keep_text: bool = False,
        number_grid: Sequence[float] = NUMBER_GRID,
        mask_in_info: bool = False,
    ) -> None:
        self.env = env
        self.keep_text = keep_text
        self.mask_in_info = mask_in_info
        self.number_grid = tuple(number_grid)
        self._views = rl_face(env.game)
        self.n = discrete_size(self._views, env.config, self.number_grid)
        self.size = self._views.numeric_size(env.config)
        self.possible_agents = list(env.possible_agents)
        self.agents: list[AgentId] = []
        self.metadata = env.metadata
        self.render_mode = env.render_mode
        box = spaces.Box(-1.0, 2.0, (self.size,), np.float32)
        mask = spaces.Box(0, 1, (self.n,), np.int8)
        self._observation_spaces = {}
        for agent in self.possible_agents:
            inner = dict(env.observation_space(agent).spaces)
            text = inner.pop("text")
            parts: dict[str, spaces.Space[Any]] = {**inner, OBSERVATION_KEY: box}
            if not mask_in_info:
                parts["action_mask"] = mask
            if keep_text:
                parts["text"] = text
            # (with the mask in the infos, a lone vector needs no dict around it)
            self._flat = list(parts) == [OBSERVATION_KEY]
            self._observation_spaces[agent] = box if self._flat else spaces.Dict(parts)
        self._action_spaces = {a: spaces.Discrete(self.n) for a in self.possible_agents}
        self._menus: dict[AgentId, tuple[str, ...]] = {}
        self._masks = MaskRows(self.n)
        #: The text env's infos of the last ``reset`` or ``step`` (turn grammars, reasons).
        self.last_text_infos: dict[AgentId, dict[str, Any]] = {}
        self._last_masks: dict[AgentId, np.ndarray] = {}  # (with mask_in_info)

    def observation_space(self, agent: AgentId) -> spaces.Dict | spaces.Box:
        return self._observation_spaces[agent]

    def action_space(self, agent: AgentId) -> spaces.Discrete:
        return self._action_spaces[agent]

    @property
    def unwrapped(self) -> Any:
        return self.env.unwrapped

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[AgentId, dict[str, Any]], dict[AgentId, dict[str, Any]]]:
        observations, infos = self.env.reset(seed=seed, options=options)
        self.agents = list(self.env.agents)
        return self._observe(observations), self._infos(infos)

    def step(self, actions: dict[AgentId, Any]) -> tuple[Any, Any, Any, Any, Any]:
        require_action_mapping(actions, list(self._menus))
        texts = {}
        for agent, menu in self._menus.items():
            index = action_index(actions.get(agent))
            texts[agent] = menu[index] if index is not None and 0 <= index < len(menu) else None
        observations, rewards, terminations, truncations, infos = self.env.step(texts)
        self.agents = list(self.env.agents)
        observed = self._observe(observations)
        return observed, rewards, terminations, truncations, self._infos(infos)

    def _infos(self, texts: dict[AgentId, dict[str, Any]]) -> dict[AgentId, dict[str, Any]]:
        """Each seat's batchable info from the text env's (kept in ``last_text_infos``), with
        its mask under ``mask_in_info``."""
        self.last_text_infos = texts
        infos = {
            a: rl_info(bool(info.get("acting")), "invalid_action" in info)
            for a, info in texts.items()
        }
        if self.mask_in_info:
            for agent, info in infos.items():
                info["action_mask"] = self._last_masks[agent]
        return infos

    def _observe(self, texts: dict[AgentId, dict[str, str]]) -> dict[AgentId, Any]:
        match = self.env.match
        acting = set(match.acting())
        self._menus = {
            a: build_menu(match, a, self._views, self.number_grid) for a in match.acting()
        }
        observations = {}
        for agent, observation in texts.items():
            entry = dict(observation)  # (a fresh dict: the text, then any numeric views)
            text = entry.pop("text")
            entry[OBSERVATION_KEY] = self._views.encode(match.rules, agent)
            size = len(self._menus[agent]) if agent in acting else 0
            entry["action_mask"] = self._masks.row(size)
            if self.mask_in_info:
                self._last_masks[agent] = entry.pop("action_mask")
            if self.keep_text:
                entry["text"] = text
            observations[agent] = entry[OBSERVATION_KEY] if self._flat else entry
        return observations

    def action_menu(self, agent: AgentId) -> list[str]:
        """The action texts behind ``agent``'s indices this step (empty when not acting)."""
        return list(self._menus.get(agent, []))

    def render(self) -> str | None:
        return self.env.render()

    def close(self) -> None:
        self.env.close()
