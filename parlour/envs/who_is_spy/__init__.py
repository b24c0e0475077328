"""Who-is-Spy (``who_is_spy_v0``): describe your word, find who holds a different one."""

from __future__ import annotations

from typing import Any

from parlour.core.game import Game
from parlour.envs.who_is_spy.bots import make_bot
from parlour.envs.who_is_spy.facts import HIDDEN
from parlour.envs.who_is_spy.model import WhoIsSpyConfig
from parlour.envs.who_is_spy.rl import RL
from parlour.envs.who_is_spy.rules import WhoIsSpyRules
from parlour.envs.who_is_spy.text import WhoIsSpyText

#: Named configurations: each one is also run through the whole conformance suite.
VARIANTS: dict[str, dict[str, Any]] = {
    "classic6": {},
    "mr_white8": {
        "num_players": 8,
        "num_spies": 1,
        "num_blanks": 1,
        "reveal_role_on_elimination": True,
    },
    "two_spies12": {"num_players": 12, "num_spies": 2, "num_blanks": 1, "second_tie": "random"},
    "trio": {"num_players": 3, "max_rounds": 2},
    # Skytliang/SpyGame's protocol (spygame.py): 4 players, 1 spy, 7 rounds counted per vote
    "spygame": {
        "num_players": 4,
        "num_spies": 1,
        "max_rounds": 7,
        "reveal_role_on_elimination": True,  # "... has been voted out, but is not the spy"
        "own_word": "mask",
        "reveal_ballots": False,
        "shuffle_vote_options": True,
        "all_tied": "restart",
        "second_tie": "none",  # the restart: a new round with everyone
        "runoff_takes_round": True,
        "final_tie": "random",
    },
}

#: The twin of any game: the same deal with the two words exchanged (for paired evaluation).
TWIN_CONFIG: dict[str, Any] = {"swap_words": True}


def _picture() -> type:
    from parlour.envs.who_is_spy.picture import WhoIsSpyPicture  # imports pygame: only when drawn

    return WhoIsSpyPicture


GAME: Game[WhoIsSpyConfig] = Game(
    env_id="who_is_spy_v0",
    pettingzoo_id="parlour/WhoIsSpy-v0",
    summary="Who-is-Spy: describe your secret word, vote out the players whose word differs",
    config=WhoIsSpyConfig,
    rules=WhoIsSpyRules,
    text=WhoIsSpyText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants=VARIANTS,
    twin=TWIN_CONFIG,
    hidden=HIDDEN,
)
