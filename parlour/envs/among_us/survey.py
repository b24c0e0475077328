"""The suspicion question of a meeting (``suspicion_survey``), after Sarkar et al. 2025.

Before each meeting message and once more before the vote, every living player answers in secret
"which player are you most suspicious of?" (any other living player). Each answer is a private
event of the one who gave it; the seat's latest answer is in its own ``infos`` and every round's
answers are in the metrics, the data of the paper's listening reward (how the crewmates' belief
in the impostor moves with each message). Nobody ever reads another seat's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parlour.core.ballots import Ballot
from parlour.core.errors import InvariantViolation
from parlour.core.events import AgentId
from parlour.envs.among_us.model import Phase, Role, Suspicion

if TYPE_CHECKING:
    from parlour.envs.among_us.rules import AmongUsRules


@dataclass
class Round:
    """One asking of the question: the meeting's number (1 for the first), the round's number in
    it (0 before the first message, k after the k-th), the speaker just heard, and the answers."""

    meeting: int
    number: int
    after: AgentId | None
    ballot: Ballot


@dataclass
class Record:
    """Every round's answers, in order (``rounds``: JSON rows for the metrics), and each seat's
    latest answer (``latest``: for its own infos)."""

    rounds: list[dict[str, Any]] = field(default_factory=list)
    latest: dict[AgentId, dict[str, Any]] = field(default_factory=dict)


def open_round(rules: AmongUsRules, after: AgentId | None) -> None:
    """Ask the living the question (``after``: the speaker of the message just said)."""
    meeting = rules.stats["meetings"]
    rounds = rules.survey_log.rounds
    number = rounds[-1]["round"] + 1 if rounds and rounds[-1]["meeting"] == meeting else 0
    rounds.append({"meeting": meeting, "round": number, "after": after, "answers": {}})
    living = tuple(rules.living)
    rules.survey = Round(meeting, number, after, Ballot(living, living))
    rules.enter(Phase.SURVEY)


def answer(rules: AmongUsRules, agent: AgentId, suspect: AgentId | None) -> bool:
    """Record ``agent``'s answer (None: none given); whether everyone has answered."""
    current = rules.survey
    if current is None:
        raise InvariantViolation(f"{agent} answered the suspicion question outside a survey")
    current.ballot.cast(agent, suspect)
    log = rules.survey_log
    log.rounds[-1]["answers"][agent] = suspect
    log.latest[agent] = {
        "meeting": current.meeting,
        "round": current.number,
        "after": current.after,
        "suspect": suspect,
    }
    rules.log(Suspicion(agent, suspect, current.meeting, current.number), visible_to={agent})
    if not current.ballot.complete:
        return False
    rules.survey = None
    return True


def latest(rules: AmongUsRules, agent: AgentId) -> dict[str, Any] | None:
    """``agent``'s latest answer (a copy), None before its first."""
    answer = rules.survey_log.latest.get(agent)
    return dict(answer) if answer is not None else None


def metrics(rules: AmongUsRules) -> dict[str, Any]:
    """``suspicions``: every round (meeting, round, the speaker just heard, the answers by seat);
    ``suspicion_accuracy``: the share of the crewmates' answers that named an impostor (None
    with no answers)."""
    order = rules.seat_of
    rounds = [
        {**row, "answers": dict(sorted(row["answers"].items(), key=lambda a: order[a[0]]))}
        for row in rules.survey_log.rounds
    ]
    crew = [
        suspect
        for row in rounds
        for player, suspect in row["answers"].items()
        if rules.roles[player] is Role.CREWMATE
    ]
    right = sum(s is not None and rules.roles[s] is Role.IMPOSTOR for s in crew)
    return {"suspicions": rounds, "suspicion_accuracy": right / len(crew) if crew else None}
