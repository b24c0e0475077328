"""The REINFORCE example learns: its trained policy clearly beats the untrained one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_reinforce_beats_its_starting_policy(tmp_path):
    plot = tmp_path / "curve.png"
    done = subprocess.run(
        [
            sys.executable,
            "examples/train_reinforce.py",
            "--episodes",
            "400",
            "--eval-games",
            "60",
            "--plot",
            str(plot),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    numbers = {
        name: float(value)
        for name, value in re.findall(
            r"(untrained policy \(uniform\)|trained policy \(greedy\)):"
            r"\s+(-?[\d.]+)",
            done.stdout,
        )
    }
    assert numbers["trained policy (greedy)"] > 1.15 * numbers["untrained policy (uniform)"]
    preferred = int(re.search(r"preferred menu index: (\d+)", done.stdout).group(1))
    assert preferred in (3, 4, 5)  # bids of 0.9-1.1 x value: near truthful bidding
    assert plot.stat().st_size > 1000
