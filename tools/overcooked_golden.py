"""Record golden Overcooked traces by running HumanCompatibleAI/overcooked_ai itself.

Run with the interpreter of a virtual environment that has overcooked_ai installed (it pins
``numpy<2`` and Python 3.10, so it cannot live beside Parlour); ``tools/overcooked_venv.sh`` makes
one. This script does not import Parlour: it writes what overcooked_ai did, and
``tests/envs/overcooked/test_golden.py`` replays the recorded joint actions through Parlour's rules
and requires the same state, rewards, events and encodings after every step.

    /tmp/ocvenv/bin/python tools/overcooked_golden.py tests/envs/overcooked/golden

One gzipped JSON-lines file per layout and dynamics. Its first line is a header; each further line
is one episode: the joint actions as a string of action-index pairs, the canonical state after
every step (the format of ``canonical_state`` below), the non-zero sparse and shaped rewards, the
events that fired, and every ``ENCODING_EVERY``-th step a hash of both players' lossless encodings
and of both featurized vectors.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np
from overcooked_ai_py.agents.agent import GreedyHumanModel
from overcooked_ai_py.mdp.actions import Action, Direction
from overcooked_ai_py.mdp.overcooked_env import OvercookedEnv
from overcooked_ai_py.mdp.overcooked_mdp import EVENT_TYPES, OvercookedGridworld
from overcooked_ai_py.planning.planners import NO_COUNTERS_PARAMS, MediumLevelActionManager

LAYOUTS = (
    "cramped_room",
    "asymmetric_advantages",
    "coordination_ring",
    "forced_coordination",
    "counter_circuit_o_1order",
    "counter_circuit",
)
HORIZON = 400
ENCODING_EVERY = 4
#: Episodes per layout and dynamics: (policy, episodes). "greedy" is overcooked_ai's own
#: GreedyHumanModel (3-onion orders only); "scripted" is the small recipe-aware chef below, which
#: also cooks the tomato orders. Both take a random action with probability EPSILON, so that
#: dropped items, collisions and odd pottings also get recorded.
POLICIES = (("random", 2), ("greedy", 2), ("scripted", 2))
EPSILON = 0.15


def canonical_item(obj) -> str:
    """``onion``, ``tomato``, ``dish`` or ``soup:<sorted o/t letters>:<cooking tick>``."""
    if obj is None:
        return "-"
    if obj.name == "soup":
        letters = "".join(sorted(name[0] for name in obj.ingredients))
        return f"soup:{letters}:{obj._cooking_tick}"
    return obj.name


def canonical_state(state) -> str:
    """Players (x,y,facing index,held) | objects on the grid sorted by position | timestep."""
    players = ";".join(
        f"{p.position[0]},{p.position[1]},{Direction.DIRECTION_TO_INDEX[p.orientation]},"
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


def _best_recipe(state, mdp):
    """The order worth most (bonus included), as a sorted tuple of ingredient names."""
    return max(
        state.all_orders, key=lambda r: (mdp.get_recipe_value(state, r), r.ingredients)
    ).ingredients


def scripted_action(mdp, state, index: int, rng: random.Random):
    """One step of a chef that cooks the best order: BFS to the next useful tile, then interact."""
    player = state.players[index]
    partner = state.players[1 - index]
    held = player.held_object
    recipe = list(_best_recipe(state, mdp))
    pots = mdp.get_pot_locations()
    soups = {pos: state.get_object(pos) for pos in pots if state.has_object(pos)}
    idle = {pos: s for pos, s in soups.items() if s.is_idle}
    targets: list = []
    if held is not None and held.name == "soup":
        targets = mdp.get_serving_locations()
    elif held is not None and held.name == "dish":
        targets = (
            [p for p, s in soups.items() if s.is_ready]
            or [p for p, s in soups.items() if s.is_cooking]
            or pots
        )
    elif held is not None:
        targets = [p for p, s in idle.items() if not s.is_full] + [
            p for p in pots if p not in soups
        ]
    else:
        startable = [p for p, s in idle.items() if sorted(s.ingredients) == sorted(recipe)]
        cooking = [p for p, s in soups.items() if not s.is_idle]
        partner_dish = partner.held_object is not None and partner.held_object.name == "dish"
        if startable and not mdp.old_dynamics:
            targets = startable
        elif cooking and not partner_dish:
            targets = mdp.get_dish_dispenser_locations()
        else:
            fullest = max(idle.values(), key=lambda s: len(s.ingredients), default=None)
            missing = list(recipe)
            for name in fullest.ingredients if fullest is not None else []:
                if name in missing:
                    missing.remove(name)
            wanted = missing[0] if missing else recipe[0]
            targets = (
                mdp.get_onion_dispenser_locations()
                if wanted == "onion"
                else mdp.get_tomato_dispenser_locations()
            )
    floor = set(mdp.get_valid_player_positions()) - {partner.position}
    goals = {}
    for tile in targets:
        for d in Direction.ALL_DIRECTIONS:
            cell = (tile[0] - d[0], tile[1] - d[1])
            if cell in floor or cell == player.position:
                goals.setdefault(cell, d)
    if player.position in goals:
        facing = goals[player.position]
        return "interact" if player.orientation == facing else facing
    frontier, seen = [player.position], {player.position: None}
    while frontier:
        nxt = []
        for cell in frontier:
            for d in Direction.ALL_DIRECTIONS:
                step = (cell[0] + d[0], cell[1] + d[1])
                if step in floor and step not in seen:
                    seen[step] = (cell, d)
                    if step in goals:
                        while seen[step][0] != player.position:
                            step = seen[step][0]
                        return seen[step][1]
                    nxt.append(step)
        frontier = nxt
    return Action.INDEX_TO_ACTION[rng.randrange(Action.NUM_ACTIONS)]


def run_episode(env, mlam, policy: str, rng: random.Random) -> dict:
    env.reset()
    greedy = []
    if policy == "greedy":
        for index in range(2):
            agent = GreedyHumanModel(mlam)
            agent.set_agent_index(index)
            agent.set_mdp(env.mdp)
            greedy.append(agent)
    actions, states, rewards, events, lossless, featurized = [], [], {}, {}, {}, {}
    step = 0
    done = False
    while not done:
        state = env.state
        if step % ENCODING_EVERY == 0:
            lossless[step] = digest(env.lossless_state_encoding_mdp(state))
            featurized[step] = digest(env.featurize_state_mdp(state))
        joint = []
        for index in range(2):
            if policy == "random" or rng.random() < EPSILON:
                joint.append(rng.randrange(Action.NUM_ACTIONS))
            elif policy == "scripted":
                action = scripted_action(env.mdp, state, index, rng)
                joint.append(Action.ACTION_TO_INDEX[action])
            else:
                action, _ = greedy[index].action(state)
                joint.append(Action.ACTION_TO_INDEX[action])
        _, _, done, _ = env.step(tuple(Action.INDEX_TO_ACTION[a] for a in joint))
        info = env.last_mdp_infos
        actions.append(f"{joint[0]}{joint[1]}")
        states.append(canonical_state(env.state))
        sparse = info["sparse_reward_by_agent"]
        shaped = info["shaped_reward_by_agent"]
        if any(sparse) or any(shaped):
            rewards[step] = [*sparse, *shaped]
        fired = [
            f"{name}:{player}"
            for name in EVENT_TYPES
            for player, flag in enumerate(info["event_infos"][name])
            if flag
        ]
        if fired:
            events[step] = fired
        step += 1
    return {
        "policy": policy,
        "actions": "".join(actions),
        "states": states,
        "rewards": rewards,
        "events": events,
        "lossless": lossless,
        "featurized": featurized,
    }


def record(layout: str, old_dynamics: bool, out: Path, seed: int) -> None:
    mdp = OvercookedGridworld.from_layout_name(layout, old_dynamics=old_dynamics)
    env = OvercookedEnv.from_mdp(mdp, horizon=HORIZON, info_level=0)
    mlam = MediumLevelActionManager.from_pickle_or_compute(
        mdp, NO_COUNTERS_PARAMS, force_compute=True
    )
    env._mlam = mlam  # the env would otherwise load or build its own
    transition = mdp.get_state_transition

    def recording_transition(*args, **kwargs):
        # OvercookedEnv.step keeps the per-step event flags to itself; keep a copy of them
        new_state, infos = transition(*args, **kwargs)
        env.last_mdp_infos = infos
        return new_state, infos

    mdp.get_state_transition = recording_transition
    rng = random.Random(seed)
    np.random.seed(seed)  # GreedyHumanModel's unstuck move draws from the global generator
    dynamics = "old" if old_dynamics else "new"
    path = out / f"{layout}-{dynamics}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        header = {
            "layout": layout,
            "dynamics": dynamics,
            "horizon": HORIZON,
            "encoding_every": ENCODING_EVERY,
            "start": canonical_state(env.state),
            "source": "HumanCompatibleAI/overcooked_ai",
        }
        handle.write(json.dumps(header) + "\n")
        delivered = 0
        for policy, episodes in POLICIES:
            if policy == "greedy" and layout == "counter_circuit":
                continue  # GreedyHumanModel only plays 3-onion orders
            for _ in range(episodes):
                episode = run_episode(env, mlam, policy, rng)
                delivered += sum(
                    e.startswith("soup_delivery")
                    for fired in episode["events"].values()
                    for e in fired
                )
                handle.write(json.dumps(episode, separators=(",", ":")) + "\n")
    print(f"{path.name}: {delivered} soups delivered", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        for old in (False, True):
            if old and layout == "counter_circuit":
                continue  # overcooked_ai refuses old dynamics with orders of fewer than 3 items
            record(layout, old, args.out, args.seed)


if __name__ == "__main__":
    main()
