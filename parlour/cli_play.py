"""``parlour play`` (a person at a window or the terminal) and ``parlour replay``.

Without a display, ``play`` says so (``parlour: error: no display ...``, status 2) instead of
opening an invisible window that would wait forever. ``--record`` is checked before the game
starts and is written however the game ends (to its end, the window closed, Ctrl-C or
``SIGTERM``); the command says ``saved to`` only for a file it wrote. ``SIGTERM`` ends a game as
Ctrl-C does (``parlour: interrupted``, status 130).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parlour.cli import _parse_config, _positive, _seats, _seed
from parlour.core.errors import ParlourError
from parlour.renderers.quick import figures_line


def cmd_play(args: argparse.Namespace) -> int:
    config = _parse_config(args.config)
    seats = _seats(args.env, config)
    seat = None if args.seat == "none" else args.seat
    if seat is not None and seat not in seats:
        raise ParlourError(f"seat must be one of {', '.join(seats)}, actual value: {seat!r}")
    opponents = [s.strip() for s in (args.opponents or "").split(",") if s.strip()]
    record = _record_path(args.record)
    if args.terminal:  # no window: the person answers at the terminal
        from parlour.renderers.terminal import play_in_terminal

        if seat is None:
            raise ParlourError("--terminal needs a seat to play")
        with _sigterm_interrupts():
            game = play_in_terminal(args.env, seat, opponents, args.seed, config, record)
        return _report_save(game.saved, game.save_error)
    with _sigterm_interrupts():
        session = _session(args, seat, opponents, config, record)
        try:
            metrics = session.run()
        except KeyboardInterrupt:
            if session.saved is not None:
                print(f"(the game so far is saved to {session.saved})")
            raise
    finished = not session.env.agents
    print(
        ("Game over. " if finished else "The window was closed before the end. ")
        + figures_line(metrics)
    )
    return _report_save(session.saved, session.save_error)


def _session(
    args: argparse.Namespace,
    seat: str | None,
    opponents: list[str],
    config: dict[str, Any],
    record: Path | None,
) -> Any:
    if args.env == "overcooked_v0" and seat is not None and not args.turns:
        from parlour.renderers.realtime import RealtimeSession

        return RealtimeSession(
            seat, opponents, args.seed, config, tick_rate=args.tick_rate, record=record
        )
    from parlour.renderers.session import TurnSession

    return TurnSession(args.env, seat, opponents, args.seed, config, record=record, pace=args.pace)


def _record_path(text: str | None) -> Path | None:
    """``--record``'s file, checked before a game is played into it."""
    if text is None:
        return None
    path = Path(text)
    folder = path.parent
    if path.is_dir():
        raise ParlourError(f"--record {text}: is a directory; give a file name such as game.json")
    if not folder.is_dir():
        raise ParlourError(f"--record {text}: no such directory: {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ParlourError(f"--record {text}: cannot write there")
    return path


def _report_save(saved: Path | None, error: str | None) -> int:
    if error is not None:
        raise ParlourError(error)
    if saved is not None:
        print(f"saved to {saved}; show it again with: parlour replay {saved} --window")
    return 0


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within: ``SIGTERM`` ends the game as Ctrl-C does, so the game is saved first."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_replay(args: argparse.Namespace) -> int:
    if Path(args.run_dir).is_file():  # a game saved by parlour play
        from parlour.renderers.saved import read_game, replay

        env = replay(read_game(args.run_dir), args.run_dir)  # every field, then every action
        if args.view != "god" and args.view not in env.possible_agents:
            raise ParlourError(
                f"--view must be god or one of {', '.join(env.possible_agents)}, got {args.view!r}"
            )
        if args.window:
            from parlour.renderers.playback import show_replay
            from parlour.renderers.window import NoDisplay

            try:
                with _sigterm_interrupts():
                    show_replay(args.run_dir, args.view)
            except NoDisplay as error:
                raise NoDisplay(error.reason, "leave out --window to print the game") from None
        print(env.unwrapped.transcript_text(args.view))
        print(f"Result: {figures_line(env.unwrapped.metrics())}")
        return 0
    if not Path(args.run_dir).exists():
        raise ParlourError(f"no such file or directory: {args.run_dir}")
    if args.game_id is None:
        raise ParlourError("give a tournament directory and a game id, or a saved game file")
    from parlour.arena.store import RunStore

    store = RunStore.open_existing(args.run_dir)
    views = store.views(args.game_id)
    store.close()
    if args.view not in views:
        raise ParlourError(f"--view must be one of {', '.join(views)}, got {args.view!r}")
    print(views[args.view])
    return 0


def add_play(sub: Any) -> None:
    play = sub.add_parser("play", help="play a seat in a window against agents (or watch)")
    play.add_argument("env", help="env id, e.g. werewolf_v0")
    play.add_argument("--seat", default="player_0", help="your seat, or none to watch")
    play.add_argument("--opponents", help="comma-separated agent specs for the other seats")
    play.add_argument("--seed", type=_seed, default=None)
    play.add_argument("--config", action="append", default=[], metavar="KEY=VALUE")
    play.add_argument(
        "--tick-rate", type=_positive, default=6.0, help="Overcooked ticks per second"
    )
    play.add_argument("--turns", action="store_true", help="Overcooked turn by turn, not live")
    play.add_argument("--pace", type=_positive, default=2.0, help="agents' moves shown per second")
    play.add_argument("--terminal", action="store_true", help="play in the terminal, no window")
    play.add_argument("--record", help="save the game to this JSON file (also when it ends early)")
    play.set_defaults(func=cmd_play)


def add_replay(sub: Any) -> None:
    replay = sub.add_parser(
        "replay", help="show a tournament game's transcript, or a game saved by parlour play"
    )
    replay.add_argument("run_dir", help="a tournament directory, or a saved game file")
    replay.add_argument("game_id", nargs="?", help="the game id (tournament directories)")
    replay.add_argument("--view", default="god", help="god (default) or an agent id")
    replay.add_argument(
        "--window",
        action="store_true",
        help="also play it back in a window (space pause, arrows step and speed, Q quit)",
    )
    replay.set_defaults(func=cmd_replay)
