"""The shared voting rules (parlour.core.ballots), table-driven."""

from __future__ import annotations

import numpy as np
import pytest

from parlour.core.ballots import Ballot, Outcome, TieRule, VoteRule, WinRule, decide
from parlour.core.errors import ConfigError, IllegalAction

P = ("a", "b", "c", "d")


def _tally(votes, candidates=P, runoff=False):
    ballot = Ballot(P, candidates, runoff=runoff)
    for voter, target in zip(P, votes, strict=True):
        ballot.cast(voter, target)
    return ballot.tally()


@pytest.mark.parametrize(
    "votes, rule, outcome, chosen",
    [
        (("b", "a", "b", "b"), VoteRule(), Outcome.CHOSEN, "b"),
        (("b", "a", "a", "b"), VoteRule(), Outcome.TIE, None),
        (("b", "a", "a", "b"), VoteRule(tie=TieRule.RUNOFF), Outcome.RUNOFF, None),
        ((None, None, None, None), VoteRule(), Outcome.NO_VOTES, None),
        (("b", None, None, "b"), VoteRule(skips_compete=True), Outcome.SKIPPED, None),
        (("b", None, "b", "b"), VoteRule(skips_compete=True), Outcome.CHOSEN, "b"),
        (("b", "c", None, "b"), VoteRule(win=WinRule.MAJORITY), Outcome.NO_MAJORITY, None),
        (("b", "c", "b", "b"), VoteRule(win=WinRule.MAJORITY), Outcome.CHOSEN, "b"),
        (
            ("b", "a", "a", "b"),
            VoteRule(win=WinRule.MAJORITY, tie=TieRule.RUNOFF),
            Outcome.RUNOFF,
            None,
        ),
        (
            ("b", "a", "a", "b"),
            VoteRule(win=WinRule.MAJORITY, tie=TieRule.RANDOM),
            Outcome.NO_MAJORITY,
            None,
        ),
    ],
    ids=[
        "plurality",
        "tie-nobody",
        "tie-runoff",
        "no-votes",
        "skips-level",
        "beats-skips",
        "no-majority",
        "majority",
        "majority-tie-runoff-first",
        "majority-tie-never-drawn",
    ],
)
def test_decide(votes, rule, outcome, chosen):
    verdict = decide(_tally(votes), rule, np.random.default_rng(0))
    assert (verdict.outcome, verdict.chosen) == (outcome, chosen)


def test_a_random_tie_break_draws_once_among_the_leaders():
    tally = _tally(("b", "a", "a", "b"))
    picks = {
        decide(tally, VoteRule(tie=TieRule.RANDOM), np.random.default_rng(s)).chosen
        for s in range(40)
    }
    assert picks == {"a", "b"}
    rng = np.random.default_rng(7)
    expected = ("a", "b")[int(np.random.default_rng(7).integers(2))]
    assert decide(tally, VoteRule(tie=TieRule.RANDOM), rng).chosen == expected


def test_a_runoff_tie_follows_the_second_tie_rule():
    rule = VoteRule(tie=TieRule.RUNOFF, second_tie=TieRule.NONE)
    assert (
        decide(_tally(("b", "a", "a", "b"), runoff=True), rule, np.random.default_rng(0)).outcome
        is Outcome.TIE
    )
    with pytest.raises(ConfigError, match="run-off"):
        VoteRule(second_tie=TieRule.RUNOFF)


def test_ballots_refuse_self_votes_outsiders_and_second_ballots():
    ballot = Ballot(P, ("a", "b"))
    with pytest.raises(IllegalAction):
        ballot.cast("a", "a")
    with pytest.raises(IllegalAction):
        ballot.cast("a", "c")
    ballot.cast("a", "b")
    with pytest.raises(IllegalAction):
        ballot.cast("a", None)
    assert ballot.waiting() == ["b", "c", "d"] and not ballot.complete
    assert ballot.tally().skips == 3  # who has not voted counts as abstaining
