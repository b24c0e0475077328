"""The Donor Game's RL faces: a numeric view of what a donor is shown (no speech turns)."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.numeric import one_hot, squash, vector
from parlour.envs.donor_game.rules import DonorGameConfig, DonorGameRules

_KINDS = ("donate", "punish", "refuse")


def menu_size(config: DonorGameConfig) -> int:
    return 2  # the number grid (sized by the wrapper) plus [refuse]


def speech_menu(rules: DonorGameRules, agent: AgentId) -> list[str]:
    return []  # the Donor Game has no speech turns


def numeric_size(config: DonorGameConfig) -> int:
    return 5 + 4 * config.trace_depth


def encode(rules: DonorGameRules, agent: AgentId) -> np.ndarray:
    """Round progress; your resources; whether you are a donor now; the recipient's resources
    (when shown) and whether they are shown; the recipient's trace, newest first: the kind of
    each act (donate, punish, refuse) and the fraction given. Resources are squashed as
    r / (r + endowment)."""
    config = rules.config
    endowment = config.endowment
    recipient = rules.recipient_of(agent)
    shown = recipient is not None and config.show_recipient_resources
    trace = rules.trace(recipient, rules.round) if recipient is not None else []
    acts: list[float] = []
    for i in range(config.trace_depth):
        if i < len(trace):
            acts += [*one_hot(_KINDS.index(trace[i].kind), 3), min(1.0, trace[i].fraction)]
        else:
            acts += [0.0] * 4
    return vector(
        [
            min(1.0, rules.round / config.total_rounds),
            squash(rules.resources[agent], endowment),
            float(recipient is not None),
            squash(rules.resources[recipient], endowment) if shown else 0.0,  # type: ignore[index]
            float(shown),
            acts,
        ]
    )
