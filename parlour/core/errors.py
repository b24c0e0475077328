"""One exception hierarchy for the whole package.

Every error a user can trigger is a ``ParlourError``; configuration and action errors are also
``ValueError`` so that generic ``except ValueError`` handlers keep working.
"""

from __future__ import annotations


class ParlourError(Exception):
    """Base class of every error raised by Parlour."""


class ConfigError(ParlourError, ValueError):
    """A game or agent was configured with values it cannot use."""


class UnknownEnvError(ParlourError, KeyError):
    """An env id that is not registered."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable.
        return str(self.args[0]) if self.args else ""


class ActionError(ParlourError, ValueError):
    """An action text that the game cannot accept now.

    Args:
        reason: what was expected or which rule was broken, without echoing the input.
        got: the offending input, quoted; kept apart so that text shown to other players (or in a
            moderator line) never repeats untrusted input.
    """

    def __init__(self, reason: str, got: str | None = None) -> None:
        super().__init__(f"{reason}, got {got}" if got is not None else reason)
        self.reason = reason
        self.got = got


class MalformedAction(ActionError):
    """The text is not of any action form accepted now (not parseable)."""


class IllegalAction(ActionError):
    """The text parses, but the rules forbid that action now."""


class AmbiguousAction(MalformedAction):
    """The text names several actions where it must name one: its action line (the last line
    with a bracketed token) holds two or more different bracketed tokens, as when a reply
    repeats the menu of forms."""


class InvariantViolation(ParlourError, AssertionError):
    """A game state broke one of its own invariants (a bug in Parlour, never a user error)."""
