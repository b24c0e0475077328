"""What both PettingZoo adapters share: seeding, spaces, the running match, rendering, and the
read-only helpers on ``env.unwrapped`` (:class:`SharedEnvAPI`).

The adapters themselves (:mod:`parlour.core.aec`, :mod:`parlour.core.parallel`) only translate
PettingZoo's calls; everything a game needs is written once here and in :mod:`parlour.core.match`
(pgx's template method), never per game.
"""

from __future__ import annotations

import dataclasses
import functools
import warnings
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces

from parlour.core.charset import CHARSET
from parlour.core.config import Integer, OneOf, OrNone
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.game import RENDER_MODES, Game
from parlour.core.match import Match, MatchOptions
from parlour.core.view import SeatView

#: A game seed: a whole number >= 0 (a bool is no seed, though Python counts it an int).
_SEED = Integer(0)


class Host:
    """Seeding, spaces, the running :class:`Match` and rendering, shared by both adapters."""

    def __init__(
        self,
        game: Game[Any],
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
        # (a budget too small for a game's cards and prompts is refused when a game starts)
        self.possible_agents: list[AgentId] = list(game.players(config))
        self.render_view = OneOf("god", *self.possible_agents)("render_view", render_view)
        self.views = game.observations(config) if game.observations is not None else {}
        # the next unseeded game's seed comes from here: a generator, or the seed to make it from
        self._seeder: np.random.Generator | int | None = None
        self.game_seed: int | None = None
        self.match: Match[Any] | None = None
        self._picture: Any = None  # the game's Picture, made on first use

    # The spaces are made when first asked for (a loop that only plays never asks), once: one
    # object for every seat, so a space seeded by its user stays seeded.
    @functools.cached_property
    def observation_spaces(self) -> dict[AgentId, spaces.Dict]:
        """Each seat's observation space: the text, then the numeric views configured."""
        text = spaces.Text(self.options.max_observation_chars, min_length=0, charset=CHARSET)
        views = {name: space for name, (space, _) in self.views.items()}
        space = spaces.Dict({"text": text, **views})
        return dict.fromkeys(self.possible_agents, space)

    @functools.cached_property
    def action_spaces(self) -> dict[AgentId, spaces.Text]:
        """Each seat's action space: text of at most ``max_action_chars`` characters."""
        space = spaces.Text(self.options.max_action_chars, min_length=0, charset=CHARSET)
        return dict.fromkeys(self.possible_agents, space)

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
        rules = self.game.rules(self.config, np.random.default_rng(game_seed))
        self.match = Match(self.game, rules, self.options)
        return self.match

    def views_of(self, match: Match[Any], agent: AgentId) -> dict[str, Any]:
        """``agent``'s numeric views the config asks for (Overcooked's grids), without the
        text; empty for most games."""
        return {name: observe(match.rules, agent) for name, (_, observe) in self.views.items()}

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
        if self.render_mode not in self.game.render_modes or self.game.picture is None:
            return None
        if self._picture is None:  # pygame is imported only by the picture modes
            self._picture = self.game.picture()()
        if self.render_mode == "rgb_array":
            return self._picture.array(self.require_match(), self.render_view)
        self._picture.show(self.require_match(), self.render_view, self.game.render_fps)
        return None

    def close(self) -> None:
        if self._picture is not None:
            self._picture.close()
            self._picture = None


class SharedEnvAPI:
    """Read-only helpers both adapters expose on ``env.unwrapped``."""

    _host: Host
    game: ClassVar[Game[Any]]

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

    def numeric_views(self, agent: AgentId) -> dict[str, Any]:
        """``agent``'s observation less the text: a fresh dict of the numeric views the config
        asks for (Overcooked's ``views``), empty for most games; the text is not rendered."""
        return self._host.views_of(self.match, agent)

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


def split_options(kwargs: dict[str, Any]) -> tuple[MatchOptions, str, dict[str, Any]]:
    names = {f.name for f in dataclasses.fields(MatchOptions)} if kwargs else ()
    options = MatchOptions(**{k: kwargs.pop(k) for k in list(kwargs) if k in names})
    render_view = kwargs.pop("render_view", "god")
    return options, render_view, kwargs
