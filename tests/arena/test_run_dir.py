"""A run directory: one writer at a time, no orphans after kill -9, every game exactly once."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from parlour.agents import BaseAgent, register_agent
from parlour.arena import AgentEntry, GameEntry, TournamentSpec, run_tournament
from parlour.arena.store import RunStore
from parlour.cli import main
from parlour.core.errors import ConfigError, ParlourError

ROOT = Path(__file__).resolve().parents[2]
TEST_PROCESS = os.getpid()

SPEC = """
seed = 4
concurrency = 2

[[games]]
env = "who_is_spy_v0"
games = {games}
config = {{ num_players = 4 }}
{second}
[agents.scripted]
spec = "scripted"

[agents.random]
spec = "random"
"""

# Runs the CLI and SIGKILLs itself right after the KILL_AFTER-th game is committed, while the
# pool's workers are in the middle of their next games; it first writes down the workers' pids.
KILLED_AT_A_CHOSEN_POINT = """
import multiprocessing, os, signal, sys
from parlour.arena.store import RunStore
from parlour.cli import main

kill_after, pids_file = int(sys.argv[1]), sys.argv[2]
record = RunStore.record

def record_then_die(self, *args):
    record(self, *args)
    if len(self.finished_ids()) >= kill_after:
        with open(pids_file, "w") as out:
            out.write(" ".join(str(p.pid) for p in multiprocessing.active_children()))
        os.kill(os.getpid(), signal.SIGKILL)

RunStore.record = record_then_die
sys.exit(main(sys.argv[3:]))
"""


def write_spec(tmp_path: Path, games: int = 48, second: str = "") -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(SPEC.format(games=games, second=second))
    return path


def running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state != "Z"


def test_kill_9_leaves_no_worker_and_resume_records_every_game_exactly_once(tmp_path):
    run_dir, pids_file = tmp_path / "run", tmp_path / "workers"
    command = [sys.executable, "-c", KILLED_AT_A_CHOSEN_POINT, "10", str(pids_file)]
    command += ["tournament", str(write_spec(tmp_path)), "--out", str(run_dir), "--quiet"]
    process = subprocess.Popen(
        command,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert process.wait(timeout=120) == -signal.SIGKILL
    workers = [int(pid) for pid in pids_file.read_text().split()]
    try:
        assert len(workers) == 2
        deadline = time.monotonic() + 5
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if running(pid)], "workers outlived the tournament"
    finally:
        for pid in workers:  # on failure, leave no orphan behind
            if running(pid):
                os.kill(pid, signal.SIGKILL)
    database = run_dir / "run.sqlite"
    assert sqlite3.connect(database).execute("SELECT COUNT(*) FROM games").fetchone()[0] == 10
    assert main(["tournament", "--resume", str(run_dir), "--quiet"]) == 0
    rows = [r[0] for r in sqlite3.connect(database).execute("SELECT game_id FROM games")]
    schedule = [g["game_id"] for g in RunStore(run_dir).get_meta("schedule")]
    assert sorted(rows) == sorted(schedule) and len(schedule) == 48


def small_run(tmp_path: Path) -> Path:
    run_dir = tmp_path / "run"
    assert (
        main(["tournament", str(write_spec(tmp_path, games=8)), "--out", str(run_dir), "--quiet"])
        == 0
    )
    return run_dir


def test_a_second_run_in_a_directory_in_use_is_refused_at_once(tmp_path, capsys):
    run_dir = small_run(tmp_path)
    capsys.readouterr()
    with open(run_dir / "run.lock", "a+") as lock:  # what a running tournament holds
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["tournament", "--resume", str(run_dir), "--quiet"]) == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1
        assert err[0].startswith(f"parlour: error: {run_dir} is in use by another parlour")
    assert main(["tournament", "--resume", str(run_dir), "--quiet"]) == 0  # released: it runs


def test_two_entries_of_one_env_play_every_game_under_its_own_id(tmp_path, capsys):
    run_dir = tmp_path / "run"
    second = '[[games]]\nenv = "who_is_spy_v0"\ngames = 16\nconfig = { num_players = 5 }\n'
    spec = write_spec(tmp_path, games=8, second=second)
    assert main(["tournament", str(spec), "--out", str(run_dir), "--quiet"]) == 0
    store = RunStore(run_dir)
    ids = [g["game_id"] for g in store.games()]
    assert sorted(ids) == sorted(g["game_id"] for g in store.get_meta("schedule"))
    assert len(set(ids)) == len(ids) == 8 + 20  # 16 rounded up to whole rotations of 5 seats
    assert {i.rsplit("-d", 1)[0] for i in ids} == {"who_is_spy_v0-1", "who_is_spy_v0-2"}
    assert "28 games played, 0 failed" in capsys.readouterr().out


def test_resume_never_calls_a_run_with_unscheduled_games_complete(tmp_path, capsys):
    run_dir = small_run(tmp_path)
    capsys.readouterr()
    # what an older parlour left: two entries of one env that wrote the same game ids
    database = sqlite3.connect(run_dir / "run.sqlite", isolation_level=None)
    spec = json.loads(database.execute("SELECT value FROM meta WHERE key='spec'").fetchone()[0])
    spec["games"] = spec["games"] * 2
    database.execute("UPDATE meta SET value = ? WHERE key = 'spec'", (json.dumps(spec),))
    database.close()
    assert main(["tournament", "--resume", str(run_dir), "--quiet"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "holds 8 games its schedule does not list" in err[0]


class _DiesInAWorker(BaseAgent):
    """Kills the pool worker it plays in (as the OOM killer would); never the test process."""

    name = "dies"

    def act(self, observation, info):
        if os.getpid() != TEST_PROCESS:
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("played in the test process, not in a pool worker")


def test_a_worker_that_dies_is_an_error_not_a_complete_run(tmp_path):
    register_agent("dies_in_a_worker", _DiesInAWorker)
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 8, {"num_players": 4}),),
        agents=(AgentEntry("scripted", "scripted"), AgentEntry("dies", "dies_in_a_worker")),
        concurrency=2,
    )
    with pytest.raises(ParlourError, match=r"a worker process died .* resume the run"):
        run_tournament(spec, tmp_path / "run", progress=False)
    with open(tmp_path / "run" / "run.lock", "a+") as lock:  # the failed run let go of it
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_refused_spec_leaves_no_run_directory(tmp_path):
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 8, {"num_players": 4}),),
        agents=(AgentEntry("a", "scripted"), AgentEntry("b", "random", {"colour": 1})),
    )
    with pytest.raises(ConfigError, match="unknown option 'colour'"):
        run_tournament(spec, tmp_path / "run", progress=False)
    assert not (tmp_path / "run").exists()  # nothing to resume, nothing to clean up


def test_a_run_stored_with_an_impossible_concurrency_resumes_with_another(tmp_path, capsys):
    run_dir = small_run(tmp_path)
    capsys.readouterr()
    # what an older parlour left: a spec with concurrency = 10**20, and games still to play
    database = sqlite3.connect(run_dir / "run.sqlite", isolation_level=None)
    spec = json.loads(database.execute("SELECT value FROM meta WHERE key='spec'").fetchone()[0])
    spec["concurrency"] = 10**20
    database.execute("UPDATE meta SET value = ? WHERE key = 'spec'", (json.dumps(spec),))
    database.execute("DELETE FROM games WHERE position >= 4")
    database.close()
    assert main(["tournament", "--resume", str(run_dir), "--quiet"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "concurrency must be a whole number >= 1 and <= 1024" in err[0]
    assert "--concurrency" in err[0]
    assert main(["tournament", "--resume", str(run_dir), "--concurrency", "2", "--quiet"]) == 0
    assert "8 games played, 0 failed" in capsys.readouterr().out
    assert RunStore(run_dir).get_meta("spec")["concurrency"] == 2


def test_scripted_games_use_at_most_a_few_workers_per_core(tmp_path, monkeypatch):
    from parlour.arena import runner

    asked = []

    def pool(max_workers, **options):
        asked.append(max_workers)
        return ProcessPoolExecutor(max_workers=max_workers, **options)

    monkeypatch.setattr(runner, "ProcessPoolExecutor", pool)
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 48, {"num_players": 4}),),
        agents=(AgentEntry("a", "scripted"), AgentEntry("b", "random")),
        concurrency=1024,  # what LLM games may use: hundreds of requests in flight
    )
    run_tournament(spec, tmp_path / "run", progress=False).close()
    assert asked == [min(48, 2 * (os.cpu_count() or 1))]
