"""Werewolf (``werewolf_v0``): the village hunts the werewolves who hunt it by night."""

from __future__ import annotations

from typing import Any

from parlour.core.game import Game
from parlour.envs.werewolf.bots import make_bot
from parlour.envs.werewolf.config import WerewolfConfig
from parlour.envs.werewolf.facts import HIDDEN
from parlour.envs.werewolf.rl import RL
from parlour.envs.werewolf.rules import WerewolfRules
from parlour.envs.werewolf.text import WerewolfText

#: Named configurations: each one is also run through the whole conformance suite. ``arena8``
#: and ``lspo7`` are the papers' protocols; ``arena8_bidding`` keeps Werewolf Arena's bidding
#: and straw polls but shows every bid and ballot (public sequential votes, a run-off).
VARIANTS: dict[str, dict[str, Any]] = {
    "arena8": {"preset": "arena8"},
    "lspo7": {"preset": "lspo7"},
    "classic9": {"preset": "classic9", "reveal_on_death": "role", "last_words": True},
    "arena8_bidding": {
        "preset": "arena8",
        "bidding_turns": 4,
        "bids_shown": True,
        "vote": "sequential",
        "vote_reveal": "ballots",
        "vote_abstain": True,
        "exile": "majority",
        "vote_tie": "runoff",
        "seer_reveals": "team",
        "reveal_on_death": "team",
    },
}


def _picture() -> type:
    from parlour.envs.werewolf.picture import WerewolfPicture  # imports pygame: only when drawn

    return WerewolfPicture


GAME: Game[WerewolfConfig] = Game(
    env_id="werewolf_v0",
    pettingzoo_id="parlour/Werewolf-v0",
    summary="Werewolf: seer, doctor, witch and hunter against the pack (Werewolf Arena, LSPO)",
    config=WerewolfConfig,
    rules=WerewolfRules,
    text=WerewolfText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    hidden=HIDDEN,
)
