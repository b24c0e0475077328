"""
# Who is Spy

| Creation           | `parlour.make("who_is_spy_v0", num_players=6)`                  |
|--------------------|-----------------------------------------------------------------|
| Parallel API       | Yes: `parlour.make_parallel("who_is_spy_v0")`                    |
| Agents             | `player_0 ... player_{n-1}`, n in 3..12 (default 6)             |
| Actions            | `Text`: a description; `[vote player_k]`; a blank's guess      |
| Observation        | `Dict(text=Text(max_length=8192))`                              |
| Hidden information | each player's word; who is a spy or a blank                     |
| Chance (from seed) | word pair and orientation, seats, speaking orders, tie-breaks   |
| Rewards            | +1 each winner, -1 each loser, at the end; 0 on truncation       |
| Ends               | termination: a side wins; truncation: after `max_rounds`        |

## Rules
Civilians share a secret word; spies (default 1) hold a related word; optional blanks ("Mr.
White") hold none and know it. Nobody is told which side their word is on. Each round:

1. *Describe*: living players speak in a seeded random order, one line each (at most
   `max_description_chars`). A description containing the speaker's own word (any case, inside
   another word, or with spaces or hyphens changed) is withheld and counted invalid.
2. *Vote*: secret ballots by every living player for another living player, revealed together.
   The most-voted player is eliminated. A tie starts one run-off: the tied players describe again,
   the others vote between them; a second tie eliminates nobody (`second_tie="none"`) or a seeded
   draw decides (`"random"`).

Elimination reveals the role only with `reveal_role_on_elimination=True`. An eliminated blank gets
one guess of the civilians' word and wins alone if right (a right guess is announced; a wrong one
only the blank reads). When roles are hidden and blanks play, every eliminated player takes that
last turn, a civilian or spy with `[pass]` as its only action: the turn, the phase and every
prompt the others see are then the same whoever was eliminated, so the guess gives no blank away.
Civilians win when every spy and blank is out; spies win when living spies >= `spy_win_ratio` x
living civilians; blanks win if only they and at most as many civilians remain. `swap_words=True`
plays the same deal with the words exchanged.

## Action grammar
| Phase        | Forms                                    | Default when invalid      |
|--------------|------------------------------------------|---------------------------|
| describe     | one line of text                         | withheld (no description) |
| vote         | `[vote player_k]`, k living, not self    | abstain                   |
| blank_guess  | a blank: one word (`[guess w]` also read) | no guess (a wrong guess)  |
| blank_guess  | a civilian or spy: `[pass]`               | `[pass]`                  |

## Version History
* v0: first release.
"""

from __future__ import annotations

from typing import Any

from parlour.core.env import GameSpec, ParlourAECEnv, ParlourParallelEnv
from parlour.envs.who_is_spy import text
from parlour.envs.who_is_spy.facts import HIDDEN
from parlour.envs.who_is_spy.rules import WhoIsSpyConfig, WhoIsSpyRules

GAME = GameSpec(
    env_id="who_is_spy_v0",
    config_cls=WhoIsSpyConfig,
    new_rules=WhoIsSpyRules,
    text=text,  # type: ignore[arg-type]  # a module satisfying the GameText protocol
    hidden=HIDDEN,  # what each seat must not tell apart (the leak harness plays twins)
)
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
}
#: The twin of any game: the same deal with the two words exchanged (for paired evaluation).
TWIN_CONFIG: dict[str, Any] = {"swap_words": True}


class raw_env(ParlourAECEnv):
    """Who-is-Spy, AEC version. See the module docstring for rules and options."""

    game = GAME
    metadata = GAME.metadata


class raw_parallel_env(ParlourParallelEnv):
    """Who-is-Spy, Parallel version: ballots are simultaneous, descriptions one per step."""

    game = GAME
    metadata = GAME.metadata


def env(**kwargs: Any) -> raw_env:
    """The AEC env. It needs no PettingZoo wrappers: it refuses use before ``reset`` itself and
    handles invalid text inside, by the game's documented defaults."""
    return raw_env(**kwargs)


def parallel_env(**kwargs: Any) -> raw_parallel_env:
    """The Parallel env."""
    return raw_parallel_env(**kwargs)
