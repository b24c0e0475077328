"""Self-play on a PettingZoo AEC env with sb3-contrib's MaskablePPO, in the shape of PettingZoo's
tutorial "SB3: Action Masked PPO for Connect Four".

That tutorial wraps the AEC env in a hand-written ``SB3ActionMaskWrapper`` (each step is the turn
of whichever seat acts, so one policy plays every seat), adds sb3-contrib's ``ActionMasker``,
trains ``MaskablePPO`` against itself, then plays the trained policy as ``possible_agents[1]``
against random agents. Parlour's ``SelfPlayEnv`` is that wrapper, ready-made, with
``action_masks()``, so ``MaskablePPO`` takes it as it is. The tutorial's credit comes with it: a
step's reward is what the mover's own turn earned it. In the Donor Game a donor's turn costs it
what it gives and pays the recipient, not the donor, so self-play here learns to keep its
resources, and that policy then earns more than the random seats it meets. (The Parallel path,
``examples/train_cleanrl_ppo.py`` and ``docs/rl.md``, gives each seat a trajectory of its own.)

    pip install -e ".[rl]"   # stable-baselines3, sb3-contrib and torch (CPU)
    python examples/train_sb3_aec_selfplay.py [--steps 8192] [--games 200] [--quick]
"""

from __future__ import annotations

import argparse
from collections import Counter

import torch
from sb3_contrib import MaskablePPO

import parlour
from parlour.wrappers import DiscreteActions, NumericObservations, SelfPlayEnv

ENV_ID = "donor_game_v0"
GAME = {"num_agents": 4}


def train_action_mask(steps: int, seed: int) -> MaskablePPO:
    """One policy for every seat, trained against itself (the tutorial's ``train_action_mask``)."""
    env = SelfPlayEnv(ENV_ID, **GAME)
    model = MaskablePPO(
        "MultiInputPolicy", env, n_steps=256, batch_size=64, seed=seed, device="cpu"
    )
    if steps:
        print(f"Training on {ENV_ID}: one policy for its {len(env.aec_env.possible_agents)} seats.")
        model.learn(total_timesteps=steps)
    env.close()
    return model


def eval_action_mask(model: MaskablePPO | None, games: int) -> tuple[float, Counter[str]]:
    """The policy as ``possible_agents[1]`` against random agents, on the AEC env (the tutorial's
    ``eval_action_mask``): its mean reward per game and the actions it took (None: random)."""
    env = DiscreteActions(NumericObservations(parlour.make(ENV_ID, **GAME), keep_text=False))
    seat = env.possible_agents[1]
    total, chosen = 0.0, Counter[str]()
    for game in range(games):
        env.reset(seed=10**6 + game)
        env.action_space(env.possible_agents[0]).seed(game)
        for agent in env.agent_iter():
            observation, reward, termination, truncation, _ = env.last()
            if agent == seat:
                total += reward
            if termination or truncation:
                action = None
            elif agent != seat or model is None:
                action = env.action_space(agent).sample(observation["action_mask"])
            else:
                mask = observation["action_mask"]
                action = int(model.predict(observation, action_masks=mask, deterministic=True)[0])
                chosen[env.action_menu(agent)[action]] += 1
            env.step(action)
    env.close()
    return total / games, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=8192, help="self-play turns to train")
    parser.add_argument("--games", type=int, default=200, help="evaluation games")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="a short run (256 steps, 5 games)")
    args = parser.parse_args()
    if args.quick:
        args.steps, args.games = 256, 5
    torch.set_num_threads(1)  # small networks: one thread is fastest on a shared CPU
    random_seat, _ = eval_action_mask(None, args.games)
    untrained, _ = eval_action_mask(train_action_mask(0, args.seed), args.games)
    trained, chosen = eval_action_mask(train_action_mask(args.steps, args.seed), args.games)
    print(f"reward per game of {ENV_ID}'s player_1 against random seats, {args.games} games:")
    print(f"  random policy:             {random_seat:8.2f}")
    print(f"  MaskablePPO, untrained:    {untrained:8.2f}")
    print(f"  MaskablePPO, {args.steps:>6,} steps: {trained:8.2f}")
    favourite, count = chosen.most_common(1)[0]
    print(f"  its most frequent action: {favourite} ({count} of {sum(chosen.values())} turns)")


if __name__ == "__main__":
    main()
