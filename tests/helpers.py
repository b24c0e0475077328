"""Playout drivers and checks shared by the conformance suite and game tests."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import parlour
from parlour.agents import RandomAgent
from parlour.envs import GAMES
from parlour.registry import get_game, list_envs, register_env

SPEECH_LINE = re.compile(r'^player_\d+ [a-z() ]+: "')
#: How ``ss`` writes a listening address on the loopback interface.
LOOPBACK = ("127.0.0.1:", "[::ffff:127.0.0.1]:", "[::1]:")


def register_toy_game() -> None:
    """Register the toy game of ``tests/toy`` as a seventh game (once per process).

    The suite runs it beside the built-in games: every check parametrised over the registered
    games (conformance, leaks, config fuzz, RL faces, pictures, agents, tournaments) covers it,
    which proves that a game declared only through its ``Game`` needs nothing else.
    """
    from tests.toy import GAME

    if GAME.env_id not in list_envs():
        register_env(GAME)


def registering_code(env_id: str) -> str:
    """Python that registers ``env_id`` in a fresh process (nothing for a built-in game): an
    import of the module that holds its ``Game`` and a ``register_env`` of it, so a check that
    replays a game in a child process covers every registered game, the toy and a plugin's."""
    game = get_game(env_id)
    if game in GAMES:
        return ""
    for name, module in list(sys.modules.items()):
        for attribute, value in list(getattr(module, "__dict__", {}).items()):
            if value is game:
                return f"import {name}; parlour.register_env({name}.{attribute}); "
    raise LookupError(f"no imported module holds the Game of {env_id}")


def env_variants() -> list[tuple[str, dict[str, Any]]]:
    """Every registered env with each of its named variants (default config when it has none)."""
    cases = []
    for env_id in parlour.list_envs():
        variants = get_game(env_id).variants
        cases.extend((env_id, name, config) for name, config in variants.items())
    return cases


def case_id(case: tuple[str, str, dict[str, Any]]) -> str:
    return f"{case[0]}-{case[1]}"


def without_speech(text: str) -> str:
    """Observation text with player speech lines removed (players may say anything)."""
    return "\n".join(line for line in text.split("\n") if not SPEECH_LINE.match(line))


def playout(
    env_id: str,
    config: dict[str, Any],
    seed: int,
    choose: Callable[[Any, str, dict[str, Any], dict[str, Any]], Any],
    on_step: Callable[[Any], None] | None = None,
    max_steps: int = 100_000,
) -> Any:
    """Play one AEC game with ``choose(env, agent, obs, info)`` picking actions; returns the env."""
    env = parlour.make(env_id, **config)
    env.reset(seed=seed)
    for agent in env.agent_iter(max_steps):
        obs, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else choose(env, agent, obs, info))
        if on_step is not None:
            on_step(env)
    assert not env.agents, f"game did not end within {max_steps} steps"
    return env


def random_legal_chooser(seed: int) -> Callable[[Any, str, dict[str, Any], dict[str, Any]], Any]:
    agents: dict[str, RandomAgent] = {}

    def choose(env: Any, agent: str, obs: dict[str, Any], info: dict[str, Any]) -> Any:
        if agent not in agents:
            agents[agent] = RandomAgent()
            agents[agent].reset(agent, seed=seed * 1000 + len(agents))
        return agents[agent].act(obs, info)

    return choose


def gibberish_chooser(env: Any, agent: str, obs: dict[str, Any], info: dict[str, Any]) -> Any:
    return env.action_space(agent).sample()


def iter_lines(env: Any) -> Iterator[tuple[str, str]]:
    """(agent, line) for every line of every current observation."""
    for agent in env.possible_agents:
        for line in env.unwrapped.match.observation(agent).split("\n"):
            yield agent, line


def fingerprint(env_id: str, config: dict[str, Any], seed: int) -> dict[str, Any]:
    """A digest of every observation, reward and info of a seeded random-legal game, and its
    transcript: equal fingerprints mean byte-identical games."""
    digest = hashlib.sha256()

    def record(env: Any) -> None:
        for agent in env.possible_agents:
            digest.update(env.unwrapped.match.observation(agent).encode())
        digest.update(json.dumps(env.rewards, sort_keys=True).encode())
        digest.update(json.dumps(env.infos, sort_keys=True, default=str).encode())

    env = playout(env_id, config, seed, random_legal_chooser(seed), record)
    return {"digest": digest.hexdigest(), "transcript": env.unwrapped.transcript()}


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def listening_addresses(pids: set[int]) -> list[str]:
    """The TCP addresses that processes ``pids`` listen on, as ``ss -ltnp`` writes them (needs
    ``ss``, from iproute2)."""
    listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True)
    return [
        line.split()[3]
        for line in listening.stdout.splitlines()
        if {int(pid) for pid in re.findall(r"pid=(\d+)", line)} & pids
    ]
