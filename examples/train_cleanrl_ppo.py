"""A CleanRL-style masked PPO in one file, on Gymnasium's vector API with its default autoreset.

The loop has the shape of CleanRL's ``ppo.py``: a vector env, an ``Agent`` with an actor and a
critic, fixed-length rollouts, GAE, clipped updates over shuffled minibatches. The one change
is the mask: the actor's logits of illegal actions are set to a large negative number, read from
the observation's ``action_mask``. The env is ``gymnasium.make_vec("parlour/Auction-single-v0",
num_envs=4, vectorization_mode="sync")``: one bidder of a first-price auction against
equilibrium-bidding scripted bidders. Under Gymnasium's default (next-step) autoreset, the step
after an episode's end only resets that env: its observation is the terminal one, whose mask
allows the no-op alone (never all zeros), so the masked distribution stays valid and that step's
log-probability is 0 (it teaches the policy nothing). Prints the greedy policy's profit per game
before and after training, beside uniform random legal actions, on the same evaluation seeds.

    pip install -e ".[rl]"   # torch (CPU)
    python examples/train_cleanrl_ppo.py [--total-timesteps 20000] [--games 100] [--quick]
"""

from __future__ import annotations

import argparse

import gymnasium
import numpy as np
import torch
from torch import nn
from torch.distributions.categorical import Categorical

import parlour  # noqa: F401  (registers the parlour/... ids with Gymnasium)

ENV_ID = "parlour/Auction-single-v0"
GAME = {"format": "first_price", "value_model": "private", "value_max": 100.0, "num_items": 4}


def layer_init(layer: nn.Linear, std: float = np.sqrt(2), bias_const: float = 0.0) -> nn.Linear:
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self, observation_size: int, actions: int) -> None:
        super().__init__()
        self.critic = nn.Sequential(
            layer_init(nn.Linear(observation_size, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, 1), std=1.0),
        )
        self.actor = nn.Sequential(
            layer_init(nn.Linear(observation_size, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, actions), std=0.01),
        )

    def get_value(self, x: torch.Tensor) -> torch.Tensor:
        return self.critic(x)

    def get_action_and_value(
        self, x: torch.Tensor, mask: torch.Tensor, action: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        logits = torch.where(mask, self.actor(x), torch.tensor(-1e8))  # illegal: never drawn
        probs = Categorical(logits=logits)
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(x)


def tensors(observation: dict[str, np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
    """The numeric view and the mask of a (vector) observation, as torch tensors."""
    x = torch.as_tensor(observation["observation"], dtype=torch.float32)
    return x, torch.as_tensor(observation["action_mask"], dtype=torch.bool)


def profit_per_game(agent: Agent | None, games: int) -> float:
    """Mean reward per game of the greedy policy (None: uniform random legal actions)."""
    env = gymnasium.make(ENV_ID, **GAME)
    rng = np.random.default_rng(0)
    total = 0.0
    for game in range(games):
        observation, _ = env.reset(seed=10**6 + game)
        done = False
        while not done:
            if agent is None:
                action = int(rng.choice(np.flatnonzero(observation["action_mask"])))
            else:
                x, mask = tensors(observation)
                with torch.no_grad():
                    logits = torch.where(mask, agent.actor(x), torch.tensor(-1e8))
                action = int(logits.argmax())
            observation, reward, terminated, truncated, _ = env.step(action)
            total += float(reward)
            done = terminated or truncated
    return total / games


def train(args: argparse.Namespace, agent: Agent, envs: gymnasium.vector.VectorEnv) -> int:
    """CleanRL's PPO loop; returns the number of finished episodes."""
    optimizer = torch.optim.Adam(agent.parameters(), lr=args.learning_rate, eps=1e-5)
    n, size = args.num_envs, envs.single_observation_space["observation"].shape[0]
    obs = torch.zeros((args.num_steps, n, size))
    masks = torch.zeros((args.num_steps, n, envs.single_action_space.n), dtype=torch.bool)
    actions = torch.zeros((args.num_steps, n), dtype=torch.long)
    logprobs, rewards, dones, values = (torch.zeros((args.num_steps, n)) for _ in range(4))
    next_observation, _ = envs.reset(seed=args.seed)
    next_obs, next_mask = tensors(next_observation)
    next_done, episodes = torch.zeros(n), 0
    rng = np.random.default_rng(args.seed)
    for _ in range(args.total_timesteps // (n * args.num_steps)):
        for step in range(args.num_steps):
            obs[step], masks[step], dones[step] = next_obs, next_mask, next_done
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs, next_mask)
            values[step], actions[step], logprobs[step] = value.flatten(), action, logprob
            next_observation, reward, terminations, truncations, _ = envs.step(action.numpy())
            rewards[step] = torch.as_tensor(reward, dtype=torch.float32)
            next_obs, next_mask = tensors(next_observation)
            next_done = torch.as_tensor(terminations | truncations, dtype=torch.float32)
            episodes += int(next_done.sum())
        advantages = gae(args, agent, rewards, values, dones, next_obs, next_done)
        update(args, agent, optimizer, (obs, masks, actions, logprobs, advantages, values), rng)
    return episodes


def gae(
    args: argparse.Namespace,
    agent: Agent,
    rewards: torch.Tensor,
    values: torch.Tensor,
    dones: torch.Tensor,
    next_obs: torch.Tensor,
    next_done: torch.Tensor,
) -> torch.Tensor:
    """Generalised advantage estimates of one rollout, as CleanRL computes them."""
    with torch.no_grad():
        next_value = agent.get_value(next_obs).reshape(1, -1)
    advantages, lastgaelam = torch.zeros_like(rewards), 0.0
    for t in reversed(range(args.num_steps)):
        nextnonterminal = 1.0 - (next_done if t == args.num_steps - 1 else dones[t + 1])
        nextvalues = next_value if t == args.num_steps - 1 else values[t + 1]
        delta = rewards[t] + args.gamma * nextvalues * nextnonterminal - values[t]
        lastgaelam = delta + args.gamma * args.gae_lambda * nextnonterminal * lastgaelam
        advantages[t] = lastgaelam
    return advantages


def update(
    args: argparse.Namespace,
    agent: Agent,
    optimizer: torch.optim.Optimizer,
    rollout: tuple[torch.Tensor, ...],
    rng: np.random.Generator,
) -> None:
    """CleanRL's clipped PPO update over shuffled minibatches of the flattened rollout."""
    obs, masks, actions, logprobs, advantages, values = rollout
    b_obs, b_masks = obs.reshape(-1, obs.shape[-1]), masks.reshape(-1, masks.shape[-1])
    b_actions, b_logprobs = actions.reshape(-1), logprobs.reshape(-1)
    b_advantages, b_values = advantages.reshape(-1), values.reshape(-1)
    b_returns = b_advantages + b_values
    batch = b_obs.shape[0]
    minibatch = batch // args.num_minibatches
    for _ in range(args.update_epochs):
        order = rng.permutation(batch)
        for start in range(0, batch, minibatch):
            idx = order[start : start + minibatch]
            _, newlogprob, entropy, newvalue = agent.get_action_and_value(
                b_obs[idx], b_masks[idx], b_actions[idx]
            )
            ratio = (newlogprob - b_logprobs[idx]).exp()
            mb_adv = b_advantages[idx]
            mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)
            pg_loss = torch.max(
                -mb_adv * ratio,
                -mb_adv * torch.clamp(ratio, 1 - args.clip_coef, 1 + args.clip_coef),
            ).mean()
            v_loss = 0.5 * ((newvalue.view(-1) - b_returns[idx]) ** 2).mean()
            loss = pg_loss - args.ent_coef * entropy.mean() + args.vf_coef * v_loss
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), args.max_grad_norm)
            optimizer.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--total-timesteps", type=int, default=20_000)
    parser.add_argument("--learning-rate", type=float, default=2.5e-4)
    parser.add_argument("--num-envs", type=int, default=4)
    parser.add_argument("--num-steps", type=int, default=128)
    parser.add_argument("--gamma", type=float, default=0.99)
    parser.add_argument("--gae-lambda", type=float, default=0.95)
    parser.add_argument("--num-minibatches", type=int, default=4)
    parser.add_argument("--update-epochs", type=int, default=4)
    parser.add_argument("--clip-coef", type=float, default=0.2)
    parser.add_argument("--ent-coef", type=float, default=0.01)
    parser.add_argument("--vf-coef", type=float, default=0.5)
    parser.add_argument("--max-grad-norm", type=float, default=0.5)
    parser.add_argument("--games", type=int, default=100, help="evaluation games")
    parser.add_argument("--quick", action="store_true", help="a short run (256 steps, 5 games)")
    args = parser.parse_args()
    if args.quick:
        args.total_timesteps, args.num_steps, args.games = 256, 64, 5
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)  # small networks: one thread is fastest on a shared CPU
    envs = gymnasium.make_vec(ENV_ID, num_envs=args.num_envs, vectorization_mode="sync", **GAME)
    agent = Agent(envs.single_observation_space["observation"].shape[0], envs.single_action_space.n)
    uniform, before = profit_per_game(None, args.games), profit_per_game(agent, args.games)
    episodes = train(args, agent, envs)
    envs.close()
    after = profit_per_game(agent, args.games)
    print(f"profit per game, {args.games} evaluation games:")
    print(f"  random legal policy:     {uniform:8.2f}")
    print(f"  PPO, untrained:          {before:8.2f}")
    print(f"  PPO, {args.total_timesteps:>7,} steps:     {after:8.2f}  ({episodes} training games)")


if __name__ == "__main__":
    main()
