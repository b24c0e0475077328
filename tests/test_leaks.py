"""The twin-game leak harness over every registered game, variant and declared hidden fact.

Each case plays, for a few seeds, two games that differ only in one hidden fact, with the same
actions, through the AEC and the Parallel API, and compares every channel of every seat the fact
is hidden from until it is revealed (see :mod:`parlour.testing.leaks`).
"""

from __future__ import annotations

import dataclasses

import pytest

import parlour
from parlour.envs.among_us.rules import AmongUsRules
from parlour.envs.who_is_spy.model import Elimination
from parlour.envs.who_is_spy.rules import WhoIsSpyRules
from parlour.registry import get_game
from parlour.testing.leaks import LeakError, check, check_case, leak_cases
from tests.helpers import random_legal_chooser

CASES = leak_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_twin_games_look_the_same_to_every_seat_the_fact_is_hidden_from(case):
    report = check_case(case)
    assert report.compared_steps > 0, f"{case.id} compared nothing: {report.notes}"
    check(report)


def test_every_game_with_hidden_information_declares_its_facts():
    """A game that logs anything some seat may not read has facts to declare (and cases)."""
    for env_id in parlour.list_envs():
        env = parlour.make(env_id)
        env.reset(seed=0)
        choose = random_legal_chooser(0)
        for agent in env.agent_iter(60):
            obs, _, terminated, truncated, info = env.last()
            env.step(None if terminated or truncated else choose(env, agent, obs, info))
        hides = any(not e.public for e in env.unwrapped.match.rules.events)
        assert bool(get_game(env_id).hidden) == hides, env_id
        assert any(c.env_id == env_id for c in CASES) == hides, env_id


def _case(case_id):
    return next(c for c in CASES if c.id == case_id)


def test_the_harness_sees_a_secret_in_public_event_data(monkeypatch):
    """A planted leak: an elimination logs the role in public data the text never shows."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class LeakyElimination(Elimination):
        was: str

    def eliminate(self, agent):
        self.living.remove(agent)
        self.log(LeakyElimination(agent, None, self.roles[agent].value))
        self._after_elimination()

    monkeypatch.setattr(WhoIsSpyRules, "_eliminate", eliminate)
    report = check_case(_case("who_is_spy_v0-two_spies12-blank"), seeds=(0, 1))
    assert "view" in report.channels() and "text" not in report.channels()
    with pytest.raises(LeakError, match="view differs"):
        check(report)


def test_the_harness_sees_turns_that_tell_of_a_death(monkeypatch):
    """The Among Us rule before this branch: the dead stopped taking roam turns at once."""
    roster = property(lambda self: self.living, lambda self, value: None)
    monkeypatch.setattr(AmongUsRules, "roster", roster, raising=False)
    report = check_case(_case("among_us_v0-skeld6-kill_out_of_sight"), seeds=(0, 1))
    assert "turn" in report.channels()
    assert all(d.api == "AEC" for d in report.differences)  # Parallel: one step a roam step


def test_the_harness_is_seeded():
    case = _case("donor_game_v0-round_robin_clamp-donation_out_of_sight")
    first, second = check_case(case, seeds=(0,)), check_case(case, seeds=(0,))
    assert first.compared_steps == second.compared_steps > 0
    assert first.differences == second.differences and first.notes == second.notes
