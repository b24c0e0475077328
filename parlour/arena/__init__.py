"""Reproducible tournaments: spec, schedule, runner, store, ratings and reports."""

from parlour.arena.runner import run_tournament
from parlour.arena.schedule import ScheduledGame, make_schedule
from parlour.arena.spec import AgentEntry, GameEntry, TournamentSpec, default_spec, load_spec

__all__ = [
    "AgentEntry",
    "GameEntry",
    "ScheduledGame",
    "TournamentSpec",
    "default_spec",
    "load_spec",
    "make_schedule",
    "run_tournament",
]
