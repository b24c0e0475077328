"""Running a tournament: scripted games in a process pool, LLM games on asyncio; or both on a Ray
cluster (:mod:`parlour.arena.ray_backend`). The driver, this process, writes the store."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from tqdm import tqdm

from parlour.arena.conduct import add_usage, game_usage
from parlour.arena.processes import die_with_parent
from parlour.arena.schedule import ScheduledGame, make_schedule
from parlour.arena.spec import AgentEntry, GameEntry, TournamentSpec
from parlour.arena.store import RunStore
from parlour.core.errors import ConfigError, ParlourError
from parlour.play import GameResult, aplay_game, play_game

#: Scripted games' worker processes per CPU core, at most (see :func:`cpu_workers`).
CPU_WORKERS_PER_CORE = 2


def _agents(game: dict[str, Any], agents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    from parlour.agents import make_agent

    return {
        seat: make_agent(agents[name]["spec"], **agents[name]["options"])
        for seat, name in game["seats"].items()
    }


def _outcome(result: GameResult) -> dict[str, Any]:
    views = {"god": result.transcript_text("god")}
    views.update({seat: result.transcript_text(seat) for seat in result.rewards})
    return {
        "status": "done",
        "rewards": result.rewards,
        "metrics": result.metrics,
        "transcript": result.transcript,
        "views": views,
        "llm_calls": result.llm_calls,
    }


def _failure() -> dict[str, Any]:
    return {"status": "failed", "error": traceback.format_exc()}


def play_one(game: dict[str, Any], agents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Play one scheduled game (in a worker process); a game that raises is returned as failed."""
    try:
        result = play_game(
            game["env_id"], _agents(game, agents), seed=game["seed"], **game["config"]
        )
        return _outcome(result)
    except Exception:
        return _failure()


async def aplay_one(game: dict[str, Any], agents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    try:
        result = await aplay_game(
            game["env_id"], _agents(game, agents), seed=game["seed"], **game["config"]
        )
        return _outcome(result)
    except Exception:
        return _failure()


def spec_to_json(spec: TournamentSpec) -> dict[str, Any]:
    return dataclasses.asdict(spec)


def spec_from_json(data: dict[str, Any]) -> TournamentSpec:
    return TournamentSpec(
        games=tuple(GameEntry(**g) for g in data["games"]),
        agents=tuple(AgentEntry(**a) for a in data["agents"]),
        **{k: v for k, v in data.items() if k not in ("games", "agents")},
    )


class _Progress:
    """A progress bar with failures and, once an LLM agent has played, the requests sent, the
    cache hits and fallbacks (neither sent a request), and the tokens and cost of the requests
    sent (a reply replayed from the cache spent nothing)."""

    def __init__(self, total: int, done: int, enabled: bool) -> None:
        self.bar = tqdm(
            total=total, initial=done, disable=not enabled, unit="game", dynamic_ncols=True
        )
        self.failures = 0
        self.usage: dict[str, Any] = {}

    def update(self, outcome: dict[str, Any]) -> None:
        self.failures += outcome["status"] == "failed"
        if outcome.get("llm_calls"):
            add_usage(self.usage, game_usage(outcome["llm_calls"]))
        self.bar.set_postfix(self.postfix())
        self.bar.update(1)

    def postfix(self) -> dict[str, Any]:
        """What the bar shows after its count."""
        postfix: dict[str, Any] = {"failed": self.failures}
        if self.usage.get("decisions"):
            usage = self.usage
            postfix.update(
                requests=usage["requests"],
                cache_hits=usage["cache_hits"],
                fallbacks=usage["fallbacks"],
                tokens=usage["prompt_tokens"] + usage["completion_tokens"],
                cost=f"${usage['cost_usd']:.4f}",
            )
        return postfix

    def close(self) -> None:
        self.bar.close()


def run_tournament(
    spec: TournamentSpec | None,
    run_dir: str | Path,
    *,
    resume: bool = False,
    cache_mode: str | None = None,
    progress: bool = True,
    concurrency: int | None = None,
    backend: str | None = None,
    ray_address: str | None = None,
) -> RunStore:
    """Play every scheduled game not yet in ``run_dir`` and return the run's store.

    A new run's spec is checked, and its schedule made, before anything is written: a spec that
    is refused leaves no run directory behind.

    Args:
        spec: the tournament (ignored on resume: the run's stored spec is used).
        run_dir: where the database, report, CSV files and plots go.
        resume: continue an interrupted run: finished games are kept, the rest are played.
        cache_mode: the LLM response cache (``read-write``, ``replay-only`` or ``off``) in
            ``run_dir/llm_cache.sqlite``; default read-write when the spec has LLM agents.
        progress: show a progress bar.
        concurrency: on resume, games in flight instead of the stored spec's (results do not
            depend on it).
        backend, ray_address: on resume, where to play instead of the stored spec's ``local``
            or ``ray`` backend, and the Ray cluster's address (results do not depend on them).
    """
    checked = None
    if resume:
        if not (Path(run_dir) / RunStore.FILE).is_file():
            raise ConfigError(f"{run_dir} has no tournament to resume (no {RunStore.FILE})")
    else:
        if spec is None:
            raise ConfigError("a spec is needed unless resuming")
        spec.validate()  # a setting that cannot work is one error, and nothing is made yet
        checked = (spec, make_schedule(spec))
    store = RunStore(run_dir)
    try:
        store.lock()  # one writer per run directory, until store.close()
        changes = {} if concurrency is None else {"concurrency": concurrency}
        if backend is not None:
            changes.update(backend=backend, ray_address=ray_address)
        spec, schedule = _prepare(store, checked, changes)
        _play(spec, schedule, store, _agent_table(spec, Path(run_dir), cache_mode), progress)
        _check_complete(store, schedule)
    except BaseException:
        store.close()
        raise
    return store


def _play(
    spec: TournamentSpec,
    schedule: list[ScheduledGame],
    store: RunStore,
    agents: dict[str, dict[str, Any]],
    progress: bool,
) -> None:
    """Play the scheduled games not yet in the store: scripted ones in the pool, then LLM ones."""
    finished = store.finished_ids()
    todo = [(i, g) for i, g in enumerate(schedule) if g.game_id not in finished]
    llm_names = {a.name for a in spec.agents if a.is_llm}
    llm_games = [(i, g) for i, g in todo if llm_names & set(g.seats.values())]
    cpu_games = [(i, g) for i, g in todo if not llm_names & set(g.seats.values())]
    bar = _Progress(len(schedule), len(schedule) - len(todo), progress)
    try:
        if spec.backend == "ray":
            from parlour.arena.ray_backend import play_on_ray

            play_on_ray(spec, cpu_games, llm_games, agents, store, bar)
            return
        _run_cpu(cpu_games, agents, spec.concurrency, store, bar)
        if llm_games:
            asyncio.run(_run_llm(llm_games, agents, spec.concurrency, store, bar))
    finally:
        bar.close()


def _prepare(
    store: RunStore,
    checked: tuple[TournamentSpec, list[ScheduledGame]] | None,
    changes: dict[str, Any],
) -> tuple[TournamentSpec, list[ScheduledGame]]:
    """Store a new run's ``checked`` spec and schedule; or (``checked`` None) read, check and
    schedule the stored spec of the run to resume, with ``changes`` to the keys results do not
    depend on (``concurrency``, ``backend``, ``ray_address``)."""
    stored = store.get_meta("spec")
    if checked is None:
        if stored is None:
            raise ConfigError(f"{store.run_dir} has no tournament to resume")
        spec = _stored_spec(store, stored, changes)
        spec.validate()  # a setting that cannot work (an API key gone) is one error
        schedule = make_schedule(spec)
    else:
        if stored is not None:
            raise ConfigError(
                f"{store.run_dir} already holds a run; "
                f"use --resume {store.run_dir} or another --out"
            )
        spec, schedule = checked
    stale = store.finished_ids() - {g.game_id for g in schedule}
    if stale:
        raise ConfigError(
            f"{store.run_dir} holds {len(stale)} games its schedule does not list (such as "
            f"{min(stale)}): an older parlour scheduled them (colliding game ids, or seatings "
            "that repeated a game); play the tournament again in a new directory"
        )
    store.put_meta("spec", spec_to_json(spec))
    store.put_meta("schedule", [g.to_json() for g in schedule])
    return spec, schedule


def _stored_spec(store: RunStore, stored: Any, changes: dict[str, Any]) -> TournamentSpec:
    """The spec a run directory holds (with ``changes``), checked."""
    try:
        if not isinstance(stored, dict):
            raise ConfigError(f"it is not a spec table: {stored!r:.80}")
        return spec_from_json({**stored, **changes})
    except (ConfigError, KeyError, TypeError) as error:
        raise ConfigError(
            f"{store.run_dir} holds a spec this parlour refuses ({error}); "
            "give --concurrency if that is what it names, else play the tournament again"
        ) from None


def _check_complete(store: RunStore, schedule: list[ScheduledGame]) -> None:
    """A run reports success only with every scheduled game in the store."""
    finished = store.finished_ids()
    missing = [g.game_id for g in schedule if g.game_id not in finished]
    if missing:
        raise ParlourError(
            f"{len(missing)} of {len(schedule)} scheduled games are not in {store.run_dir} "
            f"(first: {missing[0]}); resume the run to play them"
        )


def _agent_table(
    spec: TournamentSpec, run_dir: Path, cache_mode: str | None
) -> dict[str, dict[str, Any]]:
    table = {}
    for agent in spec.agents:
        options = dict(agent.options)
        if agent.is_llm:
            mode = cache_mode or options.pop("cache_mode", "read-write")
            options.setdefault("cache", str(run_dir / "llm_cache.sqlite"))
            options["cache_mode"] = mode
            options.setdefault("max_in_flight", spec.max_llm_calls_in_flight)
        table[agent.name] = {"spec": agent.spec, "options": options}
    return table


def _run_cpu(
    games: list[tuple[int, ScheduledGame]],
    agents: dict[str, dict[str, Any]],
    concurrency: int,
    store: RunStore,
    bar: _Progress,
) -> None:
    if concurrency == 1 or len(games) < 2:
        for position, game in games:
            outcome = play_one(game.to_json(), agents)
            store.record(position, game.to_json(), outcome)
            bar.update(outcome)
        return
    inherited = () if store.lock_fd is None else (store.lock_fd,)
    pool = ProcessPoolExecutor(
        max_workers=cpu_workers(concurrency, len(games)),
        initializer=die_with_parent,
        initargs=(os.getpid(), inherited),
    )
    try:
        futures = {
            pool.submit(play_one, game.to_json(), agents): (position, game)
            for position, game in games
        }
        for future in as_completed(futures):
            position, game = futures[future]
            outcome = future.result()
            store.record(position, game.to_json(), outcome)
            bar.update(outcome)
    except BrokenProcessPool:
        raise ParlourError(
            "a worker process died (killed, or out of memory); the games it held were not "
            f"played: resume the run ({store.run_dir}) to play them"
        ) from None
    finally:  # on Ctrl-C: drop the queued games, let the running ones end
        pool.shutdown(wait=True, cancel_futures=True)


def cpu_workers(concurrency: int, games: int) -> int:
    """Worker processes for ``games`` scripted games: ``concurrency``, but no more than the games
    nor than ``CPU_WORKERS_PER_CORE`` per CPU core (CPU work gains nothing from more)."""
    return max(1, min(concurrency, games, CPU_WORKERS_PER_CORE * (os.cpu_count() or 1)))


async def _run_llm(
    games: list[tuple[int, ScheduledGame]],
    agents: dict[str, dict[str, Any]],
    concurrency: int,
    store: RunStore,
    bar: _Progress,
) -> None:
    slots = asyncio.Semaphore(concurrency)

    async def one(position: int, game: ScheduledGame) -> None:
        async with slots:
            outcome = await aplay_one(game.to_json(), agents)
        store.record(position, game.to_json(), outcome)  # on the loop's thread: one writer
        bar.update(outcome)

    await asyncio.gather(*(one(position, game) for position, game in games))
