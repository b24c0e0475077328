"""RLlib multi-agent PPO on a Parlour Parallel env, with action masking, on one machine or a cluster.

Three bidders learn to bid in sealed first-price auctions (private values, four items a game):
bidding your value earns nothing, so profit comes from shading the bid, and the best shade depends
on what the others do. RLlib's new API stack runs it as documented: ``tune.register_env`` with
Parlour's env creator, RLlib's ``ActionMaskingTorchRLModule`` (``masking_module_spec``), one policy
shared by every seat or one per seat (``--policies``), and ``--env-runners`` sampling workers.
Prints, per iteration, the mean profit per seat per game and the time the iteration took, beside
the uniform random legal policy's.

    pip install "parlour[rllib]"  # or: pip install parlour "ray[rllib]" torch==2.13.0
    python examples/train_rllib.py [--iterations 10] [--env-runners 2] [--policies per-seat]

With no ``--address`` a Ray starts here, listening on 127.0.0.1 only, and stops at the end. On a
cluster (``ray start --head`` on one node, ``ray start --address=HEAD:6379`` on the others, Parlour
installed on each), run the same script on a node with ``--address auto`` (see docs/rl.md).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from parlour.arena.ray_backend import ray_session  # (imports no Ray: Ray comes in main)
from parlour.wrappers.rllib import masking_module_spec, rllib_env

ENV_NAME = "parlour_auction"
GAME = {
    "env_id": "auction_v0",
    "format": "first_price",
    "value_model": "private",
    "num_bidders": 3,
    "num_items": 4,
    "value_max": 100,
}
SEATS = [f"player_{i}" for i in range(GAME["num_bidders"])]


def random_profit(games: int, seed: int) -> float:
    """Mean profit per seat per game when every seat picks uniformly among its legal actions."""
    env = rllib_env(GAME)
    rng = np.random.default_rng(seed)
    total = 0.0
    for game in range(games):
        observations, _ = env.reset(seed=10**6 + game)
        done = False
        while not done:
            actions = {
                seat: int(rng.choice(np.flatnonzero(entry["action_mask"])))
                for seat, entry in observations.items()
            }
            observations, rewards, terminated, truncated, _ = env.step(actions)
            total += sum(rewards.values())
            done = terminated["__all__"] or truncated["__all__"]
    return total / games / len(SEATS)


def build_config(args: argparse.Namespace) -> Any:
    """PPO on the auction: masking modules, the policy mapping, ``args.env_runners`` runners."""
    from ray.rllib.algorithms.ppo import PPOConfig

    policies = SEATS if args.policies == "per-seat" else ["shared"]
    batch, minibatch, epochs = (240, 60, 2) if args.quick else (4000, 500, 10)
    return (
        PPOConfig()
        .environment(ENV_NAME, env_config=GAME)
        .env_runners(num_env_runners=args.env_runners, rollout_fragment_length="auto")
        .multi_agent(
            policies=set(policies),
            policy_mapping_fn=(lambda agent_id, *_, **__: agent_id)
            if args.policies == "per-seat"
            else (lambda *_, **__: "shared"),
        )
        .rl_module(
            rl_module_spec=masking_module_spec({"fcnet_hiddens": [64, 64]}, module_ids=policies)
        )
        .training(train_batch_size_per_learner=batch, minibatch_size=minibatch, num_epochs=epochs)
        .training(lr=3e-4, gamma=1.0, vf_clip_param=100.0, entropy_coeff=0.01)
        .debugging(seed=args.seed)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--env-runners", type=int, default=2, help="RLlib's num_env_runners")
    parser.add_argument("--policies", choices=("shared", "per-seat"), default="shared")
    parser.add_argument("--address", help="a Ray cluster to join ('auto': this node's); none: a Ray here")
    parser.add_argument("--quick", action="store_true", help="tiny batches (a smoke test)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    with ray_session(args.address, num_cpus=None if args.address else args.env_runners) as ray:
        from ray.tune import register_env

        print(f"random legal policy: profit per seat per game {random_profit(200, args.seed):8.2f}")
        register_env(ENV_NAME, rllib_env)
        algo = build_config(args).build_algo()
        print(
            f"Ray {ray.__version__}, {args.env_runners} env runners, policies {args.policies}: "
            f"ready in {time.perf_counter() - start:.1f} s"
        )
        for iteration in range(1, args.iterations + 1):
            start = time.perf_counter()
            runners = algo.train()["env_runners"]
            seconds = time.perf_counter() - start
            seats = runners["agent_episode_returns_mean"]
            print(
                f"iteration {iteration:3d}: profit per seat per game "
                f"{runners['episode_return_mean'] / len(SEATS):8.2f} "
                f"({' '.join(f'{seat}={seats[seat]:.2f}' for seat in SEATS)}; "
                f"{runners['num_episodes']} games) {seconds:6.1f} s"
            )
        algo.stop()


if __name__ == "__main__":
    main()
