"""Tournament speed: the default tournament's wall time, and LLM games per minute by concurrency;
with ``--ray``, scripted games per second on a Ray on this machine beside the process pool.

The LLM rows play Who-is-Spy between ``openai:`` seats and the scripted bot against the local
test server (run in its own process) with ``--latency`` per request.

    python benchmarks/tournament.py [--latency 0.2] [--llm-games 32] [--levels 1,8,32]
    python benchmarks/tournament.py --ray [--sizes 24,96] [--rounds 2]   # pip install -e ".[ray]"

``--ray`` plays the default tournament (every game, scripted against random) at each of
``--sizes`` games per env, on each backend in turn (pool, Ray, pool, Ray, ...; ``--rounds``
times), each run a fresh ``parlour``-like process as a command would be: the pool with one
worker per CPU, Ray's tasks on a Ray of as many CPUs started once beforehand (as ``ray start``
would, listening on loopback only) and joined by address. Each run counts its wall time and the
CPU time of every process that worked for it (the driver, the pool's workers; or the Ray's
workers, raylet and GCS), which a machine shared with other work disturbs less. From the medians,
per backend: the games per second of each size, and a line through the sizes, whose slope is
what a game adds (wall: its inverse is the steady games per second; CPU: the overhead per game)
and whose intercept is the fixed cost of a run; with the driver's own time per game on Ray
(receiving the result and writing it to the store), which bounds what any number of nodes can
reach.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_overhead import _server_process

from parlour.arena import AgentEntry, GameEntry, TournamentSpec, default_spec, run_tournament


def default_wall_time(workdir: Path, games_per_env: int | None) -> tuple[float, int]:
    spec = default_spec()
    if games_per_env:
        spec = spec.with_overrides(games_per_env=games_per_env)
    start = time.perf_counter()
    store = run_tournament(spec, workdir / "default", progress=False)
    return time.perf_counter() - start, len(store.games())


def llm_games_per_minute(
    base_url: str, workdir: Path, games: int, concurrency: int
) -> tuple[float, int]:
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", games, {"num_players": 4}),),
        agents=(
            AgentEntry(
                "llm", "openai:test", {"base_url": base_url, "timeout": 30, "cache_mode": "off"}
            ),
            AgentEntry("scripted", "scripted"),
        ),
        concurrency=concurrency,
        twins=False,
    )
    start = time.perf_counter()
    store = run_tournament(spec, workdir / f"llm-{concurrency}", progress=False, cache_mode="off")
    played = len(store.games())
    return played / (time.perf_counter() - start) * 60, played


# A Ray of N CPUs on this machine (loopback only) for the runs to join: its address and auth mode
# on stdout, then it waits until its stdin closes, and stops with it.
CLUSTER = """
import sys
from parlour.arena.ray_backend import ray_session
import json, os
with ray_session(None, num_cpus=int(sys.argv[1])) as ray:
    auth = os.environ.get("RAY_AUTH_MODE")  # a Ray of 2.5x turns its token check on here
    print(json.dumps([ray.get_runtime_context().gcs_address, auth]), flush=True)
    sys.stdin.read()
"""


@contextmanager
def ray_cluster(cpus: int) -> Iterator[tuple[str, float, int]]:
    """A Ray of ``cpus`` CPUs that this benchmark starts and stops; yields its address, the
    seconds it took to start, and the pid of the process under which all of it runs."""
    env = {**os.environ, "RAY_ADDRESS": ""}
    start = time.perf_counter()
    keeper = subprocess.Popen(
        [sys.executable, "-c", CLUSTER, str(cpus)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        started = keeper.stdout.readline().strip()
        if not started:
            raise SystemExit("the Ray for the benchmark did not start")
        address, auth = json.loads(started)
        if auth is not None:  # the runs join it by address: they must show its token
            os.environ["RAY_AUTH_MODE"] = auth
        yield address, time.perf_counter() - start, keeper.pid
    finally:
        keeper.stdin.close()
        keeper.wait(timeout=60)


def one_run(
    backend: str, games_per_env: int, cpus: int, address: str, root: int
) -> dict[str, float]:
    """One timed tournament (in this process): wall seconds, games, CPU seconds (this process,
    its pool, or the Ray below ``root``), and on Ray the driver's own milliseconds per game
    (receiving each result and writing it to the store)."""
    spec = default_spec().with_overrides(games_per_env=games_per_env, concurrency=cpus)
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "local":
            start, cpu = time.perf_counter(), _own_cpu_s()
            store = run_tournament(spec, Path(tmp) / "run", progress=False)
            seconds = time.perf_counter() - start  # the pool's workers are reaped by now
            return {"seconds": seconds, "games": len(store.games()), "cpu_s": _own_cpu_s() - cpu}
        from parlour.arena import ray_backend
        from parlour.arena.store import RunStore

        with (
            ray_backend.ray_session(address) as ray,
            _timed(RunStore, "record") as writes,
            _timed(ray, "get") as receipts,
        ):
            start, cpu, cluster = time.perf_counter(), _own_cpu_s(), tree_cpu_s(root)
            spec = replace(spec, backend="ray", ray_address=address)
            store = run_tournament(spec, Path(tmp) / "run", progress=False)
            seconds, cpu = time.perf_counter() - start, _own_cpu_s() - cpu
            cpu += sum(t - cluster.get(pid, 0.0) for pid, t in tree_cpu_s(root).items())
        games = len(store.games())
        driver_ms = (writes[0] + receipts[0]) / games * 1000
        return {"seconds": seconds, "games": games, "cpu_s": cpu, "driver_ms": driver_ms}


def _own_cpu_s() -> float:
    """CPU seconds of this process and of its children that ended (a pool's workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def tree_cpu_s(root: int) -> dict[int, float]:
    """CPU seconds so far of ``root`` and of each process below it (from /proc), by pid: a Ray's
    workers, raylet and GCS. (A worker that ends is not waited for by a parent that counts it, so
    the runs read these before their job ends, while their workers live.)"""
    ticks, stats = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            stats[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    below, todo = {root: stats.get(root, (0, 0))[1] / ticks}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, cpu) in stats.items():
            if ppid == parent and pid not in below:
                below[pid] = cpu / ticks
                todo.append(pid)
    return below


@contextmanager
def _timed(owner: object, name: str) -> Iterator[list[float]]:
    """Add up the seconds spent in ``owner.name`` within the block (then put it back)."""
    spent, original = [0.0], getattr(owner, name)

    def timed(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - begin

    setattr(owner, name, timed)
    try:
        yield spent
    finally:
        setattr(owner, name, original)


def ray_versus_pool(sizes: list[int], rounds: int, cpus: int) -> None:
    import ray

    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, Ray {ray.__version__}; pool and Ray on {cpus} CPUs"
    )
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    with ray_cluster(cpus) as (address, started, root):
        print(f"# Ray started in {started:.1f} s (once per cluster; not in the figures below)")
        for _ in range(rounds):
            for size in sizes:
                for backend in ("local", "ray"):
                    command = [sys.executable, __file__, "--one", backend, "--sizes", str(size)]
                    command += ["--cpus", str(cpus), "--address", address, "--root", str(root)]
                    out = subprocess.run(command, capture_output=True, text=True)
                    if out.returncode:
                        raise SystemExit(f"a {backend} run failed:\n{out.stderr[-3000:]}")
                    runs.setdefault((backend, size), []).append(json.loads(out.stdout))
    _report(runs, sizes)


def _report(runs: dict[tuple[str, int], list[dict[str, float]]], sizes: list[int]) -> None:
    print(
        f"\n{'backend':>7} {'games':>6} {'wall s':>7} {'games/s':>8} {'CPU ms/game':>12} "
        f"{'driver ms/game':>15}"
    )
    lines = {}
    for backend in ("local", "ray"):
        points = []
        for size in sizes:
            taken = runs[backend, size]
            wall = statistics.median(r["seconds"] for r in taken)
            cpu = statistics.median(r["cpu_s"] for r in taken)
            games = int(taken[0]["games"])
            driver = statistics.median(r.get("driver_ms", 0.0) for r in taken)
            shown = f"{driver:15.2f}" if backend == "ray" else f"{'':>15}"
            print(
                f"{backend:>7} {games:6} {wall:7.2f} {games / wall:8.1f} "
                f"{cpu / games * 1000:12.1f} {shown}"
            )
            points.append((games, wall, cpu))
        (g1, w1, c1), (g2, w2, c2) = points[0], points[-1]
        wall_slope, cpu_slope = (w2 - w1) / (g2 - g1), (c2 - c1) / (g2 - g1)
        lines[backend] = (wall_slope, w1 - wall_slope * g1, cpu_slope, c1 - cpu_slope * g1)
    print(
        f"\n{'backend':>7} {'wall ms/game':>13} {'steady games/s':>15} {'fixed s':>8} "
        f"{'CPU ms/game':>12} {'fixed CPU s':>12}"
    )
    for backend, (wall, fixed, cpu, fixed_cpu) in lines.items():
        print(
            f"{backend:>7} {wall * 1000:13.2f} {1 / wall:15.1f} {fixed:8.2f} "
            f"{cpu * 1000:12.2f} {fixed_cpu:12.2f}"
        )
    extra = (lines["ray"][2] - lines["local"][2]) * 1000
    print(
        f"\nRay's overhead: {extra:.2f} CPU-ms per game, "
        f"{lines['ray'][1] - lines['local'][1]:.2f} s and "
        f"{lines['ray'][3] - lines['local'][3]:.2f} CPU-s per run"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--llm-games", type=int, default=32)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument(
        "--default-games", type=int, default=None, help="games per env (default: the embedded)"
    )
    parser.add_argument("--ray", action="store_true", help="Ray beside the process pool")
    parser.add_argument("--sizes", default="24,96", help="--ray: games per env of each run")
    parser.add_argument("--rounds", type=int, default=2, help="--ray: runs of each, interleaved")
    parser.add_argument("--cpus", type=int, default=os.cpu_count() or 1, help="--ray: CPUs used")
    parser.add_argument("--one", choices=["local", "ray"], help=argparse.SUPPRESS)
    parser.add_argument("--address", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if args.one:  # one run of --ray's, in a process of its own
        print(json.dumps(one_run(args.one, sizes[0], args.cpus, args.address, args.root)))
        return
    if args.ray:
        ray_versus_pool(sizes, args.rounds, args.cpus)
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        wall, played = default_wall_time(workdir, args.default_games)
        print(f"# default tournament: {played} games in {wall:.1f} s")
        print(f"\n# LLM tournament games per minute ({args.latency * 1000:.0f} ms per request)")
        print(f"{'concurrency':>11} {'games':>6} {'games/min':>10} {'scaling':>8}")
        with _server_process(args.latency) as base_url:
            base = None
            for level in (int(x) for x in args.levels.split(",")):
                rate, games = llm_games_per_minute(base_url, workdir, args.llm_games, level)
                base = base or rate
                print(f"{level:11} {games:6} {rate:10.1f} {rate / base:7.1f}x")


if __name__ == "__main__":
    main()
