"""overcooked_ai 0.0.1's 20-layer lossless encoding (the one ProAgent's partner policies read),
offered as the ``lossless_v001`` view, checked two ways:

* known states built by hand, channel by channel, against 0.0.1's ``lossless_state_encoding``
  as its code defines each layer (ProAgent's ``lib/overcooked_ai``, which is overcooked_ai's own
  0.0.1 code at commit 1bd5534: the encoding is the same line for line);
* the old-dynamics golden traces replayed through Parlour, against the hashes 0.0.1 itself gave
  along the same joint actions (``golden/lossless_v001.json.gz``, written by
  ``tools/overcooked_v001_golden.py``, which also checks 0.0.1 reaches every recorded state).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.envs.overcooked.encodings import V001_CHANNELS, V001_LAYERS, Encoder
from parlour.envs.overcooked.kitchen import DISH, ONION, Kitchen, Soup, item_name
from parlour.envs.overcooked.layouts import load_layout
from parlour.envs.overcooked.model import OvercookedConfig
from parlour.envs.overcooked.rl import RL

GOLDEN = Path(__file__).parent / "golden"
#: counter_circuit_o_1order (0.0.1's random3): pots at (3, 0) and (4, 0), a dish dispenser at
#: (0, 2), the serving window at (7, 2), onion dispensers at (3, 4) and (4, 4).
GRID = ("XXXPPXXX", "X  2   X", "D XXXX S", "X  1   X", "XXXOOXXX")
NORTH, SOUTH, EAST, WEST = range(4)


def _kitchen(dynamics: str = "old") -> Kitchen:
    return Kitchen(load_layout("counter_circuit_o_1order"), dynamics)


def _set(k: Kitchen, chefs, objects) -> Kitchen:
    """Put ``chefs`` ((x, y), facing, held) and ``objects`` ({(x, y): item}) in kitchen ``k``."""
    k.pos = [k.cell(x, y) for (x, y), _, _ in chefs]
    k.facing = [facing for _, facing, _ in chefs]
    k.held = [held for _, _, held in chefs]
    k.objects = {k.cell(x, y): item for (x, y), item in objects.items()}
    return k


def _cells(char: str) -> dict[tuple[int, int], int]:
    return {(x, y): 1 for y, row in enumerate(GRID) for x, c in enumerate(row) if c == char}


def _layers(stack: np.ndarray) -> dict[str, dict[tuple[int, int], int]]:
    """Each layer's non-zero cells, by 0.0.1's layer name."""
    return {
        name: {(int(x), int(y)): int(stack[x, y, i]) for x, y in np.argwhere(stack[:, :, i])}
        for i, name in enumerate(V001_LAYERS)
    }


def _terrain() -> dict[str, dict[tuple[int, int], int]]:
    return {
        "pot_loc": _cells("P"),
        "counter_loc": _cells("X"),
        "onion_disp_loc": _cells("O"),
        "dish_disp_loc": _cells("D"),
        "serve_loc": _cells("S"),
    }


def _ready() -> Soup:
    return Soup(onions=3, tick=20, cook_time=20)


#: Chef 0 at (1, 3) facing east holds a dish; chef 1 at (5, 1) facing north holds nothing. Pot
#: (3, 0) holds 2 onions, idle; pot (4, 0) cooks 3 onions, 7 ticks in. An onion is on the
#: counter (5, 2), a cooked soup on (0, 1).
BUSY = (
    [((1, 3), EAST, DISH), ((5, 1), NORTH, None)],
    {
        (3, 0): Soup(onions=2),
        (4, 0): Soup(onions=3, tick=7, cook_time=20),
        (5, 2): ONION,
        (0, 1): _ready(),
    },
)
BUSY_OBJECTS = {
    "onions_in_pot": {(3, 0): 2, (4, 0): 3},  # idle or cooking: a pot's onions
    "onions_cook_time": {(4, 0): 7},  # ticks cooked; 0 (no entry) before it starts
    "onion_soup_loc": {(0, 1): 1},  # a soup out of a pot
    "dishes": {(1, 3): 1},  # in a chef's hands: where the chef is
    "onions": {(5, 2): 1},
}


@pytest.mark.parametrize(
    "seat, own, partner",
    [(0, ((1, 3), EAST), ((5, 1), NORTH)), (1, ((5, 1), NORTH), ((1, 3), EAST))],
    ids=["seat0", "seat1"],
)
def test_a_known_state_channel_by_channel(seat, own, partner):
    stack = Encoder(_set(_kitchen(), *BUSY)).lossless_v001_seat(seat)
    assert stack.shape == (8, 5, 20) and stack.dtype == np.int64 and V001_CHANNELS == 20
    (own_xy, own_facing), (partner_xy, partner_facing) = own, partner
    expected = {name: {} for name in V001_LAYERS}
    expected["player_0_loc"] = {own_xy: 1}  # the viewer first, whatever its seat
    expected["player_1_loc"] = {partner_xy: 1}
    expected[f"player_0_orientation_{own_facing}"] = {own_xy: 1}
    expected[f"player_1_orientation_{partner_facing}"] = {partner_xy: 1}
    expected.update(_terrain())
    expected.update(BUSY_OBJECTS)
    assert _layers(stack) == expected


@pytest.mark.parametrize(
    "held, layers",
    [
        (  # a dish in hand hides the dish on the counter (2, 2)
            DISH,
            {"dishes": {(5, 1): 1}, "onions": {(5, 2): 1}, "onion_soup_loc": {(0, 1): 1}},
        ),
        (  # an onion in hand hides the onion on the counter (5, 2)
            ONION,
            {"dishes": {(2, 2): 1}, "onions": {(5, 1): 1}, "onion_soup_loc": {(0, 1): 1}},
        ),
        (  # a soup in hand hides every other soup: both pots and the counter (0, 1) read empty
            "soup",
            {
                "dishes": {(2, 2): 1},
                "onions": {(5, 2): 1},
                "onion_soup_loc": {(5, 1): 1},
                "onions_in_pot": {},
                "onions_cook_time": {},
            },
        ),
    ],
    ids=["dish", "onion", "soup"],
)
def test_a_kind_in_a_chefs_hands_hides_the_others_of_its_kind_as_in_0_0_1(held, layers):
    """0.0.1 lists objects by kind, then replaces each kind a chef holds by the held ones
    (``all_objects_by_type``'s ``dict.update``): its encoding, which ProAgent's partners read,
    shows no other object of that kind. HEAD's 26 layers show them all."""
    item = _ready() if held == "soup" else held
    objects = {**BUSY[1], (2, 2): DISH}
    kitchen = _set(_kitchen(), [((1, 3), EAST, None), ((5, 1), NORTH, item)], objects)
    got = _layers(Encoder(kitchen).lossless_v001_seat(0))
    for name, cells in layers.items():
        assert got[name] == cells, name
    if held == ONION:  # HEAD's onions layer (24) keeps the counter's onion
        head = Encoder(kitchen).lossless_seat(400, 0)
        assert head[5, 2, 23] == 1 and head[5, 1, 23] == 1


@pytest.mark.parametrize(
    "pot, layers",
    [
        (Soup(onions=1), {"onions_in_pot": 1}),
        (Soup(onions=3, tick=1, cook_time=20), {"onions_in_pot": 3, "onions_cook_time": 1}),
        (_ready(), {"onions_in_pot": 3, "onions_cook_time": 20}),  # ready: cooked to its time
        (Soup(onions=1, tick=5, cook_time=20), {"onions_in_pot": 1, "onions_cook_time": 5}),
        (None, {}),
    ],
    ids=["one-onion", "just-started", "ready", "new-dynamics-small-soup", "empty"],
)
def test_a_pots_soup_is_its_onions_and_the_ticks_it_has_cooked(pot, layers):
    objects = {} if pot is None else {(4, 0): pot}
    stack = Encoder(_set(_kitchen("new"), BUSY[0], objects)).lossless_v001_seat(0)
    got = _layers(stack)
    for name in ("onions_in_pot", "onions_cook_time"):
        assert got[name] == ({(4, 0): layers[name]} if name in layers else {})


def test_the_chefs_and_terrain_layers_are_head_s_first_ten_and_its_terrain():
    """Where the two versions agree: positions and facings (HEAD's layers 0-9) and the terrain
    (HEAD's pot, counter, onion and dish dispenser, serving layers); where they differ: HEAD
    puts a cooking soup's onions in ``onions_in_soup`` and counts down its time left."""
    kitchen = _set(_kitchen(), [((1, 3), EAST, None), ((5, 1), NORTH, None)], BUSY[1])
    encoder = Encoder(kitchen)
    for seat in (0, 1):
        old, head = encoder.lossless_v001_seat(seat), encoder.lossless_seat(400, seat)
        assert np.array_equal(old[:, :, :10], head[:, :, :10])
        assert np.array_equal(old[:, :, 10:15], head[:, :, [10, 11, 12, 14, 15]])
    head = encoder.lossless_seat(400, 0)
    assert head[4, 0, 16] == 0 and head[4, 0, 18] == 3 and head[4, 0, 20] == 13
    assert old[4, 0, 15] == 3 and old[4, 0, 16] == 7


def digest(arrays: list[np.ndarray]) -> str:
    """The tools' hash of both chefs' stacks (tools/overcooked_v001_golden.py's ``digest``)."""
    return hashlib.sha1(np.stack(arrays).astype(np.int64).tobytes()).hexdigest()[:16]


def read(path: Path) -> tuple[dict, list[dict]]:
    """A golden trace file: its header and its episodes."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:]]


def _recorded() -> dict:
    with gzip.open(GOLDEN / "lossless_v001.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


CLASSIC = (
    "cramped_room",
    "asymmetric_advantages",
    "coordination_ring",
    "forced_coordination",
    "counter_circuit_o_1order",
)


@functools.cache
def _replay(layout: str) -> tuple[list[str], Counter]:
    """Replay a layout's old-dynamics golden trace through Parlour: the first step whose
    encodings differ from 0.0.1's in each episode (none: conformant), and what was compared."""
    recorded = _recorded()
    assert recorded["source"].startswith("PKU-Alignment/ProAgent")
    _, episodes = read(GOLDEN / f"{layout}-old.jsonl.gz")
    hashes = recorded["layouts"][layout]
    assert len(hashes) == len(episodes) >= 6
    kitchen = Kitchen(load_layout(layout), "old")
    encoder = Encoder(kitchen)
    problems, seen = [], Counter()
    for number, (episode, want) in enumerate(zip(episodes, hashes, strict=True)):
        kitchen.reset()
        actions = episode["actions"]
        for t in range(len(actions) // 2):
            if str(t) in want:
                got = digest([encoder.lossless_v001_seat(0), encoder.lossless_v001_seat(1)])
                if got != want[str(t)] and not problems:
                    problems.append(f"episode {number} step {t}: {got} != {want[str(t)]}")
                seen["states"] += 1
                seen["soup in hand"] += any(isinstance(h, Soup) for h in kitchen.held)
                seen["kind in hand and elsewhere"] += _hidden_by_hand(kitchen)
            kitchen.step([int(actions[2 * t]), int(actions[2 * t + 1])])
    return problems, seen


def _hidden_by_hand(kitchen: Kitchen) -> bool:
    """Whether 0.0.1's quirk hides something now: a kind in hand also lies elsewhere."""
    held = {item_name(h) for h in kitchen.held if h is not None}
    return any(item_name(item) in held for item in kitchen.objects.values())


@pytest.mark.parametrize("layout", CLASSIC)
def test_overcooked_ai_0_0_1_gave_the_same_encodings_along_the_golden_traces(layout):
    problems, seen = _replay(layout)
    assert problems == []
    assert seen["states"] >= 600


def test_the_golden_traces_hold_soups_in_hand_and_what_hands_hide():
    """The replays compare states that exercise 0.0.1's object layers: soups carried, and a
    kind in a chef's hands that hides the same kind elsewhere (a pot's soup, a counter's)."""
    total = sum((_replay(layout)[1] for layout in CLASSIC), Counter())
    assert total["states"] == 3000
    assert total["soup in hand"] > 100 and total["kind in hand and elsewhere"] > 100


def test_the_view_is_an_observation_key_and_the_rl_face_s_numbers():
    env = parlour.make("overcooked_v0", views="lossless_v001", dynamics="old", horizon=8)
    env.reset(seed=0)
    observation, *_ = env.last()
    space = env.observation_space(env.agent_selection)["lossless_v001"]
    stack = observation["lossless_v001"]
    assert stack.shape == (5, 4, 20) and stack.dtype == np.int64 and space.contains(stack)
    assert stack[1, 2, 0] == 1 and stack[3, 1, 1] == 1  # cramped_room's start cells
    only = OvercookedConfig(views=("lossless_v001",))
    assert RL.numeric_size(only) == 5 * 4 * 20
    assert RL.numeric_size(OvercookedConfig(views=("lossless_v001", "lossless"))) == 5 * 4 * 26
    rules = env.unwrapped.match.rules
    numbers = RL.encode(rules, "player_0")
    assert numbers.shape == (400,) and numbers.min() >= 0 and numbers.max() <= 1
    assert np.array_equal(numbers.reshape(5, 4, 20) > 0, stack > 0)


def test_a_layout_with_tomatoes_is_refused():
    with pytest.raises(ConfigError, match=r"lossless_v001.*no tomato layers.*counter_circuit"):
        parlour.make("overcooked_v0", layout="counter_circuit", views="lossless_v001")
    parlour.make("overcooked_v0", layout="counter_circuit", views="lossless")  # HEAD's has them
