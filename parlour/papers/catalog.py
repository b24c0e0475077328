"""The papers whose main experiment is a set of games: their presets, seatings and tables.

Each preset is a variant of its game (``VARIANTS`` in the env's package), so the conformance,
leak and golden-transcript tests that cover every variant cover the papers' protocols too.
"""

from __future__ import annotations

from collections.abc import Sequence

from parlour.papers.paper import Paper, PaperRun, PaperTable, StoredGame
from parlour.papers.seating import (
    every_mix,
    guest_seats,
    partner_grid,
    side_grid,
    team_against_base,
)
from parlour.papers.tables import (
    cell,
    games_only,
    grid_table,
    per_model_table,
    seat_metric,
    side_rates_table,
)

# -- Werewolf Arena and LSPO: one model per side ---------------------------------------------------
WEREWOLF_SIDES = ("village", "werewolves")
WEREWOLF_SIDE_OF_ROLE = {
    "werewolf": "werewolves",
    **{role: "village" for role in ("seer", "doctor", "villager", "witch", "hunter", "guard")},
}


def _werewolf_tables(paper: Paper, games: Sequence[StoredGame], run: PaperRun) -> list[PaperTable]:
    done = games_only(games)
    return [
        grid_table(done, run, WEREWOLF_SIDE_OF_ROLE, WEREWOLF_SIDES, "Village win rate by pairing"),
        side_rates_table(
            done, run, WEREWOLF_SIDE_OF_ROLE, WEREWOLF_SIDES, "Win rate by side (all pairings)"
        ),
    ]


WEREWOLF_ARENA = Paper(
    key="werewolf-arena",
    title="Werewolf Arena (Bailis, Friedhoff and Chen, 2024)",
    code="https://github.com/google/werewolf_arena",
    env_id="werewolf_v0",
    variant="arena8",
    experiment="every model as the village against every model as the two werewolves, seats "
    "fixed by the deal (the same deals in every pairing)",
    schedule=side_grid(WEREWOLF_SIDE_OF_ROLE, WEREWOLF_SIDES),
    tables=_werewolf_tables,
)

LSPO = Paper(
    key="lspo",
    title="Language Agents with Reinforcement Learning for Strategic Play in the Werewolf Game "
    "(Xu et al., 2023)",
    code="https://arxiv.org/abs/2310.18940 (rules: Appendix A)",
    env_id="werewolf_v0",
    variant="lspo7",
    experiment="every model as the two werewolves against every model as the village (the "
    "paper's agent plays the werewolves against fixed villagers), the same deals everywhere",
    schedule=side_grid(WEREWOLF_SIDE_OF_ROLE, WEREWOLF_SIDES),
    tables=_werewolf_tables,
)


# -- Among Us (Sarkar et al.): each crew model against the base impostor, over the sweeps ----------
AMONG_US_SIDE_OF_ROLE = {"crewmate": "crewmate", "impostor": "impostor"}
#: The paper's reference world (its evaluation settings: 2x2 grid, 4 tasks, 4 crewmates, kill
#: cooldown 5) and its three sweeps, one column each.
SARKAR_WORLD = {"grid_width": 2, "grid_height": 2, "tasks_per_player": 4, "num_players": 5}
SARKAR_GRIDS = ((2, 1), (1, 3), (2, 2), (2, 3), (3, 2))
SARKAR_SWEEPS = {
    **{f"grid-{w}x{h}": {"grid_width": w, "grid_height": h} for w, h in SARKAR_GRIDS},
    **{f"tasks-{n}": {"tasks_per_player": n} for n in range(2, 7)},
    **{f"crew-{n}": {"num_players": n + 1} for n in (3, 4, 5)},
}


def _among_us_tables(paper: Paper, games: Sequence[StoredGame], run: PaperRun) -> list[PaperTable]:
    column = _config_names(paper, run)
    wins: dict[tuple[str, str], list[float]] = {}
    for game in games_only(games):
        crew = {m for s, m in game["seats"].items() if game["metrics"]["roles"][s] == "crewmate"}
        model = next(iter(crew - {run.models[0]}), run.models[0])  # the base's own team
        won = float(game["metrics"]["winner"] == "crewmate")
        wins.setdefault((model, column[game["game_id"]]), []).append(won)
    rows = tuple(
        (model, tuple(cell(wins.get((model, name), []), percent=True) for name in paper.configs))
        for model in run.models
    )
    base = run.models[0]
    note = (
        f"Each cell: the crewmates' win rate with the row's model in every crewmate seat but the "
        f"last (the observer, {base}), {base} as the impostor; columns: the paper's sweeps "
        "(grid width x height, tasks per crewmate, crewmates) around its evaluation world."
    )
    title = "Crewmate win rate against the base impostor"
    return [PaperTable(title, "crew model", tuple(paper.configs), rows, note)]


def _config_names(paper: Paper, run: PaperRun) -> dict[str, str]:
    """Each game id of the run's schedule with the name of its config, which the id carries
    after the run's label (two configs may be equal: the paper's sweeps share their centre)."""
    names = sorted(paper.configs, key=len, reverse=True)
    return {
        g.game_id: next(n for n in names if g.game_id.startswith(f"{run.label}-{n}-d"))
        for g in paper.schedule(paper, run)
    }


AMONG_US_SARKAR = Paper(
    key="among-us-sarkar",
    title="Training Language Models for Social Deduction with Multi-Agent Reinforcement "
    "Learning (Sarkar et al., 2025)",
    code="https://github.com/SocialDeductionLLM/SocialDeductionLLM (GPL: rules reproduced only)",
    env_id="among_us_v0",
    variant="sarkar",
    options={**SARKAR_WORLD, "kill_cooldown": 5},
    configs=SARKAR_SWEEPS,
    experiment="each model as the crewmates (the last crewmate seat the first model's, the "
    "observer) against the first model as the impostor, over the paper's sweeps of grids, "
    "tasks and crew sizes around its 2x2, 4-task, 4-crewmate evaluation world",
    schedule=team_against_base(AMONG_US_SIDE_OF_ROLE, "crewmate", observer=True),
    tables=_among_us_tables,
    default_games=30,
)


# -- SpyGame: a guest model among host models, as the spy and as a civilian ------------------------
SPY_SIDE_OF_ROLE = {"civilian": "civilians", "spy": "spies", "blank": "civilians"}


def _spygame_tables(paper: Paper, games: Sequence[StoredGame], run: PaperRun) -> list[PaperTable]:
    host = run.models[0]
    guests = PaperRun(run.models[1:] or run.models[:1], run.games, run.seed, run.label)
    seen = [{**game, "seats": _guest_seats(game, host)} for game in games_only(games)]
    title = f"Guest model's win rate, the host ({host}) in the other seats"
    return [side_rates_table(seen, guests, SPY_SIDE_OF_ROLE, ("spies", "civilians"), title)]


def _guest_seats(game: StoredGame, host: str) -> dict[str, str]:
    """The seats of a game's guest model: those not the host's (every seat where the host plays
    itself)."""
    guest = {seat: model for seat, model in game["seats"].items() if model != host}
    return guest or dict(game["seats"])


SPYGAME = Paper(
    key="spygame",
    title="Leveraging Word Guessing Games to Assess the Intelligence of Large Language Models "
    "(Liang et al., 2023: SpyGame)",
    code="https://github.com/Skytliang/SpyGame (GPL: rules reproduced only, Parlour's own words)",
    env_id="who_is_spy_v0",
    variant="spygame",
    experiment="each guest model (the models after the first) in one seat as the spy and as a "
    "civilian, the host model (the first) in the other three, each word pair both ways",
    schedule=guest_seats(SPY_SIDE_OF_ROLE, {"swap_words": True}),
    tables=_spygame_tables,
)


# -- AucArena: all the models bid at one table -----------------------------------------------------
def _aucarena_tables(paper: Paper, games: Sequence[StoredGame], run: PaperRun) -> list[PaperTable]:
    done = games_only(games)
    columns = {
        "profit": seat_metric("profit"),
        "items won": seat_metric("items_won"),
        "money left": seat_metric("money_left"),
        "top profit": lambda game, seat: float(
            game["metrics"]["profit"][seat] == max(game["metrics"]["profit"].values())
        ),
        "failed bids": lambda game, seat: float(
            sum(game["metrics"]["invalid_actions"][seat].values())
        ),
    }
    return [
        per_model_table(
            done,
            run,
            columns,
            "Per bidder: profit, items won, money left, failed bids (mean per auction)",
            percent=("top profit",),
        )
    ]


AUCARENA = Paper(
    key="aucarena",
    title="Put Your Money Where Your Mouth Is: Evaluating Strategic Planning and Execution of "
    "LLM Agents in an Auction Arena (Chen et al., 2023)",
    code="https://github.com/jiangjiechen/auction-arena",
    env_id="auction_v0",
    variant="aucarena",
    options={"on_invalid": "retry"},  # an invalid bid is asked again, never replaced
    experiment="the models bid against each other at one table, every rotation of them over "
    "the seats, on the paper's item list",
    schedule=every_mix,
    tables=_aucarena_tables,
)


# -- Overcooked with ProAgent: every (model, partner) pair on the five classic layouts -------------
PROAGENT_LAYOUTS = (
    "cramped_room",
    "asymmetric_advantages",
    "coordination_ring",
    "forced_coordination",
    "counter_circuit_o_1order",
)


def _overcooked_tables(
    paper: Paper, games: Sequence[StoredGame], run: PaperRun
) -> list[PaperTable]:
    done = games_only(games)
    tables = [_seat_table(done, run)]
    for layout in PROAGENT_LAYOUTS:
        on_layout = [g for g in done if g["metrics"].get("layout") == layout]
        tables.append(_pair_table(on_layout, run, f"{layout}: mean score (row in player_0)"))
    return tables


def _seat_table(games: Sequence[StoredGame], run: PaperRun) -> PaperTable:
    """The paper's Table 1: per layout and seat, each model's mean score over all its partners
    (itself included), the model in that seat."""
    scores: dict[tuple[str, str, str], list[float]] = {}
    for game in games:
        for seat, model in game["seats"].items():
            key = (game["metrics"]["layout"], seat, model)
            scores.setdefault(key, []).append(float(game["metrics"]["score"]))
    rows = tuple(
        (
            f"{layout}, as {seat}",
            tuple(cell(scores.get((layout, seat, model), [])) for model in run.models),
        )
        for layout in PROAGENT_LAYOUTS
        for seat in ("player_0", "player_1")
    )
    note = "As the paper's Table 1: each column one model with every partner (itself included)."
    return PaperTable(
        "Mean score with all partners, by layout and seat", "layout, seat", run.models, rows, note
    )


def _pair_table(games: Sequence[StoredGame], run: PaperRun, title: str) -> PaperTable:
    scores: dict[tuple[str, str], list[float]] = {}
    for game in games:
        pair = (game["seats"]["player_0"], game["seats"]["player_1"])
        scores.setdefault(pair, []).append(float(game["metrics"]["score"]))
    rows = tuple(
        (first, tuple(cell(scores.get((first, second), [])) for second in run.models))
        for first in run.models
    )
    return PaperTable(title, "player_0 / player_1", run.models, rows)


OVERCOOKED_PROAGENT = Paper(
    key="overcooked-proagent",
    title="ProAgent: Building Proactive Cooperative Agents with Large Language Models "
    "(Zhang et al., 2024)",
    code="https://github.com/PKU-Alignment/ProAgent",
    env_id="overcooked_v0",
    variant=None,
    # overcooked_ai 0.0.1's rules, horizon and the 20-layer encoding its trained partners read
    options={"dynamics": "old", "horizon": 400, "views": "lossless_v001"},
    configs={layout: {"layout": layout} for layout in PROAGENT_LAYOUTS},
    experiment="every model with every partner (itself included) in both positions on the "
    "five classic layouts, overcooked_ai 0.0.1's dynamics and encoding, 400 steps",
    schedule=partner_grid,
    tables=_overcooked_tables,
    default_games=5,  # the paper: five episodes a pair
)

#: The papers run as a set of games, by ``parlour reproduce`` name.
PAPERS: dict[str, Paper] = {
    paper.key: paper
    for paper in (WEREWOLF_ARENA, LSPO, AMONG_US_SARKAR, SPYGAME, AUCARENA, OVERCOOKED_PROAGENT)
}
