"""The Donor Game's book of acts: every donor's acts in round order, and the traces donors are
shown (chained as in the paper, or first-order)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any

from parlour.core.events import AgentId
from parlour.envs.donor_game.model import Interaction

#: A trace, newest act first: the acts, the same acts as ``trace_acts`` data, and their lines.
Trace = tuple[tuple[Interaction, ...], tuple[Mapping[str, Any], ...], tuple[str, ...]]
NO_TRACE: Trace = ((), (), ())


class TraceBook:
    """Each donor's acts as recorded (in round order) and as told to others.

    With chained traces each act also keeps the trace that starts with it (the act, then the
    recipient's trace before it, cut to the depth), so a pairing's trace is one lookup instead
    of a walk down the chain.
    """

    __slots__ = ("_acts", "_chained", "_chains", "_data", "_depth", "_lines", "_rounds")

    def __init__(self, players: Iterable[AgentId], depth: int, chained: bool) -> None:
        players = tuple(players)
        self._depth, self._chained = depth, chained
        self._rounds: dict[AgentId, list[int]] = {p: [] for p in players}
        self._acts: dict[AgentId, list[Interaction]] = {p: [] for p in players}
        self._data: dict[AgentId, list[Mapping[str, Any]]] = {p: [] for p in players}
        self._lines: dict[AgentId, list[str]] = {p: [] for p in players}
        self._chains: dict[AgentId, list[Trace]] = {p: [] for p in players}

    def add(self, act: Interaction, data: Mapping[str, Any], line: str) -> None:
        """Record ``act`` (of a round later than every act recorded so far), told to others as
        ``data`` and ``line``."""
        donor = act.donor
        self._rounds[donor].append(act.round)
        self._acts[donor].append(act)
        self._data[donor].append(data)
        self._lines[donor].append(line)
        if self._chained:  # the recipient's acts are all from earlier rounds
            tail = self._chains[act.recipient]
            acts, datas, lines = tail[-1] if tail else NO_TRACE
            keep = self._depth - 1
            self._chains[donor].append(
                ((act, *acts[:keep]), (data, *datas[:keep]), (line, *lines[:keep]))
            )

    def trace(self, agent: AgentId, before_round: int) -> Trace:
        """What a donor is told about ``agent`` before round ``before_round``, newest first."""
        count = bisect.bisect_left(self._rounds[agent], before_round)
        if count == 0 or self._depth == 0:
            return NO_TRACE
        if self._chained:
            return self._chains[agent][count - 1]
        start = max(0, count - self._depth)  # first order: the agent's own acts
        return (
            tuple(self._acts[agent][start:count][::-1]),
            tuple(self._data[agent][start:count][::-1]),
            tuple(self._lines[agent][start:count][::-1]),
        )

    def acts_before(self, donor: AgentId, round_: int) -> list[Interaction]:
        """``donor``'s acts before round ``round_``, oldest first."""
        return self._acts[donor][: bisect.bisect_left(self._rounds[donor], round_)]
