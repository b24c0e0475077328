"""Whatever object a caller passes as an action, the step treats it as input to judge, never as
code to trust: odd actions get the invalid-action policy, bad Parallel containers a TypeError."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import parlour
from parlour.core.errors import ConfigError
from parlour.wrappers import DiscreteParallel


class RaisingText:
    """An action whose repr and str both raise."""

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")

    def __str__(self) -> str:
        raise RuntimeError("str refused")


class NonStringRepr:
    def __repr__(self) -> Any:
        return 42  # repr() then raises TypeError


class LyingClass:
    """An object whose ``__class__`` raises (isinstance consults it)."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise RuntimeError("no class for you")


class HostileStr(str):
    """A str subclass whose own methods all raise: only its text may be read."""

    def __hash__(self) -> int:
        raise RuntimeError("hash refused")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq refused")

    def strip(self, *args: Any) -> str:
        raise RuntimeError("strip refused")

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")


#: Objects that are not text: each is an invalid action (the game's default applies).
NOT_TEXT = [
    None,
    b"[abstain]",
    bytearray(b"x" * 10_000),
    3,
    float("nan"),
    ["[abstain]"],
    RaisingText(),
    NonStringRepr(),
    LyingClass(),
    np.array(["a hot drink"]),
]


def test_aec_step_takes_any_object_as_an_invalid_action():
    env = parlour.make("who_is_spy_v0", num_players=4, word_pair=("coffee", "tea"))
    for raw in NOT_TEXT:
        env.reset(seed=0)
        agent = env.agent_selection
        env.step(raw)
        assert env.infos[agent]["invalid_action"].startswith("expected a str action"), raw
        (event,) = [e for e in env.unwrapped.transcript() if e["kind"] == "invalid_action"]
        assert event["data"]["player"] == agent and event["data"]["error"] == "malformed"
        assert len(event["data"]["text"]) <= 500
        assert env.unwrapped.metrics()["invalid_actions"][agent] == {"malformed": 1}
        assert env.agent_selection != agent  # the game went on


def test_aec_step_reads_str_subclasses_as_their_text():
    env = parlour.make("who_is_spy_v0", num_players=4, word_pair=("coffee", "tea"))
    for raw in [np.str_("a hot drink"), HostileStr("a hot drink")]:
        env.reset(seed=0)
        agent = env.agent_selection
        env.step(raw)
        assert "invalid_action" not in env.infos[agent]
        spoken = [e for e in env.unwrapped.transcript() if e["kind"] == "description"]
        assert spoken[-1]["data"]["text"] == "a hot drink"


def test_aec_non_text_records_are_readable_and_bounded():
    env = parlour.make("who_is_spy_v0", num_players=4)
    records = []
    for raw in [b"[skip]", bytes(range(256)) * 100, RaisingText(), 7]:
        env.reset(seed=0)
        env.step(raw)
        event = [e for e in env.unwrapped.transcript() if e["kind"] == "invalid_action"][-1]
        records.append(event["data"]["text"])
    short_bytes, long_bytes, raising, number = records
    assert short_bytes == "b'(skip)'"  # the repr, sanitised like speech
    assert len(long_bytes) <= 500
    assert raising == "<RaisingText object>"
    assert number == "7"


def test_parallel_step_takes_any_object_as_an_invalid_action():
    env = parlour.make_parallel("who_is_spy_v0", num_players=4, word_pair=("coffee", "tea"))
    for raw in [*NOT_TEXT, "MISSING"]:
        _, infos = env.reset(seed=0)
        (agent,) = [a for a, info in infos.items() if info["acting"]]
        actions = {} if raw == "MISSING" else {agent: raw}
        _, _, _, _, infos = env.step(actions)
        assert infos[agent]["invalid_action"].startswith("expected a str action"), raw
        assert env.metrics()["invalid_actions"][agent] == {"malformed": 1}


def test_parallel_ballots_of_odd_objects_each_get_the_default():
    env = parlour.make_parallel("who_is_spy_v0", num_players=4, word_pair=("coffee", "tea"))
    _, infos = env.reset(seed=3)
    while not all(info["acting"] for info in infos.values()):
        _, _, _, _, infos = env.step({a: "a hot drink" for a in env.agents})
    voters = list(env.agents)
    legal = [infos[a]["legal_actions"][0] for a in voters]
    odd = [RaisingText(), HostileStr(legal[1]), np.str_(legal[2])]
    _, _, _, _, infos = env.step(dict(zip(voters, [*odd, b"[abstain]"], strict=True)))
    invalid = {a for a in voters if "invalid_action" in infos[a]}
    assert invalid == {voters[0], voters[3]}
    (revealed,) = [e for e in env.transcript() if e["kind"] == "votes_revealed"]
    assert len(revealed["data"]["ballots"]) == 4


@pytest.mark.parametrize(
    "container", [None, ["[abstain]"] * 4, "a hot drink", 3, {"player_0"}], ids=repr
)
def test_parallel_step_refuses_what_is_not_a_mapping_and_changes_nothing(container):
    env = parlour.make_parallel("who_is_spy_v0", num_players=4)
    _, infos = env.reset(seed=0)
    before = env.transcript()
    with pytest.raises(TypeError, match=r"step expects a dict agent id -> action.*got"):
        env.step(container)
    assert env.transcript() == before
    (agent,) = [a for a, info in infos.items() if info["acting"]]
    env.step({agent: "a hot drink"})  # the game goes on as if the bad call never happened
    assert env.transcript()[-1]["data"]["text"] == "a hot drink"


def test_the_discrete_parallel_wrapper_refuses_the_same_containers():
    env = DiscreteParallel(parlour.make_parallel("who_is_spy_v0", num_players=4))
    env.reset(seed=0)
    for container in [None, [0, 0, 0, 0]]:
        with pytest.raises(TypeError, match="step expects a dict agent id -> action"):
            env.step(container)
    env.step({})  # every acting player takes the default
    assert env.unwrapped.metrics()["invalid_total"] == 1


@pytest.mark.parametrize("seed", [True, False, np.bool_(True), 1.0, -1, "1"])
@pytest.mark.parametrize("parallel", [False, True])
def test_reset_refuses_a_seed_that_is_not_a_whole_number_at_least_0(seed, parallel):
    """``True`` is an int to Python, but no one means seed 1 by it: refused like every other
    integer option, by name."""
    env = (parlour.make_parallel if parallel else parlour.make)("donor_game_v0", num_agents=4)
    with pytest.raises(ConfigError, match="seed must be an integer >= 0"):
        env.reset(seed=seed)
    env.reset(seed=np.int64(3))
    assert env.unwrapped.game_seed == 3


def test_reading_an_env_before_reset_says_to_call_reset():
    env = parlour.make("donor_game_v0", num_agents=4)
    for read in (env.last, lambda: env.last(observe=False), lambda: env.observe("player_0")):
        with pytest.raises(ConfigError, match=r"call reset\(\)"):
            read()
    env.reset(seed=0)
    observation, reward, terminated, truncated, _ = env.last()
    assert "text" in observation and reward == 0 and not terminated and not truncated
