"""Parlour: multi-agent language games as PettingZoo environments.

Example:
    >>> import parlour
    >>> result = parlour.play_game("who_is_spy_v0", ["scripted"] * 6, seed=0)
    >>> sorted(result.rewards.values())[-1]
    1.0
"""

from __future__ import annotations

from parlour.core.game import Game
from parlour.play import GameResult, aplay_game, play_game
from parlour.registry import get_game, list_envs, make, make_parallel, register_env

__all__ = [
    "Game",
    "GameResult",
    "aplay_game",
    "get_game",
    "list_envs",
    "make",
    "make_parallel",
    "play_game",
    "register_env",
]
__version__ = "0.1.0"
