"""The toy game's scripted bot: says something bland, bids 60% of its value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.view import SeatView
from tests.toy.model import Dealt


class ToyBot:
    def __init__(self, view: SeatView) -> None:
        self.view = view

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        if info["action_kind"] == "speech":
            return "A fine item."
        value = next(e.data.value for e in self.view.events() if isinstance(e.data, Dealt))
        return f"[bid {int(value * 0.6)}]"


def make_bot(view: SeatView, rng: np.random.Generator, **options: Any) -> ToyBot:
    return ToyBot(view)
