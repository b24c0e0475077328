"""The observation budget: the rules summary, the card and the prompt are never cut; a budget too
small for them is refused with a ConfigError naming the option and the size needed."""

from __future__ import annotations

import re
from typing import Any

import pytest

import parlour
from parlour.core.errors import ConfigError, InvariantViolation
from parlour.core.text import MIN_OBSERVATION_CHARS, ObservationWindow, PublicLines
from tests.helpers import case_id, env_variants, random_legal_chooser

_NEEDED = re.compile(r"max_observation_chars must be at least (\d+)")


def _smallest_budget(env_id: str, config: dict[str, Any]) -> int:
    """The documented minimum if the game takes it, else the size its refusal names."""
    try:
        parlour.make(env_id, max_observation_chars=MIN_OBSERVATION_CHARS, **config).reset(seed=0)
    except ConfigError as error:
        needed = _NEEDED.search(str(error))
        assert needed, f"the refusal does not say the size needed: {error}"
        return int(needed.group(1))
    return MIN_OBSERVATION_CHARS


def _check_whole(env: Any, agent: str, budget: int) -> str:
    """``agent``'s observation: within the budget, its header and its prompt whole."""
    match = env.unwrapped.match
    text = env.observe(agent)["text"]
    header = env.unwrapped.game.text.render_header(match.rules, agent)
    assert len(text) <= budget
    assert text.startswith(header + "\n\n## What happened")
    assert text.endswith("\n## Now\n" + match.prompt(agent))
    assert len(match.prompt(agent)) <= env.unwrapped.game.text.max_prompt_chars(match.rules)
    return text


@pytest.mark.parametrize("case", env_variants(), ids=case_id)
def test_card_and_prompt_stay_whole_at_the_smallest_budget_a_game_takes(case):
    env_id, _, config = case
    budget = _smallest_budget(env_id, config)
    env = parlour.make(env_id, max_observation_chars=budget, **config)
    env.reset(seed=0)  # the game the budget was found for (other seeds: see the next test)
    choose = random_legal_chooser(0)
    for agent in env.agent_iter(3000):
        obs, _, terminated, truncated, info = env.last()
        _check_whole(env, agent, budget)
        env.step(None if terminated or truncated else choose(env, agent, obs, info))
    for agent in env.possible_agents:  # the final observations too
        _check_whole(env, agent, budget)


def test_a_seed_with_a_longer_card_is_refused_at_reset_by_name():
    # private values from 0 to 10,000: their digits, and so the card's length, vary by seed
    config = {"value_model": "private", "value_max": 10_000.0, "value_low": 0.0, "num_items": 40}
    budget = _smallest_budget("auction_v0", config)  # what seed 0's cards need
    env = parlour.make("auction_v0", max_observation_chars=budget, **config)
    refused = 0
    for seed in range(40):
        try:
            env.reset(seed=seed)
        except ConfigError as error:
            assert _NEEDED.search(str(error)), str(error)
            refused += 1
            continue
        _check_whole(env, env.agent_selection, budget)
    assert 0 < refused < 40


def test_an_auction_of_400_items_keeps_its_card_and_prompt_in_the_default_budget():
    env = parlour.make("auction_v0", num_items=400)
    env.reset(seed=0)
    choose = random_legal_chooser(0)
    for agent in env.agent_iter(400):
        obs, _, terminated, truncated, info = env.last()
        text = _check_whole(env, agent, 8192)
        assert "400: " in text  # the last item's value is on the card
        env.step(None if terminated or truncated else choose(env, agent, obs, info))


def test_an_auction_whose_card_cannot_fit_is_refused_with_the_size_it_needs():
    with pytest.raises(ConfigError, match="max_observation_chars must be at least") as refused:
        parlour.make("auction_v0", num_items=2000).reset(seed=0)
    budget = int(_NEEDED.search(str(refused.value)).group(1))
    assert budget > 8192
    env = parlour.make("auction_v0", num_items=2000, max_observation_chars=budget)
    env.reset(seed=0)
    assert "2000: " in _check_whole(env, env.agent_selection, budget)


def test_a_prompt_longer_than_the_game_promised_is_a_bug_not_a_cut_text():
    window = ObservationWindow("p", "head", 1024, PublicLines(lambda event: None))
    assert window.text("x" * 900).endswith("x" * 900)
    with pytest.raises(InvariantViolation, match="max_prompt_chars"):
        window.text("x" * 1000)
