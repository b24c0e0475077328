"""The AEC adapter every game shares (PettingZoo's agent-environment cycle).

A game's AEC class is made from its :class:`~parlour.core.game.Game` (``GAME.aec_class``);
dead-agent steps, the invalid-action policy and reward bookkeeping are written here once.
"""

from __future__ import annotations

from typing import Any

from pettingzoo import AECEnv

from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.host import Host, SharedEnvAPI, split_options
from parlour.core.match import Match


class ParlourAECEnv(SharedEnvAPI, AECEnv):
    """The AEC adapter of a Parlour game (subclasses set ``game`` and ``metadata``).

    Args:
        render_mode: ``"ansi"`` (and ``"human"``/``"rgb_array"`` where the game has views).
        config: a config instance of the game; keyword options override its fields.
        on_invalid, invalid_penalty, max_observation_chars, max_action_chars, max_cycles: see
            MatchOptions (``max_cycles``: each seat takes at most that many turns; the game is
            truncated for all when a seat that has taken them is to act again).
        render_view: ``"god"`` or an agent id, the perspective of ``render()``.
        **game_config: fields of the game's config dataclass.
    """

    def __init__(self, render_mode: str | None = None, config: Any = None, **kwargs: Any) -> None:
        super().__init__()
        options, render_view, game_kwargs = split_options(kwargs)
        game_config = self.game.make_config(config, game_kwargs)
        self._host = Host(self.game, render_mode, game_config, options, render_view)
        self.render_mode = render_mode
        self.possible_agents = list(self._host.possible_agents)
        self.agents = []
        # Until reset, every read below finds nothing and observe()/step() raise a clear error.
        self.rewards, self._cumulative_rewards, self.infos = {}, {}, {}
        self._rewards_zero = True
        self.terminations, self.truncations = {}, {}
        self.agent_selection = None  # type: ignore[assignment]
        self._max_cycles = self._host.options.max_cycles
        self._turns: dict[AgentId, int] = {}  # turns taken by each seat (with max_cycles)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        match = self._host.new_match(seed)
        self.agents = list(self.possible_agents)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._rewards_zero = True  # whether self.rewards holds only zeros
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos = {a: {} for a in self.agents}
        self._turns = dict.fromkeys(self.agents, 0)
        self._after_action(match)

    def last(self, observe: bool = True) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        """PettingZoo's ``last``, with the clear error of ``observe`` before ``reset`` (rather
        than a bare ``AssertionError`` on the missing ``agent_selection``)."""
        self._host.require_match()
        return super().last(observe)

    def observe(self, agent: AgentId) -> dict[str, Any]:
        host = self._host
        match = host.match
        if match is None:
            raise ConfigError("call reset() before using the environment")
        if host.views:
            return host.observation(match, agent)
        return {"text": match.observation(agent)}

    def step(self, action: Any) -> None:
        if not self.agents:
            raise ConfigError("no agent to step: call reset() (the game is over or not started)")
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        match: Match[Any] = self._host.match  # type: ignore[assignment]  # set by reset
        self._cumulative_rewards[agent] = 0.0
        if self._max_cycles is not None:
            self._turns[agent] += 1
        match.play(agent, action)
        deltas = match.reward_deltas()
        if deltas is not None:
            self.rewards = deltas
            self._accumulate_rewards()
            self._rewards_zero = False
        elif not self._rewards_zero:
            self.rewards = dict.fromkeys(self.agents, 0.0)
            self._rewards_zero = True
        self._after_action(match, acted=agent)
        if self.render_mode == "human":
            self.render()

    def _after_action(self, match: Match[Any], acted: AgentId | None = None) -> None:
        """Set infos, done flags and the next agent after reset or an applied action.

        Only entries that change get new dicts (the agent that acted, an agent told of its
        invalid action, the next agent), so a step costs the same with 3 seats or 12. A notice of
        an invalid action stays in that agent's info until it acts again, so it reads it at its
        next turn.
        """
        infos = self.infos
        if acted is not None:
            infos[acted] = {}
        if match.has_errors():
            for agent, error in match.take_errors().items():
                infos[agent] = {"invalid_action": str(error)}
        cycles = self._max_cycles
        if cycles is not None and not match.is_over() and self._turns[match.acting()[0]] >= cycles:
            match.cut()  # the seat to act has had its max_cycles turns: the horizon
        if match.is_over():
            terminal = match.rules.is_terminal()
            for agent in self.agents:
                self.terminations[agent] = terminal
                self.truncations[agent] = not terminal
            self.agent_selection = self.agents[0]
        else:
            following = self.agent_selection = match.acting()[0]
            waiting, turn = infos[following], match.turn_info(following)  # (turn: a fresh dict)
            infos[following] = {**waiting, **turn} if waiting else turn
