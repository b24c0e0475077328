"""The ``human`` agent for the terminal: shows what is new in the observation, reads a line."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from parlour.agents.base import BaseAgent
from parlour.core.text import EVENTS_HEADING, PROMPT_HEADING


class HumanAgent(BaseAgent):
    """A person at the terminal.

    The first observation is printed whole (the rules, the player's card, what happened, the
    question); after that only what is new: the card's changed lines, the new events, and the
    question of the turn (``## Now``), with the accepted forms. A refused action's reason (the
    ``invalid_action`` of ``info``) is printed before the question is asked again.

    Args:
        read: returns one line typed by the person (default: ``input``).
        out: where to print (default: standard output).
    """

    name = "human"

    def __init__(self, read: Callable[[str], str] | None = None, out: TextIO | None = None) -> None:
        super().__init__()
        self._read = read or input
        self._out = out
        self._shown: tuple[list[str], list[str], str] | None = None
        #: whether the input ended (end of file, Ctrl-D): no more answers will come
        self.closed = False

    @property
    def out(self) -> TextIO:
        return self._out or sys.stdout

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        out = self.out
        text = str(observation.get("text", ""))
        first = self._shown is None
        fresh = self.news(text)
        if fresh:
            print(fresh if first else f"\n{fresh}", file=out, flush=True)
        if info.get("invalid_action"):
            print(f"Not accepted: {info['invalid_action']}", file=out, flush=True)
        legal = info.get("legal_actions")
        if legal and not all(action in text for action in legal):
            print("Options: " + "  ".join(legal), file=out, flush=True)
        try:
            return self._read(f"{self.agent_id}> ")
        except EOFError:
            self.closed = True
            return ""  # closed input: the env applies the documented default

    def news(self, text: str, now: bool = True) -> str:
        """What the observation ``text`` adds to what was shown (all of it the first time),
        remembered as shown; ``now=False`` leaves out its ``## Now`` part (the question), for
        news between the person's turns."""
        head, events, question = _sections(text)
        last = self._shown
        if last is None:
            self._shown = (head, events, question if now else "")
            return text if now else text.partition(f"\n{PROMPT_HEADING}\n")[0].rstrip("\n")
        self._shown = (head, events, question if now else last[2])
        parts = [_added(last[0], head), _added(last[1], events)]
        if now and question and (question != last[2] or any(parts)):
            parts.append(f"\n{PROMPT_HEADING}\n{question}")
        return "\n".join(part for part in parts if part)


def _sections(text: str) -> tuple[list[str], list[str], str]:
    """(the header's lines, the event lines, the ``Now`` part) of an observation."""
    body, sep, now = text.partition(f"\n{PROMPT_HEADING}\n")
    if not sep:
        body, now = text, ""
    head, sep, events = body.partition(f"\n{EVENTS_HEADING}\n")
    if not sep:
        head, events = body, ""
    return head.split("\n"), [line for line in events.split("\n") if line.strip()], now.strip("\n")


def _added(old: list[str], new: list[str]) -> str:
    """The lines of ``new`` that ``old`` does not have in place (appended, inserted, changed)."""
    if new[: len(old)] == old:
        return "\n".join(new[len(old) :])
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    added = [
        line
        for tag, _, _, start, end in matcher.get_opcodes()
        if tag in ("insert", "replace")
        for line in new[start:end]
    ]
    return "\n".join(added)
