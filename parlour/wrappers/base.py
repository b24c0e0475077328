"""The base of Parlour's AEC wrappers: PettingZoo's ``BaseWrapper`` with direct access to the
game's state.

``BaseWrapper`` forwards every attribute through ``__getattr__``, one layer at a time; an RL loop
reads ``agent_selection``, ``terminations`` and the rest several times a step, so through two
wrappers that forwarding cost more than the game itself. These properties read the unwrapped env
once instead.
"""

from __future__ import annotations

from typing import Any

from pettingzoo.utils import BaseWrapper
from pettingzoo.utils.env import AECIterable

from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.game import Game, RLFace


class ParlourWrapper(BaseWrapper):
    """A ``BaseWrapper`` whose AEC state attributes are the unwrapped env's own."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self._game = env.unwrapped

    @property
    def agents(self) -> list[AgentId]:  # type: ignore[override]
        return self._game.agents

    @property
    def possible_agents(self) -> list[AgentId]:  # type: ignore[override]
        return self._game.possible_agents

    @property
    def agent_selection(self) -> AgentId:  # type: ignore[override]
        return self._game.agent_selection

    @property
    def rewards(self) -> dict[AgentId, float]:  # type: ignore[override]
        return self._game.rewards

    @property
    def _cumulative_rewards(self) -> dict[AgentId, float]:  # type: ignore[override]
        return self._game._cumulative_rewards

    @property
    def terminations(self) -> dict[AgentId, bool]:  # type: ignore[override]
        return self._game.terminations

    @property
    def truncations(self) -> dict[AgentId, bool]:  # type: ignore[override]
        return self._game.truncations

    @property
    def infos(self) -> dict[AgentId, dict[str, Any]]:  # type: ignore[override]
        return self._game.infos

    def agent_iter(self, max_iter: int = 2**63) -> AECIterable[AgentId, Any, Any]:
        """PettingZoo's agent iterator over the game's own ``agents`` and ``agent_selection``
        (the values these properties give, without forwarding every read)."""
        return AECIterable(self._game, max_iter)

    def last(self, observe: bool = True) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        """``AECEnv.last`` reading the game's dicts directly (it runs once a step)."""
        game = self._game
        agent = game.agent_selection
        return (
            self.observe(agent) if observe else None,
            game._cumulative_rewards[agent],
            game.terminations[agent],
            game.truncations[agent],
            game.infos[agent],
        )


def rl_face(game: Game[Any]) -> RLFace:
    """The RL face a game declares (``Game.rl``), with a clear error for a game without one."""
    if game.rl is None:
        raise ConfigError(f"{game.env_id} declares no RL face (numeric view, discrete menus)")
    return game.rl
