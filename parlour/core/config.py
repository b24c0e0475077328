"""Helpers for the frozen config dataclasses of games and adapters."""

from __future__ import annotations

from enum import Enum
from typing import Any

from parlour.core.errors import ConfigError


def coerce_enums(config: Any, **fields: type[Enum]) -> None:
    """Turn string options of a frozen dataclass into their enums, with one clear error.

    Call from ``__post_init__``: ``coerce_enums(self, units=Units, trace=TraceMode)``.

    Raises:
        ConfigError: a value that is not one of the enum's values.
    """
    for name, enum in fields.items():
        value = getattr(config, name)
        try:
            object.__setattr__(config, name, enum(value))
        except ValueError:
            choices = ", ".join(str(e.value) for e in enum)
            raise ConfigError(f"{name} must be one of {choices}, actual value: {value!r}") from None


def require_ints(config: Any, **ranges: tuple[int, int]) -> None:
    """Check integer options of a config against inclusive ranges, with one clear error.

    Call from ``__post_init__``: ``require_ints(self, max_days=(1, 50), task_time=(1, 10))``.

    Raises:
        ConfigError: a value that is not an int (bools excluded) inside its range.
    """
    for name, (low, high) in ranges.items():
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(f"{name} must be an integer in {low}..{high}, actual: {value!r}")
