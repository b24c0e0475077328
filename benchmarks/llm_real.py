"""How an LLM seat fares against a real OpenAI-compatible server, game by game and mode by mode.

Every game, in text and json modes (and tools where the server returns tool calls), a few seeded
games each with one LLM seat (``player_0``, default options: only the base URL and the model)
beside scripted seats. A game stops once the seat has made ``--decisions`` decisions (this
measures the seat, not the game). Per game and mode it prints: decisions; legal on the first
try; legal after a re-ask; fallbacks; echo rejections (an action line naming several actions,
or speech copying the game's text); mean latency per request; prompt and completion tokens.

    python benchmarks/llm_real.py --base-url http://127.0.0.1:8080/v1 --model gemma-3-270m
        [--games 2] [--decisions 6] [--modes text,json,tools] [--envs who_is_spy_v0,...]

With the project's llama.cpp server (``../shared/tools/llm-server``), see docs/llm-agents.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import parlour
from parlour.agents import make_agent
from parlour.agents.openai_agent import OpenAIAgent
from parlour.llm.records import CallRecord

#: Small tables where the game allows them, so a few decisions see several turn kinds.
CONFIGS: dict[str, dict[str, Any]] = {
    "who_is_spy_v0": {"num_players": 4},
    "donor_game_v0": {"num_agents": 4},
    "auction_v0": {},
    "werewolf_v0": {},
    "among_us_v0": {},
    "overcooked_v0": {},
}


@dataclass
class Tally:
    """One game and mode's counts over its games."""

    decisions: int = 0
    first_try: int = 0
    after_reask: int = 0
    fallbacks: int = 0
    echoes: int = 0
    requests: int = 0
    latency_s: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cut: int = 0

    def add(self, records: Sequence[CallRecord]) -> None:
        by_decision: dict[int, list[CallRecord]] = {}
        for record in records:
            by_decision.setdefault(record.decision, []).append(record)
        for calls in by_decision.values():
            self.decisions += 1
            last = calls[-1]
            if last.fallback:
                self.fallbacks += 1
            elif last.valid and last.attempt == 0:
                self.first_try += 1
            elif last.valid:
                self.after_reask += 1
        for record in records:
            self.echoes += record.rejected in ("ambiguous", "echo")
            if record.fallback or record.cached:
                continue
            self.requests += 1
            self.latency_s += record.latency_s
            self.prompt_tokens += record.prompt_tokens
            self.completion_tokens += record.completion_tokens
            self.cut += record.finish_reason == "length"

    def row(self, game: str, mode: str) -> str:
        def share(n: int) -> str:
            return f"{n} ({100 * n / self.decisions:.0f}%)" if self.decisions else "0"

        latency = self.latency_s / self.requests if self.requests else 0.0
        return (
            f"| {game} | {mode} | {self.decisions} | {share(self.first_try)} |"
            f" {share(self.after_reask)} | {share(self.fallbacks)} | {self.echoes} |"
            f" {self.cut} | {latency:.1f} | {self.prompt_tokens:,} | {self.completion_tokens:,} |"
        )


def play(env_id: str, seat: OpenAIAgent, seed: int, decisions: int) -> list[CallRecord]:
    """One seeded game with ``seat`` as player_0, stopped after its ``decisions``-th decision."""
    env = parlour.make(env_id, **CONFIGS.get(env_id, {}))
    env.reset(seed=seed)
    others = {a: make_agent("scripted") for a in env.possible_agents[1:]}
    for i, agent_id in enumerate(env.possible_agents):
        agent = seat if i == 0 else others[agent_id]
        agent.reset(agent_id, seed=seed * 100 + i, view=env.unwrapped.seat_view(agent_id))
    made = 0
    for agent_id in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        if agent_id == "player_0":
            env.step(seat.act(observation, info))
            made += 1
            if made >= decisions:
                break
        else:
            env.step(others[agent_id].act(observation, info))
    seat.close()
    return list(seat.records)


def serves_tools(base_url: str, model: str) -> bool:
    """Whether the server answers a tools request with a tool call (llama.cpp does only for chat
    templates with tool support)."""
    import openai

    client = openai.OpenAI(base_url=base_url, api_key="not-needed", timeout=120, max_retries=0)
    tool = {
        "type": "function",
        "function": {
            "name": "act",
            "description": "Take your action.",
            "parameters": {
                "type": "object",
                "properties": {"action": {"type": "string", "enum": ["[yes]", "[no]"]}},
                "required": ["action"],
            },
        },
    }
    try:
        reply = client.chat.completions.create(
            model=model,
            messages=[{"role": "user", "content": "Say yes: call act with [yes]."}],
            tools=[tool],
            tool_choice="required",
            max_tokens=32,
        )
    except openai.APIError:
        return False
    finally:
        client.close()
    return bool(reply.choices and reply.choices[0].message.tool_calls)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--games", type=int, default=2, help="seeded games per game and mode")
    parser.add_argument("--decisions", type=int, default=6, help="LLM decisions per game")
    parser.add_argument("--modes", default="text,json,tools")
    parser.add_argument("--envs", default=",".join(CONFIGS))
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    if "tools" in modes and not serves_tools(args.base_url, args.model):
        print("# the server returned no tool call to a tools request: tools mode left out")
        modes.remove("tools")
    print(f"# {args.model} at {args.base_url}: one LLM seat (default options) beside scripted")
    print(f"# seats, {args.games} games per row, each stopped after {args.decisions} decisions")
    print(
        "| game | mode | decisions | legal first try | after re-ask | fallbacks | echoes |"
        " cut | s/request | prompt tokens | completion tokens |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    started = time.monotonic()
    for env_id in [e for e in args.envs.split(",") if e]:
        for mode in modes:
            tally = Tally()
            for seed in range(args.games):
                seat = OpenAIAgent(args.model, base_url=args.base_url, mode=mode)
                tally.add(play(env_id, seat, seed, args.decisions))
            print(tally.row(env_id, mode), flush=True)
    print(f"# {time.monotonic() - started:.0f} s in all", file=sys.stderr)


if __name__ == "__main__":
    main()
