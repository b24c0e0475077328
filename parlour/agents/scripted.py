"""The ``scripted`` agent: dispatches to the game's own bots (``parlour.envs.<game>.bots``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from parlour.agents.base import BaseAgent
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.registry import get_game

if TYPE_CHECKING:
    from parlour.core.view import SeatView


class Bot(Protocol):
    """A game's scripted policy for one seat, built from that seat's view."""

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str: ...


class ScriptedAgent(BaseAgent):
    """Plays each game with that game's scripted bot; needs the seat's SeatView."""

    name = "scripted"

    def __init__(self, **bot_options: Any) -> None:
        super().__init__()
        self._bot_options = bot_options
        self._bot: Bot | None = None

    def reset(
        self, agent_id: AgentId, seed: int | None = None, view: SeatView | None = None
    ) -> None:
        super().reset(agent_id, seed, view)
        if view is None:
            raise ConfigError(
                "the scripted agent needs the seat's view: parlour.play_game passes it, or call "
                "agent.reset(agent_id, seed, view=env.unwrapped.seat_view(agent_id))"
            )
        self._bot = get_game(view.env_id).bots(view, self.rng, **self._bot_options)

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        if self._bot is None:
            raise ConfigError("call reset() with the seat's view before act()")
        return self._bot.act(observation, info)
