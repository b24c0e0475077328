"""The turn-based play session's helpers: a seat's turn as a panel, and moments worth holding.

* :func:`turn_controls` - the panel of a person's turn: the game's prompt, the kind of turn (a
  speech turn's length limit, a number turn's range and quick choices) and a button per listed
  action. Every quick choice is checked with the game's own parser first.
* :func:`refusal` - why the game would refuse a text now, by the env's own parser and rules
  check (the person keeps the turn and reads the reason).
* :func:`held_moment` - after a step, the moment to hold on screen (a ballot reveal, an
  elimination, the viewer's own fate) and the match as it stood then (:class:`HeldMatch`), so
  that the next phase, logged in the same step, does not wipe it unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parlour.core.errors import ActionError
from parlour.core.events import EventLog
from parlour.core.number_forms import shown_bounds
from parlour.renderers.base import GOD
from parlour.renderers.clockrun import WAIT, ClockRun, sent
from parlour.renderers.controls import SCROLL_DOWN, SCROLL_UP, Controls, NumberField
from parlour.renderers.picture import Picture

_MODERATOR = "Moderator: "


def turn_controls(match: Any, seat: str, picture: Picture) -> Controls:
    """The panel of ``seat``'s turn now."""
    spec = match.spec(seat)
    legal = spec.legal
    kind = legal.kind.value
    number = None
    if len(legal.numbers) == 1:
        rule = legal.numbers[0]
        shown = shown_bounds(rule)
        number = NumberField(rule.verb, rule.low, rule.high, rule.integer, rule.places, shown)
    quick = [
        q
        for q in picture.quick_actions(match, seat, spec)
        if refusal(match, seat, sent(q.action)) is None
    ]
    return Controls(
        legal=list(spec.choices),
        active=True,
        prompt=match.text.render_prompt(match.rules, seat, spec),  # (the board is drawn)
        kind=kind,
        max_chars=legal.speech.max_chars if legal.speech is not None else None,
        number=number,
        quick=quick,
        clock=WAIT in spec.choices and picture.clock(match, seat) is not None,
    )


def forced(match: Any, seat: str) -> str | None:
    """The one action of a turn that offers nothing else (a villager's ``[sleep]``, a dead
    crewmate's ``[wait]``), which a person need not click; None where there is a choice."""
    spec = match.spec(seat)
    legal = spec.legal
    if legal.kind.value in ("choice", "move") and len(spec.choices) == 1:
        return next(iter(spec.choices))
    return None


def refusal(match: Any, seat: str, text: str) -> str | None:
    """Why the game would refuse ``text`` from ``seat`` now, checked as the env checks it (None:
    it accepts): a person's typo keeps their turn instead of playing the game's default."""
    try:
        match.rules.check(seat, match.spec(seat).parse(text))
    except ActionError as error:
        return str(error)
    return None


class _HeldRules:
    """A game's rules with the event log as it stood earlier (everything else as it is)."""

    def __init__(self, rules: Any, events: EventLog) -> None:
        self._rules = rules
        self.events = events

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rules, name)


class HeldMatch:
    """A match drawn as it stood after its first ``end`` events: the pictures read the log
    through it (the transcript and the rest are the match's own)."""

    def __init__(self, match: Any, end: int) -> None:
        log = EventLog()
        for event in list(match.rules.events)[:end]:
            log.append(event.step, event.phase, event.kind, event.data, event.visible_to)
        self._match = match
        self.rules = _HeldRules(match.rules, log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._match, name)

    def acting(self) -> list[str]:
        """Nobody: a held moment is no one's turn."""
        return []


@dataclass(frozen=True)
class Moment:
    """A moment to hold: the match as it stood then, the game's lines for it, and the viewer's
    fate where this step ended their game."""

    match: HeldMatch
    lines: tuple[str, ...]
    fate: str | None
    brief: bool = False  # only seated moments (last words): held for :data:`BRIEF` at most


#: The most seconds a brief moment (a seated person's view of last words) is held.
BRIEF = 3.0


def held_moment(
    match: Any, viewer: str, picture: Picture, start: int, fate: str | None, seated: bool = False
) -> Moment | None:
    """The moment among the events logged from index ``start`` on that ``viewer`` should see
    before the game goes on, or None. ``fate`` is the viewer's fate known before the step: a
    new one is a moment of its own. A person playing a seat (``seated``) also gets the
    picture's :attr:`~Picture.seated_moments`, briefly."""
    log = match.rules.events
    new = [
        (index, log[index])
        for index in range(start, len(log))
        if viewer == GOD or log[index].is_visible_to(viewer)
    ]
    marks = [index for index, event in new if isinstance(event.data, picture.moments)]
    now = picture.fate(match, viewer) if viewer != GOD else None
    news = now if now != fate else None
    brief = not marks and news is None
    if brief and seated:
        marks = [i for i, event in new if isinstance(event.data, picture.seated_moments)]
    if not marks and news is None:
        return None
    last = marks[-1] if marks else start
    end = next(
        (i for i, e in new if i > last and isinstance(e.data, picture.scenes)),
        len(log),
    )
    first = marks[0] if marks else start
    lines = []
    for index, event in new:
        if not first <= index < end:
            continue
        line = match.render_event(event, viewer if viewer != GOD else _first_reader(event))
        if line:
            lines += [part.removeprefix(_MODERATOR) for part in line.split("\n")]
    return Moment(HeldMatch(match, end), tuple(lines), news, brief)


def _first_reader(event: Any) -> str:
    if event.visible_to == "all":
        return GOD
    return min(event.visible_to, default=GOD)


#: The most characters the field takes on a turn without a length limit of its own.
MAX_TYPED = 300


def read_input(event: Any, controls: Controls, frame: Any) -> str | None:
    """Apply one keyboard or mouse event to the seat's panel; returns the text to send (a
    clicked button's action, or the typed line on Enter), else None. An empty line sends
    nothing: only an explicit choice sends anything, the game's default included."""
    import pygame

    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        chosen = frame.click(event.pos)
        if chosen in (SCROLL_UP, SCROLL_DOWN):
            controls.scroll += 1 if chosen == SCROLL_DOWN else -1
            return None
        return chosen
    if event.type == pygame.MOUSEWHEEL:
        if frame.controls_area.collidepoint(pygame.mouse.get_pos()):
            controls.scroll = max(0, controls.scroll - event.y)
        else:
            frame.scroll = max(0, frame.scroll + event.y)
        return None
    if event.type != pygame.KEYDOWN or not controls.active:
        return None
    from parlour.renderers.keys import turn_key_action

    arrow = turn_key_action(event, controls.legal, controls.typed)
    if arrow is not None:  # Overcooked turn by turn: arrows move, space interacts
        return arrow
    if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
        sent = controls.submission()
        if sent is None:
            controls.note = "Type an action or click a button: an empty line sends nothing."
        return sent
    if event.key == pygame.K_PAGEDOWN:
        controls.scroll += 1
    elif event.key == pygame.K_PAGEUP:
        controls.scroll = max(0, controls.scroll - 1)
    elif event.key == pygame.K_BACKSPACE:
        controls.typed = controls.typed[:-1]
    elif event.key == pygame.K_ESCAPE:
        controls.typed = ""
    elif event.unicode and event.unicode.isprintable():
        limit = (
            controls.max_chars if controls.kind == "speech" and controls.max_chars else MAX_TYPED
        )
        if len(controls.typed) < limit:
            controls.typed += event.unicode
        else:
            controls.note = f"At most {limit} characters."
    return None


def rules_text(match: Any, seat: str | None) -> str:
    """What the rules overlay shows: the seat's own header (the rules summary and its card, as
    its observation starts); a spectator reads the rules as the first seat does, without its
    card."""
    if seat is not None:
        return str(match.text.render_header(match.rules, seat))
    first = match.players[0]
    rules, _, _ = str(match.text.render_header(match.rules, first)).partition("\n## Your card")
    return f"{rules}\n\n(The rules as {first} reads them: you are watching.)"


#: The panel's line while the rules cover the game (not "waiting for the others").
RULES_NOTE = "Read the rules above; press any key or click to close them and play."


class Stage:
    """What a seat's window shows beyond the game and the panel: the rules (open when the window
    opens; F1 toggles them, any key or click closes them), the moments held on screen, and how
    the seat left the game.

    Attributes:
        rules_open: whether the rules cover the game view now.
        fate: how the seat left the game, once it has ("You were exiled ...").
        moments: the moments held on screen so far, oldest first.
        forced: the actions sent for the seat on turns that offered nothing else.
        skipping: the seat, out of the game, asked (End) to skip to the end: the others play
            on without pauses and nothing is held on screen.
        run: the clock run answering the seat's clock turns now (None: none); any key or click
            stops it.
        ran: the actions the clock runs sent for the seat.
    """

    def __init__(self, seat: str | None) -> None:
        self.seat = seat
        self.rules_open = True
        self.fate: str | None = None
        self.moments: list[Moment] = []
        self.forced: list[str] = []
        self.skipping = False
        self.run: ClockRun | None = None
        self.ran: list[str] = []
        self.run_note = ""  # why the last run ended (the next turn's panel says it)

    def key(self, event: Any) -> bool:
        """Apply an event meant for the rules overlay (F1 toggles it; while it is open, any key
        or click closes it), once the seat is out of the game, End (skip to the end), or while
        the clock runs for the seat, any key or click (it stops the run, and does nothing
        else); True when it was one."""
        import pygame

        if self.run is not None and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.stop_run("You stopped the clock run: the clock's turns are yours again.")
            return True
        if self.fate and event.type == pygame.KEYDOWN and event.key == pygame.K_END:
            self.skipping = True
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F1:
            self.rules_open = not self.rules_open
            return True
        if self.rules_open and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.rules_open = False
            return True
        return False

    def stop_run(self, note: str) -> None:
        """End the clock run, saying why on the panel now and on the seat's next turn."""
        self.run, self.run_note = None, note

    def overlay(self, match: Any) -> Any:
        """The rules overlay while it is open, else None."""
        if not self.rules_open:
            return None
        from parlour.renderers import overlays

        text = rules_text(match, self.seat)
        return lambda surface, area: overlays.rules(surface, area, text)

    def perspective(self, event: Any, players: Any) -> str | None:
        """The view a spectator switches to (G: the god view, 0-9: a player's), else None; a
        seat keeps its own view."""
        import pygame

        if self.seat is not None or event.type != pygame.KEYDOWN:
            return None
        if event.key == pygame.K_g:
            return GOD
        index = event.key - pygame.K_0
        return players[index] if 0 <= index <= 9 and index < len(players) else None

    def waiting(self, controls: Controls, viewer: str) -> Controls:
        """The seat's panel while it is not its turn (``controls``, or a fresh one after a
        turn): while the rules are open, how to close them; once the seat is out of the game,
        it says so."""
        if controls.active:
            controls = Controls()
        if self.rules_open:
            controls.waiting = RULES_NOTE
        elif controls.waiting == RULES_NOTE:
            controls.waiting = ""
        if self.run_note and self.run is None:  # (a run just ended: the panel says why)
            controls.waiting = self.run_note
        if self.fate and viewer == self.seat:
            controls.waiting = (
                "You are out of the game: skipping to the end."
                if self.skipping
                else "You are out of the game; the others play on to the end (End: skip there)."
            )
        return controls

    def status(self, viewer: str) -> str:
        """The status bar's note: whether the seat is out of the game."""
        return "you are out of the game" if self.fate and viewer == self.seat else ""

    def moment(self, match: Any, viewer: str, picture: Picture, start: int) -> Moment | None:
        """The moment to hold after a step that logged events from ``start`` on (see
        :func:`held_moment`); a new fate of the seat's is kept."""
        fate = self.fate if viewer == self.seat else None
        found = held_moment(match, viewer, picture, start, fate, self.seat is not None)
        if found is None:
            return None
        if found.fate is not None and viewer == self.seat:
            self.fate = found.fate
        self.moments.append(found)
        return found

    def panel(self, moment: Moment, viewer: str, left: float) -> Controls:
        """The panel while ``moment`` is held, ``left`` of its hold still to run: the seat's
        news, the game's lines, and how to go on."""
        fate = moment.fate if viewer == self.seat else None
        out = self.fate and viewer == self.seat
        return Controls(
            waiting="Click or press a key to go on" + (" (End: skip to the end)." if out else "."),
            news=moment.lines,
            headline=fate or "",
            progress=max(0.0, min(1.0, left)),
        )
