"""The ``parlour`` command line."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parlour.cli import main


def test_list_names_every_env_and_agent_kind(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "who_is_spy_v0" in out and "scripted" in out


def test_run_prints_the_transcript_and_the_result(capsys):
    assert main(["run", "who_is_spy_v0", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Moderator: Round 1." in out
    assert "# who_is_spy_v0, seed 3" in out
    assert "player_0   scripted" in out
    assert '"winner":' in out


def test_run_from_a_player_view_shows_only_that_players_secrets(capsys):
    roles = '["spy", "civilian", "civilian", "civilian", "civilian", "civilian"]'
    argv = ["run", "who_is_spy_v0", "--seed", "3", "--view", "player_1", "--agents", "random"]
    main([*argv, "--config", 'word_pair=["coffee", "tea"]', "--config", f"roles={roles}"])
    out = capsys.readouterr().out
    transcript = out.split("Game over")[0]
    assert "only)" not in transcript
    assert not re.search(r"\btea\b", transcript)


def test_run_with_per_seat_agents(capsys):
    assert (
        main(
            [
                "run",
                "who_is_spy_v0",
                "--seed",
                "1",
                "--agents",
                "scripted,random,random",
                "--config",
                "num_players=3",
            ]
        )
        == 0
    )
    assert "player_1   random" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "chess_v0"], "unknown env id"),
        (["run", "who_is_spy_v0", "--agents", "genius"], "unknown agent spec"),
        (["run", "who_is_spy_v0", "--view", "player_99"], "--view must be"),
        (["run", "who_is_spy_v0", "--config", "num_players=99"], "num_players"),
        (["run", "who_is_spy_v0", "--config", "nonsense"], "KEY=VALUE"),
        (["run", "who_is_spy_v0", "--agents", "random,random"], "expected 6 agents"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_module_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "parlour", "list"], capture_output=True, text=True, check=True
    )
    assert "who_is_spy_v0" in done.stdout


def test_run_with_llm_seats_from_the_environment(capsys, monkeypatch):
    from parlour.testing import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        assert main(["run", "who_is_spy_v0", "--seed", "2", "--agents", "openai:test"]) == 0
        assert server.requests
    assert "player_0   openai:test" in capsys.readouterr().out


ROOT = Path(__file__).resolve().parents[1]
SUBPROCESS_ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy"}


def saved_game(**changes) -> str:
    record = {
        "format": "parlour-game/1",
        "env_id": "who_is_spy_v0",
        "config": {},
        "seed": 1,
        "api": "aec",
        "seats": {},
        "actions": [["player_0", "hello"]],
        "metrics": {},
    }
    return json.dumps({**record, **changes})


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A folder of bad inputs, and a small finished tournament in ``run``."""
    folder = tmp_path_factory.mktemp("inputs")
    spec = '[[games]]\nenv = "who_is_spy_v0"\ngames = 8\nconfig = { num_players = 4 }\n'
    spec += '[agents.a]\nspec = "scripted"\n[agents.b]\nspec = "random"\n'
    files = {
        "seed.toml": "seed = -5\n" + spec,
        "twins.toml": 'twins = "no"\n' + spec,
        "spec.toml": spec,
        "names.toml": spec.replace("[agents.b]", '[agents."=HYPERLINK(\\"http://x\\")"]'),
        "concurrency.toml": "concurrency = 3000\n" + spec,
        "text.txt": "hello",
        "deep.json": "[" * 100_000,
        "list.json": "[1, 2]",
        "seat.json": saved_game(actions=[["player_9", "hello"]]),
        "good.json": saved_game(actions=[["player_1", "hello"]]),
        "env.json": saved_game(env_id="chess_v0"),
        "config.json": saved_game(config={"num_players": "abc"}),
        # every field of a hand-written game file, at every level: wrong types, values, sizes
        "seat_list.json": saved_game(actions=[[["player_0"], "hi"]]),
        "seat_object.json": saved_game(actions=[[{"a": 1}, "hi"]]),
        "text_number.json": saved_game(actions=[["player_1", 5]]),
        "pair_short.json": saved_game(actions=[["player_1"]]),
        "deep_action.json": saved_game(actions=[json.loads("[" * 500 + "]" * 500)]),
        "actions_object.json": saved_game(actions={"player_1": "hi"}),
        "joint_list.json": saved_game(api="parallel", actions=[["player_1", "hi"]]),
        "joint_text.json": saved_game(api="parallel", actions=[{"player_1": [1, 2]}]),
        "joint_seat.json": saved_game(api="parallel", actions=[{"player_9": "hi"}]),
        "api.json": saved_game(api="websocket"),
        "env_list.json": saved_game(env_id=["who_is_spy_v0"]),
        "config_list.json": saved_game(config=[1]),
        "config_huge.json": saved_game(config={"num_players": 10**40}),
        "seed_float.json": saved_game(seed=1.5),
        "seed_bool.json": saved_game(seed=True),
        "seed_inf.json": saved_game().replace('"seed": 1', '"seed": 1e400'),
        "seed_digits.json": saved_game().replace('"seed": 1', '"seed": ' + "9" * 5000),
        "seats.json": saved_game(seats={"player_0": ["human"]}),
        "metrics.json": saved_game(metrics=[]),
        "extra.json": saved_game(extra=1),
        "no_actions.json": json.dumps({"format": "parlour-game/1", "env_id": "who_is_spy_v0"}),
        "turn.json": saved_game(actions=[["player_0", "hi"]]),
        "after_end.json": saved_game(
            env_id="overcooked_v0", config={"horizon": 1}, api="parallel", actions=[{}, {}]
        ),
        "damaged/run.sqlite": "not a database, only text",
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text)
    assert (
        main(["tournament", str(folder / "spec.toml"), "--out", str(folder / "run"), "--quiet"])
        == 0
    )
    return folder


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "the following arguments are required: command"),
        (["list", "--bogus"], "unrecognized arguments: --bogus"),
        (["run"], "the following arguments are required: env"),
        (["run", "chess_v0"], "unknown env id 'chess_v0'"),
        (["run", "who_is_spy_v0", "--seed", "abc"], "argument --seed: must be a whole number"),
        (["run", "who_is_spy_v0", "--seed", "-1"], "argument --seed: must be a whole number >= 0"),
        (["run", "who_is_spy_v0", "--config", "num_players=abc"], "--config for who_is_spy_v0"),
        (["run", "who_is_spy_v0", "--view", "player_9"], "--view must be god or one of"),
        (["tournament", "--seed", "-5"], "argument --seed: must be a whole number >= 0"),
        (["tournament", "{dir}/seed.toml"], "line 1: seed must be a whole number >= 0, got -5"),
        (["tournament", "{dir}/twins.toml"], "line 1: twins must be true or false"),
        (["tournament", "{dir}/missing.toml"], "no tournament spec at"),
        (["tournament", "--concurrency", "0"], "argument --concurrency: must be a whole number"),
        (["tournament", "--games-per-env", "x"], "argument --games-per-env: must be a whole"),
        (["tournament", "--resume", "{dir}/nowhere"], "has no tournament to resume"),
        (["tournament", "{dir}/names.toml"], "the agent's name must be one word of letters"),
        (["tournament", "{dir}/concurrency.toml"], "line 1: concurrency must be a whole number"),
        (["tournament", "--concurrency", "5000"], "concurrency must be a whole number >= 1 and"),
        (["tournament", "--games-per-env", "10000000"], "--games-per-env must be >= 1 and <="),
        (["tournament", "--resume", "{dir}/run", "--seed", "3"], "--seed cannot change it"),
        (["tournament", "{dir}/spec.toml", "--resume", "{dir}/run"], "not both"),
        (["tournament", "--out", "{dir}/run", "--quiet"], "already holds a run"),
        (["play", "chess_v0", "--terminal"], "unknown env id 'chess_v0'"),
        (["play", "who_is_spy_v0", "--pace", "0"], "argument --pace: must be a number > 0"),
        (["play", "overcooked_v0", "--tick-rate", "nan"], "argument --tick-rate: must be"),
        (["play", "who_is_spy_v0", "--terminal", "--seat", "player_9"], "seat must be one of"),
        (["play", "who_is_spy_v0", "--config", "num_players=abc"], "--config for who_is_spy_v0"),
        (["play", "who_is_spy_v0", "--terminal", "--opponents", "genius"], "unknown agent spec"),
        (["replay", "{dir}/missing.json"], "no such file or directory"),
        (["replay", "{dir}/text.txt"], "is not a game saved by parlour play"),
        (["replay", "{dir}/deep.json"], "is not a game saved by parlour play"),
        (["replay", "{dir}/list.json"], "is not a game saved by parlour play"),
        (["replay", "{dir}/seat.json"], "action 1 names the seat 'player_9'"),
        (["replay", "{dir}/env.json"], "unknown env id 'chess_v0'"),
        (["replay", "{dir}/config.json"], "config.json: bad config for who_is_spy_v0"),
        (["replay", "{dir}/seat_list.json"], "action 1 must be [seat, text]: its seat must be a"),
        (["replay", "{dir}/seat_object.json"], "its seat must be a string, got an object of 1"),
        (["replay", "{dir}/text_number.json"], "its text must be a string, got 5 (int)"),
        (["replay", "{dir}/pair_short.json"], "action 1 must be [seat, text] (two strings), got"),
        (["replay", "{dir}/deep_action.json"], "action 1 must be [seat, text] (two strings)"),
        (["replay", "{dir}/actions_object.json"], "'actions' must be an array of actions"),
        (["replay", "{dir}/joint_list.json"], "action 1 must be an object of seat -> text"),
        (["replay", "{dir}/joint_text.json"], "action 1 gives 'player_1' the text an array"),
        (["replay", "{dir}/joint_seat.json"], "action 1 names the seat 'player_9'"),
        (["replay", "{dir}/api.json"], "'api' must be 'aec' or 'parallel', got the string 'web"),
        (["replay", "{dir}/env_list.json"], "'env_id' must be an env id string, got an array"),
        (["replay", "{dir}/config_list.json"], "'config' must be an object of game options"),
        (["replay", "{dir}/config_huge.json"], "num_players must be an integer"),
        (["replay", "{dir}/seed_float.json"], "'seed' must be a whole number >= 0"),
        (["replay", "{dir}/seed_bool.json"], "'seed' must be a whole number >= 0"),
        (
            ["replay", "{dir}/seed_inf.json"],
            "'seed' must be a whole number >= 0 (or null: a new deal), got inf",
        ),
        (["replay", "{dir}/seed_digits.json"], "is not a game saved by parlour play"),
        (["replay", "{dir}/seats.json"], "'seats' must be an object of seat -> agent spec"),
        (["replay", "{dir}/metrics.json"], "'metrics' must be an object"),
        (["replay", "{dir}/extra.json"], "unknown key 'extra'; known keys: format, env_id"),
        (["replay", "{dir}/no_actions.json"], "no 'config' (an object of game options)"),
        (["replay", "{dir}/turn.json"], "action 1: player_0 acts, but it is player_1's turn"),
        (["replay", "{dir}/after_end.json"], "action 2: it comes after the game ended"),
        (["replay", "{dir}/good.json", "--view", "player_9"], "--view must be god or one of"),
        (["replay", "{dir}/damaged", "g"], "cannot use the run database"),
        (["replay", "{dir}/run"], "give a tournament directory and a game id"),
        (["replay", "{dir}/run", "nope"], "no game 'nope'"),
        (["replay", "{dir}/run", "who_is_spy_v0-d000-r00", "--view", "player_9"], "--view must"),
        (["evolve", "--seed", "-3"], "argument --seed: must be a whole number >= 0"),
        (["evolve", "--agents", "0"], "argument --agents: must be a whole number >= 1"),
        (["evolve", "--generations", "1.5"], "argument --generations: must be a whole number"),
        (["evolve", "--preset", "nope"], "preset must be one of"),
    ],
)
def test_every_input_error_is_one_line_and_status_2(argv, message, inputs, capsys):
    argv = [arg.replace("{dir}", str(inputs)) for arg in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("parlour: error: "), err
    assert message in err[0]


def test_a_store_another_program_holds_locked_is_one_line(inputs, capsys, monkeypatch):
    from parlour.arena.store import RunStore

    monkeypatch.setattr(RunStore, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(inputs / "run" / "run.sqlite", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["replay", str(inputs / "run"), "who_is_spy_v0-d000-r00"]) == 2
        assert main(["tournament", "--resume", str(inputs / "run"), "--quiet"]) == 2
    finally:
        holder.close()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.endswith("database is locked") for line in err), err


def test_a_closed_output_pipe_ends_quietly():
    process = subprocess.Popen(
        [sys.executable, "-m", "parlour", "run", "werewolf_v0", "--seed", "1"],
        env=SUBPROCESS_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the first line, as with `| head -0`
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert err == ""


def test_ctrl_c_in_terminal_play_ends_cleanly():
    process = subprocess.Popen(
        [sys.executable, "-m", "parlour", "play", "who_is_spy_v0", "--terminal", "--seed", "1"],
        env=SUBPROCESS_ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    shown, deadline = b"", time.monotonic() + 60
    while b"player_0> " not in shown and time.monotonic() < deadline:  # the human's prompt
        if select.select([process.stdout], [], [], 1)[0]:
            shown += os.read(process.stdout.fileno(), 65536)
    assert b"player_0> " in shown
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.decode().strip() == "parlour: interrupted"
