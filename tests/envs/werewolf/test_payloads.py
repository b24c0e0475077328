"""Werewolf's typed payloads: every kind is written to JSON as its fields and is rendered."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.core.events import Event, Payload, payload_json
from parlour.envs.werewolf import VARIANTS, model
from parlour.envs.werewolf.config import WerewolfConfig
from parlour.envs.werewolf.model import Dawn, DeathNote, Role, Team
from parlour.envs.werewolf.rules import WerewolfRules
from parlour.envs.werewolf.text import WerewolfText

TEXT = WerewolfText()
#: Every payload class of the game, found in the model.
KINDS = {
    cls
    for cls in vars(model).values()
    if isinstance(cls, type) and issubclass(cls, Payload) and cls is not Payload
}
#: The only payload that shows nothing (the card in the header states the role).
SILENT = {model.Deal}


def _events(variant: str, seeds: range) -> list:
    events = []
    for seed in seeds:
        env = parlour.make("werewolf_v0", **VARIANTS[variant])
        env.reset(seed=seed)
        agents = {a: RandomAgent() for a in env.possible_agents}
        for i, (seat, agent) in enumerate(agents.items()):
            agent.reset(seat, seed=seed * 100 + i)
        for seat in env.agent_iter():
            obs, _, term, trunc, info = env.last()
            env.step(None if term or trunc else agents[seat].act(obs, info))
        events += [e for e in env.unwrapped.match.rules.events if isinstance(e.data, Payload)]
    return events


@pytest.fixture(scope="module")
def events() -> list:
    return [e for variant in VARIANTS for e in _events(variant, range(6))]


def test_the_games_log_every_kind(events):
    assert {type(e.data) for e in events} == KINDS
    assert len({cls.kind for cls in KINDS}) == len(KINDS)


def test_payloads_are_frozen_and_json_keeps_their_fields_in_order(events):
    for event in events:
        data = event.data
        assert event.kind == data.kind
        names = [f.name for f in dataclasses.fields(data)]
        as_json = payload_json(data)
        assert list(as_json) == names
        assert json.loads(json.dumps(as_json)) == as_json == event.to_json()["data"]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(data, names[0], None)


def test_every_kind_is_rendered_for_those_who_may_read_it(events):
    rendered = set()
    for event in events:
        if event.visible_to == "all":
            line = TEXT.render_public(event)
        else:
            line = TEXT.render_private(event, sorted(event.visible_to)[0])
        assert (line is None) == (type(event.data) in SILENT), event
        if line is not None:
            assert line.strip()
            rendered.add(type(event.data))
    assert rendered == KINDS - SILENT


def test_a_death_note_is_an_object_in_json_and_reads_by_attribute():
    note = DeathNote("player_3", None, Team.VILLAGE)
    assert payload_json(Dawn(1, (note,))) == {
        "day": 1,
        "deaths": [{"player": "player_3", "role": None, "team": "village"}],
    }
    assert note.team is Team.VILLAGE and dict(note)["player"] == "player_3"
    assert TEXT.render_public(_event(Dawn(1, (note,)))) == (
        "Moderator: Day 1 dawns. Died last night: player_3 (player_3 is on the village's side)."
    )
    shown = DeathNote("player_3", Role.SEER, Team.VILLAGE)
    assert "player_3 is the seer" in TEXT.render_public(_event(Dawn(2, (shown,))))


def test_legal_is_a_fresh_value_equal_to_the_last():
    rules = WerewolfRules(WerewolfConfig(), np.random.default_rng(0))
    for agent in rules.acting():
        first, second = rules.legal(agent), rules.legal(agent)
        assert first == second and hash(first) == hash(second)


def _event(data: Payload):
    return Event(0, "day", data.kind, data)


@pytest.mark.parametrize(
    ("payload", "line"),
    [
        (
            model.VoteStart(("player_0", "player_1", "player_2"), False, ()),
            "Moderator: Vote: every living player votes to exile another living player, or"
            " abstains.",
        ),
        (
            model.VoteStart(("player_0", "player_1"), False, ("player_1", "player_0")),
            "Moderator: Vote: every living player votes to exile another living player, or"
            " abstains. Voting order: player_1, player_0.",
        ),
        (
            model.VoteStart(("player_1", "player_2"), True, ()),
            "Moderator: Run-off vote between player_1 and player_2: every living player votes"
            " for one of them (never for themself), or abstains.",
        ),
    ],
    ids=["vote", "sequential", "runoff"],
)
def test_a_vote_opens_without_listing_each_reader_among_its_own_candidates(payload, line):
    assert TEXT.render_public(_event(payload)) == line
