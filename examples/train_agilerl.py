"""AgileRL's MADDPG on a Parlour Parallel env, in the shape of AgileRL's documented multi-agent
recipe (its "Multi-Agent Training" guide): vectorised PettingZoo envs, a population made with
``MADDPG.population``, a ``ReplayBuffer``, tournament selection and mutations, and the
off-the-shelf ``train_multi_agent_off_policy``.

AgileRL reads each agent's action mask from ``info["action_mask"]`` and refuses an observation
that holds one: ``DiscreteParallel(..., mask_in_info=True)`` gives it that. The game is the Donor
Game, whose rounds are simultaneous (one Parallel step is one round; the round's recipients
have the no-op alone). Every seat's actor is trained; the script prints the mean change in a
seat's resources per game, with random legal actions and with the trained population's best
agent, on the same seeds.

    pip install -e . agilerl peft   # AgileRL needs PettingZoo < 1.27, which Parlour allows
    python examples/train_agilerl.py [--steps 20000] [--games 50] [--quick]
"""

from __future__ import annotations

import argparse

import numpy as np
import torch
from agilerl.algorithms import MADDPG
from agilerl.components.replay_buffer import ReplayBuffer
from agilerl.hpo.mutation import Mutations
from agilerl.hpo.tournament import TournamentSelection
from agilerl.training.train_multi_agent_off_policy import train_multi_agent_off_policy
from agilerl.utils.utils import make_multi_agent_vect_envs

import parlour
from parlour.wrappers import DiscreteParallel

ENV_ID = "donor_game_v0"
GAME = {"num_agents": 4}
INIT_HP = {
    "batch_size": 64,
    "O_U_noise": True,
    "expl_noise": 0.1,
    "mean_noise": 0.0,
    "theta": 0.15,
    "dt": 0.01,
    "lr_actor": 0.001,
    "lr_critic": 0.001,
    "gamma": 0.95,
    "learn_step": 16,
    "tau": 0.01,
}
NET_CONFIG = {"encoder_config": {"hidden_size": [64, 64]}, "head_config": {"hidden_size": [64]}}


def make_env() -> DiscreteParallel:
    return DiscreteParallel(parlour.make_parallel(ENV_ID, **GAME), mask_in_info=True)


def mean_gain(agent: MADDPG | None, games: int) -> float:
    """A seat's mean return per game, every seat played by ``agent`` (None: random legal)."""
    env = make_env()
    rng = np.random.default_rng(0)
    total = 0.0
    for game in range(games):
        observations, infos = env.reset(seed=10**6 + game)
        while env.agents:
            if agent is None:
                masks = {a: info["action_mask"] for a, info in infos.items()}
                actions = {a: int(rng.choice(np.flatnonzero(m))) for a, m in masks.items()}
            else:
                chosen, _ = agent.get_action(obs=observations, infos=infos)
                actions = {a: int(np.asarray(act).reshape(-1)[0]) for a, act in chosen.items()}
            observations, rewards, _, _, infos = env.step(actions)
            total += sum(rewards.values()) / len(rewards)
    return total / games


def train(steps: int, num_envs: int, population_size: int) -> MADDPG:
    env = make_multi_agent_vect_envs(make_env, num_envs=num_envs)
    observation_spaces = [env.single_observation_space(agent) for agent in env.agents]
    action_spaces = [env.single_action_space(agent) for agent in env.agents]
    pop = MADDPG.population(
        size=population_size,
        observation_space=observation_spaces,
        action_space=action_spaces,
        net_config=NET_CONFIG,
        agent_ids=env.agents,
        vect_noise_dim=num_envs,
        device="cpu",
        **INIT_HP,
    )
    tournament = TournamentSelection(
        tournament_size=2, elitism=True, population_size=population_size
    )
    mutations = Mutations(
        no_mutation=0.4,
        architecture=0.2,
        new_layer_prob=0.2,
        parameters=0.2,
        activation=0,
        rl_hp=0.2,
        mutation_sd=0.1,
        rand_seed=1,
        device="cpu",
    )
    trained_pop, _ = train_multi_agent_off_policy(
        env=env,
        env_name=ENV_ID,
        algo="MADDPG",
        pop=pop,
        memory=ReplayBuffer(max_size=100_000, device="cpu"),
        init_hp=INIT_HP,
        max_steps=steps,
        evo_steps=max(steps // 4, num_envs),
        eval_loop=1,
        learning_delay=0,
        selection_strategy=tournament,
        mutation=mutations,
        verbose=False,
    )
    env.close()
    best = max(trained_pop, key=lambda member: np.mean(member.fitness[-1:] or [-np.inf]))
    best.set_training_mode(False)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000, help="environment steps to train")
    parser.add_argument("--games", type=int, default=50, help="evaluation games")
    parser.add_argument("--num-envs", type=int, default=4)
    parser.add_argument("--population", type=int, default=2)
    parser.add_argument(
        "--quick", action="store_true", help="a short run (128 steps, 2 envs, 3 games)"
    )
    args = parser.parse_args()
    if args.quick:
        args.steps, args.games, args.num_envs = 128, 3, 2
    torch.set_num_threads(1)  # small networks: one thread is fastest on a shared CPU
    random_gain = mean_gain(None, args.games)
    trained = mean_gain(train(args.steps, args.num_envs, args.population), args.games)
    print(f"a seat's mean gain in resources per {ENV_ID} game, {args.games} games:")
    print(f"  random legal actions:           {random_gain:8.2f}")
    print(f"  MADDPG after {args.steps:>7,} steps:   {trained:8.2f}")


if __name__ == "__main__":
    main()
