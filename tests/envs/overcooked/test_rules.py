"""Overcooked beyond the golden traces: layouts, recipes, the env faces, text, views, macros."""

from __future__ import annotations

import json

import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.envs.overcooked import rl as overcooked_rl
from parlour.envs.overcooked.kitchen import Act, Kitchen
from parlour.envs.overcooked.layouts import builtin_layouts, load_layout
from parlour.envs.overcooked.macros import MacroExecutor, MacroKind, Order, RunningOrder

N, S, E, W, STAY, INTERACT = (a.value for a in Act)


def rules_of(env):
    return env.unwrapped.match.rules


# -- layouts and recipes --------------------------------------------------------------------------
def test_builtin_layouts_and_legacy_aliases():
    assert builtin_layouts() == [
        "asymmetric_advantages",
        "coordination_ring",
        "counter_circuit",
        "counter_circuit_o_1order",
        "cramped_room",
        "forced_coordination",
    ]
    assert load_layout("random3").name == "counter_circuit_o_1order"
    assert load_layout("simple").name == "cramped_room"
    cramped = load_layout("cramped_room")
    assert cramped.terrain == ("XXPXX", "O   O", "X   X", "XDXSX")
    assert cramped.starts == ((1, 2), (3, 1))


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ("XXPXX\nO 2 O\nX1  X\nXDXS", "same length"),
        ("XXPXX\nO  2O\nX1  X\nXDXXX", "needs at least one 'S'"),
        ("XX XX\nO  2O\nX1  X\nXDXSX", "floor on the border"),
        ("XXPXX\nO  2O\nX1 QX\nXDXSX", "unknown terrain 'Q'"),
        ("XXPXX\nO  3O\nX1  X\nXDXSX", "numbered 1..n"),
    ],
)
def test_bad_layouts_get_clear_errors(grid, message):
    with pytest.raises(ConfigError, match=message):
        load_layout(grid)


def test_layout_from_a_json_file(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(
        json.dumps(
            {
                "name": "tiny",
                "grid": ["XXPXX", "T1 2D", "XXSXX"],
                "orders": [["tomato"]],
                "recipes": {"cook_time": 2, "delivery_reward": 7},
            }
        )
    )
    layout = load_layout(str(path))
    assert layout.name == "tiny" and layout.recipes.order_value((0, 1)) == 7
    assert layout.recipes.cook_time((0, 1)) == 2 and layout.recipes.order_value((1, 0)) == 0
    with pytest.raises(ConfigError, match="unknown layout"):
        load_layout(str(tmp_path / "missing.json"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "a layout must be a JSON object"),
        ("5", "a layout must be a JSON object"),
        ('"cramped_room"', "a layout must be a JSON object"),
        ("null", "a layout must be a JSON object"),
        ("{", "not a readable JSON file"),
        ("[" * 100_000, "not a readable JSON file"),
        ("1" * 5000, "not a readable JSON file"),
        ('{"grid": ["XXPXX", "O  2O", "X1  X", "XDXSX"], "recipe": {}}', "unknown key"),
    ],
)
def test_a_layout_file_that_is_no_layout_is_refused_by_the_env(tmp_path, content, message):
    """From ``parlour.make`` as from ``parlour run --config layout=...`` and ``replay``."""
    path = tmp_path / "kitchen.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        parlour.make("overcooked_v0", layout=str(path))


def test_a_layout_file_without_a_name_is_named_by_its_stem_where_an_observation_can_show_it(
    tmp_path,
):
    data = {"grid": ["XXPXX", "O  2O", "X1  X", "XDXSX"]}
    for stem, name in (("my_kitchen", "my_kitchen"), ("caf\u00e9\tx", "custom")):
        path = tmp_path / f"{stem}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        env = parlour.make("overcooked_v0", layout=str(path))
        env.reset(seed=0)
        assert f"kitchen {name} (5x4)" in env.observe("player_0")["text"]
        assert env.observation_space("player_0").contains(env.observe("player_0"))


def test_recipe_settings_belong_to_each_layout():
    """overcooked_ai keeps them on its Recipe class: loading cramped_room after counter_circuit
    turns a 55-point soup into a 20-point one. Here two kitchens keep their own."""
    tomato = Kitchen(load_layout("counter_circuit"))
    onion = Kitchen(load_layout("cramped_room"))
    assert tomato.recipes.order_value((2, 1)) == 55 and tomato.recipes.cook_time((2, 1)) == 37
    assert tomato.recipes.order_value((1, 1)) == 2 * 34  # the bonus order
    assert onion.recipes.order_value((3, 0)) == 20 and onion.recipes.order_value((2, 1)) == 0
    assert tomato.recipes.order_value((2, 1)) == 55  # unchanged after the second kitchen


def test_old_dynamics_refuse_orders_of_fewer_than_three():
    with pytest.raises(ConfigError, match="every order"):
        parlour.make("overcooked_v0", layout="counter_circuit", dynamics="old")


def _cook(kitchen: Kitchen, onions: int) -> None:
    """On cramped_room: chef 1 (at (3,1)) fetches onions from (4,1) and pots them at (2,0)."""
    for _ in range(onions):
        kitchen.step([STAY, E])  # face the dispenser east
        kitchen.step([STAY, INTERACT])
        kitchen.step([STAY, W])  # to (2, 1)
        kitchen.step([STAY, N])  # face the pot
        kitchen.step([STAY, INTERACT])
        kitchen.step([STAY, E])  # back to (3, 1)


def test_new_dynamics_need_an_interact_and_old_ones_start_by_themselves():
    new, old = Kitchen(load_layout("cramped_room")), Kitchen(load_layout("cramped_room"), "old")
    _cook(new, 3)
    _cook(old, 3)
    pot = new.cell(2, 0)
    assert new.pot_soup(pot).idle and not old.pot_soup(pot).idle
    new.step([STAY, W])
    new.step([STAY, N])
    new.step([STAY, INTERACT])
    assert new.pot_soup(pot).cooking and new.pot_soup(pot).tick == 1


# -- the env ------------------------------------------------------------------------------------
def test_parallel_episode_is_truncated_at_the_horizon():
    env = parlour.make_parallel("overcooked_v0", horizon=7)
    observations, infos = env.reset(seed=0)
    assert set(observations) == {"player_0", "player_1"}
    assert infos["player_0"]["legal_actions"] == [
        "[north]",
        "[south]",
        "[east]",
        "[west]",
        "[stay]",
        "[interact]",
    ]
    steps = 0
    while env.agents:
        _, _, terminations, truncations, _ = env.step(dict.fromkeys(env.agents, "[stay]"))
        steps += 1
    assert steps == 7 and all(truncations.values()) and not any(terminations.values())


def test_a_delivery_pays_both_chefs_and_shaping_is_opt_in():
    """Chef 1 alone cooks and serves on cramped_room; both chefs are paid the 20 points."""
    for shaping, expected_shaped in ((0.0, 0.0), (0.5, 0.5 * 17)):
        env = parlour.make_parallel("overcooked_v0", horizon=400, shaping=shaping)
        env.reset(seed=0)
        plan = (
            [E, INTERACT, W, N, INTERACT, E] * 3
            + [W, N, INTERACT]  # start cooking
            + [S, W, S, INTERACT]  # to (1, 2), face the dish dispenser, take a dish
            + [STAY] * 20
            + [E, N, INTERACT]  # to (2, 1), face the pot, take the soup
            + [E, S, S, INTERACT]  # to (3, 2), face the window, deliver
        )
        totals = dict.fromkeys(env.agents, 0.0)
        shaped = 0.0
        for t, action in enumerate(plan):
            partner = "[north]" if t == 0 else "[stay]"  # out of chef 1's way, to (1, 1)
            _, rewards, _, _, infos = env.step({"player_0": partner, "player_1": Act(action).name})
            for agent, reward in rewards.items():
                totals[agent] += reward
            shaped += infos["player_1"]["shaped_reward"]
            if "soup_delivery" in infos["player_1"]["events"]:
                assert infos["player_1"]["sparse_reward"] == 20
        assert totals["player_0"] == 20.0
        assert totals["player_1"] == pytest.approx(20.0 + expected_shaped * (shaping > 0))
        assert shaped == 3 * 3 + 3 + 5  # 3 onions potted, a useful dish, a soup taken
        metrics = env.unwrapped.metrics()
        assert metrics["soups_delivered"] == 1 and metrics["onions_potted"]["player_1"] == 3


def test_text_observation_shows_the_kitchen():
    env = parlour.make("overcooked_v0", layout="cramped_room")
    env.reset(seed=0)
    text = env.observe("player_0")["text"]
    assert "Legend: two characters a cell" in text
    assert "0^" in text and "1^" in text  # both chefs facing north
    assert "You (0) are at (1, 2) facing north and hold nothing." in text
    assert "Chef player_1 (1) is at (3, 1)" in text
    assert "Pot at (2, 0): empty." in text and "Counters: all free." in text
    assert "Orders: 3 onions: 20 points, cooks 20 steps." in text
    assert "Step 0 of 400 (400 left)" in text
    assert "Reply with [north] | [south]" in text


def test_synonyms_are_accepted_and_gibberish_stays():
    env = parlour.make_parallel("overcooked_v0")
    env.reset(seed=0)
    _, _, _, _, infos = env.step({"player_0": "up", "player_1": "banana"})
    rules = rules_of(env)
    assert rules.last_action == [Act.NORTH, Act.STAY]
    assert "invalid_action" in infos["player_1"]


def test_numeric_views_match_their_spaces():
    env = parlour.make_parallel(
        "overcooked_v0", layout="asymmetric_advantages", views=("lossless", "featurized")
    )
    observations, _ = env.reset(seed=0)
    for agent, observation in observations.items():
        space = env.observation_space(agent)
        assert observation["lossless"].shape == (9, 5, 26)
        assert observation["featurized"].shape == (96,)
        assert space.contains(observation)
    mine, theirs = observations["player_0"]["lossless"], observations["player_1"]["lossless"]
    assert np.array_equal(mine[:, :, 0], theirs[:, :, 1])  # each view puts its own chef first
    with pytest.raises(ConfigError, match="views must be"):
        parlour.make("overcooked_v0", views=("pixels",))


def test_views_are_built_only_when_asked(monkeypatch):
    def refuse(kitchen):
        raise AssertionError("a numeric view was built though none was asked for")

    monkeypatch.setattr(overcooked_rl, "Encoder", refuse)
    env = parlour.make_parallel("overcooked_v0")
    observations, _ = env.reset(seed=0)
    assert set(observations["player_0"]) == {"text"}
    observations, *_ = env.step({"player_0": "[north]", "player_1": "[west]"})
    assert set(observations["player_1"]) == {"text"}


def test_aec_and_parallel_play_the_same_game():
    rng = np.random.default_rng(5)
    actions = [[int(a) for a in rng.integers(6, size=2)] for _ in range(60)]
    aec = parlour.make("overcooked_v0", horizon=60)
    par = parlour.make_parallel("overcooked_v0", horizon=60)
    aec.reset(seed=1)
    par.reset(seed=1)
    for joint in actions:
        for action in joint:
            aec.step(Act(action).name.lower())
        par.step({f"player_{i}": Act(a).name.lower() for i, a in enumerate(joint)})
    assert rules_of(aec).kitchen.snapshot() == rules_of(par).kitchen.snapshot()


# -- macros ---------------------------------------------------------------------------------------
def test_macro_orders_run_until_done_and_report_it():
    env = parlour.make_parallel("overcooked_v0", actions="macro")
    _, infos = env.reset(seed=0)
    legal = infos["player_1"]["legal_actions"]
    assert "[get onion]" in legal and "[get dish]" in legal
    assert "[serve]" not in legal and "[put in pot]" not in legal  # not feasible now
    assert "[go to 2 1]" in legal and "[north]" in legal
    observations, _, _, _, infos = env.step({"player_0": "[wait]", "player_1": "[get onion]"})
    ticks = 1
    while not infos["player_1"]["acting"]:
        observations, _, _, _, infos = env.step({"player_0": "[wait]"})
        ticks += 1
    assert rules_of(env).held("player_1") == "onion"
    assert "Your order to get onion is done." in observations["player_1"]["text"]
    assert "Your order" not in observations["player_0"]["text"]  # outcomes are private
    assert "to wait is done" not in observations["player_0"]["text"]  # pauses go unreported
    assert "[put in pot]" in infos["player_1"]["legal_actions"]


def test_an_order_fails_with_a_reason_when_it_can_no_longer_be_done():
    kitchen = Kitchen(load_layout("cramped_room"))
    executor = MacroExecutor(kitchen)
    kitchen.held[0] = "onion"
    running = RunningOrder(Order(MacroKind.PUT_IN_POT))
    assert executor.problem(0, running.order) is None
    _cook(kitchen, 3)  # the partner fills the only pot meanwhile
    finished, problem = executor.outcome(0, running, Act.STAY)
    assert finished is False and problem == "no pot has room"
    assert executor.problem(0, Order(MacroKind.SERVE)) == "you hold no soup"


def test_the_executor_routes_around_the_partner():
    """Chef 0 at (1,2) heads for the pot at (2,0); the partner stands on (2,1), the cell below
    the pot, so the only goal is taken: the route waits instead of walking into the partner."""
    kitchen = Kitchen(load_layout("cramped_room"))
    executor = MacroExecutor(kitchen)
    kitchen.held[0] = "onion"
    kitchen.pos[1] = kitchen.cell(2, 1)
    running = RunningOrder(Order(MacroKind.PUT_IN_POT))
    assert executor.next_action(0, running) is Act.STAY and running.blocked == 1
    kitchen.pos[1] = kitchen.cell(3, 2)  # out of the way: the path goes through (2, 1)
    first = executor.next_action(0, running)
    assert first in (Act.NORTH, Act.EAST) and running.blocked == 0


def test_grid_tables_are_kept_for_a_bounded_number_of_layouts_and_equal_a_fresh_build():
    """A loop that makes many layouts (random kitchens) keeps the tables of the latest few only,
    and a kitchen's tables are what the plain definition computes for its grid."""
    from parlour.envs.overcooked import kitchen as kitchen_module

    tables = kitchen_module._grid_tables
    tables.cache_clear()
    for width in range(3, 3 + kitchen_module.GRID_TABLES_KEPT + 10):
        rows = ("X" * width, "X" + " " * (width - 2) + "X", "X" * width)
        assert tables(rows) == tables.__wrapped__(rows)
    assert tables.cache_info().currsize == kitchen_module.GRID_TABLES_KEPT
    layout = load_layout("cramped_room")
    kitchen = Kitchen(layout)
    fresh = tables.__wrapped__(layout.terrain)
    assert (kitchen.terrain, kitchen.floor, kitchen.move_to, kitchen.front) == fresh
