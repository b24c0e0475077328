"""RLlib multi-agent PPO on a Parlour Parallel env, with action masking, on one machine or on a
cluster.

Three bidders learn to bid in sealed first-price auctions (private values, four items a game):
bidding your value earns nothing, so profit comes from shading the bid, and the best shade depends
on what the others do. RLlib's new API stack runs it as documented: ``tune.register_env`` with
Parlour's env creator, RLlib's ``ActionMaskingTorchRLModule`` (``masking_module_spec``), one policy
shared by every seat or one per seat (``--policies``), and ``--env-runners`` sampling workers.
Prints, per iteration, the sampled games' mean profit per seat and the time the iteration took;
at the end, the trained policies' greedy profit beside the uniform random legal policy's on the
same evaluation games, and the bids (as fractions of value) the greedy policies make.

    pip install "parlour[rllib]"  # or: pip install parlour "ray[rllib]" torch==2.13.0
    python examples/train_rllib.py [--iterations 10] [--env-runners 2] [--policies per-seat]

With no ``--address`` a Ray starts here, listening on 127.0.0.1 only, and stops at the end. On a
cluster (``ray start --head`` on one node, ``ray start --address=HEAD:6379`` on the others, Parlour
installed on each), run the same script on a node with ``--address auto`` (see docs/rl.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from typing import Any

import numpy as np

from parlour.arena.ray_backend import ray_session  # (imports no Ray: Ray comes in main)
from parlour.envs.auction.rl import VALUE_FRACTIONS
from parlour.wrappers.rllib import RLLIB_INSTALL, masking_module_spec, rllib_env

ENV_NAME = "parlour_auction"
GAME = {
    "env_id": "auction_v0",
    "format": "first_price",
    "value_model": "private",
    "num_bidders": 3,
    "num_items": 4,
    "value_max": 10,
}
SEATS = [f"player_{i}" for i in range(GAME["num_bidders"])]
#: What each index of a bidder's menu offers: a bid of that fraction of its value, or to
#: withdraw (a value under a few cents merges repeated levels, shifting the later ones).
BIDS = (*(f"{f:.1f}x" for f in VALUE_FRACTIONS), "withdraw")


def profit_per_seat(games: int, choose: Any) -> float:
    """Mean profit per seat per game over ``games`` seeded games, ``choose(seat, observation)``
    picking each seat's action index."""
    env = rllib_env(GAME)
    total = 0.0
    for game in range(games):
        observations, _ = env.reset(seed=10**6 + game)
        done = False
        while not done:
            actions = {seat: choose(seat, entry) for seat, entry in observations.items()}
            observations, rewards, terminated, truncated, _ = env.step(actions)
            total += sum(rewards.values())
            done = terminated["__all__"] or truncated["__all__"]
    return total / games / len(SEATS)


def greedy_chooser(algo: Any, policy_of: Any, counts: dict[str, int]) -> Any:
    """Each seat's most likely masked action under its trained module (counted in ``counts``)."""
    import torch

    def choose(seat: str, entry: dict[str, np.ndarray]) -> int:
        module = algo.get_module(policy_of(seat))
        batch = {"obs": {key: torch.as_tensor(value[None]) for key, value in entry.items()}}
        with torch.no_grad():
            logits = module.forward_inference(batch)["action_dist_inputs"][0]
        index = int(torch.argmax(logits))
        counts[BIDS[index]] = counts.get(BIDS[index], 0) + 1
        return index

    return choose


def build_config(args: argparse.Namespace, policies: list[str], policy_of: Any) -> Any:
    """PPO on the auction: masking modules, the policy mapping, ``args.env_runners`` runners."""
    from ray.rllib.algorithms.ppo import PPOConfig

    batch, minibatch, epochs = (240, 60, 2) if args.quick else (2000, 250, 8)
    return (
        PPOConfig()
        .environment(ENV_NAME, env_config=GAME)
        .env_runners(
            num_env_runners=args.env_runners,
            num_envs_per_env_runner=8,  # (one forward pass for 8 games: 6x the steps per second)
            rollout_fragment_length="auto",
            sample_timeout_s=600,
        )
        .multi_agent(
            policies=set(policies), policy_mapping_fn=lambda seat, *_, **__: policy_of(seat)
        )
        .rl_module(
            rl_module_spec=masking_module_spec(
                {"fcnet_hiddens": [64, 64], "vf_share_layers": False}, module_ids=policies
            )
        )
        .training(train_batch_size_per_learner=batch, minibatch_size=minibatch, num_epochs=epochs)
        .training(lr=1e-3, gamma=1.0, entropy_coeff=0.01)
        .debugging(seed=args.seed)
    )


def train(algo: Any, iterations: int) -> None:
    """``iterations`` of PPO, printing the sampled games' profit per seat and the time taken."""
    for iteration in range(1, iterations + 1):
        start = time.perf_counter()
        runners = algo.train()["env_runners"]
        seconds = time.perf_counter() - start
        seats = runners["agent_episode_returns_mean"]
        print(
            f"iteration {iteration:3d}: profit per seat per game "
            f"{runners['episode_return_mean'] / len(SEATS):6.2f} "
            f"({' '.join(f'{seat}={seats[seat]:.2f}' for seat in SEATS)}; "
            f"{runners['num_episodes']} games) {seconds:6.1f} s",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--env-runners", type=int, default=2, help="RLlib's num_env_runners")
    parser.add_argument("--policies", choices=("shared", "per-seat"), default="shared")
    parser.add_argument("--address", help="a Ray cluster to join ('auto': this node's)")
    parser.add_argument("--quick", action="store_true", help="tiny batches (a smoke test)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.iterations < 1 or args.env_runners < 0:
        parser.error("--iterations must be at least 1 and --env-runners at least 0")
    if not all(importlib.util.find_spec(name) for name in ("ray", "torch")):
        parser.error(f"needs Ray's RLlib and torch: {RLLIB_INSTALL}")
    policies = SEATS if args.policies == "per-seat" else ["shared"]
    policy_of = (lambda seat: seat) if args.policies == "per-seat" else (lambda seat: "shared")
    games = 20 if args.quick else 200
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    # No --address: a Ray of --env-runners CPUs here, on loopback only, stopped at the end.
    with ray_session(args.address, num_cpus=None if args.address else max(1, args.env_runners)):
        import ray
        from ray.tune import register_env

        register_env(ENV_NAME, rllib_env)
        algo = build_config(args, policies, policy_of).build_algo()
        print(
            f"Ray {ray.__version__}, {args.env_runners} env runners, policies {args.policies}: "
            f"ready in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        train(algo, args.iterations)
        counts: dict[str, int] = {}
        greedy = profit_per_seat(games, greedy_chooser(algo, policy_of, counts))
        algo.stop()
    uniform = profit_per_seat(
        games, lambda seat, entry: int(rng.choice(np.flatnonzero(entry["action_mask"])))
    )
    print(f"profit per seat per game, {games} evaluation games:")
    print(f"  random legal policy: {uniform:6.2f}")
    print(f"  trained, greedy:     {greedy:6.2f}")
    shares = ", ".join(f"{f}: {n / sum(counts.values()):.0%}" for f, n in sorted(counts.items()))
    print(f"  greedy bids (x your value): {shares}")


if __name__ == "__main__":
    main()
