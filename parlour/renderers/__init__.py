"""pygame views of every Parlour game, for ``render_mode="rgb_array"``/``"human"`` and human play.

A view joins by registration, like an env: :func:`register_view` maps an env id to a class with
a ``draw(surface, area, match, viewer)`` method (see :mod:`parlour.renderers.base`). pygame is
imported only when a frame is drawn, so text-only use never loads it.
"""

from __future__ import annotations

import importlib
from typing import Any

_VIEWS: dict[str, str] = {
    "who_is_spy_v0": "parlour.renderers.table:WhoIsSpyView",
    "werewolf_v0": "parlour.renderers.table:WerewolfView",
    "among_us_v0": "parlour.renderers.among_us:AmongUsView",
    "overcooked_v0": "parlour.renderers.overcooked:OvercookedView",
    "donor_game_v0": "parlour.renderers.donor_game:DonorGameView",
    "auction_v0": "parlour.renderers.auction:AuctionView",
}


def register_view(env_id: str, target: str) -> None:
    """Register a game view: ``target`` is ``"module:Class"``, imported on first use."""
    _VIEWS[env_id] = target


def make_view(env_id: str) -> Any:
    """A new instance of ``env_id``'s view."""
    module, _, name = _VIEWS[env_id].partition(":")
    return getattr(importlib.import_module(module), name)()


def make_frame(env_id: str) -> Any:
    """The shared frame around ``env_id``'s view."""
    from parlour.renderers.frame import Frame

    return Frame(env_id, make_view(env_id))
