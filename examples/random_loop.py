"""The PettingZoo loop: random legal actions in Who-is-Spy, then the result."""

import parlour
from parlour.agents import RandomAgent

env = parlour.make("who_is_spy_v0", num_players=6)
env.reset(seed=42)
player = RandomAgent()
for agent in env.agent_iter():
    observation, reward, terminated, truncated, info = env.last()
    action = None if terminated or truncated else player.act(observation, info)
    env.step(action)
print(env.unwrapped.metrics()["winner"], env.unwrapped.metrics()["rounds"])
