"""RLlib's new API stack on a Parlour Parallel env: the env creator, the key map and the module.

What RLlib users otherwise copy from forums, as three documented functions (``docs/rl.md``,
``examples/train_rllib.py``):

* :func:`rllib_env`: the env creator for ``tune.register_env``: ``ParallelPettingZooEnv`` (RLlib's
  own PettingZoo adapter) over ``RLlibObservations(DiscreteParallel(make_parallel(env_id)))``.
* :class:`RLlibObservations`: the key map of RLlib's action-masking example,
  ``{"observations": Box, "action_mask": Box}`` (Parlour's faces say ``"observation"``, as
  PettingZoo does; the example reads ``"observations"``).
* :func:`masking_module_spec`: an ``RLModuleSpec`` of RLlib's ``ActionMaskingTorchRLModule``
  (shipped in ``ray.rllib.examples``), so the Dict observation no longer fails with
  "No default encoder config" and masked actions are never sampled.

Ray is imported inside the functions that need it (never by ``import parlour``): install it
with ``pip install "parlour[rllib]"`` or ``pip install parlour "ray[rllib]" torch``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gymnasium import spaces
from pettingzoo.utils.env import ParallelEnv

from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.wrappers.numeric import OBSERVATION_KEY
from parlour.wrappers.parallel import DiscreteParallel

#: The key of the observation proper in RLlib's action-masking example (beside "action_mask").
RLLIB_OBSERVATION_KEY = "observations"
#: What the RLlib adapters need, for the error that says so.
RLLIB_INSTALL = 'pip install "parlour[rllib]" (or: pip install "ray[rllib]>=2.43" torch)'


class RLlibObservations(ParallelEnv):
    """A :class:`~parlour.wrappers.DiscreteParallel` env under the keys RLlib's masking module
    reads: ``{"observations": Box, "action_mask": Box}``.

    Everything else (actions, rewards, infos, agents) passes through unchanged. Extra keys
    (``keep_text=True``, numeric views such as Overcooked's ``views=``) are refused: RLlib's
    masking module reads the two keys alone, and its connectors cannot batch text.

    Args:
        env: a ``DiscreteParallel`` env (``keep_text=False``).

    Raises:
        ConfigError: the env's observations hold keys other than the two.

    Example:
        >>> import parlour
        >>> from parlour.wrappers import DiscreteParallel
        >>> env = RLlibObservations(DiscreteParallel(parlour.make_parallel("auction_v0")))
        >>> observations, infos = env.reset(seed=0)
        >>> sorted(observations["player_0"])
        ['action_mask', 'observations']
    """

    def __init__(self, env: DiscreteParallel) -> None:
        self.env = env
        self.possible_agents = list(env.possible_agents)
        self.agents: list[AgentId] = []
        self.metadata = env.metadata
        self.render_mode = env.render_mode
        self._observation_spaces = {}
        for agent in self.possible_agents:
            inner = dict(env.observation_space(agent).spaces)
            extra = sorted(set(inner) - {OBSERVATION_KEY, "action_mask"})
            if extra:
                raise ConfigError(
                    f"RLlib's masking module reads {RLLIB_OBSERVATION_KEY!r} and 'action_mask' "
                    f"alone, got the extra keys {extra} (use DiscreteParallel(keep_text=False), "
                    "without numeric views)"
                )
            self._observation_spaces[agent] = spaces.Dict(
                {RLLIB_OBSERVATION_KEY: inner[OBSERVATION_KEY], "action_mask": inner["action_mask"]}
            )

    def observation_space(self, agent: AgentId) -> spaces.Dict:
        return self._observation_spaces[agent]

    def action_space(self, agent: AgentId) -> spaces.Space[Any]:
        return self.env.action_space(agent)

    @property
    def unwrapped(self) -> Any:
        return self.env.unwrapped

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[AgentId, dict[str, Any]], dict[AgentId, dict[str, Any]]]:
        observations, infos = self.env.reset(seed=seed, options=options)
        self.agents = list(self.env.agents)
        return _renamed(observations), infos

    def step(self, actions: dict[AgentId, Any]) -> tuple[Any, Any, Any, Any, Any]:
        observations, rewards, terminations, truncations, infos = self.env.step(actions)
        self.agents = list(self.env.agents)
        return _renamed(observations), rewards, terminations, truncations, infos

    def action_menu(self, agent: AgentId) -> list[str]:
        """The action texts behind ``agent``'s indices this step (empty when not acting)."""
        return self.env.action_menu(agent)

    def render(self) -> str | None:
        return self.env.render()

    def close(self) -> None:
        self.env.close()


def rllib_env(env_config: Mapping[str, Any]) -> Any:
    """RLlib's env creator for a Parlour game: ``tune.register_env("parlour", rllib_env)``.

    Args:
        env_config: RLlib's ``env_config`` (an ``EnvContext``): ``env_id`` (required),
            ``number_grid`` (optional, see :class:`~parlour.wrappers.DiscreteActions`), and the
            game's options, passed to ``parlour.make_parallel``.

    Returns:
        RLlib's ``ParallelPettingZooEnv`` over
        ``RLlibObservations(DiscreteParallel(parlour.make_parallel(env_id, **options)))``.

    Raises:
        ConfigError: no ``env_id``, or Ray's RLlib is not installed (or a game option is bad).
    """
    import parlour

    options = dict(env_config)  # (an EnvContext is a dict with extra attributes: copy the keys)
    env_id = options.pop("env_id", None)
    if not isinstance(env_id, str):
        raise ConfigError(f"env_config needs 'env_id', a Parlour env id, got {env_id!r}")
    grid = options.pop("number_grid", None)
    game = parlour.make_parallel(env_id, **options)
    face = DiscreteParallel(game) if grid is None else DiscreteParallel(game, number_grid=grid)
    try:
        from ray.rllib.env.wrappers.pettingzoo_env import ParallelPettingZooEnv
    except ImportError as error:
        raise ConfigError(f"rllib_env needs Ray's RLlib ({error}): {RLLIB_INSTALL}") from None
    return ParallelPettingZooEnv(RLlibObservations(face))


def masking_module_spec(
    model_config: Mapping[str, Any] | None = None, module_ids: Sequence[str] | None = None
) -> Any:
    """RLlib's ``ActionMaskingTorchRLModule`` (a PPO module that adds ``log(mask)`` to the
    logits), as ``config.rl_module(rl_module_spec=...)`` takes it.

    Args:
        model_config: the module's model config (``{"fcnet_hiddens": [64, 64]}`` and the like).
        module_ids: the policies of a multi-agent config: a ``MultiRLModuleSpec`` of one such
            module each; None: one ``RLModuleSpec``.

    Raises:
        ConfigError: Ray's RLlib (2.43 or newer, with its examples) or torch is not installed.
    """
    try:
        from ray.rllib.core.rl_module.multi_rl_module import MultiRLModuleSpec
        from ray.rllib.core.rl_module.rl_module import RLModuleSpec
        from ray.rllib.examples.rl_modules.classes.action_masking_rlm import (
            ActionMaskingTorchRLModule,
        )
    except ImportError as error:
        raise ConfigError(
            f"masking_module_spec needs Ray's RLlib and torch ({error}): {RLLIB_INSTALL}"
        ) from None
    config = dict(model_config or {})
    if module_ids is None:
        return RLModuleSpec(module_class=ActionMaskingTorchRLModule, model_config=config)
    specs = {
        module_id: RLModuleSpec(module_class=ActionMaskingTorchRLModule, model_config=config)
        for module_id in module_ids
    }
    return MultiRLModuleSpec(rl_module_specs=specs)


def _renamed(observations: dict[AgentId, dict[str, Any]]) -> dict[AgentId, dict[str, Any]]:
    """Each seat's observation under RLlib's keys."""
    return {
        agent: {RLLIB_OBSERVATION_KEY: entry[OBSERVATION_KEY], "action_mask": entry["action_mask"]}
        for agent, entry in observations.items()
    }
