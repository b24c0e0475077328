"""Everything a seat can read, gathered from both games of a twin for comparison (see
:mod:`parlour.testing.leaks`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parlour.agents.openai_agent import OpenAIAgent
from parlour.core.events import AgentId, Payload, payload_json
from parlour.core.view import SeatView
from parlour.llm.decision import Decision
from parlour.testing.twins import digest
from parlour.wrappers import DiscreteActions, NumericObservations

#: The OpenAI agent's three ways of asking for an action.
MODES = ("text", "json", "tools")
#: An address nothing listens on: the agents are only asked to build their requests.
_NOWHERE = "http://127.0.0.1:9/v1"

Reading = tuple[str, Any, Any]  # (channel, value in game A, value in game B)


class AecChannels:
    """An observer's channels in the AEC API of both games: the observation through the RL
    wrappers, the discrete menu, infos (the text env's and the RL faces'), reward, turn, seat
    view, LLM requests and pictures."""

    def __init__(
        self, envs: tuple[Any, Any], observers: tuple[AgentId, ...], painter: AgentId, frames: int
    ) -> None:
        self.envs = envs
        self.faces = tuple(DiscreteActions(NumericObservations(env)) for env in envs)
        self.observers = observers
        self.painter = painter
        self.frames_left = frames
        self.painter_turns = 0
        self.agents = {
            mode: OpenAIAgent("leak-check", base_url=_NOWHERE, mode=mode) for mode in MODES
        }
        self.views: dict[AgentId, tuple[SeatView, SeatView]] = {}
        self.read_upto: dict[AgentId, int] = {}

    def start(self) -> None:
        """After both games' reset: one seat view per observer in each."""
        for observer in self.observers:
            self.views[observer] = tuple(  # type: ignore[assignment]
                env.unwrapped.seat_view(observer) for env in self.envs
            )
            self.read_upto[observer] = 0

    def read(self, observer: AgentId) -> Iterator[Reading]:
        bases = tuple(env.unwrapped for env in self.envs)
        observations = tuple(face.observe(observer) for face in self.faces)
        for key in sorted(set(observations[0]) | set(observations[1])):
            yield key, observations[0].get(key), observations[1].get(key)
        yield "menu", *(face.action_menu(observer) for face in self.faces)
        yield "rl_infos", *(face.infos.get(observer) for face in self.faces)
        yield "infos", *(_jsonable(b.infos.get(observer, {})) for b in bases)
        yield (
            "reward",
            *((b.rewards.get(observer), b._cumulative_rewards.get(observer)) for b in bases),
        )
        done = tuple((b.terminations.get(observer), b.truncations.get(observer)) for b in bases)
        yield "done", *done
        turns = tuple(bool(b.agents) and b.agent_selection == observer for b in bases)
        yield "turn", *turns
        yield "view", *self._new_view_events(observer)
        if turns[0] and turns[1]:
            for mode, agent in self.agents.items():
                requests = (
                    Decision(agent, obs, b.infos[observer]).request()
                    for obs, b in zip(observations, bases, strict=True)
                )
                yield f"llm_{mode}", *requests
            if observer == self.painter:
                yield from self._frame()

    def _new_view_events(self, observer: AgentId) -> tuple[list[Any], list[Any]]:
        start = self.read_upto[observer]
        views = self.views[observer]
        self.read_upto[observer] = min(len(v) for v in views)
        return tuple(  # type: ignore[return-value]
            [(e.index, e.kind, _jsonable(e.data)) for e in v.events(start)] for v in views
        )

    def _frame(self) -> Iterator[Reading]:
        """The painter's picture on its turns 1, 2, 4, 8... while frames are left (pictures are
        slow to draw)."""
        self.painter_turns += 1
        turn = self.painter_turns
        if self.frames_left <= 0 or turn & (turn - 1):
            return
        self.frames_left -= 1
        yield "frame", *(_picture(env) for env in self.envs)


def _picture(env: Any) -> str:
    try:
        return digest(env.render())
    except Exception as error:  # a picture that cannot be drawn fails the case, as a leak does
        return f"the picture raised {type(error).__name__}: {error}"


def parallel_channels(
    observer: AgentId, step_a: tuple[Any, Any, Any], step_b: tuple[Any, Any, Any]
) -> Iterator[Reading]:
    """An observer's channels in the Parallel API: text, infos (``acting`` as ``turn``),
    reward; each step is (observations, infos, rewards)."""
    (obs_a, info_a, rew_a), (obs_b, info_b, rew_b) = step_a, step_b
    yield "text", obs_a[observer]["text"], obs_b[observer]["text"]
    a, b = dict(info_a[observer]), dict(info_b[observer])
    yield "turn", a.pop("acting", None), b.pop("acting", None)
    yield "infos", _jsonable(a), _jsonable(b)
    yield "reward", rew_a.get(observer), rew_b.get(observer)


def _jsonable(value: Any) -> Any:
    """Payloads, mappings and sequences as plain dicts and lists, so equal data compares equal."""
    if isinstance(value, Payload):
        return payload_json(value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
