"""``parlour reproduce``: run a paper's main experiment and write its table to ``report.md``.

A paper run is a tournament whose schedule is the paper's seating (``TournamentSpec.paper``):
games are stored as they finish, an interrupted run resumes with ``--resume DIR``, and LLM
replies are cached in the run directory, all as ``parlour tournament`` does. The report puts the
paper's table first (its rows, columns and metric, 95% intervals, the published figures beside),
then the tournament's own sections (ratings, conduct, metrics).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from parlour.agents.specs import parse_spec
from parlour.arena.report import write_report
from parlour.arena.runner import run_tournament
from parlour.arena.spec import AgentEntry, GameEntry, TournamentSpec
from parlour.arena.store import RunStore
from parlour.core.errors import ConfigError
from parlour.papers import get_paper
from parlour.papers.paper import Paper, PaperRun
from parlour.papers.tables import markdown


def model_names(specs: Sequence[str]) -> list[AgentEntry]:
    """One agent per spec, named after its model (``openai:gpt-4o?mode=json`` is ``gpt-4o``),
    numbered where two would share a name."""
    entries: list[AgentEntry] = []
    used: set[str] = set()
    for spec in specs:
        kind, arg, _ = parse_spec(spec)
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", arg or kind).strip("-")[:40] or kind
        name, number = base, 2
        while name in used:
            name, number = f"{base}-{number}", number + 1
        used.add(name)
        entries.append(AgentEntry(name, spec))
    return entries


def paper_spec(
    paper: Paper, specs: Sequence[str], games: int | None, seed: int, concurrency: int
) -> TournamentSpec:
    """The tournament that runs ``paper``'s experiment between the agents ``specs``."""
    if not specs:
        raise ConfigError("--models names no agent")
    entry = GameEntry(paper.env_id, games or paper.default_games, dict(paper.config), paper.key)
    spec = TournamentSpec(
        games=(entry,),
        agents=tuple(model_names(specs)),
        seed=seed,
        concurrency=concurrency,
        twins=False,
        paper=paper.key,
    )
    spec.validate()
    return spec


def run_paper(
    paper: Paper,
    run_dir: Path,
    spec: TournamentSpec | None,
    *,
    cache_mode: str | None = None,
    progress: bool = True,
    concurrency: int | None = None,
    backend: str | None = None,
    ray_address: str | None = None,
) -> str:
    """Play the run's games (``spec`` None: resume ``run_dir``, ``concurrency`` and ``backend``
    changed where given) and return its report."""
    store = run_tournament(
        spec,
        run_dir,
        resume=spec is None,
        cache_mode=cache_mode,
        progress=progress,
        concurrency=concurrency,
        backend=backend,
        ray_address=ray_address,
    )
    try:
        return write_paper_report(paper, store)
    finally:
        store.close()


def write_paper_report(paper: Paper, store: RunStore) -> str:
    """``report.md``: the paper's tables, then the tournament's sections."""
    stored = store.get_meta("spec")
    if stored.get("paper") != paper.key:
        raise ConfigError(f"{store.run_dir} holds a run of {stored.get('paper') or 'a tournament'}")
    run = PaperRun(
        tuple(a["name"] for a in stored["agents"]),
        stored["games"][0]["games"],
        stored["seed"],
        paper.key,
    )
    tournament, _ = write_report(store, title=f"{paper.title}: the tournament's view")
    lines = [
        f"# {paper.title}",
        "",
        f"Experiment: {paper.experiment}; {run.games} game(s) per cell, seed {run.seed}.",
        f"Protocol: `{paper.env_id}` with {_config_text(paper)}; checked against {paper.code} "
        "(docs/papers.md says what matches and what differs).",
        "Agents: " + ", ".join(f"{a['name']} = `{a['spec']}`" for a in stored["agents"]) + ".",
        "",
        markdown(paper.tables(paper, store.games(), run), paper.published),
        _demoted(tournament),
    ]
    text = "\n".join(lines)
    (store.run_dir / "report.md").write_text(text, encoding="utf-8")
    return text


def _demoted(text: str) -> str:
    """Markdown one heading level down (the tournament's sections under the paper's title)."""
    return "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())


def _config_text(paper: Paper) -> str:
    preset = f"its `{paper.variant}` variant" if paper.variant else "the options"
    options = ", ".join(f"{k}={v!r}" for k, v in paper.config.items()) or "no options"
    text = f"{preset} ({options})"
    if paper.configs:
        text += f", on each of {', '.join(paper.configs)}"
    return text


def paper_of_run(run_dir: Path) -> Paper:
    """The paper a run directory holds (for ``--resume``)."""
    if not (run_dir / RunStore.FILE).is_file():
        raise ConfigError(f"{run_dir} has no run to resume (no {RunStore.FILE})")
    store = RunStore.open_existing(run_dir)
    try:
        stored = store.get_meta("spec") or {}
    finally:
        store.close()
    if not stored.get("paper"):
        raise ConfigError(f"{run_dir} holds a tournament, not a paper's run")
    return get_paper(stored["paper"])
