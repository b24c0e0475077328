"""Conformance with overcooked_ai: replay its recorded joint actions, require the same game.

The traces under ``golden/`` were recorded by ``tools/overcooked_golden.py`` running
HumanCompatibleAI/overcooked_ai itself: every classic layout, both dynamics, random and scripted
joint actions. After every step the state, the per-chef delivery and shaping rewards and the
event flags must match exactly; every few steps so must both numeric views (compared by hash).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from parlour.envs.overcooked.encodings import Encoder
from parlour.envs.overcooked.kitchen import Kitchen, Soup
from parlour.envs.overcooked.layouts import load_layout

GOLDEN = Path(__file__).parent / "golden"
FILES = sorted(GOLDEN.glob("*.jsonl.gz"))


def canonical_item(item: object) -> str:
    if item is None:
        return "-"
    if isinstance(item, Soup):
        return f"soup:{'o' * item.onions}{'t' * item.tomatoes}:{item.tick}"
    return str(item)


def canonical_state(k: Kitchen) -> str:
    """The format of tools/overcooked_golden.py's canonical_state."""
    players = ";".join(
        f"{x},{y},{f},{canonical_item(h)}"
        for (x, y), f, h in zip((k.xy(p) for p in k.pos), k.facing, k.held, strict=True)
    )
    objects = ";".join(
        f"{c % k.width},{c // k.width}={canonical_item(v)}" for c, v in sorted(k.objects.items())
    )
    return f"{players}|{objects}|{k.timestep}"


def digest(arrays: list[np.ndarray]) -> str:
    return hashlib.sha1(np.stack(arrays).astype(np.int64).tobytes()).hexdigest()[:16]


def read(path: Path) -> tuple[dict, list[dict]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:]]


def replay(header: dict, episodes: list[dict], dynamics: str) -> list[str]:
    """Replay every episode; return the first mismatch of each kind found (empty: conformant)."""
    kitchen = Kitchen(load_layout(header["layout"]), dynamics)
    encoder = Encoder(kitchen)
    problems: list[str] = []
    for number, episode in enumerate(episodes):
        kitchen.reset()
        assert canonical_state(kitchen).rsplit("|", 1)[0] == header["start"].rsplit("|", 1)[0]
        actions = episode["actions"]
        for t in range(len(actions) // 2):
            where = f"episode {number} ({episode['policy']}) step {t}"
            if str(t) in episode["lossless"]:
                if digest(encoder.lossless(header["horizon"])) != episode["lossless"][str(t)]:
                    return [f"{where}: lossless encoding differs"]
                if digest(encoder.featurized()) != episode["featurized"][str(t)]:
                    return [f"{where}: featurized vector differs"]
            outcome = kitchen.step([int(actions[2 * t]), int(actions[2 * t + 1])])
            if canonical_state(kitchen) != episode["states"][t]:
                return [f"{where}: {canonical_state(kitchen)} != {episode['states'][t]}"]
            rewards = [*outcome.sparse, *outcome.shaped]
            if rewards != episode["rewards"].get(str(t), [0, 0, 0, 0]):
                return [f"{where}: rewards {rewards}"]
            events = sorted(f"{name}:{chef}" for name, chef in set(outcome.events))
            if events != sorted(episode["events"].get(str(t), [])):
                return [f"{where}: events {events}"]
    return problems


def test_every_classic_layout_and_both_dynamics_are_recorded():
    names = {p.name.removesuffix(".jsonl.gz") for p in FILES}
    for layout in (
        "cramped_room",
        "asymmetric_advantages",
        "coordination_ring",
        "forced_coordination",
        "counter_circuit_o_1order",
    ):
        assert {f"{layout}-new", f"{layout}-old"} <= names
    assert "counter_circuit-new" in names  # tomatoes: overcooked_ai refuses old dynamics there
    steps = sum(len(e["states"]) for p in FILES for e in read(p)[1])
    deliveries = sum(
        1
        for p in FILES
        for e in read(p)[1]
        for fired in e["events"].values()
        for name in fired
        if name.startswith("soup_delivery")
    )
    assert steps >= 20_000 and deliveries >= 100


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name.removesuffix(".jsonl.gz"))
def test_golden_trace_replays_exactly(path):
    header, episodes = read(path)
    assert replay(header, episodes, header["dynamics"]) == []


def test_the_replay_detects_the_other_dynamics():
    """The check can fail: replaying new-dynamics play with old dynamics diverges."""
    header, episodes = read(GOLDEN / "cramped_room-new.jsonl.gz")
    problems = replay(header, episodes, "old")
    assert problems and "step" in problems[0]
