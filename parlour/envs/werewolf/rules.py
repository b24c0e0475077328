"""Werewolf as a plain state machine: no PettingZoo, no prose, no caches.

Werewolves know each other and kill at night; the village talks by day and exiles by vote. The
seer inspects, the doctor protects, the witch holds one heal and one poison, the hunter shoots when
killed by the wolves or exiled. See ``env.py`` for the full rules page and the config options.
The night's schedule lives in :mod:`.night`, the day and its votes in :mod:`.day`, the records
and metrics in :mod:`.records`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, SpeechRule
from parlour.core.ballots import Ballot
from parlour.core.errors import IllegalAction
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.werewolf import records
from parlour.envs.werewolf.config import WerewolfConfig
from parlour.envs.werewolf.day import DayRules
from parlour.envs.werewolf.model import (
    MAX_BID,
    Action,
    Bid,
    Cause,
    Deal,
    DeathNote,
    GameOver,
    Phase,
    Reveal,
    Role,
    Shoot,
    Sleep,
    Speak,
    Team,
    WolfKill,
    team_of,
)
from parlour.envs.werewolf.night import NightSchedule
from parlour.envs.werewolf.records import Death, Records


class WerewolfRules(NightSchedule, DayRules, GameRules[Action]):
    """The state machine of one game.

    Chance, all from ``rng``: seats of the roles (drawn even when ``seat_roles`` is given, so
    fixing roles leaves the rest unchanged), then the seed of the pack's own stream, then as the
    game goes the public draws: each day's speaking order or bid tie-breaks, vote tie-breaks,
    sequential voting orders. The pack's stream draws each night's chat order and wolf tie-breaks:
    a hidden draw never shifts a public one.

    Turns never tell a hidden fact: every night has the same turns (see :mod:`.night`), and every
    living player acts in each; whoever has nothing to do answers ``[sleep]``. Day turns depend
    only on who is alive and on public votes.

    Attributes:
        roles: each player's role; ``wolves`` the werewolf seats, ``living`` the living.
        day: the night or day in progress (night n precedes day n).
        victim: tonight's wolf victim, once the pack has decided (None: nobody).
        proposer, proposal, decider: tonight's proposing wolf, its proposal and the deciding
            wolf (``propose_decide``; None when not in play).
        last_speaker: the day's last speaker (None before the first speech).
        heal_left, poison_left: the witch's potions.
        inspected: the seer's finds; ``shown_hunters`` the hunters who have shot (or held fire).
        winner: the winning team, once the game is won.
        records: deaths and the night roles' statistics (:class:`~.records.Records`).
    """

    def __init__(self, config: WerewolfConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        #: a speaking turn's legal set: fixed by the config, one value for the whole game
        speech = SpeechRule(config.max_speech_chars, Speak)
        self._speech_legal_set: Legal[Action] = Legal(ActionKind.SPEECH, Speak(None), speech=speech)
        drawn = [config.roles[i] for i in rng.permutation(config.num_players)]  # type: ignore[index]
        self._pack_rng = np.random.default_rng(int(rng.integers(2**63)))
        seats = config.seat_roles if config.seat_roles is not None else drawn
        self.roles = {p: Role(r) for p, r in zip(self.players, seats, strict=True)}
        self.wolves = tuple(p for p in self.players if self.roles[p] is Role.WEREWOLF)
        self.living: list[AgentId] = list(self.players)
        self.day = 0
        self.winner: Team | None = None
        self.records = Records()
        self._no_scores = dict.fromkeys(self.players, 0.0)
        self._truncated = False
        # the turn: its phase, speakers still to speak (or sequential voters), the simultaneous
        # answers (night turns, bids) and who gives them, the day's ballot
        self._phase = Phase.NIGHT
        self._queue: list[AgentId] = []
        self._voters: list[AgentId] = []
        self._answers: dict[AgentId, Action] = {}
        self._ballot = Ballot((), ())
        self._runoff = False
        self._straw = False  # the vote in progress is a straw poll
        # the day's talk: speaking turns left and of the day, round-robin speakers still to
        # come, and the last speech (who, what)
        self._talk_left = self._talk_turns = 0
        self._speakers: list[AgentId] = []
        self.last_speaker: AgentId | None = None
        self._last_text: str | None = None
        self._init_night(config)
        # deaths waiting for hunter shots and last words, then the next part of the game
        self._hunters: list[AgentId] = []
        self._last_words: list[AgentId] = []
        self._then: Phase = Phase.DISCUSSION
        for agent in self.players:
            role = self.roles[agent]
            pack = self.wolves if role is Role.WEREWOLF else ()
            self.log(Deal(agent, role, pack), visible_to={agent})
        self._start_night()

    def _init_night(self, config: WerewolfConfig) -> None:
        """The night's schedule and state (see :mod:`.night`)."""
        counts = config.role_counts()
        wolves = counts[Role.WEREWOLF]
        self._chat_turns = config.wolf_chat_rounds * wolves if wolves > 1 else 0
        self._witch_turn = Role.WITCH in counts
        self._decide_turn = config.wolf_kill is WolfKill.PROPOSE_DECIDE and wolves > 1
        # the night's turns still to come (a chat turn names its speaker, or nobody), the turn
        # now, and each seat's task in it (absent: sleep)
        self._night_turns: list[tuple[Phase, AgentId | None]] = []
        self._night_turn = Phase.WOLF_CHAT
        self._tasks: dict[AgentId, Phase] = {}
        self._wolf_ballot = Ballot((), ())
        # propose_decide: tonight's proposer and proposal, the decider and their decision
        self.proposer: AgentId | None = None
        self.proposal: AgentId | None = None
        self._decision: AgentId | None = None
        self.decider: AgentId | None = None
        self.victim: AgentId | None = None
        self._protected: AgentId | None = None
        self._last_protected: AgentId | None = None
        self._healed = False
        self._poisoned: AgentId | None = None
        self.heal_left = self.poison_left = True
        self.inspected: dict[AgentId, Role] = {}
        self.shown_hunters: set[AgentId] = set()

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def night_turn(self) -> Phase:
        """The night turn in progress (or the last one): wolf_chat, wolf_vote (the decisions),
        wolf_decide or witch."""
        return self._night_turn

    @property
    def straw_poll(self) -> bool:
        """Whether the vote in progress is a straw poll (``straw_polls``)."""
        return self._straw

    def is_alive(self, agent: AgentId) -> bool:
        return agent in self.living

    def living_wolves(self) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is Role.WEREWOLF]

    def living_with(self, role: Role) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is role]

    def acting(self) -> list[AgentId]:
        if self._voters:  # a simultaneous turn (a night turn, bids): who has not answered yet
            return [v for v in self._voters if v not in self._answers]
        if self._queue:  # speakers, a hunter, sequential voters: the next one
            return self._queue[:1]
        if self._phase is Phase.VOTE:  # secret ballots: who has not voted yet
            return self._ballot.waiting()
        return []  # the game is over

    def task(self, agent: AgentId) -> Phase:
        """The phase as ``agent`` sees it: at night its own task this turn (``NIGHT`` when it has
        none and sleeps), by day the phase everyone sees."""
        phase = self._phase
        if phase is Phase.NIGHT:
            return self._tasks.get(agent, phase)
        return phase

    def legal(self, agent: AgentId) -> Legal[Action]:
        task = self.task(agent)
        build = LEGAL.get(task)
        if build is None:
            raise IllegalAction(f"nobody acts in phase {task.value}")
        return build(self, agent)

    def _sleep_legal(self, agent: AgentId) -> Legal[Action]:
        return SLEEP_ONLY

    def _speech_legal(self, agent: AgentId) -> Legal[Action]:
        return self._speech_legal_set

    def _bid_legal(self, agent: AgentId) -> Legal[Action]:
        return BIDS

    def _shot_legal(self, agent: AgentId) -> Legal[Action]:
        others = [p for p in self.living if p != agent]
        return Legal(ActionKind.CHOICE, Shoot(None), (*map(Shoot, others), Shoot(None)))

    def can_heal(self, witch: AgentId) -> bool:
        return (
            self.heal_left
            and self.victim is not None
            and (self.victim != witch or self.config.witch_self_heal)
        )

    def is_terminal(self) -> bool:
        return self.winner is not None

    def is_truncated(self) -> bool:
        return self._truncated

    def scores(self) -> dict[AgentId, float]:
        winner = self.winner
        if winner is None:  # the same dict until the game is won, as GameRules.scores allows
            return self._no_scores
        return {p: 1.0 if team_of(self.roles[p]) is winner else -1.0 for p in self.players}

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        """Apply ``action``, one that ``legal(agent)`` offers (the match parses every action
        against that set, so it is not built again here)."""
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        self.step_count += 1
        APPLY[self._phase](self, agent, action)

    def _kill(self, agent: AgentId, cause: Cause) -> None:
        self.living.remove(agent)
        self.records.deaths.append(Death(self.day, agent, self.roles[agent], cause))

    def _death_note(self, agent: AgentId) -> DeathNote:
        """What a death reveals, by ``reveal_on_death``."""
        role = self.roles[agent]
        reveal = self.config.reveal_on_death
        return DeathNote(
            agent,
            role if reveal is Reveal.ROLE else None,
            team_of(role) if reveal is not Reveal.NONE else None,
        )

    def _set_phase(
        self, phase: Phase, *, queue: Sequence[AgentId] = (), voters: Sequence[AgentId] = ()
    ) -> None:
        self._phase = phase
        self._queue = list(queue)
        self._voters = list(voters)
        self._answers = {}
        self._tasks = {}

    def _game_over(self, reason: str) -> None:
        self._phase = Phase.OVER
        self._queue, self._voters, self._answers, self._hunters, self._last_words = (
            [],
            [],
            {},
            [],
            [],
        )
        self.log(GameOver(self.winner, reason, frozen_map(self.roles)))

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        return records.metrics(self)

    def known_to(self, viewer: AgentId) -> tuple[set[AgentId], set[AgentId]]:
        """(players whose role ``viewer`` may know, players whose team ``viewer`` may know)."""
        return records.known_to(self, viewer)

    def hidden_from(self, viewer: AgentId) -> set[str]:
        return records.hidden_from(self, viewer)

    def check_invariants(self) -> None:
        records.check_invariants(self)


#: A seat with nothing to do this turn.
SLEEP_ONLY: Legal[Action] = Legal(ActionKind.CHOICE, Sleep(), (Sleep(),))
#: A bid for the next speaking turn, 0 to MAX_BID (0 by default).
BIDS: Legal[Action] = Legal(ActionKind.CHOICE, Bid(0), tuple(Bid(k) for k in range(MAX_BID + 1)))
#: How each turn's legal actions are made, by the task of the seat asked.
LEGAL: dict[Phase, Callable[[WerewolfRules, AgentId], Legal[Action]]] = {
    Phase.NIGHT: WerewolfRules._sleep_legal,
    Phase.WOLF_CHAT: WerewolfRules._speech_legal,
    Phase.WOLF_VOTE: WerewolfRules._kill_legal,
    Phase.WOLF_DECIDE: WerewolfRules._kill_legal,
    Phase.DOCTOR: WerewolfRules._protect_legal,
    Phase.WITCH: WerewolfRules._potion_legal,
    Phase.SEER: WerewolfRules._inspect_legal,
    Phase.HUNTER: WerewolfRules._shot_legal,
    Phase.LAST_WORDS: WerewolfRules._speech_legal,
    Phase.BID: WerewolfRules._bid_legal,
    Phase.DISCUSSION: WerewolfRules._speech_legal,
    Phase.VOTE: WerewolfRules._vote_legal,
}
#: How an action is applied, by the phase everyone sees.
APPLY: dict[Phase, Callable[[WerewolfRules, AgentId, Any], None]] = {
    Phase.NIGHT: WerewolfRules._night,
    Phase.HUNTER: WerewolfRules._hunter,
    Phase.LAST_WORDS: WerewolfRules._last_word,
    Phase.BID: WerewolfRules._bid,
    Phase.DISCUSSION: WerewolfRules._discuss,
    Phase.VOTE: WerewolfRules._vote,
}
