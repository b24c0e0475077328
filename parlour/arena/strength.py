"""How strong agents are, measured over seeded games: a side's win rate, a metric's mean.

The bot tests and ``benchmarks/*_bots.py`` use these: each seed deals a game, and the agents are
seated by the roles that deal gives, so every mix of agents meets the same deals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from parlour.play import play_game
from parlour.registry import make


def side_win_rate(
    env_id: str, sides: Mapping[str, str], winner: str, games: int, **config: Any
) -> float:
    """Share of ``games`` seeded games whose ``metrics()["winner"]`` is ``winner``, with each seat
    played by the agent spec its dealt role maps to in ``sides`` (a role missing from ``sides``
    takes the spec under ``"*"``).

    Example:
        >>> side_win_rate("who_is_spy_v0", {"*": "random"}, "civilians", 2, num_players=4)
        0.5
    """
    wins = 0
    for seed in range(games):
        env = make(env_id, **config)
        env.reset(seed=seed)
        roles = env.unwrapped.metrics()["roles"]
        seats = [sides.get(role, sides.get("*", "random")) for role in roles.values()]
        result = play_game(env_id, seats, seed=seed, **config)
        wins += result.metrics["winner"] == winner
    return wins / games


def mean_metric(env_id: str, seats: Sequence[str], metric: str, games: int, **config: Any) -> float:
    """The mean of ``metrics()[metric]`` over ``games`` seeded games with these agent specs."""
    total = 0.0
    for seed in range(games):
        total += play_game(env_id, list(seats), seed=seed, **config).metrics[metric]
    return total / games
