"""One LLM decision as a state machine without I/O: ask, read, re-ask, retry, give up.

The agent's sync and async drivers feed it responses and faults; it says what to send next, how
long to wait first, and when it has an action. The rules it keeps:

- A reply is read once, with the env's own grammar; an invalid one is re-asked at most
  ``max_reasks`` times, saying what was wrong in the mode's own terms. Re-asks sample at
  ``reask_temperature`` at least (a model at temperature 0 answers the same messages the same).
- A speech reply that echoes the game's text or refuses to play is re-asked, never published.
- Transient faults (connection, 429, 5xx, malformed or empty responses) are retried with
  backoff; a timeout or a client error (400...) is final for the decision, except a prompt over
  the server's context, which is sent once more with a history cut to half.
- When nothing valid came back, the decision submits no action (empty text): the env applies
  the game's default and tells the player no valid action was received.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from parlour.core.actions import spec_from_info
from parlour.core.errors import ActionError, AmbiguousAction, IllegalAction
from parlour.core.number_forms import shown_bounds
from parlour.llm.cache import ResponseCache
from parlour.llm.echoes import own_text, speech_problem
from parlour.llm.prompts import (
    OutputMode,
    answer_shape,
    build_messages,
    reply_to_action,
    request_options,
    turn_max_tokens,
)
from parlour.llm.records import CallRecord, cost_of
from parlour.llm.responses import (
    CallFault,
    Completion,
    bounded_wait,
    is_context_overflow,
    is_final,
)

if TYPE_CHECKING:
    from parlour.agents.openai_agent import OpenAIAgent

#: What a give-up submits: empty text, which every game answers with its documented default.
FALLBACK_ACTION = ""


class Decision:
    """One decision's attempts and retries."""

    def __init__(
        self, agent: OpenAIAgent, observation: Mapping[str, Any], info: Mapping[str, Any]
    ) -> None:
        self.agent = agent
        self.info = info
        self.spec = spec_from_info(info)
        self.observation = str(observation.get("text", ""))
        self.speech = info.get("max_speech_chars") is not None
        self.context_chars = agent.max_context_chars
        self.messages = self._first_messages()
        # what a speech reply must not copy (the system message and the prompt), folded once
        self.given = (
            own_text(self.messages[0]["content"], self.messages[-1]["content"])
            if self.speech
            else ""
        )
        self.index = agent._decisions
        self.attempt = 0
        self.retries = 0
        self.shrunk = False
        self.faults: list[str] = []
        self.started = time.monotonic()
        self.call_started = self.started
        self.action: str | None = None
        self.wait = 0.0
        self.server = ""  # the replica the current call goes to (set by the driver)

    @property
    def done(self) -> bool:
        return self.action is not None

    def _first_messages(self) -> list[dict[str, str]]:
        agent = self.agent
        return build_messages(
            self.observation,
            mode=agent.mode,
            system_prompt=agent.system_prompt,
            persona=agent.persona,
            max_context_chars=self.context_chars,
        )

    @property
    def max_tokens(self) -> int | None:
        """This request's completion budget: the agent's, or the turn's under ``"auto"``."""
        wanted = self.agent.max_tokens
        return turn_max_tokens(self.agent.mode, self.info) if wanted == "auto" else wanted

    def request(self) -> dict[str, Any]:
        agent = self.agent
        body: dict[str, Any] = {"model": agent.model, "messages": self.messages, **agent.sampling}
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        if self.attempt:  # vary what must vary: the same messages get the same reply at t=0
            floor = agent.reask_temperature
            if floor is not None and (body.get("temperature") or 0.0) < floor:
                body["temperature"] = floor
            if "seed" in body:
                body["seed"] += self.attempt
        body.update(request_options(agent.mode, self.info))
        return body

    def key(self) -> str:
        agent = self.agent
        return ResponseCache.key(
            base_url=agent.server_key,
            model=agent.model,
            messages=self.messages,
            params={**agent.sampling, "mode": agent.mode.value, "max_tokens": self.max_tokens},
            decision=self.index,
            attempt=self.attempt,
        )

    def _record(self, **fields: Any) -> CallRecord:
        agent = self.agent
        record = CallRecord(
            seat=agent.agent_id or "",
            model=agent.model,
            mode=agent.mode.value,
            decision=self.index,
            attempt=self.attempt,
            messages=self.messages,  # (replaced on a re-ask, never changed in place)
            transport_retries=self.retries,
            latency_s=time.monotonic() - self.call_started,
            faults=list(self.faults),
            server=self.server,
            **fields,
        )
        agent.records.append(record)
        return record

    # -- responses --------------------------------------------------------------------------------
    def feed(self, result: Completion | CallFault, cached: bool = False) -> None:
        """Advance on a response or a fault; sets ``action`` when finished, else ``wait``."""
        self.wait = 0.0
        if isinstance(result, CallFault):
            self._on_fault(result)
            return
        agent = self.agent
        cut = result.finish_reason == "length"
        facts = {
            "raw_reply": result.text,
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "finish_reason": result.finish_reason,
            "system_fingerprint": result.system_fingerprint,
            "reasoning": result.reasoning,
            "cached": cached,
            "warning": f"the reply was cut at max_tokens={self.max_tokens}" if cut else None,
            "cost_usd": 0.0
            if cached
            else cost_of(agent.model, result.prompt_tokens, result.completion_tokens, agent.prices),
        }
        try:
            written = reply_to_action(result.text, agent.mode, self.info, result.tool_called)
            problem = speech_problem(written, self.given) if self.speech else None
            if problem is not None:
                self._record(error=problem, rejected="echo", **facts)
                self._reask(result.text, problem)
                return
            # parsed once, here, with the env's grammar; the env reads the canonical text back
            action = self.spec.parse(written)
        except Exception as error:  # a reply is data: whatever fails in reading it is its fault
            reason = self._reason(error, cut)
            self._record(error=reason, rejected=_rejection(error), **facts)
            self._reask(result.text, reason)
            return
        self._record(action=action, valid=True, **facts)
        self.action = action

    def _reason(self, error: Exception, cut: bool) -> str:
        """Why a reply was not accepted, in the mode's own terms."""
        if cut and self.agent.mode is OutputMode.TEXT:
            return (
                f"it was cut off at {self.max_tokens} tokens before it ended with an action;"
                " think less"
            )
        if isinstance(error, ActionError):
            if self.agent.mode is OutputMode.TEXT or isinstance(error, AmbiguousAction):
                return error.reason
            numbers = self.spec.legal.numbers
            if isinstance(error, IllegalAction) and len(numbers) == 1:
                low, high = shown_bounds(numbers[0])  # (servers may not enforce a schema's range)
                return f"that number is not allowed now: it must be from {low} to {high}"
            return f"that action is not allowed now, got {error.got}"
        if isinstance(error, ValueError):
            return str(error)[:300]
        return f"the reply could not be read ({type(error).__name__})"

    def _reask(self, reply: str, reason: str) -> None:
        agent = self.agent
        if self.attempt >= agent.max_reasks:
            self._fallback(f"no valid reply after {self.attempt + 1} replies; last: {reason}")
            return
        self.attempt += 1
        self.retries = 0
        self.call_started = time.monotonic()
        shape = answer_shape(agent.mode, self.info, self.spec)
        self.messages = [
            *self.messages,
            {"role": "assistant", "content": reply[: agent.max_context_chars // 4]},
            {
                "role": "user",
                "content": f"That reply was not accepted: {reason}. Answer again with {shape}.",
            },
        ]

    # -- faults -----------------------------------------------------------------------------------
    def _on_fault(self, fault: CallFault) -> None:
        agent = self.agent
        self.faults.append(fault.kind)
        record = self._record(fault=fault.kind, error=fault.message)
        if is_context_overflow(fault) and not self.shrunk:
            self._shrink()
            return
        if is_final(fault):
            self._fallback(f"{fault.kind}: {fault.message}")
            return
        agent.servers.failed(self.server)
        self.retries += 1
        out_of_time = (
            agent.deadline_s is not None and time.monotonic() - self.started >= agent.deadline_s
        )
        if self.retries > agent.max_retries or out_of_time:
            self._fallback(
                f"transport failed {self.retries} times; last: {fault.kind}: {fault.message}"
            )
            return
        backoff = agent.backoff_s * 2 ** (self.retries - 1)
        jitter = agent.backoff_s * float(agent._jitter.random())
        wanted = fault.retry_after if fault.retry_after is not None else backoff + jitter
        self.wait = bounded_wait(wanted, agent.max_wait_s)
        record.wait_s = self.wait
        self.call_started = time.monotonic()

    def _shrink(self) -> None:
        """Send the decision once more with half the history (the server's context is full)."""
        self.shrunk = True
        self.context_chars = max(self.context_chars // 2, 1000)
        self.messages = self._first_messages()
        self.attempt = 0
        self.call_started = time.monotonic()

    def _fallback(self, reason: str) -> None:
        self._record(error=reason, fallback=True, action=FALLBACK_ACTION)
        self.action = FALLBACK_ACTION


def _rejection(error: Exception) -> str:
    """The kind of an invalid reply, as the records count them."""
    if isinstance(error, AmbiguousAction):
        return "ambiguous"
    if isinstance(error, IllegalAction):
        return "illegal"
    if isinstance(error, ActionError):
        return "malformed"
    return "unreadable"
