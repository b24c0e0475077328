"""
# Overcooked

| Creation           | `parlour.make_parallel("overcooked_v0", layout="cramped_room")`        |
|--------------------|-----------------------------------------------------------------------|
| Parallel API       | Yes (native: both chefs act every step)                                |
| Agents             | `player_0`, `player_1` (more where a layout has more start cells)      |
| Actions            | `[north] [south] [east] [west] [stay] [interact]`; macro orders opt-in |
| Observation        | `Dict(text=Text)`; opt-in `lossless`, `featurized`, `lossless_v001`   |
| Hidden information | none: the kitchen is fully observed (macro outcomes are private)       |
| Chance (from seed) | none: the dynamics are deterministic                                   |
| Rewards            | team: every chef gets every delivery's points; shaping opt-in          |
| Ends               | truncation after `horizon` steps (default 400); never terminates        |

## Rules
The cooperative cooking gridworld of HumanCompatibleAI/overcooked_ai, step for step (golden
traces recorded from it are replayed in the tests). Chefs fetch onions or tomatoes, fill a pot
with up to 3, cook it (`dynamics="new"`: a chef with empty hands interacts with the pot;
`"old"`: it starts by itself at 3), take the soup with a dish and deliver it. A delivered soup
scores its value if it matches an order (twice that for a bonus order), else 0. Each step:
interacts first (from the positions before moving, chef 0 first), then moves (if two chefs
would end on one cell or swap, nobody moves; a move always turns the chef), then pots cook.

Shaping events (3 per ingredient potted, 3 per useful dish, 5 per soup taken) are reported in
`infos[agent]["shaped_reward"]` and added to the reward only with `shaping=coefficient`.
`infos[agent]["events"]` lists overcooked_ai's event names for that chef's last step.

## Layouts
`cramped_room` (`simple`), `asymmetric_advantages` (`unident_s`), `coordination_ring`
(`random1`), `forced_coordination` (`random0`), `counter_circuit_o_1order` (`random3`), and the
onion-and-tomato `counter_circuit`; or a `.json` file or a grid string with newlines.

A layout file is checked whole when it is loaded, with a `ConfigError` naming the field: the
keys `name` (one line of printable ASCII, at most 64 characters; default: the file's stem),
`grid` (1 to 40 rows of equal length, at most 40 cells, of `X P O T D S`, space and the start
digits `1`-`9`), `orders` and `bonus_orders` (lists of 1 to 3 of `onion`, `tomato`, each soup
once), `recipes` (`cook_time`, `recipe_times` one per order, in 1..1280; `onion_time`,
`tomato_time` in 1..426; `delivery_reward`, `onion_value`, `tomato_value` in (0, 1e6];
`recipe_values` one per order in [0, 1e6]; `order_bonus` in [0, 1000]), `aliases`, `source`.

## Action grammar
| Mode      | Forms                                                   | Default  |
|-----------|---------------------------------------------------------|----------|
| primitive | `[north]` `[south]` `[east]` `[west]` `[stay]` `[interact]` | `[stay]` |
| macro     | the primitives and the orders feasible now (below)      | `[wait]` |

Synonyms: up, down, left, right, n, s, e, w, use, wait (= stay). Orders: `[get onion]`,
`[get tomato]`, `[get dish]`, `[put in pot]`, `[start cooking]`, `[take soup]`, `[serve]`,
`[place on counter]`, `[pick up from counter]`, `[go to X Y]`, `[wait]`.

## Version History
* v0: first release.
"""

from __future__ import annotations

from parlour.envs.overcooked import GAME

#: PettingZoo's names: the AEC class, the Parallel class, and their constructors.
raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
