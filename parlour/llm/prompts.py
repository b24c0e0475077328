"""Prompts for LLM players and the reading of their replies.

The system message holds what stays fixed for a seat all game (the rules, the private card, the
output instruction), so servers can cache the prefix; the user message is the rest of the
observation: the events seen so far and the current prompt. Replies are read in one of three
modes; whatever the mode, the shared parser decides whether the action is valid.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.errors import ConfigError
from parlour.core.number_forms import shown_bounds
from parlour.core.numeric import plain_number
from parlour.core.text import EVENTS_HEADING, PROMPT_HEADING

_THINK_OPEN = re.compile("<think>", re.I)
_THINK_CLOSE = re.compile("</think>", re.I)
_OPEN_THINK = re.compile(r"^\s*<think>.*", re.S | re.I)  # reasoning cut off before its end

DEFAULT_SYSTEM = (
    "You are playing a multi-player text game as one of the players. Play to win for your side. "
    "Everything the game tells you is below and in the next message."
)


class OutputMode(str, Enum):
    """How the model returns its action."""

    TEXT = "text"  # free text: the one bracketed token of its last line with one (speech: all)
    JSON = "json"  # response_format json_schema with an "action" field
    TOOLS = "tools"  # one call of the function "act" with an "action" argument


def output_mode(value: str) -> OutputMode:
    try:
        return OutputMode(value)
    except ValueError:
        raise ConfigError(f"mode must be text, json or tools, actual value: {value!r}") from None


def instruction(mode: OutputMode) -> str:
    """How to answer, in the mode's terms (no example action: a game's own forms, at the end of
    each prompt, are the only actions worth copying)."""
    if mode is OutputMode.JSON:
        return (
            'Answer with only a JSON object {"action": ...}: on choice turns one of the listed '
            "actions exactly, on number turns the number, on speech turns your own line."
        )
    if mode is OutputMode.TOOLS:
        return "Answer by calling the function act once with your action."
    return (
        "On choice and number turns you may think first; then write your action alone on the "
        "last line: exactly one of the bracketed forms listed at the end of the game's message, "
        "with its brackets. On speech turns reply with your own line only: no brackets, and "
        "nothing copied from the game's text."
    )


#: Completion tokens a turn may take when the agent's ``max_tokens`` is ``"auto"``: room to
#: think a little before a choice in text mode, a short object in the structured modes, and a
#: speech turn's longest line (about three characters a token) with room to spare.
TEXT_CHOICE_TOKENS, STRUCTURED_CHOICE_TOKENS, SPEECH_TOKEN_MARGIN = 256, 64, 48


def turn_max_tokens(mode: OutputMode, info: Mapping[str, Any]) -> int:
    """The ``max_tokens`` of a request for this turn under the ``"auto"`` setting.

    Example:
        >>> turn_max_tokens(OutputMode.TEXT, {"legal_actions": ["[a]"]})
        256
        >>> turn_max_tokens(OutputMode.JSON, {"max_speech_chars": 300})
        148
    """
    speech = info.get("max_speech_chars")
    if speech is not None:
        return int(speech) // 3 + SPEECH_TOKEN_MARGIN
    return TEXT_CHOICE_TOKENS if mode is OutputMode.TEXT else STRUCTURED_CHOICE_TOKENS


def answer_shape(mode: OutputMode, info: Mapping[str, Any], spec: ActionSpec[Any]) -> str:
    """What a valid answer to this turn is, in the mode's own terms (for re-asks)."""
    speech = info.get("max_speech_chars")
    description = spec.description
    if mode is OutputMode.TEXT:
        if speech is not None:
            return f"your own line only (at most {speech} characters, no brackets)"
        return f"your action alone on the last line, exactly one of: {description}"
    legal = info.get("legal_actions")
    numbers = spec.legal.numbers
    if legal:
        value = "one of " + ", ".join(json.dumps(token) for token in legal)
    elif len(numbers) == 1:
        rule = numbers[0]
        low, high = shown_bounds(rule)
        value = f"{'a whole number' if rule.integer else 'a number'} from {low} to {high}"
        if info.get("choices"):
            value += " or one of " + ", ".join(json.dumps(c) for c in info["choices"])
    elif numbers:
        value = f"a string, one of: {description}"
    else:
        value = f"your own line as a string (at most {speech} characters)"
    if mode is OutputMode.TOOLS:
        return f"a call of the function act with its action argument {value}"
    return f'only a JSON object {{"action": ...}} with action {value}'


def split_observation(text: str) -> tuple[str, str]:
    """(header: rules and card, body: events and prompt) of an observation."""
    head, sep, body = text.partition("\n" + EVENTS_HEADING)
    if not sep:
        return "", text
    return head.strip(), EVENTS_HEADING + body


def fit_context(body: str, room: int) -> str:
    """Trim ``body`` to ``room`` characters by the documented policy.

    The current prompt (from ``## Now``) is always kept whole; the oldest event lines go first, and
    one line says how many were left out. Rules and card live in the system message and are never
    trimmed.
    """
    if len(body) <= room:
        return body
    events, sep, prompt = body.partition("\n" + PROMPT_HEADING)
    lines = events.split("\n")
    heading, lines = lines[0], lines[1:]
    kept: list[str] = []
    used = len(heading) + len(sep) + len(prompt) + 80
    for line in reversed(lines):
        if used + len(line) + 1 > room:
            break
        kept.append(line)
        used += len(line) + 1
    omitted = len(lines) - len(kept)
    notice = f"({omitted} earlier lines omitted to fit the agent's context budget)"
    return "\n".join([heading, notice, *reversed(kept)]) + sep + prompt


def build_messages(
    observation: str,
    *,
    mode: OutputMode,
    system_prompt: str | None = None,
    persona: str | None = None,
    max_context_chars: int = 24_000,
) -> list[dict[str, str]]:
    """The request messages for one decision."""
    header, body = split_observation(observation)
    parts = [system_prompt or DEFAULT_SYSTEM]
    if persona:
        parts.append(f"Your persona: {persona}")
    if header:
        parts.append(header)
    parts.append(instruction(mode))
    system = "\n\n".join(parts)
    room = max(max_context_chars - len(system), 200)
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": fit_context(body, room)},
    ]


def action_schema(info: Mapping[str, Any]) -> dict[str, Any]:
    """JSON schema of the ``action`` field for this turn."""
    legal = info.get("legal_actions")
    if legal:
        return {"type": "string", "enum": list(legal)}
    numbers = info.get("numbers") or []
    if len(numbers) == 1:
        rule = numbers[0]
        choices = list(info.get("choices") or [])
        number = {
            "type": "integer" if rule["integer"] else "number",
            "minimum": rule["low"],
            "maximum": rule["high"],
        }
        return {"anyOf": [number, {"type": "string", "enum": choices}]} if choices else number
    if numbers:  # several numeric forms: the action is written out, e.g. "[punish 3]"
        return {"type": "string"}
    return {"type": "string", "maxLength": int(info.get("max_speech_chars", 500))}


def request_options(mode: OutputMode, info: Mapping[str, Any]) -> dict[str, Any]:
    """Extra request fields for structured modes."""
    schema = {
        "type": "object",
        "properties": {"action": action_schema(info)},
        "required": ["action"],
        "additionalProperties": False,
    }
    if mode is OutputMode.JSON:
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "action", "schema": schema, "strict": True},
            }
        }
    if mode is OutputMode.TOOLS:
        tool = {
            "type": "function",
            "function": {"name": "act", "description": "Take your action.", "parameters": schema},
        }
        return {"tools": [tool], "tool_choice": "required"}
    return {}


def reply_to_action(
    reply: str, mode: OutputMode, info: Mapping[str, Any], tool_called: bool = True
) -> str:
    """The action text in a reply (JSON modes: the ``action`` field; numbers as ``[verb N]``).

    A number is written out in full (``1234567.5``, never ``1.23457e+06``), so the env's parser
    reads back exactly the value the model sent. In tools mode a server that ignored the tools
    (llama.cpp does, for chat templates without tool support) answers in its content: that
    content is read as a JSON answer if it is one, else as a text-mode reply.

    Raises:
        ValueError: a structured reply that is not a JSON object with an ``action`` field that is
            a string or a finite number (whatever else is wrong with it: too deeply nested to
            read, not JSON, a boolean, NaN).
    """
    if mode is OutputMode.TOOLS and not tool_called:
        try:
            return reply_to_action(reply, OutputMode.JSON, info)
        except ValueError:
            return reply_to_action(reply, OutputMode.TEXT, info)
    if mode is OutputMode.TEXT:
        return _OPEN_THINK.sub("", _without_think_blocks(reply)).strip()
    try:
        data = json.loads(reply)
    except RecursionError:
        raise ValueError("the reply nests too deeply to read as JSON") from None
    except ValueError:
        raise ValueError("the reply is not a JSON object") from None
    if not isinstance(data, dict) or "action" not in data:
        raise ValueError('the reply is not a JSON object with an "action" field')
    action = data["action"]
    if isinstance(action, bool) or not isinstance(action, (str, int, float)):
        raise ValueError(f'its "action" is a {_json_type(action)}, not a string or a number')
    if isinstance(action, float) and not math.isfinite(action):
        raise ValueError('its "action" is not a finite number')
    if isinstance(action, str):
        return action
    verb = info.get("number_verb", "bid")
    return f"[{verb} {plain_number(action)}]"


def _json_type(value: Any) -> str:
    """The JSON name of a decoded value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "array"}.get(type(value), type(value).__name__)


def _without_think_blocks(reply: str) -> str:
    """``reply`` with every ``<think>...</think>`` block removed (each ends at the first close
    after it), in one pass: a reply of many openings costs its length, not its length squared."""
    kept: list[str] = []
    position = 0
    while (opening := _THINK_OPEN.search(reply, position)) is not None:
        closing = _THINK_CLOSE.search(reply, opening.end())
        if closing is None:  # no block closes after this opening: none after it does either
            break
        kept.append(reply[position : opening.start()])
        position = closing.end()
    kept.append(reply[position:])
    return "".join(kept)
