"""Who may write a run directory, and pool workers that do not outlive the tournament.

One run directory has one writer: :class:`RunDirLock` holds an ``flock`` on ``run.lock``
while a tournament plays there, so a second ``--resume`` of the same directory is refused at
once instead of racing the first for game ids. The kernel drops the lock when the process ends,
however it ends (``kill -9`` included), so a stale lock never blocks a resume.

Pool workers are started with :func:`die_with_parent`: on Linux the kernel kills them when their
parent dies (``PR_SET_PDEATHSIG``), and everywhere a watchdog thread ends them once they are
orphaned, so a killed tournament leaves no worker behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from parlour.core.errors import ParlourError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; runs there are not locked
    fcntl = None  # type: ignore[assignment]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
#: Seconds between a worker's checks that its parent still lives (the portable fallback).
WATCH_INTERVAL_S = 0.5


class RunInUse(ParlourError):
    """Another process is playing a tournament in this run directory."""


class RunDirLock:
    """An exclusive lock on one run directory, held from :meth:`acquire` to :meth:`release`."""

    FILE = "run.lock"

    def __init__(self, run_dir: str | Path) -> None:
        self.path = Path(run_dir) / self.FILE
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`RunInUse` at once (never wait for another run)."""
        if fcntl is None or self.fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            by = f" (process {holder})" if holder.isdigit() else ""
            raise RunInUse(
                f"{self.path.parent} is in use by another parlour tournament{by}; "
                "wait for it to end, or use another directory"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor drops the flock
            self.fd = None


def die_with_parent(parent: int, inherited: Sequence[int] = ()) -> None:
    """Pool initializer: end this worker when ``parent`` (the tournament) dies.

    Args:
        parent: the tournament's pid.
        inherited: descriptors copied by ``fork`` that the worker must not hold open (the run
            lock: a worker holding it would keep the directory locked after the tournament died).
    """
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the tournament's to handle
    _set_parent_death_signal()
    watched = os.getppid()
    if watched != parent and not _alive(parent):
        os._exit(1)  # the tournament died while this worker started
    threading.Thread(
        target=_watch_parent, args=(watched,), name="parlour-parent-watch", daemon=True
    ).start()


def _set_parent_death_signal() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the watchdog remains
        pass


def _watch_parent(watched: int) -> None:
    """Exit once this process is re-parented (its parent died), whatever the platform."""
    while os.getppid() == watched:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
