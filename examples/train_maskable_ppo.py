"""sb3-contrib's MaskablePPO on a Parlour single-agent env, exactly as its docs show it: no wrapper.

``gymnasium.make("parlour/Auction-single-v0")`` is one seat of a second-price auction against
truthful scripted bidders. Its observation is ``{"observation": Box, "action_mask": Box}`` (a
``MultiInputPolicy`` reads both) and it offers ``action_masks()``, which MaskablePPO finds by
itself, through SB3's vector env too. Prints the greedy policy's profit per game before and after
training, on the same evaluation seeds, beside the uniform random legal policy.

    pip install -e ".[rl]"   # stable-baselines3, sb3-contrib and torch (CPU)
    python examples/train_maskable_ppo.py [--timesteps 20000] [--games 100]
"""

from __future__ import annotations

import argparse

import gymnasium
import numpy as np
import torch
from sb3_contrib import MaskablePPO

import parlour  # noqa: F401  (registers the parlour/... ids with Gymnasium)

ENV_ID = "parlour/Auction-single-v0"
GAME = {"format": "second_price", "value_model": "private", "num_bidders": 3, "num_items": 4}


def profit_per_game(model: MaskablePPO | None, games: int) -> float:
    """Mean reward per game of the greedy policy (or of uniform random legal actions: None)."""
    env = gymnasium.make(ENV_ID, **GAME)
    rng = np.random.default_rng(0)
    total = 0.0
    for game in range(games):
        observation, _ = env.reset(seed=10**6 + game)
        done = False
        while not done:
            masks = env.unwrapped.action_masks()
            if model is None:
                action = int(rng.choice(np.flatnonzero(masks)))
            else:
                action = int(model.predict(observation, action_masks=masks, deterministic=True)[0])
            observation, reward, terminated, truncated, _ = env.step(action)
            total += float(reward)
            done = terminated or truncated
    return total / games


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=20_000)
    parser.add_argument("--games", type=int, default=100, help="evaluation games")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)  # small networks: one thread is fastest on a shared CPU
    model = MaskablePPO(
        "MultiInputPolicy",
        gymnasium.make(ENV_ID, **GAME),
        n_steps=256,
        batch_size=64,
        seed=args.seed,
        device="cpu",
        verbose=0,
    )
    uniform = profit_per_game(None, args.games)
    before = profit_per_game(model, args.games)
    model.learn(total_timesteps=args.timesteps)
    after = profit_per_game(model, args.games)
    print(f"profit per game, {args.games} evaluation games:")
    print(f"  random legal policy:       {uniform:9.1f}")
    print(f"  MaskablePPO, untrained:    {before:9.1f}")
    print(f"  MaskablePPO, {args.timesteps:>7,} steps: {after:9.1f}")


if __name__ == "__main__":
    main()
