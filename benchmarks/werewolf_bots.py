"""How well the scripted Werewolf bots play: village win rates for each mix of sides.

Roles are drawn by the seed, so every mix meets the same deals; village seats play one agent
spec and werewolf seats the other.

    python benchmarks/werewolf_bots.py [--games 500] [--preset arena8]
"""

from __future__ import annotations

import argparse

from parlour.arena.strength import side_win_rate

MIXES = (
    ("scripted", "scripted"),
    ("scripted", "random"),
    ("random", "scripted"),
    ("random", "random"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=500)
    parser.add_argument("--preset", default="arena8")
    args = parser.parse_args()
    print(f"# Werewolf, preset {args.preset}, {args.games} seeded games per mix")
    print(f"{'village':10} {'werewolves':10} {'village wins':>13} {'werewolf wins':>14}")
    for village, wolves in MIXES:
        sides = {"werewolf": wolves, "*": village}
        rate = side_win_rate("werewolf_v0", sides, "village", args.games, preset=args.preset)
        print(f"{village:10} {wolves:10} {rate:13.1%} {1 - rate:14.1%}")


if __name__ == "__main__":
    main()
