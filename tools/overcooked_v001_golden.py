"""Record overcooked_ai 0.0.1's 20-layer lossless encodings along the golden Overcooked traces.

ProAgent (PKU-Alignment/ProAgent) bundles overcooked_ai 0.0.1 (``lib/overcooked_ai``, 2019: the
old dynamics, onions only), and its partner policies read that version's
``lossless_state_encoding``. This script replays the joint actions of the old-dynamics golden
traces of the five classic layouts (``tests/envs/overcooked/golden/*-old.jsonl.gz``, recorded from
overcooked_ai HEAD by ``tools/overcooked_golden.py``) through 0.0.1 itself, on 0.0.1's own layout
files (the legacy names), checks after every step that 0.0.1 reaches the state HEAD recorded, and
writes a hash of both players' 20-layer encodings every ``EVERY`` steps.
``tests/envs/overcooked/test_encoding_v001.py`` replays the same actions through Parlour and
requires the same hashes. It does not import Parlour.

    python tools/overcooked_v001_golden.py PROAGENT_CHECKOUT tests/envs/overcooked/golden

0.0.1 needs numpy only (its package ``__init__`` imports ``gym`` to register an env; a stand-in
module is put in its place when gym is missing).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import types
from pathlib import Path

import numpy as np

#: Parlour's layout names (as in the golden files) and 0.0.1's names for the same kitchens.
LEGACY = {
    "cramped_room": "simple",
    "asymmetric_advantages": "unident_s",
    "coordination_ring": "random1",
    "forced_coordination": "random0",
    "counter_circuit_o_1order": "random3",
}
EVERY = 4
OUT = "lossless_v001.json.gz"


def import_v001(checkout: Path):
    """0.0.1's ``OvercookedGridworld`` and ``Action`` from a ProAgent checkout."""
    sys.path.insert(0, str(checkout / "lib" / "overcooked_ai"))
    if importlib.util.find_spec("gym") is None:  # 0.0.1's __init__ registers a gym env
        gym = types.ModuleType("gym")
        envs = types.ModuleType("gym.envs")
        registration = types.ModuleType("gym.envs.registration")
        registration.register = lambda *args, **kwargs: None  # type: ignore[attr-defined]
        gym.envs, envs.registration = envs, registration  # type: ignore[attr-defined]
        sys.modules.update({"gym": gym, "gym.envs": envs, "gym.envs.registration": registration})
    from overcooked_ai_py.mdp.actions import Action, Direction
    from overcooked_ai_py.mdp.overcooked_mdp import OvercookedGridworld

    return OvercookedGridworld, Action, Direction


def canonical_item(obj) -> str:
    """The golden files' form: ``onion``, ``dish`` or ``soup:<o per onion>:<cooking tick>``,
    where HEAD's tick is -1 until a soup starts, as 0.0.1's is 0 before it holds 3 onions."""
    if obj is None:
        return "-"
    if obj.name == "soup":
        kind, count, cooked = obj.state
        assert kind == "onion", obj
        return f"soup:{'o' * count}:{cooked if count == 3 else -1}"
    return obj.name


def canonical_state(state, direction) -> str:
    players = ";".join(
        f"{p.position[0]},{p.position[1]},{direction.DIRECTION_TO_INDEX[p.orientation]},"
        f"{canonical_item(p.held_object)}"
        for p in state.players
    )
    objects = ";".join(
        f"{pos[0]},{pos[1]}={canonical_item(obj)}"
        for pos, obj in sorted(state.objects.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    )
    return f"{players}|{objects}|{state.timestep}"


def digest(arrays) -> str:
    stacked = np.stack([np.asarray(a) for a in arrays]).astype(np.int64)
    return hashlib.sha1(stacked.tobytes()).hexdigest()[:16]


def record_layout(path: Path, gridworld, action, direction) -> list[dict[str, str]]:
    """The hashes of each episode of one golden file, replayed through 0.0.1."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    header = json.loads(lines[0])
    mdp = gridworld.from_layout_name(LEGACY[header["layout"]])
    episodes = []
    for number, line in enumerate(lines[1:]):
        episode = json.loads(line)
        state = mdp.get_standard_start_state()
        state.timestep = 0
        hashes = {}
        actions = episode["actions"]
        for t in range(len(actions) // 2):
            if t % EVERY == 0:
                hashes[str(t)] = digest(mdp.lossless_state_encoding(state))
            joint = tuple(action.INDEX_TO_ACTION[int(a)] for a in actions[2 * t : 2 * t + 2])
            state, _, _ = mdp.get_state_transition(state, joint)
            got, want = canonical_state(state, direction), episode["states"][t]
            if got != want:
                raise SystemExit(f"{path.name} episode {number} step {t}: {got} != {want}")
        episodes.append(hashes)
    return episodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("proagent", type=Path, help="a checkout of PKU-Alignment/ProAgent")
    parser.add_argument("golden", type=Path, help="tests/envs/overcooked/golden")
    args = parser.parse_args()
    gridworld, action, direction = import_v001(args.proagent)
    layouts = {}
    for layout in LEGACY:
        layouts[layout] = record_layout(
            args.golden / f"{layout}-old.jsonl.gz", *(gridworld, action, direction)
        )
        print(f"{layout}: {sum(len(e) for e in layouts[layout])} encodings", file=sys.stderr)
    data = {
        "source": "PKU-Alignment/ProAgent lib/overcooked_ai (overcooked_ai 0.0.1)",
        "traces": "the old-dynamics golden traces' joint actions",
        "every": EVERY,
        "layouts": layouts,
    }
    with gzip.open(args.golden / OUT, "wt", encoding="utf-8") as handle:
        json.dump(data, handle, separators=(",", ":"))


if __name__ == "__main__":
    main()
