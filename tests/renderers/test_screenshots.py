"""The README's screenshots are current, and text-only use never loads pygame."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import screenshots  # noqa: E402  (tools/ is not a package)


@pytest.mark.parametrize("env_id", sorted(screenshots.SHOTS))
def test_committed_screenshot_matches_a_fresh_drawing(env_id):
    committed = ROOT / "docs" / "screenshots" / f"{env_id}.png"
    assert committed.exists(), "run: python tools/screenshots.py"
    fresh = pygame.surfarray.array3d(screenshots.shoot(env_id))
    saved = pygame.surfarray.array3d(pygame.image.load(str(committed)))
    assert np.array_equal(fresh, saved), "stale screenshot: run python tools/screenshots.py"
    assert f"docs/screenshots/{env_id}.png" in (ROOT / "README.md").read_text()


def test_committed_live_overcooked_screenshot_matches_a_fresh_drawing():
    committed = ROOT / "docs" / "screenshots" / "overcooked_live.png"
    assert committed.exists(), "run: python tools/screenshots.py"
    fresh = pygame.surfarray.array3d(screenshots.shoot_live())
    saved = pygame.surfarray.array3d(pygame.image.load(str(committed)))
    assert np.array_equal(fresh, saved), "stale screenshot: run python tools/screenshots.py"


@pytest.mark.parametrize(
    ("name", "draw"),
    [(f"{env_id}_turn", lambda e=env_id: screenshots.shoot_turn(e)) for env_id in screenshots.TURNS]
    + [(name, lambda n=name: screenshots.shoot_moment(n)) for name in screenshots.MOMENTS],
)
def test_committed_play_window_screenshot_matches_a_fresh_drawing(name, draw):
    """The play window's screenshots (a seated turn with its prompt, a held reveal, a result
    screen) are current and shown in docs/play.md."""
    committed = ROOT / "docs" / "screenshots" / f"{name}.png"
    assert committed.exists(), "run: python tools/screenshots.py"
    fresh = pygame.surfarray.array3d(draw())
    saved = pygame.surfarray.array3d(pygame.image.load(str(committed)))
    assert np.array_equal(fresh, saved), "stale screenshot: run python tools/screenshots.py"
    assert f"screenshots/{name}.png" in (ROOT / "docs" / "play.md").read_text()


def test_text_modes_never_import_pygame():
    code = (
        "import sys, parlour\n"
        "for env_id in parlour.list_envs():\n"
        "    env = parlour.make(env_id, render_mode='ansi'); env.reset(seed=0); env.render()\n"
        "    parlour.make_parallel(env_id).reset(seed=0)\n"
        "print('pygame' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
