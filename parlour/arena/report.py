"""Write a run's results: report.md (also printed), CSV files and PNG plots."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from parlour.arena.ratings import Rate, Rating, Results, compute_results
from parlour.arena.schedule import ScheduleCounts, schedule_counts
from parlour.arena.store import RunStore
from parlour.core.tables import markdown_table, one_line, write_csv

#: How much of a failed game's error the report quotes.
MAX_ERROR_CHARS = 300


def _fmt_rate(rate: Rate) -> str:
    if rate.n == 0:
        return "-"
    return f"{rate.value:.1%} [{rate.low:.1%}, {rate.high:.1%}]"


def _ratings_table(ratings: dict[str, Rating], entity: str) -> str:
    """Ratings as a Markdown table, best ordinal first."""
    ordered = sorted(ratings.items(), key=lambda item: -item[1].ordinal)
    rows = [[n, f"{r.mu:.2f}", f"{r.sigma:.2f}", f"{r.ordinal:.2f}", r.games] for n, r in ordered]
    return markdown_table([entity, "mu", "sigma", "ordinal", "games"], rows)


def markdown(results: Results, title: str, counts: ScheduleCounts | None = None) -> str:
    """The report: ``counts`` (the run's schedule) says how many distinct games were meant."""
    parts = [f"# {one_line(title)}", ""]
    if counts is not None:
        parts += [_schedule_line(counts), ""]
    parts += [f"{results.games} games played, {results.failed} failed.", ""]
    if results.first_failure is not None:
        game_id, error = results.first_failure
        parts += [
            f"The first failed game, {one_line(game_id)}: {one_line(error)[:MAX_ERROR_CHARS]} "
            "(every failed game's traceback is in run.sqlite).",
            "",
        ]
    parts += ["## Ratings (OpenSkill Plackett-Luce; ordinal = mu - 3 sigma)", ""]
    parts.append(_ratings_table(results.ratings, "agent"))
    for env, ratings in results.ratings_by_env.items():
        parts += ["", f"### {one_line(env)}", "", _ratings_table(ratings, "agent")]
    for env, ratings in results.ratings_by_role.items():
        parts += ["", f"### {one_line(env)} by role", "", _ratings_table(ratings, "agent@role")]
    parts += _win_rates_section(results) + _head_to_head_section(results)
    parts += _conduct_section(results) + _metrics_sections(results)
    return "\n".join(parts) + "\n"


def _schedule_line(counts: ScheduleCounts) -> str:
    repeats = counts.games - counts.distinct
    deals = f"{counts.deals} deal{'s' if counts.deals != 1 else ''}"
    if repeats:  # a run written before repeated seatings were left out of schedules
        return (
            f"Schedule: {counts.games} games over {deals}, only {counts.distinct} distinct: "
            f"{repeats} replay a deal with a seating already played, and count twice."
        )
    return (
        f"Schedule: {counts.games} games over {deals}, {counts.distinct} distinct "
        "(no deal is played twice with one seating)."
    )


def _win_rates_section(results: Results) -> list[str]:
    envs = list(results.win_rates_by_env)
    rows = [
        [
            a,
            _fmt_rate(results.win_rates[a]),
            *(_fmt_rate(results.win_rates_by_env[e][a]) for e in envs),
        ]
        for a in results.agents
    ]
    heading = "## Win rates (95% bootstrap intervals)"
    return ["", heading, "", markdown_table(["agent", "all games", *envs], rows)]


def _head_to_head_section(results: Results) -> list[str]:
    rows = [
        [a, *("-" if a == b else _pct(results.head_to_head[a].get(b)) for b in results.agents)]
        for a in results.agents
    ]
    heading = "## Head to head (share of shared games the row agent outscored the column agent)"
    return ["", heading, "", markdown_table(["", *results.agents], rows)]


#: The conduct table: (header, the ``conduct`` key it shows). Requests sent, cache hits and
#: fallbacks are counted apart, and tokens replayed from the cache are never added to those spent.
CONDUCT_COLUMNS = (
    ("seat-games", "seat_games"),
    ("invalid actions/game", "invalid_per_game"),
    ("decisions", "decisions"),
    ("requests sent", "requests"),
    ("failed requests", "faults"),
    ("cache hits", "cache_hits"),
    ("fallbacks", "fallbacks"),
    ("invalid replies", "invalid_replies"),
    ("tokens spent", "tokens"),
    ("cost", "cost_usd"),
    ("tokens replayed from cache", "cached_tokens"),
)


def _conduct_cell(row: dict[str, Any], key: str) -> str:
    if key == "invalid_per_game":
        return f"{row[key]:.3f}"
    if key == "cost_usd":
        return f"${row[key]:.4f}"
    if key == "fallbacks" and row["decisions"]:
        return f"{row[key]} ({row['fallback_rate']:.1%})"
    return str(row[key])


def _conduct_section(results: Results) -> list[str]:
    rows = [
        [a, *(_conduct_cell(c, key) for _, key in CONDUCT_COLUMNS)]
        for a, c in results.conduct.items()
    ]
    header = ["agent", *(name for name, _ in CONDUCT_COLUMNS)]
    note = (
        "A decision is one action an LLM agent had to choose (its re-asks, retries and fallback "
        "are part of it). Requests sent leave out cache hits and fallbacks, which sent none; "
        "tokens and cost are those of the requests sent; fallbacks: share of decisions."
    )
    return ["", "## Conduct and cost", "", note, "", markdown_table(header, rows)]


def _metrics_sections(results: Results) -> list[str]:
    parts: list[str] = []
    for env, metrics in results.metrics_by_env.items():
        parts += ["", f"## {one_line(env)} metrics", ""]
        if metrics["mean"]:
            rows = [[k, f"{v:.3f}"] for k, v in metrics["mean"].items()]
            parts.append(markdown_table(["metric", "mean"], rows))
        for name, per_agent in metrics["by_agent"].items():
            rows = [[a, f"{v:.3f}"] for a, v in per_agent.items()]
            parts += ["", markdown_table([f"{name} by agent", "mean"], rows)]
    return parts


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def write_report(store: RunStore, title: str = "Parlour tournament") -> tuple[str, Results]:
    """Compute the results of ``store`` and write report.md, CSV files and plots beside it."""
    spec = store.get_meta("spec")
    agents = [a["name"] for a in spec["agents"]]
    stored = store.games()
    results = compute_results(stored, agents, seed=spec["seed"])
    schedule = store.get_meta("schedule")
    counts = schedule_counts(schedule) if schedule is not None else None
    out = store.run_dir
    text = markdown(results, title, counts)
    (out / "report.md").write_text(text, encoding="utf-8")
    _write_tables(results, out)
    _write_games(stored, out)
    _plots(results, out)
    return text, results


def _write_tables(results: Results, out: Path) -> None:
    """ratings.csv, win_rates.csv, head_to_head.csv and conduct.csv."""
    rating_rows = [
        ["all", a, r.mu, r.sigma, r.ordinal, r.games] for a, r in results.ratings.items()
    ]
    for env, ratings in results.ratings_by_env.items():
        rating_rows += [[env, a, r.mu, r.sigma, r.ordinal, r.games] for a, r in ratings.items()]
    for env, ratings in results.ratings_by_role.items():
        rating_rows += [
            [f"{env} by role", a, r.mu, r.sigma, r.ordinal, r.games] for a, r in ratings.items()
        ]
    write_csv(
        out / "ratings.csv", ["scope", "entity", "mu", "sigma", "ordinal", "games"], rating_rows
    )
    win_rows = [["all", a, r.value, r.low, r.high, r.n] for a, r in results.win_rates.items()]
    for env, rates in results.win_rates_by_env.items():
        win_rows += [[env, a, r.value, r.low, r.high, r.n] for a, r in rates.items()]
    write_csv(
        out / "win_rates.csv", ["scope", "agent", "win_rate", "low", "high", "seat_games"], win_rows
    )
    write_csv(
        out / "head_to_head.csv",
        ["agent", *results.agents],
        [
            [a, *("" if a == b else results.head_to_head[a].get(b) for b in results.agents)]
            for a in results.agents
        ],
    )
    keys = list(next(iter(results.conduct.values())).keys()) if results.conduct else []
    write_csv(
        out / "conduct.csv",
        ["agent", *keys],
        [[a, *c.values()] for a, c in results.conduct.items()],
    )


def _write_games(stored: list[dict[str, Any]], out: Path) -> None:
    """games.csv: one row per game, its seats and rewards."""
    seats = _all_seats(stored)
    header = ["game_id", "env_id", "status", "seed", *[f"seat:{s}" for s in seats], "rewards"]
    rows = [
        [
            g["game_id"],
            g["env_id"],
            g["status"],
            g["seed"],
            *[g["seats"].get(s, "") for s in seats],
            g["rewards"],
        ]
        for g in stored
    ]
    write_csv(out / "games.csv", header, rows)


def _all_seats(stored: list[dict[str, Any]]) -> list[str]:
    seats = {seat for g in stored for seat in g["seats"]}
    return sorted(seats, key=lambda s: (len(s), s))


def _label(text: str) -> str:
    """A name as a plot label: one line, shown as written (matplotlib reads ``$...$`` as
    mathematics, and fails on a malformed formula)."""
    return one_line(text).replace("$", r"\$")


def _plots(results: Results, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ordered = sorted(results.ratings.items(), key=lambda item: item[1].mu)
    fig, ax = plt.subplots(figsize=(6, 0.6 * len(ordered) + 1.5))
    ax.errorbar(
        [r.mu for _, r in ordered],
        range(len(ordered)),
        xerr=[2 * r.sigma for _, r in ordered],
        fmt="o",
        capsize=4,
        color="#3465a4",
    )
    ax.set_yticks(range(len(ordered)), [_label(name) for name, _ in ordered])
    ax.set_xlabel("OpenSkill mu (bars: 2 sigma)")
    ax.set_title("Ratings")
    fig.tight_layout()
    fig.savefig(out / "ratings.png", dpi=100)
    plt.close(fig)

    envs = list(results.win_rates_by_env)
    fig, ax = plt.subplots(figsize=(max(5, 1.6 * len(envs) * max(1, len(results.agents)) / 2), 4))
    width = 0.8 / max(1, len(results.agents))
    for i, agent in enumerate(results.agents):
        rates = [results.win_rates_by_env[e][agent] for e in envs]
        values = [0 if math.isnan(r.value) else r.value for r in rates]
        errors = [
            [0 if math.isnan(r.value) else r.value - r.low for r in rates],
            [0 if math.isnan(r.value) else r.high - r.value for r in rates],
        ]
        ax.bar(
            [x + i * width for x in range(len(envs))],
            values,
            width,
            yerr=errors,
            capsize=3,
            label=_label(agent),
        )
    ax.set_xticks(
        [x + width * (len(results.agents) - 1) / 2 for x in range(len(envs))],
        [_label(env) for env in envs],
    )
    ax.set_ylabel("win rate (95% CI)")
    ax.set_ylim(0, 1)
    ax.legend()
    ax.set_title("Win rates per game")
    fig.tight_layout()
    fig.savefig(out / "win_rates.png", dpi=100)
    plt.close(fig)
