"""The observation budget: the rules summary, the card and the prompt are never cut; a budget too
small for them is refused with a ConfigError naming the option and the size needed; past the
budget the oldest public lines go first and a player's own lines last; a default game fits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parlour
from parlour.agents import make_agent
from parlour.core.errors import ConfigError, InvariantViolation
from parlour.core.events import EventLog
from parlour.core.seeding import agent_seed
from parlour.core.text import (
    DEFAULT_OBSERVATION_CHARS,
    EVENTS_HEADING,
    MIN_OBSERVATION_CHARS,
    PROMPT_HEADING,
    ObservationWindow,
    PublicLines,
)
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
        text = _check_whole(env, agent, DEFAULT_OBSERVATION_CHARS)
        assert "400: " in text  # the last item's value is on the card
        env.step(None if terminated or truncated else choose(env, agent, obs, info))


def test_an_auction_whose_card_cannot_fit_is_refused_with_the_size_it_needs():
    with pytest.raises(ConfigError, match="max_observation_chars must be at least") as refused:
        parlour.make("auction_v0", num_items=2000).reset(seed=0)
    budget = int(_NEEDED.search(str(refused.value)).group(1))
    assert budget > DEFAULT_OBSERVATION_CHARS
    env = parlour.make("auction_v0", num_items=2000, max_observation_chars=budget)
    env.reset(seed=0)
    assert "2000: " in _check_whole(env, env.agent_selection, budget)


def test_a_prompt_longer_than_the_game_promised_is_a_bug_not_a_cut_text():
    window = ObservationWindow("p", "head", 1024, PublicLines(lambda event: None))
    assert window.text("x" * 900).endswith("x" * 900)
    with pytest.raises(InvariantViolation, match="max_prompt_chars"):
        window.text("x" * 1000)


_LEFT_OUT = re.compile(r"^\((\d+) earlier lines not shown\)$", re.M)


@given(st.lists(st.tuples(st.integers(5, 70), st.booleans()), max_size=60), st.integers(1, 8))
def test_the_oldest_public_lines_go_first_and_the_viewers_own_last(lines, every):
    """What a window shows, read every ``every`` lines: within the budget, the viewer's lines in
    their order with some left out and counted; public lines leave oldest first; while the
    viewer's own lines fit in half the room for events, none of them leaves; and they never crowd
    out the newest lines: a public line stays while it and the lines after it fit in the other
    half."""
    budget, prompt = 400, "now"
    room = budget - len("head") - len(EVENTS_HEADING) - len(PROMPT_HEADING) - 64 - len(prompt)
    log, window = EventLog(), ObservationWindow("p", "head", budget, PublicLines(_line))
    written: list[tuple[str, bool]] = []
    for number, (length, own) in enumerate(lines):
        line = f"{number:03} {'own' if own else 'all'} ".ljust(length, ".")
        log.append(number, "p", "say", {"line": line}, {"p"} if own else "all")
        written.append((line, own))
        if number % every and number < len(lines) - 1:
            continue
        window.update(log, _render)
        text = window.text(prompt)
        assert len(text) <= budget
        shown, left_out = _event_lines(text)
        assert shown == [x for x, _ in written if x in shown]  # in order, nothing invented
        assert left_out == len(written) - len(shown)
        public = [x for x, own in written if not own]
        public_shown = [x for x in public if x in shown]
        assert public_shown == public[len(public) - len(public_shown) :]  # the newest ones
        if sum(len(x) + 1 for x, own in written if own) <= room // 2:
            assert all(x in shown for x, own in written if own)
        for first, (line, own) in enumerate(written):  # own lines never crowd out the newest
            if not own and sum(len(x) + 1 for x, _ in written[first:]) <= room - room // 2:
                assert line in shown


def _event_lines(text: str) -> tuple[list[str], int]:
    """The event lines of an observation, and how many it says were left out."""
    events = text.split(f"{EVENTS_HEADING}\n")[1].split(f"\n\n{PROMPT_HEADING}")[0]
    left_out = _LEFT_OUT.search(events)
    lines = [x for x in events.split("\n") if x and not _LEFT_OUT.match(x)]
    return lines, int(left_out.group(1)) if left_out else 0


def _line(event):
    return event.data["line"]


def _render(event, viewer):
    return event.data["line"]


def test_a_seers_inspections_outlast_the_public_lines_of_a_long_game():
    """At a budget a default Werewolf game outgrows, the seer's last turn still shows every
    inspection result it has had, though the first night's public lines are gone (the window
    before this rule dropped the oldest lines of any kind, inspections too)."""
    env = parlour.make("werewolf_v0", max_observation_chars=3000, protocol="classic")
    env.reset(seed=4)  # the seer, player_1, lives to inspect three players
    seer = next(a for a in env.possible_agents if "You are the seer." in env.observe(a)["text"])
    choose = random_legal_chooser(4)
    last_turn = ""
    for agent in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        if agent == seer and not (terminated or truncated):
            last_turn = observation["text"]
        env.step(None if terminated or truncated else choose(env, agent, observation, info))
    inspections = [
        line
        for line in env.unwrapped.transcript_text(seer).split("\n")
        if line.startswith("Moderator: Your inspection")
    ]
    assert len(inspections) == 3
    assert "Moderator: Night 1 falls." not in last_turn
    assert _LEFT_OUT.search(last_turn)
    assert all(line in last_turn.split("\n") for line in inspections)


#: The seeds of the longest default game of 1,000 for some games (random players; the scripted
#: auction bidders for the auction), beside the first few seeds.
_LONGEST = {"among_us_v0": 108, "werewolf_v0": 102, "who_is_spy_v0": 627, "auction_v0": 205}


@pytest.mark.parametrize("env_id", parlour.list_envs())
@pytest.mark.parametrize("players", ["random", "scripted"])
def test_a_default_game_drops_no_line(env_id, players):
    for seed in sorted({0, 1, _LONGEST.get(env_id, 2)}):
        env = parlour.make(env_id)
        env.reset(seed=seed)
        agents = {}
        for index, seat in enumerate(env.possible_agents):
            agents[seat] = make_agent(players)
            agents[seat].reset(seat, agent_seed(seed, index), env.unwrapped.seat_view(seat))
        for seat in env.agent_iter():
            observation, _, terminated, truncated, info = env.last()
            assert not _LEFT_OUT.search(observation["text"]), (seed, seat)
            env.step(None if terminated or truncated else agents[seat].act(observation, info))
        for seat in env.possible_agents:  # a line once dropped is counted for good
            assert not _LEFT_OUT.search(env.observe(seat)["text"]), (seed, seat)
