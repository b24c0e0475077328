"""One seat of a Parlour game as a Gymnasium env; the other seats are Parlour agents.

    env = gymnasium.make("parlour/DonorGame-single-v0", opponents="scripted")
    observation, info = env.reset(seed=0)   # {"observation": Box, "action_mask": int8 Box}
    env.action_masks()                      # the mask as booleans, for sb3-contrib's MaskablePPO

Actions are :class:`~parlour.wrappers.DiscreteActions` indices; observations are the game's numeric
view and the action mask (and the text with ``text=True``). The reward of a step is everything the
learning seat earned from its action until its next turn (or the end). A game in which the seat is
out before its first turn holds no decision, so ``reset`` moves on to the next seeded game.
Each opponent is seeded as ``play_game`` seeds it, with a hash of the game seed and its seat:
never the game seed or an offset of it, from which an opponent could deal the game again.

The mask is never all zeros: the terminal observation (which Gymnasium's vector envs hand to the
policy before they reset) allows :data:`~parlour.wrappers.discrete.NOOP_INDEX` alone. ``info``
is the batchable :func:`~parlour.wrappers.discrete.rl_info` of the seat (the same keys every
step); the action texts behind the indices are :meth:`SingleAgentEnv.action_menu`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gymnasium
import numpy as np

import parlour
from parlour.agents.specs import make_agent
from parlour.core.errors import ConfigError
from parlour.core.game import RENDER_MODES, Game
from parlour.core.host import split_options
from parlour.core.seeding import agent_seed
from parlour.registry import get_game
from parlour.wrappers.discrete import NUMBER_GRID, DiscreteActions
from parlour.wrappers.numeric import NumericObservations

#: Games played through in one ``reset`` when the learning seat never gets a turn (a Werewolf
#: villager killed on the first night): they hold no decision, so the next seeded game starts.
_MAX_SKIPPED_GAMES = 100


class SeatEnv(gymnasium.Env):
    """What Parlour's Gymnasium envs share: one game's discrete face (``aec_env``), its mask and
    menu read for ``seat`` (the learning seat of :class:`SingleAgentEnv`, the seat to act of
    :class:`~parlour.wrappers.SelfPlayEnv`), and its pictures."""

    #: Every mode a Parlour game may draw (Gymnasium's ``make`` reads the class's); an instance's
    #: ``metadata`` holds its game's own.
    metadata: dict[str, Any] = {"render_modes": list(RENDER_MODES), "render_fps": 2}  # noqa: RUF012
    seat: str

    def _open(
        self,
        env_id: str,
        text: bool,
        number_grid: Sequence[float],
        render_mode: str | None,
        config: dict[str, Any],
    ) -> DiscreteActions:
        """Make the game's discrete face (``config``: the game's and the env's options)."""
        game = get_game(env_id)
        check_render_mode(game, render_mode)
        env = parlour.make(env_id, render_mode=render_mode, **config)
        self._aec = DiscreteActions(NumericObservations(env, keep_text=text), number_grid)
        self.env_id = env_id
        self.metadata = {"render_modes": list(game.render_modes), "render_fps": game.render_fps}
        self.render_mode = render_mode
        return self._aec

    @property
    def aec_env(self) -> DiscreteActions:
        """The wrapped multi-agent env (for transcripts and metrics)."""
        return self._aec

    def action_masks(self) -> np.ndarray:
        """The seat's action mask now as booleans: what sb3-contrib's ``MaskablePPO`` asks for
        (directly, or through ``env_method`` on SB3's vector envs); never all False."""
        return self._aec.action_mask(self.seat).astype(bool)

    def action_menu(self) -> list[str]:
        """The action texts behind the seat's indices now (empty when it has nothing to
        choose)."""
        return list(self._aec.action_menu(self.seat))

    def render(self) -> Any:
        """The game drawn in ``render_mode`` from the render view: text for ``"ansi"``, an
        HxWx3 uint8 frame for ``"rgb_array"``; ``"human"`` draws in a window on every step of
        the game and returns None."""
        if self.render_mode is None:
            return None
        return self._aec.unwrapped.render()

    def close(self) -> None:
        self._aec.unwrapped.close()


class SingleAgentEnv(SeatEnv):
    """A Gymnasium env for one seat of ``env_id``.

    Args:
        env_id: a registered Parlour env.
        seat: the learning seat (``"player_0"`` by default).
        opponents: an agent spec for every other seat (``"scripted"``, ``"random"``, an LLM
            spec...), or one spec per other seat in seat order.
        text: also return the text observation.
        number_grid: fractions offered on number turns (see ``DiscreteActions``).
        render_mode: one of the game's render modes (``"ansi"``, and ``"rgb_array"`` and
            ``"human"`` for games with a picture), drawn from the learning seat's view (pass
            ``render_view="god"`` to see everything); SB3's ``make_vec_env`` asks for
            ``"rgb_array"``.
        **config: the game's options and the env's (``max_cycles``, ``on_invalid``...).
    """

    def __init__(
        self,
        env_id: str,
        seat: str = "player_0",
        opponents: str | Sequence[str] = "scripted",
        text: bool = False,
        number_grid: Sequence[float] = NUMBER_GRID,
        render_mode: str | None = None,
        **config: Any,
    ) -> None:
        game = get_game(env_id)
        check_render_mode(game, render_mode)
        _, _, game_options = split_options(dict(config))  # (the env's options set apart)
        players = game.players(game.make_config(game_options.pop("config", None), game_options))
        if seat not in players:
            raise ConfigError(f"seat must be one of {', '.join(players)}: {seat!r}")
        config.setdefault("render_view", seat)  # a picture shows only what the seat may know
        aec = self._open(env_id, text, number_grid, render_mode, config)
        others = [a for a in aec.possible_agents if a != seat]
        specs = [opponents] * len(others) if isinstance(opponents, str) else list(opponents)
        if len(specs) != len(others):
            raise ConfigError(f"need {len(others)} opponent specs, actual: {len(specs)}")
        self.seat = seat
        self.opponents = {
            agent: make_agent(spec) for agent, spec in zip(others, specs, strict=True)
        }
        self.action_space = aec.action_space(seat)
        self.observation_space = aec.observation_space(seat)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        super().reset(seed=seed)
        base = self._aec.unwrapped
        for _ in range(_MAX_SKIPPED_GAMES):
            game_seed = int(self.np_random.integers(2**62))
            self._aec.reset(seed=game_seed)
            for index, agent in enumerate(base.possible_agents):
                if agent in self.opponents:  # each seat's seed as play_game hands it: one way
                    seed = agent_seed(game_seed, index)
                    self.opponents[agent].reset(agent, seed=seed, view=base.seat_view(agent))
            self._advance()
            if not (self._aec.terminations[self.seat] or self._aec.truncations[self.seat]):
                break  # else the seat was out before its first turn: an episode with no decision
        observation, _, _, _, info = self._aec.last()
        return observation, info

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        if not self._aec.agents:
            raise ConfigError("the game is over: call reset()")
        if not (self._aec.terminations[self.seat] or self._aec.truncations[self.seat]):
            self._aec.step(action)  # (a seat can be out before its first turn: nothing to do)
            self._advance()
        reward = float(self._aec._cumulative_rewards.get(self.seat, 0.0))
        observation = self._aec.observe(self.seat)
        terminated = bool(self._aec.terminations.get(self.seat, True))
        truncated = bool(self._aec.truncations.get(self.seat, False))
        info = self._aec.infos[self.seat]
        if terminated or truncated:
            while self._aec.agents:  # retire every seat: the game is over for all
                self._aec.step(None)
        return observation, reward, terminated, truncated, info

    def _advance(self) -> None:
        """Let opponents act until it is the learner's turn or the game is over."""
        env = self._aec
        base = env.unwrapped
        for agent in env.agent_iter():
            if agent == self.seat or env.terminations.get(agent) or env.truncations.get(agent):
                if agent == self.seat:
                    return
                env.step(None)
                continue
            observation = base.observe(agent)
            env.unwrapped.step(self.opponents[agent].act(observation, base.infos[agent]))


def check_render_mode(game: Game[Any], render_mode: str | None) -> None:
    """Refuse a render mode ``game`` cannot draw, naming the ones it can."""
    if render_mode is not None and render_mode not in game.render_modes:
        raise ConfigError(
            f"render_mode must be None or one of {', '.join(game.render_modes)} "
            f"({game.env_id}'s modes), actual value: {render_mode!r}"
        )
