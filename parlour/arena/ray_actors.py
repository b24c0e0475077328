"""What a Ray tournament runs on the cluster beside its game tasks: plain classes that
:mod:`parlour.arena.ray_backend` makes into Ray actors, and the worker side of each.

* :class:`Limiter`: one per LLM server and cap, for the whole cluster. Its places are leases: a
  place comes back when its holder gives it back, or after ``lease_s`` if the holder died.
* :class:`CacheKeeper`: the LLM response cache of a run, one SQLite file on the driver's node,
  read and written by every worker through this one actor (:class:`ClusterCache`).
* :class:`GameHost`: plays LLM games on its event loop, many at once, taking each call's
  in-flight place from the limiters (:func:`parlour.llm.servers.share_limits`).

Nothing here imports Ray at module level: the package works without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from parlour.llm.cache import CacheMode, ReplayMiss, ResponseCache


class Limiter:
    """At most ``limit`` places held at once, whoever holds them (an async Ray actor).

    Callers wait in turn (an ``asyncio.Semaphore``). A place held longer than the ``lease_s`` its
    holder asked for is taken back, so a worker that died in a call cannot shrink the cap for the
    rest of the run; a lease is sized to outlast the call it covers (the agent's timeout).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._places = asyncio.Semaphore(limit)
        self._leases: dict[int, asyncio.TimerHandle] = {}
        self._tokens = itertools.count()
        self.peak = 0

    async def acquire(self, lease_s: float) -> int:
        """Wait for a place; returns the token that gives it back."""
        await self._places.acquire()
        token = next(self._tokens)
        expiry = asyncio.get_running_loop().call_later(lease_s, self._end, token)
        self._leases[token] = expiry
        self.peak = max(self.peak, len(self._leases))
        return token

    async def release(self, token: int) -> None:
        """Give a place back (a token whose lease already ended is ignored)."""
        expiry = self._leases.get(token)
        if expiry is not None:
            expiry.cancel()
            self._end(token)

    async def stats(self) -> dict[str, int]:
        """Places held now, and the most ever held at once."""
        return {"held": len(self._leases), "peak": self.peak, "limit": self.limit}

    def _end(self, token: int) -> None:
        if self._leases.pop(token, None) is not None:
            self._places.release()


class ClusterGate:
    """A worker's side of a :class:`Limiter`: ``hold()`` keeps one place for a call."""

    def __init__(self, limiter: Any, lease_s: float) -> None:
        self.limiter = limiter
        self.lease_s = lease_s

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        token = await self.limiter.acquire.remote(self.lease_s)
        try:
            yield
        finally:  # not waited for: the place is free once the limiter reads this
            self.limiter.release.remote(token)


class CacheKeeper:
    """The one process that opens a run's response cache file (a Ray actor on the driver's node,
    whose disk holds it). It reads and writes; each agent's :class:`ClusterCache` keeps its own
    mode, as each agent's :class:`ResponseCache` does on one machine."""

    def __init__(self, path: str) -> None:
        self._cache = ResponseCache(path, CacheMode.READ_WRITE)

    def get(self, key: str) -> dict[str, Any] | None:
        return self._cache.get(key)

    def put(self, key: str, result: dict[str, Any]) -> None:
        self._cache.put(key, result)

    def size(self) -> int:
        return len(self._cache)

    def close(self) -> None:
        self._cache.close()


class ClusterCache(ResponseCache):
    """A :class:`ResponseCache` whose file is kept by a :class:`CacheKeeper`: what an agent on any
    node of the cluster reads and writes, with the agent's mode (``read-write`` or
    ``replay-only``). Each lookup is a call to the keeper (about a millisecond), waited for."""

    def __init__(self, keeper: Any, path: str | Path, mode: CacheMode | str) -> None:
        # no file of its own: the base class's connection and lock stay unused
        self.mode = CacheMode(mode)
        self.path = Path(path)
        self._keeper = keeper
        self._db = None

    def get(self, key: str) -> dict[str, Any] | None:
        import ray

        result = ray.get(self._keeper.get.remote(key)) if self.mode is not CacheMode.OFF else None
        if result is None and self.mode is CacheMode.REPLAY:
            raise ReplayMiss(
                f"replay-only cache {self.path} has no response for request {key[:12]}"
            )
        return result

    def put(self, key: str, result: dict[str, Any]) -> None:
        import ray

        if self.mode is CacheMode.READ_WRITE:
            ray.get(self._keeper.put.remote(key, result))

    def __len__(self) -> int:
        import ray

        return int(ray.get(self._keeper.size.remote()))

    def close(self) -> None:
        """Nothing to close here: the driver closes the keeper's file when the run ends."""


class GameHost:
    """Plays LLM games (an async Ray actor: as many at once as its ``max_concurrency``).

    Args:
        gates: the cluster's limiter of each (server, cap) pair the agents call.
        lease_s: how long a call may hold a place before the limiter takes it back.
    """

    def __init__(self, gates: dict[tuple[str, int], Any], lease_s: float) -> None:
        from parlour.llm.servers import share_limits

        # the ClusterCache waits for the keeper's answers on this loop (a millisecond each),
        # on purpose: say so once here rather than in a warning from every host
        os.environ["RAY_WARN_BLOCKING_GET_INSIDE_ASYNC"] = "0"
        share_limits({key: ClusterGate(limiter, lease_s).hold for key, limiter in gates.items()})
        # import the client and build its TLS context now: done in a game's first call, it
        # would stall every game on this loop for a second
        import openai  # noqa: F401

        from parlour.llm.servers import tls_context

        tls_context()

    async def play(self, game: dict[str, Any], agents: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """One scheduled game, as :func:`parlour.arena.runner.aplay_one` plays it."""
        from parlour.arena.runner import aplay_one

        return await aplay_one(game, agents)
