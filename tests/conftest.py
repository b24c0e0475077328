"""Shared helpers for the test suite: env/variant enumeration and playout drivers."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
