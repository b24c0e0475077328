"""Shared set-up of the test suite: a headless display, and registries left as found."""

from __future__ import annotations

import os

import pytest

from tests.helpers import register_toy_game

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
# A Ray that a test starts listens on loopback only (Ray reads this once, when it is imported;
# pinning the node's address to 127.0.0.1 alone leaves its servers on every interface).
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

register_toy_game()  # the seventh game of tests/toy: every registry-wide check covers it


@pytest.fixture(autouse=True)
def _agent_kinds_restored():
    """Tests that register agent kinds of their own leave the registry as they found it."""
    from parlour.agents import specs

    kinds = dict(specs._FACTORIES)
    yield
    specs._FACTORIES.clear()
    specs._FACTORIES.update(kinds)
