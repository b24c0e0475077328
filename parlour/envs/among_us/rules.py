"""An Among Us-style deduction game as a pure state machine: no PettingZoo, no prose.

Crewmates do tasks in the rooms of a map; impostors kill, vent and sabotage. Free roam is
simultaneous (every living player picks one action a step); a reported body or an emergency
button starts a meeting: bounded discussion turn by turn, then secret ballots. See ``env.py`` for
the full rules page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from parlour.core.actions import ActionKind, Legal, LegalPool, SpeechRule
from parlour.core.errors import IllegalAction, InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.core.rules import GameRules
from parlour.envs.among_us.model import (
    Action,
    Alarm,
    AmongUsConfig,
    BallotCast,
    CallMeeting,
    Deal,
    DoTask,
    Ejection,
    Fix,
    Fixed,
    GameOver,
    Kill,
    Killing,
    Meeting,
    Move,
    NoEjection,
    Phase,
    Report,
    Role,
    Sabotage,
    SabotageKind,
    Speak,
    Speech,
    StepView,
    Task,
    TaskDone,
    Vent,
    Venting,
    Vote,
    VotesRevealed,
    VoteStart,
    Wait,
)


class AmongUsRules(GameRules[Action]):
    """The state machine of one game.

    Chance, all from ``rng`` in this order: the impostors' seats (drawn even when ``seat_roles``
    is given), every player's tasks, then each meeting's speaking order and ballot tie-breaks.
    Roam steps resolve in a fixed order: kills, then reports and meeting calls, then moves and
    vents, then tasks, fixes and sabotage.
    """

    def __init__(self, config: AmongUsConfig, rng: np.random.Generator) -> None:
        super().__init__([f"player_{i}" for i in range(config.num_players)], rng)
        self.config = config
        self.map = config.game_map()
        drawn = rng.permutation(config.num_players)[: config.num_impostors]
        if config.seat_roles is not None:
            self.roles = {p: Role(r) for p, r in zip(self.players, config.seat_roles, strict=True)}
        else:
            self.roles = dict.fromkeys(self.players, Role.CREWMATE)
            for i in drawn:
                self.roles[self.players[int(i)]] = Role.IMPOSTOR
        self.impostors = tuple(p for p in self.players if self.roles[p] is Role.IMPOSTOR)
        spots = self.map.tasks
        self.tasks: dict[AgentId, list[Task]] = {}
        for agent in self.players:
            picks = rng.choice(
                len(spots), size=min(config.tasks_per_player, len(spots)), replace=False
            )
            self.tasks[agent] = [Task(*spots[int(i)]) for i in sorted(picks)]
        self.living: list[AgentId] = list(self.players)
        # who acts in roam steps: the living as the last meeting showed them. A player killed out
        # of sight keeps answering [wait] until the next meeting, or the AEC turn order would
        # tell everyone of a death nobody saw.
        self._roster: list[AgentId] = list(self.players)
        self.room: dict[AgentId, str] = dict.fromkeys(self.players, self.map.meeting_room)
        self.bodies: dict[str, list[AgentId]] = {}
        self.step_number = 0  # roam steps played
        self._phase = Phase.ROAM
        self._pending: dict[AgentId, Action] = {}
        self._legal: dict[AgentId, Legal[Action]] = {}
        self._pool: LegalPool[Action] = LegalPool()
        self._cooldown = dict.fromkeys(self.impostors, config.kill_cooldown)
        self._buttons = dict.fromkeys(self.players, config.emergency_meetings)
        self.sabotage: SabotageKind | None = None
        self._sabotage_timer = 0
        self._sabotage_cooldown = config.sabotage_cooldown
        self._panels_fixed: dict[str, AgentId] = {}
        self._tasking: set[AgentId] = set()  # who did (or faked) a task in the last roam step
        self._bar: float | None = None
        self._shown_bar = 0.0  # the public task bar: updated at meetings only
        self._queue: list[AgentId] = []
        self._ballots: dict[AgentId, AgentId | None] = {}
        self.winner: Role | None = None
        self.win_reason: str | None = None
        self._truncated = False
        self._scores = dict.fromkeys(self.players, 0.0)
        self.ejections: list[dict[str, Any]] = []
        self.kills: list[Killing] = []
        self.reported_bodies: list[AgentId] = []  # public: bodies announced at meetings
        self.vents: list[tuple[Venting, tuple[AgentId, ...]]] = []  # with the witnesses
        self._stats: Counter[str] = Counter()
        self._votes_cast: Counter[AgentId] = Counter()
        self._votes_on_impostors: Counter[AgentId] = Counter()
        self._speech_legal: Legal[Action] = Legal(
            ActionKind.SPEECH, Speak(None), speech=SpeechRule(config.max_message_chars, Speak)
        )
        for agent in self.players:
            role = self.roles[agent]
            fellows = (
                tuple(p for p in self.impostors if p != agent) if role is Role.IMPOSTOR else ()
            )
            tasks = tuple((t.room, t.name) for t in self.tasks[agent])
            self.log(Deal(agent, role, fellows, self.map.name, tasks), visible_to={agent})
        self._views()

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
        return self.sabotage is not SabotageKind.LIGHTS or self.roles[agent] is Role.IMPOSTOR

    def open_tasks(self, agent: AgentId) -> list[Task]:
        return [t for t in self.tasks[agent] if t.progress < self.config.task_time]

    def task_bar(self) -> float:
        """The public task bar: the share of all crewmates' task steps done, as it stood at the
        last meeting (Among Us's "task bar updates: meetings"). A bar that moved at once would
        show a roommate "doing a task" to be a crewmate (an impostor's fake task makes no
        progress), so it moves only when everyone is gathered."""
        return self._shown_bar

    def task_progress(self) -> float:
        """The share of all crewmates' task steps done now (metrics; players see
        :meth:`task_bar`). Its total never changes: dropping a dead crewmate's tasks would tell
        of a death nobody saw, or an ejected role."""
        if self._bar is None:  # cleared when a task advances
            need = self.config.task_time
            steps = [
                t.progress
                for p in self.players
                if self.roles[p] is Role.CREWMATE
                for t in self.tasks[p]
            ]
            self._bar = sum(steps) / (need * len(steps)) if steps else 1.0
        return self._bar

    def living_crew_done(self) -> bool:
        """Whether every living crewmate has finished every task (the crew's task win: with no
        ghosts, nobody can finish a dead crewmate's tasks)."""
        need = self.config.task_time
        return all(
            t.progress >= need
            for p in self.living
            if self.roles[p] is Role.CREWMATE
            for t in self.tasks[p]
        )

    def kill_cooldown(self, agent: AgentId) -> int:
        return self._cooldown.get(agent, 0)

    def buttons_left(self, agent: AgentId) -> int:
        return self._buttons[agent]

    def panels_fixed(self) -> dict[str, AgentId]:
        return dict(self._panels_fixed)

    def sabotage_timer(self) -> int:
        return self._sabotage_timer

    def acting(self) -> list[AgentId]:
        phase = self._phase
        if phase is Phase.ROAM:
            return [p for p in self._roster if p not in self._pending]
        if phase is Phase.DISCUSSION:
            return self._queue[:1]
        if phase is Phase.VOTE:
            return [p for p in self.living if p not in self._ballots]
        return []

    def legal(self, agent: AgentId) -> Legal[Action]:
        legal = self._legal.get(agent)
        if legal is None:  # one object per player and turn, as Legal asks
            legal = self._legal[agent] = self._make_legal(agent)
        return legal

    def _make_legal(self, agent: AgentId) -> Legal[Action]:
        if self._phase is Phase.DISCUSSION:
            return self._speech_legal
        if self._phase is Phase.VOTE:
            votes = tuple(Vote(p) for p in self.living if p != agent)
            return self._pool.choice(Vote(None), (*votes, Vote(None)))
        if agent not in self.living:  # killed out of sight: waits until the next meeting
            return self._pool.choice(Wait(), (Wait(),), ActionKind.MOVE)
        config, room = self.config, self.room[agent]
        impostor = self.roles[agent] is Role.IMPOSTOR
        choices: list[Action] = [Move(r) for r in self.map.adjacent(room)]
        choices.append(Wait())
        if any(t.room == room for t in self.open_tasks(agent)) or (
            impostor and any(t.room == room for t in self.tasks[agent])
        ):
            choices.append(DoTask())
        if self.bodies.get(room):
            choices.append(Report())
        if (
            room == self.map.meeting_room
            and self._buttons[agent] > 0
            and self.sabotage is not SabotageKind.REACTOR
        ):
            choices.append(CallMeeting())
        if not impostor and self._can_fix(agent):
            choices.append(Fix())
        if impostor:
            if self._cooldown[agent] == 0:
                choices.extend(
                    Kill(p) for p in self.occupants(room) if self.roles[p] is Role.CREWMATE
                )
            if config.vents:
                choices.extend(Vent(r) for r in self.map.vents_from(room))
            if config.sabotage and self.sabotage is None and self._sabotage_cooldown == 0:
                choices.extend(Sabotage(kind) for kind in SabotageKind)
        return self._pool.choice(Wait(), tuple(choices), ActionKind.MOVE)

    def _can_fix(self, agent: AgentId) -> bool:
        room = self.room[agent]
        if self.sabotage is SabotageKind.LIGHTS:
            return room == self.map.lights_panel
        if self.sabotage is SabotageKind.REACTOR:
            return (
                room in self.map.reactor_panels
                and room not in self._panels_fixed
                and (agent not in self._panels_fixed.values())
            )
        return False

    def is_terminal(self) -> bool:
        return self.winner is not None

    def is_truncated(self) -> bool:
        return self._truncated

    def scores(self) -> dict[AgentId, float]:
        return self._scores

    # -- transitions --------------------------------------------------------------------------
    def apply(self, agent: AgentId, action: Action) -> None:
        if agent not in self.acting():
            raise IllegalAction(f"{agent} cannot act in phase {self._phase.value}")
        if not self.legal(agent).offers(action):
            raise IllegalAction(f"{action} is not legal for {agent} in phase {self._phase.value}")
        self.step_count += 1
        if self._phase is Phase.ROAM:
            self._pending[agent] = action
            if len(self._pending) == len(self._roster):
                self._resolve_step()
        elif self._phase is Phase.DISCUSSION:
            self._queue.pop(0)
            self.log(Speech(agent, action.text))  # type: ignore[union-attr]
            if not self._queue:
                self._start_vote()
        else:
            self._vote(agent, action)  # type: ignore[arg-type]

    def _resolve_step(self) -> None:
        config = self.config
        actions = {p: self._pending[p] for p in self.living}
        self._pending, self._legal = {}, {}
        self.step_number += 1
        self._tasking = {p for p, a in actions.items() if isinstance(a, DoTask)}
        # 1. kills (a victim's own action is lost)
        for killer, action in actions.items():
            if not isinstance(action, Kill) or not self.is_alive(killer):
                continue
            victim = action.target
            if not self.is_alive(victim) or self.room[victim] != self.room[killer]:
                continue  # already killed this step by the other impostor
            room = self.room[killer]
            self.living.remove(victim)
            self.bodies.setdefault(room, []).append(victim)
            self._cooldown[killer] = config.kill_cooldown
            witnesses = tuple(
                p for p in self.occupants(room) if p != killer and self.can_see_players(p)
            )
            killing = Killing(killer, victim, room, witnesses)
            self.kills.append(killing)
            self._stats["witnessed_kills"] += bool(witnesses)
            self.log(killing, visible_to=(killer, *witnesses))
        for impostor, left in self._cooldown.items():
            if left > 0 and not isinstance(actions.get(impostor), Kill):
                self._cooldown[impostor] = left - 1
        if self._check_win():
            return
        # 2. reports and emergency buttons
        caller: tuple[AgentId, str, list[AgentId]] | None = None
        for agent, action in actions.items():
            if not self.is_alive(agent) or caller is not None:
                continue
            if isinstance(action, Report) and self.bodies.get(self.room[agent]):
                caller = (agent, "report", list(self.bodies[self.room[agent]]))
            elif isinstance(action, CallMeeting) and self.room[agent] == self.map.meeting_room:
                self._buttons[agent] -= 1
                caller = (agent, "emergency", [])
        # 3. moves and vents; a vent is seen by whoever ends the step at either end of it
        vents: list[tuple[AgentId, str, str]] = []
        for agent, action in actions.items():
            if not self.is_alive(agent):
                continue
            if isinstance(action, Move):
                self.room[agent] = action.room
            elif isinstance(action, Vent):
                vents.append((agent, self.room[agent], action.room))
                self.room[agent] = action.room
        for agent, origin, destination in vents:
            seen_by = tuple(
                p
                for p in self.living
                if p != agent and self.can_see_players(p) and self.room[p] in (origin, destination)
            )
            venting = Venting(agent, origin, destination)
            # the event leaves the witnesses out: one end of a vent cannot see the other
            self.vents.append((venting, seen_by))
            self.log(venting, visible_to=(agent, *seen_by))
        # 4. tasks, fixes, sabotage
        for agent, action in actions.items():
            if not self.is_alive(agent):
                continue
            if isinstance(action, DoTask) and self.roles[agent] is Role.CREWMATE:
                self._work(agent)
            elif isinstance(action, Fix):
                self._fix(agent)
            elif isinstance(action, Sabotage) and self.sabotage is None:
                self.sabotage = action.kind
                self._sabotage_timer = config.reactor_time
                self._sabotage_cooldown = config.sabotage_cooldown
                self._panels_fixed = {}
                self._stats[f"sabotage_{action.kind.value}"] += 1
                reactor = action.kind is SabotageKind.REACTOR
                self.log(Alarm(action.kind, self._sabotage_timer if reactor else None))
        if self.sabotage is None and self._sabotage_cooldown > 0:
            self._sabotage_cooldown -= 1
        if self.sabotage is SabotageKind.REACTOR and not any(
            isinstance(a, Sabotage) for a in actions.values()
        ):
            self._sabotage_timer -= 1
            if self._sabotage_timer <= 0:
                self._finish(Role.IMPOSTOR, "reactor meltdown")
                return
        if self._check_win():
            return
        if caller is not None:
            self._start_meeting(*caller)
            return
        if self.step_number >= config.max_steps:
            self._truncated = True
            self._game_over("step limit")
            return
        self._views()

    def _work(self, agent: AgentId) -> None:
        room = self.room[agent]
        task = next((t for t in self.open_tasks(agent) if t.room == room), None)
        if task is None:
            return
        task.progress += 1
        self._bar = None
        if task.progress >= self.config.task_time:
            self._stats["tasks_done"] += 1
            if self.config.task_reward:  # a new dict: the adapter pays out only when it changes
                self._scores = {
                    **self._scores,
                    agent: self._scores[agent] + self.config.task_reward,
                }
            self.log(TaskDone(agent, task.name, room), visible_to={agent})

    def _fix(self, agent: AgentId) -> None:
        if not self._can_fix(agent):
            return  # somebody fixed it earlier in this step
        if self.sabotage is SabotageKind.LIGHTS:
            self._end_sabotage(fixed_by=[agent])
            return
        self._panels_fixed[self.room[agent]] = agent
        if len(self._panels_fixed) == 2:
            self._end_sabotage(fixed_by=list(self._panels_fixed.values()))

    def _end_sabotage(self, fixed_by: list[AgentId]) -> None:
        kind = self.sabotage
        self.sabotage, self._sabotage_timer, self._panels_fixed = None, 0, {}
        self._stats["sabotages_fixed"] += 1
        self.log(Fixed(kind, tuple(fixed_by)))

    def _views(self) -> None:
        """Each living player's private view of their room at the start of a roam step."""
        for agent in self.living:
            room = self.room[agent]
            sees = self.can_see_players(agent)
            others = tuple(p for p in self.occupants(room) if p != agent) if sees else None
            tasking = tuple(p for p in others or () if p in self._tasking)
            bodies = tuple(self.bodies.get(room, ()))
            self.log(
                StepView(self.step_number + 1, room, others, tasking, bodies), visible_to={agent}
            )

    # meetings
    def _start_meeting(self, caller: AgentId, reason: str, bodies: list[AgentId]) -> None:
        self._stats["meetings"] += 1
        if self.sabotage is not None:
            self._end_sabotage(fixed_by=[])
        self.reported_bodies.extend(bodies)
        self.bodies = {}
        self._shown_bar = self.task_progress()
        for agent in self.living:
            self.room[agent] = self.map.meeting_room
        self._tasking = set()
        order = [self.living[i] for i in self.rng.permutation(len(self.living))]
        self.log(
            Meeting(
                caller, reason, tuple(bodies), tuple(order), tuple(self.living), self._shown_bar
            )
        )
        self._phase = Phase.DISCUSSION
        self._legal = {}
        self._queue = order * self.config.discussion_messages

    def _start_vote(self) -> None:
        self._phase = Phase.VOTE
        self._legal, self._ballots = {}, {}
        self.log(VoteStart(tuple(self.living)))

    def _vote(self, agent: AgentId, action: Vote) -> None:
        self._ballots[agent] = action.target
        self.log(BallotCast(agent, action.target), visible_to={agent})
        if action.target is not None:
            self._votes_cast[agent] += 1
            if self.roles[action.target] is Role.IMPOSTOR:
                self._votes_on_impostors[agent] += 1
        if len(self._ballots) < len(self.living):
            return
        ballots = {p: self._ballots[p] for p in self.living}
        tally = Counter(t for t in ballots.values() if t is not None)
        skips = sum(t is None for t in ballots.values())
        top = max(tally.values(), default=0)
        tied = [p for p in self.living if top and tally.get(p, 0) == top]
        counts = frozen_map((p, tally.get(p, 0)) for p in self.living)
        self.log(VotesRevealed(frozen_map(ballots), counts, skips))
        if len(tied) == 1 and top > skips:
            ejected = tied[0]
            self.living.remove(ejected)
            role = self.roles[ejected]
            self.ejections.append({"step": self.step_number, "player": ejected, "role": role.value})
            self.log(Ejection(ejected, role if self.config.reveal_on_eject else None))
        else:
            reason = "skipped" if skips >= top else "tie"
            self.log(NoEjection(reason, tuple(tied)))
        if self._check_win():
            return
        self._phase = Phase.ROAM
        self._legal, self._ballots = {}, {}
        self._roster = list(self.living)  # the meeting showed who is alive
        self._cooldown = dict.fromkeys(self.impostors, self.config.kill_cooldown)
        if self.step_number >= self.config.max_steps:
            self._truncated = True
            self._game_over("step limit")
            return
        self._views()

    # ends
    def _check_win(self) -> bool:
        impostors = len(self.living_with(Role.IMPOSTOR))
        crew = len(self.living) - impostors
        if impostors == 0:
            self._finish(Role.CREWMATE, "ejections")
        elif impostors >= crew:
            self._finish(Role.IMPOSTOR, "kills")
        elif self.living_crew_done():
            self._finish(Role.CREWMATE, "tasks")
        else:
            return False
        return True

    def _finish(self, winner: Role, reason: str) -> None:
        self.winner, self.win_reason = winner, reason
        self._scores = {
            p: s + (1.0 if self.roles[p] is winner else -1.0) for p, s in self._scores.items()
        }
        self._game_over(reason)

    def _game_over(self, reason: str) -> None:
        if self.config.vote_reward:  # paid only now: earlier it would reveal who is an impostor
            self._scores = {
                p: s + self.config.vote_reward * self._votes_on_impostors[p]
                for p, s in self._scores.items()
            }
        self._phase = Phase.OVER
        self._pending, self._queue, self._ballots, self._legal = {}, [], {}, {}
        self.log(GameOver(self.winner, reason, frozen_map(self.roles)))

    # -- records ------------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        stats = self._stats
        crew = [p for p in self.players if self.roles[p] is Role.CREWMATE]
        cast = sum(self._votes_cast[p] for p in crew)
        right = sum(self._votes_on_impostors[p] for p in crew)
        return {
            "winner": self.winner.value if self.winner else None,
            "win_reason": self.win_reason,
            "truncated": self._truncated,
            "steps": self.step_number,
            "roles": {p: r.value for p, r in self.roles.items()},
            "kills": len(self.kills),
            "witnessed_kills": stats["witnessed_kills"],
            "meetings": stats["meetings"],
            "ejections": list(self.ejections),
            "crew_ejected": sum(e["role"] == Role.CREWMATE.value for e in self.ejections),
            "crew_vote_accuracy": right / cast if cast else None,
            "vote_accuracy": {
                p: self._votes_on_impostors[p] / self._votes_cast[p]
                if self._votes_cast[p]
                else None
                for p in self.players
            },
            "task_completion": self.task_progress(),
            "tasks_done": stats["tasks_done"],
            "vents": len(self.vents),
            "sabotages": {k.value: stats[f"sabotage_{k.value}"] for k in SabotageKind},
            "sabotages_fixed": stats["sabotages_fixed"],
        }

    def hidden_from(self, viewer: AgentId) -> set[str]:
        """Phrases stating a player's role that ``viewer`` may not read (see ``role_phrase``)."""
        if self._phase is Phase.OVER:
            return set()
        known = {viewer} | (set(self.impostors) if self.roles[viewer] is Role.IMPOSTOR else set())
        if self.config.reveal_on_eject:
            known |= {e["player"] for e in self.ejections}
        hidden = {role_phrase(p, r) for p, r in self.roles.items() if p not in known}
        for kill in self.kills:  # how a witness reads a kill: "You saw X kill Y in R!"
            if viewer != kill.killer and viewer not in kill.witnesses:
                hidden.add(f"saw {kill.killer} kill {kill.victim} in {kill.room}")
        seen, unseen = set(), set()
        for vent, witnesses in self.vents:
            phrase = f"saw {vent.player} use a vent ({vent.origin} -> {vent.to})"
            witnessed = viewer == vent.player or viewer in witnesses
            (seen if witnessed else unseen).add(phrase)
        return hidden | (unseen - seen)  # the same vent used twice may be seen only once

    def check_invariants(self) -> None:
        if len(set(self.living)) != len(self.living) or not set(self.living) <= set(self.players):
            raise InvariantViolation(f"bad living list {self.living}")
        dead = len(self.kills) + len(self.ejections)
        if len(self.living) + dead != len(self.players):
            raise InvariantViolation("kills, ejections and the living do not add up")
        if (self._phase is Phase.OVER) != (self.is_terminal() or self.is_truncated()):
            raise InvariantViolation("phase OVER must coincide with the end of the game")
        if self._phase is not Phase.OVER and not self.acting():
            raise InvariantViolation(f"nobody acts in phase {self._phase.value}")
        may_act = self._roster if self._phase is Phase.ROAM else self.living
        if not set(self.acting()) <= set(may_act):
            raise InvariantViolation("a dead player is asked to act")
        if not set(self.living) <= set(self._roster):
            raise InvariantViolation("a living player is off the roster")
        need = self.config.task_time
        if any(t.progress > need for tasks in self.tasks.values() for t in tasks):
            raise InvariantViolation("a task progressed past its time")
        if any(self.tasks[p] and any(t.progress for t in self.tasks[p]) for p in self.impostors):
            raise InvariantViolation("an impostor made task progress")
        if any(c < 0 for c in self._cooldown.values()):
            raise InvariantViolation("negative kill cooldown")
        if self.step_number > self.config.max_steps:
            raise InvariantViolation("played past the step limit")


def role_phrase(player: AgentId, role: Role) -> str:
    """How the text states a player's role: ``player_3 is an impostor``."""
    return f"{player} is {'an impostor' if role is Role.IMPOSTOR else 'a crewmate'}"
