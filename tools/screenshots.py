"""Draw the docs' screenshots: each game's window at a seeded moment of a scripted game.

    SDL_VIDEODRIVER=dummy python tools/screenshots.py [docs/screenshots]

Three sets: the README's (``SHOTS``: a frame as ``rgb_array`` draws it), a seated player's turn
in the play window with its prompt, field and buttons (``TURNS``, ``<env>_turn.png``, shown in
docs/play.md), and two moments of a played session: a ballot reveal held on screen and a result
screen (``MOMENTS``). The pictures are a pure function of the code (seeded games, pygame's
bundled font), and ``tests/renderers/test_screenshots.py`` redraws them and requires the
committed files to match.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

import parlour
from parlour.agents import make_agent
from parlour.play import agent_seed
from parlour.renderers import make_frame
from parlour.renderers.frame import KEYS, WINDOW_SIZE, Controls
from parlour.renderers.turns import turn_controls
from parlour.testing.playouts import scripted_match

#: env id -> (config, seed, actions to play first, viewer, whether to draw a human seat's controls)
SHOTS: dict[str, tuple[dict, int, int, str, bool]] = {
    "who_is_spy_v0": ({}, 3, 14, "god", False),
    "werewolf_v0": ({}, 1, 40, "player_3", True),
    "among_us_v0": ({}, 2, 60, "god", False),
    "overcooked_v0": ({"layout": "counter_circuit"}, 1, 130, "player_0", False),
    "donor_game_v0": ({}, 1, 30, "god", False),
    "auction_v0": ({}, 1, 20, "player_1", True),
}
#: env id -> (config, seed, actions to play first, seat, what the person has typed): the
#: seat's next turn after those actions, in a window of the play window's size
TURNS: dict[str, tuple[dict, int, int, str, str]] = {
    "who_is_spy_v0": ({}, 1, 5, "player_0", "white and fluffy, up hi"),
    "werewolf_v0": ({}, 1, 60, "player_3", ""),
    "among_us_v0": ({}, 2, 30, "player_0", ""),
    "overcooked_v0": ({"layout": "cramped_room"}, 1, 20, "player_0", ""),
    "donor_game_v0": ({}, 1, 30, "player_0", "4.5"),
    "auction_v0": ({}, 1, 20, "player_1", ""),
}
#: file name -> (env id, config, seed, which moment: "reveal" or "result")
MOMENTS: dict[str, tuple[str, dict, int, str]] = {
    "who_is_spy_v0_reveal": ("who_is_spy_v0", {}, 5, "reveal"),
    "werewolf_v0_result": ("werewolf_v0", {"preset": "classic9"}, 3, "result"),
}


def _play(env_id: str, config: dict, seed: int, moves: int, stop_at: str | None = None):
    """A seeded scripted game after ``moves`` actions (then on to ``stop_at``'s turn)."""

    def stop(match, count: int) -> bool:  # (a shot of a seat's turn waits for it)
        return count >= moves and (stop_at is None or match.acting()[:1] == [stop_at])

    return scripted_match(env_id, stop, seed, **config)


def shoot(env_id: str) -> pygame.Surface:
    config, seed, moves, viewer, controls = SHOTS[env_id]
    match = _play(env_id, config, seed, moves, viewer if controls else None)
    frame = make_frame(parlour.get_game(env_id))
    panel = None
    if controls:
        acting = viewer in match.acting()
        panel = turn_controls(match, viewer, frame.view) if acting else Controls()
    return frame.draw(match, viewer, panel)


def shoot_turn(env_id: str) -> pygame.Surface:
    """A seated player's turn as the play window shows it: the prompt, the field, the buttons."""
    config, seed, moves, seat, typed = TURNS[env_id]
    match = _play(env_id, config, seed, moves, seat)
    frame = make_frame(parlour.get_game(env_id))
    frame.resize(WINDOW_SIZE)
    frame.keys = KEYS
    controls = turn_controls(match, seat, frame.view)
    controls.typed = typed
    return frame.draw(match, seat, controls)


def shoot_moment(name: str) -> pygame.Surface:
    """A frame of a played session, watched from player_0's seat: the first ballot reveal it
    held, or its result screen."""
    from parlour.renderers.session import TurnSession

    env_id, config, seed, which = MOMENTS[name]
    session = TurnSession(env_id, None, ["scripted"], seed, config, headless=True)
    session.viewer = "player_0"
    session.window.resize(WINDOW_SIZE)
    frames: list[pygame.Surface] = []
    show = session.window.show

    def keep(match, viewer, controls, status, overlay=None):
        show(match, viewer, controls, status, overlay)
        news = controls.news if controls is not None else ()
        held = type(match).__name__ == "HeldMatch" and any("Ballots" in n for n in news)
        if which == "reveal" and held and not frames:
            frames.append(session.window.surface.copy())

    session.window.show = keep
    session.run(wait_at_end=False)
    return frames[0] if which == "reveal" else session.window.surface


#: The live Overcooked window: layout, seed, ticks played first, the person's chat line.
LIVE = ("cramped_room", 3, 45, "I'll bring onions, you take the plates")


def shoot_live() -> pygame.Surface:
    """The real-time Overcooked window (``parlour play overcooked_v0``) of a seeded game: the
    person's chef (driven here by the scripted bot's moves, sent as key presses), the keys and
    the chat log under the kitchen."""
    from parlour.renderers.keys import KEY_ACTIONS
    from parlour.renderers.realtime import RealtimeSession

    layout, seed, ticks, line = LIVE
    session = RealtimeSession(
        "player_0", ["scripted"], seed, {"layout": layout}, headless=True, countdown=0
    )
    session.stage.rules_open = False  # (read and closed: the kitchen in play)
    me = make_agent("scripted")
    me.reset("player_0", agent_seed(seed, 0), session.env.unwrapped.seat_view("player_0"))
    key_of = {action: key for key, action in reversed(KEY_ACTIONS.items())}
    for _ in range(ticks):
        action = me.act(session.observations["player_0"], session.infos["player_0"])
        if action in key_of:
            session._handle(pygame.event.Event(pygame.KEYDOWN, key=key_of[action], unicode=""))
            session._handle(pygame.event.Event(pygame.KEYUP, key=key_of[action]))
        session._ask_partners()
        for future in session._thinking.values():
            future.result()  # (a live game does not wait: here the picture is seeded)
        session._tick()
    for key, text in [(pygame.K_t, "t"), *[(0, c) for c in line], (pygame.K_RETURN, "\r")]:
        session._handle(pygame.event.Event(pygame.KEYDOWN, key=key, unicode=text))
    surface = session.draw().copy()
    session.window.close()
    session._pool.shutdown()
    return surface


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="docs/screenshots", help="where to save them")
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    drawn = {env_id: shoot(env_id) for env_id in SHOTS}
    drawn |= {f"{env_id}_turn": shoot_turn(env_id) for env_id in TURNS}
    drawn |= {name: shoot_moment(name) for name in MOMENTS}
    drawn["overcooked_live"] = shoot_live()
    for name, surface in drawn.items():
        pygame.image.save(surface, str(out / f"{name}.png"))
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()
