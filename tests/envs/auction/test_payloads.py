"""The auction's typed event payloads (model.py) and their lines (AuctionText): every kind's
JSON keys as the transcripts have always written them, every kind rendered, the rules' legal
sets built as values."""

from __future__ import annotations

import dataclasses
import json

import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.core.events import Event, Payload, frozen_map, payload_json
from parlour.envs.auction import GAME
from parlour.envs.auction.model import (
    AnonymousBids,
    Bids,
    Card,
    ClockTick,
    EnglishRound,
    GameOver,
    ItemUp,
    NamedEnglishRound,
    OwnBid,
    Payment,
    PriceCut,
    Round,
    Sale,
)

TEXT = GAME.text

#: One payload of each shape: its kind, its JSON, and the line a reader gets (None: no line).
CASES = [
    (
        Card("player_1", 500.0, "profit", (10.0, 20.5), "english", 100.0),
        "card",
        {
            "player": "player_1",
            "budget": 500.0,
            "objective": "profit",
            "values": [10.0, 20.5],
            "format": "english",
            "value_max": 100.0,
        },
        None,
    ),
    (
        ItemUp(0, "item 1", 2500.0, 5),
        "item",
        {"index": 0, "name": "item 1", "start": 2500.0, "left": 5},
        "Moderator: Now selling item 1 (5 left). Starting price 2500.00.",
    ),
    (
        ItemUp(1, "item 2", 0.0, 1),
        "item",
        {"index": 1, "name": "item 2", "start": 0.0, "left": 1},
        "Moderator: Now selling item 2 (1 left).",
    ),
    (
        PriceCut(0, "lot A", 500.0, 1),
        "price_cut",
        {"item": 0, "name": "lot A", "start": 500.0, "cut": 1},
        "Moderator: Nobody bid on lot A: it starts again at 500.00 (discount 1).",
    ),
    (Round(1), "round", {"round": 1}, "Moderator: Sealed bids, please."),
    (
        ClockTick(3, 97.5),
        "round",
        {"round": 3, "price": 97.5},
        "Moderator: Clock price: 97.50.",
    ),
    (
        EnglishRound(1, 2500.0, None),
        "round",
        {"round": 1, "minimum": 2500.0, "high": None},
        "Moderator: Round 1: the minimum bid is 2500.00.",
    ),
    (
        EnglishRound(2, 2750.0, 2500.0),
        "round",
        {"round": 2, "minimum": 2750.0, "high": 2500.0},
        "Moderator: Round 2: high bid 2500.00; the minimum bid is 2750.00.",
    ),
    (
        NamedEnglishRound(1, 2500.0, None, None),
        "round",
        {"round": 1, "minimum": 2500.0, "high": None, "high_bidder": None},
        "Moderator: Round 1: the minimum bid is 2500.00.",
    ),
    (
        NamedEnglishRound(2, 2750.0, 2500.0, "player_2"),
        "round",
        {"round": 2, "minimum": 2750.0, "high": 2500.0, "high_bidder": "player_2"},
        "Moderator: Round 2: high bid 2500.00 by player_2; the minimum bid is 2750.00.",
    ),
    (
        Bids(frozen_map({"player_0": 10.0, "player_1": None})),
        "bids",
        {"bids": {"player_0": 10.0, "player_1": None}},
        "Moderator: Bids: player_0: 10.00; player_1: withdrew.",
    ),
    (
        AnonymousBids((30.0, 10.5)),
        "bids",
        {"amounts": [30.0, 10.5]},
        "Moderator: Bids (anonymous): 30.00, 10.50.",
    ),
    (AnonymousBids(()), "bids", {"amounts": []}, "Moderator: Bids (anonymous): none."),
    (
        OwnBid("player_0", 12.25),
        "own_bid",
        {"player": "player_0", "amount": 12.25},
        "Moderator: Your bid: 12.25.",
    ),
    (
        OwnBid("player_0", None),
        "own_bid",
        {"player": "player_0", "amount": None},
        "Moderator: Your bid: none.",
    ),
    (
        Sale(0, "player_3", 40.0, 55.0),
        "sale",
        {"item": 0, "winner": "player_3", "price": 40.0, "true_value": 55.0},
        "Moderator: Item 1 sold to player_3 for 40.00. True value: 55.00.",
    ),
    (
        Sale(4, None, 0.0, None),
        "sale",
        {"item": 4, "winner": None, "price": 0.0, "true_value": None},
        "Moderator: Item 5 is not sold.",
    ),
    (
        Payment("player_2", 40.0, 55.0),
        "payment",
        {"player": "player_2", "paid": 40.0, "gained": 55.0},
        "Moderator: You paid 40.00 for an item worth 55.00 to you: profit 15.00.",
    ),
    (
        Payment("player_1", 12.5, 0.0),  # an all-pay loser
        "payment",
        {"player": "player_1", "paid": 12.5, "gained": 0.0},
        "Moderator: You paid 12.50 and gained nothing: profit -12.50.",
    ),
    (
        GameOver(
            frozen_map({"player_0": 15.0, "player_1": -2.5}),
            frozen_map({"player_0": (0, 2), "player_1": ()}),
        ),
        "game_over",
        {
            "profit": {"player_0": 15.0, "player_1": -2.5},
            "won": {"player_0": [0, 2], "player_1": []},
        },
        "Moderator: The auction is over. Profits: player_0: 15.00, player_1: -2.50.",
    ),
]
PRIVATE = (Card, OwnBid, Payment)


IDS = [f"{type(case[0]).__name__}-{i}" for i, case in enumerate(CASES)]


@pytest.mark.parametrize("payload, kind, data, line", CASES, ids=IDS)
def test_every_payload_writes_the_transcripts_json_and_reads_as_its_line(payload, kind, data, line):
    assert payload.kind == kind
    as_json = payload_json(payload)
    assert as_json == data and list(as_json) == list(data)  # keys in the transcripts' order
    assert json.loads(json.dumps(as_json)) == data
    visible = frozenset({"player_0"}) if isinstance(payload, PRIVATE) else "all"
    event = Event(0, "bidding", kind, payload, visible)
    if isinstance(payload, PRIVATE):
        assert TEXT.render_private(event, "player_0") == line
    else:
        assert TEXT.render_public(event) == line


@pytest.mark.parametrize("payload", [case[0] for case in CASES], ids=IDS)
def test_payloads_are_frozen(payload):
    field = dataclasses.fields(payload)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(payload, field, None)


def test_the_cases_cover_every_payload_class_of_the_game():
    import parlour.envs.auction.model as model

    classes = {
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, Payload) and value is not Payload
    }
    assert classes == {type(case[0]) for case in CASES}


@pytest.mark.parametrize("variant", sorted(GAME.variants))
def test_seeded_games_log_only_payloads_and_every_line_renders(variant):
    """Random games of every variant: every event's data is a payload of its kind, its JSON is
    the transcript's, and every event a seat may read renders (a card shows in the header)."""
    env = parlour.make("auction_v0", **GAME.variants[variant])
    env.reset(seed=2)
    agents = {a: RandomAgent() for a in env.possible_agents}
    for i, (seat, agent) in enumerate(agents.items()):
        agent.reset(seat, seed=i)
    for seat in env.agent_iter(3000):
        obs, _, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else agents[seat].act(obs, info))
    match = env.unwrapped.match
    transcript = env.unwrapped.transcript()
    log = [e for e in match.rules.events if e.kind != "invalid_action"]
    assert log and log[-1].kind == "game_over"
    records = [r for r in transcript if r["kind"] != "invalid_action"]
    for event, record in zip(log, records, strict=True):
        assert isinstance(event.data, Payload) and event.data.kind == event.kind
        assert record["data"] == payload_json(event.data)
        if event.public:
            assert TEXT.render_public(event).startswith("Moderator: ")
        else:
            (viewer,) = event.visible_to
            line = TEXT.render_private(event, viewer)
            assert (line is None) == (event.kind == "card")


def test_legal_sets_are_fresh_values():
    env = parlour.make("auction_v0")
    env.reset(seed=0)
    rules = env.unwrapped.match.rules
    agent = rules.acting()[0]
    first, second = rules.legal(agent), rules.legal(agent)
    assert first is not second and first == second and hash(first) == hash(second)
