"""The Donor Game's typed event payloads and its text: every kind of event, as logged in games of
each variant, keeps its transcript keys, goes to JSON and back, and renders to its readers."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from parlour.core.events import JSON_NAME, Payload, payload_json
from parlour.core.match import Match, MatchOptions
from parlour.envs.donor_game import GAME
from parlour.envs.donor_game.model import (
    Act,
    DonorAct,
    DonorGameConfig,
    GameOver,
    Pairing,
    RecipientAct,
    RoundStart,
)
from parlour.envs.donor_game.rules import DonorGameRules

#: The transcript keys of each payload, in order (as the events' dicts had them).
KEYS = {
    RoundStart: ["round", "of"],
    Pairing: [
        "round",
        "donor",
        "recipient",
        "donor_resources",
        "units",
        "recipient_resources",
        "trace",
        "trace_acts",
        "view",
    ],
    Act: [
        "round",
        "donor",
        "recipient",
        "kind",
        "percent",
        "amount",
        "multiplier",
        "recipient_change",
        "line",
    ],
    DonorAct: ["round", "donor", "recipient", "kind", "percent", "amount", "multiplier", "line"],
    RecipientAct: [
        "round",
        "donor",
        "recipient",
        "kind",
        "amount",
        "multiplier",
        "recipient_change",
        "line",
    ],
    GameOver: ["resources"],
}
ACTS = (Act, DonorAct, RecipientAct)


def _played(seed: int = 0, **options) -> Match:
    """A whole game of ``options`` with random amounts (and punishments, refusals, where on)."""
    config = DonorGameConfig(num_agents=6, rounds=6, **options)
    match = Match(GAME, DonorGameRules(config, np.random.default_rng(seed)), MatchOptions())
    rng = np.random.default_rng(seed)
    forms = ["donate"] + ["punish"] * config.punishment
    while not match.is_over():
        donor = match.acting()[0]
        if config.partner_choice and rng.random() < 0.2:
            match.play(donor, "[refuse]")
        else:
            match.play(donor, f"[{rng.choice(forms)} {rng.integers(0, 4)}]")
    return match


def _games() -> list[Match]:
    return [
        _played(units="percent", punishment=True, partner_choice=True),
        _played(seed=1, show_recipient_resources=False, punishment=True, partner_choice=True),
        _played(seed=2, units="percent", show_recipient_resources=False, trace="first_order"),
    ]


@pytest.fixture(scope="module")
def events():
    return [event for match in _games() for event in match.rules.events]


def test_every_payload_kind_is_logged(events):
    assert {type(event.data) for event in events} == set(KEYS)


def test_payloads_keep_their_transcript_keys_and_round_trip_through_json(events):
    for event in events:
        data = event.data
        assert isinstance(data, Payload)
        plain = payload_json(data)
        assert list(plain) == KEYS[type(data)]
        assert event.kind == type(data).kind
        again = json.loads(json.dumps(plain))
        fields = dataclasses.fields(data)
        rebuilt = type(data)(**{f.name: again[f.metadata.get(JSON_NAME, f.name)] for f in fields})
        assert payload_json(rebuilt) == plain
        first = dataclasses.fields(data)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(data, first, None)


def test_pairing_payloads_hold_immutable_traces(events):
    pairings = [e.data for e in events if isinstance(e.data, Pairing)]
    assert any(p.trace_acts for p in pairings)
    for pairing in pairings:
        assert isinstance(pairing.trace, tuple) and isinstance(pairing.trace_acts, tuple)
        assert len(pairing.trace) == len(pairing.trace_acts)
        for act in pairing.trace_acts:
            with pytest.raises(TypeError):
                act["round"] = 0  # type: ignore[index]


def test_the_text_renders_public_events_once_and_private_ones_to_their_readers(events):
    text = GAME.text
    rendered = set()
    for event in events:
        if event.public:
            line = text.render_public(event)
            assert line is not None
        else:
            assert text.render_public(event) is None
            line = text.render_private(event, min(event.visible_to))
            assert line is not None
        assert line.startswith("Moderator: ") and "\n" not in line
        rendered.add(type(event.data))
    assert rendered == set(KEYS)


def test_acts_are_told_to_donor_and_recipient_as_their_payload_line(events):
    for event in events:
        if isinstance(event.data, ACTS):
            assert event.visible_to <= {event.data.donor, event.data.recipient}
            for reader in event.visible_to:
                assert GAME.text.render_private(event, reader) == "Moderator: " + event.data.line
