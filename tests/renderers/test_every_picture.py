"""Every picture draws: every registered game, every named variant, the options that change what
a picture shows, several seeds, from the god view and from every seat, at the start, the middle
and the end of a seeded random-legal game (and at the moments a picture must handle specially,
such as the lights going out for a crewmate)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import parlour
from parlour.renderers import make_frame
from parlour.renderers.frame import SIZE, Controls
from parlour.renderers.window import Window
from tests.helpers import env_variants, random_legal_chooser

Moment = Callable[[Any], bool]


def _lights_out(env: Any) -> bool:
    """A crewmate is alive while the lights are out (its room is too dark to see anyone)."""
    rules = env.unwrapped.match.rules
    crew = [p for p in rules.living if p not in rules.impostors]
    return getattr(rules.sabotage, "value", None) == "lights" and bool(crew)


def _round_resolved(env: Any) -> bool:
    """A round's bids are in (or, Dutch, a bidder accepted the clock)."""
    return any(e.kind in ("bids", "own_bid", "sale") for e in env.unwrapped.match.rules.events)


def _auction_configs() -> list[tuple[str, dict[str, Any]]]:
    """Every format with every visibility; each format and each visibility also once with
    unlimited budgets."""
    formats = ["english", "first_price", "second_price", "all_pay", "dutch"]
    visibilities = ["full", "anonymous", "winner_only"]
    cases = []
    for i, fmt in enumerate(formats):
        for j, visibility in enumerate(visibilities):
            config: dict[str, Any] = {"format": fmt, "visibility": visibility, "num_items": 2}
            if (i + j) % 2:
                config["budget"] = None
            if fmt == "dutch":
                config["dutch_step"] = 0.1
            cases.append((f"{fmt}-{visibility}-budget{config.get('budget', 'default')}", config))
    return cases


#: No meeting ends the sabotage early, no kill ends the game: the lights go out and stay out.
LIGHTS = {"sabotage_cooldown": 0, "kill_cooldown": 50, "emergency_meetings": 0, "max_steps": 12}

#: Options that change what a picture must draw, beyond the named variants: (env, name, config,
#: a moment the game must reach and the picture draw from every seat).
PICTURE_CONFIGS: list[tuple[str, str, dict[str, Any], Moment | None]] = [
    *(("auction_v0", name, config, _round_resolved) for name, config in _auction_configs()),
    ("among_us_v0", "skeld-lights", LIGHTS, _lights_out),
    ("among_us_v0", "grid-lights", {**LIGHTS, "map": "grid", "num_players": 5}, _lights_out),
    ("among_us_v0", "no-sabotage-no-vents", {"sabotage": False, "vents": False}, None),
    (
        "werewolf_v0",
        "witch-hunter-no-chat",
        {"roles": ["werewolf", "seer", "witch", "hunter", "villager"], "wolf_chat_rounds": 0},
        None,
    ),
    ("who_is_spy_v0", "revealed-roles", {"reveal_role_on_elimination": True}, None),
    ("donor_game_v0", "hidden-resources", {"show_recipient_resources": False}, None),
]

#: (env, name, config, moment, seed): the named variants with two seeds, the options with one.
CASES = [
    (env_id, name, config, None, seed) for env_id, name, config in env_variants() for seed in (0, 7)
]
CASES += [(*case, 3) for case in PICTURE_CONFIGS]


def _prefer_lights(seed: int) -> Callable[..., Any]:
    """Random legal play, except that an impostor turns the lights out whenever it may."""
    choose = random_legal_chooser(seed)

    def chooser(env: Any, agent: str, obs: Any, info: dict[str, Any]) -> Any:
        if "[sabotage lights]" in (info.get("legal_actions") or ()):
            return "[sabotage lights]"
        return choose(env, agent, obs, info)

    return chooser


def _play(env_id: str, config: dict[str, Any], seed: int, draw_at: Callable[[Any, int], None]):
    """Play a seeded random-legal game, calling ``draw_at(env, step)`` before each step and at
    the end; returns the number of steps."""
    env = parlour.make(env_id, **config)
    env.reset(seed=seed)
    choose = _prefer_lights(seed) if env_id == "among_us_v0" else random_legal_chooser(seed)
    steps = 0
    for agent in env.agent_iter(5_000):
        draw_at(env, steps)
        observation, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else choose(env, agent, observation, info))
        steps += 1
    assert not env.agents, f"{env_id} did not end"
    draw_at(env, steps)
    return steps


def make_frame_window(env_id: str) -> Window:
    return Window(make_frame(parlour.get_game(env_id)))


def _draw_all(env: Any, renderer: Window) -> int:
    """Frames from the god view and every seat (a seat on its turn with its buttons)."""
    match = env.unwrapped.match
    frames = 0
    for viewer in ["god", *env.possible_agents]:
        frame = renderer.array(match, viewer)
        assert frame.dtype == np.uint8 and frame.shape == (SIZE[1], SIZE[0], 3), viewer
        assert frame.std() > 10, f"a blank frame for {viewer}"
        frames += 1
        if viewer in match.acting() and not match.is_over():
            controls = Controls(legal=list(match.spec(viewer).choices), active=True)
            renderer.frame.draw(match, viewer, controls)
    return frames


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}-seed{c[4]}" for c in CASES])
def test_every_seat_sees_a_picture_at_every_stage(case):
    env_id, _, config, moment, seed = case
    length = _play(env_id, config, seed, lambda env, step: None)
    points = {0, length // 2, length}
    renderer = make_frame_window(env_id)
    drawn: list[int] = []
    reached = []

    def draw_at(env: Any, step: int) -> None:
        special = moment is not None and not reached and moment(env)
        if special:
            reached.append(step)
        if step in points or special:
            drawn.append(_draw_all(env, renderer))

    _play(env_id, config, seed, draw_at)
    assert len(drawn) >= len(points)
    if moment is not None:
        assert reached, f"the game never reached {moment.__name__}"
