"""What players read: the GameText protocol, shared line formats, and incremental observations.

An observation is ``header`` (rules summary and private card) + the events visible to the player,
newest last + the current prompt, which ends with the exact action forms accepted now. Past the
budget the oldest public event lines go first: the player's private lines (what it alone learned)
stay, see :class:`ObservationWindow`. Only two
kinds of event line exist: moderator lines (``Moderator: ...``) written by the game, and speech
lines (``player_2 said: "..."``) whose quoted part is sanitised player text that can never start a
line, contain a quote or a bracket, or span two lines.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from parlour.core.actions import ActionSpec
from parlour.core.errors import ConfigError, InvariantViolation
from parlour.core.events import AgentId, Event, EventLog
from parlour.core.numeric import plain_number

A = TypeVar("A")
A_contra = TypeVar("A_contra", contravariant=True)
R = TypeVar("R")

MODERATOR = "Moderator: "
EVENTS_HEADING = "## What happened (oldest first)"
PROMPT_HEADING = "## Now"
#: The least observation budget of any game; a game needs more where its rules summary, a
#: player's card and its longest prompt take more (see :func:`require_room`).
MIN_OBSERVATION_CHARS = 1024
#: The default observation budget: a whole default game of every built-in game fits in it, so
#: nothing is dropped. The longest observation of 1,000 seeded default games each, with random
#: and with scripted players, was 14,246 characters (Among Us, random players); see
#: ``benchmarks/observation_lengths.py``, and a test plays default games to check it.
DEFAULT_OBSERVATION_CHARS = 20_000
#: The room kept for the prompt of a game that does not bound its prompts itself: a few
#: sentences, and a name or a form for every player (``[vote player_11] | ``).
DEFAULT_PROMPT_CHARS, DEFAULT_PROMPT_CHARS_PER_PLAYER = 256, 32
#: What an observation adds to its header, events and prompt: the two headings, blank lines
#: and the count of lines left out.
_FRAME_CHARS = len(EVENTS_HEADING) + len(PROMPT_HEADING) + 64
#: The share of the room for events that a player's own lines (its private events) may keep
#: when older public lines are dropped; beyond it the oldest of them go too, so the table's
#: latest lines are never crowded out.
OWN_LINES_SHARE = 0.5


class GameText(ABC, Generic[R, A_contra]):
    """The prose side of a game: what each player reads, and the action forms they write.

    A game's ``text.py`` subclasses it once (its instance is ``Game.text``). Every method reads
    only what the viewer may know; the adapter renders a public event once for everyone
    (:meth:`render_public`) and a private one for each viewer who may read it
    (:meth:`render_private`), so a public line cannot depend on who reads it.
    """

    @abstractmethod
    def render_header(self, rules: R, viewer: AgentId) -> str:
        """The rules summary and the viewer's private card: what the player is dealt (role,
        word, pack, values, budget), fixed for the whole game and never cut. What it learns
        privately as the game goes (an inspection, a potion used, its own bids) are its private
        lines (:meth:`render_private`), which outlast the public ones when the text is cut."""

    @abstractmethod
    def render_public(self, event: Event) -> str | None:
        """The line(s) everyone reads for a public event; None to show nothing."""

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        """The line(s) ``viewer`` reads for an event only some players may read (``viewer`` is
        one of them); None to show nothing. Games without private events keep this default.

        These lines are what the viewer alone knows: when the observation must be cut, the
        oldest public lines go before them (see :class:`ObservationWindow`)."""
        return None

    @abstractmethod
    def render_prompt(self, rules: R, viewer: AgentId, spec: ActionSpec[Any] | None) -> str:
        """The situation for ``viewer``; with ``spec`` (their turn) it ends with the forms.

        Where the game has a shared situation (:meth:`render_situation`), this is only the
        viewer's own part, which the prompt shows under it."""

    def render_situation(self, rules: R) -> str | None:
        """The part of the prompt every player reads alike (a board, a kitchen), or None.

        A game whose players all read one large public picture of the state renders it here,
        and the match renders it once per :meth:`situation_key` for all seats, instead of once
        per seat; the prompt is this text, a line break, then :meth:`render_prompt`. Most games
        keep the default: their prompts are short and differ per player."""
        return None

    def situation_key(self, rules: R) -> object:
        """A value that changes whenever :meth:`render_situation`'s text could (Overcooked's
        kitchen clock). Only read by games with a situation; a test in every game checks the
        situation the match keeps against a fresh render at every observation."""
        return rules

    @abstractmethod
    def format_action(self, action: A_contra) -> str:
        """The canonical token of a typed action, e.g. ``[vote player_3]``."""

    def max_prompt_chars(self, rules: R) -> int:
        """An upper bound on the length of every prompt of this game, which the observation
        budget must hold whole beside the header. The default allows a few sentences and a name
        or a form for every player; games whose prompts grow with a layout, a number of tasks or
        the size of numbers bound their own."""
        return DEFAULT_PROMPT_CHARS + DEFAULT_PROMPT_CHARS_PER_PLAYER * len(rules.players)


def moderator(text: str) -> str:
    """A moderator line (multi-line text gets the prefix on every line)."""
    if "\n" not in text:
        return MODERATOR + text
    return "\n".join(MODERATOR + line for line in text.split("\n"))


def speech_line(speaker: AgentId, speech: str, verb: str = "said") -> str:
    """An attributed line of (already sanitised) player speech."""
    return f'{speaker} {verb}: "{speech}"'


def counted(count: float | str, noun: str, nouns: str | None = None) -> str:
    """A number and its noun, singular for exactly one: what the games write instead of
    ``step(s)``. A number is written by :func:`plain_number`; a text (``f"{x:.2f}"``) as it is,
    and the noun is singular when that text is ``1``.

    Example:
        >>> counted(1, "step"), counted(0, "step"), counted(3, "werewolf", "werewolves")
        ('1 step', '0 steps', '3 werewolves')
        >>> counted(1.0, "unit"), counted("1.00", "unit")
        ('1 unit', '1.00 units')
    """
    text = count if isinstance(count, str) else plain_number(count)
    return f"{text} {noun if text == '1' else nouns or noun + 's'}"


def listed(items: Sequence[str]) -> str:
    """Items as a sentence lists them: ``a``, ``a and b``, ``a, b and c``.

    Example:
        >>> listed(["player_1", "player_2", "player_4"])
        'player_1, player_2 and player_4'
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def forms_line(spec: ActionSpec[Any]) -> str:
    """The closing line of a prompt listing the accepted forms."""
    return f"Reply with {spec.description}"


class PublicLines:
    """Each event's line as every player reads it (None for events only some may read),
    rendered once per game: public events read the same for every viewer, so the windows of all
    players share these lines instead of each rendering them."""

    __slots__ = ("_lines", "_render")

    def __init__(self, render: Callable[[Event], str | None]) -> None:
        self._render = render
        self._lines: list[str | None] = []  # one entry per logged event so far, in log order

    def catch_up(self, log: EventLog, end: int) -> list[str | None]:
        """The lines of the first ``end`` events of ``log`` (rendering the new public ones)."""
        lines = self._lines
        if len(lines) < end:
            render = self._render
            for event in log.since(len(lines)):
                lines.append(render(event) if event.visible_to.__class__ is str else None)
        return lines


def require_room(env_id: str, headers: dict[AgentId, str], prompt_chars: int, budget: int) -> None:
    """Refuse a budget that cannot hold a player's header and longest prompt whole.

    Args:
        env_id: the game, for the message.
        headers: each player's rules summary and private card.
        prompt_chars: the game's bound on the length of a prompt.
        budget: ``max_observation_chars``.

    Raises:
        ConfigError: naming the option and the size it needs for this game and config.
    """
    seat = max(headers, key=lambda p: len(headers[p]))
    need = len(headers[seat]) + _FRAME_CHARS + prompt_chars
    if need > budget:
        raise ConfigError(
            f"max_observation_chars must be at least {need} for {env_id} with this config and "
            f"seed (the rules summary and card of {seat} take {len(headers[seat])} characters and "
            f"a prompt up to {prompt_chars}; neither is ever cut; other seeds may deal longer "
            f"cards), actual value: {budget}"
        )


class ObservationWindow:
    """One player's rendered event lines, kept incrementally inside a character budget.

    Public lines come from the :class:`PublicLines` that all windows of a game share; the viewer's
    private events are rendered once each. When the text would exceed the budget, the oldest
    *public* lines go first, and one line says how many lines were left out; the viewer's own
    lines (those of :meth:`GameText.render_private`: what it alone learned, such as an inspection,
    a potion or a bid) stay in their places, until they alone take more than
    :data:`OWN_LINES_SHARE` of the room for events, when the oldest of them go too (so a seat
    flooded with its own lines still reads the table's latest talk). What is shown is always the
    viewer's lines in their order, some left out. Building an observation costs time bounded by
    the budget, never by the length of the game. The header (rules summary and card) and the
    prompt are never cut: :func:`require_room` refuses a budget too small for them.
    """

    __slots__ = (
        "_body",
        "_budget",
        "_chars",
        "_fixed",
        "_head",
        "_kept",
        "_kept_chars",
        "_lines",
        "_omitted",
        "_public",
        "_top",
        "cursor",
        "header",
        "viewer",
    )

    def __init__(self, viewer: AgentId, header: str, budget: int, public: PublicLines) -> None:
        self.viewer = viewer
        self.header = header
        self._budget = budget
        self._public = public
        # The lines shown in full order since the oldest line still there (the *tail*); the
        # viewer's own among them are _OwnLine.
        self._lines: deque[str] = deque()
        self._body = ""  # the tail joined, kept in step with it (no per-line work per read)
        self._chars = 0
        # The viewer's own lines older than the tail, kept when the public lines around them went.
        self._kept: deque[str] = deque()
        self._kept_chars = 0
        self._omitted = 0
        self._top = f"{header}\n\n{EVENTS_HEADING}"
        # what comes before the tail: the top, the count of lines left out, the kept lines
        self._head = self._top
        self._fixed = len(header) + _FRAME_CHARS
        #: index of the first event not yet rendered (read-only for callers)
        self.cursor = 0

    def update(self, log: EventLog, render: Callable[[Event, AgentId], str | None]) -> None:
        """Add the lines of the events appended to ``log`` since the last update that the viewer
        may see: the shared public lines, with the viewer's private events rendered by
        ``render(event, viewer)`` in their places."""
        viewer, start = self.viewer, self.cursor
        end = len(log)
        if end == start:
            return
        self.cursor = end
        rendered = self._public.catch_up(log, end)[start:end]
        for index in log.private_since(viewer, start):
            line = render(log[index], viewer)
            rendered[index - start] = _OwnLine(line) if line else None
        new = list(filter(None, rendered))
        if new:
            self._lines += new
            added = "\n".join(new)
            self._chars += len(added) + 1
            self._body = f"{self._body}\n{added}" if self._body else added

    def text(self, prompt: str) -> str:
        """The whole observation with ``prompt`` at the end, within the budget: the oldest public
        event lines go first; the header and the prompt are whole.

        Raises:
            InvariantViolation: header and prompt alone exceed the budget, which
                :func:`require_room` rules out unless a game's ``max_prompt_chars`` is wrong.
        """
        room = self._budget - self._fixed - len(prompt)
        if room < 0:
            raise InvariantViolation(
                f"{self.viewer}'s prompt of {len(prompt)} characters and header of "
                f"{len(self.header)} exceed max_observation_chars={self._budget}: the game's "
                "max_prompt_chars is below what its prompts take"
            )
        if self._chars + self._kept_chars > room:
            self._cut(room)
        if self._body:
            return f"{self._head}\n{self._body}\n\n{PROMPT_HEADING}\n{prompt}"
        return f"{self._head}\n\n{PROMPT_HEADING}\n{prompt}"

    def _cut(self, room: int) -> None:
        """Leave out lines until the rest fits in ``room``: the tail's oldest line each time (a
        public one is dropped, one of the viewer's own is kept), or, while the kept lines take more
        than their share of the room, the oldest kept line."""
        lines, kept = self._lines, self._kept
        share = int(room * OWN_LINES_SHARE)
        cut = 0
        while self._chars + self._kept_chars > room:
            if lines and self._kept_chars <= share:
                line = lines.popleft()
                size = len(line) + 1
                self._chars -= size
                cut += size
                if line.__class__ is _OwnLine:
                    kept.append(line)
                    self._kept_chars += size
                else:
                    self._omitted += 1
            else:
                self._kept_chars -= len(kept.popleft()) + 1
                self._omitted += 1
        self._body = self._body[cut:]
        head = self._top
        if self._omitted:
            head = f"{head}\n({self._omitted} earlier lines not shown)"
        self._head = "\n".join((head, *kept)) if kept else head


class _OwnLine(str):
    """A line of one of the viewer's private events, as its window holds it: the text itself,
    marked so that the window drops it last."""

    __slots__ = ()
