"""The ``parlour`` command line."""

from __future__ import annotations

import re
import subprocess
import sys

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
