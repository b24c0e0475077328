"""``parlour reproduce donor-game``: Vallinder & Hughes' cultural evolution, one population per
model, ``--games`` independent runs each.

The paper evolves a population of 12 agents of one model over 10 generations (2 games each, the
top half survive and advise the newcomers), without and with costly punishment, and compares the
models by the resources their populations reach, generation by generation. Each run here is
:func:`run_evolution` with the ``paper`` preset (punishment added for the second condition) and
its own seed; run ``r`` has the same seed for every model and condition, so they meet the same
pairings. A run writes ``MODEL/CONDITION/run-R/evolution.json`` when it ends, and a resumed
reproduction skips the runs already written; LLM replies are cached in the directory.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from parlour.arena.evolution import population, preset, run_evolution
from parlour.core.errors import ConfigError
from parlour.core.seeding import derive_seed
from parlour.papers.paper import PaperTable
from parlour.papers.reproduce import model_names
from parlour.papers.tables import cell, markdown

TITLE = "Cultural Evolution of Cooperation among LLM Agents (Vallinder and Hughes, 2024)"
CODE = "https://github.com/aronvallinder/llm-donor-game"
#: The members of a scripted population: the built-in strategies in turn.
SCRIPTED_MIX = ("tit_for_tat", "image_scoring", "fixed", "stingy", "random")
POPULATION = 12
DEFAULT_RUNS = 5  # the paper: five runs with distinct seeds a model
#: The paper's two conditions: its game options added to the preset's.
CONDITIONS: dict[str, dict[str, Any]] = {
    "no-punishment": {},
    "costly-punishment": {"punishment": True},
}
#: The file that records a reproduction's models, runs and seed (checked on ``--resume``).
PLAN_FILE = "reproduce.json"


def _member_specs(spec: str) -> list[str]:
    """The population specs of one model: ``scripted`` is the built-in strategies in turn."""
    return list(SCRIPTED_MIX) if spec == "scripted" else [spec]


def run_donor(
    specs: Sequence[str] | None,
    runs: int | None,
    seed: int | None,
    out: Path,
    *,
    resume: bool = False,
    cache_mode: str | None = None,
) -> str:
    """Run (or finish) the reproduction in ``out`` and return its report."""
    plan = _plan(specs, runs, seed, out, resume)
    records: dict[str, list[list[dict[str, Any]]]] = {}
    for name, spec in plan["models"].items():
        for condition, options in CONDITIONS.items():
            row = records[f"{name} {condition}"] = []
            for run in range(plan["runs"]):
                run_dir = out / name / condition / f"run-{run}"
                row.append(_evolve(spec, options, plan["seed"], run, run_dir, out, cache_mode))
    text = report(plan, records)
    (out / "report.md").write_text(text, encoding="utf-8")
    return text


def _evolve(
    spec: str,
    options: dict[str, Any],
    seed: int,
    run: int,
    run_dir: Path,
    out: Path,
    cache_mode: str | None,
) -> list[dict[str, Any]]:
    """One evolution run's records: read back if written, else run (and written)."""
    done = run_dir / "evolution.json"
    if done.is_file():
        return json.loads(done.read_text(encoding="utf-8"))
    paper = preset("paper")
    config = preset("paper", seed=derive_seed(seed, run), game={**paper.game, **options})
    llm = {"cache": str(out / "llm_cache.sqlite"), "cache_mode": cache_mode or "read-write"}
    members = population(_member_specs(spec), POPULATION, np.random.default_rng(config.seed), llm)
    return run_evolution(members, config, run_dir)


def _plan(
    specs: Sequence[str] | None, runs: int | None, seed: int | None, out: Path, resume: bool
) -> dict[str, Any]:
    """The models, runs and seed of the reproduction: new, or read back to resume."""
    path = out / PLAN_FILE
    if resume:
        if not path.is_file():
            raise ConfigError(f"{out} has no donor-game reproduction to resume (no {PLAN_FILE})")
        if specs or runs is not None or seed is not None:
            raise ConfigError("--resume plays the run's own models, games and seed")
        return json.loads(path.read_text(encoding="utf-8"))
    if path.is_file():
        raise ConfigError(
            f"{out} already holds a reproduction; use --resume {out} or another --out"
        )
    if not specs:
        raise ConfigError("--models names no agent")
    plan = {
        # the specs as given: an entry's spec has its written options (base_url...) taken out
        "models": {e.name: spec for e, spec in zip(model_names(specs), specs, strict=True)},
        "runs": runs or DEFAULT_RUNS,
        "seed": seed or 0,
    }
    for spec in plan["models"].values():  # a bad spec is refused before anything runs
        population(_member_specs(spec), 2, np.random.default_rng(0), {})
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")
    return plan


def tables(
    plan: dict[str, Any], records: dict[str, list[list[dict[str, Any]]]]
) -> list[PaperTable]:
    """The paper's comparison: resources per generation, per model, over the runs."""
    names = tuple(records)
    generations = max((len(r) for runs in records.values() for r in runs), default=0)

    def over_runs(name: str, generation: int, key: str, percent: bool = False) -> Any:
        return cell([r[generation][key] for r in records[name] if len(r) > generation], percent)

    def mean(name: str, generation: int) -> str:
        values = [
            r[generation]["mean_final_resources"] for r in records[name] if len(r) > generation
        ]
        return f"{np.mean(values):.1f}" if values else "-"

    per_generation = PaperTable(
        f"Mean final resources per game, by generation (mean of {plan['runs']} run(s))",
        "model condition",
        tuple(f"gen {g + 1}" for g in range(generations)),
        tuple((n, tuple(mean(n, g) for g in range(generations))) for n in names),
    )
    last = generations - 1
    summary = PaperTable(
        "First and last generation",
        "model condition",
        ("resources, gen 1", f"resources, gen {generations}", f"donation rate, gen {generations}"),
        tuple(
            (
                n,
                (
                    over_runs(n, 0, "mean_final_resources"),
                    over_runs(n, last, "mean_final_resources"),
                    over_runs(n, last, "donation_rate", percent=True),
                ),
            )
            for n in names
        ),
        note="Each figure: mean over the runs, 95% bootstrap interval over runs (n = runs).",
    )
    return [summary, per_generation]


def report(plan: dict[str, Any], records: dict[str, list[list[dict[str, Any]]]]) -> str:
    agents = ", ".join(f"{name} = `{spec}`" for name, spec in plan["models"].items())
    lines = [
        f"# {TITLE}",
        "",
        f"Experiment: one population of {POPULATION} members per model, the `paper` evolution "
        f"preset (10 generations of 2 games, top half survive), without and with costly "
        f"punishment, {plan['runs']} run(s) each, seed {plan['seed']}; checked against {CODE} "
        "(docs/papers.md).",
        f"Agents: {agents} (`scripted`: the built-in strategies in turn).",
        "",
        markdown(tables(plan, records)),
    ]
    return "\n".join(lines)
