"""A response cache in SQLite, so that LLM games rerun exactly and without requests.

The key is a hash of everything that determines a reply: base URL, model, messages, sampling
parameters, seed, the decision index and the attempt number. ``replay-only`` turns a miss into an
error, which proves a rerun sent no request.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from enum import Enum
from pathlib import Path
from typing import Any

from parlour.core.errors import ConfigError, ParlourError


class CacheMode(str, Enum):
    OFF = "off"
    READ_WRITE = "read-write"
    REPLAY = "replay-only"


class ReplayMiss(ParlourError):
    """A replay-only cache had no answer for a request."""


class ResponseCache:
    """Completion results by request key, in one SQLite file (safe across threads)."""

    def __init__(self, path: str | Path, mode: CacheMode | str = CacheMode.READ_WRITE) -> None:
        try:
            self.mode = CacheMode(mode)
        except ValueError:
            raise ConfigError(
                f"cache mode must be off, read-write or replay-only, got {mode!r}"
            ) from None
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if self.mode is not CacheMode.OFF:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body TEXT NOT NULL)"
            )

    @staticmethod
    def key(**parts: Any) -> str:
        """A stable hash of the request's parts (JSON with sorted keys)."""
        blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored result, None on a miss (``ReplayMiss`` in replay-only mode)."""
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute("SELECT body FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            if self.mode is CacheMode.REPLAY:
                raise ReplayMiss(
                    f"replay-only cache {self.path} has no response for request {key[:12]}"
                )
            return None
        return json.loads(row[0])

    def put(self, key: str, result: dict[str, Any]) -> None:
        if self._db is None or self.mode is not CacheMode.READ_WRITE:
            return
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, body) VALUES (?, ?)",
                (key, json.dumps(result)),
            )

    def __len__(self) -> int:
        if self._db is None:
            return 0
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
