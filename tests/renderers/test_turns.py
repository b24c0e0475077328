"""A person's turns at the window, driven by scripted pygame events: the prompt is shown, a typo
keeps the turn with the parser's reason, every legal action can be clicked, a ballot reveal is
held on screen, a player is told when they are out, and the end is said in words."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import math
import re
from collections.abc import Callable, Iterator

import pygame
import pytest

from parlour.agents.base import BaseAgent
from parlour.renderers.base import since_last, visible_events
from parlour.renderers.controls import SCROLL_DOWN
from parlour.renderers.session import TurnSession
from parlour.renderers.turns import HeldMatch
from tests.renderers.test_sessions import ClickFirst

Steps = Callable[[TurnSession], Iterator[list[pygame.event.Event]]]


def typed(text: str) -> list[pygame.event.Event]:
    """Keys for ``text``, then Enter."""
    keys = [pygame.event.Event(pygame.KEYDOWN, key=0, unicode=c) for c in text]
    return [*keys, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, unicode="\r")]


def click(rect: pygame.Rect) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=rect.center)]


class Person:
    """Plays the seat with :class:`ClickFirst` until ``at(session)`` holds on one of its turns,
    then, once the turn's panel is drawn, follows ``steps`` (a generator of each frame's
    events; it may assert as it goes); when the steps end, the window is closed."""

    def __init__(self, at: Callable[[TurnSession], bool], steps: Steps) -> None:
        self.at, self.steps = at, steps
        self.first = ClickFirst()
        self.running: Iterator[list[pygame.event.Event]] | None = None
        self.done = False

    def __call__(self, session: TurnSession) -> list[pygame.event.Event]:
        if self.running is None:
            if not (session.controls.active and session.window.frames and self.at(session)):
                return self.first(session)
            self.running = self.steps(session)
            return []  # (the turn's panel is drawn first)
        try:
            return next(self.running)
        except StopIteration:
            self.done = True
            return [pygame.event.Event(pygame.QUIT)]


class Shown:
    """Records what each frame drew: the match (held or live) and the seat's panel."""

    def __init__(self, session: TurnSession) -> None:
        self.frames: list[tuple[object, object, str]] = []
        show = session.window.show

        def record(match, viewer, controls, status, overlay=None):
            kept = None
            if controls is not None:
                kept = (controls.note, controls.headline, tuple(controls.news), controls.prompt)
            self.frames.append((match, kept, status))
            show(match, viewer, controls, status, overlay)

        session.window.show = record


class Aim(BaseAgent):
    """Acts against ``target``: kills, votes, shoots or poisons it when it can, else takes the
    first action that does not name it (never protects or heals it); speaks a line."""

    name = "aim"
    HOSTILE = ("kill", "vote", "shoot", "poison", "eject")

    def __init__(self, target: str, spare: bool = False) -> None:
        super().__init__()
        self.target, self.spare = target, spare

    def act(self, observation, info):
        legal = info.get("legal_actions") or info.get("choices") or []
        if info["action_kind"] == "speech":
            return "I have nothing to add."
        hostile = [a for a in legal if self.target in a and a[1:].startswith(self.HOSTILE)]
        if hostile and not self.spare:
            return hostile[0]
        others = [a for a in legal if self.target not in a]
        if info["action_kind"] == "number" and not legal:
            rule = info["numbers"][0]
            return f"[{rule['verb']} {math.ceil(rule['low'])}]"
        return (others or legal)[0]


def aimed(n: int, target: str = "player_0", spare: bool = False) -> list[Aim]:
    return [Aim(target, spare) for _ in range(n - 1)]


def own_word(session: TurnSession) -> str:
    deal = next(
        e.data
        for e in visible_events(session.match, session.seat)
        if e.kind == "deal" and e.data.player == session.seat
    )
    return deal.word


def _is(kind: str) -> Callable[[TurnSession], bool]:
    return lambda session: session.controls.kind == kind


def _votes(session: TurnSession) -> bool:
    return any(action.startswith("[vote") for action in session.controls.legal)


#: env id -> (config, when to try, the typo (from the session), the reason's words)
TYPOS = {
    "who_is_spy_v0": ({}, _is("speech"), lambda s: f"a {own_word(s)} in the sky", "own word"),
    "werewolf_v0": ({"preset": "classic9"}, _votes, lambda s: "banana!!", "expected one of"),
    "among_us_v0": ({}, _is("move"), lambda s: "[move Mars]", "expected one of"),
    "auction_v0": ({}, _is("number"), lambda s: "50000", "expected bid and a number between"),
    "donor_game_v0": ({}, _is("number"), lambda s: "five units", "expected donate"),
}


@pytest.mark.parametrize("env_id", sorted(TYPOS))
def test_a_typo_keeps_the_turn_and_shows_the_parsers_reason(env_id):
    config, at, typo, reason = TYPOS[env_id]
    seen: dict[str, object] = {}

    def steps(session):
        before = len(session.actions)
        prompt = session.controls.prompt
        assert "Reply with" in prompt  # the turn's prompt, with its forms, is on the panel
        yield typed(typo(session))
        yield []  # the next frame
        assert session.controls.active and len(session.actions) == before  # still the turn
        assert reason in session.controls.note and "still your turn" in session.controls.note
        seen["drawn"] = shown.frames[-1][1][0]  # the reason as the last frame drew it
        buttons = session.window.frame.buttons
        if buttons:
            rect, action = buttons[0]
            yield click(rect)
        else:  # a speech turn: the person edits the line
            session.controls.typed, action = "", "white and soft, up high"
            yield typed(action)
        seen["sent"] = (action, session.actions[before])

    person = Person(at, steps)
    session = TurnSession(env_id, "player_0", ["scripted"], seed=2, config=config, feed=person)
    shown = Shown(session)
    metrics = session.run(wait_at_end=False)
    assert person.done
    assert reason in str(seen["drawn"])
    action, sent = seen["sent"]
    assert sent == ("player_0", action)  # the click, not the typo, was sent
    assert not metrics["invalid_actions"]["player_0"]  # the env never saw the typo


@pytest.mark.parametrize(
    ("env_id", "typed_text", "sent"),
    [("auction_v0", "4500", "[bid 4500]"), ("donor_game_v0", "5", "[donate 5]")],
)
def test_a_bare_number_is_the_turns_number_never_the_default(env_id, typed_text, sent):
    """A bare number on a number turn is read as the turn's own verb (no withdrawal, no
    donation of 0), and a share of the top as that share."""
    got = {}

    def steps(session):
        before = len(session.actions)
        yield typed(typed_text)
        got["first"] = session.actions[before][1]

    session = TurnSession(
        env_id, "player_0", ["scripted"], seed=1, feed=Person(_is("number"), steps)
    )
    session.run(wait_at_end=False)
    assert got["first"] == sent


def test_an_empty_line_sends_nothing():
    notes = []

    def steps(session):
        before = len(session.actions)
        yield typed("")
        yield []
        notes.append(session.controls.note)
        assert len(session.actions) == before and session.controls.active

    feed = Person(_is("number"), steps)
    session = TurnSession("donor_game_v0", "player_0", ["scripted"], seed=1, feed=feed)
    session.run(wait_at_end=False)
    assert "empty line sends nothing" in notes[0]


#: 16 players; player_0 is a villager.
SIXTEEN = ["villager", *["werewolf"] * 4, "seer", "doctor", *["villager"] * 9]


def _reach_all(session: TurnSession, legal: list[str], found: set[str], scrolls: list[int]):
    """Steps that scroll the panel's buttons to the end, collecting every action shown (and
    counting the scrolls in ``scrolls``)."""
    frame = session.window.frame
    for _ in range(12):
        yield []
        found.update(action for _, action in frame.buttons if action in legal)
        down = [rect for rect, action in frame.buttons if action == SCROLL_DOWN]
        if not down or found == set(legal):
            return
        scrolls.append(1)
        yield click(down[0])


def test_every_legal_action_of_a_16_player_werewolf_vote_is_clickable():
    """At the default size every ballot has a button; in the smallest window they scroll, and
    the last one (player_15) is clicked and sent."""
    result: dict[str, object] = {}

    def steps(session):
        legal = list(session.controls.legal)
        assert len(legal) >= 14
        yield []
        at_default = {action for _, action in session.window.frame.buttons}
        result["default"] = set(legal) <= at_default
        session.window.resize((800, 560))
        found: set[str] = set()
        yield from _reach_all(session, legal, found, [])
        result["found"], result["legal"] = found, legal
        last = legal[-1]
        rect = next(r for r, a in session.window.frame.buttons if a == last)
        before = len(session.actions)
        yield click(rect)
        result["sent"] = session.actions[before]

    config = {"roles": SIXTEEN, "seat_roles": SIXTEEN}
    session = TurnSession(
        "werewolf_v0",
        "player_0",
        aimed(16, spare=True),
        seed=1,
        config=config,
        feed=Person(_votes, steps),
    )
    session.window.resize((1024, 680))
    session.run(wait_at_end=False)
    assert result["default"]
    assert result["found"] == set(result["legal"])
    assert result["sent"] == ("player_0", result["legal"][-1])


def test_buttons_beyond_the_panel_scroll_into_reach():
    """More actions than the panel holds: arrows (and Page Down, and the wheel) scroll the
    rows, and every action is shown on some scroll position, the arrows never over one."""
    import parlour
    from parlour.renderers import make_frame
    from parlour.renderers.controls import SCROLL_UP, Controls
    from parlour.renderers.turns import read_input

    env = parlour.make("werewolf_v0", roles=SIXTEEN)
    env.reset(seed=0)
    legal = [f"[vote player_{i} and a long reason {i}]" for i in range(60)]
    controls = Controls(legal=legal, active=True, prompt="Vote.\nReply with anything")
    frame = make_frame(parlour.get_game("werewolf_v0"))
    frame.resize((800, 560))
    seen: set[str] = set()
    for _ in range(40):
        frame.draw(env.unwrapped.match, "player_0", controls)
        actions = [(rect, a) for rect, a in frame.buttons if a in legal]
        arrows = [rect for rect, a in frame.buttons if a in (SCROLL_UP, SCROLL_DOWN)]
        assert arrows and not any(r.colliderect(a) for r, _ in actions for a in arrows)
        assert all(frame.controls_area.contains(r) for r, _ in actions)
        seen.update(a for _, a in actions)
        down = next(rect for rect, a in frame.buttons if a == SCROLL_DOWN)
        event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=down.center)
        assert read_input(event, controls, frame) is None  # a scroll, not an action
    assert seen == set(legal)
    page_up = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEUP, unicode="")
    before = controls.scroll
    read_input(page_up, controls, frame)
    assert controls.scroll == before - 1


WITCH = ["witch", "werewolf", "werewolf", "werewolf", "seer", "hunter", *["villager"] * 3]


def test_every_legal_action_of_a_classic9_witch_turn_is_clickable_pass_included():
    result: dict[str, object] = {}

    def steps(session):
        legal = list(session.controls.legal)
        found: set[str] = set()
        yield from _reach_all(session, legal, found, [])
        result["found"], result["legal"] = found, legal
        rect = next(r for r, a in session.window.frame.buttons if a == "[pass]")
        before = len(session.actions)
        yield click(rect)
        result["sent"] = session.actions[before]

    session = TurnSession(
        "werewolf_v0",
        "player_0",
        ["scripted"],
        seed=1,
        config={"preset": "classic9", "seat_roles": WITCH},
        feed=Person(lambda s: "[pass]" in s.controls.legal, steps),
    )
    session.window.resize((800, 560))
    session.run(wait_at_end=False)
    assert "[pass]" in result["legal"] and result["found"] == set(result["legal"])
    assert result["sent"] == ("player_0", "[pass]")


@pytest.mark.parametrize(
    ("env_id", "config", "marker", "seed"),
    [
        ("who_is_spy_v0", {}, "round_start", 5),
        ("werewolf_v0", {"preset": "classic9"}, "night_start", 3),
    ],
)
def test_the_ballot_reveal_is_held_before_the_next_phase(env_id, config, marker, seed):
    """The step that reveals the ballots also starts the next phase; the window holds a frame
    drawn as the log stood before that phase, with every ballot's arrow and the game's lines."""
    session = TurnSession(
        env_id, "player_0", ["scripted"], seed=seed, config=config, feed=ClickFirst()
    )
    shown = Shown(session)
    session.run(wait_at_end=False)
    picture = session.window.frame.view
    held = [(m, panel) for m, panel, _ in shown.frames if isinstance(m, HeldMatch)]
    reveals = []
    for match, panel in held:
        events = visible_events(match, "player_0")
        kinds = [e.kind for e in events]
        if "votes_revealed" not in kinds:
            continue
        last = len(kinds) - 1 - kinds[::-1].index("votes_revealed")
        if marker in kinds[last:]:
            continue  # (a later moment of the same round)
        current = since_last(events, *(m.kind for m in picture.round_markers))
        reveals.append((picture.ballots(current, "player_0"), panel, len(match.rules.events)))
    assert reveals, "no ballot reveal was held"
    live = session.match.rules.events
    for ballots, panel, end in reveals:
        assert ballots  # the deciding votes are drawn as arrows
        assert any("Ballots" in line for line in panel[2])  # and said in the panel
        assert end <= len(live)
    # the step after each held frame logged the next phase, which would have wiped the arrows
    assert any(live[end].kind == marker for _, _, end in reveals if end < len(live))


VILLAGER_FIRST = ["villager", "werewolf", "werewolf", "seer", "doctor", *["villager"] * 3]


@pytest.mark.parametrize(
    ("env_id", "config", "fate"),
    [
        ("werewolf_v0", {"seat_roles": VILLAGER_FIRST}, "You died in night 1"),
        ("who_is_spy_v0", {}, "You were voted out in round 1"),
    ],
)
def test_a_player_who_is_out_is_told(env_id, config, fate):
    """Everyone else aims at the person's seat: the wolves kill it, the table votes it out."""
    n = len(VILLAGER_FIRST) if env_id == "werewolf_v0" else 6
    session = TurnSession(env_id, "player_0", aimed(n), seed=1, config=config, feed=ClickFirst())
    shown = Shown(session)
    session.run(wait_at_end=False)
    _told(session, shown, fate)


def test_an_ejected_crewmate_is_told():
    """The person calls a meeting at once and everyone else votes them out."""

    def steps(session):
        rect = next(r for r, a in session.window.frame.buttons if a == "[meeting]")
        yield click(rect)
        first = ClickFirst()
        while not session.stage.fate:
            yield first(session)
        yield []

    session = TurnSession(
        "among_us_v0",
        "player_0",
        aimed(6),
        seed=1,
        feed=Person(lambda s: "[meeting]" in s.controls.legal, steps),
    )
    shown = Shown(session)
    session.run(wait_at_end=False)
    _told(session, shown, "You were ejected by the meeting")


def _told(session: TurnSession, shown: Shown, fate: str) -> None:
    assert session.stage.fate and fate in session.stage.fate
    told = [panel for _, panel, _ in shown.frames if panel and panel[1]]
    assert told and fate in told[0][1]  # the panel's headline said it, in the held moment
    assert any(status == "you are out of the game" for *_, status in shown.frames)


def test_the_rules_open_first_and_f1_shows_them_again():
    overlays = []

    def steps(session):
        yield [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F1, unicode="")]
        overlays.append(session.stage.rules_open)
        yield [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, unicode="a")]
        overlays.append(session.stage.rules_open)
        assert session.controls.typed == ""  # the key closed the rules, typed nothing

    session = TurnSession(
        "who_is_spy_v0", "player_0", ["scripted"], seed=1, feed=Person(_is("speech"), steps)
    )
    drawn = []
    show = session.window.show
    session.window.show = lambda m, v, c, s, o=None: (
        drawn.append((o, c and c.waiting)),
        show(m, v, c, s, o),
    )
    session.run(wait_at_end=False)
    assert drawn[0][0] is not None  # the first frame had the rules over it
    assert "press any key or click to close them" in drawn[0][1]  # not "waiting for others"
    assert overlays == [True, False]


def test_a_turn_with_one_action_is_answered_for_the_person():
    """A villager's night has only [sleep]: sent without a click, and the panel says so."""
    session = TurnSession(
        "werewolf_v0",
        "player_0",
        ["scripted"],
        seed=1,
        config={
            "seat_roles": ["villager", "werewolf", "werewolf", "seer", "doctor", *["villager"] * 3]
        },
        feed=lambda s: [pygame.event.Event(pygame.QUIT)] if s.stage.forced else [],
    )
    session.run(wait_at_end=False)
    assert session.stage.forced == ["[sleep]"]
    assert session.actions[-1] == ("player_0", "[sleep]")


#: text that shows a number as people do not read it: a float's noise or a dict dump
UNREADABLE = re.compile(r"\d\.\d{3,}|[{}]")


@pytest.mark.parametrize(
    "env_id", ["who_is_spy_v0", "werewolf_v0", "among_us_v0", "auction_v0", "donor_game_v0"]
)
def test_the_end_says_who_won_and_why_in_words(env_id, monkeypatch):
    from parlour.renderers import overlays

    drawn = []
    monkeypatch.setattr(overlays, "result", lambda *args: drawn.append(args[2]))
    session = TurnSession(env_id, "player_0", ["scripted"], seed=5, feed=ClickFirst())
    session.run(wait_at_end=False)
    outcome = drawn[-1]
    assert outcome is not None and outcome.title and outcome.reason
    assert outcome.verdict and outcome.won in (True, False, None)
    assert outcome.numbers
    words = [outcome.title, outcome.reason, outcome.verdict, *(v for _, v in outcome.numbers)]
    assert not any(UNREADABLE.search(text) for text in words), words
