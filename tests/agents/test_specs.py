"""Spec strings carry an agent's options, wherever a spec is accepted."""

from __future__ import annotations

import pytest

from parlour.agents import make_agent
from parlour.agents.specs import parse_spec
from parlour.core.errors import ConfigError


def test_a_spec_carries_typed_options():
    kind, arg, options = parse_spec(
        "openai:gemma-3-270m?base_url=http://127.0.0.1:8080/v1&mode=json&max_tokens=256"
        "&temperature=0.7&seed=none&persona=a%2C+b"
    )
    assert (kind, arg) == ("openai", "gemma-3-270m")
    assert options == {
        "base_url": "http://127.0.0.1:8080/v1",
        "mode": "json",
        "max_tokens": 256,
        "temperature": 0.7,
        "seed": None,
        "persona": "a, b",
    }


def test_a_key_given_twice_makes_a_list():
    _, _, options = parse_spec("openai:m?base_url=http://a/v1&base_url=http://b/v1")
    assert options == {"base_url": ["http://a/v1", "http://b/v1"]}


def test_make_agent_builds_the_agent_with_the_specs_options():
    agent = make_agent("openai:gemma-3-270m?base_url=http://127.0.0.1:9/v1&mode=json&timeout=5")
    assert (agent.model, agent.mode.value, agent.timeout) == ("gemma-3-270m", "json", 5)
    assert make_agent("scripted?strategy=value").name.startswith("scripted")


@pytest.mark.parametrize(
    "spec, message",
    [
        ("openai:m?base_url=http://x/v1&colour=red", "unknown option 'colour'"),
        ("random?speed=3", "unknown option 'speed'"),
        ("openai:m?base_url", "key=value pairs"),
        ("openai:m?base_url=http://x/v1&mode=yaml", "mode must be text, json or tools"),
        ("openai:m?2x=1", "not an option name"),
    ],
)
def test_bad_options_are_config_errors(spec, message):
    with pytest.raises(ConfigError, match=message):
        make_agent(spec)


def test_an_option_in_the_spec_and_the_call_must_agree():
    with pytest.raises(ConfigError, match="given twice"):
        make_agent("openai:m?base_url=http://x/v1&mode=json", mode="text")
    assert make_agent("openai:m?base_url=http://x/v1&mode=json", mode="json").mode.value == "json"


def test_a_tournament_agent_takes_its_options_from_the_spec():
    from parlour.arena.spec import AgentEntry

    entry = AgentEntry("bot", "scripted?strategy=value", {"seed_offset": 1})
    assert (entry.spec, entry.options) == ("scripted", {"seed_offset": 1, "strategy": "value"})
    llm = AgentEntry("m", "openai:m?mode=json")
    assert llm.is_llm and llm.options == {"mode": "json"}
    with pytest.raises(ConfigError, match="in the spec and in options"):
        AgentEntry("m", "openai:m?mode=json", {"mode": "text"})
