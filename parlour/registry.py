"""The env registry: registers, makes and lists games, shared with PettingZoo's and Gymnasium's.

A game joins the suite (and every test, agent, wrapper and tournament that works from the
registry) by one :func:`register_env` call with its :class:`~parlour.core.game.Game`; the built-in
games (:data:`parlour.envs.GAMES`) are registered on import.
"""

from __future__ import annotations

import importlib
from typing import Any

import gymnasium
import pettingzoo

from parlour.core.errors import UnknownEnvError
from parlour.core.game import Game
from parlour.envs import GAMES

_REGISTRY: dict[str, Game[Any]] = {}

#: Whether this PettingZoo has a registry (``pettingzoo.register``/``make``, new in 1.27). Older
#: releases still run every Parlour env; they are made with :func:`make` and :func:`make_parallel`.
PETTINGZOO_REGISTRY = hasattr(pettingzoo, "register")


def register_env(game: Game[Any]) -> None:
    """Add a game to Parlour's registry, to PettingZoo's (AEC and Parallel, where PettingZoo has
    one: see :data:`PETTINGZOO_REGISTRY`), and to Gymnasium's as a single-agent env
    (``parlour/WhoIsSpy-single-v0``: one seat against Parlour agents)."""
    _REGISTRY[game.env_id] = game
    register_with_pettingzoo = getattr(pettingzoo, "register", None)  # new in PettingZoo 1.27
    if register_with_pettingzoo is not None:
        register_with_pettingzoo("aec", game.pettingzoo_id, entry_point=game.env)
        register_with_pettingzoo("parallel", game.pettingzoo_id, entry_point=game.parallel_env)
    single = single_agent_id(game.env_id, game.pettingzoo_id)
    if single not in gymnasium.registry:
        gymnasium.register(
            id=single,
            entry_point="parlour.wrappers.single:SingleAgentEnv",
            kwargs={"env_id": game.env_id},
        )


def single_agent_id(env_id: str, pettingzoo_id: str | None = None) -> str:
    """The Gymnasium id of ``env_id``'s one-seat version, e.g. ``parlour/WhoIsSpy-single-v0``."""
    base = pettingzoo_id or get_game(env_id).pettingzoo_id
    name, _, version = base.rpartition("-")
    return f"{name}-single-{version}"


def list_envs() -> list[str]:
    """The registered env ids, in registration order.

    Example:
        >>> "who_is_spy_v0" in list_envs()
        True
    """
    return list(_REGISTRY)


def get_game(env_id: str) -> Game[Any]:
    """The declaration of the registered game ``env_id``, with a clear error for unknown ids.

    An id written ``module:env_id`` (Gymnasium's convention) first imports ``module``, whose
    import registers the game: so a game of another package can be named wherever an env id is
    taken (``make``, ``parlour run``, a tournament spec), also in worker processes that start
    afresh.
    """
    game = _REGISTRY.get(env_id)
    if game is not None:
        return game
    module, colon, name = env_id.rpartition(":")
    if colon and module:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise UnknownEnvError(
                f"env id {env_id!r}: cannot import {module!r} ({error})"
            ) from None
        game = _REGISTRY.get(name)
        if game is not None:
            return game
        raise UnknownEnvError(
            f"env id {env_id!r}: importing {module!r} registered no game {name!r}; registered: "
            f"{', '.join(_REGISTRY)}"
        )
    raise UnknownEnvError(
        f"unknown env id {env_id!r}; registered: {', '.join(_REGISTRY) or '(none)'}"
    )


def make(env_id: str, **config: Any) -> Any:
    """Create the AEC env ``env_id``; keyword options go to the game's config.

    Example:
        >>> env = make("who_is_spy_v0", num_players=5)
        >>> env.reset(seed=1)
        >>> env.agent_selection in env.agents
        True
    """
    return get_game(env_id).env(**config)


def make_parallel(env_id: str, **config: Any) -> Any:
    """Create the Parallel env ``env_id``; keyword options go to the game's config."""
    return get_game(env_id).parallel_env(**config)


for _game in GAMES:
    register_env(_game)
