"""Cost of the LLM agent itself, and how concurrent async games scale, against the local server.

1. Per-decision overhead of ``OpenAIAgent`` (prompt building, parsing, recording): the same
   decisions with the HTTP call replaced by an in-process stub, so only the agent's own work is
   timed; the full round trip through the real client to the loopback server is shown beside it.
2. Throughput of Who-is-Spy games between LLM seats with ``--latency`` injected per request:
   one game at a time, ``--concurrency`` games started together, and a pool that keeps
   ``--concurrency`` games in flight over ``--games`` games.

    python benchmarks/llm_overhead.py [--decisions 300] [--latency 0.2] [--games 96]
        [--concurrency 16] [--sample 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import heapq
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import parlour
from parlour.agents.openai_agent import OpenAIAgent
from parlour.testing import FakeOpenAIServer

OBSERVATION = {
    "text": '# Who is Spy - you are player_0\nRULES\n\n## Your card\nYour word is "tea".\n\n'
    "## What happened (oldest first)\n"
    + "\n".join(f'player_{i % 6} said: "a line of description number {i}"' for i in range(60))
    + "\n\n## Now\nRound 3: vote.\nReply with "
    + " | ".join(f"[vote player_{i}]" for i in range(1, 6))
}
INFO = {
    "phase": "vote",
    "action_kind": "choice",
    "legal_actions": [f"[vote player_{i}]" for i in range(1, 6)],
}


class _StubClient:
    """Answers like the server, in process: isolates the agent's own cost."""

    def post(self, path: str, **request: Any) -> Any:
        return {
            "choices": [
                {
                    "message": {"content": "I choose [vote player_3]"},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 900, "completion_tokens": 8},
            "system_fingerprint": "stub",
        }


def agent_overhead(decisions: int) -> float:
    url = "http://127.0.0.1:9/v1"
    agent = OpenAIAgent("m", base_url=url)
    agent.reset("player_0", seed=0)
    agent._clients[url] = _StubClient()
    agent.act(OBSERVATION, INFO)  # warm-up
    assert agent.records[-1].valid, agent.records[-1].error  # (a broken stub times nothing)
    start = time.perf_counter()
    for _ in range(decisions):
        agent.act(OBSERVATION, INFO)
    return (time.perf_counter() - start) / decisions


def round_trip(decisions: int) -> float:
    with FakeOpenAIServer() as server:
        agent = OpenAIAgent("m", base_url=server.base_url)
        agent.reset("player_0", seed=0)
        agent.act(OBSERVATION, INFO)  # connection set-up
        start = time.perf_counter()
        for _ in range(decisions):
            agent.act(OBSERVATION, INFO)
        return (time.perf_counter() - start) / decisions


class _TimedSeat(OpenAIAgent):
    """An LLM seat that notes when each of its decisions starts, in a list its game's seats
    share: the requests of one wave (the seats asked together) start together, the next wave a
    request's latency later, so the starts give the game's chain of waves."""

    def __init__(self, starts: list[float], **options: Any) -> None:
        super().__init__("m", **options)
        self.starts = starts

    async def aact(self, observation: Any, info: Any) -> str:
        self.starts.append(time.perf_counter())
        return await super().aact(observation, info)


def _seats(server: Any, n: int, starts: list[float]) -> list:
    return [_TimedSeat(starts, base_url=server.base_url, timeout=30) for _ in range(n)]


async def _pool(
    server: Any, games: int, concurrency: int, latency: float
) -> tuple[list[parlour.GameResult], list[int]]:
    """The games' results and each game's number of waves."""
    slots = asyncio.Semaphore(concurrency)
    starts: list[list[float]] = [[] for _ in range(games)]

    async def one(seed: int) -> parlour.GameResult:
        async with slots:
            seats = _seats(server, 6, starts[seed])
            return await parlour.aplay_game("who_is_spy_v0", seats, seed=seed)

    results = list(await asyncio.gather(*(one(seed) for seed in range(games))))
    return results, [_waves(times, latency / 2) for times in starts]


def _waves(starts: list[float], apart: float) -> int:
    """How many waves of requests started at ``starts``: a new one after a gap over ``apart``
    seconds (half the latency: the requests of one wave start within milliseconds of each
    other, the next wave a latency later)."""
    ordered = sorted(starts)
    return sum(
        1 for before, now in zip([-1e9, *ordered], ordered, strict=False) if now - before > apart
    )


def ideal_wall(
    waves: list[int], concurrency: int, seconds_per_wave: float, longest_first: bool = False
) -> float:
    """The shortest wall time of games of ``waves`` waves each on ``concurrency`` slots, if a
    wave took ``seconds_per_wave`` and nothing else cost time, each game started on the slot
    that frees first.

    In the given order (the schedule's own, as the pool plays it) this is the schedule's
    theoretical wall time: what is lost beyond it is overhead. ``longest_first`` sorts the games
    first (LPT list scheduling, within 4/3 of the optimum): a bound that only a pool knowing
    each game's length before playing it could approach.
    """
    slots = [0.0] * min(concurrency, len(waves))
    for count in sorted(waves, reverse=True) if longest_first else waves:
        heapq.heapreplace(slots, slots[0] + count * seconds_per_wave)
    return max(slots, default=0.0)


@contextlib.contextmanager
def _server_process(latency: float) -> Iterator[str]:
    """The test server in its own process, as a real LLM server would be (not sharing our GIL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parlour.testing.server",
            "--port",
            str(port),
            "--latency",
            str(latency),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        process.stdout.readline()  # "serving ..." once it listens
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(10)


def scaling(
    base_url: str, games: int, concurrency: int, latency: float
) -> tuple[float, int, list[int]]:
    """(wall seconds, requests, waves of each game) of ``games`` games, ``concurrency`` in
    flight."""
    server = SimpleNamespace(base_url=base_url)
    start = time.perf_counter()
    results, waves = asyncio.run(_pool(server, games, concurrency, latency))
    return time.perf_counter() - start, _requests(results), waves


def _requests(results: list) -> int:
    return sum(len(calls) for result in results for calls in result.llm_calls.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--games", type=int, default=96, help="games in the pool run")
    parser.add_argument("--sample", type=int, default=3, help="games played one at a time")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print("# LLM agent overhead per decision (vote with 60 events of history)")
    print(f"agent's own work (stubbed transport): {agent_overhead(args.decisions) * 1e3:7.3f} ms")
    print(f"round trip to the loopback server:    {round_trip(args.decisions) * 1e3:7.3f} ms")
    n = args.concurrency
    print(
        f"\n# Who-is-Spy games, 6 LLM seats, {args.latency * 1000:.0f} ms per request,"
        " server in its own process"
    )
    print(
        f"{'run':30} {'games':>5} {'requests':>8} {'wall s':>7} {'s/request':>9} {'speed-up':>8}"
        f" {'ideal':>6} {'of ideal':>8} {'LPT':>7}"
    )
    with _server_process(args.latency) as base_url:
        scaling(base_url, 1, 1, args.latency)  # warm-up: the client's first call loads its types
        one_wall, one_requests, one_waves = scaling(base_url, args.sample, 1, args.latency)
        per_request = one_wall / one_requests
        per_wave = one_wall / sum(one_waves)  # a wave's latency with the agent's own work
        print(
            f"{'one game at a time':30} {args.sample:5} {one_requests:8} {one_wall:7.1f}"
            f" {per_request:9.3f} {1:7.1f}x"
        )
        for label, games in (
            (f"{n} games at once (one wave)", n),
            (f"pool of {n} in flight", args.games),
        ):
            wall, requests, waves = scaling(base_url, games, n, args.latency)
            speed_up = per_request * requests / wall
            ideal = per_request * requests / ideal_wall(waves, n, per_wave)
            bound = per_request * requests / ideal_wall(waves, n, per_wave, longest_first=True)
            print(
                f"{label:30} {games:5} {requests:8} {wall:7.1f} {wall / requests:9.3f}"
                f" {speed_up:7.1f}x {ideal:5.1f}x {speed_up / ideal:8.0%} {bound:6.1f}x"
            )
    print(
        "speed-up: one-at-a-time seconds per request x requests / wall time. ideal: the same over"
        "\nthe wall time of the same games in the same order with no overhead (each a chain of"
        "\nwaves of requests asked together, a wave taking what it took one game at a time, each"
        "\ngame started on the slot that frees first); 'of ideal' is what the run reached of it."
        "\nLPT: the same with the longest games first, a bound for a pool that knew the lengths."
    )


if __name__ == "__main__":
    main()
