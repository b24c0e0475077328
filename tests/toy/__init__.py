"""A toy game defined in the tests, to prove the game contract: three to five players each say
one line, then bid once in secret for an item; the highest bid wins and pays its bid. It is
declared here exactly as a built-in game is, and registered by ``tests/conftest.py``."""

from __future__ import annotations

from parlour.core.game import Game
from tests.toy.bots import make_bot
from tests.toy.facts import HIDDEN
from tests.toy.model import ToyConfig
from tests.toy.rl import RL
from tests.toy.rules import ToyRules
from tests.toy.text import ToyText


def _picture() -> type:
    from tests.toy.picture import ToyPicture  # imports pygame: only when drawn

    return ToyPicture


GAME: Game[ToyConfig] = Game(
    env_id="toy_v0",
    pettingzoo_id="parlour/Toy-v0",
    summary="A toy sealed-bid game with one speech turn (the test suite's seventh game)",
    config=ToyConfig,
    rules=ToyRules,
    text=ToyText(),
    bots=make_bot,
    rl=RL,
    picture=_picture,
    variants={"trio": {}, "five": {"num_players": 5}},
    hidden=HIDDEN,
)
