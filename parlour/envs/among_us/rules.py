"""An Among Us-style deduction game as a pure state machine: no PettingZoo, no prose, no caches.

Crewmates do tasks in the rooms of a map; impostors kill, vent and sabotage. Free roam is
simultaneous (every living player picks one action a step, :mod:`.roam`); a reported body or an
emergency button starts a meeting: bounded discussion turn by turn, then secret ballots
(:mod:`.meetings`). Metrics, leak phrases and invariants are in :mod:`.records`. See ``env.py``
for the full rules page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, SpeechRule
from parlour.core.ballots import Ballot
from parlour.core.errors import IllegalAction
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.among_us import meetings, records, roam, survey
from parlour.envs.among_us.model import (
    Action,
    AmongUsConfig,
    Deal,
    GameOver,
    Killing,
    Phase,
    Role,
    SabotageKind,
    Speak,
    Suspect,
    Task,
    Venting,
    Vote,
)


class AmongUsRules(GameRules[Action]):
    """The state machine of one game.

    Chance, all from ``rng`` in this order: the impostors' seats (drawn even when ``seat_roles``
    is given), every player's tasks, then each meeting's speaking order. Roam steps resolve in a
    fixed order: kills, then reports and meeting calls, then moves and vents, then tasks, fixes
    and sabotage.

    The state the roam step and the meetings change is public (the two modules are the rest of
    this class): where everyone is, the bodies, the sabotage, the meeting's queue and ballot.
    """

    def __init__(self, config: AmongUsConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        #: a discussion turn's legal set: fixed by the config, one value for the whole game
        speech = SpeechRule(config.max_message_chars, Speak)
        self._speech_legal: Legal[Action] = Legal(ActionKind.SPEECH, Speak(None), speech=speech)
        self.map = config.game_map()
        self.roles = _deal_roles(self.players, config, rng)
        self.impostors = tuple(p for p in self.players if self.roles[p] is Role.IMPOSTOR)
        self.tasks = {agent: _draw_tasks(self.map.tasks, config, rng) for agent in self.players}
        self.living: list[AgentId] = list(self.players)
        #: who acts in roam steps: the living as the last meeting showed them. A player killed
        #: out of sight keeps answering [wait] until the next meeting, or the AEC turn order
        #: would tell everyone of a death nobody saw.
        self.roster: list[AgentId] = list(self.players)
        self.room: dict[AgentId, str] = dict.fromkeys(self.players, self.map.meeting_room)
        self.bodies: dict[str, list[AgentId]] = {}
        self.step_number = 0  # roam steps played
        self._phase = Phase.ROAM
        self.pending: dict[AgentId, Action] = {}  # this roam step's actions so far
        self.walking: dict[AgentId, int] = {}  # mover -> roam steps of its walk still to go
        self.cooldowns = dict.fromkeys(self.impostors, config.kill_cooldown)
        self.buttons = dict.fromkeys(self.players, config.emergency_meetings)
        self.sabotage: SabotageKind | None = None
        self.reactor_left = 0  # roam steps before the reactor melts down
        self.sabotage_wait = config.sabotage_cooldown  # roam steps before the next sabotage
        self.panels: dict[str, AgentId] = {}  # reactor panel -> who fixed it
        self.tasking: set[AgentId] = set()  # who did (or faked) a task in the last roam step
        self.shown_bar = 0.0  # the public task bar: updated at meetings only
        self.queue: list[AgentId] = []  # the meeting's speakers still to speak, in order
        self.ballot: Ballot | None = None  # the meeting's vote, while it runs
        self.survey: survey.Round | None = None  # the suspicion question, while it is asked
        self.survey_log = survey.Record()  # every answer (metrics; each seat's own in its infos)
        self.winner: Role | None = None
        self.win_reason: str | None = None
        self.truncated = False
        self._scores = dict.fromkeys(self.players, 0.0)
        self.ejections: list[dict[str, Any]] = []
        self.kills: list[Killing] = []
        self.reported_bodies: list[AgentId] = []  # public: bodies announced at meetings
        self.vents: list[tuple[Venting, tuple[AgentId, ...]]] = []  # with the witnesses
        self.stats: Counter[str] = Counter()
        self.votes_cast: Counter[AgentId] = Counter()
        self.votes_on_impostors: Counter[AgentId] = Counter()
        for agent in self.players:
            role = self.roles[agent]
            impostor = role is Role.IMPOSTOR
            fellows = tuple(p for p in self.impostors if p != agent) if impostor else ()
            tasks = tuple((t.room, t.name) for t in self.tasks[agent])
            self.log(Deal(agent, role, fellows, self.map.name, tasks), visible_to={agent})
        roam.log_views(self)

    # -- queries ------------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self._phase

    def is_alive(self, agent: AgentId) -> bool:
        return agent in self.living

    def living_with(self, role: Role) -> list[AgentId]:
        return [p for p in self.living if self.roles[p] is role]

    def occupants(self, room: str) -> list[AgentId]:
        return [p for p in self.living if self.room[p] == room]

    def can_see_players(self, agent: AgentId) -> bool:
        """Lights out blind crewmates (impostors keep their sight)."""
        sabotage = self.sabotage
        return sabotage is None or sabotage is not SabotageKind.LIGHTS or agent in self.impostors

    def open_tasks(self, agent: AgentId) -> list[Task]:
        return [t for t in self.tasks[agent] if t.progress < self.config.task_time]

    def task_bar(self) -> float:
        """The public task bar: the share of all crewmates' task steps done, as it stood at the
        last meeting (Among Us's "task bar updates: meetings"). A bar that moved at once would
        show a roommate "doing a task" to be a crewmate (an impostor's fake task makes no
        progress), so it moves only when everyone is gathered."""
        return self.shown_bar

    def task_progress(self, living: bool = False) -> float:
        """The share of all crewmates' task steps done now (metrics; players see
        :meth:`task_bar`). Its total never changes: dropping a dead crewmate's tasks would tell
        of a death nobody saw, or an ejected role. With ``living``, the share of the living
        crewmates' steps (what the crew's task win needs all of: :meth:`living_crew_done`)."""
        crew = self.living if living else self.players
        steps = [t.progress for p in crew if p not in self.impostors for t in self.tasks[p]]
        return sum(steps) / (self.config.task_time * len(steps)) if steps else 1.0

    def living_crew_done(self) -> bool:
        """Whether every living crewmate has finished every task (the crew's task win: with no
        ghosts, nobody can finish a dead crewmate's tasks)."""
        need = self.config.task_time
        return all(
            t.progress >= need
            for p in self.living
            if p not in self.impostors
            for t in self.tasks[p]
        )

    def kill_cooldown(self, agent: AgentId) -> int:
        return self.cooldowns.get(agent, 0)

    def buttons_left(self, agent: AgentId) -> int:
        return self.buttons[agent]

    def panels_fixed(self) -> dict[str, AgentId]:
        return dict(self.panels)

    def sabotage_timer(self) -> int:
        return self.reactor_left

    def acting(self) -> list[AgentId]:
        phase = self._phase
        if phase is Phase.ROAM:
            return [p for p in self.roster if p not in self.pending]
        if phase is Phase.DISCUSSION:
            return self.queue[:1]
        if phase is Phase.VOTE and self.ballot is not None:
            return self.ballot.waiting()
        if phase is Phase.SURVEY and self.survey is not None:
            return self.survey.ballot.waiting()
        return []

    def legal(self, agent: AgentId) -> Legal[Action]:
        if self._phase is Phase.ROAM:
            return roam.legal(self, agent)
        if self._phase is Phase.DISCUSSION:
            return self._speech_legal
        if self._phase is Phase.SURVEY and self.survey is not None:
            names = tuple(Suspect(p) for p in self.survey.ballot.options(agent))
            return Legal(ActionKind.CHOICE, Suspect(None), names)
        if self.ballot is None:
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        votes = tuple(Vote(p) for p in self.ballot.options(agent))
        return Legal(ActionKind.CHOICE, Vote(None), (*votes, Vote(None)))

    def is_terminal(self) -> bool:
        return self.winner is not None

    def is_truncated(self) -> bool:
        return self.truncated

    def scores(self) -> dict[AgentId, float]:
        return self._scores

    def pay(self, payouts: dict[AgentId, float]) -> None:
        """Add to players' scores (a new dict: the adapter pays out only when it changes)."""
        self._scores = {p: s + payouts.get(p, 0.0) for p, s in self._scores.items()}

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        roaming = self._phase is Phase.ROAM
        if not (roam.allows(self, agent, action) if roaming else self.legal(agent).offers(action)):
            raise IllegalAction(f"{action} is not legal for {agent} in phase {self._phase.value}")
        self.step_count += 1
        if roaming:
            self.pending[agent] = action
            if len(self.pending) == len(self.roster):
                call = roam.resolve_step(self)
                if call is not None:
                    meetings.start_meeting(self, *call)
        elif self._phase is Phase.DISCUSSION:
            meetings.speak(self, agent, action)  # type: ignore[arg-type]
        elif self._phase is Phase.SURVEY:
            meetings.suspect(self, agent, action)  # type: ignore[arg-type]
        else:
            meetings.vote(self, agent, action)  # type: ignore[arg-type]

    def enter(self, phase: Phase) -> None:
        """Move to ``phase`` (the roam step and the meetings call this)."""
        self._phase = phase

    def check_win(self) -> bool:
        """End the game if a side has won; whether it did."""
        impostors = sum(p in self.impostors for p in self.living)
        crew = len(self.living) - impostors
        if impostors == 0:
            self.finish(Role.CREWMATE, "ejections")
        elif impostors >= crew:
            self.finish(Role.IMPOSTOR, "kills")
        elif self.living_crew_done():
            self.finish(Role.CREWMATE, "tasks")
        else:
            return False
        return True

    def check_step_limit(self) -> bool:
        """Truncate the game after ``max_steps`` roam steps; whether it did."""
        if self.step_number < self.config.max_steps:
            return False
        self.truncated = True
        self._game_over("step limit")
        return True

    def finish(self, winner: Role, reason: str) -> None:
        """``winner``'s side wins: +1 to each of its players, ``loser_reward`` to the others."""
        self.winner, self.win_reason = winner, reason
        lost = self.config.loser_reward
        self.pay({p: 1.0 if r is winner else lost for p, r in self.roles.items()})
        self._game_over(reason)

    def _game_over(self, reason: str) -> None:
        if self.config.vote_reward:  # paid only now: earlier it would reveal who is an impostor
            reward = self.config.vote_reward
            self.pay({p: reward * self.votes_on_impostors[p] for p in self.players})
        self._phase = Phase.OVER
        self.pending, self.queue, self.ballot, self.survey = {}, [], None, None
        self.log(GameOver(self.winner, reason, frozen_map(self.roles)))

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        return records.metrics(self)

    def agent_info(self, agent: AgentId) -> dict[str, Any] | None:
        """With ``suspicion_survey``: ``suspicion``, the seat's own latest answer (meeting,
        round, the speaker just heard, the suspect), None before its first; never anyone else's
        answers, nor whether an answer was right."""
        if not self.config.suspicion_survey:
            return None
        return {"suspicion": survey.latest(self, agent)}

    def hidden_from(self, viewer: AgentId) -> set[str]:
        """Phrases stating a player's role that ``viewer`` may not read (see ``role_phrase``)."""
        return records.hidden_from(self, viewer)

    def check_invariants(self) -> None:
        records.check_invariants(self)


def _draw_tasks(
    spots: tuple[tuple[str, str], ...], config: AmongUsConfig, rng: np.random.Generator
) -> list[Task]:
    """A player's tasks, in map order: at distinct spots, or (``task_repeats``) each spot
    drawn independently, a repeated spot's task numbered (``fix panel (2)``)."""
    size = config.tasks_per_player
    if config.task_repeats:
        picks = rng.integers(len(spots), size=size)
    else:
        picks = rng.choice(len(spots), size=min(size, len(spots)), replace=False)
    tasks: list[Task] = []
    drawn: Counter[int] = Counter()
    for i in sorted(int(i) for i in picks):
        drawn[i] += 1
        room, name = spots[i]
        tasks.append(Task(room, f"{name} ({drawn[i]})" if drawn[i] > 1 else name))
    return tasks


def _deal_roles(
    players: tuple[AgentId, ...], config: AmongUsConfig, rng: np.random.Generator
) -> dict[AgentId, Role]:
    """Each seat's role: ``seat_roles`` when given, else drawn (drawn in both cases, so a
    config's seed plays the same chance either way)."""
    drawn = rng.permutation(config.num_players)[: config.num_impostors]
    if config.seat_roles is not None:
        return {p: Role(r) for p, r in zip(players, config.seat_roles, strict=True)}
    roles = dict.fromkeys(players, Role.CREWMATE)
    for i in drawn:
        roles[players[int(i)]] = Role.IMPOSTOR
    return roles
