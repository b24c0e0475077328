"""The ``random`` agent: a uniformly random legal action, or short random speech."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from parlour.agents.base import BaseAgent
from parlour.core.numeric import plain_number

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
        numbers = [
            n for n in info.get("numbers") or () if n["low"] <= n["high"]
        ]  # skip empty ranges
        if numbers or (info.get("numbers") and choices):
            if choices and (not numbers or rng.random() < 0.2):
                return str(self._pick(choices))
            rule = self._pick(numbers)
            low, high = rule["low"], rule["high"]
            if rule["integer"]:
                value: float = int(low) + int(rng.random() * (int(high) - int(low) + 1))
            else:  # two decimals, kept inside the range
                value = min(high, max(low, round(low + rng.random() * (high - low), 2)))
            return f"[{rule['verb']} {plain_number(value)}]"
        if choices and rng.random() < 0.1:
            return str(self._pick(choices))
        words = 3 + int(rng.random() * 6)
        return " ".join(_FILLER[int(x * len(_FILLER))] for x in rng.random(words))
