"""``parlour reproduce``: each paper's seating, its table, the command, resuming, LLM seats."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from parlour.cli import main
from parlour.papers import PAPER_NAMES, PAPERS, get_paper, paper_schedule
from parlour.papers.paper import PaperRun
from parlour.papers.reproduce import model_names
from parlour.papers.seating import seat_roles
from parlour.papers.tables import grid_table
from parlour.testing import FakeOpenAIServer

ROOT = Path(__file__).resolve().parents[2]
SIDE_GRID_PAPERS = {
    "werewolf-arena": {"werewolf": "werewolves"},
    "lspo": {"werewolf": "werewolves"},
}


def test_model_names_come_from_the_specs_and_never_repeat():
    names = [e.name for e in model_names(["scripted", "openai:gpt-4o?mode=json", "scripted"])]
    assert names == ["scripted", "gpt-4o", "scripted-2"]


@pytest.mark.parametrize("key", sorted(SIDE_GRID_PAPERS))
def test_a_side_grid_seats_one_model_per_side_on_the_same_deals(key):
    paper = get_paper(key)
    games = paper_schedule(key, ["a", "b"], 2, seed=5)
    assert len(games) == 2 * 4  # every (side, side) pairing of two models, on two deals
    assert len({g.seed for g in games}) == 2  # each pairing plays the same two deals
    second_side = SIDE_GRID_PAPERS[key]
    for game in games:
        roles = seat_roles(paper.env_id, paper.config, game.seed)
        models = {side: set() for side in ("first", "second")}
        for seat, model in game.seats.items():
            models["second" if roles[seat] in second_side else "first"].add(model)
        first, second = game.game_id.rsplit("-", 2)[-2:]
        assert models == {"first": {first.split(".")[1]}, "second": {second.split(".")[1]}}


def test_sarkar_seats_each_crew_model_against_the_base_impostor_in_every_sweep():
    paper = get_paper("among-us-sarkar")
    games = paper_schedule("among-us-sarkar", ["base", "tuned"], 1, seed=4)
    assert len(games) == 2 * len(paper.configs) == 26  # 5 grids, 5 task counts, 3 crew sizes
    crew_sizes = set()
    for game in games:
        roles = seat_roles(paper.env_id, game.config, game.seed)
        crew = sorted((s for s in roles if roles[s] == "crewmate"), key=lambda s: int(s[7:]))
        impostor = [s for s in roles if roles[s] == "impostor"]
        model = game.game_id.rsplit("crewmate.", 1)[1]
        assert [game.seats[s] for s in impostor] == ["base"]
        assert [game.seats[s] for s in crew] == [model] * (len(crew) - 1) + ["base"]
        assert game.config["kill_cooldown"] == 5  # the paper's evaluation setting
        crew_sizes.add(len(crew))
    assert crew_sizes == {3, 4, 5}


def test_spygame_seats_each_guest_once_on_each_side_among_hosts_both_word_ways():
    paper = get_paper("spygame")
    games = paper_schedule("spygame", ["host", "guest"], 1, seed=2)
    roles = seat_roles(paper.env_id, paper.config, games[0].seed)
    guest_roles = sorted(
        (roles[seat], g.twin) for g in games for seat, model in g.seats.items() if model == "guest"
    )
    assert guest_roles == [("civilian", False), ("civilian", True), ("spy", False), ("spy", True)]
    assert all(list(g.seats.values()).count("guest") == 1 for g in games)
    # a host that is its own guest plays each deal once (and its twin): no game twice
    assert len(paper_schedule("spygame", ["host"], 1, seed=2)) == 2


def test_the_grid_table_counts_the_first_sides_wins_per_pairing():
    def game(village: str, wolves: str, winner: str) -> dict:
        roles = {"p0": "werewolf", "p1": "villager", "p2": "seer"}
        seats = {"p0": wolves, "p1": village, "p2": village}
        return {"status": "done", "seats": seats, "metrics": {"roles": roles, "winner": winner}}

    games = [game("a", "b", "village"), game("a", "b", "werewolves"), game("b", "a", "village")]
    side_of_role = {"werewolf": "werewolves", "villager": "village", "seer": "village"}
    run = PaperRun(("a", "b"), 2, 0, "x")
    table = grid_table(games, run, side_of_role, ("village", "werewolves"), "t")
    cells = {row: dict(zip(table.columns, cells, strict=True)) for row, cells in table.rows}
    assert cells["a"]["b"].value == 0.5 and cells["a"]["b"].n == 2
    assert cells["b"]["a"].value == 1.0 and cells["b"]["a"].n == 1
    assert cells["a"]["a"].n == 0 and cells["a"]["a"].text() == "-"


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_each_paper_runs_offline_in_a_tiny_mode(key, tmp_path, capsys):
    out = tmp_path / key
    argv = ["reproduce", key, "--models", "scripted,random", "--games", "1", "--quiet"]
    assert main([*argv, "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith(f"# {PAPERS[key].title}")
    assert "| scripted" in report and "| random" in report
    with sqlite3.connect(out / "run.sqlite") as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM games")]
    assert statuses and set(statuses) == {"done"}
    assert report in capsys.readouterr().out
    if PAPERS[key].published:  # the paper's own figures are printed beside ours
        assert "### Published figures" in report and PAPERS[key].published.strip() in report


def test_donor_game_evolves_one_population_per_model_and_resumes(tmp_path, capsys):
    out = tmp_path / "donor"
    argv = ["reproduce", "donor-game", "--models", "scripted,random", "--games", "1"]
    assert main([*argv, "--out", str(out)]) == 0
    first = (out / "report.md").read_text(encoding="utf-8")
    records = json.loads(
        (out / "random" / "no-punishment" / "run-0" / "evolution.json").read_text()
    )
    assert len(records) == 10 and all(m["spec"] == "scripted" for m in records[0]["members"])
    assert "| scripted" in first and "gen 10" in first
    # a resumed reproduction reads the runs written and reports the same
    (out / "report.md").unlink()
    assert main(["reproduce", "donor-game", "--resume", str(out)]) == 0
    assert (out / "report.md").read_text(encoding="utf-8") == first
    capsys.readouterr()


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path, capsys):
    out = tmp_path / "wa"
    argv = ["reproduce", "werewolf-arena", "--models", "scripted,random", "--games", "1"]
    assert main([*argv, "--quiet", "--out", str(out)]) == 0
    with sqlite3.connect(out / "run.sqlite") as db:  # as if stopped before its last two games
        kept = [r[0] for r in db.execute("SELECT game_id FROM games ORDER BY position")][:2]
        db.execute(f"DELETE FROM games WHERE game_id NOT IN ({','.join('?' * len(kept))})", kept)
    assert main(["reproduce", "werewolf-arena", "--resume", str(out), "--quiet"]) == 0
    with sqlite3.connect(out / "run.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM games").fetchone()[0] == 4
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["reproduce", "nonesuch", "--models", "scripted"], "unknown paper 'nonesuch'"),
        (["reproduce", "lspo"], "--models names no agent"),
        (["reproduce", "lspo", "--models", "nonesuch"], "unknown spec"),
        (["reproduce", "lspo", "--resume", "nowhere", "--models", "x"], "cannot change it"),
        (["reproduce", "lspo", "--resume", "nowhere"], "no run to resume"),
        (["reproduce", "donor-game", "--models", "tit_for_tat:2x"], "fraction must be a number"),
    ],
)
def test_bad_input_is_one_line_and_status_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("parlour: error: ") and err.count("\n") == 1
    assert message in err


def test_every_paper_is_listed_in_the_docs_and_the_readme():
    papers = (ROOT / "docs" / "papers.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in PAPER_NAMES:
        assert f"parlour reproduce {key}" in papers and key in readme


@pytest.mark.parametrize("key", PAPER_NAMES)
def test_each_paper_runs_with_llm_seats_against_the_offline_server(key, tmp_path, capsys):
    out = tmp_path / key
    with FakeOpenAIServer() as server:
        model = f"openai:fake?base_url={server.base_url}&mode=json"
        argv = ["reproduce", key, "--models", f"scripted,{model}", "--games", "1", "--quiet"]
        assert main([*argv, "--out", str(out)]) == 0
        assert server.requests  # the model was asked, at the base URL its spec names
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| fake" in report and "| scripted" in report
    if key != "donor-game":
        with sqlite3.connect(out / "run.sqlite") as db:
            assert {r[0] for r in db.execute("SELECT status FROM games")} == {"done"}
    capsys.readouterr()


def test_the_readmes_reproduce_lines_run(tmp_path, capsys, monkeypatch):
    """The README's offline line runs as written; its LLM line's specs build their seats."""
    import shlex

    from parlour.agents import make_agent

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [
        shlex.split(line.split("#")[0])[1:]
        for line in readme.splitlines()
        if line.startswith("parlour reproduce ")
    ]
    assert len(lines) >= 2
    for argv in lines:
        models = argv[argv.index("--models") + 1].split(",")
        if all(m in ("scripted", "random") for m in models):
            assert main([*argv, "--quiet", "--out", str(tmp_path / argv[1])]) == 0
        else:
            assert all(make_agent(m).name.startswith("openai") for m in models)
    capsys.readouterr()
