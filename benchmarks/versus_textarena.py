"""Parlour's text games beside TextArena's SecretMafia-v0, the anchor text-game suite.

Both are played as their users play them: a fresh env for every game, a random policy that picks
among the legal actions (TextArena's from the targets its last game line lists, else one line of
speech), the acting player's observation read at every step. The measurements are interleaved
(TextArena, a Parlour game, TextArena, the next game...) for ``--rounds`` rounds, so a drift in
the machine's speed hits both alike, and the medians are shown. Every measurement runs in a fresh
process. With ``--baseline DIR`` each game is also timed from another Parlour checkout (a git
worktree of an older commit) in the same run: the before/after table.

A *decision* is a step at which a seat chooses an action; an AEC *step* also counts the turns of
seats that are out of the game (PettingZoo's ``step(None)``), which TextArena does not have.

With ``--callgrind`` each is also run under valgrind (when installed) and the instructions per
decision are shown: a count that does not depend on the machine's load. Only the measured games
are counted (valgrind collects inside one call of ``sys.call_tracing`` that plays them), not the
interpreter's start-up, the imports (which compile bytecode on a first run) or the warm-up games.

    pip install -e .[bench]    # textarena, the anchor
    python benchmarks/versus_textarena.py [--seconds 2] [--rounds 5] [--baseline DIR] [--callgrind]
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import parlour
from parlour.agents import RandomAgent
from parlour.core.seeding import agent_seed

ANCHOR = "SecretMafia-v0"
#: TextArena's game is played with eight players, as Parlour's Werewolf is by default.
ANCHOR_PLAYERS = 8
#: The games compared (the six text games).
GAMES = (
    "who_is_spy_v0",
    "donor_game_v0",
    "auction_v0",
    "werewolf_v0",
    "among_us_v0",
    "overcooked_v0",
)


@dataclass(frozen=True)
class Count:
    """What a stretch of play did: AEC steps, decisions and games."""

    steps: int = 0
    decisions: int = 0
    games: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(
            self.steps + other.steps, self.decisions + other.decisions, self.games + other.games
        )


def parlour_game(env_id: str, seed: int) -> Count:
    """One seeded game of ``env_id`` with random legal agents, in a fresh env."""
    env = parlour.make(env_id)
    env.reset(seed=seed)
    agents = {seat: RandomAgent() for seat in env.possible_agents}
    for index, (seat, agent) in enumerate(agents.items()):
        agent.reset(seat, seed=agent_seed(seed, index))
    steps = decisions = 0
    for seat in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
        else:
            env.step(agents[seat].act(observation, info))
            decisions += 1
        steps += 1
    return Count(steps, decisions, 1)


def anchor_game(seed: int) -> Count:
    """One seeded game of TextArena's SecretMafia-v0 with a random policy, in a fresh env."""
    import textarena

    env = textarena.make(ANCHOR)
    env.reset(num_players=ANCHOR_PLAYERS, seed=seed)
    rng = random.Random(seed)
    steps = 0
    done = False
    while not done:
        _, observation = env.get_observation()
        text = observation if isinstance(observation, str) else str(observation)
        last_game_line = text[text.rfind("[GAME]") :]
        targets = re.findall(r"\[(\d+)\]", last_game_line) if "Valid" in last_game_line else []
        action = f"[{rng.choice(targets)}]" if targets else "I think we should look closer."
        done, _ = env.step(action)
        steps += 1
    return Count(steps, steps, 1)


def player(name: str) -> Callable[[int], Count]:
    """The function that plays one seeded game of ``name`` (an env id, or the anchor's)."""
    if name == ANCHOR:
        return anchor_game
    return lambda seed: parlour_game(name, seed)


def timed(name: str, seconds: float, first_seed: int) -> tuple[Count, float]:
    """Whole games of ``name`` for about ``seconds``: what they did and the time they took."""
    play = player(name)
    total = Count()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        total += play(first_seed + total.games)
    return total, time.perf_counter() - start


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measured(
    name: str, seconds: float, seed: int, checkout: str | None = None
) -> tuple[float, float]:
    """(steps/s, decisions/s) of ``name`` over about ``seconds``, timed in a fresh process (the
    same for every contender), with Parlour imported from ``checkout`` when given."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (checkout, env.get("PYTHONPATH"))))
    command = [sys.executable, __file__, "--time", name, str(seconds), str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    steps, decisions, elapsed = done.stdout.split()
    return int(steps) / float(elapsed), int(decisions) / float(elapsed)


def wall_clock(
    games: tuple[str, ...], seconds: float, rounds: int, baseline: str | None = None
) -> None:
    """The interleaved run: per round and game, the anchor, then the game (then the game from
    the ``baseline`` checkout); medians over rounds."""
    checkouts = (None, baseline) if baseline else (None,)
    rates: dict[tuple[str, str | None], list[tuple[float, float]]] = defaultdict(list)
    for round_index in range(rounds):
        seed = 1000 * round_index
        for env_id in games:
            rates[ANCHOR, None].append(measured(ANCHOR, seconds, seed))
            for checkout in checkouts:
                rates[env_id, checkout].append(measured(env_id, seconds, seed, checkout))
    anchor = median([d for _, d in rates[ANCHOR, None]])
    extra = f" {'baseline dec/s':>15} {'x anchor':>9} {'change':>8}" if baseline else ""
    print(f"{'game':18} {'steps/s':>9} {'decisions/s':>12} {'x anchor':>9}{extra}")
    anchor_steps = median([s for s, _ in rates[ANCHOR, None]])
    print(f"{ANCHOR:18} {anchor_steps:9,.0f} {anchor:12,.0f} {1:9.2f}")
    for env_id in games:
        steps = median([s for s, _ in rates[env_id, None]])
        decisions = median([d for _, d in rates[env_id, None]])
        row = f"{env_id:18} {steps:9,.0f} {decisions:12,.0f} {decisions / anchor:9.2f}"
        if baseline:
            before = median([d for _, d in rates[env_id, baseline]])
            row += f" {before:15,.0f} {before / anchor:9.2f} {decisions / before - 1:8.0%}"
        print(row)


def count_games(name: str, games: int) -> Count:
    """``games`` seeded games after three warm-up games (which are not counted), played inside
    one call of ``sys.call_tracing``: under valgrind, only that call is counted (see
    :func:`instructions`)."""
    play = player(name)
    for seed in range(3):
        play(10_000 + seed)

    def measured() -> Count:
        total = Count()
        for seed in range(games):
            total += play(seed)
        return total

    return sys.call_tracing(measured, ())  # type: ignore[no-any-return]


#: The C function of ``sys.call_tracing``, inside which callgrind counts (nothing else calls it).
COUNTED_CALL = "sys_call_tracing"


def instructions(name: str, games: int, checkout: str | None = None) -> float | None:
    """Instructions per decision of ``name`` under callgrind, counted inside the measured games
    only (not the interpreter's start-up, the imports or the warm-up games), with Parlour from
    ``checkout`` when given; None where this Python's symbols do not name the counted call (a
    stripped build)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (checkout, env.get("PYTHONPATH"))))
    command = [
        *("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"),
        *("--collect-atstart=no", f"--toggle-collect={COUNTED_CALL}"),
        *(sys.executable, __file__, "--count", name, str(games)),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    total = int(re.search(r"Collected : (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    decisions = int(done.stdout.split()[1])
    return total / decisions if total else None


def callgrind(games: tuple[str, ...], per_game: int, baseline: str | None = None) -> None:
    if shutil.which("valgrind") is None:
        print("(valgrind not installed: no instruction counts)")
        return
    anchor = instructions(ANCHOR, per_game)
    if anchor is None:
        print(f"(this Python has no symbol {COUNTED_CALL}: no instruction counts)")
        return
    extra = f" {'baseline':>15} {'x anchor':>9} {'change':>8}" if baseline else ""
    header = f"{'game':18} {'instr/decision':>15} {'x anchor':>9}{extra}"
    print(f"\n{header}  (callgrind, {per_game} games)")
    print(f"{ANCHOR:18} {anchor:15,.0f} {1:9.2f}")
    for env_id in games:
        ours = instructions(env_id, per_game) or math.nan
        row = f"{env_id:18} {ours:15,.0f} {anchor / ours:9.2f}"
        if baseline:
            before = instructions(env_id, per_game, baseline) or math.nan
            row += f" {before:15,.0f} {anchor / before:9.2f} {ours / before - 1:8.0%}"
        print(row, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (medians)")
    parser.add_argument("--env", action="append", help="a Parlour env id (default: all six)")
    parser.add_argument("--callgrind", action="store_true", help="also count instructions")
    parser.add_argument("--callgrind-games", type=int, default=20, help="games per count")
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also time the Parlour checkout in DIR (e.g. a git worktree of an older commit)",
    )
    parser.add_argument("--count", nargs=2, metavar=("NAME", "GAMES"), help=argparse.SUPPRESS)
    parser.add_argument("--time", nargs=3, metavar=("NAME", "S", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count:  # the child process of --callgrind
        gc.disable()  # (collections fall at different points: noise in the difference)
        total = count_games(args.count[0], int(args.count[1]))
        print(total.steps, total.decisions)
        return
    if args.time:  # a child process of the wall-clock run
        player(args.time[0])(
            10_000
        )  # warm up: imports, first-use set-up, caches of the interpreter
        total, elapsed = timed(args.time[0], float(args.time[1]), int(args.time[2]))
        print(total.steps, total.decisions, elapsed)
        return
    try:
        import textarena  # noqa: F401
    except ImportError:
        parser.exit(
            2, "versus_textarena: error: textarena is not installed: pip install -e .[bench]\n"
        )
    games = tuple(args.env or GAMES)
    print(
        f"# Parlour beside TextArena {ANCHOR} ({ANCHOR_PLAYERS} players): fresh env per game,"
        f" random legal policy, {args.rounds} interleaved rounds of {args.seconds:g} s, medians"
        f" ({platform.python_implementation()} {platform.python_version()}, {platform.machine()});"
        f" Parlour from {os.path.dirname(os.path.dirname(parlour.__file__))}"
    )
    wall_clock(games, args.seconds, args.rounds, args.baseline)
    if args.callgrind:
        callgrind(games, args.callgrind_games, args.baseline)


if __name__ == "__main__":
    main()
