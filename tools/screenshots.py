"""Draw the README's screenshots: each game's window at a seeded moment of a scripted game.

    SDL_VIDEODRIVER=dummy python tools/screenshots.py [docs/screenshots]

The pictures are a pure function of the code (seeded games, pygame's bundled font), and
``tests/renderers/test_screenshots.py`` redraws them and requires the committed files to match.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

import parlour
from parlour.agents import make_agent
from parlour.play import agent_seed
from parlour.renderers import make_frame
from parlour.renderers.frame import Controls

#: env id -> (config, seed, actions to play first, viewer, whether to draw a human seat's controls)
SHOTS: dict[str, tuple[dict, int, int, str, bool]] = {
    "who_is_spy_v0": ({}, 3, 14, "god", False),
    "werewolf_v0": ({}, 1, 40, "player_3", True),
    "among_us_v0": ({}, 2, 60, "god", False),
    "overcooked_v0": ({"layout": "counter_circuit"}, 1, 130, "player_0", False),
    "donor_game_v0": ({}, 1, 30, "god", False),
    "auction_v0": ({}, 1, 20, "player_1", True),
}


def shoot(env_id: str) -> pygame.Surface:
    config, seed, moves, viewer, controls = SHOTS[env_id]
    env = parlour.make(env_id, **config)
    env.reset(seed=seed)
    agents = {}
    for index, seat in enumerate(env.possible_agents):
        agents[seat] = make_agent("scripted")
        agents[seat].reset(seat, agent_seed(seed, index), env.unwrapped.player_view(seat))
    for count, seat in enumerate(env.agent_iter()):
        if count >= moves and (not controls or seat == viewer):
            break  # (a shot with controls waits for the viewer's turn)
        observation, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else agents[seat].act(observation, info))
    match = env.unwrapped.match
    panel = None
    if controls:
        acting = viewer in match.acting()
        legal = list(match.spec(viewer).choices) if acting else []
        panel = Controls(legal=legal, active=acting)
    return make_frame(parlour.get_game(env_id)).draw(match, viewer, panel)


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
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for env_id in SHOTS:
        pygame.image.save(shoot(env_id), str(out / f"{env_id}.png"))
        print(out / f"{env_id}.png")
    pygame.image.save(shoot_live(), str(out / "overcooked_live.png"))
    print(out / "overcooked_live.png")


if __name__ == "__main__":
    main()
