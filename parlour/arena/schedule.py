"""The schedule: a pure function of the spec. Same spec, same games, in the same order.

For each ``[[games]]`` entry, deals (seeds) are drawn from the tournament seed. Each deal is
played once per seat rotation, so every agent takes every seat (and with it every role the deal
assigns) equally often; where the game has a twin (Who-is-Spy's swapped words) each rotation is
also played as the twin. The lineup's starting agent advances with each deal, so agents that do
not divide the number of seats still share seats evenly over a whole number of deals.

Cooperative games (an env module with ``COOPERATIVE = True``, such as Overcooked) pay every seat
the same, so one game cannot rank its agents. Each of their deals is played as cross-play instead:
once per way of seating the agents (every team, mixed ones and each agent with copies of itself),
and the ratings compare the agents' mean rewards over the whole deal.

Game ids and deal seeds start with the entry's label (its env id, or its name or number where
two entries play one env), so two entries never write the same game id.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parlour.arena.spec import TournamentSpec, entry_labels
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
    """Every game of the tournament, in a fixed order; its game ids are unique."""
    names = [agent.name for agent in spec.agents]
    schedule: list[ScheduledGame] = []
    for entry, label in zip(spec.games, entry_labels(spec.games), strict=True):
        declared = get_game(entry.env)
        seats = list(declared.env(**entry.config).possible_agents)
        twin = declared.twin if spec.twins else None
        cooperative = declared.cooperative
        teams = list(itertools.product(names, repeat=len(seats))) if cooperative else []
        per_deal = (len(teams) if cooperative else len(seats)) * (2 if twin else 1)
        deals = max(1, math.ceil(entry.games / per_deal))
        for deal in range(deals):
            seed = deal_seed(spec.seed, label, deal)
            lineup = [names[(deal + i) % len(names)] for i in range(len(seats))]
            for rotation in range(len(teams) if cooperative else len(seats)):
                if cooperative:
                    sitting = dict(zip(seats, teams[rotation], strict=True))
                else:
                    sitting = {
                        seat: lineup[(s + rotation) % len(seats)] for s, seat in enumerate(seats)
                    }
                for is_twin in (False, True) if twin else (False,):
                    config = {**entry.config, **(twin if is_twin else {})}
                    game_id = f"{label}-d{deal:03d}-r{rotation:02d}{'-twin' if is_twin else ''}"
                    schedule.append(
                        ScheduledGame(
                            game_id, entry.env, config, seed, sitting, deal, rotation, is_twin
                        )
                    )
    repeated = [i for i, n in Counter(g.game_id for g in schedule).items() if n > 1]
    if repeated:
        raise ConfigError(f"the spec schedules game id {repeated[0]} twice; name its entries")
    return schedule
