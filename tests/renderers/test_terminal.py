"""``parlour play --terminal``: only what is new each turn, a typo keeps the turn, a readable
result, saves however the game ends, and a clean Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys

import pytest

from parlour.agents.human import HumanAgent
from parlour.cli import main
from parlour.renderers.playback import replay_game
from parlour.renderers.terminal import play_in_terminal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Lines:
    """Typed lines, in order; then the input closes (end of file)."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.prompts = 0

    def __call__(self, prompt: str) -> str:
        self.prompts += 1
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def spy_game(*lines: str, **options):
    out = io.StringIO()
    read = Lines(*lines)
    game = play_in_terminal(
        "who_is_spy_v0", "player_0", ["scripted"], 1, read=read, out=out, **options
    )
    return game, out.getvalue(), read


#: seed 1: player_0 describes last, then votes the spy (player_5) out: the game ends
TURNS = ("a white thing in the sky", "[vote player_5]")


def test_each_line_is_printed_once_and_the_question_every_turn():
    game, text, _ = spy_game(*TURNS)
    assert game.finished
    assert text.count("Most players (the civilians) share one secret word") == 1  # the rules
    assert text.count('Your word is "cloud"') == 1  # the card
    assert text.count('player_1 said: "white and fluffy"') == 1
    assert text.count("Moderator: Round 1. Speaking order") == 1
    assert text.count("## Now") == 2  # a question for each of the person's two turns
    assert text.index("describe your word") < text.index("vote for the player")
    assert text.count("Moderator: player_5 is eliminated.") == 1  # news after the last turn
    # what happened before the first turn, then the others' lines as they come: no blank line
    assert 'player_1 said: "white and fluffy"\nplayer_5 said: ' in text


def test_a_refused_answer_keeps_the_turn_and_says_why():
    game, text, read = spy_game(TURNS[0], "banana!!", "[vote player_9]", TURNS[1])
    assert "Not accepted: expected one of [vote player_1]" in text
    assert "got 'banana!!'" in text and "got '[vote player_9]'" in text
    assert read.prompts == 4 and game.finished
    assert game.actions[[seat for seat, _ in game.actions].index("player_0") + 1 :][0] != [
        "player_0",
        "banana!!",
    ]
    assert not game.metrics()["invalid_actions"]["player_0"]  # nothing invalid reached the game


def test_a_bare_number_or_a_share_is_the_number_turns_own_verb():
    """At the terminal as in the window: ``4500`` on a bid turn is ``[bid 4500]`` (it was read
    as ``[4500]`` and refused), ``100%`` is all one may bid."""
    out = io.StringIO()
    read = Lines("25000", "1000", "withdraw", "100%")
    game = play_in_terminal(
        "auction_v0", "player_0", ["scripted"], 3, {"num_items": 2}, read=read, out=out
    )
    text = out.getvalue()
    assert "got '[bid 25000]'" in text  # over the budget: refused, the turn kept
    mine = [action for seat, action in game.actions if seat == "player_0"]
    assert mine[:3] == ["[bid 1000]", "withdraw", "[bid 20000]"]


def test_the_end_is_readable():
    _, text, _ = spy_game(*TURNS)
    end = text[text.index("=== Game over ===") :]
    assert "Rewards: player_0 (you) +1, player_1 +1" in end and "player_5 -1" in end
    assert "Result: winner: civilians; rounds: 1; civilian word: cloud" in end
    assert "{" not in end  # no JSON dump


def test_a_closed_input_stops_the_game_and_it_is_saved(tmp_path):
    path = tmp_path / "game.json"
    game, text, _ = spy_game(TURNS[0], record=path)
    assert not game.finished
    assert "=== Game stopped after" in text and "the input closed" in text
    saved = json.loads(path.read_text())
    assert saved["seats"]["player_0"] == "human" and saved["actions"] == game.actions
    assert replay_game(path).unwrapped.transcript() == game.env.unwrapped.transcript()


def test_the_human_agent_prints_only_the_new_lines_of_an_observation():
    out = io.StringIO()
    person = HumanAgent(read=lambda prompt: "x", out=out)
    person.reset("player_0")
    head = "# Game\nrules\n\n## Your card\nBudget: 10\n\n## What happened (oldest first)\n"
    person.act({"text": head + "a\nb\n\n## Now\nBid?"}, {})
    person.act({"text": head.replace("10", "7") + "a\nb\nc\n\n## Now\nBid again?"}, {})
    person.act({"text": head.replace("10", "7") + "b\nc\nd\n\n## Now\nBid again?"}, {})
    later = out.getvalue().split("Bid?", 1)[1]
    assert later.split() == [
        "Budget:",
        "7",
        "c",
        "##",
        "Now",
        "Bid",
        "again?",
        "d",
        "##",
        "Now",
        "Bid",
        "again?",
    ]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_ends_cleanly_and_saves_the_game_so_far(tmp_path, sig):
    path = tmp_path / "game.json"
    command = [sys.executable, "-m", "parlour.cli", "play", "who_is_spy_v0", "--terminal"]
    process = subprocess.Popen(
        [*command, "--seed", "1", "--record", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": ROOT},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # (not ignored)
    )
    shown = b""
    while b"player_0> " not in shown:
        chunk = os.read(process.stdout.fileno(), 4096)
        assert chunk, process.stderr.read()
        shown += chunk
    process.send_signal(sig)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.decode().strip() == "parlour: interrupted"  # no traceback
    assert f"the game so far is saved to {path}" in out.decode()
    assert json.loads(path.read_text())["actions"]  # the other players' descriptions


def test_cli_terminal_says_saved_only_for_a_file_it_wrote(tmp_path, monkeypatch, capsys):
    lines = Lines(*TURNS)
    monkeypatch.setattr("builtins.input", lines)
    path = tmp_path / "game.json"
    argv = ["play", "who_is_spy_v0", "--terminal", "--seed", "1", "--record", str(path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"saved to {path}" in out and path.exists()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("parlour.renderers.terminal.write_game", broken)
    monkeypatch.setattr("builtins.input", Lines(*TURNS))
    other = tmp_path / "other.json"
    assert main([*argv[:-1], str(other)]) == 2
    captured = capsys.readouterr()
    assert "saved to" not in captured.out and not other.exists()
    assert f"parlour: error: could not save the game to {other}: disk full" in captured.err


@pytest.mark.parametrize(
    "record, message",
    [("{dir}", "is a directory"), ("{dir}/missing/game.json", "no such directory")],
)
def test_a_record_that_cannot_be_written_is_refused_before_the_game(
    tmp_path, capsys, record, message
):
    argv = ["play", "who_is_spy_v0", "--terminal", "--record", record.format(dir=tmp_path)]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
