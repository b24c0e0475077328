"""The declaration of a game: one frozen :class:`Game` per game, made in its own folder.

Everything Parlour does with a game (the PettingZoo adapters, the registry, agents, tournaments,
the RL faces, pictures, the conformance suite and the leak harness) reads the game's parts from
its ``Game``, and from nowhere else: no module attribute found by name, no import-path string.
A seventh game is one folder that declares its ``GAME`` and one line in
:mod:`parlour.envs`, as the toy game in the tests shows.

The descriptor refers to the game's parts; it holds no state. The env classes it hands out
(:attr:`Game.aec_class`, :attr:`Game.parallel_class`) are made once per game from the shared
adapters in :mod:`parlour.core.aec` and :mod:`parlour.core.parallel`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import numpy as np
from gymnasium import spaces

from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.hidden import HiddenFact

if TYPE_CHECKING:
    from parlour.core.aec import ParlourAECEnv
    from parlour.core.parallel import ParlourParallelEnv
    from parlour.core.rules import GameRules
    from parlour.core.text import GameText
    from parlour.core.view import SeatView

C = TypeVar("C")

#: The render modes of every Parlour env.
RENDER_MODES = ("ansi", "human", "rgb_array")


class Bot(Protocol):
    """A scripted player: chooses an action text for its seat's turn."""

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str: ...


class MakeBot(Protocol):
    """Builds a game's scripted bot for one seat, from the seat's view and a seeded generator;
    keyword options (such as the auction's ``strategy``) choose among the game's bots."""

    def __call__(self, view: SeatView, rng: np.random.Generator, **options: Any) -> Bot: ...


@dataclass(frozen=True)
class RLFace:
    """A game's RL face: a fixed-size numeric view and discrete menus, as the functions the RL
    wrappers (:mod:`parlour.wrappers`) call. Each reads only what ``agent`` may know, by the same
    visibility rules as the text.

    Attributes:
        menu_size: ``menu_size(config)``, the most actions any discrete menu of a game with
            ``config`` can list.
        speech_menu: ``speech_menu(rules, agent)``, the speech acts ``agent`` may pick on a speech
            turn now, without repeats (empty: the generic menu).
        numeric_size: ``numeric_size(config)``, the length of the numeric observation.
        encode: ``encode(rules, agent)``, ``agent``'s numeric observation now (float32 in
            [-1, 1]).
        number_menu: ``number_menu(rules, agent)``, the whole menu of a number turn with the
            turn's choices (``[withdraw]``) included; None for the generic grid of fractions.
        number_turns: whether the game has number turns at all (False: Overcooked's six moves
            stay ``Discrete(6)``).
    """

    menu_size: Callable[[Any], int]
    speech_menu: Callable[[Any, AgentId], Sequence[str]]
    numeric_size: Callable[[Any], int]
    encode: Callable[[Any, AgentId], np.ndarray]
    number_menu: Callable[[Any, AgentId], tuple[str, ...]] | None = None
    number_turns: bool = True


class Picture(Protocol):
    """A game's pygame picture (made by the renderers' kit,
    :class:`parlour.renderers.picture.Picture`): frames of the game as one viewer (``"god"`` or
    an agent id) may see it."""

    def array(self, match: Any, viewer: str) -> np.ndarray:
        """The frame as an HxWx3 uint8 array."""
        ...

    def show(self, match: Any, viewer: str, fps: int) -> None:
        """Draw the frame in a window (opened on first use)."""
        ...

    def close(self) -> None:
        """Close the window, if one is open."""
        ...


#: Extra observation keys beside ``text`` that a config asks for (Overcooked's grids):
#: ``name -> (space, observe(rules, agent))``.
ObservationViews = dict[str, tuple[spaces.Space[Any], Callable[[Any, AgentId], Any]]]


@dataclass(frozen=True, eq=False)
class Game(Generic[C]):
    """One game's declaration.

    Attributes:
        env_id: Parlour's id, e.g. ``"who_is_spy_v0"``.
        pettingzoo_id: the id in PettingZoo's registry, e.g. ``"parlour/WhoIsSpy-v0"``.
        summary: one line for ``parlour list`` and the README.
        config: the game's frozen config dataclass; its ``num_players`` is the number of seats.
        rules: builds the rules (a :class:`~parlour.core.rules.GameRules`) from a config and a
            seeded generator; usually the rules class itself.
        text: what players read and the action forms they write (a
            :class:`~parlour.core.text.GameText`).
        bots: builds the scripted bot of a seat (the ``scripted`` agent).
        rl: the RL face (numeric view, discrete menus); None where the game has none.
        picture: loads the pygame picture class (called only when a frame is drawn, so text-only
            use never imports pygame); None for games drawn in text only.
        variants: named configurations, each run through the whole conformance suite.
        twin: config overrides of a game's twin for paired evaluation (Who-is-Spy's swapped
            words); tournaments play both.
        cooperative: every seat gets the same payoff (tournaments seat teams, not rotations).
        aliases: extra accepted spellings of actions, ``alias -> canonical token``.
        observations: the extra observation keys a config asks for (see
            :data:`ObservationViews`); None where there are none.
        hidden: the game's hidden facts, which the twin-game leak harness varies.
        render_fps: frames per second of the ``human`` window.
    """

    env_id: str
    pettingzoo_id: str
    summary: str
    config: type[C]
    rules: Callable[[C, np.random.Generator], GameRules[Any]]
    text: GameText[Any]
    bots: MakeBot
    rl: RLFace | None = None
    picture: Callable[[], type[Picture]] | None = None
    variants: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: {"default": {}})
    twin: Mapping[str, Any] | None = None
    cooperative: bool = False
    aliases: Mapping[str, str] = field(default_factory=dict)
    observations: Callable[[C], ObservationViews] | None = None
    hidden: tuple[HiddenFact, ...] = ()
    render_fps: int = 2

    @property
    def render_modes(self) -> tuple[str, ...]:
        return RENDER_MODES if self.picture is not None else ("ansi",)

    @property
    def metadata(self) -> dict[str, Any]:
        """PettingZoo's ``metadata`` for this game's env classes."""
        return {
            "name": self.env_id,
            "render_modes": list(self.render_modes),
            "is_parallelizable": True,  # the Parallel adapter serves every Parlour game
            "render_fps": self.render_fps,
        }

    def make_config(self, config: C | None = None, overrides: Mapping[str, Any] = {}) -> C:
        """The config from an instance and/or keyword overrides, with clear errors for bad keys."""
        if overrides:
            fields = {f.name for f in dataclasses.fields(self.config)}  # type: ignore[arg-type]
            unknown = sorted(set(overrides) - fields)
            if unknown:
                raise ConfigError(
                    f"unknown option(s) for {self.env_id}: {', '.join(unknown)}; "
                    f"known: {', '.join(sorted(fields))}"
                )
        if config is None:
            return self.config(**overrides)
        if not isinstance(config, self.config):
            raise ConfigError(
                f"config must be a {self.config.__name__}, actual type: {type(config).__name__}"
            )
        return dataclasses.replace(config, **overrides) if overrides else config  # type: ignore[type-var]

    def players(self, config: Any) -> tuple[AgentId, ...]:
        """The agent ids of a game with ``config``: ``player_0 ... player_{n-1}``."""
        return tuple(f"player_{i}" for i in range(config.num_players))

    # -- the env classes and constructors -------------------------------------------------------
    @cached_property
    def aec_class(self) -> type[ParlourAECEnv]:
        """This game's AEC env class (``raw_env`` in PettingZoo's terms)."""
        from parlour.core.aec import ParlourAECEnv

        return _env_class(self, ParlourAECEnv, "raw_env")

    @cached_property
    def parallel_class(self) -> type[ParlourParallelEnv]:
        """This game's Parallel env class."""
        from parlour.core.parallel import ParlourParallelEnv

        return _env_class(self, ParlourParallelEnv, "raw_parallel_env")

    def env(self, **kwargs: Any) -> ParlourAECEnv:
        """The AEC env. It needs no PettingZoo wrappers: it refuses use before ``reset`` itself
        and handles invalid text inside, by the game's documented defaults."""
        return self.aec_class(**kwargs)

    def parallel_env(self, **kwargs: Any) -> ParlourParallelEnv:
        """The Parallel env."""
        return self.parallel_class(**kwargs)


E = TypeVar("E")


def _env_class(game: Game[Any], base: type[E], name: str) -> type[E]:
    """A subclass of ``base`` bound to ``game``, named as PettingZoo modules name it and placed
    in the ``env`` module beside the game's config (whose ``raw_env``/``raw_parallel_env`` it is),
    so its instances pickle by reference."""
    module = f"{game.config.__module__.rpartition('.')[0]}.env"
    cls = type(name, (base,), {"game": game, "metadata": game.metadata, "__module__": module})
    cls.__qualname__ = name
    return cls
