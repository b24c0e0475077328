"""
# Among Us-style deduction

| Creation           | `parlour.make("among_us_v0", map="skeld", num_players=6)`             |
|--------------------|-----------------------------------------------------------------------|
| Parallel API       | Yes (native for free roam): `parlour.make_parallel("among_us_v0")`     |
| Agents             | `player_0 ... player_{n-1}`, n in 4..10 (default 6)                   |
| Actions            | `[move Electrical]`, `[task]`, `[kill player_3]`, `[vote player_2]`...  |
| Observation        | `Dict(text=Text(max_length=20000))`                                   |
| Hidden information | roles; who is where outside your room; kills and vents not witnessed  |
| Chance (from seed) | impostor seats, tasks, meeting speaking orders                        |
| Rewards            | +1 each member of the winning team, `loser_reward` (-1) the losers    |
| Ends               | termination: a team wins; truncation: after `max_steps` roam steps    |

## Rules
Maps: `skeld` (14 rooms, vents in four groups) or `grid` (`grid_width` x `grid_height` rooms,
default 2x3, vents between the corners, the meeting room in a corner or, with
`grid_meeting_room="top_middle"`, top middle). 4-10 players, 1-2 impostors. Every crewmate has
`tasks_per_player` tasks in rooms, each at a different spot (so at most the map's spots: 14 on
skeld, one a room on a grid) unless `task_repeats` draws each spot independently; a task takes
`task_time` steps of doing it in its room. A move takes `move_time` steps (1 by default): the
mover is in the new room at once and can only `[wait]` for the rest.
Impostors get as many fake tasks: doing one shows them "doing a task" and makes no progress.

Free roam is simultaneous: each step every living player picks one action; a player killed out of
sight keeps a turn (`[wait]` only) until the next meeting shows who is alive, so neither the AEC
turn order nor the acting seats tell of a kill nobody saw. Resolution order: kills (a victim's own
action is lost, and it is told it was killed, where and by whom unless the lights are out; everyone
else in the room sees it, unless the lights are out for them), then reports (by impostors too
unless `impostors_report` is off) and the emergency button (in the meeting room,
`emergency_meetings` uses each, not during a reactor sabotage), then moves and vents (a vent is
seen by whoever ends the step at either end), then tasks, fixes and sabotage. Kills need
`kill_cooldown` steps between them (also at the start and after each meeting). Sabotage
(`sabotage_cooldown` apart, one at a time): the reactor must be fixed at its two panels by two
different crewmates within `reactor_time` steps or the impostors win; lights out blind crewmates to
who is in their room (bodies stay visible) until a crewmate fixes them at the lights panel.

A meeting (a reported body or the button) ends any sabotage, clears the bodies and returns the
living to the meeting room; each says `discussion_messages` messages in a seeded order, then all
vote in secret for a player or `[skip]`. With `suspicion_survey`, before each message and before
the vote every living player answers in secret `[suspect player_k]` ("which player are you most
suspicious of?"): its own `infos["suspicion"]` and the metrics hold the answers, no other seat
sees them. The most votes eject unless tied or the skips are at least as many; the result shows
every ballot, or (without `reveal_ballots`) only the votes per candidate; an ejection reveals the
role only with `reveal_on_eject`.

The crew wins when every impostor is ejected or every living crewmate has finished all their tasks
(there are no ghosts, so nobody can finish a dead crewmate's tasks). The public task bar counts
every crewmate's tasks, so it never jumps at a death nobody saw, and it moves only at meetings
(Among Us's "task bar updates: meetings"): a bar that moved at once would show a roommate "doing a
task" to be a crewmate, as an impostor's fake task makes no progress. The impostors win when they
are at least as many as the crew, or the reactor melts down. The win is checked after kills, after
each roam step and after each ejection. After `max_steps` roam steps the game is truncated.
Shaping (off by default): `task_reward` when a crewmate completes a task; `vote_reward` per ballot
on an impostor, paid at the end of the game (paid at once, it would reveal the impostor).

## Action grammar
| Phase      | Forms                                                               | Default  |
|------------|---------------------------------------------------------------------|----------|
| roam       | `[move R]`, `[task]`, `[wait]`, `[report]`, `[meeting]`, `[fix]`    | `[wait]` |
| roam       | impostors also: `[kill p]`, `[vent R]`, `[sabotage reactor|lights]` | `[wait]` |
| discussion | one line of text                                                    | withheld |
| survey     | `[suspect player_k]` (any other living player)                      | no answer |
| vote       | `[vote player_k]`, `[skip]`                                         | `[skip]` |

## Version History
* v0: first release.
"""

from __future__ import annotations

from parlour.envs.among_us import GAME

#: PettingZoo's names: the AEC class, the Parallel class, and their constructors.
raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
