"""LLM players through the official ``openai`` client: OpenAI or any compatible server.

One decision (:class:`~parlour.llm.decision.Decision`) = build the messages, ask, read the action
once with the env's own parser, re-ask in the mode's own terms at most ``max_reasks`` times, retry
transient transport faults with bounded backoff, and when all that fails submit no action so the
env applies the game's documented default. A game never hangs on a dead server and never crashes
on a bad reply: whatever fails in talking to the server or reading its reply (see
:mod:`parlour.llm.responses`) is a recorded failed attempt. Every call is recorded.

``act`` drives a decision with the sync client and ``aact`` with ``AsyncOpenAI``; the replicas a
seat may call are in :mod:`parlour.llm.servers`.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from parlour.agents.base import BaseAgent
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.llm.cache import ResponseCache
from parlour.llm.decision import FALLBACK_ACTION, Decision
from parlour.llm.prompts import OutputMode, output_mode
from parlour.llm.records import PRICES, CallRecord
from parlour.llm.responses import CallFault, Completion, classify_error, read_response
from parlour.llm.servers import Servers, server_urls, tls_context

if TYPE_CHECKING:
    from parlour.core.view import SeatView


def _api_key(urls: list[str | None], api_key: str | None) -> str:
    """The key: the argument, else ``OPENAI_API_KEY``; a local server (a base URL) needs none."""
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if api_key is None:
        if urls == [None]:
            raise ConfigError(
                "no API key: set OPENAI_API_KEY or pass api_key (or base_url for a local server)"
            )
        api_key = "not-needed"  # local servers ignore it, the client requires one
    return api_key


class OpenAIAgent(BaseAgent):
    """A player backed by a chat-completions model.

    Args:
        model: the model name the server knows (``gpt-4o-mini``, ``llama3.1``, ...).
        base_url: the server (``http://127.0.0.1:8000/v1`` for vLLM, ``http://127.0.0.1:11434/v1``
            for Ollama, ``http://127.0.0.1:8080/v1`` for llama.cpp), or a list of replicas of one
            model (see :mod:`parlour.llm.servers`); default ``OPENAI_BASE_URL`` or OpenAI itself.
        api_key: default ``OPENAI_API_KEY``; local servers accept any key.
        temperature, top_p, seed: sampling parameters sent with each request.
        max_tokens: the completion budget of a request: ``"auto"`` (default) sets one per turn
            (:func:`~parlour.llm.prompts.turn_max_tokens`: room to think before a choice in text
            mode, a short object in json and tools modes, a speech turn's longest line); a
            number sets it for every turn; None sends none (the server's own limit, which
            llama.cpp does not have: it generates until the timeout).
        timeout: seconds for one HTTP call; a call that takes longer ends the decision (the
            server is slower than this, and asking again only doubles the wait).
        max_retries: retries of transient transport faults (connection, 429, 5xx) per attempt.
        max_reasks: re-asks after an invalid reply before giving up (default 1: a decision takes
            at most two generations, and a model that missed twice rarely hits on a third).
        reask_temperature: the least temperature of a re-ask (None: the agent's own), so a model
            at temperature 0 does not give the same reply to the same question.
        mode: ``"text"``, ``"json"`` or ``"tools"`` (see :class:`~parlour.llm.prompts.OutputMode`).
        system_prompt, persona: replace the generic preamble; add a persona line.
        max_context_chars: the request budget; older event lines are dropped beyond it.
        cache: a :class:`ResponseCache` or a path to one; cache_mode: ``read-write`` (default with
            a path), ``replay-only`` or ``off``.
        deadline_s: give up on a decision after this many seconds of faults (None: only bounded
            retries limit it); backoff_s, max_wait_s: retry delays.
        prices: USD per million (prompt, completion) tokens by model prefix.
        max_in_flight: cap on concurrent async requests to each server from all agents of the
            process (None: no cap); tournaments set it.
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | Sequence[str] | None = None,
        api_key: str | None = None,
        temperature: float | None = 0.0,
        top_p: float | None = None,
        seed: int | None = None,
        max_tokens: int | str | None = "auto",
        timeout: float = 60.0,
        max_retries: int = 3,
        max_reasks: int = 1,
        reask_temperature: float | None = 0.7,
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
        _check_numbers(max_retries, max_reasks, timeout, max_tokens, max_in_flight)
        self.model = model
        self.name = f"openai:{model}"
        urls = server_urls(base_url)
        self.api_key = _api_key(urls, api_key)
        self.servers = Servers(urls, max_in_flight)
        self.base_url = urls[0]
        sampling = {"temperature": temperature, "top_p": top_p, "seed": seed}
        self.sampling = {k: v for k, v in sampling.items() if v is not None}
        self.max_tokens, self.reask_temperature = max_tokens, reask_temperature
        self.timeout, self.max_retries, self.max_reasks = timeout, max_retries, max_reasks
        self.mode: OutputMode = output_mode(mode)
        self.system_prompt = system_prompt
        self.persona = persona
        self.max_context_chars = max_context_chars
        self.cache = cache if cache is None or isinstance(cache, ResponseCache) else None
        if cache is not None and self.cache is None:
            self.cache = ResponseCache(cache, cache_mode)
        self.deadline_s, self.backoff_s, self.max_wait_s = deadline_s, backoff_s, max_wait_s
        self.prices = prices
        self.max_in_flight = max_in_flight
        self.records: list[CallRecord] = []
        self._decisions = 0
        self._jitter = np.random.default_rng(0)
        self._clients: dict[str, Any] = {}
        self._aclients: dict[str, Any] = {}
        self._aclient_loop: asyncio.AbstractEventLoop | None = None

    @property
    def server_key(self) -> str:
        """The servers as the response cache names them (replicas share answers)."""
        return self.servers.key

    def reset(
        self, agent_id: AgentId, seed: int | None = None, view: SeatView | None = None
    ) -> None:
        super().reset(agent_id, seed, view)
        self.records = []
        self._decisions = 0
        self._jitter = np.random.default_rng(seed)

    async def aclose(self) -> None:
        """Close the async clients (call before their event loop ends; ``aplay_game`` does)."""
        for client in self._aclients.values():
            await client.close()
        self._aclients, self._aclient_loop = {}, None

    def close(self) -> None:
        """Close the sync clients."""
        for client in self._clients.values():
            client.close()
        self._clients = {}

    # -- transport --------------------------------------------------------------------------------
    def _client(self, url: str | None, asynchronous: bool) -> Any:
        # openai is imported on first use: agents that never call a model never load it
        import openai

        if asynchronous:
            loop = asyncio.get_running_loop()
            if self._aclient_loop is not loop:  # clients are bound to their event loop
                self._aclients, self._aclient_loop = {}, loop
            clients, make, http = self._aclients, openai.AsyncOpenAI, openai.DefaultAsyncHttpxClient
        else:
            clients, make, http = self._clients, openai.OpenAI, openai.DefaultHttpxClient
        client = clients.get(url or "")
        if client is None:
            client = clients[url or ""] = make(
                base_url=url,
                api_key=self.api_key,
                max_retries=0,
                timeout=self.timeout,
                http_client=http(verify=tls_context()),
            )
        return client

    # The sync and async drivers differ only in how they wait and call; the rest is here.
    def _answer_from_cache(self, decision: Decision) -> bool:
        """Feed a cached response to ``decision``; False on a miss (or without a cache)."""
        hit = self.cache.get(decision.key()) if self.cache is not None else None
        if hit is not None:
            decision.feed(Completion(**hit), cached=True)
        return hit is not None

    def _settle(self, decision: Decision, result: Completion | CallFault) -> None:
        """Store a fresh response in the cache and feed it (or the fault) to ``decision``."""
        if self.cache is not None and isinstance(result, Completion):
            self.cache.put(decision.key(), result.__dict__)
        decision.feed(result)

    def _finish(self, decision: Decision) -> str:
        self._decisions += 1
        return decision.action or FALLBACK_ACTION

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        decision = Decision(self, observation, info)
        while not decision.done:
            if decision.wait:
                time.sleep(decision.wait)
            if self._answer_from_cache(decision):
                continue
            url = decision.server = self.servers.pick()
            try:
                response = self._client(url, False).post(**_chat_request(decision))
                result = read_response(response)
            except Exception as error:
                result = classify_error(error)
            self._settle(decision, result)
        return self._finish(decision)

    async def aact(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        decision = Decision(self, observation, info)
        while not decision.done:
            if decision.wait:
                await asyncio.sleep(decision.wait)
            if self._answer_from_cache(decision):
                continue
            url = decision.server = self.servers.pick()
            try:
                async with self.servers.slot(url):
                    response = await self._client(url, True).post(**_chat_request(decision))
                result = read_response(response)
            except Exception as error:
                result = classify_error(error)
            self._settle(decision, result)
        return self._finish(decision)


def _chat_request(decision: Decision) -> dict[str, Any]:
    """The client's ``post`` arguments for a chat completion of ``decision``'s request.

    The body is posted as it is, through the client's documented way of sending a request's
    JSON (``client.post``), rather than ``chat.completions.create``: that one walks every
    message through its typed-parameter transform first, about 2.5 ms of CPU a request, which
    made 16 concurrent games CPU-bound on two cores. The response comes back as the plain JSON
    data (``cast_to=object``) rather than typed objects, whose construction cost another 0.6 ms
    a request; :func:`read_response` checks every part of it anyway.
    """
    return {"path": "/chat/completions", "body": decision.request(), "cast_to": object}


def _check_numbers(
    max_retries: int,
    max_reasks: int,
    timeout: float,
    max_tokens: int | str | None,
    max_in_flight: int | None,
) -> None:
    if max_retries < 0 or max_reasks < 0 or timeout <= 0:
        raise ConfigError("max_retries and max_reasks must be >= 0 and timeout > 0")
    whole = isinstance(max_tokens, int) and not isinstance(max_tokens, bool)
    if max_tokens not in (None, "auto") and not (whole and max_tokens >= 1):  # type: ignore[operator]
        raise ConfigError(
            f"max_tokens must be auto, none or a whole number >= 1, actual value: {max_tokens!r}"
        )
    if max_in_flight is not None and max_in_flight < 1:
        raise ConfigError(f"max_in_flight must be >= 1, actual value: {max_in_flight}")
