"""Overcooked's event payloads and text: every kind of event round-trips to JSON and renders,
the rules hand out legal sets as values, and nothing renders prose unless a seat's text is read."""

from __future__ import annotations

import dataclasses

import pytest

import parlour
from parlour.agents import make_agent
from parlour.core.events import Event, payload_json
from parlour.envs.overcooked import GAME
from parlour.envs.overcooked.kitchen import Act
from parlour.envs.overcooked.macros import MacroKind, Order
from parlour.envs.overcooked.model import PAYLOADS, Cooking, Delivery, OrderReport
from parlour.envs.overcooked.text import OvercookedText, format_action

TEXT = OvercookedText()

#: One payload of each kind, its JSON (as transcripts hold it) and its line.
CASES = [
    (
        Delivery("player_1", 20),
        {"player": "player_1", "points": 20},
        "Moderator: player_1 delivered a soup: +20 points.",
    ),
    (
        Cooking((2, 0), 1, 2),
        {"pot": [2, 0], "onions": 1, "tomatoes": 2},
        "Moderator: The pot at (2, 0) started cooking 1 onion and 2 tomatoes.",
    ),
    (
        OrderReport("player_0", "get onion", None, "done", None, 4),
        {
            "player": "player_0",
            "order": "get onion",
            "target": None,
            "status": "done",
            "reason": None,
            "ticks": 4,
        },
        "Moderator: Your order to get onion is done.",
    ),
    (
        OrderReport("player_0", "go to", (3, 1), "failed", "the way was blocked for 7 ticks", 9),
        {
            "player": "player_0",
            "order": "go to",
            "target": [3, 1],
            "status": "failed",
            "reason": "the way was blocked for 7 ticks",
            "ticks": 9,
        },
        "Moderator: Your order to go to (3, 1) failed: the way was blocked for 7 ticks.",
    ),
]


def test_the_cases_cover_every_kind():
    assert {type(payload) for payload, _, _ in CASES} == set(PAYLOADS)
    assert [kind.kind for kind in PAYLOADS] == ["delivery", "cooking", "order"]


@pytest.mark.parametrize(("payload", "data", "line"), CASES, ids=lambda c: getattr(c, "kind", ""))
def test_every_payload_round_trips_and_renders(payload, data, line):
    assert payload_json(payload) == data
    assert list(payload_json(payload)) == list(data)  # the transcript's key order
    assert type(payload)(**{k: getattr(payload, k) for k in data}) == payload
    if payload.kind == "order":  # its chef only
        event = Event(3, "cook", payload.kind, payload, frozenset({"player_0"}))
        assert TEXT.render_private(event, "player_0") == line
        assert TEXT.render_public(event) is None
    else:
        event = Event(3, "cook", payload.kind, payload)
        assert TEXT.render_public(event) == line
        assert TEXT.render_private(event, "player_0") is None


def _kinds_logged(env, choose):
    for seat in env.agent_iter():
        if env.terminations[seat] or env.truncations[seat]:
            env.step(None)
        else:
            env.step(choose(seat, env.last()))
    events = list(env.unwrapped.match.rules.events)
    transcript = env.unwrapped.transcript()
    assert [e["data"] for e in transcript] == [payload_json(e.data) for e in events]
    return {type(e.data) for e in events}


def test_games_log_every_kind_as_payloads():
    env = parlour.make("overcooked_v0", horizon=120)
    env.reset(seed=0)
    bots = {}
    for seat in env.possible_agents:
        bots[seat] = make_agent("scripted")
        bots[seat].reset(seat, 0, env.unwrapped.seat_view(seat))
    kinds = _kinds_logged(env, lambda seat, last: bots[seat].act(last[0], last[4]))
    assert kinds == {Delivery, Cooking}
    env = parlour.make("overcooked_v0", actions="macro", horizon=40)
    env.reset(seed=0)

    def order(seat, last):
        legal = last[4]["legal_actions"]
        return "[get onion]" if "[get onion]" in legal else "[put in pot]"

    assert _kinds_logged(env, order) >= {OrderReport}


@pytest.mark.parametrize("actions", ["primitive", "macro"])
def test_legal_sets_are_values(actions):
    """Equal legal sets compare and hash alike, whether the rules build them afresh (macro
    orders) or hand out one constant (the six moves), and the match finds a turn's grammar by
    value: an equal set built by hand gets the same forms."""
    env = parlour.make("overcooked_v0", actions=actions)
    env.reset(seed=0)
    match = env.unwrapped.match
    rules = match.rules
    first, second = rules.legal("player_0"), rules.legal("player_0")
    assert first == second and hash(first) == hash(second)
    copy = dataclasses.replace(first)  # the same value, another object
    assert copy is not first and copy == first and hash(copy) == hash(first)
    assert match.build_spec(copy).choices == match.spec("player_0").choices
    assert Act.STAY in first.choices
    if actions == "macro":
        assert Order(MacroKind.GET_ONION) in first.choices
        assert first.default == Order(MacroKind.WAIT)


def test_actions_format_as_their_tokens():
    assert format_action(Act.INTERACT) == "[interact]"
    assert format_action(Order(MacroKind.PUT_IN_POT)) == "[put in pot]"
    assert format_action(Order(MacroKind.GO_TO, (2, 1))) == "[go to 2 1]"
    assert TEXT.format_action(Act.NORTH) == "[north]"


def test_nothing_renders_prose_unless_a_text_is_read(monkeypatch):
    """Playing the rules through the match (as scripted and RL loops do) renders no line,
    header or prompt; asking for a seat's text then renders it, whole."""
    env = parlour.make("overcooked_v0", horizon=30)
    env.reset(seed=1)
    match = env.unwrapped.match
    calls = []
    for name in ("render_header", "render_public", "render_private", "render_prompt"):
        original = getattr(OvercookedText, name)

        def spy(self, *args, _name=name, _original=original):
            calls.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(OvercookedText, name, spy)
    for _ in range(20):
        for seat in match.acting():
            match.play(seat, "[interact]" if seat == "player_0" else "[west]")
    assert calls == []
    text = match.observation("player_1")
    assert "render_prompt" in calls
    assert "Step 20 of 30 (10 left)" in text and text.endswith("[interact]")


def test_the_game_declares_its_text():
    assert isinstance(GAME.text, OvercookedText)
