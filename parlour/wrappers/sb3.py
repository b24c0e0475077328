"""``action_masks()`` for sb3-contrib's MaskablePPO on SuperSuit's vector envs (needs
stable-baselines3: ``pip install -e ".[rl]"``).

SuperSuit turns a Parallel env into an SB3 vector env with one sub-env per seat
(``pettingzoo_env_to_vec_env_v1``, then ``concat_vec_envs_v1(..., base_class=
"stable_baselines3")``): parameter sharing, each seat a trajectory of its own. MaskablePPO asks a
vector env for its masks with ``has_attr("action_masks")`` and ``env_method("action_masks")``,
which SuperSuit's wrapper hands to an inner vector env that has neither (``AttributeError``), so
it cannot reach them. The masks are in the observations all along (``DiscreteParallel`` puts
them there, never all zeros), and :class:`VecActionMasks` answers from those::

    venv = ss.pettingzoo_env_to_vec_env_v1(DiscreteParallel(parlour.make_parallel("auction_v0")))
    venv = VecActionMasks(ss.concat_vec_envs_v1(venv, 2, base_class="stable_baselines3"))
    model = MaskablePPO("MultiInputPolicy", venv)

SuperSuit resets a finished game at once and returns the new game's first observation, so the
masks kept are always those of the observations MaskablePPO acts on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from stable_baselines3.common.vec_env import VecEnv, VecEnvWrapper
from stable_baselines3.common.vec_env.base_vec_env import VecEnvIndices, VecEnvObs

from parlour.core.errors import ConfigError

#: The method sb3-contrib's MaskablePPO calls on an env for its masks.
MASKS_METHOD = "action_masks"


class VecActionMasks(VecEnvWrapper):
    """An SB3 vector env whose ``action_masks()`` are its observations' ``"action_mask"``s.

    Args:
        venv: an SB3 vector env with dict observations holding ``"action_mask"`` (SuperSuit's
            ``concat_vec_envs_v1(..., base_class="stable_baselines3")`` of a
            :class:`~parlour.wrappers.DiscreteParallel`).
    """

    def __init__(self, venv: VecEnv) -> None:
        spaces = getattr(venv.observation_space, "spaces", {})
        if "action_mask" not in spaces:
            raise ConfigError(
                "VecActionMasks needs dict observations with an 'action_mask' (a DiscreteParallel "
                f"without mask_in_info), actual observation space: {venv.observation_space}"
            )
        super().__init__(venv)
        self._masks = np.ones((self.num_envs, spaces["action_mask"].shape[0]), dtype=bool)

    def reset(self) -> VecEnvObs:
        observations = self.venv.reset()
        self._keep(observations)
        return observations

    def step_wait(self) -> Any:
        observations, rewards, dones, infos = self.venv.step_wait()
        self._keep(observations)
        return observations, rewards, dones, infos

    def _keep(self, observations: Any) -> None:
        self._masks = np.asarray(observations["action_mask"]).astype(bool)

    def action_masks(self) -> np.ndarray:
        """Each sub-env's mask for its current observation, as booleans (never a row of False)."""
        return self._masks.copy()

    def has_attr(self, attr_name: str) -> bool:
        return attr_name == MASKS_METHOD or self.venv.has_attr(attr_name)

    def get_attr(self, attr_name: str, indices: VecEnvIndices = None) -> list[Any]:
        if attr_name == "render_mode":  # (SB3 asks at once; SuperSuit's inner env has no get_attr)
            return [getattr(self.venv, "render_mode", None)] * len(self._indices(indices))
        return self.venv.get_attr(attr_name, indices)

    def env_method(
        self,
        method_name: str,
        *method_args: Any,
        indices: VecEnvIndices = None,
        **method_kwargs: Any,
    ) -> list[Any]:
        if method_name == MASKS_METHOD:
            return [self._masks[i].copy() for i in self._indices(indices)]
        return self.venv.env_method(method_name, *method_args, indices=indices, **method_kwargs)

    def _indices(self, indices: VecEnvIndices) -> Sequence[int]:
        if indices is None:
            return range(self.num_envs)
        return [indices] if isinstance(indices, int) else list(indices)
