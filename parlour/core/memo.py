"""A cache for values made from objects that recur as the very same objects."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    """Values made from objects that come back as the very same objects (a rules' cached choice
    tuple, a default action, a game's cached menu with the adapter's spec), found by the objects'
    ids in one lookup, without hashing or comparing them.

    Each entry keeps its objects alive, so while it is cached no other object can have their
    ids: a hit is always right. Emptied when full.
    """

    __slots__ = ("_entries", "_size")

    def __init__(self, size: int) -> None:
        self._entries: dict[tuple[int, ...], tuple[tuple[Any, ...], V]] = {}
        self._size = size

    def get(self, objects: tuple[Any, ...]) -> V | None:
        entry = self._entries.get(tuple(map(id, objects)))
        return None if entry is None else entry[1]

    def put(self, objects: tuple[Any, ...], value: V) -> V:
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[tuple(map(id, objects))] = (objects, value)
        return value
