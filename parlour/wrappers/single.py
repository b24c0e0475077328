"""One seat of a Parlour game as a Gymnasium env; the other seats are Parlour agents.

    env = gymnasium.make("parlour/DonorGame-single-v0", opponents="scripted")
    observation, info = env.reset(seed=0)   # {"numeric": Box, "action_mask": int8 Box}

Actions are :class:`~parlour.wrappers.DiscreteActions` indices; observations are the game's numeric
view and the action mask (and the text with ``text=True``). The reward of a step is everything the
learning seat earned from its action until its next turn (or the end). A game in which the seat is
out before its first turn holds no decision, so ``reset`` moves on to the next seeded game.
Each opponent is seeded as ``play_game`` seeds it, with a hash of the game seed and its seat:
never the game seed or an offset of it, from which an opponent could deal the game again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import gymnasium

import parlour
from parlour.agents.specs import make_agent
from parlour.core.errors import ConfigError
from parlour.core.seeding import agent_seed
from parlour.wrappers.discrete import NUMBER_GRID, DiscreteActions
from parlour.wrappers.numeric import NumericObservations

#: Games played through in one ``reset`` when the learning seat never gets a turn (a Werewolf
#: villager killed on the first night): they hold no decision, so the next seeded game starts.
_MAX_SKIPPED_GAMES = 100


class SingleAgentEnv(gymnasium.Env):
    """A Gymnasium env for one seat of ``env_id``.

    Args:
        env_id: a registered Parlour env.
        seat: the learning seat (``"player_0"`` by default).
        opponents: an agent spec for every other seat (``"scripted"``, ``"random"``, an LLM
            spec...), or one spec per other seat in seat order.
        text: also return the text observation.
        number_grid: fractions offered on number turns (see ``DiscreteActions``).
        **config: the game's options.
    """

    metadata: ClassVar[dict[str, Any]] = {"render_modes": ["ansi"]}

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
        self._aec = DiscreteActions(
            NumericObservations(parlour.make(env_id, **config), keep_text=text), number_grid
        )
        base = self._aec.unwrapped
        if seat not in base.possible_agents:
            raise ConfigError(f"seat must be one of {', '.join(base.possible_agents)}: {seat!r}")
        others = [a for a in base.possible_agents if a != seat]
        specs = [opponents] * len(others) if isinstance(opponents, str) else list(opponents)
        if len(specs) != len(others):
            raise ConfigError(f"need {len(others)} opponent specs, actual: {len(specs)}")
        self.env_id, self.seat = env_id, seat
        self.opponents = {
            agent: make_agent(spec) for agent, spec in zip(others, specs, strict=True)
        }
        self.action_space = self._aec.action_space(seat)
        self.observation_space = self._aec.observation_space(seat)
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ConfigError(f"render_mode must be None or 'ansi', actual: {render_mode!r}")
        self.render_mode = render_mode

    @property
    def aec_env(self) -> DiscreteActions:
        """The wrapped multi-agent env (for transcripts and metrics)."""
        return self._aec

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
        return observation, self._info(info)

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
        info = self._info(self._aec.infos.get(self.seat, {}))
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

    def _info(self, info: dict[str, Any]) -> dict[str, Any]:
        return {**info, "action_menu": list(self._aec.action_menu(self.seat))}

    def render(self) -> str | None:
        if self.render_mode == "ansi":
            return self._aec.unwrapped.match.transcript_text(self.seat)
        return None
