"""Windows and displays: ``parlour play`` without a display exits 2 instead of waiting on an
invisible window; the ``human`` render mode honours the close button, Ctrl-C and ``SIGTERM``;
watching and replaying from the command line."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import re
import signal
import subprocess
import sys
import textwrap
import time

import pygame
import pytest

import parlour
from parlour.cli import main
from parlour.renderers.window import WindowClosed

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: the environment of a machine without a screen
HEADLESS = {
    k: v
    for k, v in os.environ.items()
    if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
}


def run(code_or_argv, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    argv = (
        [sys.executable, "-c", textwrap.dedent(code_or_argv)]
        if isinstance(code_or_argv, str)
        else [sys.executable, "-m", "parlour.cli", *code_or_argv]
    )
    return subprocess.run(
        argv,
        env={**env, "PYTHONPATH": ROOT},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "who_is_spy_v0", "--seed", "1"],
        ["play", "overcooked_v0", "--record", "{tmp}/game.json"],
        ["play", "werewolf_v0", "--seat", "none"],
    ],
    ids=["turns", "real-time", "watch"],
)
def test_play_without_a_display_says_so_and_exits_2(argv, tmp_path):
    done = run([a.format(tmp=tmp_path) for a in argv], HEADLESS)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("parlour: error: no display to open a window on")
    assert "--terminal" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "game.json").exists()  # nothing said saved, nothing written


def test_replay_window_without_a_display_says_so(tmp_path):
    path = tmp_path / "game.json"
    env = {**HEADLESS, "SDL_VIDEODRIVER": "dummy"}
    assert run(["play", "auction_v0", "--seat", "none", "--record", str(path)], env).returncode == 0
    done = run(["replay", str(path), "--window"], HEADLESS)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("parlour: error: no display to open a window on")
    assert "leave out --window" in done.stderr


def test_a_hidden_display_is_refused_where_a_person_must_answer(capsys):
    assert os.environ["SDL_VIDEODRIVER"] == "dummy"  # chosen on purpose: fine for watching
    assert main(["play", "who_is_spy_v0", "--seat", "player_1"]) == 2
    assert "parlour: error: no display" in capsys.readouterr().err


def test_cli_watch_record_and_replay(tmp_path, capsys):
    path = tmp_path / "watched.json"
    argv = ["play", "werewolf_v0", "--seat", "none", "--seed", "2", "--record", str(path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("Game over. winner: ")
    assert f"saved to {path}; show it again with: parlour replay {path} --window" in out
    assert main(["replay", str(path), "--view", "player_3", "--window"]) == 0
    out = capsys.readouterr().out
    assert "Night 1 falls" in out and "(player_1, player_2 only)" not in out  # a player's view
    # the figures written for people, as at the end of play: no dict, no float noise
    result = out.strip().splitlines()[-1]
    assert result.startswith("Result: winner: ") and "vote accuracy: " in result
    assert not re.search(r"\d\.\d{3,}|[{}]", result), result


def test_the_human_window_close_button_stops_the_env():
    env = parlour.make("who_is_spy_v0", render_mode="human")
    env.reset(seed=0)
    env.step(env.last()[-1]["legal_actions"][0] if env.last()[-1].get("legal_actions") else "hi")
    assert pygame.display.get_init() and pygame.display.get_surface() is not None
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    with pytest.raises(WindowClosed, match="who_is_spy_v0 window was closed"):
        env.step("a white thing")
    assert not pygame.display.get_init()  # the window is gone
    assert issubclass(WindowClosed, KeyboardInterrupt)  # scripts stop as on Ctrl-C
    env.close()


#: A script rendering in a human window until a signal comes.
LOOP = """
    import parlour
    env = parlour.make("overcooked_v0", render_mode="human", horizon=100000)
    env.reset(seed=0)
    try:
        while True:
            env.step("[stay]")
            print("rendering", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
"""


def _signal_the_loop(sig: int) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(LOOP)],
        env={**os.environ, "PYTHONPATH": ROOT, "SDL_VIDEODRIVER": "dummy"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout.readline().strip() == "rendering", process.stderr.read()
    time.sleep(0.2)
    process.send_signal(sig)
    out, _ = process.communicate(timeout=30)
    return process.returncode, out


def test_sigterm_ends_a_rendering_process():
    returncode, _ = _signal_the_loop(signal.SIGTERM)
    assert returncode == -signal.SIGTERM  # not turned into a window event nobody reads


def test_ctrl_c_interrupts_a_rendering_process():
    returncode, out = _signal_the_loop(signal.SIGINT)
    assert returncode == 0 and out.strip().endswith("interrupted")


def test_a_human_window_without_a_display_says_so():
    code = """
        import parlour
        from parlour.core.errors import ParlourError
        env = parlour.make("auction_v0", render_mode="human")
        env.reset(seed=0)
        try:
            env.render()
        except ParlourError as error:
            print(type(error).__name__, error)
    """
    done = run(code, HEADLESS)
    assert done.stdout.startswith("NoDisplay no display to open a window on"), done.stderr
    assert "render_mode='rgb_array'" in done.stdout


def test_the_play_window_opens_as_large_as_the_screen_allows():
    """The window's first size is read once the display is open (before, SDL knows no screen
    and every window opened at the fallback 1024x680, whatever the screen)."""
    from parlour.renderers.frame import SIZE, WINDOW_SIZE
    from parlour.renderers.session import TurnSession

    session = TurnSession("who_is_spy_v0", None, ["scripted"], seed=1, feed=lambda s: [])
    try:
        screen = pygame.display.get_desktop_sizes()[0]
        expected = tuple(min(w, int(s * 0.92)) for w, s in zip(WINDOW_SIZE, screen, strict=True))
        assert expected != SIZE  # (the dummy screen is 1024x768: 942x706)
        assert session.window.frame.size == expected
        assert pygame.display.get_surface().get_size() == expected
    finally:
        session.window.close()
