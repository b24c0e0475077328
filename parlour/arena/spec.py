"""Tournament specs: which games, which agents, how many games, seeds, concurrency, output.

A spec is TOML::

    seed = 7
    concurrency = 4
    out = "runs/demo"
    backend = "local"             # or "ray", with ray_address = "auto" or "HOST:PORT"

    [[games]]
    env = "who_is_spy_v0"
    games = 48
    config = { num_players = 6 }

    [[games]]
    env = "who_is_spy_v0"
    name = "spy_hard"             # a second entry of one env: its game ids start with its name
    config = { difficulty = "hard" }

    [agents.scripted]
    spec = "scripted"

    [agents.gpt]
    spec = "openai:gpt-4o-mini"
    options = { base_url = "http://localhost:8000/v1", temperature = 0.0 }

Every key is checked when the spec is loaded, its type and its range, and so is every setting
that would make games fail one by one (an env's config, an agent's options, a missing API key):
a bad spec is one error naming the line, never a run whose every game fails. Agent and entry
names are one word (``NAME``: they head report columns and CSV cells and start game ids);
``concurrency`` is at most ``MAX_CONCURRENCY`` and ``games`` at most ``MAX_GAMES_PER_ENTRY``
(``MAX_GAMES`` in all), so a typo cannot spawn thousands of processes or never end.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from parlour.agents.specs import parse_spec
from parlour.arena.checks import (
    SpecError,
    check_keys,
    check_name,
    check_of,
    check_whole,
    line_of,
    shown,
)
from parlour.core.errors import ConfigError, ParlourError, UnknownEnvError
from parlour.registry import get_game, list_envs, make

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Games per env in the embedded default tournament (a whole number of deals).
DEFAULT_GAMES_PER_ENV = 240
#: The most games one ``[[games]]`` entry may ask for, and a whole tournament (hours of play even
#: for scripted agents; a bigger count is a typo, refused before anything is made).
MAX_GAMES_PER_ENTRY, MAX_GAMES = 100_000, 1_000_000
#: The most games in flight (``concurrency``) and LLM calls in flight per server. LLM games wait
#: on the network, so hundreds at once are useful; scripted games are CPU work, played in at most
#: ``CPU_WORKERS_PER_CORE`` worker processes per CPU core whatever ``concurrency`` asks.
MAX_CONCURRENCY = 1024

#: The keys of a spec file: the top level, a [[games]] entry, an [agents.<name>] table.
TOP_KEYS = (
    "seed",
    "concurrency",
    "out",
    "twins",
    "max_llm_calls_in_flight",
    "backend",
    "ray_address",
    "games",
    "agents",
)
GAME_KEYS = ("env", "games", "config", "name")
AGENT_KEYS = ("spec", "options")
#: Where the games run: this machine's processes and event loop, or tasks on a Ray cluster.
BACKENDS = ("local", "ray")
#: The top-level keys that hold tables rather than one value.
SECTIONS = ("games", "agents")


@dataclass(frozen=True)
class GameEntry:
    """One ``[[games]]`` entry: ``games`` games of ``env`` with ``config``.

    ``name`` labels the entry's game ids and deal seeds; it is needed only to tell apart two
    entries of one env (unnamed, they are numbered by position: ``who_is_spy_v0-2``).
    """

    env: str
    games: int
    config: dict[str, Any] = field(default_factory=dict)
    name: str | None = None

    def __post_init__(self) -> None:
        check_of(self.env, str, "env", "an env id string")
        check_whole(self.games, "games", 1, MAX_GAMES_PER_ENTRY)
        check_of(self.config, dict, "config", "a table of game options")
        if self.name is not None:
            check_name(self.name, "name")


@dataclass(frozen=True)
class AgentEntry:
    """One competitor: a name, an agent spec string and its options."""

    name: str
    spec: str
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_name(self.name, "the agent's name")
        check_of(self.spec, str, "spec", "an agent spec string such as 'scripted'")
        check_of(self.options, dict, "options", "a table of agent options")
        # options written into the spec (``openai:m?mode=json``) join the table: downstream code
        # sees one bare spec and all options, so the runner's defaults never clash with them
        kind, arg, written = parse_spec(self.spec)
        if written:
            clash = sorted(
                k for k in written if k in self.options and self.options[k] != written[k]
            )
            if clash:
                raise ConfigError(
                    f"option(s) {', '.join(clash)} given in the spec and in options, differently"
                )
            object.__setattr__(self, "spec", f"{kind}:{arg}" if arg else kind)
            object.__setattr__(self, "options", {**self.options, **written})

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
    #: a paper's experiment (``parlour reproduce``): its schedule replaces the rotations, and one
    #: model may play alone (against itself, as a paper's self-play cells do)
    paper: str | None = None
    #: where the games run (``BACKENDS``): results do not depend on it, and a resume may change it
    backend: str = "local"
    #: the Ray cluster of backend "ray": ``auto`` (the one this machine joined with ``ray
    #: start``) or ``HOST:PORT``; None: ``RAY_ADDRESS``'s, else a new one on this machine
    ray_address: str | None = None

    def __post_init__(self) -> None:
        check_whole(self.seed, "seed", 0)
        check_whole(self.concurrency, "concurrency", 1, MAX_CONCURRENCY)
        if self.out is not None:
            check_of(self.out, str, "out", "a directory path string")
        check_of(self.twins, bool, "twins", "true or false")
        check_whole(self.max_llm_calls_in_flight, "max_llm_calls_in_flight", 1, MAX_CONCURRENCY)
        if self.paper is not None:
            check_of(self.paper, str, "paper", "a paper's name, as parlour reproduce takes it")
        _check_backend(self.backend, self.ray_address)
        for key, kind in (("games", GameEntry), ("agents", AgentEntry)):
            items = getattr(self, key)
            if not (isinstance(items, (tuple, list)) and all(isinstance(i, kind) for i in items)):
                raise SpecError(key, f"a tuple of {kind.__name__}", items)
            object.__setattr__(self, key, tuple(items))  # a list is taken, and kept immutable
        total = sum(g.games for g in self.games)
        if total > MAX_GAMES:
            raise SpecError("games", f"at most {MAX_GAMES} games in all", total)

    def with_overrides(self, **overrides: Any) -> TournamentSpec:
        """This spec with the keys given (None: unchanged), checked; ``games_per_env`` sets every
        entry's ``games``, and a ``backend`` comes with its ``ray_address`` (None too)."""
        games_per_env = overrides.pop("games_per_env", None)
        given = {k: v for k, v in overrides.items() if v is not None}
        if given.get("backend"):
            given["ray_address"] = overrides.get("ray_address")
        spec = replace(self, **given)
        if games_per_env is not None:
            if isinstance(games_per_env, bool) or not isinstance(games_per_env, int):
                raise ConfigError(f"--games-per-env must be a whole number, got {games_per_env!r}")
            if not 1 <= games_per_env <= MAX_GAMES_PER_ENTRY:
                raise ConfigError(
                    f"--games-per-env must be >= 1 and <= {MAX_GAMES_PER_ENTRY}, "
                    f"got {shown(games_per_env)}"
                )
            spec = replace(spec, games=tuple(replace(g, games=games_per_env) for g in spec.games))
        spec.validate()
        return spec

    def validate(self, source: str = "") -> None:
        """Check what the fields alone cannot: envs, configs, labels and agents.

        Args:
            source: the TOML text the spec was read from, to name lines in errors.
        """
        if not self.games:
            raise ConfigError(
                line_of(source, "games") + "a tournament needs at least one [[games]] entry"
            )
        if len(self.agents) < (1 if self.paper else 2):
            raise ConfigError(line_of(source, "agents") + "a tournament needs at least two agents")
        twice = [name for name, n in Counter(a.name for a in self.agents).items() if n > 1]
        if twice:  # (a TOML table cannot repeat a name; a spec built in code can)
            raise ConfigError(f"two agents are named {twice[0]!r}: agent names must differ")
        for number, game in enumerate(self.games, start=1):
            where = line_of(source, "env", games_entry=number)
            try:
                _check_game(game)
            except ParlourError as error:
                raise ConfigError(f"{where}[[games]] entry {number}: {error}") from None
        _check_labels(self.games, source)
        if self.backend == "ray" and importlib.util.find_spec("ray") is None:
            raise ConfigError(
                line_of(source, "backend")
                + "the Ray backend needs Ray, which is not installed: pip install 'parlour[ray]'"
            )
        for agent in self.agents:
            try:
                self._check_agent(agent)
            except ConfigError as error:
                where = line_of(source, "spec", agent=agent.name)
                raise ConfigError(f"{where}agent {agent.name!r}: {error}") from None

    def _check_agent(self, agent: AgentEntry) -> None:
        """Build the agent and seat it in each game, with the options the runner will pass."""
        from parlour.agents.specs import agent_kinds, check_agent

        kind = parse_spec(agent.spec)[0]
        if kind not in agent_kinds():
            raise ConfigError(
                f"unknown spec {agent.spec!r}; known kinds: {', '.join(agent_kinds())}"
            )
        if kind == "human":
            raise ConfigError("human seats cannot play in a tournament")
        options = dict(agent.options)
        if agent.is_llm:
            _check_cache_mode(options.get("cache_mode"))
            options.pop("cache", None)  # the check opens no cache file; the run does
            options.setdefault("max_in_flight", self.max_llm_calls_in_flight)
        check_agent(agent.spec, options, [(g.env, g.config) for g in self.games])


def entry_labels(games: Sequence[GameEntry]) -> list[str]:
    """Each entry's label, which starts its game ids and seeds its deals: its name; else its env
    id when no other unnamed entry plays that env (so one entry per env keeps its ids and seeds,
    and naming an added entry changes no other); else the env id and the entry's number, as in
    ``who_is_spy_v0-2``. A ``module:env_id`` entry is labelled by its env id."""
    envs = Counter(g.env for g in games if g.name is None)
    return [
        g.name or (_env_name(g.env) if envs[g.env] == 1 else f"{_env_name(g.env)}-{number}")
        for number, g in enumerate(games, start=1)
    ]


def _env_name(env: str) -> str:
    """An entry's env id without the module it is imported from (``pkg.games:odd_v0``)."""
    return env.rpartition(":")[2]


def default_spec() -> TournamentSpec:
    """Every registered game between the scripted and random agents (no network, no key)."""
    games = tuple(GameEntry(env_id, DEFAULT_GAMES_PER_ENV) for env_id in list_envs())
    agents = (AgentEntry("scripted", "scripted"), AgentEntry("random", "random"))
    return TournamentSpec(games=games, agents=agents, seed=0, concurrency=2)


def load_spec(path: str | Path) -> TournamentSpec:
    """Read and check a TOML spec: every error is one ``ConfigError`` naming the file and line."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no tournament spec at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the tournament spec {path}: {error}") from None
    try:
        data = tomllib.loads(source)
    except ValueError as error:  # TOMLDecodeError, or a number of over 4,300 digits
        raise ConfigError(f"{path}: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: arrays or tables nested too deeply") from None
    try:
        spec = _spec_from_toml(data, source)
        spec.validate(source)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return spec


def _spec_from_toml(data: dict[str, Any], source: str) -> TournamentSpec:
    try:
        check_keys(data, TOP_KEYS, "the spec")
        games = data.get("games", [])
        check_of(games, list, "games", "an array of [[games]] tables")
        agents = data.get("agents", {})
        check_of(agents, dict, "agents", "a table of [agents.<name>] tables")
        entries = tuple(_game_entry(table, n, source) for n, table in enumerate(games, start=1))
        competitors = tuple(_agent_entry(name, table, source) for name, table in agents.items())
        scalars = {key: data[key] for key in TOP_KEYS if key in data and key not in SECTIONS}
        return TournamentSpec(games=entries, agents=competitors, **scalars)
    except SpecError as error:
        raise ConfigError(line_of(source, error.key) + str(error)) from None


def _game_entry(table: Any, number: int, source: str) -> GameEntry:
    what = f"[[games]] entry {number}"
    try:
        check_keys(table, GAME_KEYS, what)
        if "env" not in table:
            raise SpecError("env", "set", None, message='it has no env = "<env id>"')
        return GameEntry(
            table["env"],
            table.get("games", DEFAULT_GAMES_PER_ENV),
            table.get("config", {}),
            table.get("name"),
        )
    except ConfigError as error:
        key = error.key if isinstance(error, SpecError) else "games"
        where = line_of(source, key, games_entry=number)
        raise ConfigError(f"{where}{what}: {error}") from None


def _agent_entry(name: str, table: Any, source: str) -> AgentEntry:
    what = f"agent {name!r}"
    try:
        check_keys(table, AGENT_KEYS, f"[agents.{name}]")
        if "spec" not in table:
            raise SpecError("spec", "set", None, message='it has no spec = "<agent spec>"')
        return AgentEntry(name, table["spec"], table.get("options", {}))
    except ConfigError as error:
        key = error.key if isinstance(error, SpecError) else name
        raise ConfigError(f"{line_of(source, key, agent=name)}{what}: {error}") from None


def _check_game(game: GameEntry) -> None:
    try:
        get_game(game.env)  # (a "module:env_id" imports its module here)
    except UnknownEnvError as error:
        raise ConfigError(str(error)) from None
    try:  # some values pass construction and fail at reset: try both
        env = make(game.env, **game.config)
        env.reset(seed=0)
    except (ParlourError, TypeError, ValueError) as error:
        raise ConfigError(f"bad config for {game.env}: {error}") from None
    if len(env.possible_agents) < 2:
        raise ConfigError("a game needs at least two seats")


def _check_labels(games: Sequence[GameEntry], source: str) -> None:
    """Two entries with one label would write the same game ids: refuse the spec."""
    first: dict[str, int] = {}
    for number, label in enumerate(entry_labels(games), start=1):
        if label in first:
            raise ConfigError(
                line_of(source, "name", games_entry=number)
                + f"[[games]] entries {first[label]} and {number} would share the game ids "
                f'{label}-d000-r00, ...; give each a different name = "..."'
            )
        first[label] = number


def _check_backend(backend: Any, address: Any) -> None:
    if backend not in BACKENDS:
        raise SpecError("backend", " or ".join(f'"{b}"' for b in BACKENDS), backend)
    if address is None:
        return
    check_of(address, str, "ray_address", 'a Ray address string such as "auto"')
    if backend != "ray":
        raise SpecError(
            "ray_address", "", address, message='ray_address is for backend = "ray" only'
        )
    if not address.strip() or address.startswith("ray://"):
        raise SpecError(
            "ray_address",
            "",
            address,
            message=f"ray_address must be auto or HOST:PORT, got {shown(address)} (Ray Client "
            "addresses, ray://, are not taken: run parlour on a node of the cluster, whose "
            "disk holds the run directory and the LLM response cache)",
        )


def _check_cache_mode(mode: Any) -> None:
    from parlour.llm.cache import CacheMode

    if mode is None:
        return
    try:
        CacheMode(mode)
    except ValueError:
        modes = ", ".join(m.value for m in CacheMode)
        raise ConfigError(f"cache_mode must be one of {modes}, got {mode!r}") from None
