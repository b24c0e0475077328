"""Tournament speed: the default tournament's wall time, and LLM games per minute by concurrency.

The LLM rows play Who-is-Spy between ``openai:`` seats and the scripted bot against the local
test server (run in its own process) with ``--latency`` per request.

    python benchmarks/tournament.py [--latency 0.2] [--llm-games 32] [--levels 1,8,32]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_overhead import _server_process

from parlour.arena import AgentEntry, GameEntry, TournamentSpec, default_spec, run_tournament


def default_wall_time(workdir: Path, games_per_env: int | None) -> tuple[float, int]:
    spec = default_spec()
    if games_per_env:
        spec = spec.with_overrides(games_per_env=games_per_env)
    start = time.perf_counter()
    store = run_tournament(spec, workdir / "default", progress=False)
    return time.perf_counter() - start, len(store.games())


def llm_games_per_minute(
    base_url: str, workdir: Path, games: int, concurrency: int
) -> tuple[float, int]:
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", games, {"num_players": 4}),),
        agents=(
            AgentEntry(
                "llm", "openai:test", {"base_url": base_url, "timeout": 30, "cache_mode": "off"}
            ),
            AgentEntry("scripted", "scripted"),
        ),
        concurrency=concurrency,
        twins=False,
    )
    start = time.perf_counter()
    store = run_tournament(spec, workdir / f"llm-{concurrency}", progress=False, cache_mode="off")
    played = len(store.games())
    return played / (time.perf_counter() - start) * 60, played


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--llm-games", type=int, default=32)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument(
        "--default-games", type=int, default=None, help="games per env (default: the embedded)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        wall, played = default_wall_time(workdir, args.default_games)
        print(f"# default tournament: {played} games in {wall:.1f} s")
        print(f"\n# LLM tournament games per minute ({args.latency * 1000:.0f} ms per request)")
        print(f"{'concurrency':>11} {'games':>6} {'games/min':>10} {'scaling':>8}")
        with _server_process(args.latency) as base_url:
            base = None
            for level in (int(x) for x in args.levels.split(",")):
                rate, games = llm_games_per_minute(base_url, workdir, args.llm_games, level)
                base = base or rate
                print(f"{level:11} {games:6} {rate:10.1f} {rate / base:7.1f}x")


if __name__ == "__main__":
    main()
