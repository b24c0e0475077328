"""Tournament specs: which games, which agents, how many games, seeds, concurrency, output.

A spec is TOML::

    seed = 7
    concurrency = 4
    out = "runs/demo"

    [[games]]
    env = "who_is_spy_v0"
    games = 48
    config = { num_players = 6 }

    [agents.scripted]
    spec = "scripted"

    [agents.gpt]
    spec = "openai:gpt-4o-mini"
    options = { base_url = "http://localhost:8000/v1", temperature = 0.0 }

Errors name the offending line of the file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from parlour.core.errors import ConfigError
from parlour.registry import env_module, list_envs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Games per env in the embedded default tournament (a whole number of seat rotations).
DEFAULT_GAMES_PER_ENV = 240


@dataclass(frozen=True)
class GameEntry:
    """One env of the tournament: ``games`` games of ``env`` with ``config``."""

    env: str
    games: int
    config: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AgentEntry:
    """One competitor: a name, an agent spec string and its options."""

    name: str
    spec: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def is_llm(self) -> bool:
        return self.spec.startswith("openai:")


@dataclass(frozen=True)
class TournamentSpec:
    """A whole tournament; the schedule is a pure function of it."""

    games: tuple[GameEntry, ...]
    agents: tuple[AgentEntry, ...]
    seed: int = 0
    concurrency: int = 2
    out: str | None = None
    twins: bool = True  # also play each deal's twin (swapped words) where the game has one
    max_llm_calls_in_flight: int = 32  # per server

    def with_overrides(self, **overrides: Any) -> TournamentSpec:
        games_per_env = overrides.pop("games_per_env", None)
        spec = replace(self, **{k: v for k, v in overrides.items() if v is not None})
        if games_per_env is not None:
            if games_per_env < 1:
                raise ConfigError(f"--games-per-env must be >= 1, got {games_per_env}")
            spec = replace(spec, games=tuple(replace(g, games=games_per_env) for g in spec.games))
        spec.validate()
        return spec

    def validate(self, source: str = "") -> None:
        if not self.games:
            raise ConfigError(
                _where(source, "games") + "a tournament needs at least one [[games]] entry"
            )
        if len(self.agents) < 2:
            raise ConfigError(_where(source, "agents") + "a tournament needs at least two agents")
        if self.concurrency < 1:
            raise ConfigError(
                _where(source, "concurrency") + f"concurrency must be >= 1, got {self.concurrency}"
            )
        known = list_envs()
        for game in self.games:
            if game.env not in known:
                raise ConfigError(
                    _where(source, game.env)
                    + f"unknown env {game.env!r}; registered: {', '.join(known)}"
                )
            if game.games < 1:
                raise ConfigError(
                    _where(source, game.env) + f"games must be >= 1, got {game.games}"
                )
            try:
                env = env_module(game.env).env(**game.config)
            except ConfigError as error:
                raise ConfigError(
                    _where(source, game.env) + f"bad config for {game.env}: {error}"
                ) from None
            if len(env.possible_agents) < 2:
                raise ConfigError(_where(source, game.env) + "a game needs at least two seats")
        from parlour.agents.specs import agent_kinds

        for agent in self.agents:
            kind = agent.spec.partition(":")[0]
            if kind not in agent_kinds():
                raise ConfigError(
                    _where(source, agent.spec)
                    + f"agent {agent.name!r}: unknown spec {agent.spec!r}; "
                    + f"known kinds: {', '.join(agent_kinds())}"
                )
            if kind == "human":
                raise ConfigError(
                    _where(source, agent.spec) + "human seats cannot play in a tournament"
                )


def default_spec() -> TournamentSpec:
    """Every registered game between the scripted and random agents (no network, no key)."""
    games = tuple(GameEntry(env_id, DEFAULT_GAMES_PER_ENV) for env_id in list_envs())
    agents = (AgentEntry("scripted", "scripted"), AgentEntry("random", "random"))
    return TournamentSpec(games=games, agents=agents, seed=0, concurrency=2)


def load_spec(path: str | Path) -> TournamentSpec:
    """Read and validate a TOML spec; errors name the line."""
    source = Path(path).read_text()
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    unknown = sorted(
        set(data)
        - {"seed", "concurrency", "out", "twins", "max_llm_calls_in_flight", "games", "agents"}
    )
    if unknown:
        raise ConfigError(
            _where(source, unknown[0], path) + f"unknown key(s): {', '.join(unknown)}"
        )
    try:
        games = tuple(
            GameEntry(
                str(g["env"]), int(g.get("games", DEFAULT_GAMES_PER_ENV)), dict(g.get("config", {}))
            )
            for g in data.get("games", [])
        )
        agents = tuple(
            AgentEntry(str(name), str(entry["spec"]), dict(entry.get("options", {})))
            for name, entry in data.get("agents", {}).items()
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(
            f"{path}: malformed games or agents table ({error!r} missing or wrong)"
        ) from None
    spec = TournamentSpec(
        games=games,
        agents=agents,
        seed=int(data.get("seed", 0)),
        concurrency=int(data.get("concurrency", 2)),
        out=data.get("out"),
        twins=bool(data.get("twins", True)),
        max_llm_calls_in_flight=int(data.get("max_llm_calls_in_flight", 32)),
    )
    try:
        spec.validate(source)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return spec


def _where(source: str, needle: str, path: str | Path | None = None) -> str:
    """``line N: `` for the first line of the TOML source mentioning ``needle``."""
    if not source:
        return ""
    for number, line in enumerate(source.splitlines(), start=1):
        if re.search(rf"(^|[^\w]){re.escape(needle)}([^\w]|$)", line):
            return f"line {number}: "
    return ""
