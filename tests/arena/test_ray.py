"""Tournaments on Ray: the local backend's results, the servers' caps across workers, resume.

One Ray for the whole module (starting one takes seconds), started by parlour's own
:func:`ray_session` as ``parlour tournament --ray`` starts it: on this machine, loopback only.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from parlour.arena import (
    AgentEntry,
    GameEntry,
    TournamentSpec,
    load_spec,
    make_schedule,
    run_tournament,
)
from parlour.arena.report import write_report
from parlour.arena.store import RunStore
from parlour.cli import main
from parlour.llm.cache import ReplayMiss, ResponseCache
from parlour.testing import FakeOpenAIServer
from parlour.testing.server import legal_policy
from tests.helpers import LOOPBACK, descendants, listening_addresses

ray = pytest.importorskip("ray")

from parlour.arena import ray_backend, runner  # noqa: E402
from parlour.arena.ray_actors import CacheKeeper, ClusterCache  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

# The CLI, SIGKILLed right after its KILL_AFTER-th game is committed (tasks still in flight).
KILLED_AT_A_CHOSEN_POINT = """
import os, signal, sys
from parlour.arena.store import RunStore
from parlour.cli import main
from parlour.llm.cache import ReplayMiss, ResponseCache

kill_after = int(sys.argv[1])
record = RunStore.record

def record_then_die(self, *args):
    record(self, *args)
    if len(self.finished_ids()) >= kill_after:
        os.kill(os.getpid(), signal.SIGKILL)

RunStore.record = record_then_die
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def cluster():
    """The module's Ray (2 CPUs); yields its address, for drivers in other processes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("RAY_ADDRESS", raising=False)  # never a cluster this machine happens to run
        with ray_backend.ray_session(None, num_cpus=2):
            yield ray.get_runtime_context().gcs_address


def scripted_spec(**overrides) -> TournamentSpec:
    spec = TournamentSpec(
        games=(
            GameEntry("who_is_spy_v0", 16, {"num_players": 4}),
            GameEntry("auction_v0", 4, {"num_bidders": 3}),
        ),
        agents=(AgentEntry("scripted", "scripted"), AgentEntry("random", "random")),
        seed=11,
        concurrency=2,
    )
    return replace(spec, **overrides)


def played(store: RunStore) -> list[dict]:
    return store.games(with_text=True)


def test_ray_started_for_a_tournament_listens_on_loopback_only(cluster):
    if shutil.which("ss") is None:
        pytest.skip("needs ss (iproute2) to list listening sockets")
    addresses = listening_addresses(descendants(os.getpid()) | {os.getpid()})
    assert len(addresses) >= 3  # the GCS, the raylet and the driver at least
    assert [a for a in addresses if not a.startswith(LOOPBACK)] == []


def test_scripted_games_on_ray_are_the_local_backends_games(cluster, tmp_path, monkeypatch):
    local = run_tournament(scripted_spec(), tmp_path / "local", progress=False)

    def no_pool(*args):
        raise AssertionError("the Ray backend played in the local pool")

    monkeypatch.setattr(runner, "_run_cpu", no_pool)
    on_ray = run_tournament(scripted_spec(backend="ray"), tmp_path / "ray", progress=False)
    assert len(played(on_ray)) == len(make_schedule(scripted_spec())) == 22
    assert played(on_ray) == played(local)  # every game, reward, metric, transcript and view
    assert write_report(on_ray)[0] == write_report(local)[0]
    assert RunStore(tmp_path / "ray").get_meta("spec")["backend"] == "ray"


class _Counting:
    """A server policy that counts the requests it is answering at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.now, self.peak = seconds, 0, 0
        self._lock = threading.Lock()

    def __call__(self, request: dict) -> object:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.seconds)
        with self._lock:
            self.now -= 1
        return legal_policy(request)


def llm_spec(base_url: str, cache: Path, **overrides) -> TournamentSpec:
    llm = AgentEntry("llm", "openai:test", {"base_url": base_url, "cache": str(cache)})
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 4, {"num_players": 4}),),
        agents=(llm, AgentEntry("scripted", "scripted")),
        seed=5,
        concurrency=4,
        max_llm_calls_in_flight=2,
    )
    return replace(spec, **overrides)


def as_played(games: list[dict]) -> list[dict]:
    """Games as a backend cannot change them: each call record without the clock's fields and
    the cache's (a replayed reply has no server), so the same request and reply, sent or not."""
    for game in games:
        for calls in game["llm_calls"].values():
            for call in calls:
                del call["latency_s"], call["wait_s"], call["cached"], call["server"]
    return games


def test_llm_games_on_ray_share_one_cap_per_server_and_match_local(cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(ray_backend, "LLM_GAMES_PER_HOST", 2)  # 4 games in flight: 2 hosts
    policy = _Counting(seconds=0.05)
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(policy, port=0) as server:
        spec = llm_spec(server.base_url, cache)
        on_ray = run_tournament(replace(spec, backend="ray"), tmp_path / "ray", progress=False)
        sent = len(server.requests)
        assert policy.peak == 2  # two hosts, two games each: one cap of 2 for all of them
        # the local backend asks exactly what the workers asked: each request is in the cache
        # they filled (replay-only refuses any other), and nothing more is sent
        local = run_tournament(spec, tmp_path / "local", cache_mode="replay-only", progress=False)
        assert len(server.requests) == sent
    assert len(ResponseCache(cache)) == sent  # each reply kept in the driver's cache file
    games = as_played(played(on_ray))
    assert len(games) == 4 and all(g["status"] == "done" for g in games)
    assert games == as_played(played(local))


def test_workers_read_and_write_the_drivers_cache_in_each_agents_mode(cluster, tmp_path):
    keeper = ray.remote(CacheKeeper).remote(str(tmp_path / "cache.sqlite"))
    try:
        writer = ClusterCache(keeper, tmp_path / "cache.sqlite", "read-write")
        replayer = ClusterCache(keeper, tmp_path / "cache.sqlite", "replay-only")
        assert writer.get("k1") is None
        writer.put("k1", {"content": "[vote player_2]"})
        replayer.put("k2", {"content": "never stored"})  # replay-only writes nothing
        assert replayer.get("k1") == {"content": "[vote player_2]"} and len(writer) == 1
        with pytest.raises(ReplayMiss, match="no response for request k2"):
            replayer.get("k2")
        ray.get(keeper.close.remote())
    finally:
        ray.kill(keeper)
    assert len(ResponseCache(tmp_path / "cache.sqlite")) == 1


def test_a_killed_ray_driver_resumes_with_every_game_once(cluster, tmp_path):
    spec_file, run_dir = tmp_path / "spec.toml", tmp_path / "run"
    spec_file.write_text(
        'seed = 4\n[[games]]\nenv = "who_is_spy_v0"\ngames = 48\nconfig = { num_players = 4 }\n'
        '[agents.scripted]\nspec = "scripted"\n[agents.random]\nspec = "random"\n'
    )
    command = [sys.executable, "-c", KILLED_AT_A_CHOSEN_POINT, "10", "tournament", str(spec_file)]
    command += ["--out", str(run_dir), "--ray", cluster, "--quiet"]
    process = subprocess.run(
        command,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr[-2000:]
    database = run_dir / "run.sqlite"
    assert sqlite3.connect(database).execute("SELECT COUNT(*) FROM games").fetchone()[0] == 10
    _wait_for_idle_cpus(2.0)  # the dead driver's tasks were ended with it
    assert main(["tournament", "--resume", str(run_dir), "--quiet"]) == 0  # its stored --ray
    rows = [r[0] for r in sqlite3.connect(database).execute("SELECT game_id FROM games")]
    assert len(rows) == len(set(rows)) == 48  # every scheduled game, none twice
    local = run_tournament(load_spec(spec_file), tmp_path / "local", progress=False)
    assert played(RunStore(run_dir)) == played(local)


def _wait_for_idle_cpus(cpus: float, within_s: float = 30.0) -> None:
    deadline = time.monotonic() + within_s
    while ray.available_resources().get("CPU", 0) < cpus and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ray.available_resources().get("CPU", 0) == cpus


def test_the_ray_benchmark_times_both_backends_on_one_schedule(cluster):
    """``benchmarks/tournament.py --ray`` runs each timing in a process of its own; one of each,
    here, on the module's Ray."""
    path = ROOT / "benchmarks" / "tournament.py"
    loader = importlib.util.spec_from_file_location("tournament_benchmark", path)
    bench = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(bench)
    local = bench.one_run("local", 2, 2, cluster, os.getpid())
    on_ray = bench.one_run("ray", 2, 2, cluster, os.getpid())  # this process started the Ray
    assert local["games"] == on_ray["games"] > 12  # every game, 2 per env rounded to deals
    assert 0 < on_ray["driver_ms"] < on_ray["seconds"] / on_ray["games"] * 1000
    assert local["cpu_s"] > 0 and on_ray["cpu_s"] > 0
    assert RunStore.record.__name__ == "record" and ray.get.__name__ == "get"  # put back
