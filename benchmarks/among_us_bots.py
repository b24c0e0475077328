"""How well the scripted Among Us bots play: crew win rates for each mix of sides.

The seed draws the impostor seats, the same for every mix; crewmate seats play one agent spec
and impostor seats the other.

    python benchmarks/among_us_bots.py [--games 500] [--map skeld]
"""

from __future__ import annotations

import argparse
from collections import Counter

import parlour
from parlour.arena.strength import side_win_rate
from parlour.play import play_game

MIXES = (
    ("scripted", "scripted"),
    ("scripted", "random"),
    ("random", "scripted"),
    ("random", "random"),
)


def win_reasons(games: int, map_name: str) -> Counter[str]:
    """How scripted-vs-scripted games end."""
    reasons: Counter[str] = Counter()
    for seed in range(games):
        result = play_game("among_us_v0", ["scripted"] * 6, seed=seed, map=map_name)
        reasons[f"{result.metrics['winner']}: {result.metrics['win_reason']}"] += 1
    return reasons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=500)
    parser.add_argument("--map", default="skeld", choices=["skeld", "grid"])
    args = parser.parse_args()
    assert "among_us_v0" in parlour.list_envs()
    print(f"# Among Us, map {args.map}, 6 players, 1 impostor, {args.games} seeded games per mix")
    print(f"{'crew':10} {'impostor':10} {'crew wins':>10} {'impostor wins':>14}")
    for crew, impostor in MIXES:
        sides = {"impostor": impostor, "*": crew}
        rate = side_win_rate("among_us_v0", sides, "crewmate", args.games, map=args.map)
        print(f"{crew:10} {impostor:10} {rate:10.1%} {1 - rate:14.1%}")
    reasons = win_reasons(args.games, args.map)
    print("scripted vs scripted endings: " + ", ".join(f"{k} {v}" for k, v in reasons.items()))


if __name__ == "__main__":
    main()
