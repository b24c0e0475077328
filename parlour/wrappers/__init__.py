"""Wrappers that give every Parlour env the faces RL code expects (see ``docs/rl.md``).

* :class:`DiscreteActions`: ``Discrete(n)`` actions with an ``action_mask`` that is never all
  zeros (:data:`NOOP_INDEX` alone for a seat with nothing to choose), and infos that batch
  (:func:`rl_info`).
* :class:`NumericObservations`: each game's fixed-size numeric view as a ``Box``, under
  ``"observation"`` (PettingZoo's classic key).
* :class:`DiscreteParallel`: both at once over a Parallel env (for SuperSuit's vector envs).
* :class:`SingleAgentEnv`: one seat as a ``gymnasium.Env`` against Parlour agents, with
  ``action_masks()`` for sb3-contrib's MaskablePPO.
* :class:`SelfPlayEnv`: every seat as one ``gymnasium.Env``, a turn a step, for one policy
  playing them all (PettingZoo's SB3 action-mask tutorial's wrapper, ready-made).
* :class:`TrajectoryRecorder`: (observation, action, reward, done) rows as JSONL.

``parlour.wrappers.rllib`` (imported on its own, as it needs Ray's RLlib) holds RLlib's env
creator, the key map of its action-masking module and that module's spec.

``parlour.wrappers.sb3.VecActionMasks`` (imported on its own: it needs Stable-Baselines3) gives
sb3-contrib's MaskablePPO the masks of SuperSuit's vector envs.
"""

from parlour.wrappers.discrete import NOOP_INDEX, DiscreteActions, rl_info
from parlour.wrappers.numeric import NumericObservations
from parlour.wrappers.parallel import DiscreteParallel
from parlour.wrappers.recorder import TrajectoryRecorder
from parlour.wrappers.selfplay import SelfPlayEnv
from parlour.wrappers.single import SingleAgentEnv

__all__ = [
    "NOOP_INDEX",
    "DiscreteActions",
    "DiscreteParallel",
    "NumericObservations",
    "SelfPlayEnv",
    "SingleAgentEnv",
    "TrajectoryRecorder",
    "rl_info",
]
