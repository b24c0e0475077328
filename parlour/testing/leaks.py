"""The twin-game leak harness: play two games that differ only in a hidden fact, compare what a
seat it is hidden from sees, on every channel, at every step.

For every registered env, every named variant (``VARIANTS`` of its ``env.py``) and every hidden
fact the game declares (``Game.hidden``, see :mod:`parlour.core.hidden`), :func:`check_case`
plays, for a few seeds, the two games of the fact's twin with the same actions (see
:mod:`parlour.testing.twins` for how actions are chosen and replayed), once through the AEC API
and once through the Parallel API, and compares for each observer until the fact is revealed to
it (or the game ends):

* AEC: the observation dict (text, numeric views) through the RL wrappers (the numeric vector,
  the discrete action menu and mask), every ``infos`` key, the reward, the seat view's events,
  whether the seat is asked to act now (so when its turns come, and how many steps pass between
  them), the requests the OpenAI agent would send on its turns in all three modes (built by the
  agent's own code, no network), and a hash of the ``rgb_array`` frame drawn from its seat (on a
  few of its turns: pictures are slow);
* Parallel: the observation text, every ``infos`` key (the ``acting`` flag included) and the
  number of steps each phase takes.

A difference is reported with the channel, the API, the step and the first differing line. A
text change that happens in one game a step before the other is reported as channel ``steps``:
a phase that takes a different number of steps. After a ``steps`` or ``turn`` difference the
games no longer line up, so the pair ends there.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.hidden import HiddenFact, Twin, Watch
from parlour.registry import get_game, list_envs, make, make_parallel
from parlour.testing.channels import AecChannels, parallel_channels
from parlour.testing.twins import Swapper, common_action, first_difference, match_seats

#: The seeds played by default: few, as each plays two pairs of whole games.
SEEDS = (0, 1)
#: Channels after whose difference the two games no longer line up step by step.
_TIMING = ("turn", "steps")


@dataclass(frozen=True)
class LeakCase:
    """One fact of one variant of one game."""

    env_id: str
    variant: str
    config: dict[str, Any]
    fact: HiddenFact

    @property
    def id(self) -> str:
        return f"{self.env_id}-{self.variant}-{self.fact.name}"


@dataclass(frozen=True)
class Difference:
    """What one observer could tell apart, first seen at ``step``."""

    case: str
    seed: int
    api: str
    step: int
    observer: AgentId
    channel: str
    line_a: str
    line_b: str

    def __str__(self) -> str:
        return (
            f"{self.case} seed {self.seed} ({self.api} step {self.step}): {self.observer}'s "
            f"{self.channel} differs; first differing line:\n  A: {self.line_a[:300]}\n"
            f"  B: {self.line_b[:300]}"
        )


@dataclass
class LeakReport:
    """What :func:`check_case` found: the differences, and how much was compared (steps where
    the twins differed and some observer was still being compared)."""

    case: LeakCase
    differences: list[Difference] = field(default_factory=list)
    compared_steps: int = 0
    notes: list[str] = field(default_factory=list)

    def channels(self) -> set[str]:
        return {d.channel for d in self.differences}


class LeakError(AssertionError):
    """Raised by :meth:`LeakReport.check`: some seat could tell the twins apart."""


def check(report: LeakReport, ignore: frozenset[str] = frozenset()) -> None:
    """Raise :class:`LeakError` naming every difference outside the channels in ``ignore``."""
    found = [d for d in report.differences if d.channel not in ignore]
    if found:
        raise LeakError("\n".join(str(d) for d in found))


def leak_cases(seeds: tuple[int, ...] = SEEDS) -> list[LeakCase]:
    """Every (env, variant, hidden fact) of the registered games where the fact arises (has a
    twin for one of ``seeds``)."""
    cases = []
    for env_id in list_envs():
        game = get_game(env_id)
        for variant, options in game.variants.items():
            config = game.make_config(None, dict(options))
            for fact in game.hidden:
                if any(_twin(fact, config, seed) for seed in seeds):
                    cases.append(LeakCase(env_id, variant, dict(options), fact))
    return cases


def _twin(fact: HiddenFact, config: Any, seed: int) -> Twin | None:
    """The fact's twin for a seed (None, or one nobody could be fooled by, when none)."""
    twin = fact.twin(config, np.random.default_rng([seed, zlib.crc32(fact.name.encode())]))
    return twin if twin is not None and twin.hidden_from else None


def check_case(
    case: LeakCase, seeds: tuple[int, ...] = SEEDS, max_steps: int = 150, frames: int = 2
) -> LeakReport:
    """Play the twins of ``case`` for each seed through both APIs (at most ``max_steps`` steps
    each) and report what the observers could tell apart; ``frames``: pictures hashed per pair.
    """
    report = LeakReport(case)
    game = get_game(case.env_id)
    config = game.make_config(None, dict(case.config))
    for seed in seeds:
        twin = _twin(case.fact, config, seed)
        if twin is None:
            report.notes.append(f"seed {seed}: no twin in this config")
            continue
        _AecPair(case, twin, seed, report, max_steps, frames).play()
        _ParallelPair(case, twin, seed, report, max_steps).play()
    return report


class _Pair:
    """What both APIs' pairs share: the twin's configs, reveal tracking and difference records."""

    api = ""

    def __init__(self, case: LeakCase, twin: Twin, seed: int, report: LeakReport) -> None:
        self.case, self.twin, self.seed, self.report = case, twin, seed, report
        self.configs = ({**case.config, **twin.a}, {**case.config, **twin.b})
        self.watches = {o: Watch(twin, o) for o in twin.hidden_from}
        self.live: set[AgentId] = set(twin.hidden_from)  # observers still compared
        self.seen: set[tuple[AgentId, str]] = set()  # (observer, channel) already reported
        self.rng = np.random.default_rng(seed)
        self.swapper = Swapper(twin.swap)
        self.pushed = [0, 0]  # events of each game's log already read by the reveal checks
        self.step = 0
        self.ended = False
        self.previous: dict[AgentId, tuple[str, str]] = {}  # each observer's last texts

    @property
    def differs(self) -> bool:
        """Whether the twins differ yet (config twins from the start, action twins after it)."""
        return self.twin.swap is None or self.swapper.played

    def read_reveals(self, logs: tuple[Any, Any]) -> None:
        """Stop comparing the observers to whom the new events reveal the fact (events from
        before the twins differ reveal nothing: the games are the same until then)."""
        for g, log in enumerate(logs):
            if not self.differs:
                self.pushed[g] = len(log)
                continue
            for event in log.since(self.pushed[g]):
                for observer in list(self.live):
                    watch = self.watches[observer]
                    watch.game = g
                    if self.case.fact.revealed(event, watch):
                        self.live.discard(observer)
            self.pushed[g] = len(log)

    def compare(self, observer: AgentId, channel: str, a: Any, b: Any) -> None:
        if channel == "text":
            channel = self._steps_or_text(observer, a, b)
        if (observer, channel) in self.seen or (_equal(a, b) and not _failed(a)):
            return
        self.seen.add((observer, channel))
        line_a, line_b = first_difference(a, b)
        self.report.differences.append(
            Difference(
                self.case.id, self.seed, self.api, self.step, observer, channel, line_a, line_b
            )
        )
        if channel in _TIMING:  # the games no longer line up step by step
            self.ended = True

    def _steps_or_text(self, observer: AgentId, a: str, b: str) -> str:
        """``steps`` when one game's text moved on while the other's stayed as both were."""
        before = self.previous.get(observer)
        self.previous[observer] = (a, b)
        if a != b and before is not None and before[0] == before[1] and before[0] in (a, b):
            return "steps"
        return "text"

    def end(self, why: str) -> None:
        self.report.notes.append(f"seed {self.seed} {self.api} step {self.step}: {why}")
        self.ended = True

    def choose(
        self, matches: tuple[Any, Any], movers: list[tuple[str, str]], infos: dict[str, Any]
    ) -> tuple[dict[str, str], dict[str, str]] | None:
        """Each game's actions for its movers (pairs of seats), or None when they part."""
        actions: tuple[dict[str, str], dict[str, str]] = ({}, {})
        for seat_a, seat_b in movers:
            info = infos[seat_a]
            plays = None
            if seat_a == seat_b:
                plays = self.swapper.actions(matches, seat_a, info, self.rng)
            if plays is None:
                twin = self.twin  # votes and kills aim at the seats whose role differs
                focus = twin.varied if twin.swap is None else ()
                text = common_action(
                    matches, (seat_a, seat_b), info, self.rng, None, focus, twin.avoid
                )
                if text is None:
                    self.end(f"no action of {seat_a} (A) / {seat_b} (B) is legal in both games")
                    return None
                plays = (text, text)
            actions[0][seat_a], actions[1][seat_b] = plays
        return actions


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.array_equal(a, b)
    return bool(a == b)


def _failed(value: Any) -> bool:
    """A picture that could not be drawn (reported even when both games fail alike)."""
    return isinstance(value, str) and value.startswith("the picture raised")


class _AecPair(_Pair):
    api = "AEC"

    def __init__(
        self, case: LeakCase, twin: Twin, seed: int, report: LeakReport, max_steps: int, frames: int
    ) -> None:
        super().__init__(case, twin, seed, report)
        self.max_steps = max_steps
        painter = twin.hidden_from[0]
        self.envs = tuple(
            make(case.env_id, render_mode="rgb_array", render_view=painter, **c)
            for c in self.configs
        )
        self.channels = AecChannels(self.envs, twin.hidden_from, painter, frames)

    def play(self) -> None:
        for env in self.envs:
            env.reset(seed=self.seed)
        self.channels.start()
        bases = tuple(env.unwrapped for env in self.envs)
        matches = tuple(b.match for b in bases)
        self.read_reveals(tuple(m.rules.events for m in matches))
        while not self.ended and self.step <= self.max_steps and self.live:
            self._compare_all(bases)
            if self.ended or not bases[0].agents or not bases[1].agents:
                break
            movers = (bases[0].agent_selection, bases[1].agent_selection)
            done = [
                b.terminations[m] or b.truncations[m] for b, m in zip(bases, movers, strict=True)
            ]
            actions = (
                ({}, {})  # a retired seat's step (the games end together, or a reveal came first)
                if any(done)
                else self.choose(matches, [movers], {movers[0]: bases[0].infos[movers[0]]})
            )
            if actions is None:
                break
            for base, mover, acts in zip(bases, movers, actions, strict=True):
                base.step(acts.get(mover))
            self.step += 1
            self.read_reveals(tuple(m.rules.events for m in matches))

    def _compare_all(self, bases: Any) -> None:
        if self.differs and self.live:
            self.report.compared_steps += 1
        for observer in sorted(self.live):
            for channel, a, b in self.channels.read(observer):
                self.compare(observer, channel, a, b)


class _ParallelPair(_Pair):
    api = "Parallel"

    def __init__(
        self, case: LeakCase, twin: Twin, seed: int, report: LeakReport, max_steps: int
    ) -> None:
        super().__init__(case, twin, seed, report)
        self.max_steps = max_steps
        self.envs = tuple(make_parallel(case.env_id, **c) for c in self.configs)

    def play(self) -> None:
        no_rewards: dict[AgentId, float] = {}
        steps = [(*env.reset(seed=self.seed), no_rewards) for env in self.envs]
        matches = tuple(env.unwrapped.match for env in self.envs)
        self.read_reveals(tuple(m.rules.events for m in matches))
        while not self.ended and self.step <= self.max_steps and self.live:
            if self.differs:
                self.report.compared_steps += 1
            for observer in sorted(self.live):
                for channel, a, b in parallel_channels(observer, steps[0], steps[1]):
                    self.compare(observer, channel, a, b)
            if self.ended or not self.envs[0].agents or not self.envs[1].agents:
                break
            acting = [[a for a, i in step[1].items() if i.get("acting")] for step in steps]
            movers = match_seats(*acting)
            if len(movers) != max(len(acting[0]), len(acting[1])):
                self.end("the twins have different numbers of acting seats")
                break
            actions = self.choose(matches, movers, steps[0][1])
            if actions is None:
                break
            steps = [_result(env.step(acts)) for env, acts in zip(self.envs, actions, strict=True)]
            self.step += 1
            self.read_reveals(tuple(m.rules.events for m in matches))


def _result(step: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    observations, rewards, _, _, infos = step
    return observations, infos, rewards


__all__ = ["Difference", "LeakCase", "LeakError", "LeakReport", "check", "check_case", "leak_cases"]
