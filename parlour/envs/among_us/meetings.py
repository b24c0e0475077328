"""Among Us meetings: everyone gathers, speaks in a seeded order, then votes in secret.

With ``suspicion_survey`` the suspicion question (:mod:`.survey`) is asked before each message
and before the vote. Without ``reveal_ballots`` the result shows only the votes per candidate.

The ballot, its tally and the decision are :mod:`parlour.core.ballots`'s, under Among Us's rule:
the most votes eject, unless tied or the skips are at least as many. These functions are the
meeting half of :class:`~parlour.envs.among_us.rules.AmongUsRules`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parlour.core.ballots import Ballot, Outcome, VoteRule, decide
from parlour.core.errors import InvariantViolation
from parlour.core.events import AgentId, frozen_map
from parlour.envs.among_us import roam, survey
from parlour.envs.among_us.model import (
    BallotCast,
    Ejection,
    Meeting,
    NoEjection,
    Phase,
    Role,
    Speak,
    Speech,
    Suspect,
    Vote,
    VoteCounts,
    VotesRevealed,
    VoteStart,
)

if TYPE_CHECKING:
    from parlour.envs.among_us.rules import AmongUsRules

#: Skips compete with the players: a player is ejected only with more votes than the skips,
#: and a tie ejects nobody.
VOTE_RULE = VoteRule(skips_compete=True)


def start_meeting(rules: AmongUsRules, caller: AgentId, reason: str, bodies: list[AgentId]) -> None:
    """A reported body or the button: the sabotage ends, the bodies are cleared, the task bar
    is shown, the living gather in the meeting room and the discussion begins."""
    rules.stats["meetings"] += 1
    if rules.sabotage is not None:
        roam.end_sabotage(rules, fixed_by=())
    rules.reported_bodies.extend(bodies)
    rules.bodies = {}
    rules.walking = {}
    rules.shown_bar = rules.task_progress()
    for agent in rules.living:
        rules.room[agent] = rules.map.meeting_room
    rules.tasking = set()
    order = tuple(rules.living[i] for i in rules.rng.permutation(len(rules.living)))
    living = tuple(rules.living)
    rules.log(Meeting(caller, reason, tuple(bodies), order, living, rules.shown_bar))
    rules.queue = list(order) * rules.config.discussion_messages
    _ask_or_go_on(rules, after=None)


def speak(rules: AmongUsRules, agent: AgentId, action: Speak) -> None:
    """The next speaker's message; then the suspicion question, the next message or the vote."""
    rules.queue.pop(0)
    rules.log(Speech(agent, action.text))
    _ask_or_go_on(rules, after=agent)


def suspect(rules: AmongUsRules, agent: AgentId, action: Suspect) -> None:
    """An answer to the suspicion question; once everyone has answered, the meeting goes on."""
    if survey.answer(rules, agent, action.target):
        _go_on(rules)


def _ask_or_go_on(rules: AmongUsRules, after: AgentId | None) -> None:
    if rules.config.suspicion_survey:
        survey.open_round(rules, after)
    else:
        _go_on(rules)


def _go_on(rules: AmongUsRules) -> None:
    """The next speaker's turn, or the vote after the last message."""
    if rules.queue:
        rules.enter(Phase.DISCUSSION)
        return
    rules.enter(Phase.VOTE)
    rules.ballot = Ballot(tuple(rules.living), tuple(rules.living))
    rules.log(VoteStart(tuple(rules.living)))


def vote(rules: AmongUsRules, agent: AgentId, action: Vote) -> None:
    """A secret ballot; once everyone has voted, the ballots are revealed and decide."""
    ballot = rules.ballot
    if ballot is None:
        raise InvariantViolation(f"{agent} voted outside a ballot")
    ballot.cast(agent, action.target)
    rules.log(BallotCast(agent, action.target), visible_to={agent})
    if action.target is not None:
        rules.votes_cast[agent] += 1
        if rules.roles[action.target] is Role.IMPOSTOR:
            rules.votes_on_impostors[agent] += 1
    if ballot.complete:
        _reveal(rules, ballot)


def _reveal(rules: AmongUsRules, ballot: Ballot) -> None:
    tally = ballot.tally()
    if rules.config.reveal_ballots:
        rules.log(VotesRevealed(frozen_map(tally.ballots), frozen_map(tally.counts), tally.skips))
    else:
        rules.log(VoteCounts(frozen_map(tally.counts), tally.skips))
    verdict = decide(tally, VOTE_RULE, rules.rng)
    if verdict.outcome is Outcome.CHOSEN and verdict.chosen is not None:
        _eject(rules, verdict.chosen)
    else:  # everybody skipping (NO_VOTES) reads as skipped, as the skips then won
        reason = "tie" if verdict.outcome is Outcome.TIE else "skipped"
        rules.log(NoEjection(reason, verdict.tied))
    rules.ballot = None
    if rules.check_win():
        return
    rules.enter(Phase.ROAM)
    rules.roster = list(rules.living)  # the meeting showed who is alive
    rules.cooldowns = dict.fromkeys(rules.impostors, rules.config.kill_cooldown)
    if not rules.check_step_limit():
        roam.log_views(rules)


def _eject(rules: AmongUsRules, ejected: AgentId) -> None:
    rules.living.remove(ejected)
    role = rules.roles[ejected]
    rules.ejections.append({"step": rules.step_number, "player": ejected, "role": role.value})
    rules.log(Ejection(ejected, role if rules.config.reveal_on_eject else None))
