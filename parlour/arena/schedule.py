"""The schedule: a pure function of the spec. Same spec, same games, in the same order.

For each ``[[games]]`` entry, deals (seeds) are drawn from the tournament seed. Each deal is
played once per distinct seat rotation, so every agent takes every seat (and with it every role
the deal assigns) equally often; where the game has a twin (Who-is-Spy's swapped words) each
rotation is also played as the twin. The lineup's starting agent advances with each deal, so
agents that do not divide the number of seats still share seats evenly over a whole number of
deals. A rotation that seats every agent as an earlier one did (two agents on four seats: the
third rotation is the first again) is left out: it would replay the same game and count it
twice. No schedule plays one deal twice with one seating (:func:`game_key`), and an entry's
``games`` is rounded up to whole deals.

Cooperative games (an env module with ``COOPERATIVE = True``, such as Overcooked) pay every seat
the same, so one game cannot rank its agents. Each of their deals is played as cross-play instead:
once per way of seating the agents (every team, mixed ones and each agent with copies of itself),
and the ratings compare the agents' mean rewards over the whole deal.

Game ids and deal seeds start with the entry's label (its env id, or its name or number where
two entries play one env), so two entries never write the same game id.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parlour.arena.spec import GameEntry, TournamentSpec, entry_labels
from parlour.core.errors import ConfigError
from parlour.registry import get_game


@dataclass(frozen=True)
class ScheduledGame:
    """One game to play: its id, env, config, seed and which agent sits where."""

    game_id: str
    env_id: str
    config: dict[str, Any]
    seed: int
    seats: dict[str, str]  # agent id -> agent name
    deal: int
    rotation: int
    twin: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "game_id": self.game_id,
            "env_id": self.env_id,
            "config": self.config,
            "seed": self.seed,
            "seats": self.seats,
            "deal": self.deal,
            "rotation": self.rotation,
            "twin": self.twin,
        }


def deal_seed(tournament_seed: int, label: str, deal: int) -> int:
    """A game seed per (tournament seed, entry label, deal), independent of everything else."""
    words = [tournament_seed, deal, *label.encode()]
    return int(np.random.SeedSequence(words).generate_state(1, np.uint64)[0] >> 2)


def make_schedule(spec: TournamentSpec) -> list[ScheduledGame]:
    """Every game of the tournament, in a fixed order; its game ids are unique, and no two of
    its games are the same game (see :func:`game_key`)."""
    names = [agent.name for agent in spec.agents]
    schedule: list[ScheduledGame] = []
    if spec.paper is not None:  # a paper's own seating (parlour reproduce)
        from parlour.papers import paper_schedule

        schedule = paper_schedule(spec.paper, names, spec.games[0].games, spec.seed)
    else:
        for entry, label in zip(spec.games, entry_labels(spec.games), strict=True):
            schedule += _entry_games(entry, label, names, spec)
    repeated = [i for i, n in Counter(g.game_id for g in schedule).items() if n > 1]
    if repeated:
        raise ConfigError(f"the spec schedules game id {repeated[0]} twice; name its entries")
    keys = [game_key(g.to_json()) for g in schedule]
    counts = Counter(keys)
    twice = next((g.game_id for g, k in zip(schedule, keys, strict=True) if counts[k] > 1), None)
    if twice is not None:  # each deal's seatings are distinct: only equal seeds could do it
        raise ConfigError(f"the schedule plays game {twice} twice (same deal, same seating)")
    return schedule


def _entry_games(
    entry: GameEntry, label: str, names: list[str], spec: TournamentSpec
) -> list[ScheduledGame]:
    """One ``[[games]]`` entry's games: whole deals, each played once per distinct seating and
    config (plain, and its twin where it has one)."""
    declared = get_game(entry.env)
    seats = list(declared.env(**entry.config).possible_agents)
    configs = _configs(entry.config, declared.twin if spec.twins else None)
    # every deal has as many seatings: a deal's lineup is deal 0's with the names relabelled
    per_deal = len(seatings(names, seats, 0, declared.cooperative)) * len(configs)
    games = []
    for deal in range(max(1, math.ceil(entry.games / per_deal))):
        seed = deal_seed(spec.seed, label, deal)
        for rotation, sitting in seatings(names, seats, deal, declared.cooperative):
            for is_twin, config in configs:
                game_id = f"{label}-d{deal:03d}-r{rotation:02d}{'-twin' if is_twin else ''}"
                games.append(
                    ScheduledGame(
                        game_id, entry.env, config, seed, sitting, deal, rotation, is_twin
                    )
                )
    return games


def _configs(
    config: dict[str, Any], twin: dict[str, Any] | None
) -> list[tuple[bool, dict[str, Any]]]:
    """(is twin, config) for each version of a deal: the plain one, and the twin unless the
    entry's config already is the twin (it would be the same game)."""
    twinned = {**config, **(twin or {})}
    return [(False, config)] + ([(True, twinned)] if twin and twinned != config else [])


def seatings(
    names: list[str], seats: list[str], deal: int, cooperative: bool = False
) -> list[tuple[int, dict[str, str]]]:
    """A deal's seatings, each once, with its rotation number (which names its game id).

    Competitive games rotate the deal's lineup (the agents in turn, starting with agent
    ``deal``) through the seats. Where the agents divide the seats the lineup repeats itself
    (two agents on four seats: ``a b a b``), and so do the rotations: rotation 2 seats everyone
    as rotation 0 did. Playing it again would replay the same game and count it twice, so only
    the distinct rotations are kept; they still give each agent each seat equally often (a
    lineup of period p is covered by its first p rotations exactly as by all of them).
    Cooperative games take every team instead (each agent in each seat with every partner).

    Example:
        >>> [r for r, _ in seatings(["a", "b"], ["p0", "p1", "p2", "p3"], deal=0)]
        [0, 1]
        >>> [r for r, _ in seatings(["a", "b", "c"], ["p0", "p1", "p2", "p3"], deal=0)]
        [0, 1, 2, 3]
    """
    if cooperative:
        teams = itertools.product(names, repeat=len(seats))
        return [(i, dict(zip(seats, team, strict=True))) for i, team in enumerate(teams)]
    lineup = [names[(deal + i) % len(names)] for i in range(len(seats))]
    out: list[tuple[int, dict[str, str]]] = []
    seen: set[tuple[str, ...]] = set()
    for rotation in range(len(seats)):
        sitting = tuple(lineup[(s + rotation) % len(seats)] for s in range(len(seats)))
        if sitting not in seen:
            seen.add(sitting)
            out.append((rotation, dict(zip(seats, sitting, strict=True))))
    return out


def game_key(game: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes a game the game it is: env, config, seed (the deal) and who sits where. Two
    scheduled games with one key would play the same game twice (seeded games replay exactly)."""
    config = json.dumps(game["config"], sort_keys=True, default=str)
    return (game["env_id"], config, game["seed"], tuple(sorted(game["seats"].items())))


@dataclass(frozen=True)
class ScheduleCounts:
    """How many games a schedule has, how many of them distinct, and over how many deals."""

    games: int
    distinct: int
    deals: int


def schedule_counts(games: Iterable[Mapping[str, Any]]) -> ScheduleCounts:
    """The counts of a schedule (``ScheduledGame.to_json()`` dicts, as a run stores them); a run
    written before repeated seatings were dropped shows fewer distinct games than games."""
    listed = list(games)
    return ScheduleCounts(
        games=len(listed),
        distinct=len({game_key(g) for g in listed}),
        deals=len({(g["env_id"], g["seed"]) for g in listed}),
    )
