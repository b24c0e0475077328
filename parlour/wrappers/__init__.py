"""Wrappers that give every Parlour env the faces RL code expects.

* :class:`DiscreteActions`: ``Discrete(n)`` actions with an ``action_mask``.
* :class:`NumericObservations`: each game's fixed-size numeric view as a ``Box``.
* :class:`DiscreteParallel`: both at once over a Parallel env (for SuperSuit's vector envs).
* :class:`SingleAgentEnv`: one seat as a ``gymnasium.Env`` against Parlour agents.
* :class:`TrajectoryRecorder`: (observation, action, reward, done) rows as JSONL.
"""

from parlour.wrappers.discrete import DiscreteActions
from parlour.wrappers.numeric import NumericObservations
from parlour.wrappers.parallel import DiscreteParallel
from parlour.wrappers.recorder import TrajectoryRecorder
from parlour.wrappers.single import SingleAgentEnv

__all__ = [
    "DiscreteActions",
    "DiscreteParallel",
    "NumericObservations",
    "SingleAgentEnv",
    "TrajectoryRecorder",
]
