"""The ``random`` agent: a uniformly random legal action, or short random speech."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from parlour.agents.base import BaseAgent

#: Neutral words for random speech: no game's secret words, so random talk carries no signal.
_FILLER = (
    "maybe",
    "it",
    "is",
    "quite",
    "often",
    "seen",
    "I",
    "think",
    "this",
    "one",
    "feels",
    "rather",
    "common",
    "sometimes",
    "around",
    "here",
    "really",
    "not",
    "sure",
    "well",
)


class RandomAgent(BaseAgent):
    """Picks uniformly among ``info["legal_actions"]``; on number turns a uniform number in range;
    on speech turns 3 to 8 random filler words (or, rarely, one of the listed choices)."""

    name = "random"

    def _pick(self, options: Sequence[Any]) -> Any:
        # rng.random() is several times cheaper than rng.integers() for one scalar draw
        return options[int(self.rng.random() * len(options))]

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        rng = self.rng
        legal = info.get("legal_actions")
        if legal:
            return str(self._pick(legal))
        choices = info.get("choices") or []
        number = info.get("number_range")
        if number is not None:
            if choices and rng.random() < 0.2:
                return str(self._pick(choices))
            low, high = int(number[0]), int(number[1])
            value = low + int(rng.random() * (high - low + 1))
            return f"[{info.get('number_verb', 'bid')} {value}]"
        if choices and rng.random() < 0.1:
            return str(self._pick(choices))
        return " ".join(self._pick(_FILLER) for _ in range(3 + int(rng.random() * 6)))
