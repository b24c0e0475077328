"""What every game's players read invites no copying of text that is not an action.

A small model copies what the prompt shows: a placeholder such as ``[donate N]``, an example from
another turn, or a list of candidates that holds the reader. So in every observation of every
game the only bracketed text is an action the reader may take now, no ``(s)`` stands in for a
plural, and no voter is offered (or listed among the candidates as) itself.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import parlour
from tests.helpers import case_id, env_variants, playout, random_legal_chooser

CASES = env_variants()
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_NOW = "\n## Now\n"


def _accepts(spec: Any, token: str) -> bool:
    """Whether ``token`` is an action of the turn: a listed choice, or a number of its range."""
    if token in spec.choices:
        return True
    if not spec.legal.numbers:  # (on a speech turn any text parses: as speech)
        return False
    try:
        spec.parse(token)
    except ValueError:
        return False
    return True


def _check_every_seat(env: Any) -> None:
    match = env.unwrapped.match
    acting = set(match.acting())
    for agent in env.possible_agents:
        text = match.observation(agent)
        assert "(s)" not in text, f"{agent}:\n{text}"
        tokens = _BRACKETED.findall(text)
        if agent not in acting:
            assert not tokens, f"{agent} is not acting but reads {tokens}:\n{text}"
            continue
        spec = match.spec(agent)
        bad = [token for token in tokens if not _accepts(spec, token)]
        assert not bad, f"{agent} reads {bad}, not actions of this turn:\n{text}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_bracketed_text_a_seat_reads_is_an_action_it_may_take_now(case):
    """Headers, event lines and prompts of seeded games: no placeholder (``[bid N]``), no
    example or past action in brackets that is not legal now, and no ``(s)``."""
    env_id, _, config = case
    for seed in (0, 1):
        playout(env_id, config, seed, random_legal_chooser(seed), _check_every_seat)


#: Werewolf's own protocol (the presets default to their papers': bidding, no wolf chat).
_CLASSIC = {"protocol": "classic"}


@pytest.mark.parametrize(
    ("env_id", "config", "wording"),
    [
        ("werewolf_v0", {"wolf_chat_rounds": 1}, "talk in private (1 turn each,"),
        ("werewolf_v0", {"wolf_chat_rounds": 2}, "talk in private (2 turns each,"),
        ("werewolf_v0", _CLASSIC | {"discussion_rounds": 1}, "every living player speaks once, in"),
        ("werewolf_v0", _CLASSIC | {"discussion_rounds": 2}, "every living player speaks twice,"),
        ("werewolf_v0", _CLASSIC | {"discussion_rounds": 3}, "every living player speaks 3 times"),
        (
            "werewolf_v0",
            {"discussion": "bidding", "bidding_turns": 1},
            "By day there is 1 speaking turn;",
        ),
        (
            "werewolf_v0",
            {"discussion": "bidding", "bidding_turns": 4},
            "By day there are 4 speaking turns;",
        ),
        ("among_us_v0", {"emergency_meetings": 1}, "(1 use each)"),
        ("among_us_v0", {"task_time": 1}, "A task takes 1 step in its room."),
        ("among_us_v0", {"task_time": 2}, "A task takes 2 steps in its room."),
        ("among_us_v0", {"discussion_messages": 1}, "says 1 message in a random order"),
        ("among_us_v0", {"kill_cooldown": 1}, "(then wait 1 step)"),
        ("among_us_v0", {"max_steps": 1}, "without a winner after 1 step."),
        ("donor_game_v0", {"rounds": 1}, "There is 1 round."),
        ("donor_game_v0", {"rounds": 2}, "There are 2 rounds."),
        ("donor_game_v0", {"endowment": 1.0}, "You start with 1 unit."),
        ("donor_game_v0", {"trace_depth": 1}, "up to 1 entry of a trace"),
        ("donor_game_v0", {"trace_depth": 0}, "a donor sees the recipient's resources, and no"),
        ("auction_v0", {"num_items": 1}, "4 bidders, 1 item."),
        ("overcooked_v0", {"horizon": 1}, "as one team for 1 step."),
    ],
)
def test_counts_of_one_are_singular(env_id, config, wording):
    env = parlour.make(env_id, **config)
    env.reset(seed=0)
    assert wording in env.unwrapped.match.observation(env.possible_agents[0])


_VOTE_START = re.compile(r"^Moderator: (?:Run-off vote|Vote|Straw poll)\b(.*)$", re.M)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c[0] in ("who_is_spy_v0", "werewolf_v0", "among_us_v0")],
    ids=case_id,
)
def test_a_voter_is_never_offered_itself(case):
    """On a vote turn the forms list no ballot for the voter itself, its prompt does not name
    it, and the line that opens the vote lists no candidates that hold the reader (Who-is-Spy:
    never; the talking games' run-offs name the tied, who may not vote for themselves)."""
    env_id, variant, config = case
    votes = runoffs = 0

    def choose(env: Any, agent: str, obs: dict[str, Any], info: dict[str, Any]) -> Any:
        nonlocal votes, runoffs
        legal = info.get("legal_actions") or []
        if any(action.startswith("[vote ") for action in legal):
            votes += 1
            assert f"[vote {agent}]" not in legal
            prompt = obs["text"].rpartition(_NOW)[2]
            assert not re.search(rf"\b{agent}\b", prompt), prompt
            opening = _VOTE_START.findall(obs["text"])[-1]
            if " between " in opening:
                runoffs += 1
                candidates = opening.partition(" between ")[2].partition(":")[0]
                if env_id == "who_is_spy_v0":
                    assert not re.search(rf"\b{agent}\b", candidates), opening
                else:
                    assert "never for themself" in opening, opening
            else:
                assert not re.search(r"\bplayer_\d+\b", opening.partition("Voting order")[0])
        return random(env, agent, obs, info)

    wants_runoffs = env_id == "who_is_spy_v0" and variant != "trio"
    seed = 0
    # random ballots tie often: the run-off lines are checked too (four players tie less often
    # in two, and spygame's everyone-tied ballot restarts instead: a few more games)
    while seed < 6 or (wants_runoffs and not runoffs and seed < 40):
        random = random_legal_chooser(seed)
        playout(env_id, config, seed, choose)
        seed += 1
    assert votes
    if wants_runoffs:
        assert runoffs
