"""Tianshou's DQN on a Parlour AEC env through Tianshou's own ``PettingZooEnv``, unmodified: the
shape of Tianshou's multi-agent tic-tac-toe recipe (``test/pettingzoo/tic_tac_toe.py``).

``PettingZooEnv`` reads ``observation["observation"]`` and ``observation["action_mask"]``, which
is what Parlour's AEC face returns, and Tianshou's replay buffer stacks Parlour's infos (the same
keys every step). One seat learns with DQN (its Q-values masked to the legal bids) against random
masked agents, as the recipe's learner plays tic-tac-toe against a random one. The game is a
second-price sealed-bid auction of private values, where bidding one's value is a dominant
strategy (Vickrey 1961); the learner bids last, so each sale, settled when the last bid is in,
is paid on its own turn, and its 3-step returns (the recipe's) run from one of its bids to its
next (Tianshou sums the learner's rewards over the next 3 turns of the game). Prints the
learner seat's profit per game with random masked bids and with DQN before and after training,
on the same deals, and, as a yardstick, bidding its value.

    pip install -e ".[rl]" "tianshou>=2"   # Tianshou 2 (Python 3.11+)
    python examples/train_tianshou_dqn.py [--epoch 5] [--epoch-num-steps 2000] [--quick]
"""

from __future__ import annotations

import argparse
import logging

import numpy as np
import torch
from tianshou.algorithm import (
    DQN,
    MARLRandomDiscreteMaskedOffPolicyAlgorithm,
    MultiAgentOffPolicyAlgorithm,
)
from tianshou.algorithm.modelfree.dqn import DiscreteQLearningPolicy
from tianshou.algorithm.optim import AdamOptimizerFactory
from tianshou.data import Collector, CollectStats, VectorReplayBuffer
from tianshou.env import DummyVectorEnv
from tianshou.env.pettingzoo_env import PettingZooEnv
from tianshou.trainer import OffPolicyTrainerParams
from tianshou.utils.net.common import Net

import parlour
from parlour.wrappers import DiscreteActions, NumericObservations

GAME = {
    "format": "second_price",
    "value_model": "private",
    "value_max": 100.0,
    "num_bidders": 3,
    "num_items": 4,
}
#: The menu index of a bid of one's value: sealed bids are offered at 0.5, 0.7, 0.8, 0.9, 1.0 and
#: 1.1 x the bidder's value, then [withdraw] (docs/games/auction.md).
BID_VALUE = 4


def get_env() -> PettingZooEnv:
    env = parlour.make("auction_v0", **GAME)
    return PettingZooEnv(DiscreteActions(NumericObservations(env, keep_text=False)))


def get_agents(args: argparse.Namespace) -> tuple[MultiAgentOffPolicyAlgorithm, list[str]]:
    """A DQN learner in seat ``args.agent_id`` and random masked agents in the others."""
    env = get_env()
    observation_space = env.observation_space["observation"]
    net = Net(
        state_shape=observation_space.shape,
        action_shape=int(env.action_space.n),
        hidden_sizes=args.hidden_sizes,
    )
    policy = DiscreteQLearningPolicy(
        model=net, action_space=env.action_space, eps_training=0.1, eps_inference=0.0
    )
    learner = DQN(
        policy=policy,
        optim=AdamOptimizerFactory(lr=args.lr),
        n_step_return_horizon=args.n_step,
        gamma=args.gamma,
        target_update_freq=args.target_update_freq,
    )
    agents = [MARLRandomDiscreteMaskedOffPolicyAlgorithm(env.action_space) for _ in env.agents]
    agents[args.agent_id] = learner
    return MultiAgentOffPolicyAlgorithm(algorithms=agents, env=env), env.agents


def mean_profit(algorithm: MultiAgentOffPolicyAlgorithm, episodes: int, seat: int) -> float:
    """The learner seat's mean return over ``episodes`` test games (greedy, seeded)."""
    test_envs = DummyVectorEnv([get_env for _ in range(4)])
    test_envs.seed(10**6)
    collector = Collector[CollectStats](algorithm, test_envs)
    stats = collector.collect(n_episode=episodes, reset_before_collect=True)
    return float(np.mean(stats.returns[:, seat]))


def value_bidding_profit(episodes: int, seat: int) -> float:
    """The yardstick: the seat's mean profit bidding its value (the dominant strategy) against
    the same random masked bidders, on the AEC face directly."""
    env = DiscreteActions(NumericObservations(parlour.make("auction_v0", **GAME), keep_text=False))
    learner, rng, total = env.possible_agents[seat], np.random.default_rng(0), 0.0
    for episode in range(episodes):
        env.reset(seed=10**6 + episode)
        for agent in env.agent_iter():
            observation, reward, termination, truncation, _ = env.last()
            total += reward if agent == learner else 0.0
            if termination or truncation:
                env.step(None)
            elif agent == learner:
                env.step(BID_VALUE)
            else:
                env.step(int(rng.choice(np.flatnonzero(observation["action_mask"]))))
    return total / episodes


def train_agent(args: argparse.Namespace) -> tuple[float, float, float, float]:
    training_envs = DummyVectorEnv([get_env for _ in range(args.num_training_envs)])
    training_envs.seed(args.seed)
    np.random.seed(args.seed)  # (as the recipe: Tianshou's random agents draw from NumPy's)
    torch.manual_seed(args.seed)
    algorithm, _ = get_agents(args)
    env = get_env()
    every_seat_random = MultiAgentOffPolicyAlgorithm(
        algorithms=[MARLRandomDiscreteMaskedOffPolicyAlgorithm(env.action_space)] * len(env.agents),
        env=env,
    )
    uniform = mean_profit(every_seat_random, args.test_episodes, args.agent_id)
    before = mean_profit(algorithm, args.test_episodes, args.agent_id)
    training_collector = Collector[CollectStats](
        algorithm,
        training_envs,
        VectorReplayBuffer(args.buffer_size, len(training_envs)),
        exploration_noise=True,
    )
    training_collector.reset()
    training_collector.collect(n_step=args.batch_size * args.num_training_envs)
    test_collector = Collector[CollectStats](algorithm, DummyVectorEnv([get_env]))
    result = algorithm.run_training(
        OffPolicyTrainerParams(
            training_collector=training_collector,
            test_collector=test_collector,
            max_epochs=args.epoch,
            epoch_num_steps=args.epoch_num_steps,
            collection_step_num_env_steps=args.collection_step_num_env_steps,
            test_step_num_episodes=1,
            batch_size=args.batch_size,
            update_step_num_gradient_steps_per_sample=args.update_per_step,
            test_in_training=False,
            multi_agent_return_reduction=lambda returns: returns[:, args.agent_id],
            verbose=False,
            show_progress=False,
        )
    )
    after = mean_profit(algorithm, args.test_episodes, args.agent_id)
    return uniform, before, after, float(result.timing.total_time)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--agent-id", type=int, default=2, help="the learner's seat (0-based)")
    parser.add_argument("--epoch", type=int, default=5)
    parser.add_argument("--epoch-num-steps", type=int, default=2000)
    parser.add_argument("--collection-step-num-env-steps", type=int, default=8)
    parser.add_argument("--update-per-step", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--buffer-size", type=int, default=20_000)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--gamma", type=float, default=0.9)
    parser.add_argument(
        "--n-step", type=int, default=3, help="n-step returns: 3 turns lead to the next own turn"
    )
    parser.add_argument("--target-update-freq", type=int, default=320)
    parser.add_argument("--hidden-sizes", type=int, nargs="*", default=[64, 64])
    parser.add_argument("--num-training-envs", type=int, default=4)
    parser.add_argument("--test-episodes", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="a short run (1 epoch of 100 steps)")
    args = parser.parse_args()
    if args.quick:
        args.epoch, args.epoch_num_steps, args.test_episodes = 1, 100, 4
    torch.set_num_threads(1)  # small networks: one thread is fastest on a shared CPU
    # (Tianshou's statistics warn that a multi-agent return is a vector; it is, one per seat)
    logging.getLogger("tianshou.data.stats").setLevel(logging.ERROR)
    uniform, before, after, seconds = train_agent(args)
    steps = args.epoch * args.epoch_num_steps
    games = args.test_episodes
    print(f"profit per game of player_{args.agent_id} against random bidders, {games} games:")
    print(f"  random masked policy:   {uniform:7.2f}")
    print(f"  DQN before training:    {before:7.2f}")
    print(f"  DQN after {steps:>6,} steps: {after:7.2f}  ({seconds:.0f} s of training)")
    print(f"  bidding its value:      {value_bidding_profit(games, args.agent_id):7.2f}")


if __name__ == "__main__":
    main()
