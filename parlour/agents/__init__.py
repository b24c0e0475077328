"""Agents: the protocol, built-in players and spec strings (``random``, ``scripted``, ``human``)."""

from parlour.agents.base import Agent, BaseAgent
from parlour.agents.human import HumanAgent
from parlour.agents.random_agent import RandomAgent
from parlour.agents.scripted import ScriptedAgent
from parlour.agents.specs import agent_kinds, make_agent, register_agent

__all__ = [
    "Agent",
    "BaseAgent",
    "HumanAgent",
    "RandomAgent",
    "ScriptedAgent",
    "agent_kinds",
    "make_agent",
    "register_agent",
]
