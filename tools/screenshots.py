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


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    for env_id in SHOTS:
        pygame.image.save(shoot(env_id), str(out / f"{env_id}.png"))
        print(out / f"{env_id}.png")


if __name__ == "__main__":
    main()
