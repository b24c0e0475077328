"""How well the scripted Who-is-Spy bots play: civilian win rates for each mix of sides.

Each seed deals the roles; the agents are seated by them, so every mix meets the same deals.

    python benchmarks/who_is_spy_bots.py [--games 200]
"""

from __future__ import annotations

import argparse

from parlour.arena.strength import side_win_rate

MIXES = (
    ("scripted", "random"),
    ("random", "random"),
    ("scripted", "scripted"),
    ("random", "scripted"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=200)
    args = parser.parse_args()
    print(f"# Who-is-Spy, 6 players, 1 spy, {args.games} seeded games per mix")
    print(f"{'civilians':10} {'spy':10} {'civilian wins':>14}")
    for civilians, spy in MIXES:
        rate = side_win_rate("who_is_spy_v0", {"spy": spy, "*": civilians}, "civilians", args.games)
        print(f"{civilians:10} {spy:10} {rate:14.1%}")


if __name__ == "__main__":
    main()
