"""One running game: rules + text + the invalid-action policy + per-player observations.

Both PettingZoo adapters (AEC and Parallel) drive a :class:`Match`; so do tests and tools that
want a game without PettingZoo's bookkeeping. Everything here is written once for all games.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from parlour.core.actions import ActionSpec, Legal, normalise_aliases
from parlour.core.charset import sanitize_speech
from parlour.core.config import Choice, Integer, Number, OrNone, validate
from parlour.core.errors import ActionError, ConfigError, IllegalAction
from parlour.core.events import AgentId, Event, Payload, label
from parlour.core.rules import GameRules
from parlour.core.text import (
    DEFAULT_OBSERVATION_CHARS,
    MIN_OBSERVATION_CHARS,
    GameText,
    ObservationWindow,
    PublicLines,
    moderator,
    require_room,
)
from parlour.core.view import SeatView, ViewFeed

if TYPE_CHECKING:
    from parlour.core.game import Game

A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class InvalidAction(Payload):
    """The core's record of an invalid action (visible to its author only): the kind of error
    (``"illegal"`` or ``"malformed"``), the parser's reason, the text sent (sanitised, bounded)
    and the default applied instead."""

    kind: ClassVar[str] = "invalid_action"
    player: AgentId
    error: str
    reason: str
    text: str
    default: str


@dataclass(frozen=True, slots=True)
class InvalidRetry(Payload):
    """The core's record of an invalid action that its author must replace (``on_invalid=
    "retry"``; visible to its author only): the kind of error, the parser's reason, the text sent
    (sanitised, bounded) and how many invalid actions in a row this turn has had so far."""

    kind: ClassVar[str] = "invalid_action"
    player: AgentId
    error: str
    reason: str
    text: str
    retry: int


#: Event kind written by the core when an action was invalid.
INVALID_ACTION = InvalidAction.kind
#: How many grammars a match keeps (it forgets them all when full).
SPEC_CACHE_SIZE = 64
#: How much of an invalid action's text the event log keeps.
_KEEP_INVALID_CHARS = 500
#: The situation key of a match that has rendered no situation yet.
_NO_KEY = object()


class InvalidPolicy(str, Enum):
    """What happens to an action the game cannot accept."""

    DEFAULT = "default"  # apply the game's documented default, record it, go on
    RAISE = "raise"  # raise the ActionError (for debugging agents)
    RETRY = "retry"  # record it; the player keeps its turn and acts again (capped)


@dataclass(frozen=True)
class MatchOptions:
    """Adapter options shared by every game.

    Attributes:
        on_invalid: ``"default"`` (apply the documented default), ``"raise"``, or ``"retry"``:
            the player keeps its turn and is asked again, told why (its ``infos`` and a line of
            its own), as AucArena re-asks a failed bid; after ``max_invalid_retries`` invalid
            actions in a row on one turn the default applies, so a seat that never sends a valid
            action (a dead server, random text) cannot stall the game. Everyone sees that the
            seat acts again (the turn order, the Parallel ``acting`` flags): a retry is not
            secret.
        max_invalid_retries: the safety cap of ``"retry"``, 0..1,000,000 (default 100; 0 is
            ``"default"``).
        invalid_penalty: reward added to a player for each invalid action (each retried one
            too), in [-1e6, 0].
        max_observation_chars: the observation budget, 1024..10,000,000 and at least what the
            game needs for its rules summary, a player's card and its longest prompt, which are
            never cut (a ConfigError says how much that is). The default, 20,000, holds a whole
            default game of every built-in game; beyond the budget the oldest public event
            lines are dropped first, a player's own (private) lines last.
        max_action_chars: the length bound of the Text action space, 16..1,000,000 (longer text
            is still read).
        max_cycles: PettingZoo's horizon, None (the game's own limits only) or 1..10**9: the
            game is truncated for every seat after ``max_cycles`` cycles. As in PettingZoo, a
            cycle of the Parallel env is one ``step`` (every acting seat acts once), and a cycle
            of the AEC env is one turn of each seat: the AEC game is truncated when a seat that
            has taken ``max_cycles`` turns is to act again. In simultaneous games (Overcooked's
            ticks, sealed bids) the two are the same; in turn-based ones a Parallel step is one
            seat's turn. A game that ends by its rules first ends as it would (termination).
    """

    on_invalid: InvalidPolicy | str = InvalidPolicy.DEFAULT
    invalid_penalty: float = 0.0
    max_observation_chars: int = DEFAULT_OBSERVATION_CHARS
    max_action_chars: int = 1024
    max_invalid_retries: int = 100
    max_cycles: int | None = None

    def __post_init__(self) -> None:
        validate(
            self,
            on_invalid=Choice(InvalidPolicy),
            invalid_penalty=Number(-1e6, 0),
            max_observation_chars=Integer(MIN_OBSERVATION_CHARS, 10_000_000),
            max_action_chars=Integer(16, 1_000_000),
            max_invalid_retries=Integer(0, 1_000_000),
            max_cycles=OrNone(Integer(1, 10**9)),
        )


class Match(Generic[A]):
    """A game in progress, as every adapter sees it."""

    def __init__(self, game: Game[Any], rules: GameRules[A], options: MatchOptions) -> None:
        self.game = game
        self.env_id = env_id = game.env_id
        self.rules = rules
        self.text = text = game.text
        self.options = options
        public_lines = PublicLines(text.render_public)  # rendered once, shared by the windows
        budget = options.max_observation_chars
        headers = {p: text.render_header(rules, p) for p in rules.players}
        require_room(env_id, headers, text.max_prompt_chars(rules), budget)
        self._windows = {
            p: ObservationWindow(p, header, budget, public_lines) for p, header in headers.items()
        }
        self._scores = dict(rules.scores())
        self._penalties: dict[AgentId, float] = {}
        self._spec_cache: dict[AgentId, tuple[int, ActionSpec[A]]] = {}
        # The grammars of the legal sets this game has handed out, by value: a turn that recurs
        # (Overcooked's moves every tick, a night's sleep, a speaking turn) is not formatted
        # again, and a set the rules hand out as one value is found by identity. The one cache
        # of the action path: without it a decision takes more instructions (callgrind, the
        # benchmark loop of docs/benchmarks.md): Overcooked's 21%, Werewolf's 13%, the auction's
        # and Among Us's 6%, Who-is-Spy's 2%, the Donor Game's none (its sets never recur). It is
        # bounded, and a test checks it against a fresh build.
        self._specs: dict[Legal[A], ActionSpec[A]] = {}
        self._obs_cache: dict[AgentId, tuple[int, str]] = {}
        # the shared situation of the prompts, rendered once per situation key for every seat
        self._has_situation = type(text).render_situation is not GameText.render_situation
        self._situation: tuple[object, str | None] = (_NO_KEY, None)
        self._turn: tuple[int, bool, list[AgentId]] = (-1, False, [])  # step, over, acting
        # the optional hooks, skipped when a game leaves them as they are (most steps of most games)
        self._checks = type(rules).check is not GameRules.check
        self._agent_info = type(rules).agent_info is not GameRules.agent_info
        self._invalid: Counter[tuple[AgentId, str]] = Counter()
        self._last_error: dict[AgentId, ActionError] = {}
        self._retries: dict[AgentId, int] = {}  # invalid actions in a row of a retried turn
        # the game's extra spellings, normalised once for every turn's grammar
        self._aliases = normalise_aliases(game.aliases) if game.aliases else None
        self._feed = ViewFeed()  # pushes events and snapshots into the seats' views
        self._snapshots = type(rules).observed_state is not GameRules.observed_state
        self._cut = False  # cut off by the adapter's max_cycles (see cut())

    # -- turns --------------------------------------------------------------------------------
    @property
    def players(self) -> tuple[AgentId, ...]:
        return self.rules.players

    def is_over(self) -> bool:
        step = self.rules.step_count
        if self._turn[0] != step:
            self._turn = self._new_turn(step)
        return self._turn[1]

    def acting(self) -> list[AgentId]:
        """Who must act now (cached until the state changes); empty once the game is over."""
        step = self.rules.step_count
        if self._turn[0] != step:
            self._turn = self._new_turn(step)
        return self._turn[2]

    def _new_turn(self, step: int) -> tuple[int, bool, list[AgentId]]:
        rules = self.rules
        over = self._cut or rules.is_terminal() or rules.is_truncated()
        return step, over, [] if over else rules.acting()

    def cut(self) -> None:
        """End the game here as a truncation (the adapters' ``max_cycles``): nobody acts any
        more and the game is over, though its rules would go on. A game already over is left
        as it is."""
        if not self.is_over():
            self._cut = True
            self._turn = (-1, True, [])  # recomputed, over, on the next read

    def spec(self, agent: AgentId) -> ActionSpec[A]:
        """The action grammar for ``agent`` now (cached until the state changes)."""
        cached = self._spec_cache.get(agent)
        if cached is not None and cached[0] == self.rules.step_count:
            return cached[1]
        legal = self.rules.legal(agent)
        spec = self._specs.get(legal)
        if spec is None:
            if len(self._specs) >= SPEC_CACHE_SIZE:
                self._specs.clear()
            spec = self._specs[legal] = self.build_spec(legal)
        self._spec_cache[agent] = (self.rules.step_count, spec)
        return spec

    def build_spec(self, legal: Legal[A]) -> ActionSpec[A]:
        """The grammar of ``legal``: its forms as this game writes them, with its aliases."""
        return ActionSpec.build(legal, self.text.format_action, self._aliases)

    def play(self, agent: AgentId, raw: Any) -> ActionError | None:
        """Apply ``agent``'s action text; an invalid one is replaced by the default and returned.

        Raises:
            IllegalAction: ``agent`` is not acting now (a caller bug, whatever the policy).
            ActionError: the text is invalid and the policy is ``"raise"``.
        """
        acting = self.acting()
        if agent not in acting:
            raise IllegalAction(f"{agent} cannot act now; acting: {', '.join(acting) or 'nobody'}")
        spec = self.spec(agent)
        if type(raw) is not str and issubclass(type(raw), str):
            raw = str.__str__(raw)  # numpy.str_ and other subclasses: their text, not their methods
        error: ActionError | None = None
        try:
            action = spec.parse(raw)
            if self._checks:
                self.rules.check(agent, action)
        except ActionError as caught:
            policy = self.options.on_invalid
            if policy is InvalidPolicy.RAISE:
                raise
            error = caught
            if policy is InvalidPolicy.RETRY and self._retry(agent, raw, caught):
                return error
            action = spec.default
            self._record_invalid(agent, raw, caught, spec)
        if self._retries:
            self._retries.pop(agent, None)
        self.rules.apply(agent, action)
        if self._feed:
            self._feed.push(self.rules.events, self._snapshot)
        return error

    # -- seat views -----------------------------------------------------------------------------
    def seat_view(self, agent: AgentId) -> SeatView:
        """A new view of what ``agent`` may know, fed by this game from now on (see
        :class:`~parlour.core.view.SeatView`)."""
        if agent not in self.rules.seat_of:
            raise ConfigError(
                f"agent must be one of {', '.join(self.rules.players)}, actual value: {agent!r}"
            )
        view = SeatView(self.env_id, agent, self.rules.players)
        self._feed.attach(view, self.rules.events, self._snapshot)
        return view

    def _snapshot(self, agent: AgentId) -> object:
        return self.rules.observed_state(agent) if self._snapshots else None

    def _retry(self, agent: AgentId, raw: Any, error: ActionError) -> bool:
        """Under ``on_invalid="retry"``: record the invalid action and keep ``agent``'s turn,
        unless its turn has had ``max_invalid_retries`` of them already (then False: the default
        applies)."""
        tries = self._retries.get(agent, 0)
        if tries >= self.options.max_invalid_retries:
            return False
        self._retries[agent] = tries + 1
        kind = self._count_invalid(agent, error)
        record = InvalidRetry(agent, kind, error.reason, _kept(raw), tries + 1)
        rules = self.rules
        rules.events.append(rules.step_count, rules.phase, INVALID_ACTION, record, {agent})
        self._obs_cache.pop(agent, None)  # its window has a new line; the step is the same
        if self._feed:
            self._feed.push(rules.events, self._snapshot)
        return True

    def _count_invalid(self, agent: AgentId, error: ActionError) -> str:
        """Count an invalid action (its kind, the player's penalty, the error for ``infos``);
        returns the kind, ``"illegal"`` or ``"malformed"``."""
        kind = "illegal" if isinstance(error, IllegalAction) else "malformed"
        self._invalid[(agent, kind)] += 1
        self._last_error[agent] = error
        if self.options.invalid_penalty:
            self._penalties[agent] = self._penalties.get(agent, 0.0) + self.options.invalid_penalty
        return kind

    def _record_invalid(
        self, agent: AgentId, raw: Any, error: ActionError, spec: ActionSpec[A]
    ) -> None:
        kind = self._count_invalid(agent, error)
        record = InvalidAction(
            agent, kind, error.reason, _kept(raw), self.text.format_action(spec.default)
        )
        self.rules.events.append(
            self.rules.step_count, self.rules.phase, INVALID_ACTION, record, visible_to={agent}
        )

    def has_errors(self) -> bool:
        """Whether an invalid action is waiting to be reported by :meth:`take_errors`."""
        return bool(self._last_error)

    def take_errors(self) -> dict[AgentId, ActionError]:
        """The errors of invalid actions since the last call, by player (for ``infos``)."""
        errors, self._last_error = self._last_error, {}
        return errors

    def reward_deltas(self) -> dict[AgentId, float] | None:
        """Payoff gained by each player since the last call, invalid-action penalties included;
        None when the scores are as they were and nobody was penalised (most steps of most
        games), so adapters can skip paying out zeros."""
        scores = self.rules.scores()
        if scores == self._scores and not self._penalties:
            return None
        deltas = {p: float(scores[p] - self._scores[p]) for p in self.rules.players}
        self._scores = dict(scores)
        for agent, penalty in self._penalties.items():
            deltas[agent] += penalty
        self._penalties.clear()
        return deltas

    # -- what players read ----------------------------------------------------------------------
    def render_event(self, event: Event, viewer: AgentId) -> str | None:
        """The line ``viewer`` (who may read ``event``) reads for it: a public event as everyone
        reads it, a private one as rendered for that viewer (the core's own events first)."""
        if event.visible_to.__class__ is str:
            return self.text.render_public(event)
        return self.render_private(event, viewer)

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        """The line ``viewer`` reads for a private event: the core's notice of its own invalid
        action, or the game's line."""
        if event.kind == INVALID_ACTION:
            data = event.data
            if isinstance(data, InvalidRetry):
                if not data.text:
                    return moderator("No action was received from you; act again.")
                return moderator(
                    f"Your last action was invalid ({data.error}: {data.reason}); act again."
                )
            if not data.text:  # an agent that gave up (an LLM with no valid reply) sends nothing
                return moderator(
                    f"No action was received from you; applied instead: {data.default}"
                )
            return moderator(
                f"Your last action was invalid ({data.error}: {data.reason}); "
                f"applied instead: {data.default}"
            )
        return self.text.render_private(event, viewer)

    def prompt(self, agent: AgentId) -> str:
        """The last part of ``agent``'s observation: the situation and, on their turn, the forms."""
        spec = self.spec(agent) if agent in self.acting() else None
        own = self.text.render_prompt(self.rules, agent, spec)
        if not self._has_situation:
            return own
        situation = self.situation()
        return f"{situation}\n{own}" if situation else own

    def situation(self) -> str | None:
        """The part of the prompt all seats read alike (:meth:`GameText.render_situation`),
        rendered once per state for every seat that reads it."""
        key = self.text.situation_key(self.rules)
        if self._situation[0] != key:
            self._situation = (key, self.text.render_situation(self.rules))
        return self._situation[1]

    def observation(self, agent: AgentId) -> str:
        """``agent``'s observation text now (cached until the state changes)."""
        step = self.rules.step_count
        cached = self._obs_cache.get(agent)
        if cached is not None and cached[0] == step:
            return cached[1]
        window = self._windows[agent]
        window.update(self.rules.events, self.render_private)
        text = window.text(self.prompt(agent))
        self._obs_cache[agent] = (step, text)
        return text

    def turn_info(self, agent: AgentId) -> dict[str, Any]:
        """A fresh ``infos`` entry for an acting ``agent`` (its lists are its own): the turn's
        grammar as data. The prompt is not in it: it is the last section of the observation
        text, rendered when that text is read (scripted and numeric loops never pay for it)."""
        info = self.spec(agent).turn_facts(label(self.rules.phase))
        if self._agent_info:
            extra = self.rules.agent_info(agent)
            if extra:
                info.update(extra)
        return info

    # -- records --------------------------------------------------------------------------------
    def transcript(self) -> list[dict[str, Any]]:
        """Every event with its visibility (the god view), as JSON data."""
        return self.rules.events.to_json()

    def transcript_text(self, view: str = "god") -> str:
        """The whole game as text from ``view``: ``"god"`` or an agent id (only their events)."""
        if view != "god" and view not in self.rules.players:
            raise ConfigError(
                f"view must be 'god' or one of {', '.join(self.rules.players)}, "
                f"actual value: {view!r}"
            )
        lines: list[str] = []
        for event in self.rules.events:
            if view == "god":
                line = self.render_event(event, _god_viewer(event))
                if line and event.visible_to != "all":
                    seen = ", ".join(sorted(event.visible_to))
                    tag = f"({seen} only)" if seen else "(told to nobody)"
                    line = "\n".join(f"{tag} {part}" for part in line.split("\n"))
            elif event.is_visible_to(view):
                line = self.render_event(event, view)
            else:
                continue
            if line:
                lines.append(line)
        return "\n".join(lines)

    def invalid_counts(self) -> dict[AgentId, dict[str, int]]:
        counts: dict[AgentId, dict[str, int]] = {p: {} for p in self.rules.players}
        for (agent, kind), n in sorted(self._invalid.items()):
            counts[agent][kind] = n
        return counts

    def metrics(self) -> dict[str, Any]:
        """The game's metrics plus invalid-action counts by player and kind."""
        metrics = dict(self.rules.metrics())
        counts = self.invalid_counts()
        metrics["invalid_actions"] = counts
        metrics["invalid_total"] = sum(sum(c.values()) for c in counts.values())
        if self._cut:
            metrics["max_cycles_reached"] = True
        return metrics


def _kept(raw: Any) -> str:
    """What the record of an invalid action keeps of it: its text, sanitised and bounded."""
    return sanitize_speech(raw if type(raw) is str else _describe(raw), _KEEP_INVALID_CHARS)


def _describe(raw: Any) -> str:
    """A bounded account of an action that is not text, for the record of it.

    The object is the caller's: its ``repr`` may raise, return a non-string or be huge, and none
    of that may stop the game, so the account falls back to the type's name.
    """
    kind = type(raw)
    try:
        if issubclass(kind, (bytes, bytearray, memoryview)):
            raw = bytes(memoryview(raw)[:_KEEP_INVALID_CHARS])
        text = repr(raw)
    except Exception:
        text = None
    if not issubclass(type(text), str):
        return f"<{kind.__name__} object>"
    return str.__str__(text)[:_KEEP_INVALID_CHARS]


def _god_viewer(event: Event) -> AgentId:
    """Render a private event as its first recipient would read it; public events, and events
    told to nobody (a record of what happened that no seat was told), neutrally."""
    if event.visible_to == "all":
        return "god"
    return min(event.visible_to, default="god")
