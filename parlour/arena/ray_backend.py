"""Tournaments on a Ray cluster: each game a Ray task, and the driver (this process) writing
the run's store as results arrive.

``parlour tournament SPEC --ray [ADDRESS]`` (or ``backend = "ray"`` in the spec) plays the same
schedule as the local backend, game for game from the same seeds, so the store, ``--resume``, the
report and every result are the same; only where the games run differs:

* **Scripted games**: one task per game, one CPU each, so they spread over every CPU of the
  cluster (``concurrency`` does not limit them); the driver keeps ``TASKS_PER_CPU`` tasks
  submitted per CPU of the cluster, so a schedule of a million games is never submitted at once.
* **LLM games**: async game hosts (actors of one CPU, spread over the nodes) play up to
  ``LLM_GAMES_PER_HOST`` games each on their event loops, ``concurrency`` games in flight in all.
* **Per-server caps** (``max_llm_calls_in_flight``): one limiter actor per server and cap for the
  whole cluster, so the cap holds across every worker as it holds in one process.
* **LLM response cache**: one SQLite file beside the run, on the driver's node, kept by an actor
  placed there; every worker reads and writes it through that actor.

A game that raises is recorded as failed, as locally. A game lost to the cluster (a worker or a
node died and Ray's retries ran out) is not recorded: the run ends with an error naming how many,
and ``--resume`` plays them. A killed driver takes its tasks and actors with it (Ray ends a job's
work when its driver dies), and ``--resume`` finishes the run.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import math
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parlour.arena.ray_actors import CacheKeeper, ClusterCache, GameHost, Limiter
from parlour.arena.runner import play_one
from parlour.arena.schedule import ScheduledGame
from parlour.arena.spec import TournamentSpec
from parlour.core.errors import ConfigError, ParlourError
from parlour.llm.cache import CacheMode, ResponseCache
from parlour.llm.servers import server_urls

if TYPE_CHECKING:
    from parlour.arena.runner import _Progress
    from parlour.arena.store import RunStore

#: Scripted-game tasks the driver keeps submitted per CPU of the cluster (the queue that keeps
#: every CPU busy while results come back).
TASKS_PER_CPU = 2
#: LLM games one game host plays at once (its event loop's share of ``concurrency``).
LLM_GAMES_PER_HOST = 8
#: Times a game host that died is restarted, and a game it held played again (from its seed,
#: the calls already made answered by the cache, if any), as Ray retries a task.
HOST_RESTARTS = 3
#: Seconds a call may hold a limiter's place past the agent's timeout before the place is taken
#: back (a worker that died in a call gives its places back after this).
LEASE_MARGIN_S = 30.0
#: Set before Ray is imported, it makes a Ray started here listen on loopback only (pinning the
#: node's address to 127.0.0.1 alone still leaves its servers listening on every interface).
LOOPBACK_ONLY_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"

Game = tuple[int, ScheduledGame]


def play_on_ray(
    spec: TournamentSpec,
    cpu_games: list[Game],
    llm_games: list[Game],
    agents: dict[str, dict[str, Any]],
    store: RunStore,
    bar: _Progress,
) -> None:
    """Play ``cpu_games`` as tasks, then ``llm_games`` on game hosts, on ``spec.ray_address``'s
    cluster; record each game in ``store`` as it ends."""
    lost: list[tuple[str, str]] = []
    with ray_session(spec.ray_address) as ray:
        if cpu_games:
            _play_tasks(ray, cpu_games, agents, store, bar, lost)
        if llm_games:
            _play_hosted(ray, spec, llm_games, agents, store, bar, lost)
    if lost:
        first, why = lost[0]
        raise ParlourError(
            f"{len(lost)} games were lost to the Ray cluster (first: {first}: {why}); "
            f"resume the run ({store.run_dir}) to play them"
        )


@contextlib.contextmanager
def ray_session(address: str | None, num_cpus: int | None = None) -> Iterator[Any]:
    """Ray, connected for the length of the block; yields the ``ray`` module.

    A session already open in this process (a caller's own ``ray.init``) is used and left open.
    Else ``address`` (``auto``, ``HOST:PORT``), or ``RAY_ADDRESS``, names the cluster to join;
    with neither, a new Ray of ``num_cpus`` CPUs (default: this machine's) starts here, listening
    on loopback only, without a dashboard, and stops when the block ends.
    """
    address = address or os.environ.get("RAY_ADDRESS") or None
    late = "ray" in sys.modules and LOOPBACK_ONLY_ENV not in os.environ
    if address is None or _on_loopback(address):  # a Ray joined at 127.0.0.1 is one like this
        os.environ.setdefault(LOOPBACK_ONLY_ENV, "0")  # Ray reads it once, when imported
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "the Ray backend needs Ray, which is not installed: pip install 'parlour[ray]'"
        ) from None
    if ray.is_initialized():
        yield ray
        return
    if late and address is None:
        warnings.warn(
            f"Ray was imported before {LOOPBACK_ONLY_ENV}=0 was set: the Ray started here "
            "listens on every network interface",
            stacklevel=3,
        )
    elif late and _on_loopback(address):  # Ray would look for it on a public address, for long
        raise ParlourError(
            f"a Ray on loopback ({address}) is joined with {LOOPBACK_ONLY_ENV}=0 set before "
            "Ray is imported; set it, or give the cluster's network address"
        )
    options: dict[str, Any] = {"address": address, "logging_level": logging.WARNING}
    if address is None:
        options.update(address="local", include_dashboard=False, _node_ip_address="127.0.0.1")
        options.update({} if num_cpus is None else {"num_cpus": num_cpus})
    try:
        ray.init(**options)
    except (ConnectionError, ValueError, RuntimeError) as error:
        raise ParlourError(_join_failure(address, error)) from None
    try:
        yield ray
    finally:
        ray.shutdown()


def _join_failure(address: str | None, error: Exception) -> str:
    """Why ``ray.init`` failed, in one message (Ray's own reason is in the error's cause)."""
    text = f"cannot join the Ray cluster at {address}: {error}"
    cause = error.__cause__
    if type(cause).__name__ == "AuthenticationError":
        text += (
            " (the cluster checks Ray's auth token: on a node of the cluster join it with --ray "
            "auto, or set RAY_AUTH_MODE=token and give its token in ~/.ray/auth_token or "
            "RAY_AUTH_TOKEN)"
        )
    elif cause is not None:
        text += f" ({str(cause).strip().splitlines()[-1]})"
    return text


def _on_loopback(address: str) -> bool:
    """Whether ``address`` (``HOST:PORT``) is on this machine's loopback interface."""
    host = address.rpartition(":")[0].strip("[]")
    return host == "localhost" or host == "::1" or host.startswith("127.")


def _play_tasks(
    ray: Any,
    games: list[Game],
    agents: dict[str, dict[str, Any]],
    store: RunStore,
    bar: _Progress,
    lost: list[tuple[str, str]],
) -> None:
    """Scripted games, one task of one CPU each, over every CPU of the cluster."""
    task = ray.remote(play_one).options(num_cpus=1)
    table = ray.put(agents)
    window = TASKS_PER_CPU * max(1, int(ray.cluster_resources().get("CPU", 1)))
    _collect(ray, games, window, lambda g: task.remote(g.to_json(), table), store, bar, lost)


def _play_hosted(
    ray: Any,
    spec: TournamentSpec,
    games: list[Game],
    agents: dict[str, dict[str, Any]],
    store: RunStore,
    bar: _Progress,
    lost: list[tuple[str, str]],
) -> None:
    """LLM games on game hosts, ``spec.concurrency`` in flight, with the cluster's limiters and
    the run's response caches."""
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    count = max(1, min(cpus, math.ceil(spec.concurrency / LLM_GAMES_PER_HOST), len(games)))
    per_host = math.ceil(spec.concurrency / count)
    keepers: dict[Path, Any] = {}
    actors: list[Any] = []
    try:
        table = _cluster_agents(ray, agents, keepers)
        gates = _limiters(ray, table, actors)
        Host = ray.remote(GameHost).options(  # a host that dies is restarted, its games retried
            num_cpus=1,
            max_concurrency=per_host,
            scheduling_strategy="SPREAD",
            max_restarts=HOST_RESTARTS,
            max_task_retries=HOST_RESTARTS,
        )
        hosts = [Host.remote(gates, _lease_s(table)) for _ in range(count)]
        actors += hosts
        shared = ray.put(table)
        busy = dict.fromkeys(range(count), 0)
        held: dict[Any, int] = {}

        def submit(game: ScheduledGame) -> Any:
            index = min(busy, key=busy.__getitem__)  # the least busy host
            busy[index] += 1
            ref = hosts[index].play.remote(game.to_json(), shared)
            held[ref] = index
            return ref

        def done(ref: Any) -> None:
            busy[held.pop(ref)] -= 1

        _collect(ray, games, count * per_host, submit, store, bar, lost, done)
    finally:
        _close(ray, list(keepers.values()), actors)


def _collect(
    ray: Any,
    games: list[Game],
    window: int,
    submit: Callable[[ScheduledGame], Any],
    store: RunStore,
    bar: _Progress,
    lost: list[tuple[str, str]],
    done: Callable[[Any], None] = lambda ref: None,
) -> None:
    """Keep ``window`` games submitted; record each result as it arrives (a game the cluster
    lost goes to ``lost``). On an error or Ctrl-C, the games still out are cancelled."""
    queue = iter(games)
    pending: dict[Any, Game] = {}
    try:
        while True:
            while len(pending) < window and (item := next(queue, None)) is not None:
                pending[submit(item[1])] = item
            if not pending:
                return
            ray.wait(list(pending), num_returns=1)
            ready, _ = ray.wait(list(pending), num_returns=len(pending), timeout=0)
            for ref in ready:
                position, game = pending.pop(ref)
                done(ref)
                try:
                    outcome = ray.get(ref)
                except ray.exceptions.RayError as error:  # a worker, actor or node died
                    lost.append((game.game_id, str(error).strip().splitlines()[-1]))
                    continue
                store.record(position, game.to_json(), outcome)
                bar.update(outcome)
    finally:
        for ref in pending:
            with contextlib.suppress(Exception):
                ray.cancel(ref)


def _cluster_agents(
    ray: Any, agents: dict[str, dict[str, Any]], keepers: dict[Path, Any]
) -> dict[str, dict[str, Any]]:
    """The agent table as workers on any node must see it: each LLM agent's servers written
    out (this process's ``OPENAI_BASE_URL`` included) and its response cache kept by an actor on
    this node (one per file, added to ``keepers``)."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
    Keeper = ray.remote(CacheKeeper).options(num_cpus=0, scheduling_strategy=here)
    table = {}
    for name, entry in agents.items():
        options = dict(entry["options"])
        if entry["spec"].startswith("openai:"):
            urls = server_urls(options.get("base_url"))
            if urls != [None]:
                options["base_url"] = urls
            path, mode = _cache_of(options)
            if path is not None and mode is not CacheMode.OFF:
                if path not in keepers:
                    keepers[path] = Keeper.remote(str(path))
                options["cache"] = ClusterCache(keepers[path], path, mode)
        table[name] = {"spec": entry["spec"], "options": options}
    return table


def _cache_of(options: dict[str, Any]) -> tuple[Path | None, CacheMode]:
    """The absolute path and the mode of an agent's response cache (a path, or a cache)."""
    cache = options.get("cache")
    if isinstance(cache, ResponseCache):
        return cache.path.resolve(), cache.mode
    mode = CacheMode(options.get("cache_mode", CacheMode.READ_WRITE))
    return (None if cache is None else Path(cache).resolve()), mode


def _limiters(
    ray: Any, agents: dict[str, dict[str, Any]], actors: list[Any]
) -> dict[tuple[str, int], Any]:
    """One limiter for each (server, cap) an LLM agent calls, for the whole cluster."""
    Gate = ray.remote(Limiter).options(num_cpus=0, max_concurrency=100_000)
    gates: dict[tuple[str, int], Any] = {}
    for entry in agents.values():
        limit = entry["options"].get("max_in_flight")
        if not entry["spec"].startswith("openai:") or limit is None:
            continue
        for url in server_urls(entry["options"].get("base_url")):
            key = (url or "", int(limit))
            if key not in gates:
                gates[key] = Gate.remote(int(limit))
                actors.append(gates[key])
    return gates


def _lease_s(agents: dict[str, dict[str, Any]]) -> float:
    """The longest a call may hold a place: the longest LLM agent timeout, and a margin."""
    from parlour.agents.openai_agent import OpenAIAgent

    default = inspect.signature(OpenAIAgent).parameters["timeout"].default
    timeouts = [
        float(entry["options"].get("timeout", default))
        for entry in agents.values()
        if entry["spec"].startswith("openai:")
    ]
    return max(timeouts, default=default) + LEASE_MARGIN_S


def _close(ray: Any, keepers: list[Any], actors: list[Any]) -> None:
    """Close the caches' files, then end every actor of the run."""
    with contextlib.suppress(Exception):
        ray.get([keeper.close.remote() for keeper in keepers], timeout=30)
    for actor in keepers + actors:
        with contextlib.suppress(Exception):
            ray.kill(actor)
