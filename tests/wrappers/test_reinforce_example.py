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
            r"(untrained policy \(uniform\)|trained policy \(greedy\)|truthful bidding):"
            r"\s+(-?[\d.]+)",
            done.stdout,
        )
    }
    assert numbers["trained policy (greedy)"] > 1.15 * numbers["untrained policy (uniform)"]
    assert numbers["trained policy (greedy)"] > 0.9 * numbers["truthful bidding"]
    bids = re.search(r"trained greedy bids: (.+)", done.stdout).group(1)
    shares = {
        level: int(share) for level, share in re.findall(r"([\w.]+x value|withdraw) (\d+)%", bids)
    }
    assert max(shares, key=shares.get) in ("0.9x value", "1x value", "1.1x value")  # near truthful
    assert plot.stat().st_size > 1000
