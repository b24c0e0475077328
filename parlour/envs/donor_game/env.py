"""
# The Donor Game

| Creation           | `parlour.make("donor_game_v0", num_agents=12)`                        |
|--------------------|-----------------------------------------------------------------------|
| Parallel API       | Yes (native: each round's donors choose at once)                      |
| Agents             | `player_0 ... player_{n-1}`, n even (default 12)                      |
| Actions            | `[donate X]`; `[punish X]` and `[refuse]` where enabled               |
| Observation        | `Dict(text=Text(max_length=20000))`                                   |
| Hidden information | who did what to whom, beyond the configured trace                     |
| Chance (from seed) | the `random` schedule's pairings only                                 |
| Rewards            | the change in the player's resources, as it happens                   |
| Ends               | termination after the configured number of rounds                     |

The indirect-reciprocity game of Vallinder & Hughes (2024), "Cultural Evolution of Cooperation
among LLM Agents". Each round pairs every player once as donor or recipient; a donor gives x and
the recipient gains `multiplier * x`. Before choosing, a donor sees the recipient's resources and
a trace of past actions: chained as in the paper (the recipient's last act, then what its partner
did before that, ...) or first-order. Variants: costly punishment and partner choice.

## The paper's view
`donor_view="pairing"` builds a donor's text as the paper's notebook builds its prompt, afresh
each turn: the rules, the card (with `generation`, the generation number) and the current pairing
only (the round, both resources, the trace). No earlier pairing, act or round line is kept, and no
seat is told an act as it happens (the god view keeps them, "told to nobody"); later donors learn
it through traces. With `trace_amounts=False` traces tell each act by the share given only, and
with `tell_rounds=False` nobody is told how many rounds there are, as in the paper.

## Hidden resources
With `show_recipient_resources=False` resources stay hidden, and an amount and a share of the
same act, together, would give the donor's resources away (amount / share). So:

* a trace tells each act exactly as the donor chose it, in the game's units: the amount, or with
  `units="percent"` the share the donor wrote (`[donate 15.01]` reads `15.01%` in the text and
  `"percent": 15.01` in the data, never recomputed from the amount: a broke donor's 50% reads
  50%); the numeric view holds the same share;
* an act's recipient knows the amount it got (its resources and its reward show it), so with
  percent units it is told that amount wherever the act appears, never the share: its own line
  of the act, every trace it is shown later, its seat view and its numeric view;
* the donor reads both of its own act, but not what the recipient's resources did (a
  punishment floored at 0 would tell them).

Schedules: `paper` (halves A and B; in round r < n/2, A_i meets B_((i+r) mod n/2), A donating
on even r and B on odd r; the next n/2 rounds repeat those pairings with roles reversed; cycles
after n rounds), `random` (no repeated donor-recipient pair while one can be avoided) and
`round_robin` (circle method).

## Action grammar
| Form         | Meaning                                              | Default when invalid |
|--------------|------------------------------------------------------|----------------------|
| `[donate X]` | give X units (or X percent with `units="percent"`)   | `[donate 0]`         |
| `[punish X]` | pay X; the recipient loses `punishment_multiplier`*X | `[donate 0]`         |
| `[refuse]`   | play nothing this round                              | `[donate 0]`         |

An amount over the donor's resources is invalid (default: donate 0) unless `clamp=True`.

## Version History
* v0: first release.
"""

from __future__ import annotations

from parlour.envs.donor_game import GAME

#: PettingZoo's names: the AEC class, the Parallel class, and their constructors.
raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
