"""One SQLite database per run (WAL): the spec, the schedule, and each finished game.

Each game is written in one transaction when it ends, so a run killed at any moment (even
``kill -9``) loses only games in progress, and a resumed run never counts a game twice. A run
that writes holds the directory's lock (:meth:`RunStore.lock`), so two runs never share one.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from parlour.arena.processes import RunDirLock
from parlour.core.errors import ConfigError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS games (
    game_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    env_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    seed INTEGER NOT NULL,
    seats TEXT NOT NULL,
    rewards TEXT,
    metrics TEXT,
    transcript TEXT,
    views TEXT,
    llm_calls TEXT,
    error TEXT
);
"""


class RunStore:
    """The database of one run directory."""

    FILE = "run.sqlite"
    #: Seconds to wait for a database another program holds locked before giving up.
    BUSY_TIMEOUT_S = 5.0

    def __init__(self, run_dir: str | Path) -> None:
        self.run_dir = Path(run_dir)
        path = self.run_dir / self.FILE
        try:
            self.run_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(f"cannot make the run directory {run_dir}: {error}") from None
        self._lock = RunDirLock(self.run_dir)
        try:
            self._db = sqlite3.connect(path, timeout=self.BUSY_TIMEOUT_S, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except sqlite3.Error as error:
            raise ConfigError(f"cannot use the run database {path}: {error}") from None

    @classmethod
    def open_existing(cls, run_dir: str | Path) -> RunStore:
        if not (Path(run_dir) / cls.FILE).exists():
            raise ConfigError(f"{run_dir} is not a tournament run directory (no {cls.FILE})")
        return cls(run_dir)

    def lock(self) -> None:
        """Take the run directory's lock until :meth:`close` (raises ``RunInUse`` if held)."""
        self._lock.acquire()

    @property
    def lock_fd(self) -> int | None:
        """The lock's descriptor while held (pool workers close their copy of it)."""
        return self._lock.fd

    def close(self) -> None:
        self._db.close()
        self._lock.release()

    # -- meta -------------------------------------------------------------------------------------
    def put_meta(self, key: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def get_meta(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- games ------------------------------------------------------------------------------------
    def finished_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT game_id FROM games")}

    def record(self, position: int, game: dict[str, Any], outcome: dict[str, Any]) -> None:
        """Write one finished (or failed) game atomically; writing an id twice is refused."""
        row = (
            game["game_id"],
            position,
            game["env_id"],
            outcome["status"],
            game["seed"],
            json.dumps(game["seats"]),
            json.dumps(outcome.get("rewards")),
            json.dumps(outcome.get("metrics")),
            json.dumps(outcome.get("transcript")),
            json.dumps(outcome.get("views")),
            json.dumps(outcome.get("llm_calls")),
            outcome.get("error"),
        )
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT INTO games VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    def games(self, with_text: bool = False) -> list[dict[str, Any]]:
        """Finished games in schedule order (transcripts and views only when asked for)."""
        columns = "game_id, env_id, status, seed, seats, rewards, metrics, llm_calls, error"
        if with_text:
            columns += ", transcript, views"
        cursor = self._db.execute(f"SELECT {columns} FROM games ORDER BY position")
        names = [d[0] for d in cursor.description]
        out = []
        for row in cursor:
            game = dict(zip(names, row, strict=True))
            for key in ("seats", "rewards", "metrics", "llm_calls", "transcript", "views"):
                if key in game and game[key] is not None:
                    game[key] = json.loads(game[key])
            out.append(game)
        return out

    def views(self, game_id: str) -> dict[str, str]:
        """A finished game's transcript text from every view (``god`` and each seat)."""
        row = self._db.execute(
            "SELECT status, views, error FROM games WHERE game_id = ?", (game_id,)
        ).fetchone()
        if row is None:
            known = [
                r[0]
                for r in self._db.execute("SELECT game_id FROM games ORDER BY position LIMIT 3")
            ]
            raise ConfigError(
                f"no game {game_id!r} in {self.run_dir} (ids look like {', '.join(known)})"
            )
        if row[0] == "failed":
            last = (row[2] or "").strip().splitlines()[-1:] or ["no error recorded"]
            raise ConfigError(
                f"game {game_id} failed: {last[0]} (its traceback: run.sqlite, games.error)"
            )
        return json.loads(row[1])
