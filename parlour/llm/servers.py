"""The servers an LLM seat talks to: one or several replicas of one model.

A seat may name several base URLs (replicas behind no load balancer, say four vLLM processes).
Each call goes to the healthy replica with the fewest calls in flight from this process (in turn
among equals); a replica whose call failed in transport rests for :data:`REST_S` seconds, unless
all of them are resting. ``max_in_flight`` caps the concurrent async calls to each replica from
all the agents of the process (one semaphore per event loop, replica and cap), so a tournament of
many games never floods one server; a tournament on a Ray cluster shares one cap among all its
workers instead (:func:`share_limits`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import ssl
import time
import weakref
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from parlour.core.errors import ConfigError

#: How long a replica that failed a call is passed over (seconds).
REST_S = 30.0

_LIMITS: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[str, int], asyncio.Semaphore]
] = weakref.WeakKeyDictionary()
#: Calls in flight per replica, for the whole process (agents share replicas).
_IN_FLIGHT: Counter[str] = Counter()
#: A gate that holds one in-flight place for the length of a call.
Gate = Callable[[], AbstractAsyncContextManager[Any]]
#: Places kept outside this process, by (replica, cap); see :func:`share_limits`.
_SHARED: dict[tuple[str, int], Gate] = {}


def share_limits(gates: Mapping[tuple[str | None, int], Gate]) -> None:
    """Take the in-flight places of these (replica, cap) pairs from ``gates`` instead of this
    process's semaphores, from now on in this process (None: OpenAI itself).

    A Ray tournament's game hosts do: each gate asks one limiter for the whole cluster, so the
    cap holds across every worker, as it holds across the games of one process.
    """
    _SHARED.clear()
    _SHARED.update({(url or "", limit): gate for (url, limit), gate in gates.items()})


def server_urls(base_url: str | Sequence[str] | None) -> list[str | None]:
    """The replicas named by ``base_url`` (one URL or several), else ``OPENAI_BASE_URL``, else
    OpenAI itself (None).

    Raises:
        ConfigError: an empty list, or an entry that is not an http(s) URL.
    """
    if base_url is None:
        return [os.environ.get("OPENAI_BASE_URL")]
    urls = [base_url] if isinstance(base_url, str) else list(base_url)
    if not urls:
        raise ConfigError("base_url names no server")
    for url in urls:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(f"base_url must be http(s) URLs, actual value: {url!r}")
    return list(dict.fromkeys(urls))  # each replica once


class Servers:
    """The replicas of one seat, with the rests of those that failed."""

    def __init__(self, urls: list[str | None], max_in_flight: int | None) -> None:
        self.urls = urls
        self.max_in_flight = max_in_flight
        self._turn = 0
        self._resting_until: dict[str, float] = {}

    @property
    def key(self) -> str:
        """One name for the replicas together (they serve one model: they share a cache)."""
        return " ".join(url or "" for url in self.urls)

    def pick(self) -> str | None:
        """The replica for the next call: healthy and least busy, in turn among equals."""
        if len(self.urls) == 1:
            return self.urls[0]
        now = time.monotonic()
        healthy = [u for u in self.urls if self._resting_until.get(u or "", 0.0) <= now]
        candidates = healthy or self.urls
        self._turn += 1
        ordered = (
            candidates[self._turn % len(candidates) :] + candidates[: self._turn % len(candidates)]
        )
        return min(ordered, key=lambda url: _IN_FLIGHT[url or ""])

    def failed(self, url: str | None) -> None:
        """A call to ``url`` failed in transport: pass it over for a while."""
        if len(self.urls) > 1:
            self._resting_until[url or ""] = time.monotonic() + REST_S

    @contextlib.asynccontextmanager
    async def slot(self, url: str | None) -> AsyncIterator[None]:
        """Hold one of ``url``'s in-flight places for the length of a call."""
        limit = self.max_in_flight
        name = url or ""
        gate: Any = contextlib.nullcontext()
        if limit is not None and (name, limit) in _SHARED:
            gate = _SHARED[name, limit]()
        elif limit is not None:
            per_loop = _LIMITS.setdefault(asyncio.get_running_loop(), {})
            gate = per_loop.setdefault((name, limit), asyncio.Semaphore(limit))
        async with gate:
            _IN_FLIGHT[name] += 1
            try:
                yield
            finally:
                _IN_FLIGHT[name] -= 1


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client: building one costs ~30 ms (the certificate store), which
    dominated starting many LLM seats at once."""
    return ssl.create_default_context()
