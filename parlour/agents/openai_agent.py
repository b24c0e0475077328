"""LLM players through the official ``openai`` client: OpenAI or any compatible server.

One decision = build the messages, ask, read the action, check it with the env's own parser;
re-ask with the parser's exact reason at most ``max_reasks`` times; survive transport faults with
bounded retries (backoff with jitter, Retry-After honoured when it makes sense, cut to
``max_wait_s``); and when all that fails, submit an empty action so the env applies the game's
documented default, marking the call as a fallback. A game never hangs on a dead server and never
crashes on a bad reply: whatever fails in talking to the server or reading its reply (see
:mod:`parlour.llm.responses`) is a recorded failed attempt. Every call is recorded.

The decision logic is written once, without I/O (:class:`_Decision`); ``act`` drives it with the
sync client and ``aact`` with ``AsyncOpenAI``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import ssl
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from parlour.agents.base import BaseAgent
from parlour.core.actions import spec_from_info
from parlour.core.errors import ActionError, ConfigError
from parlour.core.events import AgentId
from parlour.llm.cache import ResponseCache
from parlour.llm.prompts import (
    OutputMode,
    build_messages,
    output_mode,
    reply_to_action,
    request_options,
)
from parlour.llm.records import PRICES, CallRecord, cost_of
from parlour.llm.responses import (
    CallFault,
    Completion,
    bounded_wait,
    classify_error,
    read_response,
)

if TYPE_CHECKING:
    from parlour.core.view import SeatView

#: What a fallback submits: empty text, which every game answers with its documented default.
FALLBACK_ACTION = ""


def _server(base_url: str | None, api_key: str | None) -> tuple[str | None, str]:
    """The server's address and key: the arguments, else ``OPENAI_BASE_URL`` and
    ``OPENAI_API_KEY``; a local server (a base URL) needs no key."""
    base_url = base_url or os.environ.get("OPENAI_BASE_URL")
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if api_key is None:
        if base_url is None:
            raise ConfigError(
                "no API key: set OPENAI_API_KEY or pass api_key (or base_url for a local server)"
            )
        api_key = "not-needed"  # local servers ignore it, the client requires one
    return base_url, api_key


class _Decision:
    """One decision's attempts and retries, as a state machine without I/O."""

    def __init__(
        self, agent: OpenAIAgent, observation: Mapping[str, Any], info: Mapping[str, Any]
    ) -> None:
        self.agent = agent
        self.info = info
        self.spec = spec_from_info(info)
        self.messages: list[dict[str, str]] = build_messages(
            str(observation.get("text", "")),
            mode=agent.mode,
            system_prompt=agent.system_prompt,
            persona=agent.persona,
            max_context_chars=agent.max_context_chars,
        )
        self.index = agent._decisions
        self.attempt = 0
        self.retries = 0
        self.faults: list[str] = []
        self.started = time.monotonic()
        self.call_started = self.started
        self.action: str | None = None
        self.wait = 0.0

    @property
    def done(self) -> bool:
        return self.action is not None

    def request(self) -> dict[str, Any]:
        agent = self.agent
        body: dict[str, Any] = {"model": agent.model, "messages": self.messages, **agent.sampling}
        body.update(request_options(agent.mode, self.info))
        return body

    def key(self) -> str:
        agent = self.agent
        return ResponseCache.key(
            base_url=agent.base_url or "",
            model=agent.model,
            messages=self.messages,
            params={**agent.sampling, "mode": agent.mode.value},
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
            messages=[dict(m) for m in self.messages],
            transport_retries=self.retries,
            latency_s=time.monotonic() - self.call_started,
            faults=list(self.faults),
            **fields,
        )
        agent.records.append(record)
        return record

    def feed(self, result: Completion | CallFault, cached: bool = False) -> None:
        """Advance on a response or a fault; sets ``action`` when finished, else ``wait``."""
        self.wait = 0.0
        if isinstance(result, CallFault):
            self._on_fault(result)
            return
        agent = self.agent
        tokens = {
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "finish_reason": result.finish_reason,
            "system_fingerprint": result.system_fingerprint,
            "cached": cached,
            "cost_usd": 0.0
            if cached
            else cost_of(agent.model, result.prompt_tokens, result.completion_tokens, agent.prices),
        }
        try:
            # parsed once, here, with the env's grammar; the env reads the canonical text back
            action = self.spec.parse(reply_to_action(result.text, agent.mode, self.info))
        except Exception as error:  # a reply is data: whatever fails in reading it is its fault
            reason = _reason(error)
            self._record(raw_reply=result.text, error=reason, **tokens)
            self._reask(result.text, reason)
            return
        self._record(raw_reply=result.text, action=action, valid=True, **tokens)
        self.action = action

    def _reask(self, reply: str, reason: str) -> None:
        if self.attempt >= self.agent.max_reasks:
            self._fallback(f"invalid after {self.attempt + 1} replies: {reason}")
            return
        self.attempt += 1
        self.retries = 0
        self.call_started = time.monotonic()
        self.messages = [
            *self.messages,
            {"role": "assistant", "content": reply[: self.agent.max_context_chars // 4]},
            {
                "role": "user",
                "content": f"That reply was not accepted: {reason}."
                f" Reply with {self.spec.description}.",
            },
        ]

    def _on_fault(self, fault: CallFault) -> None:
        agent = self.agent
        self.faults.append(fault.kind)
        record = self._record(fault=fault.kind, error=fault.message)
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

    def _fallback(self, reason: str) -> None:
        self._record(error=reason, fallback=True, action=FALLBACK_ACTION)
        self.action = FALLBACK_ACTION


class OpenAIAgent(BaseAgent):
    """A player backed by a chat-completions model.

    Args:
        model: the model name the server knows (``gpt-4o-mini``, ``llama3.1``, ...).
        base_url: the server (``http://localhost:8000/v1`` for vLLM, ``http://localhost:11434/v1``
            for Ollama, ``http://localhost:8080/v1`` for llama.cpp); default ``OPENAI_BASE_URL`` or
            OpenAI itself.
        api_key: default ``OPENAI_API_KEY``; local servers accept any key.
        temperature, top_p, seed, max_tokens: sampling parameters sent with each request.
        timeout: seconds for one HTTP call; max_retries: transport retries per attempt.
        max_reasks: re-asks after an invalid reply before falling back (default 2).
        mode: ``"text"``, ``"json"`` or ``"tools"`` (see :class:`~parlour.llm.prompts.OutputMode`).
        system_prompt, persona: replace the generic preamble; add a persona line.
        max_context_chars: the request budget; older event lines are dropped beyond it.
        cache: a :class:`ResponseCache` or a path to one; cache_mode: ``read-write`` (default with
            a path), ``replay-only`` or ``off``.
        deadline_s: give up on a decision after this many seconds of faults (None: only bounded
            retries limit it); backoff_s, max_wait_s: retry delays.
        prices: USD per million (prompt, completion) tokens by model prefix.
        max_in_flight: cap on concurrent async requests to this ``base_url`` from all agents
            of the process (None: no cap); tournaments set it.
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        temperature: float | None = 0.0,
        top_p: float | None = None,
        seed: int | None = None,
        max_tokens: int | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        max_reasks: int = 2,
        mode: str = "text",
        system_prompt: str | None = None,
        persona: str | None = None,
        max_context_chars: int = 24_000,
        cache: ResponseCache | str | Path | None = None,
        cache_mode: str = "read-write",
        deadline_s: float | None = None,
        backoff_s: float = 0.5,
        max_wait_s: float = 30.0,
        prices: Mapping[str, tuple[float, float]] = PRICES,
        max_in_flight: int | None = None,
    ) -> None:
        super().__init__()
        if not model:
            raise ConfigError("an OpenAI agent needs a model name, as in openai:gpt-4o-mini")
        if max_retries < 0 or max_reasks < 0 or timeout <= 0:
            raise ConfigError("max_retries and max_reasks must be >= 0 and timeout > 0")
        self.model = model
        self.name = f"openai:{model}"
        self.base_url, self.api_key = _server(base_url, api_key)
        sampling = {"temperature": temperature, "top_p": top_p, "seed": seed}
        sampling["max_tokens"] = max_tokens
        self.sampling = {k: v for k, v in sampling.items() if v is not None}
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_reasks = max_reasks
        self.mode: OutputMode = output_mode(mode)
        self.system_prompt = system_prompt
        self.persona = persona
        self.max_context_chars = max_context_chars
        self.cache = (
            cache
            if isinstance(cache, ResponseCache) or cache is None
            else ResponseCache(cache, cache_mode)
        )
        self.deadline_s = deadline_s
        self.backoff_s = backoff_s
        self.max_wait_s = max_wait_s
        self.prices = prices
        if max_in_flight is not None and max_in_flight < 1:
            raise ConfigError(f"max_in_flight must be >= 1, actual value: {max_in_flight}")
        self.max_in_flight = max_in_flight
        self.records: list[CallRecord] = []
        self._decisions = 0
        self._jitter = np.random.default_rng(0)
        self._client: Any = None
        self._aclient: Any = None
        self._aclient_loop: asyncio.AbstractEventLoop | None = None

    def reset(
        self, agent_id: AgentId, seed: int | None = None, view: SeatView | None = None
    ) -> None:
        super().reset(agent_id, seed, view)
        self.records = []
        self._decisions = 0
        self._jitter = np.random.default_rng(seed)

    async def aclose(self) -> None:
        """Close the async client (call before its event loop ends; ``aplay_game`` does)."""
        if self._aclient is not None:
            await self._aclient.close()
            self._aclient = self._aclient_loop = None

    def close(self) -> None:
        """Close the sync client."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- transport --------------------------------------------------------------------------------
    def _clients(self, asynchronous: bool) -> Any:
        # openai is imported on first use: agents that never call a model never load it
        if asynchronous:
            loop = asyncio.get_running_loop()
            if self._aclient is None or self._aclient_loop is not loop:  # clients are loop-bound
                import openai

                self._aclient = openai.AsyncOpenAI(
                    base_url=self.base_url,
                    api_key=self.api_key,
                    max_retries=0,
                    timeout=self.timeout,
                    http_client=openai.DefaultAsyncHttpxClient(verify=_tls_context()),
                )
                self._aclient_loop = loop
            return self._aclient
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                base_url=self.base_url,
                api_key=self.api_key,
                max_retries=0,
                timeout=self.timeout,
                http_client=openai.DefaultHttpxClient(verify=_tls_context()),
            )
        return self._client

    # The sync and async drivers differ only in how they wait and call; the rest is here.
    def _answer_from_cache(self, decision: _Decision) -> bool:
        """Feed a cached response to ``decision``; False on a miss (or without a cache)."""
        hit = self.cache.get(decision.key()) if self.cache is not None else None
        if hit is not None:
            decision.feed(Completion(**hit), cached=True)
        return hit is not None

    def _settle(self, decision: _Decision, result: Completion | CallFault) -> None:
        """Store a fresh response in the cache and feed it (or the fault) to ``decision``."""
        if self.cache is not None and isinstance(result, Completion):
            self.cache.put(decision.key(), result.__dict__)
        decision.feed(result)

    def _finish(self, decision: _Decision) -> str:
        self._decisions += 1
        return decision.action or FALLBACK_ACTION

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        decision = _Decision(self, observation, info)
        while not decision.done:
            if decision.wait:
                time.sleep(decision.wait)
            if self._answer_from_cache(decision):
                continue
            try:
                response = self._clients(False).chat.completions.create(**decision.request())
                result = read_response(response)
            except Exception as error:
                result = classify_error(error)
            self._settle(decision, result)
        return self._finish(decision)

    async def aact(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        decision = _Decision(self, observation, info)
        while not decision.done:
            if decision.wait:
                await asyncio.sleep(decision.wait)
            if self._answer_from_cache(decision):
                continue
            try:
                async with _in_flight_limit(self.base_url, self.max_in_flight):
                    response = await self._clients(True).chat.completions.create(
                        **decision.request()
                    )
                result = read_response(response)
            except Exception as error:
                result = classify_error(error)
            self._settle(decision, result)
        return self._finish(decision)


_LIMITS: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[str, int], asyncio.Semaphore]
] = weakref.WeakKeyDictionary()


def _in_flight_limit(base_url: str | None, limit: int | None) -> Any:
    """One semaphore per (event loop, server, limit): caps concurrent calls to a server."""
    if limit is None:
        return contextlib.nullcontext()
    per_loop = _LIMITS.setdefault(asyncio.get_running_loop(), {})
    return per_loop.setdefault((base_url or "", limit), asyncio.Semaphore(limit))


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every client: building one costs ~30 ms (the certificate store), which
    dominated starting many LLM seats at once."""
    return ssl.create_default_context()


def _reason(error: Exception) -> str:
    """Why a reply was not accepted, as the re-ask tells the model."""
    if isinstance(error, ActionError):
        return error.reason
    if isinstance(error, ValueError):
        return str(error)[:300]
    return f"the reply could not be read ({type(error).__name__})"
