"""The toy game's RL face: phase, own value, whether the seat acts; generic menus."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from tests.toy.model import MAX_VALUE, Phase
from tests.toy.rules import ToyRules


def encode(rules: ToyRules, agent: AgentId) -> np.ndarray:
    out = np.zeros(len(Phase) + 2, np.float32)
    out[list(Phase).index(rules.phase)] = 1.0
    out[len(Phase)] = rules.values[agent] / MAX_VALUE
    out[len(Phase) + 1] = agent in rules.acting()
    return out


RL = RLFace(
    menu_size=lambda config: 4,
    speech_menu=lambda rules, agent: (),
    numeric_size=lambda config: len(Phase) + 2,
    encode=encode,
)
