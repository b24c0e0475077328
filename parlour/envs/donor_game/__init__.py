"""The Donor Game (``donor_game_v0``): indirect reciprocity (its cultural evolution lives in
``parlour.arena.evolution``)."""

from __future__ import annotations

from typing import Any

from parlour.core.game import Game
from parlour.envs.donor_game.bots import make_bot
from parlour.envs.donor_game.facts import HIDDEN
from parlour.envs.donor_game.model import DonorGameConfig
from parlour.envs.donor_game.rl import RL
from parlour.envs.donor_game.rules import DonorGameRules
from parlour.envs.donor_game.text import DonorGameText

#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "paper12": {},
    "punish_refuse_percent": {
        "num_agents": 6,
        "punishment": True,
        "partner_choice": True,
        "units": "percent",
    },
    "random_first_order": {
        "num_agents": 8,
        "schedule": "random",
        "trace": "first_order",
        "rounds": 10,
    },
    # resources hidden with percent units: acts are told by the share chosen, to recipients by
    # the amount; punishment adds the floored loss
    "percent_hidden_punish": {
        "num_agents": 6,
        "units": "percent",
        "show_recipient_resources": False,
        "punishment": True,
    },
    # Vallinder & Hughes' prompt: the current pairing only, traces told by shares, no round
    # count, the generation on the card (with costly punishment, which the paper also runs)
    "paper_view_punish": {
        "num_agents": 6,
        "donor_view": "pairing",
        "trace_amounts": False,
        "tell_rounds": False,
        "generation": 2,
        "punishment": True,
    },
    "round_robin_clamp": {
        "num_agents": 4,
        "schedule": "round_robin",
        "clamp": True,
        "show_recipient_resources": False,
    },
}


def _picture() -> type:
    from parlour.envs.donor_game.picture import DonorGamePicture  # imports pygame: only when drawn

    return DonorGamePicture


GAME: Game[DonorGameConfig] = Game(
    env_id="donor_game_v0",
    pettingzoo_id="parlour/DonorGame-v0",
    summary="The Donor Game: give on the strength of reputation (Vallinder & Hughes)",
    config=DonorGameConfig,
    rules=DonorGameRules,
    text=DonorGameText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    hidden=HIDDEN,
)
