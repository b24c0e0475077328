"""Tournaments: schedule, running, store and resume, ratings, reports, replay."""

from __future__ import annotations

from collections import Counter

from parlour import list_envs
from parlour.agents import BaseAgent, register_agent
from parlour.arena import (
    AgentEntry,
    GameEntry,
    TournamentSpec,
    default_spec,
    load_spec,
    make_schedule,
    run_tournament,
)
from parlour.arena.ratings import compute_results
from parlour.arena.report import write_report
from parlour.arena.store import RunStore
from parlour.cli import main
from parlour.testing import FakeOpenAIServer


def small_spec(games: int = 24, **overrides) -> TournamentSpec:
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", games),),
        agents=(AgentEntry("scripted", "scripted"), AgentEntry("random", "random")),
        seed=3,
        concurrency=1,
    )
    return spec.with_overrides(**overrides)


def test_schedule_rotates_every_agent_through_every_seat_and_pairs_twins():
    schedule = make_schedule(small_spec(games=48))
    assert len(schedule) == 48
    assert make_schedule(small_spec(games=48)) == schedule  # a pure function of the spec
    seats = Counter((seat, agent) for game in schedule for seat, agent in game.seats.items())
    assert set(seats.values()) == {24}  # 6 seats x 2 agents, each pair equally often
    twins = Counter((g.seed, g.rotation) for g in schedule)
    assert set(twins.values()) == {2}  # each deal and rotation played plain and swapped
    assert {g.config.get("swap_words", False) for g in schedule} == {False, True}


def test_same_spec_and_seed_give_identical_results(tmp_path):
    texts = []
    for name in ("a", "b"):
        store = run_tournament(small_spec(concurrency=2), tmp_path / name, progress=False)
        text, _ = write_report(store)
        texts.append((text, [(g["game_id"], g["rewards"], g["metrics"]) for g in store.games()]))
    assert texts[0] == texts[1]


#: Games where 96 games do not separate scripted from random, and why (rating gaps of seeds 0-3,
#: with every game distinct). Werewolf: the deal draws the teams (two wolves among eight seats),
#: so with two agents seated alternately nearly every team is mixed and a seat's result is mostly
#: its teammates' (gaps 1.5 to 3.0); its bots are checked side against side in
#: tests/envs/werewolf/test_bots.py instead. Donor Game: a social dilemma scored by each seat's
#: own resources, where the scripted tit-for-tat donor has no edge over a random one among twelve
#: seats (gaps -2.2 to 1.0; per deal the scripted minus random mean resources had sd 124 and mean
#: 7 over 48 deals). Its margin here was once over 2 only because the schedule played each of 8
#: deals' games six times (two agents on twelve seats): 16 distinct games counted as 96.
NOT_SEPARATED = {"werewolf_v0", "donor_game_v0"}


def test_scripted_outranks_random_in_every_game_with_a_clear_margin(tmp_path):
    spec = default_spec().with_overrides(games_per_env=96, concurrency=2)
    store = run_tournament(spec, tmp_path / "run", progress=False)
    _, results = write_report(store)
    assert set(results.ratings_by_env) == set(list_envs())
    for env, ratings in results.ratings_by_env.items():
        if env in NOT_SEPARATED:
            continue
        assert ratings["scripted"].mu - ratings["random"].mu > 2, env
        games = [g for g in store.games() if g["env_id"] == env]
        assert (
            compute_results(games, ["scripted", "random"]).head_to_head["scripted"]["random"] > 0.55
        )
    assert results.head_to_head["scripted"]["random"] > 0.6
    # Overcooked is cooperative: each deal's 4 cross-play games (ss, sr, rs, rr) are one match
    assert results.ratings_by_env["overcooked_v0"]["scripted"].games == 96 // 4
    for name in (
        "report.md",
        "ratings.csv",
        "win_rates.csv",
        "head_to_head.csv",
        "games.csv",
        "ratings.png",
        "win_rates.png",
    ):
        assert (tmp_path / "run" / name).stat().st_size > 0


class _Crashing(BaseAgent):
    name = "crashing"

    def act(self, observation, info):
        raise RuntimeError("agent bug")


def test_a_game_that_raises_is_recorded_and_the_run_goes_on(tmp_path):
    register_agent("crashing", _Crashing)
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 12),),
        agents=(AgentEntry("scripted", "scripted"), AgentEntry("crashing", "crashing")),
        concurrency=1,
    )
    store = run_tournament(spec, tmp_path / "run", progress=False)
    games = store.games()
    assert len(games) == 12 and all(g["status"] == "failed" for g in games)
    assert "agent bug" in games[0]["error"]
    text, results = write_report(store)
    assert results.failed == 12 and "12 failed" in text
    # the report says why, so a person need not open the database to learn it
    first = games[0]["game_id"]
    assert f"The first failed game, {first}: RuntimeError: agent bug" in text


SPEC_TOML = """
seed = 5
concurrency = 2

[[games]]
env = "who_is_spy_v0"
games = 12
config = {{ num_players = 4 }}

[agents.llm]
spec = "openai:test"
options = {{ base_url = "{base_url}", cache = "{cache}", timeout = 5 }}

[agents.scripted]
spec = "scripted"
"""


def test_llm_tournament_reruns_byte_identically_from_the_cache(tmp_path):
    cache = tmp_path / "shared.sqlite"
    with FakeOpenAIServer(port=0) as server:
        path = tmp_path / "spec.toml"
        path.write_text(SPEC_TOML.format(base_url=server.base_url, cache=cache))
        first = run_tournament(load_spec(path), tmp_path / "one", progress=False)
        requests = len(server.requests)
        second = run_tournament(
            load_spec(path), tmp_path / "two", cache_mode="replay-only", progress=False
        )
        assert len(server.requests) == requests  # the rerun sent nothing
    one = {g["game_id"]: g for g in first.games(with_text=True)}
    two = {g["game_id"]: g for g in second.games(with_text=True)}
    # 2 agents on 4 seats have 2 distinct seatings, played plain and twin: 3 deals of 4 games
    assert one.keys() == two.keys() and len(one) == 12
    assert all(
        one[k]["views"] == two[k]["views"] and one[k]["transcript"] == two[k]["transcript"]
        for k in one
    )
    calls = [c for g in one.values() for seat in g["llm_calls"].values() for c in seat]
    assert calls and all(c["valid"] for c in calls)
    _, results = write_report(first)
    llm = results.conduct["llm"]
    assert llm["requests"] == requests and llm["tokens"] > 0  # what the server received
    assert llm["requests"] + llm["cache_hits"] == len(calls)  # every reply valid: no fallback


def test_cli_runs_the_default_tournament_and_replays_games(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["tournament", "--out", str(out), "--games-per-env", "24", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "## Ratings" in printed and "scripted" in printed
    game_id = RunStore(out).games()[0]["game_id"]
    assert main(["replay", str(out), game_id, "--view", "player_1"]) == 0
    replay = capsys.readouterr().out
    assert "Moderator: Round 1." in replay and "only)" not in replay
    assert main(["replay", str(out), game_id]) == 0
    assert "only)" in capsys.readouterr().out
    assert main(["replay", str(out), "nope"]) == 2
    assert main(["tournament", "--out", str(out), "--quiet"]) == 2  # refuses to overwrite a run
    assert "--resume" in capsys.readouterr().err


def test_cooperative_games_are_played_as_cross_play_and_rated_by_deal():
    spec = small_spec(games=8).with_overrides(
        games=(GameEntry("overcooked_v0", 8, {"horizon": 60}),)
    )
    schedule = make_schedule(spec)
    teams = Counter(tuple(g.seats.values()) for g in schedule)
    assert set(teams) == {
        ("scripted", "scripted"),
        ("scripted", "random"),
        ("random", "scripted"),
        ("random", "random"),
    }
    assert len({g.seed for g in schedule}) == 2  # two deals of four games
    games = [
        {
            "game_id": g.game_id,
            "env_id": g.env_id,
            "seed": g.seed,
            "seats": g.seats,
            "status": "done",
            # a team's reward: 10 per scripted chef on it, paid to both seats
            "rewards": dict.fromkeys(g.seats, 10.0 * list(g.seats.values()).count("scripted")),
        }
        for g in schedule
    ]
    results = compute_results(games, ["scripted", "random"])
    assert results.ratings_by_env["overcooked_v0"]["scripted"].games == 2
    assert results.head_to_head["scripted"]["random"] == 1.0
