"""The PettingZoo adapters every game shares: one AEC class and one Parallel class.

A game plugs in with a :class:`GameSpec` (its config class, rules class and text module) and a
two-line subclass. Dead-agent steps, the invalid-action policy, reward bookkeeping, seeding,
spaces and ansi rendering are written here once (pgx's template method), never per game.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv, ParallelEnv

from parlour.core.charset import CHARSET
from parlour.core.config import Integer, OneOf, OrNone
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.hidden import HiddenFact
from parlour.core.match import Match, MatchOptions
from parlour.core.rules import GameRules
from parlour.core.text import GameText
from parlour.core.view import SeatView

C = TypeVar("C")

RENDER_MODES = ("ansi", "human", "rgb_array")
_SEED = Integer(0)


@dataclass(frozen=True)
class GameSpec(Generic[C]):
    """What the shared adapters need to know about a game.

    Attributes:
        env_id: the registered id, e.g. ``"who_is_spy_v0"``.
        config_cls: the game's frozen config dataclass.
        new_rules: builds the rules from a config and a seeded generator.
        text: the game's text module (a :class:`~parlour.core.text.GameText`).
        render_modes: the render modes this game supports.
        render_fps: frames per second for the ``human`` mode.
        views: optional numeric observation views beside ``text``: given the config, the views it
            asks for as ``name -> (space, observe(rules, agent))`` (Overcooked's ``lossless``
            and ``featurized``); each is computed only when the game was configured with it.
        hidden: the game's hidden facts (see :mod:`parlour.core.hidden`): what each seat must
            not be able to tell apart, which the twin-game leak harness checks on every channel.
            Empty for games without hidden information.
    """

    env_id: str
    config_cls: type[C]
    new_rules: Callable[[C, np.random.Generator], GameRules[Any]]
    text: GameText[Any]
    render_modes: tuple[str, ...] = ("ansi", "human", "rgb_array")
    render_fps: int = 2
    views: Callable[[C], dict[str, tuple[spaces.Space[Any], Callable[[Any, str], Any]]]] | None = (
        None
    )
    hidden: tuple[HiddenFact, ...] = ()

    @property
    def metadata(self) -> dict[str, Any]:
        """PettingZoo's ``metadata`` for this game's env classes."""
        return {
            "name": self.env_id,
            "render_modes": list(self.render_modes),
            "is_parallelizable": True,  # the Parallel adapter serves every Parlour game
            "render_fps": self.render_fps,
        }

    def make_config(self, config: C | None, overrides: dict[str, Any]) -> C:
        """The config from an instance and/or keyword overrides, with clear errors for bad keys."""
        fields = {f.name for f in dataclasses.fields(self.config_cls)}  # type: ignore[arg-type]
        unknown = sorted(set(overrides) - fields)
        if unknown:
            raise ConfigError(
                f"unknown option(s) for {self.env_id}: {', '.join(unknown)}; "
                f"known: {', '.join(sorted(fields))}"
            )
        if config is None:
            return self.config_cls(**overrides)
        if not isinstance(config, self.config_cls):
            raise ConfigError(
                f"config must be a {self.config_cls.__name__}, actual type: {type(config).__name__}"
            )
        return dataclasses.replace(config, **overrides) if overrides else config  # type: ignore[type-var]


class _Host:
    """Seeding, spaces, the running :class:`Match` and rendering, shared by both adapters."""

    def __init__(
        self,
        game: GameSpec[Any],
        render_mode: str | None,
        config: Any,
        options: MatchOptions,
        render_view: str,
    ) -> None:
        OrNone(OneOf(*RENDER_MODES))("render_mode", render_mode)
        if render_mode is not None and render_mode not in game.render_modes:
            warnings.warn(
                f"{game.env_id} supports render modes {', '.join(game.render_modes)}; "
                f"render_mode={render_mode!r} renders nothing",
                stacklevel=3,
            )
        self.game = game
        self.render_mode = render_mode
        self.config = config
        self.options = options
        # a game of seed 0: its players, and a budget too small for its cards and prompts is
        # refused now (a seed whose card is longer is refused at reset)
        probe = Match(
            game.env_id, game.new_rules(config, np.random.default_rng(0)), game.text, options
        )
        self.possible_agents: list[AgentId] = list(probe.players)
        self.render_view = OneOf("god", *self.possible_agents)("render_view", render_view)
        self.views = game.views(config) if game.views is not None else {}
        obs_space = spaces.Dict(
            {
                "text": spaces.Text(options.max_observation_chars, min_length=0, charset=CHARSET),
                **{name: space for name, (space, _) in self.views.items()},
            }
        )
        self.observation_spaces = {a: obs_space for a in self.possible_agents}
        action_space = spaces.Text(options.max_action_chars, min_length=0, charset=CHARSET)
        self.action_spaces = {a: action_space for a in self.possible_agents}
        # the next unseeded game's seed comes from here: a generator, or the seed to make it from
        self._seeder: np.random.Generator | int | None = None
        self.game_seed: int | None = None
        self.match: Match[Any] | None = None
        self._renderer: Any = None  # parlour.renderers.window.EnvRenderer, made on first use

    def new_match(self, seed: int | None) -> Match[Any]:
        """Start a game. A given seed fixes it; without one the next seed comes from the last."""
        if seed is not None:
            game_seed = _SEED("seed", seed)  # (a bool is no seed, though Python counts it an int)
            self._seeder = game_seed  # the generator is made when a reset without seed needs it
        elif self._seeder is None:
            game_seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
            self._seeder = np.random.default_rng(game_seed)
        else:
            if not isinstance(self._seeder, np.random.Generator):
                self._seeder = np.random.default_rng(self._seeder)
            game_seed = int(self._seeder.integers(2**62))
        self.game_seed = game_seed
        rules = self.game.new_rules(self.config, np.random.default_rng(game_seed))
        self.match = Match(self.game.env_id, rules, self.game.text, self.options)
        return self.match

    def observation(self, match: Match[Any], agent: AgentId) -> dict[str, Any]:
        """``agent``'s observation dict: the text, then any numeric views configured."""
        if not self.views:
            return {"text": match.observation(agent)}
        observation: dict[str, Any] = {"text": match.observation(agent)}
        for name, (_, observe) in self.views.items():
            observation[name] = observe(match.rules, agent)
        return observation

    def require_match(self) -> Match[Any]:
        if self.match is None:
            raise ConfigError("call reset() before using the environment")
        return self.match

    def render(self) -> str | None:
        if self.render_mode is None:
            warnings.warn(
                "render() called without a render_mode; pass render_mode='ansi'", stacklevel=3
            )
            return None
        if self.render_mode == "ansi":
            return self.require_match().transcript_text(self.render_view)
        if self.render_mode not in self.game.render_modes:
            return None
        if self._renderer is None:  # pygame is imported only by the picture modes
            from parlour.renderers.window import EnvRenderer

            self._renderer = EnvRenderer(self.game.env_id, self.game.render_fps)
        if self.render_mode == "rgb_array":
            return self._renderer.array(self.require_match(), self.render_view)
        self._renderer.show(self.require_match(), self.render_view)
        return None

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None


class _Common:
    """Read-only helpers both adapters expose on ``env.unwrapped``."""

    _host: _Host
    game: ClassVar[GameSpec[Any]]

    def observation_space(self, agent: AgentId) -> spaces.Space[Any]:
        return self._host.observation_spaces[agent]

    def action_space(self, agent: AgentId) -> spaces.Space[Any]:
        return self._host.action_spaces[agent]

    @property
    def match(self) -> Match[Any]:
        """The game in progress (rules, event log, observations)."""
        match = self._host.match  # (read by wrappers every step: no further call)
        if match is None:
            raise ConfigError("call reset() before using the environment")
        return match

    @property
    def config(self) -> Any:
        return self._host.config

    @property
    def game_seed(self) -> int | None:
        """The seed of the current game (also set when ``reset`` was called without one)."""
        return self._host.game_seed

    def transcript(self) -> list[dict[str, Any]]:
        """Every event of the current game with its visibility (the god view), as JSON data."""
        return self.match.transcript()

    def transcript_text(self, view: str = "god") -> str:
        """The current game as text from ``view`` (``"god"`` or an agent id)."""
        return self.match.transcript_text(view)

    def metrics(self) -> dict[str, Any]:
        """The game's metrics (outcome, per-role results, invalid actions...)."""
        return self.match.metrics()

    def seat_view(self, agent: AgentId) -> SeatView:
        """What ``agent`` may know, for scripted bots: its own events (seat-local numbering) and,
        in games without hidden state, a snapshot of what it sees; fed by the game in progress,
        with no way back to the env, the rules or the log (see :class:`SeatView`)."""
        return self.match.seat_view(agent)

    def player_view(self, agent: AgentId) -> SeatView:
        """The old name of :meth:`seat_view`, kept for existing code: the same view."""
        return self.match.seat_view(agent)

    def render(self) -> str | None:
        return self._host.render()

    def close(self) -> None:
        """Close the ``human`` window, if one is open."""
        self._host.close()


#: The old name of :class:`SeatView` (it once held the env; it now holds copies only).
PlayerView = SeatView


def _split_options(kwargs: dict[str, Any]) -> tuple[MatchOptions, str, dict[str, Any]]:
    names = {f.name for f in dataclasses.fields(MatchOptions)}
    options = MatchOptions(**{k: kwargs.pop(k) for k in list(kwargs) if k in names})
    render_view = kwargs.pop("render_view", "god")
    return options, render_view, kwargs


class ParlourAECEnv(_Common, AECEnv):
    """The AEC adapter of a Parlour game (subclasses set ``game`` and ``metadata``).

    Args:
        render_mode: ``"ansi"`` (and ``"human"``/``"rgb_array"`` where the game has views).
        config: a config instance of the game; keyword options override its fields.
        on_invalid, invalid_penalty, max_observation_chars, max_action_chars: see MatchOptions.
        render_view: ``"god"`` or an agent id, the perspective of ``render()``.
        **game_config: fields of the game's config dataclass.
    """

    def __init__(self, render_mode: str | None = None, config: Any = None, **kwargs: Any) -> None:
        super().__init__()
        options, render_view, game_kwargs = _split_options(kwargs)
        game_config = self.game.make_config(config, game_kwargs)
        self._host = _Host(self.game, render_mode, game_config, options, render_view)
        self.render_mode = render_mode
        self.possible_agents = list(self._host.possible_agents)
        self.agents = []
        # Until reset, every read below finds nothing and observe()/step() raise a clear error.
        self.rewards, self._cumulative_rewards, self.infos = {}, {}, {}
        self._rewards_zero = True
        self.terminations, self.truncations = {}, {}
        self.agent_selection = None  # type: ignore[assignment]

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        match = self._host.new_match(seed)
        self.agents = list(self.possible_agents)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._rewards_zero = True  # whether self.rewards holds only zeros
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos = {a: {} for a in self.agents}
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
        if match.is_over():
            terminal = match.rules.is_terminal()
            for agent in self.agents:
                self.terminations[agent] = terminal
                self.truncations[agent] = not terminal
            self.agent_selection = self.agents[0]
        else:
            following = self.agent_selection = match.acting()[0]
            infos[following] = {**infos[following], **match.turn_info(following)}


class ParlourParallelEnv(_Common, ParallelEnv):
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
    """

    def __init__(self, render_mode: str | None = None, config: Any = None, **kwargs: Any) -> None:
        options, render_view, game_kwargs = _split_options(kwargs)
        game_config = self.game.make_config(config, game_kwargs)
        self._host = _Host(self.game, render_mode, game_config, options, render_view)
        self.render_mode = render_mode
        self.possible_agents = list(self._host.possible_agents)
        self.agents = []

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[AgentId, dict[str, str]], dict[AgentId, dict[str, Any]]]:
        match = self._host.new_match(seed)
        self.agents = list(self.possible_agents)
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
