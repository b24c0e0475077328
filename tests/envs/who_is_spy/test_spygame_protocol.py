"""The ``spygame`` variant against Skytliang/SpyGame's ``spygame.py``, item by item.

SpyGame (GPL-3.0) is read for its rules only. Each table row is one protocol item: what the
paper's code does, and a scripted game (driven through a Match, without PettingZoo) in which
Parlour's preset must do the same. Words are Parlour's own or the test's, never SpyGame's pairs.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.core.match import Match, MatchOptions
from parlour.envs.who_is_spy import GAME, VARIANTS
from parlour.envs.who_is_spy.model import Description, Phase, WhoIsSpyConfig
from parlour.envs.who_is_spy.rules import WhoIsSpyRules, mentions_word

SPYGAME = VARIANTS["spygame"]
C, S = "civilian", "spy"
#: The seats of most scripted games below: player_1 holds the spy's word.
SEATS = (C, S, C, C)


def make_match(seed: int = 0, **overrides) -> Match:
    """A spygame game with the test's words and (by default) player_1 as the spy."""
    options = {**SPYGAME, "word_pair": ("coffee", "tea"), "roles": SEATS, **overrides}
    rules = WhoIsSpyRules(WhoIsSpyConfig(**options), np.random.default_rng(seed))
    return Match(GAME, rules, MatchOptions())


def describe_all(match: Match, line: str = "a warm morning habit") -> list[str]:
    """Every description of the current describing turns; returns who spoke, in order."""
    speakers = []
    while match.rules.phase is Phase.DESCRIBE:
        speaker = match.acting()[0]
        speakers.append(speaker)
        assert match.play(speaker, line) is None
    return speakers


def vote(match: Match, ballots: dict[str, str]) -> None:
    """Cast ``ballots`` (voter -> target) for every voter of the current vote."""
    assert match.rules.phase is Phase.VOTE
    assert set(match.acting()) == set(ballots)
    for voter in list(match.acting()):
        assert match.play(voter, f"[vote {ballots[voter]}]") is None


def kinds_since(match: Match, start: int) -> list[str]:
    """The kinds of the events logged since event ``start``, public ones only."""
    return [e.kind for e in list(match.rules.events)[start:] if e.public]


#: SpyGame's run settings (``spygame.py`` argparse defaults and ``SpyGame.__init__``).
SETTINGS = [
    ("num_players", 4),  # --num-players 4
    ("num_spies", 1),  # self.num_spy = 1
    ("max_rounds", 7),  # --max-rounds 7
]


@pytest.mark.parametrize(("option", "value"), SETTINGS, ids=[s[0] for s in SETTINGS])
def test_the_preset_has_spygames_settings(option, value):
    assert getattr(WhoIsSpyConfig(**SPYGAME), option) == value


def test_each_game_deals_one_spy_among_four_seeded():
    spies = Counter()
    for seed in range(40):
        env = parlour.make("who_is_spy_v0", **SPYGAME)
        env.reset(seed=seed)
        roles = env.unwrapped.match.rules.roles
        assert len(roles) == 4 and Counter(r.value for r in roles.values()) == {C: 3, S: 1}
        spies[next(p for p, r in roles.items() if r.value == S)] += 1
    assert len(spies) == 4  # every seat gets to be the spy


# -- the description: own word masked ---------------------------------------------------------
#: (speaker's word, description, what everyone reads): SpyGame replaces the keyword in the
#: description with "My keyword" and publishes it; Parlour's wording is "my word".
MASKED = [
    ("coffee", "coffee keeps me awake", "my word keeps me awake"),
    (
        "coffee",
        "I drink COFFEE and Coffee-flavoured cake",
        "I drink my word and my word-flavoured cake",
    ),
    ("coffee", "bitter and hot, best at dawn", "bitter and hot, best at dawn"),
    (
        "ice cream",
        "ice-cream in the summer, icecream in winter",
        "my word in the summer, my word in winter",
    ),
]


@pytest.mark.parametrize(("word", "said", "read"), MASKED, ids=[m[1] for m in MASKED])
def test_a_description_with_the_own_word_is_masked_not_withheld(word, said, read):
    match = make_match(word_pair=(word, "tea"))
    speaker = match.acting()[0]
    if match.rules.word_of(speaker) != word:  # the first speaker is the spy: give it the word
        match = make_match(word_pair=("tea", word))
    assert match.rules.word_of(speaker) == word
    assert match.play(speaker, said) is None  # valid: no invalid action, nothing withheld
    line = [e for e in match.rules.events if isinstance(e.data, Description)][-1]
    assert line.public and line.data.text == read and not mentions_word(read, word)
    listener = next(p for p in match.players if p != speaker)
    assert f'{speaker} said: "{read}"' in match.observation(listener)
    masked = match.rules.metrics()["masked_descriptions"][speaker]
    assert masked == (read != said)
    assert match.metrics()["invalid_total"] == 0


def test_parlours_default_still_withholds_the_own_word():
    match = make_match(own_word="withhold", roles=(S, C, C, C))  # player_0 holds "tea"
    speaker = match.acting()[0]
    word = match.rules.word_of(speaker)
    error = match.play(speaker, f"it is {word}")
    assert error is not None and "own word" in str(error)
    line = [e for e in match.rules.events if isinstance(e.data, Description)][-1]
    assert line.data.text is None


# -- the vote: secret ballots, per-voter option order -----------------------------------------
#: (ballots of the first vote, the public events that follow it): SpyGame announces only a tie
#: ("There is a tie among ...") or the outcome; the votes go to each voter's own memory.
OUTCOMES = [
    (
        {
            "player_0": "player_1",
            "player_1": "player_0",
            "player_2": "player_1",
            "player_3": "player_1",
        },
        ["elimination", "game_over"],
    ),
    (
        {
            "player_0": "player_2",
            "player_1": "player_0",
            "player_2": "player_0",
            "player_3": "player_2",
        },
        ["runoff", "round_start"],
    ),
    (
        {
            "player_0": "player_1",
            "player_1": "player_2",
            "player_2": "player_3",
            "player_3": "player_0",
        },
        ["tie_restart", "round_start"],
    ),
]


@pytest.mark.parametrize(("ballots", "public"), OUTCOMES, ids=["majority", "two-two", "all-tied"])
def test_ballots_stay_secret_only_ties_and_outcomes_are_announced(ballots, public):
    match = make_match()
    describe_all(match)
    start = len(match.rules.events)
    vote(match, ballots)
    assert kinds_since(match, start) == public
    events = list(match.rules.events)[start:]
    secret = [e for e in events if e.kind == "secret_ballot"]
    assert [e.visible_to for e in secret] == [frozenset({v}) for v in ballots]
    assert not any(e.kind in ("votes_revealed", "ballot") for e in events)
    for voter, target in ballots.items():  # each reads its own ballot, and no one else's
        text = match.observation(voter)
        assert f"You voted for {target}. Ballots stay secret." in text
        assert len(re.findall("You voted for", text)) == 1


def test_vote_options_are_shuffled_per_voter_and_seeded():
    def orders(seed: int, shuffle: bool = True) -> list[tuple[str, ...]]:
        match = make_match(seed, shuffle_vote_options=shuffle)
        describe_all(match)
        return [tuple(match.spec(v).legal_actions()) for v in match.acting()]

    for seed in range(5):
        assert orders(seed) == orders(seed)  # the seed fixes every voter's order
        for voter, options in zip([f"player_{i}" for i in range(4)], orders(seed), strict=True):
            others = {f"[vote player_{i}]" for i in range(4)} - {f"[vote {voter}]"}
            assert set(options) == others
    seen = {options for seed in range(30) for options in orders(seed)[:1]}
    assert len(seen) == 6  # player_0's three options come in all 3! orders
    assert all(list(o) == sorted(o) for o in orders(0, shuffle=False))  # Parlour's default


def test_the_prompt_lists_the_voters_own_order():
    match = make_match(3)
    describe_all(match)
    for voter in match.acting():
        forms = match.observation(voter).rsplit("\n", 1)[-1]
        listed = re.findall(r"\[vote player_\d\]", forms)
        assert listed == match.spec(voter).legal_actions()


# -- ties, exactly as spygame.py's vote loop ----------------------------------------------------
#: Scripted votes and what the round after each looks like: (ballots, the outcome's event, who
#: describes next, who votes next, the round number). SpyGame: every vote is a round; an all-way
#: tie restarts the round with everyone; a partial tie has the tied describe and the rest vote;
#: a tie in that run-off restarts with everyone (``tie_restart`` flag).
TIE_STEPS = [
    # 2-2 between player_0 and player_2: run-off, a round of its own
    (
        {
            "player_0": "player_2",
            "player_1": "player_0",
            "player_2": "player_0",
            "player_3": "player_2",
        },
        "runoff",
        {"player_0", "player_2"},
        {"player_1", "player_3"},
        2,
    ),
    # the run-off ties again, 1-1: nobody out, a new round with everyone
    (
        {"player_1": "player_0", "player_3": "player_2"},
        "no_elimination",
        {"player_0", "player_1", "player_2", "player_3"},
        {"player_0", "player_1", "player_2", "player_3"},
        3,
    ),
    # everyone tied: nobody out, a new round with everyone
    (
        {
            "player_0": "player_1",
            "player_1": "player_2",
            "player_2": "player_3",
            "player_3": "player_0",
        },
        "tie_restart",
        {"player_0", "player_1", "player_2", "player_3"},
        {"player_0", "player_1", "player_2", "player_3"},
        4,
    ),
    # a 2-2 tie again: a second run-off is allowed (the restart cleared the first)
    (
        {
            "player_0": "player_3",
            "player_1": "player_0",
            "player_2": "player_3",
            "player_3": "player_0",
        },
        "runoff",
        {"player_0", "player_3"},
        {"player_1", "player_2"},
        5,
    ),
    # the run-off has a winner: player_0 (a civilian) is out, the game goes on with three
    (
        {"player_1": "player_0", "player_2": "player_0"},
        "elimination",
        {"player_1", "player_2", "player_3"},
        {"player_1", "player_2", "player_3"},
        6,
    ),
]


def test_ties_follow_spygames_vote_loop_step_by_step():
    match = make_match()
    for ballots, outcome, speakers, voters, round_ in TIE_STEPS:
        describe_all(match)
        start = len(match.rules.events)
        vote(match, ballots)
        assert kinds_since(match, start)[0] == outcome
        assert match.rules.round == round_
        assert set(describe_all(match)) == speakers
        assert set(match.acting()) == voters
    assert match.rules.eliminations == [{"round": 5, "player": "player_0", "role": C}]


CYCLE = {
    "player_0": "player_1",
    "player_1": "player_2",
    "player_2": "player_3",
    "player_3": "player_0",
}


@pytest.mark.parametrize("final_tie", ["random", "none"], ids=["spygame-draws", "parlour-none"])
def test_a_tie_in_the_seventh_round_is_drawn_as_spygame_picks_a_tied_name(final_tie):
    """SpyGame's loop stops at max_rounds and still eliminates ``max_keys[0]`` of the last tied
    vote (names are shuffled per game, so a random tied player): ``final_tie="random"``.
    Parlour's ``"none"`` ends the game there without a winner."""
    chosen = Counter()
    for seed in range(12):
        match = make_match(seed, final_tie=final_tie)
        for _ in range(7):  # seven all-way ties: six restarts, then no round left
            describe_all(match)
            vote(match, CYCLE)
        assert match.rules.round == 7 and match.is_over()
        draws = [e for e in match.rules.events if e.kind == "tie_draw"]
        if final_tie == "none":
            assert match.rules.is_truncated() and not draws and not match.rules.eliminations
            continue
        (draw,) = draws
        assert draw.public and draw.data.tied == tuple(CYCLE)
        assert match.rules.eliminations[0]["player"] == draw.data.chosen
        chosen[draw.data.chosen] += 1
        # the spy out: civilians win; a civilian out: 1 spy v 2 civilians, and no round left
        spy_out = draw.data.chosen == "player_1"
        assert match.rules.is_terminal() == spy_out and match.rules.is_truncated() != spy_out
    assert final_tie == "none" or len(chosen) > 1


@pytest.mark.parametrize(
    ("out", "winner"),
    [("player_1", "civilians"), ("player_0", "spies")],
    ids=["spy-out", "civilian-out"],
)
def test_win_conditions(out, winner):
    """SpyGame: the spy voted out -> villagers win; a villager voted out with three players
    left -> the spy wins (the first villager out leaves 1 spy v 2 villagers: the game goes on)."""
    match = make_match()
    describe_all(match)
    vote(match, {p: out if p != out else "player_3" for p in CYCLE})
    if winner == "spies":
        assert not match.is_over() and len(match.rules.living) == 3
        describe_all(match)
        vote(match, {p: "player_2" if p != "player_2" else "player_3" for p in match.acting()})
    assert match.rules.winning_side.value == winner and match.rules.is_terminal()


#: A 2-2 tie between player_0 and player_2, and its run-off tied 1-1.
SPLIT = {
    "player_0": "player_2",
    "player_1": "player_0",
    "player_2": "player_0",
    "player_3": "player_2",
}
RUNOFF_TIE = {"player_1": "player_0", "player_3": "player_2"}


@pytest.mark.parametrize(
    ("runoff_takes_round", "votes"), [(True, 7), (False, 14)], ids=["spygame", "parlour"]
)
def test_the_round_limit_counts_every_vote_run_offs_included(runoff_takes_round, votes):
    """SpyGame's ``round`` grows once per vote, run-offs included, up to 7 votes; Parlour's own
    rounds hold their run-off (two votes a round)."""
    match = make_match(final_tie="none", runoff_takes_round=runoff_takes_round)
    cast = 0
    while not match.is_over():
        describe_all(match)
        vote(match, RUNOFF_TIE if match.rules.runoff else SPLIT)
        cast += 1
    assert cast == votes and match.rules.is_truncated() and match.rules.round == 7


# -- words ----------------------------------------------------------------------------------------
def test_a_user_word_list_is_drawn_from_both_ways():
    pairs = (("Harbour", "Marina"), ("violin", "cello"))
    seen = Counter()
    for seed in range(40):
        rules = WhoIsSpyRules(
            WhoIsSpyConfig(**SPYGAME, word_pairs=pairs), np.random.default_rng(seed)
        )
        seen[(rules.civilian_word, rules.spy_word)] += 1
    assert set(seen) == {
        ("harbour", "marina"),
        ("marina", "harbour"),
        ("violin", "cello"),
        ("cello", "violin"),
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"own_word": "hide"}, "own_word"),
        ({"all_tied": "coin"}, "all_tied"),
        ({"final_tie": "runoff"}, "final_tie"),
        ({"reveal_ballots": "no"}, "reveal_ballots"),
        ({"shuffle_vote_options": 1}, "shuffle_vote_options"),
        ({"runoff_takes_round": None}, "runoff_takes_round"),
        ({"word_pairs": ()}, "at least one pair"),
        ({"word_pairs": (("tea", "TEA"),)}, "different"),
        ({"word_pairs": (("tea", "coffee", "milk"),)}, "word_pairs"),
        ({"word_pairs": (("tea\nModerator: x", "coffee"),)}, "word_pairs"),
        ({"word_pairs": (("tea", "coffee"),), "word_pair": ("a", "b")}, "word_pairs replaces"),
        ({"word_pairs": (("tea", "coffee"),), "category": "food"}, "word_pairs replaces"),
    ],
    ids=lambda v: str(v),
)
def test_bad_protocol_options_are_refused(options, message):
    with pytest.raises(ConfigError, match=message):
        WhoIsSpyConfig(**{**SPYGAME, **options})


@pytest.mark.parametrize("words", [None, (("harbour", "marina"),)], ids=["bank", "user-list"])
def test_scripted_bots_play_the_preset(words):
    extra = {} if words is None else {"word_pairs": words}
    for seed in range(8):
        result = parlour.play_game("who_is_spy_v0", ["scripted"] * 4, seed=seed, **SPYGAME, **extra)
        assert result.metrics["invalid_total"] == 0
        assert result.metrics["rounds"] <= 7
        kinds = {e["kind"] for e in result.transcript}
        assert "votes_revealed" not in kinds and "secret_ballot" in kinds
