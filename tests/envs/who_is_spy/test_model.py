"""Who-is-Spy's event payloads: one frozen dataclass per kind, JSON exactly as the transcript."""

from __future__ import annotations

import dataclasses
import json

import pytest

import parlour
from parlour.core.events import frozen_map, payload_json
from parlour.envs.who_is_spy import GAME
from parlour.envs.who_is_spy.model import (
    PAYLOADS,
    BallotCast,
    BlankGuess,
    Deal,
    Description,
    Elimination,
    GameOver,
    NoElimination,
    RoundStart,
    Runoff,
    SecretBallot,
    TieDraw,
    TieRestart,
    VotesRevealed,
    VoteStart,
)

#: One payload of every kind and its JSON, keys in the transcript's order.
SAMPLES = [
    (Deal("player_0", "coffee"), {"player": "player_0", "word": "coffee"}),
    (Deal("player_1", None), {"player": "player_1", "word": None}),
    (RoundStart(1, ("player_1", "player_0")), {"round": 1, "order": ["player_1", "player_0"]}),
    (
        Description("player_0", "hot", True),
        {"player": "player_0", "text": "hot", "runoff": True},
    ),
    (
        VoteStart(("player_0", "player_1"), ("player_1",), False),
        {"voters": ["player_0", "player_1"], "candidates": ["player_1"], "runoff": False},
    ),
    (BallotCast("player_0", None), {"player": "player_0", "target": None}),
    (
        VotesRevealed(
            frozen_map({"player_1": "player_0", "player_0": None}),
            frozen_map({"player_0": 1, "player_1": 0}),
            False,
        ),
        {
            "ballots": {"player_1": "player_0", "player_0": None},
            "tally": {"player_0": 1, "player_1": 0},
            "runoff": False,
        },
    ),
    (
        Runoff(("player_0", "player_2"), ("player_2", "player_0")),
        {"tied": ["player_0", "player_2"], "order": ["player_2", "player_0"]},
    ),
    (SecretBallot("player_1", "player_0"), {"player": "player_1", "target": "player_0"}),
    (
        TieRestart(("player_0", "player_1", "player_2")),
        {"tied": ["player_0", "player_1", "player_2"]},
    ),
    (
        TieDraw(("player_0", "player_2"), "player_2"),
        {"tied": ["player_0", "player_2"], "chosen": "player_2"},
    ),
    (Elimination("player_2", "spy"), {"player": "player_2", "role": "spy"}),
    (NoElimination(()), {"tied": []}),
    (
        BlankGuess("player_3", "tea", False),
        {"player": "player_3", "guess": "tea", "right": False},
    ),
    (
        GameOver(
            "civilians",
            ("player_0",),
            "civilians",
            frozen_map({"player_0": "civilian", "player_1": "spy"}),
            "coffee",
            "tea",
        ),
        {
            "winner": "civilians",
            "winners": ["player_0"],
            "reason": "civilians",
            "roles": {"player_0": "civilian", "player_1": "spy"},
            "civilian_word": "coffee",
            "spy_word": "tea",
        },
    ),
]


def test_every_kind_has_a_sample():
    assert {type(p) for p, _ in SAMPLES} == set(PAYLOADS)
    assert len({p.kind for p in PAYLOADS}) == len(PAYLOADS)


@pytest.mark.parametrize("payload, expected", SAMPLES, ids=lambda v: getattr(v, "kind", ""))
def test_payload_json_is_the_transcript_form(payload, expected):
    data = payload_json(payload)
    assert data == expected and list(data) == list(expected)
    assert json.loads(json.dumps(data)) == expected
    first = dataclasses.fields(payload)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(payload, first, None)


@pytest.mark.parametrize("payload, expected", SAMPLES, ids=lambda v: getattr(v, "kind", ""))
def test_the_text_renders_every_kind(payload, expected):
    line = GAME.text.render_private(_event(payload), "player_0")
    if isinstance(payload, Deal):
        assert line is None  # the card says it
    else:
        assert line and all(
            ln.startswith("Moderator: ") or " said: " in ln or " guessed " in ln
            for ln in line.split("\n")
        )


def _event(payload):
    from parlour.core.events import Event

    return Event(0, "vote", payload.kind, payload, frozenset({"player_0"}))


def test_transcript_events_are_payloads_of_their_kind():
    env = parlour.make("who_is_spy_v0", num_players=8, num_blanks=1)
    env.reset(seed=1)
    for _agent in env.agent_iter(400):
        _, _, terminated, truncated, info = env.last()
        legal = info.get("legal_actions")
        env.step(None if terminated or truncated else (legal[0] if legal else "a thing"))
    events = list(env.unwrapped.match.rules.events)
    assert events and all(type(e.data) in PAYLOADS and e.kind == e.data.kind for e in events)
    assert env.unwrapped.transcript()[0]["data"] == payload_json(events[0].data)


@pytest.mark.parametrize(
    ("payload", "line"),
    [
        (
            VoteStart(
                ("player_0", "player_1", "player_2"), ("player_0", "player_1", "player_2"), False
            ),
            "Moderator: Vote: every living player votes in secret for one of the others.",
        ),
        (
            VoteStart(("player_0", "player_3"), ("player_1", "player_2"), True),
            "Moderator: Run-off vote between player_1 and player_2: player_0 and player_3 vote in"
            " secret.",
        ),
        (
            VoteStart(("player_3",), ("player_0", "player_1", "player_2"), True),
            "Moderator: Run-off vote between player_0, player_1 and player_2: player_3 votes in"
            " secret.",
        ),
        (  # everyone tied: everyone votes again, for one of the others
            VoteStart(
                ("player_0", "player_1", "player_2"), ("player_0", "player_1", "player_2"), True
            ),
            "Moderator: Run-off vote: every living player votes in secret for one of the others.",
        ),
        (
            Runoff(("player_0", "player_2"), ("player_2", "player_0")),
            "Moderator: Tie between player_0 and player_2. They describe again in this order:"
            " player_2, player_0; then a run-off vote between them.",
        ),
    ],
    ids=["vote", "runoff", "runoff-one-voter", "runoff-all-tied", "tie"],
)
def test_a_vote_is_announced_without_listing_a_reader_among_its_own_candidates(payload, line):
    """The line opening a vote is public, one text for every reader: a vote of everyone names
    no candidates (each voter would read itself among them), a run-off names the tied and the
    others who vote between them."""
    assert GAME.text.render_public(_event(payload)) == line
