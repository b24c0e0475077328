"""What comes back from a chat-completions server, read without trusting it.

A call ends in a :class:`Completion` (a reply with text in it) or a :class:`CallFault`; nothing a
server sends, however malformed (no choices, a tool call whose arguments are not text, token
counts that are not numbers, a Retry-After of ``-1``, ``nan`` or a date), raises out of here or
makes an agent sleep for a time ``time.sleep`` refuses.
"""

from __future__ import annotations

import datetime
import json
import math
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any


@dataclass(frozen=True)
class Completion:
    """The parts of a response an agent uses (and the cache stores): JSON values only."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None
    system_fingerprint: str | None = None
    #: whether the text came from a tool call (a server may ignore ``tools`` and answer in text)
    tool_called: bool = False
    #: a thinking model's ``reasoning_content``, kept for the records
    reasoning: str | None = None


@dataclass(frozen=True)
class CallFault:
    """A request that brought no usable response: its kind (``timeout``, ``connection``, ``429``,
    ``5xx``, ``status_4xx``, ``malformed``, ``empty``...), what was said, and the wait the server
    asked for."""

    kind: str
    message: str
    retry_after: float | None = None


def read_response(response: Any) -> Completion | CallFault:
    """The text (or tool arguments) and usage of a response body; an empty one is a fault.

    ``response`` is the body's JSON as the server sent it (the client is asked for the plain
    data, not typed objects), so any part may be missing or of another type than the API says:
    each is checked, and a response without a text is a fault.
    """
    choices = _field(response, "choices")
    if not isinstance(choices, list) or not choices:
        return CallFault("malformed", "the response has no choices")
    choice = choices[0]
    message = _field(choice, "message")
    if not isinstance(message, dict):
        return CallFault("malformed", "the response's choice has no message")
    text = message.get("content")
    calls = message.get("tool_calls")
    if calls:
        if not isinstance(calls, list):
            return CallFault("malformed", "the response's tool_calls is not a list")
        text = _field(_field(calls[0], "function"), "arguments")
    reasoning = message.get("reasoning_content")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return CallFault("malformed", f"the reply is a {type(text).__name__}, not text")
    if not text.strip():
        return CallFault("empty", "the reply was empty")
    usage = _field(response, "usage")
    return Completion(
        text=text,
        prompt_tokens=_count(_field(usage, "prompt_tokens")),
        completion_tokens=_count(_field(usage, "completion_tokens")),
        finish_reason=_label(_field(choice, "finish_reason")),
        system_fingerprint=_label(_field(response, "system_fingerprint")),
        tool_called=bool(calls),
        reasoning=reasoning if isinstance(reasoning, str) and reasoning else None,
    )


def _field(data: Any, name: str) -> Any:
    """``data[name]`` where ``data`` is a JSON object, else None."""
    return data.get(name) if isinstance(data, dict) else None


def _count(value: Any) -> int:
    """A token count as reported, or 0 where the server sent something else."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _label(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def classify_error(error: Exception) -> CallFault:
    """The fault that an exception raised while calling the server stands for."""
    import openai

    message = str(error)[:300]
    if isinstance(error, openai.APITimeoutError):
        return CallFault("timeout", message)
    if isinstance(error, openai.APIConnectionError):
        return CallFault("connection", message)
    if isinstance(error, openai.RateLimitError):
        return CallFault("429", message, retry_after(error.response.headers.get("retry-after")))
    if isinstance(error, openai.APIStatusError):
        return CallFault(
            "5xx" if error.status_code >= 500 else f"status_{error.status_code}", message
        )
    if isinstance(error, (json.JSONDecodeError, ValueError, openai.APIResponseValidationError)):
        return CallFault("malformed", message)
    return CallFault(type(error).__name__, message)


#: Status faults that say nothing about the request itself: worth another try.
_TRANSIENT_STATUS = frozenset({"status_408", "status_409"})
#: Words with which servers say a prompt is over the model's context (OpenAI, vLLM, llama.cpp,
#: Ollama).
_CONTEXT_WORDS = (
    "context length",
    "context_length",
    "context window",
    "n_ctx",
    "too long",
    "maximum context",
    "exceeds the available context",
    "exceed_context",
)


def is_final(fault: CallFault) -> bool:
    """Whether asking again cannot help: a client error (400, 401, 404, 422...; not 408, 409 or
    429) is an answer about the request, and a timeout means the server is slower than the
    agent's ``timeout``, which a retry of the same request only doubles."""
    if fault.kind == "timeout":
        return True
    return fault.kind.startswith("status_4") and fault.kind not in _TRANSIENT_STATUS


def is_context_overflow(fault: CallFault) -> bool:
    """Whether a client error says the prompt is over the model's context."""
    message = fault.message.lower()
    return fault.kind.startswith("status_4") and any(w in message for w in _CONTEXT_WORDS)


def retry_after(header: str | None, now: float | None = None) -> float | None:
    """The seconds a ``Retry-After`` header asks for: a number of seconds or an HTTP date.

    None where the header is missing or says nothing usable (negative, NaN, neither form), so the
    agent's own backoff applies; a date in the past is 0; an infinite or huge value is returned
    as it is, for the agent to cut to ``max_wait_s``.

    Example:
        >>> retry_after("2"), retry_after("-1"), retry_after("nan"), retry_after("soon")
        (2.0, None, None, None)
        >>> retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
        10.0
    """
    if header is None:
        return None
    try:
        seconds = float(header)
    except ValueError:
        seconds = _seconds_until(header, time.time() if now is None else now)
    if seconds is None or math.isnan(seconds) or seconds < 0:
        return None
    return seconds


def _seconds_until(date: str, now: float) -> float | None:
    try:
        moment = parsedate_to_datetime(date)
        if moment.tzinfo is None:  # RFC 9110 dates are GMT
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return max(0.0, moment.timestamp() - now)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def bounded_wait(seconds: float, most: float) -> float:
    """A wait that ``time.sleep`` accepts: ``seconds`` cut to ``[0, most]`` (``most`` at most a
    day; a NaN or negative value of either counts as 0)."""
    most = min(most, 86_400.0) if most >= 0 else 0.0
    return min(seconds, most) if seconds >= 0 else 0.0
