"""The word data and the scripted bots."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import parlour
from parlour.arena.strength import side_win_rate
from parlour.core.errors import ConfigError
from parlour.envs.who_is_spy import rl
from parlour.envs.who_is_spy.bots import fit
from parlour.envs.who_is_spy.rules import mentions_word
from parlour.envs.who_is_spy.words import DIFFICULTIES, load_word_bank


def test_word_bank_shape():
    bank = load_word_bank()
    assert len(bank.pairs) >= 200
    words = [w for pair in bank.pairs for w in pair.words]
    assert len(words) == len(set(words)), "a word may belong to one pair only"
    assert {p.difficulty for p in bank.pairs} == set(DIFFICULTIES)
    assert min(Counter(p.category for p in bank.pairs).values()) >= 10
    for pair in bank.pairs:
        for word in pair.words:
            clues = bank.clues[word]
            assert len(clues) >= 4
            for clue in clues:
                for secret in pair.words:
                    assert not mentions_word(clue, secret), (word, clue, secret)


def test_seeded_sampling_by_category_and_difficulty():
    bank = load_word_bank()
    draws = [bank.sample(np.random.default_rng(s), "food", "hard") for s in range(30)]
    assert all(p.category == "food" and p.difficulty == "hard" for p in draws)
    assert len({p.words for p in draws}) > 1
    again = [bank.sample(np.random.default_rng(s), "food", "hard") for s in range(30)]
    assert draws == again
    with pytest.raises(ConfigError, match="category"):
        bank.sample(np.random.default_rng(0), "planets")


def test_config_filters_reach_the_game():
    result = parlour.play_game("who_is_spy_v0", ["random"] * 6, seed=2, category="animals")
    assert result.metrics["category"] == "animals"


def test_partner_table_and_describe_menus_follow_their_definitions():
    """The bank's partner table is the other word of a word's pair, and the RL face's describe
    menus, made once from the bank, are each word's menu made afresh (a word outside the bank
    gets one made on the spot)."""
    bank = load_word_bank()
    for pair in bank.pairs:
        first, second = pair.words
        assert bank.partner(first) == second and bank.partner(second) == first
    assert bank.partner("no-such-word") is None
    for word in bank.clues:
        menu = rl._describe_menu(word)
        assert menu == rl._menu_of(bank, word)
        assert not any(mentions_word(line, word) for line in menu)
    assert rl._describe_menu("no-such-word") == rl._menu_of(bank, "no-such-word")


def test_clues_fit_their_own_word_better_than_the_partner():
    bank = load_word_bank()
    better = total = 0
    for pair in bank.pairs:
        a, b = pair.words
        for clue in bank.clues[a]:
            total += 1
            better += fit(clue, a) > fit(clue, b)
    assert better / total > 0.6


def test_scripted_civilians_beat_a_random_spy_far_more_often_than_random_civilians():
    scripted = side_win_rate("who_is_spy_v0", {"spy": "random", "*": "scripted"}, "civilians", 60)
    random = side_win_rate("who_is_spy_v0", {"*": "random"}, "civilians", 60)
    assert scripted >= 0.9
    assert scripted - random >= 0.15


def test_scripted_bots_never_say_their_own_word():
    for seed in range(40):
        result = parlour.play_game(
            "who_is_spy_v0", ["scripted"] * 8, seed=seed, num_players=8, num_blanks=1
        )
        assert result.metrics["invalid_total"] == 0


def test_a_scripted_blank_blends_in_with_clues_of_the_civilian_word():
    to_civilian, to_spy = [], []
    for seed in range(30):
        roles = ["blank", "spy", "civilian", "civilian", "civilian", "civilian"]
        result = parlour.play_game(
            "who_is_spy_v0", ["scripted"] * 6, seed=seed, num_blanks=1, roles=tuple(roles)
        )
        for event in result.transcript:
            data = event["data"]
            if event["kind"] == "description" and data["player"] == "player_0" and data["text"]:
                to_civilian.append(fit(data["text"], result.metrics["civilian_word"]))
                to_spy.append(fit(data["text"], result.metrics["spy_word"]))
    assert len(to_civilian) >= 30
    assert np.mean(to_civilian) > 0.6 > np.mean(to_spy) + 0.3
