"""Every seat of one game as one Gymnasium env, a turn a step: self-play for a single policy.

    env = SelfPlayEnv("auction_v0", format="first_price")
    observation, info = env.reset(seed=0)   # the acting seat's {"observation", "action_mask"}
    env.action_masks()                      # its mask as booleans, for sb3-contrib's MaskablePPO

This is what PettingZoo's tutorial "SB3: Action Masked PPO for Connect Four" builds by hand (its
``SB3ActionMaskWrapper`` around the AEC env, then sb3-contrib's ``ActionMasker``), ready-made:
each step is the turn of whichever seat acts, so one policy plays every seat. As in that
tutorial, the observation is that of the seat to act next, while the reward is what the seat
that just acted earned on its own turn. A reward that reaches a seat on another seat's turn (a
sealed-bid sale settled when the last bid is in, the payoff of a vote that others complete) is
not in the stream: one stream cannot tell whose it is. The Parallel path through SuperSuit
(``docs/rl.md``) gives each seat a trajectory of its own instead.

The episode ends with the game (termination) or at its horizon (truncation, ``max_cycles``);
the last observation is the mover's, with :data:`~parlour.wrappers.discrete.NOOP_INDEX` alone in
its mask. ``info`` is the mover's :func:`~parlour.wrappers.discrete.rl_info` (the same keys
every step).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parlour.core.errors import ConfigError
from parlour.wrappers.discrete import NUMBER_GRID
from parlour.wrappers.single import SeatEnv


class SelfPlayEnv(SeatEnv):
    """All seats of ``env_id`` as one Gymnasium env, for one policy that plays every seat.

    Args:
        env_id: a registered Parlour env.
        text: also return the text observation.
        number_grid: fractions offered on number turns (see ``DiscreteActions``).
        render_mode: one of the game's render modes, drawn from ``render_view`` (``"god"``
            unless the config names a seat).
        **config: the game's options and the env's (``max_cycles``, ``on_invalid``...).

    Example:
        >>> env = SelfPlayEnv("auction_v0", format="first_price", num_items=1)
        >>> observation, info = env.reset(seed=0)
        >>> sorted(observation), info
        (['action_mask', 'observation'], {'acting': True, 'invalid_action': False})
    """

    def __init__(
        self,
        env_id: str,
        text: bool = False,
        number_grid: Sequence[float] = NUMBER_GRID,
        render_mode: str | None = None,
        **config: Any,
    ) -> None:
        aec = self._open(env_id, text, number_grid, render_mode, config)
        seats = aec.possible_agents
        self.observation_space = aec.observation_space(seats[0])
        self.action_space = aec.action_space(seats[0])
        if any(aec.observation_space(seat) != self.observation_space for seat in seats):
            raise ConfigError(
                f"{env_id}: the seats' observation spaces differ, one policy needs one"
            )
        self._seat = seats[0]

    @property
    def seat(self) -> str:  # type: ignore[override]
        """The seat whose turn the current observation is (the mover, once the game is over)."""
        return self._seat

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        super().reset(seed=seed)
        self._aec.reset(seed=int(self.np_random.integers(2**62)))
        self._seat = self._aec.agent_selection
        observation, _, _, _, info = self._aec.last()
        return observation, info

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        aec = self._aec
        if not aec.agents:
            raise ConfigError("the game is over: call reset()")
        mover = self._seat
        aec.step(action)
        reward = float(aec.rewards[mover])  # what its own turn earned it
        info = aec.infos[mover]
        terminated, truncated = aec.terminations[mover], aec.truncations[mover]
        if terminated or truncated:  # the game is over for every seat at once
            observation = aec.observe(mover)
            while aec.agents:  # retire every seat
                aec.step(None)
        else:
            self._seat = aec.agent_selection
            observation = aec.observe(self._seat)
        return observation, reward, bool(terminated), bool(truncated), info
