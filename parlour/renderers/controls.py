"""A person's seat at the bottom of the frame: the turn's prompt, an input field and the actions.

On the seat's turn the panel shows what is asked (the game's own prompt), the accepted forms,
a hint for the kind of turn (a speech turn says so, with its length limit; a number turn its
range), the field being typed, one button per quick choice and per listed action, and the
reason the game gave for the last refused entry. Buttons wrap into as many rows as needed;
when they need more room than the panel has, the rows scroll (mouse wheel over the panel, Page
Up/Down, or the arrows at the panel's right), so every legal action can be clicked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from parlour.renderers import draw
from parlour.renderers.quick import QuickAction, for_people, grouped, typed_action

#: What a click on the panel's scroll arrows returns instead of an action.
SCROLL_UP = "\x00up"
SCROLL_DOWN = "\x00down"
PAD = 8
BOX_HEIGHT = 32
BUTTON_HEIGHT = 30
BUTTON_GAP = 6
PROMPT_SIZE = 20
SMALL_SIZE = 17
BUTTON_SIZE = 19
MAX_PROMPT_LINES = 4
MAX_NOTE_LINES = 3
HEADLINE_SIZE = 24
NEWS_SIZE = 18
MAX_NEWS_LINES = 6
ARROW_WIDTH = 34
#: The panel's colour on the seat's turn.
YOUR_TURN: draw.Color = (248, 238, 206)


@dataclass(frozen=True)
class NumberField:
    """The number a number turn's field takes: ``[verb N]`` with ``low <= N <= high``."""

    verb: str
    low: float
    high: float
    integer: bool = False
    places: int | None = 2
    #: the bounds as the game's forms show them (``19.99`` for a top of 19.999), else None
    shown: tuple[str, str] | None = None

    def range_text(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        if self.shown is not None:  # (as the forms say: typed back, each is accepted)
            return f"{kind} from {grouped(self.shown[0])} to {grouped(self.shown[1])}"
        return f"{kind} from {for_people(self.low)} to {for_people(self.high)}"


@dataclass
class Controls:
    """A human seat's input and what the panel says.

    Attributes:
        typed: the line being typed.
        legal: the turn's listed actions, one button each (canonical tokens).
        note: the reason the last entry was refused (or another notice), drawn in red.
        active: whether the seat must act now.
        prompt: the turn's prompt as the game writes it (what is asked, then the forms).
        kind: the turn's kind: ``choice``, ``move``, ``speech`` or ``number``.
        max_chars: a speech turn's length limit.
        number: a number turn's field (None on other turns).
        quick: one-click choices beside the field (a number turn's bounds and shares).
        waiting: what the panel says while it is not the seat's turn.
        scroll: button rows scrolled past.
        news: what just happened (the game's lines of a moment held on screen).
        headline: the seat's own news in large red letters ("You were exiled.").
        progress: the share of a held moment's time still to run (a bar), or None.
        clock: a descending clock's turn, where a typed price lets the clock run there.
        answered: the window answers the seat's turn for it (a clock it lets run, a turn with
            nothing to choose): the status bar says it waits, not that it is its turn.
    """

    typed: str = ""
    legal: list[str] = field(default_factory=list)
    note: str = ""
    active: bool = False
    prompt: str = ""
    kind: str = "choice"
    max_chars: int | None = None
    number: NumberField | None = None
    quick: list[QuickAction] = field(default_factory=list)
    waiting: str = ""
    scroll: int = 0
    news: tuple[str, ...] = ()
    headline: str = ""
    progress: float | None = None
    clock: bool = False
    answered: bool = False

    def buttons(self) -> list[QuickAction]:
        """Every button of the turn: quick choices first, then the listed actions."""
        if not self.active:
            return []
        return [*self.quick, *(QuickAction(action, action) for action in self.legal)]

    def submission(self) -> str | None:
        """What Enter sends: the typed line, where a number turn reads a bare number (``4500``)
        as ``[verb 4500]`` and a share (``25%``) as that share of the top; None for an empty
        line (an empty line sends nothing, never the game's default)."""
        text = self.typed.strip()
        if not text:
            return None
        number = self.number
        if number is not None:
            return typed_action(text, number.verb, number.high, number.integer, number.places)
        return text

    def hint(self) -> str:
        """How to answer this kind of turn."""
        if self.kind == "speech":
            limit = f" (at most {self.max_chars} characters)" if self.max_chars else ""
            extra = " or click a button" if self.legal else ""
            return f"Speech turn: type one line{limit} and press Enter{extra}."
        if self.number is not None:
            field_ = self.number
            share = " (or a share of the most, such as 50%)" if field_.low == 0 else ""
            return (
                f"Type {field_.range_text()} to {field_.verb} and press Enter{share}, "
                "or click a choice below."
            )
        if self.clock:
            click = "click a 'wait until' price or " if self.quick else ""
            return (
                f"Click an action, or let the clock run: {click}type a price and press Enter"
                " ([wait] is sent for you until then; any key or click stops it)."
            )
        return "Click an action below, or type it and press Enter."


@dataclass
class Layout:
    """Where the panel's parts go for one width and height limit."""

    height: int
    prompt: list[str]
    forms: list[str]
    news: list[str]
    hint: list[str]
    rows: list[list[tuple[QuickAction, int]]]
    shown_rows: int
    note: list[str]


def lay_out(controls: Controls, width: int, max_height: int) -> Layout:
    """The panel's parts for ``controls`` at ``width`` pixels, at most ``max_height`` high
    (button rows beyond it scroll)."""
    inner = width - 2 * PAD
    note = draw.clipped(draw.wrap(controls.note, inner, SMALL_SIZE), MAX_NOTE_LINES, inner)
    note = note if controls.note else []
    small = draw.font(SMALL_SIZE).get_linesize()
    if not controls.active:
        headline = draw.wrap(controls.headline, inner, HEADLINE_SIZE) if controls.headline else []
        news = [row for line in controls.news for row in draw.wrap(line, inner, NEWS_SIZE)]
        news = draw.clipped(news, MAX_NEWS_LINES, inner, NEWS_SIZE)
        height = PAD * 2 + BOX_HEIGHT + small * len(note) + (PAD if news or headline else 0)
        height += draw.font(HEADLINE_SIZE, True).get_linesize() * len(headline)
        height += draw.font(NEWS_SIZE).get_linesize() * len(news)
        return Layout(height, headline, [], news, [], [], 0, note)
    asked, forms = split_prompt(controls.prompt)
    prompt = draw.clipped(draw.wrap(asked, inner, PROMPT_SIZE), MAX_PROMPT_LINES, inner)
    forms_lines = draw.clipped(draw.wrap(forms, inner, SMALL_SIZE), 2, inner) if forms else []
    hint = draw.clipped(draw.wrap(controls.hint(), inner, SMALL_SIZE), 2, inner)
    rows = _rows(controls.buttons(), inner - ARROW_WIDTH)
    fixed = PAD * 3 + BOX_HEIGHT + draw.font(PROMPT_SIZE).get_linesize() * len(prompt)
    fixed += small * (len(forms_lines) + len(hint) + len(note))
    row_height = BUTTON_HEIGHT + BUTTON_GAP
    room = max(1, (max_height - fixed) // row_height) if rows else 0
    shown = min(len(rows), room)
    return Layout(fixed + shown * row_height, prompt, forms_lines, [], hint, rows, shown, note)


def split_prompt(prompt: str) -> tuple[str, str]:
    """A prompt's question and its forms line (``Reply with ...``), apart."""
    head, sep, forms = prompt.rpartition("Reply with ")
    if not sep:
        return prompt.strip(), ""
    return head.strip(), "Accepted: " + forms.strip()


def _rows(buttons: list[QuickAction], width: int) -> list[list[tuple[QuickAction, int]]]:
    """Buttons wrapped into rows of ``width`` pixels (a label too wide for a row is cut)."""
    face = draw.font(BUTTON_SIZE)
    rows: list[list[tuple[QuickAction, int]]] = []
    row: list[tuple[QuickAction, int]] = []
    used = 0
    for button in buttons:
        label_width = min(width, face.size(button.label)[0] + 16)
        if row and used + label_width > width:
            rows.append(row)
            row, used = [], 0
        row.append((button, label_width))
        used += label_width + BUTTON_GAP
    if row:
        rows.append(row)
    return rows


def draw_panel(
    surface: pygame.Surface, rect: pygame.Rect, controls: Controls, layout: Layout
) -> list[tuple[pygame.Rect, str]]:
    """Draw the panel into ``rect`` (warmer on the seat's turn); returns each clickable
    rectangle and what it sends."""
    pygame.draw.rect(surface, YOUR_TURN if controls.active else draw.PANEL, rect)
    x, y = rect.left + PAD, rect.top + PAD
    big, small = draw.font(PROMPT_SIZE).get_linesize(), draw.font(SMALL_SIZE).get_linesize()
    if not controls.active:  # a moment held on screen: the seat's news, then the game's lines
        head = draw.font(HEADLINE_SIZE, True).get_linesize()
        for line in layout.prompt:
            draw.text(surface, line, (x, y), HEADLINE_SIZE, draw.BAD, bold=True)
            y += head
        for line in layout.news:
            draw.text(surface, line, (x, y), NEWS_SIZE, draw.INK)
            y += draw.font(NEWS_SIZE).get_linesize()
        if layout.prompt or layout.news:
            y += PAD
    for line in layout.prompt if controls.active else ():
        draw.text(surface, line, (x, y), PROMPT_SIZE, draw.INK, bold=True)
        y += big
    for line in layout.forms:
        draw.text(surface, line, (x, y), SMALL_SIZE, draw.MUTED)
        y += small
    for line in layout.hint:
        draw.text(surface, line, (x, y), SMALL_SIZE, draw.ACCENT)
        y += small
    if controls.active and (layout.prompt or layout.forms or layout.hint):
        y += PAD // 2
    _field(surface, pygame.Rect(x, y, rect.width - 2 * PAD, BOX_HEIGHT), controls)
    y += BOX_HEIGHT + PAD
    hits = _buttons(surface, pygame.Rect(x, y, rect.width - 2 * PAD, 0), controls, layout)
    y += layout.shown_rows * (BUTTON_HEIGHT + BUTTON_GAP)
    for line in layout.note:
        draw.text(surface, line, (x, y), SMALL_SIZE, draw.BAD, bold=True)
        y += small
    if controls.progress is not None:
        bar = pygame.Rect(rect.left, rect.bottom - 5, int(rect.width * controls.progress), 5)
        pygame.draw.rect(surface, draw.ACCENT, bar)
    return hits


def _field(surface: pygame.Surface, box: pygame.Rect, controls: Controls) -> None:
    """The input field: the typed line (its newest end where it is long), a placeholder, and a
    speech turn's character count."""
    label = ""
    if controls.active and controls.number is not None:
        label = controls.number.verb
        width = draw.font(PROMPT_SIZE, True).size(label)[0] + 10
        draw.text(surface, label, (box.left, box.top + 7), PROMPT_SIZE, draw.INK, bold=True)
        box = pygame.Rect(box.left + width, box.top, box.width - width, box.height)
    count = ""
    if controls.active and controls.kind == "speech" and controls.max_chars:
        count = f"{len(controls.typed)}/{controls.max_chars}"
    pygame.draw.rect(surface, draw.WHITE, box)
    pygame.draw.rect(surface, draw.ACCENT if controls.active else draw.MUTED, box, 2)
    room = box.width - 12 - (draw.font(SMALL_SIZE).size(count)[0] + 10 if count else 0)
    if controls.typed or controls.active:
        shown = _tail(controls.typed + ("_" if controls.active else ""), room, PROMPT_SIZE)
        ink = draw.INK
        if not controls.typed:
            shown = _placeholder(controls)
            ink = draw.MUTED
    else:
        shown, ink = controls.waiting or "Waiting for the other players.", draw.MUTED
    draw.text(surface, draw.fit(shown, room, PROMPT_SIZE), (box.left + 6, box.top + 7), 20, ink)
    if count:
        over = controls.max_chars is not None and len(controls.typed) > controls.max_chars
        color = draw.BAD if over else draw.MUTED
        spot = (box.right - 6 - draw.font(SMALL_SIZE).size(count)[0], box.top + 9)
        draw.text(surface, count, spot, SMALL_SIZE, color)


def _placeholder(controls: Controls) -> str:
    if controls.number is not None:
        return f"_ {controls.number.range_text()}"
    if controls.kind == "speech":
        return "_ type what you say"
    return "_ type an action, or click one below"


def _tail(message: str, width: int, size: int) -> str:
    """The end of ``message`` that fits ``width`` (what is being typed stays in sight)."""
    face = draw.font(size)
    if face.size(message)[0] <= width:
        return message
    start = 0
    while start < len(message) and face.size(draw.ELLIPSIS + message[start:])[0] > width:
        start += max(1, (len(message) - start) // 8)
    return draw.ELLIPSIS + message[start:]


def _buttons(
    surface: pygame.Surface, area: pygame.Rect, controls: Controls, layout: Layout
) -> list[tuple[pygame.Rect, str]]:
    """The visible button rows (from ``controls.scroll``), and the scroll arrows when some rows
    are out of sight."""
    hidden = len(layout.rows) - layout.shown_rows
    controls.scroll = max(0, min(controls.scroll, hidden))
    hits: list[tuple[pygame.Rect, str]] = []
    y = area.top
    for row in layout.rows[controls.scroll : controls.scroll + layout.shown_rows]:
        x = area.left
        for button, width in row:
            rect = pygame.Rect(x, y, width, BUTTON_HEIGHT)
            quick = button.label != button.action
            pygame.draw.rect(surface, draw.WHITE, rect, border_radius=5)
            edge = draw.GOOD if quick else draw.ACCENT
            pygame.draw.rect(surface, edge, rect, 2 if quick else 1, border_radius=5)
            label = draw.fit(button.label, width - 10, BUTTON_SIZE)
            draw.text(surface, label, rect.center, BUTTON_SIZE, edge, center=True)
            hits.append((rect, button.action))
            x += width + BUTTON_GAP
        y += BUTTON_HEIGHT + BUTTON_GAP
    if hidden > 0:
        hits += _arrows(surface, area, controls.scroll, hidden, layout.shown_rows)
    return hits


def _arrows(
    surface: pygame.Surface, area: pygame.Rect, scroll: int, hidden: int, shown: int
) -> list[tuple[pygame.Rect, str]]:
    """Up and down arrows at the right of the button rows, greyed where there is no more."""
    height = max(BUTTON_HEIGHT, shown * (BUTTON_HEIGHT + BUTTON_GAP) - BUTTON_GAP)
    half = (height - BUTTON_GAP) // 2 if shown > 1 else BUTTON_HEIGHT // 2
    left = area.right - ARROW_WIDTH + BUTTON_GAP
    hits = []
    for rect, action, live, points in (
        (pygame.Rect(left, area.top, ARROW_WIDTH - BUTTON_GAP, half), SCROLL_UP, scroll > 0, 0),
        (
            pygame.Rect(left, area.top + height - half, ARROW_WIDTH - BUTTON_GAP, half),
            SCROLL_DOWN,
            scroll < hidden,
            1,
        ),
    ):
        color = draw.ACCENT if live else draw.MUTED
        pygame.draw.rect(surface, draw.WHITE, rect, border_radius=5)
        pygame.draw.rect(surface, color, rect, 1, border_radius=5)
        cx, cy, d = rect.centerx, rect.centery, min(7, rect.height // 3)
        tip = cy - d if points == 0 else cy + d
        base = cy + d if points == 0 else cy - d
        pygame.draw.polygon(surface, color, [(cx, tip), (cx - d, base), (cx + d, base)])
        hits.append((rect, action))
    return hits
