"""Werewolf as a pure state machine: no PettingZoo, no prose.

Werewolves know each other and kill at night; the village talks by day and exiles by vote. The
seer inspects, the doctor protects, the witch holds one heal and one poison, the hunter shoots when
killed by the wolves or exiled. See ``env.py`` for the full rules page and the config options.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, LegalPool, SpeechRule
from parlour.core.ballots import Outcome
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.werewolf.model import (
    MAX_BID,
    Action,
    BallotCast,
    Bid,
    Bids,
    Cause,
    Dawn,
    DayStart,
    Deal,
    DeathNote,
    Discussion,
    Exile,
    Exiled,
    GameOver,
    Heal,
    HunterShot,
    Inspect,
    Inspection,
    Kill,
    LastWords,
    NightStart,
    NoExile,
    Pass,
    Phase,
    Poison,
    Protect,
    Protection,
    Reveal,
    Role,
    Shoot,
    Sleep,
    Speak,
    Speech,
    Team,
    Vote,
    VoteMode,
    VotesRevealed,
    VoteStart,
    VoteTie,
    WerewolfConfig,
    WitchAct,
    WitchNews,
    WolfBallot,
    WolfChat,
    WolfDecision,
    WolfTie,
    team_of,
)

# Members read on every step, as module constants: reading an enum member off its class is slow
# on CPython 3.11 (``EnumType.__getattr__``).
_BALLOT_PHASES = (Phase.NIGHT, Phase.BID)
_VOTE, _OVER, _SECRET = Phase.VOTE, Phase.OVER, VoteMode.SECRET


_CLAIM = re.compile(r"\bi(?: am|'m)(?: the| a| an)? (werewolf|villager|seer|doctor|witch|hunter)\b")


def claimed_roles(text: str) -> list[str]:
    """Roles a speech claims for its speaker ("I am the seer", "I'm a villager")."""
    return _CLAIM.findall(text.lower())


class WerewolfRules(GameRules[Action]):
    """The state machine of one game.

    Chance, all from ``rng``: seats of the roles (drawn even when ``seat_roles`` is given, so
    fixing roles leaves the rest unchanged), then the seed of the pack's own stream, then as the
    game goes the public draws: each day's speaking order or bid tie-breaks, vote tie-breaks,
    sequential voting orders. The pack's stream draws each night's chat order and wolf tie-breaks:
    a hidden draw never shifts a public one.

    Turns never tell a hidden fact: every night has the same turns, fixed by the config (one per
    wolf in play per chat round, then the night's decisions, then the witch's turn when a witch
    is in play), and every living player acts in each; whoever has nothing to do answers
    ``[sleep]``. Day turns depend only on who is alive and on public votes.
    """

    def __init__(self, config: WerewolfConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        drawn = [config.roles[i] for i in rng.permutation(config.num_players)]  # type: ignore[index]
        self._pack_rng = np.random.default_rng(int(rng.integers(2**63)))
        seats = config.seat_roles if config.seat_roles is not None else drawn
        self.roles: dict[AgentId, Role] = {
            p: Role(r) for p, r in zip(self.players, seats, strict=True)
        }
        self.wolves: tuple[AgentId, ...] = tuple(
            p for p in self.players if self.roles[p] is Role.WEREWOLF
        )
        self.living: list[AgentId] = list(self.players)
        self.day = 0  # night n precedes day n
        self._phase = Phase.NIGHT
        self._queue: list[AgentId] = []  # speakers still to speak / sequential voters
        self._voters: list[AgentId] = []  # simultaneous ballots: who votes
        self._candidates: list[AgentId] = []
        self._ballots: dict[AgentId, Any] = {}
        self._runoff = False
        self._bid_turns_left = 0
        # the night's turns still to come (a chat turn names its speaker, or nobody), and each
        # seat's task in this one (absent: sleep)
        counts = config.role_counts()
        wolves = counts[Role.WEREWOLF]
        self._chat_turns = config.wolf_chat_rounds * wolves if wolves > 1 else 0
        self._witch_turn = Role.WITCH in counts
        self._night_turns: list[tuple[Phase, AgentId | None]] = []
        self._night_turn = Phase.WOLF_CHAT
        self._tasks: dict[AgentId, Phase] = {}
        self._legal: dict[AgentId, Legal[Action]] = {}
        self._pool: LegalPool[Action] = LegalPool()
        # night state
        self._victim: AgentId | None = None
        self._protected: AgentId | None = None
        self._last_protected: AgentId | None = None
        self._healed = False
        self._poisoned: AgentId | None = None
        self.heal_left = self.poison_left = True
        self.inspected: dict[AgentId, Role] = {}
        self.shown_hunters: set[AgentId] = set()  # hunters who have shot (or held fire)
        # deaths waiting for hunter shots and last words, then the next part of the game
        self._hunters: list[AgentId] = []
        self._last_words: list[AgentId] = []
        self._then: Phase = Phase.DISCUSSION
        self.deaths: list[dict[str, Any]] = []
        self.winner: Team | None = None
        self._truncated = False
        self._stats: Counter[str] = Counter()
        self._votes_cast: Counter[AgentId] = Counter()
        self._votes_on_wolves: Counter[AgentId] = Counter()
        self.claims: list[dict[str, Any]] = []
        self._no_scores: dict[AgentId, float] = dict.fromkeys(self.players, 0.0)
        self._speech_legal: Legal[Action] = Legal(
            ActionKind.SPEECH,
            default=Speak(None),
            speech=SpeechRule(config.max_speech_chars, Speak),
        )
        bids = tuple(Bid(k) for k in range(MAX_BID + 1))
        self._bid_legal: Legal[Action] = Legal(ActionKind.CHOICE, Bid(0), bids)
        self._sleep_legal: Legal[Action] = Legal(ActionKind.CHOICE, Sleep(), (Sleep(),))
        for agent in self.players:
            role = self.roles[agent]
            pack = list(self.wolves) if role is Role.WEREWOLF else []
            self.log(Deal(agent, role, tuple(pack)), visible_to={agent})
        self._start_night()

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    def is_alive(self, agent: AgentId) -> bool:
        return agent in self.living

    def living_wolves(self) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is Role.WEREWOLF]

    def living_with(self, role: Role) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is role]

    def acting(self) -> list[AgentId]:
        phase = self._phase
        if phase in _BALLOT_PHASES or (phase is _VOTE and self.config.vote is _SECRET):
            return [v for v in self._voters if v not in self._ballots]
        if phase is _OVER:
            return []
        return self._queue[:1]

    def task(self, agent: AgentId) -> Phase:
        """The phase as ``agent`` sees it: at night its own task this turn (``NIGHT`` when it has
        none and sleeps), by day the phase everyone sees."""
        if self._phase is Phase.NIGHT:
            return self._tasks.get(agent, Phase.NIGHT)
        return self._phase

    def legal(self, agent: AgentId) -> Legal[Action]:
        legal = self._legal.get(agent)
        if legal is None:  # one object per player and turn, as Legal asks
            legal = self._legal[agent] = self._make_legal(agent)
        return legal

    def _make_legal(self, agent: AgentId) -> Legal[Action]:
        phase, config = self.task(agent), self.config
        others = [p for p in self.living if p != agent]
        if phase is Phase.NIGHT:
            return self._sleep_legal
        if phase in (Phase.WOLF_CHAT, Phase.LAST_WORDS, Phase.DISCUSSION):
            return self._speech_legal
        if phase is Phase.BID:
            return self._bid_legal
        if phase is Phase.WOLF_VOTE:
            prey = tuple(Kill(p) for p in self.living if self.roles[p] is not Role.WEREWOLF)
            return self._pool.choice(Kill(None), prey)
        if phase is Phase.DOCTOR:
            targets = [
                p
                for p in self.living
                if (p != agent or config.doctor_self_protect)
                and (p != self._last_protected or config.doctor_repeat)
            ]
            return self._pool.choice(Protect(None), tuple(Protect(p) for p in targets))
        if phase is Phase.WITCH:
            choices: list[Action] = []
            if self.can_heal(agent):
                choices.append(Heal())
            if self.poison_left:
                choices.extend(Poison(p) for p in others)
            choices.append(Pass())
            return self._pool.choice(Pass(), tuple(choices))
        if phase is Phase.SEER:
            return self._pool.choice(Inspect(None), tuple(Inspect(p) for p in others))
        if phase is Phase.HUNTER:
            return self._pool.choice(Shoot(None), (*(Shoot(p) for p in others), Shoot(None)))
        if phase is Phase.VOTE:
            targets = [p for p in self._candidates if p != agent]
            return self._pool.choice(Vote(None), (*(Vote(p) for p in targets), Vote(None)))
        raise IllegalAction(f"nobody acts in phase {phase.value}")

    def can_heal(self, witch: AgentId) -> bool:
        return (
            self.heal_left
            and self._victim is not None
            and (self._victim != witch or self.config.witch_self_heal)
        )

    @property
    def victim(self) -> AgentId | None:
        """Tonight's wolf victim (known to the wolves and, when told, the witch)."""
        return self._victim

    def is_terminal(self) -> bool:
        return self.winner is not None

    def is_truncated(self) -> bool:
        return self._truncated

    def scores(self) -> dict[AgentId, float]:
        if self.winner is None:
            return self._no_scores  # the same dict until the game is won
        return {p: 1.0 if team_of(self.roles[p]) is self.winner else -1.0 for p in self.players}

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        if not self.legal(agent).offers(action):
            raise IllegalAction(f"{action} is not legal for {agent} in phase {self._phase.value}")
        self.step_count += 1
        handler = _HANDLERS[self._phase]
        handler(self, agent, action)

    # night
    def _start_night(self) -> None:
        self.day += 1
        self._victim, self._protected, self._healed, self._poisoned = None, None, False, None
        self.log(NightStart(self.day))
        wolves = self.living_wolves()
        speakers: list[AgentId | None] = []
        if len(wolves) > 1:  # a lone wolf has nobody to talk to
            order = [wolves[i] for i in self._pack_rng.permutation(len(wolves))]
            speakers = order * self.config.wolf_chat_rounds
        speakers += [None] * (self._chat_turns - len(speakers))  # the dead wolves' turns
        self._night_turns = [(Phase.WOLF_CHAT, s) for s in speakers]
        self._night_turns.append((Phase.WOLF_VOTE, None))
        if self._witch_turn:
            self._night_turns.append((Phase.WITCH, None))
        self._next_night_turn()

    def _next_night_turn(self) -> None:
        """Open the night's next turn for every living player, each told only its own task."""
        if not self._night_turns:
            self._dawn()
            return
        turn, speaker = self._night_turns.pop(0)
        tasks: dict[AgentId, Phase] = {}
        if speaker is not None:
            tasks[speaker] = Phase.WOLF_CHAT
        elif turn is Phase.WOLF_VOTE:  # the night's decisions, taken together
            tasks = {
                p: _NIGHT_TASK[self.roles[p]] for p in self.living if self.roles[p] in _NIGHT_TASK
            }
        elif turn is Phase.WITCH:
            for witch in self.living_with(Role.WITCH):
                if self.can_heal(witch) or self.poison_left:  # else she sleeps, told nothing
                    tasks[witch] = Phase.WITCH
                    self.log(WitchNews(self._victim), visible_to={witch})
        self._set_phase(Phase.NIGHT, voters=list(self.living))
        self._night_turn, self._tasks = turn, tasks

    def _night(self, agent: AgentId, action: Action) -> None:
        self._ballots[agent] = action
        task = self._tasks.get(agent)
        if task is not None:
            _NIGHT_HANDLERS[task](self, agent, action)
        if len(self._ballots) < len(self._voters):
            return
        if self._night_turn is Phase.WOLF_VOTE:
            self._decide_victim()
        self._next_night_turn()

    def _wolf_chat(self, agent: AgentId, action: Speak) -> None:
        self.log(WolfChat(agent, action.text), visible_to=self.wolves)

    def _wolf_vote(self, agent: AgentId, action: Kill) -> None:
        self.log(WolfBallot(agent, action.target), visible_to={agent})

    def _decide_victim(self) -> None:
        ballots = {
            w: self._ballots[w].target for w, t in self._tasks.items() if t is Phase.WOLF_VOTE
        }
        tally = Counter(t for t in ballots.values() if t is not None)
        top = max(tally.values(), default=0)
        tied = [p for p in self.living if top and tally.get(p, 0) == top]
        if len(tied) == 1:
            self._victim = tied[0]
        elif tied and self.config.wolf_tie is WolfTie.RANDOM:
            self._victim = tied[int(self._pack_rng.integers(len(tied)))]
        self.log(
            WolfDecision(frozen_map(ballots), self._victim, len(tied) > 1), visible_to=self.wolves
        )

    def _doctor(self, agent: AgentId, action: Protect) -> None:
        self._protected = action.target
        self._last_protected = action.target
        if action.target is not None:
            self._stats["protections"] += 1
        self.log(Protection(agent, action.target), visible_to={agent})

    def _witch(self, agent: AgentId, action: Heal | Poison | Pass) -> None:
        if isinstance(action, Heal):
            self.heal_left, self._healed = False, True
            self._stats["witch_heals"] += 1
        elif isinstance(action, Poison):
            self.poison_left, self._poisoned = False, action.target
            self._stats["witch_poisons"] += 1
            self._stats["witch_poisoned_wolves"] += self.roles[action.target] is Role.WEREWOLF
        poison = action.target if isinstance(action, Poison) else None
        self.log(WitchAct(agent, isinstance(action, Heal), poison), visible_to={agent})

    def _seer(self, agent: AgentId, action: Inspect) -> None:
        target = action.target
        if target is not None:
            role = self.roles[target]
            self.inspected[target] = role
            self._stats["inspections"] += 1
            self._stats["wolves_found"] += role is Role.WEREWOLF
            shown = role if self.config.seer_reveals is Reveal.ROLE else None
            found = Inspection(agent, target, shown, team_of(role))
        else:
            found = Inspection(agent, None, None, None)
        self.log(found, visible_to={agent})

    def _dawn(self) -> None:
        victim = self._victim
        saved = victim is not None and (victim == self._protected or self._healed)
        if saved:
            self._stats["doctor_saves" if victim == self._protected else "witch_saves"] += 1
        causes: dict[AgentId, Cause] = {}
        if victim is not None and not saved:
            causes[victim] = Cause.WOLVES
        if self._poisoned is not None:
            causes[self._poisoned] = Cause.POISON  # also the wolves' victim: no hunter shot
        dead = [p for p in self.players if p in causes]
        for agent in dead:
            self._kill(agent, causes[agent])
        self.log(Dawn(self.day, tuple(self._death_note(a) for a in dead)))
        may_shoot = [p for p in dead if causes[p] is Cause.WOLVES]
        self._after_deaths(may_shoot, dead, then=Phase.DISCUSSION)

    # deaths
    def _kill(self, agent: AgentId, cause: Cause) -> None:
        self.living.remove(agent)
        self.deaths.append(
            {
                "day": self.day,
                "player": agent,
                "role": self.roles[agent].value,
                "cause": cause.value,
            }
        )

    def _death_note(self, agent: AgentId) -> DeathNote:
        """What a death reveals, by ``reveal_on_death``."""
        role = self.roles[agent]
        reveal = self.config.reveal_on_death
        return DeathNote(
            agent,
            role if reveal is Reveal.ROLE else None,
            team_of(role) if reveal is not Reveal.NONE else None,
        )

    def _after_deaths(self, may_shoot: list[AgentId], dead: list[AgentId], then: Phase) -> None:
        """Hunter shots (by hunters among ``may_shoot``: killed by the wolves or exiled), then the
        win check, then last words, then ``then`` (the day's discussion, or the next night)."""
        self._hunters = [p for p in may_shoot if self.roles[p] is Role.HUNTER]
        self._last_words = list(dead) if self.config.last_words else []
        self._then = then
        self._continue_after_deaths()

    def _continue_after_deaths(self) -> None:
        if self._hunters:
            self._set_phase(Phase.HUNTER, queue=[self._hunters.pop(0)])
            return
        if self._check_win():
            return
        if self._last_words:
            self._set_phase(Phase.LAST_WORDS, queue=list(self._last_words))
            self._last_words = []
            return
        if self._then is Phase.DISCUSSION:
            self._start_day()
        elif self.day >= self.config.max_days:
            self._truncated = True
            self._game_over("day limit")
        else:
            self._start_night()

    def _hunter(self, agent: AgentId, action: Shoot) -> None:
        self._queue.pop(0)
        target = action.target
        self.shown_hunters.add(agent)
        if target is not None:
            self._kill(target, Cause.SHOT)
            if self.config.last_words:
                self._last_words.append(target)
        note = self._death_note(target) if target is not None else None
        self.log(HunterShot(agent, target, note))
        self._continue_after_deaths()

    def _last_word(self, agent: AgentId, action: Speak) -> None:
        self._queue.pop(0)
        self.log(LastWords(agent, action.text))
        self._record_claims(agent, action.text)
        if not self._queue:
            self._continue_after_deaths()

    def _check_win(self) -> bool:
        wolves = len(self.living_wolves())
        if wolves == 0:
            self.winner = Team.VILLAGE
        elif wolves >= len(self.living) - wolves:
            self.winner = Team.WEREWOLVES
        else:
            return False
        self._game_over(f"{self.winner.value} win")
        return True

    # day
    def _start_day(self) -> None:
        living = self.living
        config = self.config
        self.log(DayStart(self.day, tuple(living)))
        if config.discussion is Discussion.BIDDING:
            self._bid_turns_left = config.bidding_turns
            self._set_phase(Phase.BID, voters=list(living))
        else:
            order = [living[i] for i in self.rng.permutation(len(living))]
            self._set_phase(Phase.DISCUSSION, queue=order * config.discussion_rounds)

    def _bid(self, agent: AgentId, action: Bid) -> None:
        self._ballots[agent] = action.amount
        if len(self._ballots) < len(self._voters):
            return
        bids = {p: self._ballots[p] for p in self._voters}
        top = max(bids.values())
        tied = [p for p, b in bids.items() if b == top]
        speaker = tied[int(self.rng.integers(len(tied)))] if len(tied) > 1 else tied[0]
        self._bid_turns_left -= 1
        self.log(Bids(frozen_map(bids), speaker))
        self._set_phase(Phase.DISCUSSION, queue=[speaker])

    def _discuss(self, agent: AgentId, action: Speak) -> None:
        self._queue.pop(0)
        self.log(Speech(agent, action.text, self.day))
        self._record_claims(agent, action.text)
        if self._queue:
            return
        if self.config.discussion is Discussion.BIDDING and self._bid_turns_left:
            self._set_phase(Phase.BID, voters=list(self.living))
        else:
            self._start_vote(list(self.living))

    def _start_vote(self, candidates: list[AgentId]) -> None:
        voters = list(self.living)
        sequential = self.config.vote is VoteMode.SEQUENTIAL
        order = [voters[i] for i in self.rng.permutation(len(voters))] if sequential else []
        self.log(VoteStart(tuple(candidates), self._runoff, tuple(order)))
        self._set_phase(Phase.VOTE, voters=voters, queue=order)
        self._candidates = candidates

    def _vote(self, agent: AgentId, action: Vote) -> None:
        self._ballots[agent] = action.target
        sequential = self.config.vote is VoteMode.SEQUENTIAL
        if sequential:
            self._queue.pop(0)
        self.log(BallotCast(agent, action.target), visible_to="all" if sequential else {agent})
        if action.target is not None:
            self._votes_cast[agent] += 1
            self._votes_on_wolves[agent] += self.roles[action.target] is Role.WEREWOLF
        if len(self._ballots) == len(self._voters):
            self._resolve_vote()

    def _resolve_vote(self) -> None:
        config = self.config
        ballots = {v: self._ballots[v] for v in self._voters}
        tally = Counter(t for t in ballots.values() if t is not None)
        top = max(tally.values(), default=0)
        tied = [c for c in self._candidates if top and tally.get(c, 0) == top]
        counts = frozen_map((c, tally.get(c, 0)) for c in self._candidates)
        self.log(VotesRevealed(frozen_map(ballots), counts, self._runoff))
        exiled: AgentId | None = None
        reason = "no votes"
        if len(tied) > 1 and config.vote_tie is VoteTie.RUNOFF and not self._runoff:
            self._runoff = True
            self._start_vote(tied)
            return
        if tied and config.exile is Exile.MAJORITY and top * 2 <= len(ballots):
            reason = "no majority"  # (a tie never has one)
        elif len(tied) == 1:
            exiled = tied[0]
        elif tied and config.vote_tie is VoteTie.RANDOM:
            exiled = tied[int(self.rng.integers(len(tied)))]
        elif tied:
            reason = "tie"
        self._runoff = False
        if exiled is None:
            self.log(NoExile(Outcome(reason), tuple(tied)))
            self._after_deaths([], [], then=Phase.NIGHT)
            return
        self._kill(exiled, Cause.EXILE)
        note = self._death_note(exiled)
        self.log(Exiled(note.player, note.role, note.team))
        self._after_deaths([exiled], [exiled], then=Phase.NIGHT)

    # shared
    def _set_phase(
        self,
        phase: Phase,
        *,
        queue: list[AgentId] | None = None,
        voters: list[AgentId] | None = None,
    ) -> None:
        self._phase = phase
        self._queue = list(queue or [])
        self._voters = list(voters or [])
        self._ballots = {}
        self._legal = {}
        self._tasks = {}

    def _record_claims(self, agent: AgentId, text: str | None) -> None:
        for claimed in claimed_roles(text or ""):
            self.claims.append(
                {
                    "day": self.day,
                    "player": agent,
                    "claimed": claimed,
                    "role": self.roles[agent].value,
                    "true": claimed == self.roles[agent].value,
                }
            )

    def _game_over(self, reason: str) -> None:
        self._phase = Phase.OVER
        self._queue, self._voters, self._ballots, self._hunters, self._last_words = (
            [],
            [],
            {},
            [],
            [],
        )
        self.log(GameOver(self.winner, reason, frozen_map(self.roles)))

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        counts = Counter(self.roles.values())
        alive = Counter(self.roles[p] for p in self.living)
        stats = self._stats
        accuracy = {
            p: (self._votes_on_wolves[p] / self._votes_cast[p] if self._votes_cast[p] else None)
            for p in self.players
        }
        return {
            "winner": self.winner.value if self.winner else None,
            "truncated": self._truncated,
            "days": self.day,
            "roles": {p: r.value for p, r in self.roles.items()},
            "survival": {role.value: alive[role] / counts[role] for role in counts},
            "deaths": list(self.deaths),
            "vote_accuracy": accuracy,
            "village_vote_accuracy": _ratio(
                sum(self._votes_on_wolves[p] for p in self.players if p not in self.wolves),
                sum(self._votes_cast[p] for p in self.players if p not in self.wolves),
            ),
            "seer": {"inspections": stats["inspections"], "wolves_found": stats["wolves_found"]},
            "doctor": {"protections": stats["protections"], "saves": stats["doctor_saves"]},
            "witch": {
                "heals": stats["witch_heals"],
                "saves": stats["witch_saves"],
                "poisons": stats["witch_poisons"],
                "poisoned_wolves": stats["witch_poisoned_wolves"],
            },
            "claims": list(self.claims),
        }

    def known_to(self, viewer: AgentId) -> tuple[set[AgentId], set[AgentId]]:
        """(players whose role ``viewer`` may know, players whose team ``viewer`` may know)."""
        roles, teams = {viewer}, {viewer}
        if self.roles[viewer] is Role.WEREWOLF:
            roles |= set(self.wolves)
        for target in self.inspected if self.roles[viewer] is Role.SEER else ():
            (roles if self.config.seer_reveals is Reveal.ROLE else teams).add(target)
        reveal = self.config.reveal_on_death
        for death in self.deaths:
            if reveal is Reveal.ROLE:
                roles.add(death["player"])
            elif reveal is Reveal.TEAM:
                teams.add(death["player"])
        return roles | self.shown_hunters, teams | roles | self.shown_hunters

    def hidden_from(self, viewer: AgentId) -> set[str]:
        """The phrases the text uses to state a role or team ``viewer`` may not know yet."""
        if self._phase is Phase.OVER:
            return set()
        roles, teams = self.known_to(viewer)
        hidden = set()
        for player, role in self.roles.items():
            if player not in roles:
                hidden.add(role_phrase(player, role))
            if player not in teams:
                hidden.add(team_phrase(player, team_of(role)))
        return hidden

    def check_invariants(self) -> None:
        if not set(self.living) <= set(self.players) or len(set(self.living)) != len(self.living):
            raise InvariantViolation(f"bad living list {self.living}")
        if len(self.living) + len(self.deaths) != len(self.players):
            raise InvariantViolation("deaths and the living do not add up")
        if (self._phase is Phase.OVER) != (self.is_terminal() or self.is_truncated()):
            raise InvariantViolation("phase OVER must coincide with the end of the game")
        if self._phase not in (Phase.LAST_WORDS, Phase.HUNTER, Phase.OVER) and not set(
            self.acting()
        ) <= set(self.living):
            raise InvariantViolation("a dead player is asked to act")
        if self._phase is not Phase.OVER and not self.acting():
            raise InvariantViolation(f"nobody acts in phase {self._phase.value}")
        if self.day > self.config.max_days:
            raise InvariantViolation("played past the day limit")
        wolves = len(self.living_wolves())
        decided = wolves == 0 or wolves >= len(self.living) - wolves
        if decided and self._phase not in (Phase.HUNTER, Phase.OVER):
            raise InvariantViolation("a side has won but the game goes on")
        if not self.heal_left and self._stats["witch_heals"] != 1:
            raise InvariantViolation("the heal was used more than once")


def role_phrase(player: AgentId, role: Role) -> str:
    """How the text states a player's role: ``player_3 is the seer``."""
    article = "the" if role in (Role.SEER, Role.DOCTOR, Role.WITCH, Role.HUNTER) else "a"
    return f"{player} is {article} {role.value}"


def team_phrase(player: AgentId, team: Team) -> str:
    """How the text states a player's team: ``player_3 is on the werewolves' side``."""
    side = "the werewolves' side" if team is Team.WEREWOLVES else "the village's side"
    return f"{player} is on {side}"


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


#: Who has a task in the night's decisions turn (the witch has a turn of her own).
_NIGHT_TASK = {Role.WEREWOLF: Phase.WOLF_VOTE, Role.DOCTOR: Phase.DOCTOR, Role.SEER: Phase.SEER}

_NIGHT_HANDLERS: dict[Phase, Any] = {
    Phase.WOLF_CHAT: WerewolfRules._wolf_chat,
    Phase.WOLF_VOTE: WerewolfRules._wolf_vote,
    Phase.DOCTOR: WerewolfRules._doctor,
    Phase.WITCH: WerewolfRules._witch,
    Phase.SEER: WerewolfRules._seer,
}
_HANDLERS: dict[Phase, Any] = {
    Phase.NIGHT: WerewolfRules._night,
    Phase.HUNTER: WerewolfRules._hunter,
    Phase.LAST_WORDS: WerewolfRules._last_word,
    Phase.BID: WerewolfRules._bid,
    Phase.DISCUSSION: WerewolfRules._discuss,
    Phase.VOTE: WerewolfRules._vote,
}
