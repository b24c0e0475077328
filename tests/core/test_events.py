"""Typed event payloads and their one way to JSON."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar

import pytest

from parlour.core.events import JSON_NAME, EventLog, Payload, frozen_map, payload_json


class Colour(str, Enum):
    RED = "red"


@dataclass(frozen=True, slots=True)
class Moved(Payload):
    kind: ClassVar[str] = "moved"
    player: str
    origin: str = field(metadata={JSON_NAME: "from"})
    to: str
    colour: Colour
    path: tuple[str, ...]
    notes: object = field(default_factory=lambda: frozen_map({}))


def test_a_payload_is_json_by_field_in_order_with_its_json_names():
    moved = Moved("player_1", "hall", "lab", Colour.RED, ("hall", "lab"), frozen_map({3: "x"}))
    data = payload_json(moved)
    assert list(data) == ["player", "from", "to", "colour", "path", "notes"]
    assert data == {
        "player": "player_1",
        "from": "hall",
        "to": "lab",
        "colour": "red",
        "path": ["hall", "lab"],
        "notes": {"3": "x"},
    }
    assert json.loads(json.dumps(data)) == data
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.to = "hall"  # type: ignore[misc]
    with pytest.raises(TypeError):
        moved.notes[4] = "y"  # type: ignore[index]


def test_the_log_keeps_the_payload_and_writes_it_through_payload_json():
    log = EventLog()
    moved = Moved("player_1", "hall", "lab", Colour.RED, ())
    event = log.append(0, "roam", Moved.kind, moved, visible_to={"player_1"})
    assert event.data is moved
    assert event.to_json()["data"]["from"] == "hall"
    assert list(log.visible_since("player_2", 0)) == []
