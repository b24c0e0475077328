"""The drawing kit every game's picture uses: colours and text (:mod:`~parlour.renderers.draw`),
the shared frame around a game's area (:mod:`~parlour.renderers.frame`), the window, the seated
table of the talking games, the attributed transcript rows, and play sessions.

The kit imports no game: a game's picture lives in its own folder (``envs/<game>/picture.py``),
subclasses :class:`~parlour.renderers.picture.Picture`, and is found through the game's
declaration (``Game.picture``). pygame is imported only when a frame is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parlour.core.game import Game
    from parlour.renderers.frame import Frame


def make_frame(game: Game[Any]) -> Frame:
    """The shared frame around a new instance of ``game``'s picture."""
    from parlour.renderers.frame import Frame

    if game.picture is None:
        raise ValueError(f"{game.env_id} has no picture")
    return Frame(game.env_id, game.picture()())
