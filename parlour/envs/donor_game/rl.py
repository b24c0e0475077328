"""The Donor Game's RL faces: a numeric view of what a donor is shown (no speech turns)."""

from __future__ import annotations

import numpy as np

from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.core.numeric import squash
from parlour.envs.donor_game.model import DonorGameConfig, Told
from parlour.envs.donor_game.rules import DonorGameRules

_KIND_INDEX = {"donate": 0, "punish": 1, "refuse": 2}


def menu_size(config: DonorGameConfig) -> int:
    return 2  # the number grid (sized by the wrapper) plus [refuse]


def speech_menu(rules: DonorGameRules, agent: AgentId) -> list[str]:
    return []  # the Donor Game has no speech turns


def numeric_size(config: DonorGameConfig) -> int:
    return 5 + 4 * config.trace_depth


def encode(rules: DonorGameRules, agent: AgentId) -> np.ndarray:
    """Round progress; your resources; whether you are a donor now; the recipient's resources
    (when shown) and whether they are shown; the recipient's trace, newest first: the kind of
    each act (donate, punish, refuse) and the share given, as the traces tell it (the amount,
    squashed, where they tell the amount: resources hidden and absolute units, or an act to
    you told by what you got). Resources and amounts are squashed as r / (r + endowment)."""
    config = rules.config
    endowment = config.endowment
    out = np.zeros(5 + 4 * config.trace_depth, np.float32)  # filled by index
    out[0] = min(1.0, rules.round / config.total_rounds)
    out[1] = squash(rules.resources[agent], endowment)
    recipient = rules.recipient_of(agent)
    if recipient is None:
        return out
    out[2] = 1.0
    if config.show_recipient_resources:
        out[3] = squash(rules.resources[recipient], endowment)
        out[4] = 1.0
    at = 5
    amounts, apart = rules.told is Told.AMOUNT, rules.recipient_told_apart
    for act in rules.trace(recipient, rules.round)[: config.trace_depth]:
        out[at + _KIND_INDEX[act.kind]] = 1.0
        amount = amounts or (apart and act.recipient == agent)
        shown = squash(act.amount, endowment) if amount else min(1.0, act.share_percent / 100)
        out[at + 3] = shown
        at += 4
    return out


#: The RL face the wrappers use (see :class:`parlour.core.game.RLFace`).
RL = RLFace(
    menu_size=menu_size,
    speech_menu=speech_menu,
    numeric_size=numeric_size,
    encode=encode,
)
