"""Who meets whom: the pairing schedules of the Donor Game, as pure functions.

A round is a list of ``(donor, recipient)`` seat indices; every agent is in exactly one pair per
round, so donations within a round never interact.
"""

from __future__ import annotations

import numpy as np

Round = list[tuple[int, int]]


def paper_round(n: int, r: int) -> Round:
    """Vallinder & Hughes' bipartite schedule, round ``r`` (0-based, cycling every ``n`` rounds).

    Halves A = 0..n/2-1 and B = the rest. For p = r mod n/2, A_i meets B_((i+p) mod n/2); in the
    first n/2 rounds A donates when p is even and B when p is odd; the next n/2 rounds repeat the
    pairings with the roles reversed.
    """
    half = n // 2
    r %= n
    p = r % half
    a_donates = (p % 2 == 0) != (r >= half)
    pairs = [(i, half + (i + p) % half) for i in range(half)]
    return [(a, b) if a_donates else (b, a) for a, b in pairs]


def round_robin_round(n: int, r: int) -> Round:
    """The circle method: every pair meets once in n-1 rounds; the donor side alternates by round
    and flips in each later cycle, so over 2(n-1) rounds every ordered pair occurs once."""
    cycle, r = divmod(r, n - 1)
    others = list(range(1, n))
    others = others[r:] + others[:r]
    ring = [0, *others]
    pairs = [(ring[i], ring[n - 1 - i]) for i in range(n // 2)]
    first_donates = (r % 2 == 0) != (cycle % 2 == 1)
    return [(a, b) if first_donates else (b, a) for a, b in pairs]


def random_round(
    n: int, rng: np.random.Generator, seen: set[tuple[int, int]], tries: int = 20
) -> Round:
    """A random perfect matching with random roles, avoiding (donor, recipient) pairs in ``seen``
    where possible: the draw with the fewest repeats out of ``tries`` is kept."""
    best: Round | None = None
    best_repeats = n + 1
    for _ in range(tries):
        order = rng.permutation(n)
        flips = rng.integers(2, size=n // 2)
        pairs = [
            (int(order[2 * k]), int(order[2 * k + 1]))
            if flips[k]
            else (int(order[2 * k + 1]), int(order[2 * k]))
            for k in range(n // 2)
        ]
        repeats = sum(pair in seen for pair in pairs)
        if repeats < best_repeats:
            best, best_repeats = pairs, repeats
        if repeats == 0:
            break
    assert best is not None
    return best
