"""
# Who is Spy

| Creation           | `parlour.make("who_is_spy_v0", num_players=6)`                  |
|--------------------|-----------------------------------------------------------------|
| Parallel API       | Yes: `parlour.make_parallel("who_is_spy_v0")`                    |
| Agents             | `player_0 ... player_{n-1}`, n in 3..12 (default 6)             |
| Actions            | `Text`: a description; `[vote player_k]`; a blank's guess      |
| Observation        | `Dict(text=Text(max_length=20000))`                             |
| Hidden information | each player's word; who is a spy or a blank                     |
| Chance (from seed) | word pair and orientation, seats, speaking orders, tie-breaks   |
| Rewards            | +1 each winner, -1 each loser, at the end; 0 on truncation       |
| Ends               | termination: a side wins; truncation: after `max_rounds`        |

## Rules
Civilians share a secret word; spies (default 1) hold a related word; optional blanks ("Mr.
White") hold none and know it. Nobody is told which side their word is on. Each round:

1. *Describe*: living players speak in a seeded random order, one line each (at most
   `max_description_chars`). A description containing the speaker's own word (any case, inside
   another word, or with spaces or hyphens changed) is withheld and counted invalid, or with
   `own_word="mask"` stands with the word replaced by "my word".
2. *Vote*: secret ballots by every living player for another living player, revealed together
   (with `reveal_ballots=False` never: each voter reads its own, and only who tied and the
   outcome are announced; `shuffle_vote_options` lists each voter's options in its own seeded
   order). The most-voted player is eliminated. A tie starts one run-off: the tied players
   describe again, the others vote between them; a second tie eliminates nobody
   (`second_tie="none"`; the next round starts with everyone) or a seeded draw decides
   (`"random"`). With `all_tied="restart"` a first vote where everyone ties eliminates nobody and
   a new round starts; with `runoff_takes_round` a run-off is a round of its own; with
   `final_tie="random"` a tie that no round is left to settle is broken by a seeded draw. A vote
   in which every ballot abstains (only invalid ballots do) eliminates nobody, and the next round
   starts.

Elimination reveals the role only with `reveal_role_on_elimination=True`. An eliminated blank gets
one guess of the civilians' word and wins alone if right (a right guess is announced; a wrong one
only the blank reads). When roles are hidden and blanks play, every eliminated player takes that
last turn, a civilian or spy with `[pass]` as its only action: the turn, the phase and every
prompt the others see are then the same whoever was eliminated, so the guess gives no blank away.
Civilians win when every spy and blank is out; spies win when living spies >= `spy_win_ratio` x
living civilians; blanks win if only they and at most as many civilians remain. `swap_words=True`
plays the same deal with the words exchanged; `word_pairs` draws from a word list of your own.
The `spygame` variant is Skytliang/SpyGame's protocol (docs/games/who_is_spy.md).

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

from parlour.envs.who_is_spy import GAME

#: PettingZoo's names: the AEC class, the Parallel class, and their constructors.
raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
