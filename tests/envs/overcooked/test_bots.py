"""The scripted greedy chef cooperates with a copy of itself on every classic layout."""

from __future__ import annotations

import pytest

from parlour.arena.strength import mean_metric
from parlour.envs.overcooked.layouts import builtin_layouts
from parlour.play import play_game

CLASSIC = builtin_layouts()  # the five classic kitchens and the tomato counter_circuit


@pytest.mark.parametrize("layout", CLASSIC)
def test_greedy_pair_delivers_soups(layout):
    assert mean_metric("overcooked_v0", ("scripted",) * 2, "soups_delivered", 1, layout=layout) >= 2


def test_greedy_pair_beats_random_pair_on_cramped_room():
    greedy = mean_metric("overcooked_v0", ("scripted",) * 2, "soups_delivered", 1, horizon=200)
    random = mean_metric("overcooked_v0", ("random",) * 2, "soups_delivered", 1, horizon=200)
    assert greedy >= 3 and random == 0


def test_greedy_games_are_reproducible():
    first = play_game("overcooked_v0", ["scripted", "scripted"], seed=4, horizon=150)
    second = play_game("overcooked_v0", ["scripted", "scripted"], seed=4, horizon=150)
    assert first.metrics == second.metrics and first.metrics["soups_delivered"] > 0
