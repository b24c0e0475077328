"""Seeds derived from other seeds, one way: whoever holds a derived seed cannot get the root back.

An agent is handed a seed for its own randomness. Were that seed the game seed plus a constant, an
agent could subtract, deal the same game again and read every hidden role; so every seed handed to
an agent (or to anything else that plays) is a hash of the seed it comes from and of where it is
used. Two uses of one root, each with its own ``path``, get independent streams.
"""

from __future__ import annotations

import numpy as np


def derive_seed(root: int, *path: int) -> int:
    """A seed in ``[0, 2**63)`` for the use ``path`` of the seed ``root`` (a SeedSequence hash).

    Example:
        >>> derive_seed(7, 0) == derive_seed(7, 0) != derive_seed(7, 1)
        True
    """
    return int(np.random.SeedSequence([root, *path]).generate_state(1, np.uint64)[0] >> 1)


def agent_seed(game_seed: int, seat: int) -> int:
    """The seed of the agent in seat number ``seat`` of the game ``game_seed``.

    Every driver of whole games (``play_game``, ``aplay_game``, ``SingleAgentEnv``, play
    sessions, the tournament runner) hands the agent in a seat this seed, so one game seed gives
    the same game whichever driver plays it.
    """
    return derive_seed(game_seed, seat)
