"""
# Werewolf

| Creation           | `parlour.make("werewolf_v0", preset="arena8")`                      |
|--------------------|---------------------------------------------------------------------|
| Parallel API       | Yes: `parlour.make_parallel("werewolf_v0")`                          |
| Agents             | `player_0 ... player_{n-1}`, n in 4..16 (arena8: 8)                 |
| Actions            | `Text`: a speech; `[kill p]`, `[protect p]`, `[vote p]`, `[bid k]`... |
| Observation        | `Dict(text=Text(max_length=20000))`                                 |
| Hidden information | roles; the pack's choice; night actions, results; secret bids, ballots |
| Chance (from seed) | seats of the roles, the wolf who picks, speaking orders, tie-breaks   |
| Rewards            | +1 each member of the winning team (dead ones too), -1 the losers    |
| Ends               | termination: a team wins; truncation: after `max_days`              |

## Rules
Presets: `arena8` (2 werewolves, seer, doctor, 4 villagers; Werewolf Arena's protocol),
`lspo7` (2 werewolves, seer, doctor, 3 villagers; the protocol of Xu et al. 2023 that LSPO plays),
`classic9` (3 werewolves, seer, witch, hunter, 3 villagers; AgentScope's roles, Parlour's own
protocol). `roles=(...)` plays any mix, with at most one seer, doctor, witch and hunter (each keeps
private night state). A preset names a protocol (`protocol`: `arena`, `lspo` or `classic`), and
every protocol option left unset takes that protocol's value; an option given overrides it (see
`config.py` for the table, and the options below).

| option | `arena` (Werewolf Arena) | `lspo` (Xu et al. 2023) | `classic` (Parlour) |
|---|---|---|---|
| `wolf_kill`, `wolf_chat_rounds` | `one_random`, 0 | `propose_decide`, 0 | `vote`, 1 |
| `doctor_self_protect`, `doctor_repeat` | yes, yes | yes, yes | yes, no |
| `seer_reveals`, `seer_recheck` | `role`, no | `team`, yes | `role`, yes |
| `discussion` | `bidding`, 8 turns | `round_robin` once, by seat | `round_robin` twice, random |
| `last_speaker_bids`, `mention_weight`, `bids_shown` | no, 2, no | (no bidding) | (no bidding) |
| `straw_polls` | yes | no | no |
| `vote_abstain`, `vote_reveal` | no, `outcome` | yes, `ballots` | yes, `ballots` |
| `exile`, `vote_tie` | `majority`, none | `plurality`, `random` | `plurality`, none |
| `max_days` | 30 | 30 | 10 |

The papers' games have no day limit; 30 is an engine limit a game reaches only if the doctor
saves the wolves' victim on some 25 nights.

Night n is played in turns that are the same every night, whoever is still alive:

1. Chat turns, `wolf_chat_rounds` times the number of werewolves in play (none when only one is
   in play). In each, one living werewolf speaks to the pack, in a seeded order each night, each
   `wolf_chat_rounds` times; the turns of dead wolves come last and have no speaker, and neither
   does any turn once a single wolf is left.
2. The decisions turn: the pack chooses (`wolf_kill`): every living werewolf votes in secret (a
   tie kills a seeded `random` one of the tied, or nobody: `wolf_tie`; never a second ballot); or
   one living werewolf, drawn from the pack's stream each night, picks the victim alone; or the
   living werewolf of the lowest seat proposes. The doctor protects a player
   (`doctor_self_protect`, `doctor_repeat` for the same player on consecutive nights); the seer
   inspects a player and learns their role or team (`seer_reveals`; with `seer_recheck` false,
   never a player inspected before: a seer with nobody left sleeps).
3. The deciding turn, with `propose_decide` and two or more wolves in play: the next living
   werewolf reads the proposal and names the victim (a lone wolf has decided already: everyone
   sleeps). The pack learns who chose whom.
4. The witch's turn, when a witch is in play: she learns the victim and may heal them (once a
   game, not herself unless `witch_self_heal`) or poison anyone (once a game), at most one potion
   a night. With no potion she can use, she is told nothing and sleeps.

A wolf who alone names the victim (the one drawn, the decider, a lone proposer) must name one:
its invalid answer kills the proposal, else a prey drawn from the pack's stream.

Every living player acts in every night turn, in both APIs (the AEC env selects them in seat
order); whoever has nothing to do in a turn is offered one action, `[sleep]` (a villager in
every turn, a wolf in another wolf's chat turn, the doctor and seer outside the decisions turn,
and so on). Every seat's `infos["phase"]` reads `night` in every night turn; its own prompt says
what it has to do, and its numeric view shows its own task (`night` when it sleeps). Why: if a
night's turns followed who is alive (a doctor's turn only while the doctor lives, chat only while
two wolves live, the witch's turn only while she has a potion), every player could count the
steps of a night, or watch which seat the AEC env selects, and learn which night roles are dead
and what the witch did. So a night takes `chat turns + 1 (+ 1 to decide) (+ 1 with a witch)`
steps in the Parallel API and that many rounds of the living players in the AEC API, a function
of the config and of who is alive (public) only. The pack's chat order, the drawn picker and wolf
tie-breaks draw from a random stream of their own, so a hidden draw never moves a public one.
A `[sleep]` turn has a single legal action: agents can answer it without thinking (the scripted
bots do; an LLM seat should not spend a model call on it).

Dawn of day n: the deaths are announced; a saved player is not announced, stays alive everywhere
and in every list. A death reveals nothing, the team or the role (`reveal_on_death`). A hunter
killed by the wolves (not poisoned) or exiled shoots one player (or holds fire). Then the win
check, then `last_words` if enabled. The hunter's turn and last words are public turns: the
shot (or holding fire) is announced at once with the hunter's role, and who died is public, so
these turns tell nothing that the announcements do not.

Day n: discussion by `round_robin` (every living player in turn, `discussion_rounds` times, in a
seeded order or in `seat` order: `speaking_order`) or `bidding` (`bidding_turns` turns; before
each, every living player bids 0-4 at once, the last speaker too unless `last_speaker_bids` is
false, and the highest bid speaks; a tie is drawn at random, each tied player named in the last
speech `mention_weight` times as likely, as Werewolf Arena lists them twice; every bid is
announced, or with `bids_shown` false each bidder knows only their own and the table learns who
won). Exactly one public random draw a bidding turn, tie or not, so secret bids never shift a later
draw. With `straw_polls`, everyone alive votes after every speech but the last: a straw poll that
exiles nobody (Werewolf Arena takes a vote after every debate turn and counts only the last; the
metrics keep every straw poll). Then the vote: `secret` ballots or `sequential` public ones in a
seeded order; `[abstain]` is offered when `vote_abstain`; the vote shows its `ballots` (who voted
for whom, and the tally) or only its `outcome` (`vote_reveal`); exile by `plurality` or `majority`
(more than half of the ballots, one per living voter); a tie exiles nobody, a seeded `random`
one, or leads to one `runoff` (`vote_tie`; a majority is never reached by a tie).

The village wins when no werewolf lives; the werewolves win when they are at least as many as the
rest. The win is checked after every death batch (dawn, exile, hunter shot), so a game never ends
within a night's turns. After day `max_days` the game is truncated.

Who does what at night is secret: the table sees only that it is night, and every living seat
answers every night turn. By day, turns depend only on who is alive, the config and public
ballots and bids.

## Action grammar
| Phase (task) | Forms                                              | Default when invalid        |
|--------------|----------------------------------------------------|-----------------------------|
| night        | `[sleep]` (no task this turn)                      | `[sleep]`                   |
| (wolf_chat)  | one line of text                                   | withheld (said nothing)     |
| (wolf_vote)  | `[kill player_k]`, a living non-wolf               | no vote (a lone chooser: +)  |
| (wolf_decide)| `[kill player_k]`, a living non-wolf               | the proposal, else +        |
| (doctor)     | `[protect player_k]`                               | protect nobody              |
| (witch)      | `[heal]`, `[poison player_k]`, `[pass]`            | `[pass]`                    |
| (seer)       | `[inspect player_k]`, a living other player        | inspect nobody              |
| hunter       | `[shoot player_k]`, `[hold fire]`                  | `[hold fire]`               |
| last_words   | one line of text                                   | withheld                    |
| bid          | `[bid 0]` ... `[bid 4]`                            | `[bid 0]`                   |
| discussion   | one line of text                                   | withheld                    |
| vote         | `[vote player_k]` (a candidate, not self), `[abstain]` | no vote (yet cast)   |

+: a prey drawn from the pack's stream. `[abstain]` is offered only with `vote_abstain`.

## Version History
* v0: first release.
* v0 (issue #25): `arena8` and `lspo7` play their papers' protocols (Werewolf Arena's, Xu et al.
  2023's); the former default game is `protocol="classic"`.
"""

from __future__ import annotations

from parlour.envs.werewolf import GAME

#: PettingZoo's names: the AEC class, the Parallel class, and their constructors.
raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
