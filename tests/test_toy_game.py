"""A seventh game declared only in tests/ (tests/toy) runs everywhere a built-in game does.

``tests/conftest.py`` registers it, so the conformance suite, the leak harness, the config fuzz,
the RL faces, pictures and sessions cover it through their registry-wide parametrisation; these
tests add what those leave out: every kind of agent, a tournament and the rendered frames, and
that nothing in the package names it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import parlour
from parlour.agents import make_agent
from parlour.arena import AgentEntry, GameEntry, TournamentSpec, run_tournament
from parlour.arena.report import write_report
from parlour.core.errors import UnknownEnvError
from parlour.testing import FakeOpenAIServer
from tests.toy import GAME

PACKAGE = Path(parlour.__file__).parent


def test_the_package_never_names_the_toy_game():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert GAME.env_id not in text and "tests.toy" not in text, path


def test_scripted_and_random_seats_play_it_reproducibly():
    first = parlour.play_game(GAME.env_id, ["scripted", "random", "random"], seed=4)
    again = parlour.play_game(GAME.env_id, ["scripted", "random", "random"], seed=4)
    assert first.transcript == again.transcript and first.rewards == again.rewards
    kinds = [event["kind"] for event in first.transcript]
    assert kinds.count("sold") == 3 and kinds[-1] == "game_over"


@pytest.mark.parametrize("mode", ["text", "json", "tools"])
def test_llm_seats_play_it_through_the_real_client(mode):
    with FakeOpenAIServer() as server:
        seats = [
            make_agent("openai:test-model", base_url=server.base_url, mode=mode, timeout=2.0)
            for _ in range(3)
        ]
        result = parlour.play_game(GAME.env_id, seats, seed=1)
    calls = [call for seat in result.llm_calls.values() for call in seat]
    assert len(calls) == 18 == len(server.requests)  # 3 items x (3 speeches + 3 bids)
    assert all(call["valid"] for call in calls)
    assert result.metrics["invalid_total"] == 0


def test_a_tournament_rates_the_agents_on_it(tmp_path):
    spec = TournamentSpec(
        games=(GameEntry(GAME.env_id, 12),),
        agents=(AgentEntry("scripted", "scripted"), AgentEntry("random", "random")),
        seed=2,
        concurrency=1,
    )
    store = run_tournament(spec, tmp_path / "run", progress=False)
    text, results = write_report(store)
    assert len(store.games()) == 12 and results.failed == 0
    assert set(results.ratings_by_env[GAME.env_id]) == {"scripted", "random"}
    assert GAME.env_id in text


def test_rgb_frames_draw_the_speeches_and_sales():
    env = parlour.make(GAME.env_id, render_mode="rgb_array")
    env.reset(seed=0)
    blank = env.render()
    for _ in env.agent_iter():
        *_, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
        else:
            env.step("[bid 40]" if info["phase"] == "bid" else "Hello.")
    final = env.render()
    assert blank.shape == final.shape and blank.dtype == np.uint8
    assert not np.array_equal(blank, final)


#: The toy named as a package of games names its own: the module whose import registers it.
IMPORTED_ID = f"tests.toy.registered:{GAME.env_id}"
ROOT = PACKAGE.parent


def test_a_fresh_process_makes_it_by_module_and_id():
    """``parlour run tests.toy.registered:toy_v0`` in a process that never registered the toy:
    the id's module is imported first (Gymnasium's ``module:env_id``) and the game plays."""
    done = subprocess.run(
        [sys.executable, "-m", "parlour", "run", IMPORTED_ID, "--agents", "random", "--seed", "3"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "seed 3" in done.stdout and "player_0" in done.stdout


def test_a_tournament_in_spawned_workers_imports_it_by_module_and_id(tmp_path):
    """Workers started by ``spawn`` (macOS, Windows) or ``forkserver`` (Linux from Python 3.14)
    inherit no registration made at run time; a ``module:env_id`` entry registers the game in
    each of them, and its games are labelled by the env id."""
    script = (
        "import multiprocessing, sys\n"
        "from parlour.arena import AgentEntry, GameEntry, TournamentSpec, run_tournament\n"
        "from parlour.arena.report import write_report\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method('spawn')\n"
        f"    spec = TournamentSpec(games=(GameEntry({IMPORTED_ID!r}, 4),),\n"
        "        agents=(AgentEntry('scripted', 'scripted'), AgentEntry('random', 'random')),\n"
        "        seed=1, concurrency=2)\n"
        "    store = run_tournament(spec, sys.argv[1], progress=False)\n"
        "    _, results = write_report(store)\n"
        "    print(results.failed, sorted(g['game_id'] for g in store.games()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "run")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    failed, ids = done.stdout.split(" ", 1)
    assert failed == "0" and f"'{GAME.env_id}-d000-r00'" in ids


def test_a_module_and_id_that_registers_nothing_is_a_clear_error():
    with pytest.raises(UnknownEnvError, match="cannot import 'no_such_package_xyz'"):
        parlour.make("no_such_package_xyz:toy_v0")
    with pytest.raises(UnknownEnvError, match="importing 'json' registered no game 'odd_v0'"):
        parlour.make("json:odd_v0")
