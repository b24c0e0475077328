"""The ``parlour`` command: ``list``, ``run`` one game, ``tournament``, ``replay`` a game.

Every input error is one line on standard error, ``parlour: error: ...``, and exit status 2;
Ctrl-C is ``parlour: interrupted`` and status 130; a closed output pipe (``| head``) ends quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from parlour.agents.specs import agent_kinds
from parlour.core.errors import ConfigError, ParlourError
from parlour.play import play_game
from parlour.registry import get_game, list_envs, make


def _config_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _parse_config(pairs: Sequence[str]) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParlourError(f"--config takes KEY=VALUE, got {pair!r}")
        config[key.strip()] = _config_value(value)
    return config


def _seats(env_id: str, config: dict[str, Any]) -> list[str]:
    """The seats of ``env_id`` built with ``config``; a value the game cannot take is an error."""
    try:
        return list(make(env_id, **config).possible_agents)
    except ConfigError as error:  # an option the game refused, by name: say where it came from
        raise ParlourError(f"bad --config for {env_id}: {error}") from None
    except ParlourError:
        raise
    except (TypeError, ValueError) as error:
        raise ParlourError(f"bad --config for {env_id}: {error}") from None


def _cmd_list(args: argparse.Namespace) -> int:
    for env_id in list_envs():
        print(f"{env_id:16} {get_game(env_id).summary}")
    print(f"\nagents: {', '.join(agent_kinds())}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    config = _parse_config(args.config)
    seats = _seats(args.env, config)
    if args.view != "god" and args.view not in seats:
        raise ParlourError(f"--view must be god or one of {', '.join(seats)}, got {args.view!r}")
    specs = [s for s in args.agents.split(",") if s.strip()] if args.agents else ["scripted"]
    if len(specs) == 1:
        specs = specs * len(seats)
    result = play_game(args.env, specs, seed=args.seed, **config)
    print(result.transcript_text(args.view))
    print()
    print(f"# {result.env_id}, seed {result.seed}, {result.steps} actions")
    for seat in seats:
        print(f"{seat:10} {result.agents[seat]:10} reward {result.rewards[seat]:+g}")
    summary = {k: v for k, v in result.metrics.items() if not isinstance(v, (dict, list))}
    print("metrics: " + json.dumps(summary, sort_keys=True))
    return 0


def _cmd_tournament(args: argparse.Namespace) -> int:
    from parlour.arena.report import write_report
    from parlour.arena.runner import run_tournament
    from parlour.arena.spec import default_spec, load_spec

    if args.resume:
        if args.spec:
            raise ParlourError("give a spec or --resume RUN_DIR, not both")
        fixed = [
            f"--{k.replace('_', '-')}"
            for k in ("seed", "games_per_env", "out")
            if getattr(args, k) is not None
        ]
        if fixed:
            raise ParlourError(
                f"--resume plays the run's own spec: {', '.join(fixed)} cannot change it"
            )
        run_dir = Path(args.resume)
        store = run_tournament(
            None,
            run_dir,
            resume=True,
            cache_mode=args.cache,
            progress=not args.quiet,
            concurrency=args.concurrency,
            **_backend(args),
        )
    else:
        spec = load_spec(args.spec) if args.spec else default_spec()
        spec = spec.with_overrides(
            games_per_env=args.games_per_env,
            concurrency=args.concurrency,
            seed=args.seed,
            out=args.out,
            **_backend(args),
        )
        run_dir = Path(spec.out or f"runs/tournament-{time.strftime('%Y%m%d-%H%M%S')}")
        store = run_tournament(spec, run_dir, cache_mode=args.cache, progress=not args.quiet)
    text, _ = write_report(store)
    store.close()
    print(text)
    print(
        f"run directory: {run_dir} (report.md, ratings.csv, win_rates.csv, head_to_head.csv, "
        "conduct.csv, games.csv, ratings.png, win_rates.png, run.sqlite)"
    )
    return 0


def _backend(args: argparse.Namespace) -> dict[str, Any]:
    """The backend that ``--ray [ADDRESS]`` or ``--local`` chose; empty: the spec's own."""
    if args.local:
        return {"backend": "local", "ray_address": None}
    if args.ray is None:
        return {}
    if args.ray.endswith(".toml"):
        raise ParlourError(f"--ray took {args.ray!r} for an address: put the spec before --ray")
    return {"backend": "ray", "ray_address": args.ray or None}


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from parlour.papers import PAPER_NAMES, get_paper
    from parlour.papers.reproduce import paper_of_run, paper_spec, run_paper

    if args.paper == "donor-game":
        return _reproduce_donor(args)
    if args.resume:
        fixed = [f"--{k}" for k in ("models", "games", "seed", "out") if getattr(args, k)]
        if fixed:
            raise ParlourError(
                f"--resume plays the run's own spec: {', '.join(fixed)} cannot change it"
            )
        run_dir = Path(args.resume)
        paper = paper_of_run(run_dir)
        if paper.key != args.paper:
            raise ParlourError(f"{run_dir} holds a run of {paper.key}, not {args.paper}")
        spec = None
    else:
        if args.paper not in PAPER_NAMES:
            raise ParlourError(f"unknown paper {args.paper!r}; known: {', '.join(PAPER_NAMES)}")
        paper = get_paper(args.paper)
        models = [m.strip() for m in (args.models or "").split(",") if m.strip()]
        spec = paper_spec(paper, models, args.games, args.seed or 0, args.concurrency or 2)
        spec = spec.with_overrides(**_backend(args))
        run_dir = Path(args.out or f"runs/{paper.key}-{time.strftime('%Y%m%d-%H%M%S')}")
    text = run_paper(
        paper,
        run_dir,
        spec,
        cache_mode=args.cache,
        progress=not args.quiet,
        concurrency=args.concurrency if args.resume else None,
        **(_backend(args) if args.resume else {}),
    )
    print(text)
    print(f"run directory: {run_dir} (report.md, games.csv, run.sqlite, ...)")
    return 0


def _reproduce_donor(args: argparse.Namespace) -> int:
    from parlour.papers.donor import run_donor

    if _backend(args):
        raise ParlourError("donor-game is an evolution, not a tournament: no --ray, no --local")
    if args.resume and (args.out or args.models):
        raise ParlourError("--resume plays the run's own models into its own directory")
    out = Path(args.resume or args.out or f"runs/donor-game-{time.strftime('%Y%m%d-%H%M%S')}")
    models = [m.strip() for m in (args.models or "").split(",") if m.strip()]
    text = run_donor(
        models, args.games, args.seed, out, resume=bool(args.resume), cache_mode=args.cache
    )
    print(text)
    print(f"run directory: {out} (report.md, MODEL/run-R/evolution.json, ...)")
    return 0


def _cmd_evolve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    import numpy as np

    from parlour.arena.evolution import population, preset, run_evolution

    config = preset(args.preset, generations=args.generations, seed=args.seed)
    if args.config:  # Donor Game options beside the preset's own, checked before any game
        game = {**config.game, **_parse_config(args.config)}
        try:
            config = replace(config, game=game)
        except ConfigError as error:
            raise ParlourError(f"bad --config for evolve: {error}") from None
    specs = [s.strip() for s in args.population.split(",") if s.strip()]
    llm_options = {"base_url": args.base_url} if args.base_url else {}
    members = population(specs, args.agents, np.random.default_rng(config.seed), llm_options)
    out = Path(args.out or f"runs/evolution-{time.strftime('%Y%m%d-%H%M%S')}")
    records = run_evolution(members, config, out)
    print(f"{'generation':>10} {'mean resources':>15} {'donation rate':>14}  best strategy")
    for r in records:
        best = r["members"][0]["strategy"]
        print(
            f"{r['generation']:10} {r['mean_final_resources']:15.2f}"
            f" {r['donation_rate']:14.1%}  {best}"
        )
    print(f"results: {out} (evolution.json, evolution.csv, evolution.png)")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse with the command's one-line errors (no usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"parlour: error: {message} (see {self.prog} --help)\n")


def _whole(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text!r}")
        return value

    return parse


def _positive(text: str) -> float:
    """An argparse type: a finite number above zero."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text!r}")
    return value


_seed = _whole(0)
_count = _whole(1)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parlour", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the games and agent kinds").set_defaults(func=_cmd_list)
    from parlour.cli_play import add_play, add_replay

    for add in (_add_run, _add_tournament, _add_reproduce, _add_evolve, add_play, add_replay):
        add(sub)
    return parser


def _add_run(sub: Any) -> None:
    run = sub.add_parser("run", help="play one game and print its transcript")
    run.add_argument("env", help="env id, e.g. who_is_spy_v0")
    run.add_argument(
        "--agents", help="comma-separated specs, one per seat or one for all (default: scripted)"
    )
    run.add_argument("--seed", type=_seed, default=None, help="game seed (default: random)")
    run.add_argument("--view", default="god", help="god (default) or an agent id such as player_0")
    run.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="game option (value read as JSON when it parses), repeatable",
    )
    run.set_defaults(func=_cmd_run)


def _add_tournament(sub: Any) -> None:
    tour = sub.add_parser(
        "tournament", help="run a reproducible tournament (default: all games, built-in agents)"
    )
    tour.add_argument("spec", nargs="?", help="a TOML tournament spec (default: the embedded one)")
    tour.add_argument(
        "--games-per-env", type=_count, help="games per env (rounded up to whole deals)"
    )
    tour.add_argument(
        "--concurrency",
        type=_count,
        help="games in flight, at most 1024 (scripted games: processes, at most 2 per CPU core); "
        "may change on --resume",
    )
    tour.add_argument("--seed", type=_seed, help="tournament seed")
    tour.add_argument("--out", help="run directory (default runs/tournament-<time>)")
    tour.add_argument("--resume", metavar="RUN_DIR", help="finish an interrupted run")
    tour.add_argument(
        "--cache", choices=["off", "read-write", "replay-only"], help="LLM response cache mode"
    )
    tour.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_backend(tour)
    tour.set_defaults(func=_cmd_tournament)


def _add_backend(parser: Any) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--ray",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="play the games as tasks on a Ray cluster: auto (joined by ray start), HOST:PORT, "
        "or none (RAY_ADDRESS, else a new local Ray); needs parlour[ray]; may change on --resume",
    )
    where.add_argument("--local", action="store_true", help="play here whatever the spec says")


def _add_reproduce(sub: Any) -> None:
    from parlour.papers import PAPER_NAMES

    reproduce = sub.add_parser(
        "reproduce", help="run a paper's main experiment in its protocol (docs/papers.md)"
    )
    reproduce.add_argument("paper", help=f"one of {', '.join(PAPER_NAMES)}")
    reproduce.add_argument(
        "--models",
        help="comma-separated agent specs, e.g. scripted,random or openai:MODEL?base_url=URL "
        "(the first is the host or baseline where the paper has one)",
    )
    reproduce.add_argument("--games", type=_count, help="games per table cell (runs: donor-game)")
    reproduce.add_argument("--seed", type=_seed, help="the run's seed (default 0)")
    reproduce.add_argument("--out", help="run directory (default runs/<paper>-<time>)")
    reproduce.add_argument("--resume", metavar="RUN_DIR", help="finish an interrupted run")
    reproduce.add_argument("--concurrency", type=_count, help="games in flight (default 2)")
    reproduce.add_argument(
        "--cache", choices=["off", "read-write", "replay-only"], help="LLM response cache mode"
    )
    reproduce.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_backend(reproduce)
    reproduce.set_defaults(func=_cmd_reproduce)


def _add_evolve(sub: Any) -> None:
    evolve = sub.add_parser("evolve", help="cultural evolution in the Donor Game")
    evolve.add_argument("--preset", default="paper", help="paper (default) or quick")
    evolve.add_argument(
        "--population",
        default="tit_for_tat,image_scoring,fixed,stingy,random",
        help="strategies cycled over the first generation: scripted names (tit_for_tat, "
        "image_scoring, fixed[:f], stingy, random) or openai:<model>",
    )
    evolve.add_argument("--agents", type=_count, default=12, help="population size (even)")
    evolve.add_argument("--generations", type=_count, help="override the preset's generations")
    evolve.add_argument("--seed", type=_seed, help="override the preset's seed")
    evolve.add_argument("--base-url", help="server for openai: members (default OPENAI_BASE_URL)")
    evolve.add_argument("--out", help="output directory (default runs/evolution-<time>)")
    evolve.add_argument(
        "--config",
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Donor Game option for every game, e.g. punishment=true (value read as JSON when "
        "it parses), repeatable; over the preset's own (paper: donor_view=pairing, "
        "trace_amounts=false, tell_rounds=false)",
    )
    evolve.set_defaults(func=_cmd_evolve)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` (default: the process's arguments); returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, or a usage error already printed on one line
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below
        return status
    except BrokenPipeError:  # the reader left (| head): as Python's docs advise for SIGPIPE
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("\nparlour: interrupted", file=sys.stderr)
        return 130
    except (ParlourError, sqlite3.Error, OSError) as error:
        return _fail(error)


def _fail(error: Exception) -> int:
    """Print ``error`` as the one line ``parlour: error: ...``; the input-error status, 2."""
    text = str(error) if isinstance(error, ParlourError) else f"{type(error).__name__}: {error}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    print(f"parlour: error: {' | '.join(lines)}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
