"""Saved games (``parlour play --record``): the file, its check, and playing it again.

A saved game is one JSON object::

    {"format": "parlour-game/1", "env_id": "who_is_spy_v0", "config": {...}, "seed": 7,
     "api": "aec", "seats": {"player_0": "human", ...}, "actions": [...], "metrics": {...}}

AEC actions are ``[seat, text]`` pairs in turn order (a seat that is out is skipped, as the env
skips it); Parallel actions are one ``{seat: text}`` object per step. A file may come from
anywhere, so every field is checked, its type and its value, before a game is built, and each
action is checked against the turn as it is played again: a bad file is one ``ConfigError``
naming the field (and the action's number), never a traceback.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import parlour
from parlour.core.errors import ConfigError, ParlourError

FORMAT = "parlour-game/1"
#: The keys of a saved game, and what each holds.
KEYS = {
    "format": "the string " + repr(FORMAT),
    "env_id": "an env id string",
    "config": "an object of game options",
    "seed": "a whole number >= 0 (or null: a new deal)",
    "api": "'aec' or 'parallel'",
    "seats": "an object of seat -> agent spec strings",
    "actions": "an array of actions",
    "metrics": "an object (the game's metrics when it was saved)",
}
REQUIRED = ("format", "env_id", "config", "api", "actions")


def write_game(
    path: str | Path,
    env_id: str,
    config: dict[str, Any],
    seed: int | None,
    seats: dict[str, str],
    actions: list[Any],
    metrics: dict[str, Any],
    api: str,
) -> None:
    """Save a played game: enough to replay it exactly (env, config, seed, every action). The
    file is replaced whole or not at all (a game stopped while saving never leaves half a
    file)."""
    record = {
        "format": FORMAT,
        "env_id": env_id,
        "config": config,
        "seed": seed,
        "api": api,
        "seats": seats,
        "actions": actions,
        "metrics": metrics,
    }
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")  # written whole, then renamed into place
    partial.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")
    os.replace(partial, path)


def read_game(path: str | Path) -> dict[str, Any]:
    """Read a saved game and check every field (see :func:`check_game`)."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no such file or directory: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ConfigError(f"{path} is not a game saved by parlour play: {error}") from None
    return check_game(record, str(path))


def check_game(record: Any, where: str = "the saved game") -> dict[str, Any]:
    """``record`` if it is a whole saved game; else a ``ConfigError`` starting with ``where``."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise ConfigError(f'{where} is not a game saved by parlour play (no "{FORMAT}")')
    unknown = sorted(set(record) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(KEYS)}")
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        raise ConfigError(f"{where}: no {missing[0]!r} ({KEYS[missing[0]]})")
    kinds = {"env_id": str, "config": dict, "api": str, "seats": dict, "actions": list}
    kinds["metrics"] = dict
    for key, kind in kinds.items():
        if key in record and not isinstance(record[key], kind):
            raise ConfigError(f"{where}: {key!r} must be {KEYS[key]}, got {_kind(record[key])}")
    seed = record.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ConfigError(f"{where}: 'seed' must be {KEYS['seed']}, got {_kind(seed)}")
    if record["api"] not in ("aec", "parallel"):
        raise ConfigError(f"{where}: 'api' must be {KEYS['api']}, got {_kind(record['api'])}")
    seats = _seats(record["env_id"], record["config"], where)
    for seat, spec in record.get("seats", {}).items():
        if seat not in seats or not isinstance(spec, str):
            raise ConfigError(
                f"{where}: 'seats' must be {KEYS['seats']} for seats of {record['env_id']} "
                f"({', '.join(seats)}); got {seat!r:.40}: {_kind(spec)}"
            )
    check = _check_aec if record["api"] == "aec" else _check_joint
    for number, entry in enumerate(record["actions"], start=1):
        problem = check(entry, seats)
        if problem:
            raise ConfigError(f"{where}: action {number} {problem}")
    return record


def _seats(env_id: str, config: dict[str, Any], where: str) -> list[str]:
    """The seats of ``env_id`` built with the saved ``config`` (which the game checks)."""
    if env_id not in parlour.list_envs():
        known = ", ".join(parlour.list_envs())
        raise ConfigError(f"{where}: unknown env id {env_id!r:.60}; registered: {known}")
    try:
        return list(parlour.make(env_id, **config).possible_agents)
    except ParlourError as error:
        raise ConfigError(f"{where}: bad config for {env_id}: {error}") from None
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: bad config for {env_id}: {error}") from None


def _check_aec(entry: Any, seats: list[str]) -> str | None:
    if not (isinstance(entry, list) and len(entry) == 2):
        return f"must be [seat, text] (two strings), got {_kind(entry)}"
    for part, value in zip(("seat", "text"), entry, strict=True):
        if not isinstance(value, str):
            return f"must be [seat, text]: its {part} must be a string, got {_kind(value)}"
    if entry[0] not in seats:
        return f"names the seat {entry[0]!r:.40}; the game has {', '.join(seats)}"
    return None


def _check_joint(entry: Any, seats: list[str]) -> str | None:
    if not isinstance(entry, dict):
        return f"must be an object of seat -> text (strings), got {_kind(entry)}"
    for seat, text in entry.items():
        if not isinstance(text, str):
            return f"gives {seat!r:.40} the text {_kind(text)}: it must be a string"
    unknown = sorted(set(entry) - set(seats))
    if unknown:
        return f"names the seat {unknown[0]!r:.40}; the game has {', '.join(seats)}"
    return None


def _kind(value: Any) -> str:
    """What arrived, on one short line (never the whole of a huge or deeply nested value)."""
    if isinstance(value, (list, dict)):
        kind = "an array" if isinstance(value, list) else "an object"
        return f"{kind} of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, str):
        return f"the string {value!r:.60}"
    try:
        return f"{value!r:.60} ({type(value).__name__})"
    except ValueError:  # an int too long for str()
        return "a number of more than 4,300 digits"


def replayed(record: dict[str, Any], where: str = "the saved game") -> Iterator[Any]:
    """Play a checked saved game again: the env after the reset, then after each action.

    An action that cannot be played where it stands (another seat's turn, after the end) is a
    ``ConfigError`` starting with ``where`` and naming its number, as is an action the game
    itself refuses.
    """
    parallel = record["api"] == "parallel"
    env = (parlour.make_parallel if parallel else parlour.make)(
        record["env_id"], **record["config"]
    )
    env.reset(seed=record.get("seed"))
    yield env
    for number, entry in enumerate(record["actions"], start=1):
        try:
            _play(env, entry, parallel)
        except ParlourError as error:
            raise ConfigError(f"{where}: action {number}: {error}") from None
        yield env


def replay(record: dict[str, Any], where: str = "the saved game") -> Any:
    """Play a checked saved game again; the env at its end."""
    return deque(replayed(record, where), maxlen=1)[0]


def _play(env: Any, entry: Any, parallel: bool) -> None:
    if not env.agents:
        raise ConfigError("it comes after the game ended")
    if parallel:
        env.step(entry)
        return
    seat, action = entry
    while env.agents and env.agent_selection != seat:
        turn = env.agent_selection
        if not (env.terminations[turn] or env.truncations[turn]):
            raise ConfigError(f"{seat} acts, but it is {turn}'s turn")
        env.step(None)  # a seat that is out leaves the game
    if not env.agents:
        raise ConfigError(f"{seat} has no turn left: the game ended")
    if env.terminations[seat] or env.truncations[seat]:
        raise ConfigError(f"{seat} is out of the game")
    env.step(action)
