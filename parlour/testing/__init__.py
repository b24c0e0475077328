"""Offline test tools: an OpenAI-compatible chat-completions server on loopback.

``python -m parlour.testing.server`` runs it by hand.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FakeOpenAIServer", "Fault", "Reply", "legal_policy"]


def __getattr__(name: str) -> Any:
    # Lazy, so that ``python -m parlour.testing.server`` does not import the module twice.
    if name in __all__:
        from parlour.testing import server

        return getattr(server, name)
    raise AttributeError(f"module 'parlour.testing' has no attribute {name!r}")
