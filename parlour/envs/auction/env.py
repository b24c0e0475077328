"""
# Auctions

| Creation           | `parlour.make("auction_v0", format="english", num_bidders=4)`          |
|--------------------|-------------------------------------------------------------------------|
| Parallel API       | Yes (native: each round's bids, each sealed bid, each clock tick)       |
| Agents             | `player_0 ... player_{n-1}`, n in 2..12 (default 4)                     |
| Actions            | `[bid N]`, `[withdraw]`; Dutch: `[accept]`, `[wait]`                    |
| Observation        | `Dict(text=Text(max_length=20000))`                                     |
| Hidden information | others' values, objectives, budgets (see "What each bidder knows")      |
| Chance (from seed) | item values, estimates or signals, biases, tie-breaks                   |
| Rewards            | profit (value to the bidder minus what it pays) per item, as it happens |
| Ends               | termination when every item is sold or passed                           |

Formats: `english` (AucArena's sequential open ascending auction, the default), `first_price`,
`second_price`, `all_pay` and `dutch`. Values: `aucarena` (true values with a shared or
per-bidder estimate bias and noise; starting price = `start_fraction` x true value; the true value
is announced after each sale unless `reveal_true_value=False`), `private` (U[0, value_max] per
bidder) and `common` (U[0, value_max] with signals within `noise`; the common value is announced
after each sale unless `reveal_true_value=False`). `values=` fixes bidders' cards: per bidder,
None (drawn) or one number per item (its values, estimates or signals; the draws are made all
the same, so nothing else changes). `budget` is every bidder's starting budget (None:
unlimited); `budgets=` gives one per bidder instead (None: unlimited; 0: nothing to spend), and
then the rules say only that budgets may differ. Visibility of bids: `full` (every bid with its
bidder, English rounds name the high bidder), `anonymous` (every bid's amount, no bidder: not
even the high bidder of an English round) or `winner_only` (no bids: each bidder sees its own).
Every option announces each sale's winner and price.

AucArena's protocol (the `aucarena` variant): `item_list` sells fixed items (a shipped list's name,
or `[[name, starting price, true value], ...]`), `shuffle_items` in a seeded order;
`show_budget_left=False` never restates the remaining budget in a prompt (nor as the bid's upper
bound: the forms say only the least bid); `discount` starts an item nobody bid on again that much
cheaper, every bidder back in, at most `max_discounts` times; `whole_raise` makes the minimum
raise `int(min_raise x starting price)`. AucArena re-asks a failed bid: the env option
`on_invalid="retry"`.

Who acts, and how long an item takes, depend only on what every bidder may know. Every bidder
takes part in every item, whatever it has left: one that cannot afford a bid is offered what it
can do (English: `[withdraw]` alone; sealed: a bid of 0 or `[withdraw]`; Dutch: `[wait]`). A
Dutch clock runs until someone accepts or it falls below the reserve (0 without one), never
stopping early because nobody could pay. English rounds under `full` are taken by the bidders
still in (everyone sees who holds the high bid and who withdrew); where bidders are hidden,
every bidder takes every round's turn, those who cannot bid (out of the item, holding the high
bid) with `[wait]` only. A bid over the remaining budget, or below the English minimum, is
invalid; the default is `[withdraw]` (Dutch: `[wait]`). Budgets are charged only for payments;
with unlimited budgets bids are capped at 10 x `value_max`. The card lists every item's value by
number: past about 1,300 items it needs a larger `max_observation_chars` (the refusal says how
much).

## What each bidder knows
Its own card (values, starting budget, objective), its remaining budget, its own bids and
payments, and the public events: each item and its starting price, each round (English: the
minimum bid, and the high bid), each sale's winner and price. Of the other bidders:

| Fact               | Known to the others                                                     |
|--------------------|-------------------------------------------------------------------------|
| values             | `private`: never (the final profits tell a winner's value); `common`:   |
|                    | not their signals, the common value after each sale (if revealed);      |
|                    | `aucarena`: with one shared bias, no noise and no `values=` every       |
|                    | estimate is the same (so known), else not; the true value after each    |
|                    | sale (if revealed), and to whoever knows `start_fraction`, from the     |
|                    | starting price                                                          |
| starting budget    | `budget`: the same for everyone; `budgets=`: never                      |
| remaining budget   | start minus payments. Only the winner pays, at the announced price      |
|                    | (English, first-, second-price, Dutch): known wherever starts are.      |
|                    | All-pay (each pays its bid): `full` known; `anonymous`: the amounts     |
|                    | paid, not by whom; `winner_only`: only the winner's payment             |
| bids, withdrawals  | `full`: every bid and withdrawal with its bidder; `anonymous`: the      |
|                    | amounts only; `winner_only`: none (but English rounds show the standing |
|                    | high bid, which the minimum bid tells anyway); Dutch: no `[wait]` shows |
| objective          | never                                                                   |

The leak harness plays twin games for each (`facts.py`: `objective`, `value`, `budget`,
`who_bid_what`) and checks that no channel of a bidder tells them apart.

## Version History
* v0: first release.
"""

from __future__ import annotations

from parlour.envs.auction import GAME

#: PettingZoo's names: the AEC class, the Parallel class, and their constructors.
raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
