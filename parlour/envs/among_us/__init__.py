"""Among Us-style deduction (``among_us_v0``): tasks, kills, vents, sabotage and meetings."""

from __future__ import annotations

from typing import Any

from parlour.core.game import Game
from parlour.envs.among_us.bots import make_bot
from parlour.envs.among_us.facts import HIDDEN
from parlour.envs.among_us.model import AmongUsConfig
from parlour.envs.among_us.rl import RL
from parlour.envs.among_us.rules import AmongUsRules
from parlour.envs.among_us.text import AmongUsText

#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "skeld6": {},
    "grid2x3": {"map": "grid", "num_players": 4, "tasks_per_player": 2, "kill_cooldown": 2},
    "skeld10_two_impostors": {
        "num_players": 10,
        "num_impostors": 2,
        "reveal_on_eject": True,
        "discussion_messages": 2,
        "max_steps": 40,
    },
    # Sarkar et al. 2025 (SocialDeductionLLM, string_env.py): see docs/papers.md
    "sarkar": {
        "map": "grid",
        "grid_width": 3,
        "grid_height": 2,
        "grid_meeting_room": "top_middle",
        "num_players": 5,
        "num_impostors": 1,
        "tasks_per_player": 5,
        "task_repeats": True,
        "task_time": 3,
        "move_time": 3,
        "kill_cooldown": 20,
        "impostors_report": False,
        "emergency_meetings": 0,
        "discussion_messages": 2,
        "suspicion_survey": True,
        "max_message_chars": 100,
        "reveal_ballots": False,
        "reveal_on_eject": False,
        "vents": False,
        "sabotage": False,
        "max_steps": 300,
        "loser_reward": 0.0,
    },
}


def _picture() -> type:
    from parlour.envs.among_us.picture import AmongUsPicture  # imports pygame: only when drawn

    return AmongUsPicture


GAME: Game[AmongUsConfig] = Game(
    env_id="among_us_v0",
    pettingzoo_id="parlour/AmongUs-v0",
    summary="Among Us-style deduction: tasks, kills, vents, sabotage and meetings on a map",
    config=AmongUsConfig,
    rules=AmongUsRules,
    text=AmongUsText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    hidden=HIDDEN,
)
