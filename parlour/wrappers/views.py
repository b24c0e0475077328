"""Where each game keeps its RL faces: ``parlour.envs.<game>.views``.

A game's ``views`` module renders its discrete speech acts and its fixed-size numeric encoding,
from the rules and one viewer's knowledge only (the same visibility rules as the text).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from parlour.core.events import AgentId
from parlour.registry import env_entry


class GameViews(Protocol):
    """The functions a game's ``views`` module provides."""

    def menu_size(self, config: Any) -> int:
        """The most actions any discrete menu of a game with ``config`` can list."""
        ...

    def speech_menu(self, rules: Any, agent: AgentId) -> Sequence[str]:
        """Speech acts ``agent`` may pick on a speech turn now, without repeats (empty: the
        generic menu). A game may also define ``number_menu(rules, agent)``: the whole menu of a
        number turn as a tuple, the turn's choices (such as ``[withdraw]``) included."""
        ...

    def numeric_size(self, config: Any) -> int:
        """Length of the numeric observation of a game with ``config``."""
        ...

    def encode(self, rules: Any, agent: AgentId) -> np.ndarray:
        """``agent``'s numeric observation now: float32 values in [-1, 1] (mostly in [0, 1]),
        built only from what ``agent`` may know."""
        ...


def game_views(env_id: str) -> GameViews:
    """The ``views`` module of a registered env."""
    package = env_entry(env_id).module.rsplit(".", 1)[0]
    return importlib.import_module(f"{package}.views")  # type: ignore[return-value]
