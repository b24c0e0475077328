"""The env registry: ids -> game modules, shared with PettingZoo's own registry.

A game joins the suite (and every test, agent, wrapper and tournament that works from the
registry) by one :func:`register_env` call.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import gymnasium
import pettingzoo

from parlour.core.errors import UnknownEnvError


@dataclass(frozen=True)
class EnvEntry:
    """One registered game.

    Attributes:
        env_id: Parlour's id, e.g. ``"who_is_spy_v0"``.
        module: the module with ``env()``, ``raw_env`` and ``parallel_env()``.
        bots: the module with ``make_bot(view, rng)`` for the ``scripted`` agent.
        pettingzoo_id: the id in PettingZoo's registry, e.g. ``"parlour/WhoIsSpy-v0"``.
        summary: one line for ``parlour list``.
    """

    env_id: str
    module: str
    bots: str
    pettingzoo_id: str
    summary: str


_REGISTRY: dict[str, EnvEntry] = {}


def register_env(entry: EnvEntry) -> None:
    """Add a game to Parlour's registry, to PettingZoo's (AEC and Parallel), and to Gymnasium's
    as a single-agent env (``parlour/WhoIsSpy-single-v0``: one seat against Parlour agents)."""
    _REGISTRY[entry.env_id] = entry
    pettingzoo.register("aec", entry.pettingzoo_id, entry_point=f"{entry.module}:env")
    pettingzoo.register("parallel", entry.pettingzoo_id, entry_point=f"{entry.module}:parallel_env")
    single = single_agent_id(entry.env_id, entry.pettingzoo_id)
    if single not in gymnasium.registry:
        gymnasium.register(
            id=single,
            entry_point="parlour.wrappers.single:SingleAgentEnv",
            kwargs={"env_id": entry.env_id},
        )


def single_agent_id(env_id: str, pettingzoo_id: str | None = None) -> str:
    """The Gymnasium id of ``env_id``'s one-seat version, e.g. ``parlour/WhoIsSpy-single-v0``."""
    base = pettingzoo_id or env_entry(env_id).pettingzoo_id
    name, _, version = base.rpartition("-")
    return f"{name}-single-{version}"


def list_envs() -> list[str]:
    """The registered env ids, in registration order.

    Example:
        >>> "who_is_spy_v0" in list_envs()
        True
    """
    return list(_REGISTRY)


def env_entry(env_id: str) -> EnvEntry:
    """The registry entry of ``env_id``, with a clear error for unknown ids."""
    try:
        return _REGISTRY[env_id]
    except KeyError:
        raise UnknownEnvError(
            f"unknown env id {env_id!r}; registered: {', '.join(_REGISTRY) or '(none)'}"
        ) from None


def env_module(env_id: str) -> ModuleType:
    return importlib.import_module(env_entry(env_id).module)


def make(env_id: str, **config: Any) -> Any:
    """Create the AEC env ``env_id``; keyword options go to the game's config.

    Example:
        >>> env = make("who_is_spy_v0", num_players=5)
        >>> env.reset(seed=1)
        >>> env.agent_selection in env.agents
        True
    """
    return env_module(env_id).env(**config)


def make_parallel(env_id: str, **config: Any) -> Any:
    """Create the Parallel env ``env_id``; keyword options go to the game's config."""
    return env_module(env_id).parallel_env(**config)


BUILTIN_ENVS = (
    EnvEntry(
        env_id="who_is_spy_v0",
        module="parlour.envs.who_is_spy.env",
        bots="parlour.envs.who_is_spy.bots",
        pettingzoo_id="parlour/WhoIsSpy-v0",
        summary="Who-is-Spy: describe your secret word, vote out the players whose word differs",
    ),
    EnvEntry(
        env_id="donor_game_v0",
        module="parlour.envs.donor_game.env",
        bots="parlour.envs.donor_game.bots",
        pettingzoo_id="parlour/DonorGame-v0",
        summary="The Donor Game: give on the strength of reputation (Vallinder & Hughes)",
    ),
    EnvEntry(
        env_id="auction_v0",
        module="parlour.envs.auction.env",
        bots="parlour.envs.auction.bots",
        pettingzoo_id="parlour/Auction-v0",
        summary="Auctions: AucArena's sequential English auctions, sealed bids and Dutch clocks",
    ),
    EnvEntry(
        env_id="werewolf_v0",
        module="parlour.envs.werewolf.env",
        bots="parlour.envs.werewolf.bots",
        pettingzoo_id="parlour/Werewolf-v0",
        summary="Werewolf: seer, doctor, witch and hunter against the pack (Werewolf Arena, LSPO)",
    ),
    EnvEntry(
        env_id="among_us_v0",
        module="parlour.envs.among_us.env",
        bots="parlour.envs.among_us.bots",
        pettingzoo_id="parlour/AmongUs-v0",
        summary="Among Us-style deduction: tasks, kills, vents, sabotage and meetings on a map",
    ),
    EnvEntry(
        env_id="overcooked_v0",
        module="parlour.envs.overcooked.env",
        bots="parlour.envs.overcooked.bots",
        pettingzoo_id="parlour/Overcooked-v0",
        summary="Overcooked: two chefs cook and serve soups together (overcooked_ai's dynamics)",
    ),
)

for _entry in BUILTIN_ENVS:
    register_env(_entry)
