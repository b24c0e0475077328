"""Does a policy learn on each game's numeric face? Random, scripted and MaskablePPO, per game.

For each game, one seat of ``gymnasium.make("parlour/<Game>-single-v0")`` with the game's
defaults, against scripted opponents: ``player_0``, except in Werewolf, where the scripted wolves
kill the first villager in seat order on the first night (``player_0`` would mostly sleep once and
die), so the seat is the last, ``player_7``. Three policies play the same evaluation games (one
seed deals the same game and seeds every opponent alike):

* random: uniform over the seat's legal menu (its action mask);
* scripted: the game's scripted bot in that seat, on the text face (``play_game`` with the game
  seed the env dealt, so every opponent is seeded as in the env);
* MaskablePPO: sb3-contrib's documented recipe (``MaskablePPO("MultiInputPolicy", env)``, the
  observation and the mask as its input, ``action_masks()`` found on the env), trained against
  scripted opponents for ``--steps`` env steps on training seeds, then played greedily. Rewards
  are normalised in training (SB3's ``VecNormalize``: auction profits run to thousands);
  Overcooked trains with its shaping reward (``shaping=1.0``) and is evaluated on soups alone.

Prints a Markdown table of the seat's mean episode return, each with its 95% interval (1.96
standard errors over ``--episodes`` games), and the training time.

    pip install -e ".[rl]"
    nice -n 10 python benchmarks/learning.py [--games who_is_spy_v0,...] [--steps 50000]
        [--episodes 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gymnasium
import numpy as np
import torch
from sb3_contrib import MaskablePPO
from stable_baselines3.common.env_util import make_vec_env
from stable_baselines3.common.vec_env import VecNormalize

import parlour
from parlour.registry import get_game, single_agent_id
from parlour.wrappers import SingleAgentEnv

#: Evaluation games are dealt from seeds ``EVAL_SEEDS + i`` (training draws its own from --seed).
EVAL_SEEDS = 10**6

Policy = Callable[[SingleAgentEnv, dict[str, Any]], int]


@dataclass(frozen=True)
class Setup:
    """How a game is played here: its config and what its return counts."""

    returns: str
    seat: str = "player_0"
    config: dict[str, Any] = field(default_factory=dict)
    train: dict[str, Any] = field(default_factory=dict)  # options for training only


SETUPS = {
    "who_is_spy_v0": Setup("+1 win / -1 loss"),
    "donor_game_v0": Setup("resources gained"),
    "auction_v0": Setup("profit"),
    "werewolf_v0": Setup("+1 win / -1 loss", seat="player_7"),
    "among_us_v0": Setup("+1 win / -1 loss"),
    "overcooked_v0": Setup("team points (20 a soup)", train={"shaping": 1.0}),
}


def interval(values: list[float]) -> str:
    """``mean ± 1.96 standard errors``."""
    mean = float(np.mean(values))
    half = 1.96 * float(np.std(values, ddof=1)) / math.sqrt(len(values)) if len(values) > 1 else 0
    digits = 0 if max(abs(mean), half) >= 100 else 2
    return f"{mean:.{digits}f} ± {half:.{digits}f}"


def play(env: SingleAgentEnv, policy: Policy, seed: int) -> tuple[float, int]:
    """One evaluation game: the seat's return and the game seed the env dealt."""
    observation, _ = env.reset(seed=seed)
    game_seed = env.aec_env.unwrapped.game_seed
    total, done = 0.0, False
    while not done:
        observation, reward, terminated, truncated, _ = env.step(policy(env, observation))
        total += float(reward)
        done = terminated or truncated
    return total, game_seed


def random_policy(seed: int) -> Policy:
    """Uniform over the legal menu."""
    rng = np.random.default_rng(seed)
    return lambda env, observation: int(rng.choice(np.flatnonzero(env.action_masks())))


def ppo_policy(model: MaskablePPO) -> Policy:
    """The trained policy, greedy."""

    def choose(env: SingleAgentEnv, observation: dict[str, Any]) -> int:
        masks = env.action_masks()
        return int(model.predict(observation, action_masks=masks, deterministic=True)[0])

    return choose


def scripted_returns(env_id: str, setup: Setup, game_seeds: list[int]) -> list[float]:
    """The scripted bot in the seat, every other seat scripted, on the same game seeds."""
    game = get_game(env_id)
    seats = len(game.players(game.make_config(None, dict(setup.config))))
    return [
        parlour.play_game(env_id, ["scripted"] * seats, seed=s, **setup.config).rewards[setup.seat]
        for s in game_seeds
    ]


def train(env_id: str, setup: Setup, steps: int, seed: int) -> MaskablePPO:
    """MaskablePPO, sb3-contrib's recipe, for ``steps`` env steps against scripted opponents."""
    rollout = min(512, steps)
    venv = make_vec_env(
        single_agent_id(env_id),
        n_envs=1,
        seed=seed,
        env_kwargs={"seat": setup.seat, "opponents": "scripted", **setup.config, **setup.train},
    )
    model = MaskablePPO(
        "MultiInputPolicy",
        VecNormalize(venv, norm_obs=False, norm_reward=True),
        n_steps=rollout,
        batch_size=min(128, rollout),
        ent_coef=0.01,
        seed=seed,
        device="cpu",
        verbose=0,
    )
    return model.learn(total_timesteps=steps)


def measure(env_id: str, steps: int, episodes: int, seed: int) -> dict[str, Any]:
    """One game's row: the three policies' returns on the same evaluation games."""
    setup = SETUPS[env_id]
    env = SingleAgentEnv(env_id, seat=setup.seat, opponents="scripted", **setup.config)
    seeds = [EVAL_SEEDS + seed * episodes + i for i in range(episodes)]
    choose = random_policy(seed)
    randoms, game_seeds = zip(*(play(env, choose, s) for s in seeds), strict=True)
    scripted = scripted_returns(env_id, setup, list(game_seeds))
    start, cpu = time.perf_counter(), time.process_time()
    model = train(env_id, setup, steps, seed)
    trained_s, trained_cpu = time.perf_counter() - start, time.process_time() - cpu
    learned = [play(env, ppo_policy(model), s)[0] for s in seeds]
    space = env.observation_space["observation"]
    return {
        "game": env_id,
        "seat": setup.seat,
        "view": f"{space.shape[0]} / {env.action_space.n}",
        "returns": setup.returns,
        "random": interval(list(randoms)),
        "scripted": interval(scripted),
        "ppo": interval(learned),
        "train_s": trained_s,
        "train_cpu": trained_cpu,
    }


def table(rows: list[dict[str, Any]], steps: int, episodes: int) -> str:
    """The Markdown table."""
    lines = [
        f"| game (seat) | view / actions | return | random | scripted "
        f"| MaskablePPO ({steps:,} steps) | training (CPU) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['game']} ({r['seat']}) | {r['view']} | {r['returns']} | {r['random']} "
            f"| {r['scripted']} | {r['ppo']} | {r['train_s']:.0f} s ({r['train_cpu']:.0f} s) |"
        )
    lines.append("")
    lines.append(
        f"Mean return of the seat over the same {episodes} evaluation games per game, "
        "± 1.96 standard errors; training time by the wall clock (and in CPU seconds)."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", default=",".join(SETUPS), help="comma-separated env ids")
    parser.add_argument("--steps", type=int, default=50_000, help="training env steps per game")
    parser.add_argument("--episodes", type=int, default=200, help="evaluation games per policy")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    games = [g.strip() for g in args.games.split(",") if g.strip()]
    unknown = [g for g in games if g not in SETUPS]
    if unknown or not games:
        parser.error(f"--games: unknown {', '.join(unknown) or '(none)'}; from {', '.join(SETUPS)}")
    if args.steps < 2 or args.episodes < 2:
        parser.error("--steps and --episodes must be at least 2")
    torch.set_num_threads(1)  # small networks: one thread is fastest on a shared CPU
    gymnasium.logger.min_level = 40  # (SB3's seeding of the vec env warns once per game)
    rows = []
    start, cpu = time.perf_counter(), time.process_time()
    for env_id in games:
        rows.append(measure(env_id, args.steps, args.episodes, args.seed))
        print(f"{env_id}: done at {time.perf_counter() - start:.0f} s", flush=True)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"\nall games: {wall:.0f} s by the wall clock, {cpu:.0f} CPU seconds\n")
    print(table(rows, args.steps, args.episodes))


if __name__ == "__main__":
    main()
