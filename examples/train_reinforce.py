"""REINFORCE (numpy only) on one seat of a second-price auction against truthful scripted bidders.

The learner sees the auction's numeric view and picks from the discrete menu (bids at fractions
of its value, or withdraw); a linear softmax policy with a running-mean baseline learns which bid
level pays. Prints the learning curve, the greedy policy's profit before and after training and
that of truthful bidding (the dominant strategy of a second-price auction) on the same evaluation
seeds, and the bid levels the trained greedy policy chose there.

    python examples/train_reinforce.py [--episodes 1500] [--plot curve.png]
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from parlour.envs.auction.rl import VALUE_FRACTIONS
from parlour.wrappers import SingleAgentEnv

GAME = {"format": "second_price", "value_model": "private", "num_bidders": 3, "num_items": 4}
#: The menu of a second-price bid turn: ``VALUE_FRACTIONS`` of your value, then withdraw.
LEVELS = (*(f"{f:g}x value" for f in VALUE_FRACTIONS), "withdraw")
TRUTHFUL = VALUE_FRACTIONS.index(1.0)


class LinearSoftmaxPolicy:
    """logits = W x + b over the discrete menu; illegal actions masked out."""

    def __init__(self, features: int, actions: int, seed: int) -> None:
        self.weights = np.zeros((actions, features))
        self.bias = np.zeros(actions)
        self.rng = np.random.default_rng(seed)

    def probabilities(self, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        logits = self.weights @ x + self.bias
        logits = np.where(mask > 0, logits, -np.inf)
        logits -= logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def sample(self, x: np.ndarray, mask: np.ndarray) -> int:
        return int(self.rng.choice(len(mask), p=self.probabilities(x, mask)))

    def greedy(self, x: np.ndarray, mask: np.ndarray) -> int:
        return int(np.argmax(self.probabilities(x, mask)))

    def update(
        self, trajectory: list[tuple[np.ndarray, np.ndarray, int]], advantage: float, lr: float
    ) -> None:
        for x, mask, action in trajectory:
            grad = -self.probabilities(x, mask)
            grad[action] += 1.0  # d log pi(a|x) / d logits
            self.weights += lr * advantage * np.outer(grad, x)
            self.bias += lr * advantage * grad


def play(
    env: SingleAgentEnv,
    policy: LinearSoftmaxPolicy,
    seed: int,
    greedy: bool,
) -> tuple[float, list[tuple[np.ndarray, np.ndarray, int]]]:
    """One game; returns the learner's total reward and its (x, mask, action) steps."""
    observation, _ = env.reset(seed=seed)
    total, trajectory, done = 0.0, [], False
    while not done:
        x, mask = observation["observation"].astype(np.float64), observation["action_mask"]
        action = policy.greedy(x, mask) if greedy else policy.sample(x, mask)
        trajectory.append((x, mask, action))
        observation, reward, terminated, truncated, _ = env.step(action)
        total += reward
        done = terminated or truncated
    return total, trajectory


def evaluate(
    env: SingleAgentEnv, policy: LinearSoftmaxPolicy, games: int
) -> tuple[float, Counter[int]]:
    """Mean profit of the greedy policy over fixed evaluation seeds (disjoint from training),
    and how often it chose each menu index."""
    profits, chosen = [], Counter()
    for s in range(games):
        profit, trajectory = play(env, policy, 10**6 + s, greedy=True)
        profits.append(profit)
        chosen.update(action for _, _, action in trajectory)
    return float(np.mean(profits)), chosen


class Truthful(LinearSoftmaxPolicy):
    """Bids its value (the menu's 1.0x level) whenever it may."""

    def greedy(self, x: np.ndarray, mask: np.ndarray) -> int:
        return TRUTHFUL if mask[TRUTHFUL] else int(np.flatnonzero(mask)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=1500)
    parser.add_argument("--eval-games", type=int, default=200)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", help="write the learning curve to this PNG")
    args = parser.parse_args()

    env = SingleAgentEnv("auction_v0", opponents="scripted", **GAME)
    features = env.observation_space["observation"].shape[0]
    policy = LinearSoftmaxPolicy(features, int(env.action_space.n), args.seed)
    scale = env.aec_env.unwrapped.config.value_max
    # the untrained policy is uniform; its greedy form picks the first legal action
    before_uniform = float(
        np.mean([play(env, policy, 10**6 + s, greedy=False)[0] for s in range(args.eval_games)])
    )
    before, _ = evaluate(env, policy, args.eval_games)
    truthful, _ = evaluate(env, Truthful(features, int(env.action_space.n), 0), args.eval_games)
    baseline, curve, block = 0.0, [], []
    for episode in range(args.episodes):
        total, trajectory = play(env, policy, args.seed * 10**5 + episode, greedy=False)
        profit = total / scale
        policy.update(trajectory, profit - baseline, args.lr)
        baseline += 0.05 * (profit - baseline)
        block.append(total)
        if len(block) == max(1, args.episodes // 10):
            curve.append(float(np.mean(block)))
            print(f"episodes {episode + 1:5d}: mean profit {curve[-1]:9.1f}")
            block = []
    after, chosen = evaluate(env, policy, args.eval_games)
    print(f"untrained policy (uniform): {before_uniform:.1f} profit per game")
    print(f"untrained policy (greedy):  {before:.1f} profit per game")
    print(f"trained policy (greedy):    {after:.1f} profit per game")
    print(f"truthful bidding:           {truthful:.1f} profit per game")
    total = sum(chosen.values())
    shares = ", ".join(f"{LEVELS[i]} {n / total:.0%}" for i, n in sorted(chosen.items()))
    print(f"trained greedy bids: {shares}")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figure, axes = plt.subplots(figsize=(6, 3.5))
        axes.plot(np.arange(1, len(curve) + 1) * max(1, args.episodes // 10), curve, marker="o")
        axes.axhline(before_uniform, color="grey", linestyle="--", label="untrained (uniform)")
        axes.set_xlabel("episodes")
        axes.set_ylabel("mean profit per game")
        axes.set_title("REINFORCE, second-price auction vs truthful bidders")
        axes.legend()
        figure.tight_layout()
        figure.savefig(args.plot, dpi=100)
        print(f"wrote {args.plot}")


if __name__ == "__main__":
    main()
