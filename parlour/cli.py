"""The ``parlour`` command: ``list`` the games, ``run`` one game between agents."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from parlour.agents.specs import agent_kinds
from parlour.core.errors import ParlourError
from parlour.play import play_game
from parlour.registry import env_entry, list_envs, make


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


def _cmd_list(args: argparse.Namespace) -> int:
    for env_id in list_envs():
        print(f"{env_id:16} {env_entry(env_id).summary}")
    print(f"\nagents: {', '.join(agent_kinds())}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    config = _parse_config(args.config)
    seats = make(args.env, **config).possible_agents
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parlour", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the games and agent kinds").set_defaults(func=_cmd_list)
    run = sub.add_parser("run", help="play one game and print its transcript")
    run.add_argument("env", help="env id, e.g. who_is_spy_v0")
    run.add_argument(
        "--agents", help="comma-separated specs, one per seat or one for all (default: scripted)"
    )
    run.add_argument("--seed", type=int, default=None, help="game seed (default: random)")
    run.add_argument("--view", default="god", help="god (default) or an agent id such as player_0")
    run.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="game option (value read as JSON when it parses), repeatable",
    )
    run.set_defaults(func=_cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ParlourError as error:
        print(f"parlour: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
