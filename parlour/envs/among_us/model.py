"""The vocabulary of the Among Us game: its config, roles, phases, typed actions and event
payloads (what the rules, the text, the bots and the pictures all speak)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar

from parlour.core.ballots import BallotCast as BallotCast  # (shared payloads)
from parlour.core.config import FLAG, Choice, Integer, ListOf, Number, OrNone, validate
from parlour.core.errors import ConfigError
from parlour.core.events import JSON_NAME, AgentId, Payload
from parlour.envs.among_us.maps import SKELD, GameMap, GridMeeting, grid_map

MIN_PLAYERS, MAX_PLAYERS = 4, 10
#: The largest reward a shaping option may give per task or ballot.
MAX_SHAPING = 1000.0


class Role(str, Enum):
    CREWMATE = "crewmate"
    IMPOSTOR = "impostor"


class Phase(str, Enum):
    ROAM = "roam"
    DISCUSSION = "discussion"
    VOTE = "vote"
    OVER = "over"
    SURVEY = "survey"  # the suspicion question of a meeting (``suspicion_survey``)


class MapKind(str, Enum):
    SKELD = "skeld"
    GRID = "grid"


class SabotageKind(str, Enum):
    REACTOR = "reactor"  # critical: fixed at both panels by two crewmates in time, or impostors win
    LIGHTS = "lights"  # crewmates stop seeing who is in their room until fixed in the lights room


# -- actions ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Move:
    room: str


@dataclass(frozen=True, slots=True)
class DoTask:
    pass


@dataclass(frozen=True, slots=True)
class Wait:
    pass


@dataclass(frozen=True, slots=True)
class Report:
    pass


@dataclass(frozen=True, slots=True)
class CallMeeting:
    pass


@dataclass(frozen=True, slots=True)
class Kill:
    target: AgentId


@dataclass(frozen=True, slots=True)
class Vent:
    room: str


@dataclass(frozen=True, slots=True)
class Sabotage:
    kind: SabotageKind


@dataclass(frozen=True, slots=True)
class Fix:
    pass


@dataclass(frozen=True, slots=True)
class Speak:
    text: str | None  # None: withheld (invalid)


@dataclass(frozen=True, slots=True)
class Vote:
    target: AgentId | None  # None: skip


@dataclass(frozen=True, slots=True)
class Suspect:
    """The answer to "which player are you most suspicious of?" (None: no answer, invalid)."""

    target: AgentId | None


Action = (
    Move | DoTask | Wait | Report | CallMeeting | Kill | Vent | Sabotage | Fix | Speak | Vote
    | Suspect
)  # fmt: skip


@dataclass(frozen=True)
class AmongUsConfig:
    """Options of an Among Us-style game.

    Attributes:
        map: ``skeld`` (14 rooms with vents) or ``grid`` (``grid_width`` x ``grid_height`` rooms).
        grid_meeting_room: where a grid's meeting room is: ``corner`` (``room_0_0``) or
            ``top_middle`` (``room_{(grid_width-1)//2}_0``); grid maps only.
        num_players: 4-10; num_impostors: 1 or 2 (fewer than a third of the players).
        seat_roles: the role of each seat (``"crewmate"``/``"impostor"``), skipping the draw.
        tasks_per_player: tasks each crewmate gets (impostors get as many fake ones), 1-10 and
            at most the map's task spots (skeld has 14, a grid map one per room) unless
            ``task_repeats``.
        task_repeats: draw each task's spot independently, so several may share a spot (else
            a player's tasks are at distinct spots).
        task_time: roam steps spent in a task's room doing it to complete it.
        move_time: roam steps a move takes: the mover is in the new room at once and can do
            nothing but walk on (``[wait]``) for the rest of them.
        kill_cooldown: roam steps between an impostor's kills (also at the start and after each
            meeting).
        impostors_report: whether impostors may report a body (crewmates always may).
        emergency_meetings: button uses per player (called from the meeting room); 0: meetings
            happen only when a body is reported.
        discussion_messages: messages each living player says in a meeting (seeded order).
        suspicion_survey: before each meeting message and before the vote, every living player
            answers in secret "which player are you most suspicious of?" (the answers are in
            their own ``infos`` and in the metrics, never shown to the others).
        max_message_chars: longer messages are cut.
        reveal_ballots: show who voted for whom after a vote (else only the votes each
            candidate and skip received).
        reveal_on_eject: announce the ejected player's role.
        vents, sabotage: whether impostors may use them.
        reactor_time: roam steps to fix the reactor before the impostors win.
        sabotage_cooldown: roam steps between sabotages.
        max_steps: roam steps before the game is truncated.
        loser_reward: what each player of the losing side gets at the end (the winners get 1).
        task_reward, vote_reward: per-step shaping (0 by default): a crewmate's reward per task
            completed, and any player's reward per ballot cast on an impostor.
    """

    map: MapKind | str = MapKind.SKELD
    grid_width: int = 2
    grid_height: int = 3
    grid_meeting_room: GridMeeting | str = GridMeeting.CORNER
    num_players: int = 6
    num_impostors: int = 1
    seat_roles: tuple[str, ...] | None = None
    tasks_per_player: int = 3
    task_repeats: bool = False
    task_time: int = 2
    move_time: int = 1
    kill_cooldown: int = 3
    impostors_report: bool = True
    emergency_meetings: int = 1
    discussion_messages: int = 1
    suspicion_survey: bool = False
    max_message_chars: int = 200
    reveal_ballots: bool = True
    reveal_on_eject: bool = False
    vents: bool = True
    sabotage: bool = True
    reactor_time: int = 8
    sabotage_cooldown: int = 10
    max_steps: int = 60
    loser_reward: float = -1.0
    task_reward: float = 0.0
    vote_reward: float = 0.0

    def __post_init__(self) -> None:
        validate(
            self,
            map=Choice(MapKind),
            grid_width=Integer(1, 5),
            grid_height=Integer(1, 5),
            grid_meeting_room=Choice(GridMeeting),
            num_players=Integer(MIN_PLAYERS, MAX_PLAYERS),
            num_impostors=Integer(1, 2),
            seat_roles=OrNone(ListOf(Choice(Role))),
            tasks_per_player=Integer(1, 10),
            task_repeats=FLAG,
            task_time=Integer(1, 10),
            move_time=Integer(1, 10),
            kill_cooldown=Integer(0, 50),
            impostors_report=FLAG,
            emergency_meetings=Integer(0, 5),
            discussion_messages=Integer(1, 5),
            suspicion_survey=FLAG,
            max_message_chars=Integer(20, 1000),
            reveal_ballots=FLAG,
            reveal_on_eject=FLAG,
            vents=FLAG,
            sabotage=FLAG,
            reactor_time=Integer(2, 50),
            sabotage_cooldown=Integer(0, 100),
            max_steps=Integer(1, 1000),
            loser_reward=Number(-MAX_SHAPING, MAX_SHAPING),
            task_reward=Number(-MAX_SHAPING, MAX_SHAPING),
            vote_reward=Number(-MAX_SHAPING, MAX_SHAPING),
        )
        n, impostors = self.num_players, self.num_impostors
        if 3 * impostors >= n:
            raise ConfigError(
                f"num_impostors must be under a third of the players, actual value: "
                f"{impostors} of {n}"
            )
        self._check_map()
        spots = len(self.game_map().tasks)
        if self.tasks_per_player > spots and not self.task_repeats:  # distinct spots
            raise ConfigError(
                f"tasks_per_player must be at most the {spots} task spots of this map (or set "
                f"task_repeats), actual value: {self.tasks_per_player}"
            )
        if self.seat_roles is not None:
            roles = list(self.seat_roles)
            if len(roles) != n or roles.count(Role.IMPOSTOR) != impostors:
                raise ConfigError(
                    f"seat_roles must give {n} seats with {impostors} impostor(s), actual value: "
                    f"{tuple(r.value for r in roles)!r}"
                )
            object.__setattr__(self, "seat_roles", tuple(r.value for r in roles))

    def _check_map(self) -> None:
        """The grid options agree with the map."""
        if self.map is MapKind.GRID and self.grid_width * self.grid_height < 2:
            raise ConfigError(
                "grid_width and grid_height must give a grid map at least 2 rooms, actual: "
                f"{self.grid_width} x {self.grid_height}"
            )
        if self.map is not MapKind.GRID and self.grid_meeting_room is not GridMeeting.CORNER:
            raise ConfigError(
                "grid_meeting_room applies to grid maps only (map='grid'), actual value: "
                f"{self.grid_meeting_room.value!r} on map {self.map.value!r}"
            )

    def game_map(self) -> GameMap:
        if self.map is MapKind.SKELD:
            return SKELD
        return grid_map(self.grid_width, self.grid_height, self.grid_meeting_room)


@dataclass
class Task:
    """One of a player's tasks: where, what, and the roam steps spent on it so far."""

    room: str
    name: str
    progress: int = 0


# -- event payloads ---------------------------------------------------------------------------
# One frozen dataclass per kind of event; the fields are the event's JSON keys, in order. A key
# that Python or the Payload base reserves (``from``; ``kind``, the payload's own kind) is kept
# under another attribute name, its JSON name in the field's metadata (core's ``JSON_NAME``).


@dataclass(frozen=True, slots=True)
class Deal(Payload):
    """Private: a player's role, tasks (fake ones for impostors) and fellow impostors."""

    kind: ClassVar[str] = "deal"
    player: AgentId
    role: Role
    impostors: tuple[AgentId, ...]
    map: str
    tasks: tuple[tuple[str, str], ...]  # (room, task name)


@dataclass(frozen=True, slots=True)
class StepView(Payload):
    """Private: what a player sees at the start of a roam step (``players`` None: too dark)."""

    kind: ClassVar[str] = "step_view"
    step: int
    room: str
    players: tuple[AgentId, ...] | None
    tasking: tuple[AgentId, ...]
    bodies: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class TaskDone(Payload):
    """Private: one of your tasks is complete."""

    kind: ClassVar[str] = "task_done"
    player: AgentId
    task: str
    room: str


@dataclass(frozen=True, slots=True)
class Killing(Payload):
    """Private to the killer and the witnesses in the room."""

    kind: ClassVar[str] = "kill"
    killer: AgentId
    victim: AgentId
    room: str
    witnesses: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class Killed(Payload):
    """Private to the victim of a kill: where it died, and who killed it (None: it could not see,
    the lights being out). The victim's game is over: what it knows goes nowhere."""

    kind: ClassVar[str] = "killed"
    player: AgentId
    room: str
    killer: AgentId | None


@dataclass(frozen=True, slots=True)
class Venting(Payload):
    """Private to the impostor and whoever ends the step at either end of the vent."""

    kind: ClassVar[str] = "vent"
    player: AgentId
    origin: str = field(metadata={JSON_NAME: "from"})
    to: str


@dataclass(frozen=True, slots=True)
class Alarm(Payload):
    """Public: a sabotage everybody notices (``timer``: the reactor's steps left)."""

    kind: ClassVar[str] = "sabotage"
    sabotage: SabotageKind = field(metadata={JSON_NAME: "kind"})
    timer: int | None


@dataclass(frozen=True, slots=True)
class Fixed(Payload):
    """Public: the sabotage is over (``by`` nobody: a meeting ended it)."""

    kind: ClassVar[str] = "fixed"
    sabotage: SabotageKind | None = field(metadata={JSON_NAME: "kind"})
    by: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class Meeting(Payload):
    """Public: who called a meeting and why, the speaking order, the living, the task bar."""

    kind: ClassVar[str] = "meeting"
    caller: AgentId
    reason: str  # "report" or "emergency"
    bodies: tuple[AgentId, ...]
    order: tuple[AgentId, ...]
    living: tuple[AgentId, ...]
    task_bar: float


@dataclass(frozen=True, slots=True)
class Speech(Payload):
    """Public: a meeting message (``text`` None: withheld as invalid)."""

    kind: ClassVar[str] = "speech"
    player: AgentId
    text: str | None


@dataclass(frozen=True, slots=True)
class VoteStart(Payload):
    kind: ClassVar[str] = "vote_start"
    candidates: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class VotesRevealed(Payload):
    """Public: every ballot (voter -> target or None), the votes on each living player."""

    kind: ClassVar[str] = "votes_revealed"
    ballots: Mapping[AgentId, AgentId | None]
    tally: Mapping[AgentId, int]
    skips: int


@dataclass(frozen=True, slots=True)
class VoteCounts(Payload):
    """Public, instead of :class:`VotesRevealed` without ``reveal_ballots``: the votes each
    living player got and the skips, not who cast them."""

    kind: ClassVar[str] = "vote_counts"
    tally: Mapping[AgentId, int]
    skips: int


@dataclass(frozen=True, slots=True)
class Suspicion(Payload):
    """Private to ``player``: its answer to the meeting's suspicion question number ``round``
    (0: before the first message; ``suspect`` None: no answer)."""

    kind: ClassVar[str] = "suspicion"
    player: AgentId
    suspect: AgentId | None
    meeting: int
    round: int


@dataclass(frozen=True, slots=True)
class Ejection(Payload):
    """Public: who was ejected (``role`` only with ``reveal_on_eject``)."""

    kind: ClassVar[str] = "ejection"
    player: AgentId
    role: Role | None


@dataclass(frozen=True, slots=True)
class NoEjection(Payload):
    kind: ClassVar[str] = "no_ejection"
    reason: str  # "skipped" or "tie"
    tied: tuple[AgentId, ...]


@dataclass(frozen=True, slots=True)
class GameOver(Payload):
    kind: ClassVar[str] = "game_over"
    winner: Role | None
    reason: str
    roles: Mapping[AgentId, Role]


#: Every payload class, one per kind of event.
PAYLOADS: tuple[type[Payload], ...] = (
    Deal,
    StepView,
    TaskDone,
    Killing,
    Killed,
    Venting,
    Alarm,
    Fixed,
    Meeting,
    Speech,
    VoteStart,
    BallotCast,
    VotesRevealed,
    VoteCounts,
    Suspicion,
    Ejection,
    NoEjection,
    GameOver,
)
