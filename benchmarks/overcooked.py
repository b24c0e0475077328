"""Overcooked speed against overcooked_ai in the same run, and the scripted chefs' soups.

overcooked_ai pins numpy<2 and so lives in its own virtual environment (``tools/overcooked_venv.sh``
makes one); pass its interpreter with ``--anchor-python`` (or set ``OVERCOOKED_AI_PYTHON``) and
its figures are measured in a subprocess between Parlour's, on the same layout, with the same
method: random joint actions, a reset every ``horizon`` steps, median of ``--repeats`` runs.

    python benchmarks/overcooked.py [--anchor-python /tmp/ocvenv/bin/python] [--steps 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

import parlour
from parlour.arena.strength import mean_metric
from parlour.envs.overcooked.encodings import Encoder
from parlour.envs.overcooked.kitchen import Kitchen
from parlour.envs.overcooked.layouts import builtin_layouts, load_layout

HORIZON = 400

#: Run inside overcooked_ai's venv: prints {mode: steps/s} as JSON.
ANCHOR = r"""
import json, random, sys, time
from overcooked_ai_py.mdp.actions import Action
from overcooked_ai_py.mdp.overcooked_env import OvercookedEnv
from overcooked_ai_py.mdp.overcooked_mdp import OvercookedGridworld
layout, steps, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
mdp = OvercookedGridworld.from_layout_name(layout)
env = OvercookedEnv.from_mdp(mdp, horizon=400, info_level=0)
rng = random.Random(0)
A = Action.ALL_ACTIONS
def run(n):
    done = False
    for _ in range(n):
        s, r, done, info = env.step((rng.choice(A), rng.choice(A)))
        if mode == "lossless":
            env.lossless_state_encoding_mdp(s)
        if done:
            env.reset()
run(2000)
start = time.perf_counter(); run(steps); step_rate = steps / (time.perf_counter() - start)
start = time.perf_counter()
for _ in range(20000):
    env.reset()
reset_us = (time.perf_counter() - start) / 20000 * 1e6
print(json.dumps({"rate": step_rate, "reset_us": reset_us}))
"""


def raw_rate(layout: str, steps: int, view: str | None = None) -> float:
    kitchen = Kitchen(load_layout(layout))
    encoder = Encoder(kitchen)
    rng = np.random.default_rng(0)
    joints = [tuple(int(a) for a in pair) for pair in rng.integers(6, size=(steps, 2))]
    start = time.perf_counter()
    for joint in joints:
        kitchen.step(joint)
        if view == "lossless":
            encoder.lossless(HORIZON)
        elif view == "featurized":
            encoder.featurized()
        if kitchen.timestep >= HORIZON:
            kitchen.reset()
    return steps / (time.perf_counter() - start)


def parallel_rate(layout: str, steps: int) -> float:
    """parallel_env steps/s with text observations for both chefs (the env builds them)."""
    env = parlour.make_parallel("overcooked_v0", layout=layout)
    env.reset(seed=0)
    names = ["[north]", "[south]", "[east]", "[west]", "[stay]", "[interact]"]
    rng = np.random.default_rng(0)
    picks = rng.integers(6, size=(steps, 2))
    start = time.perf_counter()
    for a, b in picks:
        env.step({"player_0": names[a], "player_1": names[b]})
        if not env.agents:
            env.reset()
    return steps / (time.perf_counter() - start)


def reset_us(repeats: int = 20000) -> tuple[float, float]:
    kitchen = Kitchen(load_layout("cramped_room"))
    start = time.perf_counter()
    for _ in range(repeats):
        kitchen.reset()
    kitchen_us = (time.perf_counter() - start) / repeats * 1e6
    env = parlour.make_parallel("overcooked_v0")
    start = time.perf_counter()
    for seed in range(repeats // 10):
        env.reset(seed=seed)
    env_us = (time.perf_counter() - start) / (repeats // 10) * 1e6
    return kitchen_us, env_us


def import_facts() -> tuple[float, bool]:
    code = (
        "import sys, time; s = time.perf_counter(); import parlour.envs.overcooked.env;"
        "print(time.perf_counter() - s, 'pygame' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, pygame = out.stdout.split()
    return float(seconds), pygame == "True"


def anchor(python: str, layout: str, steps: int, mode: str) -> dict[str, float] | None:
    done = subprocess.run(
        [python, "-c", ANCHOR, layout, str(steps), mode], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(f"overcooked_ai run failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(repeats: int, measure) -> float:
    return statistics.median(measure() for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--games", type=int, default=5, help="episodes per bot pairing")
    parser.add_argument("--layout", default="cramped_room")
    parser.add_argument("--anchor-python", default=os.environ.get("OVERCOOKED_AI_PYTHON"))
    args = parser.parse_args()
    layout, steps, reps = args.layout, args.steps, args.repeats
    print(f"# Overcooked on {layout}: random joint actions, median of {reps} runs of {steps}")
    rows = [
        ("raw rules step", lambda: raw_rate(layout, steps), "raw"),
        ("step + lossless view", lambda: raw_rate(layout, steps // 4, "lossless"), "lossless"),
        ("step + featurized view", lambda: raw_rate(layout, steps // 4, "featurized"), None),
        ("parallel_env, text for both", lambda: parallel_rate(layout, steps // 4), None),
    ]
    print(f"{'measure':32} {'parlour steps/s':>16} {'overcooked_ai':>14} {'ratio':>7}")
    anchor_reset = None
    for name, measure, mode in rows:
        ours = median_of(reps, measure)
        theirs = None
        if args.anchor_python and mode is not None:
            runs = [
                anchor(args.anchor_python, layout, steps // (1 if mode == "raw" else 4), mode)
                for _ in range(reps)
            ]
            if all(runs):
                theirs = statistics.median(r["rate"] for r in runs)  # type: ignore[index]
                anchor_reset = statistics.median(r["reset_us"] for r in runs)  # type: ignore[index]
        if theirs:
            print(f"{name:32} {ours:16,.0f} {theirs:14,.0f} {ours / theirs:6.1f}x")
        else:
            print(f"{name:32} {ours:16,.0f} {'-':>14} {'-':>7}")
    kitchen_us, env_us = reset_us()
    seconds, pygame = import_facts()
    theirs = f" (overcooked_ai env.reset: {anchor_reset:.1f} us)" if anchor_reset else ""
    print(
        f"reset: kitchen {kitchen_us:.1f} us, parallel_env with observations {env_us:.1f} us"
        + theirs
    )
    print(f"import parlour.envs.overcooked.env: {seconds * 1000:.0f} ms, pygame loaded: {pygame}")
    print()
    print(f"# Soups per episode ({HORIZON} steps), mean of {args.games} seeded episodes")
    pairs = (("scripted", "scripted"), ("scripted", "random"), ("random", "random"))
    print(f"{'layout':26} " + " ".join(f"{a + '+' + b:>18}" for a, b in pairs))
    for name in builtin_layouts():
        soups = [
            mean_metric("overcooked_v0", pair, "soups_delivered", args.games, layout=name)
            for pair in pairs
        ]
        print(f"{name:26} " + " ".join(f"{s:18.1f}" for s in soups))


if __name__ == "__main__":
    main()
