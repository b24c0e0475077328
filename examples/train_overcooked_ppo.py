"""PPO (Stable-Baselines3, CPU) for one chef of Overcooked's cramped_room beside a scripted partner.

The learner sees overcooked_ai's lossless view (flattened, scaled into [0, 1]) and picks one of
the six primitive actions; the partner is Parlour's greedy scripted chef. Training uses the
shaping reward (3 per potting, 3 per useful dish, 5 per soup taken) on top of the team's 20 per
soup; evaluation counts soups only. Prints soups per episode before and after a short run, on
the same evaluation seeds.

    pip install -e ".[rl]"   # stable-baselines3 and torch (CPU)
    python examples/train_overcooked_ppo.py [--timesteps 30000] [--episodes 5]
"""

from __future__ import annotations

import argparse

import gymnasium
import numpy as np
from stable_baselines3 import PPO

from parlour.wrappers import SingleAgentEnv

HORIZON = 400


class NumericOnly(gymnasium.ObservationWrapper):
    """Keep the numeric view (the primitive menu never masks an action out)."""

    def __init__(self, env: gymnasium.Env) -> None:
        super().__init__(env)
        self.observation_space = env.observation_space["observation"]

    def observation(self, observation: dict) -> np.ndarray:
        return observation["observation"]


def make_env(horizon: int, shaping: float) -> gymnasium.Env:
    env = SingleAgentEnv(
        "overcooked_v0",
        seat="player_0",
        opponents="scripted",
        layout="cramped_room",
        views=("lossless",),
        horizon=horizon,
        shaping=shaping,
    )
    return NumericOnly(env)


def soups_per_episode(model: PPO | None, episodes: int, horizon: int) -> float:
    """Mean soups delivered by the pair, the learner acting greedily (or at random: None)."""
    env = make_env(horizon, shaping=0.0)
    rng = np.random.default_rng(0)
    soups = 0
    for episode in range(episodes):
        observation, _ = env.reset(seed=10_000 + episode)
        done = False
        while not done:
            if model is None:
                action = int(rng.integers(env.action_space.n))
            else:
                action = int(model.predict(observation, deterministic=True)[0])
            observation, _, terminated, truncated, _ = env.step(action)
            done = terminated or truncated
        soups += env.unwrapped.aec_env.unwrapped.metrics()["soups_delivered"]
    return soups / episodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=30_000)
    parser.add_argument("--episodes", type=int, default=5, help="evaluation episodes")
    parser.add_argument("--horizon", type=int, default=HORIZON)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    before_random = soups_per_episode(None, args.episodes, args.horizon)
    model = PPO(
        "MlpPolicy",
        make_env(args.horizon, shaping=1.0),
        n_steps=512,
        batch_size=128,
        learning_rate=3e-4,
        gamma=0.99,
        ent_coef=0.01,
        seed=args.seed,
        device="cpu",
        verbose=0,
    )
    before = soups_per_episode(model, args.episodes, args.horizon)
    model.learn(total_timesteps=args.timesteps)
    after = soups_per_episode(model, args.episodes, args.horizon)
    print(
        f"soups per {args.horizon}-step episode with the scripted partner, {args.episodes} "
        f"evaluation episodes:"
    )
    print(f"  random learner           {before_random:.2f}")
    print(f"  PPO before training      {before:.2f}")
    print(f"  PPO after {args.timesteps:>7,} steps {after:.2f}")


if __name__ == "__main__":
    main()
