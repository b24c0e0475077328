"""The Parallel adapter every game shares: each step applies the actions of every player acting.

A game's Parallel class is made from its :class:`~parlour.core.game.Game`
(``GAME.parallel_class``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pettingzoo import ParallelEnv

from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.host import Host, SharedEnvAPI, split_options
from parlour.core.match import Match


class ParlourParallelEnv(SharedEnvAPI, ParallelEnv):
    """The Parallel adapter: each step applies the actions of every player acting now.

    On turn-based phases exactly one player acts and the others' actions are ignored; on
    simultaneous phases (ballots, bids, moves) every acting player's action is applied in seat
    order. ``infos[agent]["acting"]`` says whose action counts; acting players also get the turn
    info of the AEC version (``legal_actions`` and the rest).

    ``step`` takes a mapping agent id -> action (a dict, or any ``Mapping``):

    * an acting player missing from it, or whose action is not text (None, bytes, a number, any
      object, whatever its ``repr`` does), has played an invalid action: the game's documented
      default is applied, recorded and reported in ``infos[agent]["invalid_action"]``, as in the
      AEC version (or the ``ActionError`` is raised under ``on_invalid="raise"``);
    * ``{}`` is therefore the explicit way to let every acting player take the default;
    * anything else in place of the mapping (None, a list in seat order, a string) is a caller
      bug with no single reading, so it raises ``TypeError`` before anything changes: the game
      stays as it was and the call can be made again.

    With ``max_cycles`` (see ``MatchOptions``) the game is truncated for every seat after that
    many steps, as PettingZoo's Parallel envs count cycles.
    """

    def __init__(self, render_mode: str | None = None, config: Any = None, **kwargs: Any) -> None:
        options, render_view, game_kwargs = split_options(kwargs)
        game_config = self.game.make_config(config, game_kwargs)
        self._host = Host(self.game, render_mode, game_config, options, render_view)
        self.render_mode = render_mode
        self.possible_agents = list(self._host.possible_agents)
        self.agents = []
        self._cycles = 0  # steps of the current game

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[AgentId, dict[str, str]], dict[AgentId, dict[str, Any]]]:
        match = self._host.new_match(seed)
        self.agents = list(self.possible_agents)
        self._cycles = 0
        return self._observations(match), self._infos(match)

    def step(
        self, actions: Mapping[AgentId, Any]
    ) -> tuple[
        dict[AgentId, dict[str, str]],
        dict[AgentId, float],
        dict[AgentId, bool],
        dict[AgentId, bool],
        dict[AgentId, dict[str, Any]],
    ]:
        match = self.match
        if not self.agents:
            raise ConfigError("the game is over; call reset() to start a new one")
        require_action_mapping(actions, match.acting())
        for agent in match.acting():
            if agent in match.acting():  # an earlier action in this step may have ended the phase
                match.play(agent, actions.get(agent))
        self._cycles += 1
        max_cycles = self._host.options.max_cycles
        if max_cycles is not None and self._cycles >= max_cycles:
            match.cut()  # PettingZoo's horizon (a game that ended by its rules stays ended)
        deltas = match.reward_deltas()
        over = match.is_over()
        terminal = match.rules.is_terminal()
        agents = self.agents
        observations = self._observations(match)
        infos = self._infos(match)
        terminations = {a: over and terminal for a in agents}
        truncations = {a: over and not terminal for a in agents}
        rewards = dict.fromkeys(agents, 0.0) if deltas is None else {a: deltas[a] for a in agents}
        if over:
            self.agents = []
        if self.render_mode == "human":
            self.render()
        return observations, rewards, terminations, truncations, infos

    def _observations(self, match: Match[Any]) -> dict[AgentId, dict[str, Any]]:
        if not self._host.views:
            return {a: {"text": match.observation(a)} for a in self.agents}
        return {a: self._host.observation(match, a) for a in self.agents}

    def _infos(self, match: Match[Any]) -> dict[AgentId, dict[str, Any]]:
        acting = set(match.acting())
        errors = match.take_errors()
        infos: dict[AgentId, dict[str, Any]] = {}
        for agent in self.agents:
            info: dict[str, Any] = {"acting": agent in acting}
            if agent in errors:
                info["invalid_action"] = str(errors[agent])
            if agent in acting:
                info.update(match.turn_info(agent))
            else:
                extra = match.rules.agent_info(agent)
                if extra:
                    info.update(extra)
            infos[agent] = info
        return infos


def require_action_mapping(actions: object, acting: list[AgentId]) -> None:
    """Refuse what a Parallel ``step`` cannot read as ``agent id -> action``.

    Raises:
        TypeError: ``actions`` is not a mapping (None, a list in seat order, a string...).
    """
    if not isinstance(actions, Mapping):
        example = acting[0] if acting else "player_0"
        raise TypeError(
            f"step expects a dict agent id -> action, e.g. {{{example!r}: '...'}},"
            f" got {type(actions).__name__} (pass {{}} to let every acting player take the"
            " game's default)"
        )
