"""The ``human`` agent for the terminal: shows the observation, reads a line of input."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from parlour.agents.base import BaseAgent


class HumanAgent(BaseAgent):
    """A person at the terminal. Prints the new part of the observation and the accepted forms.

    Args:
        read: returns one line typed by the person (default: ``input``).
        out: where to print (default: standard output).
    """

    name = "human"

    def __init__(self, read: Callable[[str], str] | None = None, out: TextIO | None = None) -> None:
        super().__init__()
        self._read = read or input
        self._out = out
        self._shown = ""

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        out = self._out or sys.stdout
        text = str(observation.get("text", ""))
        fresh = text[len(self._shown) :] if text.startswith(self._shown) else text
        self._shown = text
        print(fresh, file=out, flush=True)
        legal = info.get("legal_actions")
        if legal:
            print("Options: " + "  ".join(legal), file=out, flush=True)
        try:
            return self._read(f"{self.agent_id}> ")
        except EOFError:
            return ""  # closed input: the env applies the documented default
