"""The built-in games, one declaration each (see :class:`parlour.core.game.Game`).

A new game is a folder here that declares its ``GAME`` and one line below.
"""

from __future__ import annotations

from parlour.core.game import Game
from parlour.envs import among_us, auction, donor_game, overcooked, werewolf, who_is_spy

GAMES: tuple[Game, ...] = (
    who_is_spy.GAME,
    donor_game.GAME,
    auction.GAME,
    werewolf.GAME,
    among_us.GAME,
    overcooked.GAME,
)
