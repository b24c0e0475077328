"""What an Among Us game records about itself: its metrics, the phrases each seat may not read
yet (for the leak checks), and the invariants the tests check after every step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parlour.core.errors import InvariantViolation
from parlour.core.events import AgentId
from parlour.envs.among_us import survey
from parlour.envs.among_us.model import Phase, Role, SabotageKind
from parlour.envs.among_us.text import kill_seen, role_phrase, vent_seen

if TYPE_CHECKING:
    from parlour.envs.among_us.rules import AmongUsRules


def metrics(rules: AmongUsRules) -> dict[str, Any]:
    """The outcome, kills, meetings, ejections, vote accuracy, tasks, vents, sabotages and the
    answers to the suspicion question (see :func:`.survey.metrics`)."""
    stats, cast, right = rules.stats, rules.votes_cast, rules.votes_on_impostors
    crew = [p for p in rules.players if rules.roles[p] is Role.CREWMATE]
    crew_cast = sum(cast[p] for p in crew)
    crew_right = sum(right[p] for p in crew)
    return {
        "winner": rules.winner.value if rules.winner else None,
        "win_reason": rules.win_reason,
        "truncated": rules.truncated,
        "steps": rules.step_number,
        "roles": {p: r.value for p, r in rules.roles.items()},
        "kills": len(rules.kills),
        "witnessed_kills": stats["witnessed_kills"],
        "meetings": stats["meetings"],
        "ejections": list(rules.ejections),
        "crew_ejected": sum(e["role"] == Role.CREWMATE.value for e in rules.ejections),
        "crew_vote_accuracy": crew_right / crew_cast if crew_cast else None,
        "vote_accuracy": {p: right[p] / cast[p] if cast[p] else None for p in rules.players},
        "task_completion": rules.task_progress(),
        "tasks_done": stats["tasks_done"],
        "vents": len(rules.vents),
        "sabotages": {k.value: stats[f"sabotage_{k.value}"] for k in SabotageKind},
        "sabotages_fixed": stats["sabotages_fixed"],
        **survey.metrics(rules),
    }


def hidden_from(rules: AmongUsRules, viewer: AgentId) -> set[str]:
    """The text's phrases ``viewer`` may not read now: the roles it does not know, and the kills
    and vents it did not witness."""
    if rules.phase is Phase.OVER:
        return set()
    known = {viewer} | (set(rules.impostors) if rules.roles[viewer] is Role.IMPOSTOR else set())
    if rules.config.reveal_on_eject:
        known |= {e["player"] for e in rules.ejections}
    hidden = {role_phrase(p, r) for p, r in rules.roles.items() if p not in known}
    for kill in rules.kills:
        if viewer != kill.killer and viewer not in kill.witnesses:
            hidden.add(kill_seen(kill))
    seen, unseen = set(), set()
    for vent, witnesses in rules.vents:
        witnessed = viewer == vent.player or viewer in witnesses
        (seen if witnessed else unseen).add(vent_seen(vent))
    return hidden | (unseen - seen)  # the same vent used twice may be seen only once


def check_invariants(rules: AmongUsRules) -> None:
    """Raise ``InvariantViolation`` where the state is inconsistent."""
    living = rules.living
    if len(set(living)) != len(living) or not set(living) <= set(rules.players):
        raise InvariantViolation(f"bad living list {living}")
    if len(living) + len(rules.kills) + len(rules.ejections) != len(rules.players):
        raise InvariantViolation("kills, ejections and the living do not add up")
    over = rules.phase is Phase.OVER
    if over != (rules.is_terminal() or rules.is_truncated()):
        raise InvariantViolation("phase OVER must coincide with the end of the game")
    if not over and not rules.acting():
        raise InvariantViolation(f"nobody acts in phase {rules.phase.value}")
    may_act = rules.roster if rules.phase is Phase.ROAM else living
    if not set(rules.acting()) <= set(may_act):
        raise InvariantViolation("a dead player is asked to act")
    if not set(living) <= set(rules.roster):
        raise InvariantViolation("a living player is off the roster")
    need = rules.config.task_time
    if any(t.progress > need for tasks in rules.tasks.values() for t in tasks):
        raise InvariantViolation("a task progressed past its time")
    if any(t.progress for p in rules.impostors for t in rules.tasks[p]):
        raise InvariantViolation("an impostor made task progress")
    if any(c < 0 for c in rules.cooldowns.values()):
        raise InvariantViolation("negative kill cooldown")
    walks = rules.walking
    if not set(walks) <= set(living) or any(
        not 0 < left < rules.config.move_time for left in walks.values()
    ):
        raise InvariantViolation(f"bad walks {walks}")
    if (rules.phase is Phase.SURVEY) != (rules.survey is not None):
        raise InvariantViolation("a survey round must run exactly in the survey phase")
    if rules.step_number > rules.config.max_steps:
        raise InvariantViolation("played past the step limit")
