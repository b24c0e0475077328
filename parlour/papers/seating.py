"""How the papers seat their models: the schedules of their main experiments.

Every schedule plays the same deals (seeds) in every cell of the paper's table, so the cells
differ only in who sits where: a paired comparison, as the papers' fixed seeds make theirs.

* :func:`side_grid`: one model for each side (Werewolf Arena's village model x wolf model).
* :func:`guest_seats`: one guest model in one seat among a host model (SpyGame's spy and
  civilian); the guest takes the side's lowest seat.
* :func:`every_mix`: all the models at one table, each seating rotation once (AucArena's mixes).
* :func:`partner_grid`: two-seat cooperative games, every ordered (model, partner) pair in every
  config (ProAgent's partners on each layout, in both positions).
* :func:`team_against_base`: each model as one side's team against the first model (the base) on
  the other side, in every config of the paper (Sarkar et al.'s crewmates against the base
  impostor, over the sweeps of grids, tasks and crew sizes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from parlour.arena.schedule import ScheduledGame, deal_seed, seatings
from parlour.papers.paper import Paper, PaperRun
from parlour.registry import make


def seat_roles(env_id: str, config: Mapping[str, Any], seed: int) -> dict[str, str]:
    """Each seat's role in the deal ``seed`` (the game is dealt, not played)."""
    env = make(env_id, **config)
    env.reset(seed=seed)
    roles = env.unwrapped.match.rules.roles
    return {seat: getattr(role, "value", str(role)) for seat, role in roles.items()}


def side_grid(side_of_role: Mapping[str, str], sides: tuple[str, str]) -> Callable[..., Any]:
    """A schedule of every (model on ``sides[0]``, model on ``sides[1]``) pair, each over the
    run's deals; ``side_of_role`` names each role's side."""

    def schedule(paper: Paper, run: PaperRun) -> list[ScheduledGame]:
        games = []
        for deal in range(run.games):
            seed = deal_seed(run.seed, run.label, deal)
            roles = seat_roles(paper.env_id, paper.config, seed)
            side = {s: side_of_role[r] for s, r in roles.items()}
            for first in run.models:
                for second in run.models:
                    model = {sides[0]: first, sides[1]: second}
                    seats = {seat: model[side[seat]] for seat in sorted(side)}
                    game_id = f"{run.label}-d{deal:03d}-{sides[0]}.{first}-{sides[1]}.{second}"
                    games.append(
                        ScheduledGame(
                            game_id, paper.env_id, dict(paper.config), seed, seats, deal, 0
                        )
                    )
        return games

    return schedule


def guest_seats(side_of_role: Mapping[str, str], twin: Mapping[str, Any]) -> Callable[..., Any]:
    """A schedule that seats each guest model (every model after the first, the host; a lone
    model is its own guest) once on each side, the host in every other seat, each deal also
    played as its ``twin`` (SpyGame's word pair both ways)."""

    def schedule(paper: Paper, run: PaperRun) -> list[ScheduledGame]:
        host, guests = run.models[0], run.models[1:] or run.models[:1]
        games = []
        for deal in range(run.games):
            seed = deal_seed(run.seed, run.label, deal)
            roles = seat_roles(paper.env_id, paper.config, seed)
            for guest in guests:
                # a host that is its own guest plays one game: every seat is the same model
                sides = list(dict.fromkeys(side_of_role[r] for r in roles.values()))
                for side in sides if guest != host else sides[:1]:
                    seat = min(s for s, r in roles.items() if side_of_role[r] == side)
                    seats = {s: guest if s == seat else host for s in sorted(roles)}
                    for suffix, config in (("", paper.config), ("-twin", {**paper.config, **twin})):
                        game_id = f"{run.label}-d{deal:03d}-{side}.{guest}{suffix}"
                        games.append(
                            ScheduledGame(
                                game_id,
                                paper.env_id,
                                dict(config),
                                seed,
                                seats,
                                deal,
                                0,
                                twin=bool(suffix),
                            )
                        )
        return games

    return schedule


def every_mix(paper: Paper, run: PaperRun) -> list[ScheduledGame]:
    """All the models at each table, each distinct rotation of them over the seats once."""
    env = make(paper.env_id, **paper.config)
    seats = list(env.possible_agents)
    games = []
    for deal in range(run.games):
        seed = deal_seed(run.seed, run.label, deal)
        for rotation, sitting in seatings(list(run.models), seats, deal):
            game_id = f"{run.label}-d{deal:03d}-r{rotation:02d}"
            games.append(
                ScheduledGame(
                    game_id, paper.env_id, dict(paper.config), seed, sitting, deal, rotation
                )
            )
    return games


def partner_grid(paper: Paper, run: PaperRun) -> list[ScheduledGame]:
    """Every ordered (model, partner) pair on every config of the paper, over the run's deals:
    the first name sits ``player_0``, so both positions of each pair are played."""
    games = []
    for name, config in paper.game_configs().items():
        for deal in range(run.games):
            seed = deal_seed(run.seed, f"{run.label}-{name}", deal)
            for first in run.models:
                for second in run.models:
                    seats = {"player_0": first, "player_1": second}
                    game_id = f"{run.label}-{name}-d{deal:03d}-{first}-{second}"
                    games.append(ScheduledGame(game_id, paper.env_id, config, seed, seats, deal, 0))
    return games


def team_against_base(
    side_of_role: Mapping[str, str], team: str, observer: bool = False
) -> Callable[..., Any]:
    """A schedule that seats each model as ``team`` (every seat of that side) against the first
    model, the base, on the other side, in every config of the paper. With ``observer`` the
    team's last seat is the base's too (Sarkar et al.'s held-out observer crewmate), unless the
    team has a single seat."""

    def schedule(paper: Paper, run: PaperRun) -> list[ScheduledGame]:
        base = run.models[0]
        games = []
        for name, config in paper.game_configs().items():
            for deal in range(run.games):
                seed = deal_seed(run.seed, f"{run.label}-{name}", deal)
                roles = seat_roles(paper.env_id, config, seed)
                ours = sorted(
                    (s for s, r in roles.items() if side_of_role[r] == team), key=_seat_number
                )
                watcher = ours[-1] if observer and len(ours) > 1 else None
                for model in run.models:
                    seats = {
                        s: model if s in ours and s != watcher else base
                        for s in sorted(roles, key=_seat_number)
                    }
                    game_id = f"{run.label}-{name}-d{deal:03d}-{team}.{model}"
                    games.append(ScheduledGame(game_id, paper.env_id, config, seed, seats, deal, 0))
        return games

    return schedule


def _seat_number(seat: str) -> int:
    """``player_10`` after ``player_9``."""
    return int(seat.rsplit("_", 1)[-1])
