"""The ``random`` agent: a uniformly random legal action, or short random speech."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from parlour.agents.base import BaseAgent

#: Neutral words for random speech: no game's secret words, so random talk carries no signal.
_FILLER = (
    "maybe", "it", "is", "quite", "often", "seen", "I", "think", "this", "one", "feels",
    "rather", "common", "sometimes", "around", "here", "really", "not", "sure", "well",
)


class RandomAgent(BaseAgent):
    """Picks uniformly among ``info["legal_actions"]``; on number turns a uniform number in range;
    on speech turns 3 to 8 random filler words (or, rarely, one of the listed choices)."""

    name = "random"

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        rng = self.rng
        legal = info.get("legal_actions")
        if legal:
            return str(legal[int(rng.integers(len(legal)))])
        number = info.get("number_range")
        if number is not None:
            low, high = number
            choices = info.get("choices") or []
            if choices and rng.random() < 0.2:
                return str(choices[int(rng.integers(len(choices)))])
            return f"[{info.get('number_verb', 'bid')} {int(rng.integers(int(low), int(high) + 1))}]"
        choices = info.get("choices") or []
        if choices and rng.random() < 0.1:
            return str(choices[int(rng.integers(len(choices)))])
        words = rng.choice(len(_FILLER), size=int(rng.integers(3, 9)))
        return " ".join(_FILLER[i] for i in words)
