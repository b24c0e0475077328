"""No schedule plays a game twice: a deal (game, config, seed) is never seated the same way twice.

Rotating a lineup that repeats itself (two agents on four seats: ``a b a b``) gives each seating
twice, and a seeded game replays exactly, so the schedule once played r00/r02 and r01/r03 as
identical games and counted them twice in the ratings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from parlour import list_envs
from parlour.arena import AgentEntry, GameEntry, TournamentSpec, make_schedule, run_tournament
from parlour.arena.report import write_report
from parlour.arena.schedule import game_key, schedule_counts, seatings
from parlour.arena.store import RunStore
from parlour.cli import main
from parlour.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("scripted", "random", "scripted2", "random2")


def spec_of(games: int, agents: int = 2, env: str = "who_is_spy_v0", **config) -> TournamentSpec:
    kinds = ("scripted", "random")
    return TournamentSpec(
        games=(GameEntry(env, games, config),),
        agents=tuple(AgentEntry(NAMES[i], kinds[i % 2]) for i in range(agents)),
        seed=11,
        concurrency=1,
    )


def test_two_agents_on_four_seats_play_each_seating_of_a_deal_once():
    schedule = make_schedule(spec_of(48, num_players=4))
    played = Counter((g.seed, g.twin, tuple(g.seats.values())) for g in schedule)
    assert set(played.values()) == {1}  # was {2}: r00 = r02 and r01 = r03
    assert len(schedule) == 48 and len({g.seed for g in schedule}) == 12  # 12 deals, not 6
    assert {g.rotation for g in schedule} == {0, 1}
    seats = Counter((seat, agent) for g in schedule for seat, agent in g.seats.items())
    assert set(seats.values()) == {24}  # every agent still in every seat equally often


@pytest.mark.parametrize("agents", [2, 3, 4])
@pytest.mark.parametrize("env", list_envs())
def test_no_schedule_repeats_a_game_and_each_seat_is_shared_evenly(env, agents):
    schedule = make_schedule(spec_of(24, agents, env))
    keys = [game_key(g.to_json()) for g in schedule]
    assert len(set(keys)) == len(keys) >= 24
    counts = schedule_counts(g.to_json() for g in schedule)
    assert (counts.games, counts.distinct) == (len(schedule), len(schedule))
    deals = len({g.seed for g in schedule})
    assert counts.deals == deals and len(schedule) % deals == 0  # whole deals, alike
    if deals % agents == 0:  # every lineup start alike: each agent in each seat equally often
        seats = Counter((seat, agent) for g in schedule for seat, agent in g.seats.items())
        assert len(set(seats.values())) == 1, seats


@pytest.mark.parametrize(
    "agents, seats, rotations",
    [
        (2, 4, [0, 1]),
        (2, 6, [0, 1]),
        (3, 6, [0, 1, 2]),
        (2, 5, [0, 1, 2, 3, 4]),
        (4, 4, [0, 1, 2, 3]),
    ],
)
def test_only_the_distinct_rotations_are_kept(agents, seats, rotations):
    names, chairs = list(NAMES[:agents]), [f"player_{i}" for i in range(seats)]
    for deal in range(agents):
        kept = seatings(names, chairs, deal)
        assert [r for r, _ in kept] == rotations
        assert len({tuple(s.values()) for _, s in kept}) == len(kept)


def test_a_config_that_already_is_the_twin_is_not_played_twice():
    schedule = make_schedule(spec_of(8, num_players=4, swap_words=True))
    assert not any(g.twin for g in schedule)
    assert schedule_counts(g.to_json() for g in schedule).distinct == len(schedule) == 8


def test_schedule_counts_count_repeated_games_once():
    games = [g.to_json() for g in make_schedule(spec_of(8, num_players=4))]
    counts = schedule_counts(games)
    assert (counts.games, counts.distinct, counts.deals) == (8, 8, 2)
    # what the old rotation added: r02 seats the deal as r00 did
    repeated = {**games[0], "game_id": games[0]["game_id"].replace("-r00", "-r02")}
    counts = schedule_counts([*games, repeated])
    assert (counts.games, counts.distinct, counts.deals) == (9, 8, 2)


SCHEDULE_JSON = """
import json
from parlour.arena import default_spec, make_schedule
spec = default_spec().with_overrides(games_per_env=24)
print(json.dumps([g.to_json() for g in make_schedule(spec)], sort_keys=True))
"""


def test_the_schedule_is_the_same_in_any_process():
    outputs = set()
    for hash_seed in ("0", "1", "random"):
        done = subprocess.run(
            [sys.executable, "-c", SCHEDULE_JSON],
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert [g["game_id"] for g in json.loads(outputs.pop())][:3] == [
        "who_is_spy_v0-d000-r00",
        "who_is_spy_v0-d000-r00-twin",
        "who_is_spy_v0-d000-r01",
    ]


def test_the_report_says_how_many_distinct_games_the_schedule_has(tmp_path, capsys):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        'seed = 1\nconcurrency = 1\n[[games]]\nenv = "who_is_spy_v0"\ngames = 12\n'
        'config = { num_players = 4 }\n[agents.a]\nspec = "scripted"\n'
        '[agents.b]\nspec = "random"\n'
    )
    assert main(["tournament", str(spec), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Schedule: 12 games over 3 deals, 12 distinct" in printed
    assert "12 games played, 0 failed" in printed


class _Interrupted(Exception):
    pass


def test_an_interrupted_run_resumes_to_the_results_of_an_uninterrupted_one(tmp_path, monkeypatch):
    spec = spec_of(16, num_players=4)
    whole, _ = write_report(run_tournament(spec, tmp_path / "whole", progress=False))
    record = RunStore.record

    def record_then_stop(self, *args):
        record(self, *args)
        if len(self.finished_ids()) == 5:
            raise _Interrupted

    monkeypatch.setattr(RunStore, "record", record_then_stop)
    with pytest.raises(_Interrupted):
        run_tournament(spec, tmp_path / "cut", progress=False)
    monkeypatch.setattr(RunStore, "record", record)
    store = run_tournament(None, tmp_path / "cut", resume=True, progress=False)
    ids = [g["game_id"] for g in store.games()]
    assert len(ids) == len(set(ids)) == 16
    assert write_report(store)[0] == whole


def test_a_run_that_played_a_repeated_seating_is_not_resumed(tmp_path):
    """A directory an older parlour filled holds r02 of a two-agent, four-seat deal: resuming
    it would count that game twice, so it is refused, naming why."""
    store = run_tournament(spec_of(4, num_players=4), tmp_path / "run", progress=False)
    first = store.games()[0]
    store.record(99, {**first, "game_id": first["game_id"].replace("-r00", "-r02")}, first)
    store.close()
    with pytest.raises(ConfigError, match="seatings that repeated a game"):
        run_tournament(None, tmp_path / "run", resume=True, progress=False)
