"""The longest observation of seeded games of every env and variant, nothing dropped.

What the default ``max_observation_chars`` is chosen from: it must hold a whole default game of
every env (a test plays some). Each game is played with an unbounded budget, every seat reading
its observation at its turns and once at the end, by random players, by the scripted bots, and by
*talkers*: random players whose every speech is as long as the game allows, as an LLM's may be.

    python benchmarks/observation_lengths.py [--games 20] [--env ID] [--players KIND] [--defaults]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Mapping
from typing import Any

import parlour
from parlour.agents import RandomAgent, make_agent
from parlour.agents.base import Agent
from parlour.core.seeding import agent_seed
from parlour.core.text import DEFAULT_OBSERVATION_CHARS
from parlour.registry import get_game

UNBOUNDED = 10_000_000
PLAYERS = ("random", "scripted", "talker")


class Talker(RandomAgent):
    """A random player whose speeches fill the longest speech the turn accepts."""

    name = "talker"

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        if info.get("action_kind") == "speech" and info.get("max_speech_chars"):
            return ("well maybe not sure " * 200)[: info["max_speech_chars"]].strip()
        return super().act(observation, info)


def longest_observation(env_id: str, config: dict[str, Any], seed: int, players: str) -> int:
    """The length of the longest observation any seat reads in one seeded game."""
    env = parlour.make(env_id, max_observation_chars=UNBOUNDED, **config)
    env.reset(seed=seed)
    agents: dict[str, Agent] = {}
    for index, seat in enumerate(env.possible_agents):
        agents[seat] = Talker() if players == "talker" else make_agent(players)
        agents[seat].reset(seat, agent_seed(seed, index), env.unwrapped.seat_view(seat))
    longest = 0
    for seat in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        longest = max(longest, len(observation["text"]))
        env.step(None if terminated or truncated else agents[seat].act(observation, info))
    return max(longest, *(len(env.observe(seat)["text"]) for seat in env.possible_agents))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=20, help="seeded games per row")
    parser.add_argument("--env", action="append", help="only this env (repeatable)")
    parser.add_argument("--players", action="append", choices=PLAYERS, help="only these players")
    parser.add_argument("--defaults", action="store_true", help="only the default configs")
    args = parser.parse_args()
    print(f"# longest observation of {args.games} seeded games (characters); the default budget")
    print(f"# is {DEFAULT_OBSERVATION_CHARS}; * marks a row whose longest game outgrows it")
    print(f"{'env':15} {'variant':26} {'players':9} {'longest':>8} {'median':>8}")
    for env_id in args.env or parlour.list_envs():
        variants = (
            {"(default)": {}} if args.defaults else {"(default)": {}, **get_game(env_id).variants}
        )
        for name, config in variants.items():
            for players in args.players or PLAYERS:
                lengths = [
                    longest_observation(env_id, dict(config), seed, players)
                    for seed in range(args.games)
                ]
                mark = " *" if max(lengths) > DEFAULT_OBSERVATION_CHARS else ""
                print(
                    f"{env_id:15} {name:26} {players:9} {max(lengths):8} "
                    f"{statistics.median(lengths):8.0f}{mark}"
                )


if __name__ == "__main__":
    main()
