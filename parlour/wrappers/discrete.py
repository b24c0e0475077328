"""A discrete, maskable face for any Parlour env: ``Discrete(n)`` actions and an ``action_mask``.

Each turn's legal actions become a menu of action texts, indexed from 0:

* choice and move turns: the canonical tokens, in the rules' order;
* number turns: a grid of each numeric form, ``low + f * (high - low)`` for the fractions in
  ``number_grid`` (whole numbers rounded, repeats dropped), then the turn's extra choices; or
  the game's own levels (``RLFace.number_menu``: the auction's fractions of your value), which
  list the turn's choices themselves;
* speech turns: the game's menu of speech acts (``RLFace.speech_menu``: claims, accusations, clues,
  "nothing to add", no repeats), rendered to text by the game, then the turn's extra choices.

Index ``i`` sends ``menu[i]`` to the text env. An index outside the menu is an invalid action, so
the game's documented default applies (wrap in PettingZoo's ``TerminateIllegalWrapper`` to end the
game on illegal moves instead).

A mask is never all zeros, so the usual ``-inf`` masking of logits always leaves an action: a seat
with nothing to choose (not its turn, or its game is over, as in the terminal observation a
Gymnasium vector env hands out before it resets) gets :data:`NOOP_INDEX` alone, and the action it
sends then is ignored (the wrappers pass PettingZoo's ``None`` for a finished seat).

The RL faces' ``infos`` batch (Tianshou's buffers and Gymnasium's vector envs stack them): every
seat gets the same keys every step, plain booleans, never None (see :func:`rl_info`). The text
env underneath keeps its rich infos (``env.unwrapped.infos``: the turn's grammar, the reason of
an invalid action).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import spaces

from parlour.core.actions import ActionKind, ActionSpec
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId
from parlour.core.game import RLFace
from parlour.core.numeric import cent_bounds, cents_text
from parlour.wrappers.base import ParlourWrapper, rl_face

#: The one index a seat with nothing to choose may send (its mask allows it alone); it is ignored.
NOOP_INDEX = 0
#: The keys of every RL-face info (see :func:`rl_info`).
RL_INFO_KEYS = ("acting", "invalid_action")
#: The default fractions of a number range offered on number turns.
NUMBER_GRID = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0)
#: Said on speech turns of games without their own menu.
GENERIC_SPEECH = ("I agree.", "I disagree.", "I am not sure yet.", "Nothing to add.")
# (module constants: reading an enum member off its class is slow on CPython 3.11)
_CHOICE, _MOVE, _NUMBER = ActionKind.CHOICE, ActionKind.MOVE, ActionKind.NUMBER


def rl_info(acting: bool, invalid_action: bool) -> dict[str, bool]:
    """One seat's ``infos`` entry in the RL faces: the same keys every step, so they batch.

    Args:
        acting: the seat chooses now (its mask is its menu; otherwise it is
            :data:`NOOP_INDEX` alone and the action is ignored).
        invalid_action: the seat's last action was invalid and the game's default was applied
            (or, with ``on_invalid="retry"``, it acts again); it stays set until the seat acts
            again. The reason is in the text env's infos (``env.unwrapped.infos``).
    """
    return {"acting": acting, "invalid_action": invalid_action}


class DiscreteActions(ParlourWrapper):
    """``Discrete(n)`` actions with an int8 ``action_mask`` beside the observation.

    ``infos`` (and the info of ``last()``) are the batchable :func:`rl_info` entries; the text
    env's rich infos stay on ``env.unwrapped.infos``.

    Args:
        env: a Parlour AEC env (possibly wrapped, e.g. by :class:`NumericObservations`).
        number_grid: fractions of each number range offered on number turns.
    """

    def __init__(self, env: Any, number_grid: Sequence[float] = NUMBER_GRID) -> None:
        super().__init__(env)
        if not number_grid or any(not 0.0 <= f <= 1.0 for f in number_grid):
            raise ConfigError(f"number_grid must be fractions in [0, 1], actual: {number_grid!r}")
        self.number_grid = tuple(number_grid)
        base = env.unwrapped
        self._views = rl_face(base.game)
        self.n = discrete_size(self._views, base.config, self.number_grid)
        # agent -> (rules, step, menu, mask template): made once a step, read by observe and step
        self._turns: dict[AgentId, tuple[Any, int, tuple[str, ...], np.ndarray]] = {}
        self._masks = MaskRows(self.n)
        self._spaces: dict[AgentId, spaces.Dict] = {}
        self._action_spaces: dict[AgentId, spaces.Discrete] = {}

    # -- spaces -------------------------------------------------------------------------------
    def action_space(self, agent: AgentId) -> spaces.Discrete:
        if agent not in self._action_spaces:  # the same object each time, so seeding sticks
            self._action_spaces[agent] = spaces.Discrete(self.n)
        return self._action_spaces[agent]

    def observation_space(self, agent: AgentId) -> spaces.Dict:
        if agent not in self._spaces:
            inner = self.env.observation_space(agent)
            mask = spaces.Box(0, 1, (self.n,), np.int8)
            self._spaces[agent] = spaces.Dict({**inner.spaces, "action_mask": mask})
        return self._spaces[agent]

    # -- the menu -----------------------------------------------------------------------------
    def action_menu(self, agent: AgentId) -> tuple[str, ...]:
        """The action texts behind indices 0..len-1 for ``agent`` now (empty when not acting)."""
        return self._turn(agent)[2]

    def action_mask(self, agent: AgentId) -> np.ndarray:
        """``agent``'s action mask now: a fresh int8 array, 1 for each index of its menu
        (:data:`NOOP_INDEX` alone when it has nothing to choose)."""
        return self._turn(agent)[3].copy()

    # -- infos that batch ---------------------------------------------------------------------
    @property
    def infos(self) -> dict[AgentId, dict[str, Any]]:  # type: ignore[override]
        """Each seat's :func:`rl_info`, fresh dicts (the text env's: ``env.unwrapped.infos``)."""
        game = self._game
        if not game.agents:
            return {}
        acting = game.match.acting()
        texts = game.infos
        return {a: rl_info(a in acting, "invalid_action" in texts[a]) for a in game.agents}

    def _info(self, agent: AgentId) -> dict[str, Any]:
        game = self._game
        return rl_info(agent in game.match.acting(), "invalid_action" in game.infos[agent])

    def last(self, observe: bool = True) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        game = self._game
        agent = game.agent_selection
        return (
            self.observe(agent) if observe else None,
            game._cumulative_rewards[agent],
            game.terminations[agent],
            game.truncations[agent],
            self._info(agent),
        )

    def _turn(self, agent: AgentId) -> tuple[Any, int, tuple[str, ...], np.ndarray]:
        """``agent``'s menu and mask template, made once per step of the game (observing and
        stepping both read them; the rules object in the key tells a new game from an old one)."""
        match = self._game.match
        rules = match.rules
        step = rules.step_count
        turn = self._turns.get(agent)
        if turn is not None and turn[1] == step and turn[0] is rules:
            return turn
        menu = (
            build_menu(match, agent, self._views, self.number_grid)
            if agent in match.acting()
            else ()  # (also once the game is over: nobody acts then)
        )
        if len(menu) > self.n:
            raise ConfigError(
                f"{len(menu)} actions for {agent} exceed the discrete size {self.n}; "
                f"{match.env_id}'s RLFace.menu_size is too small"
            )
        turn = self._turns[agent] = (rules, step, menu, self._masks.template(len(menu)))
        return turn

    # -- the AEC API --------------------------------------------------------------------------
    def observe(self, agent: AgentId) -> dict[str, Any]:
        observation = self.env.observe(agent)  # a fresh dict from every Parlour env and wrapper
        observation["action_mask"] = self.action_mask(agent)
        return observation

    def step(self, action: Any) -> None:
        game = self._game
        agent = game.agent_selection
        if game.terminations.get(agent) or game.truncations.get(agent):
            self.env.step(None)
            return
        menu = self._turn(agent)[2]
        index = action_index(action)
        self.env.step(menu[index] if index is not None and 0 <= index < len(menu) else None)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self._turns = {}
        self.env.reset(seed=seed, options=options)

    def __str__(self) -> str:
        return f"DiscreteActions<{self.env}>"


class MaskRows:
    """Action masks of one size: ``row(k)`` is a fresh int8 array with the first ``k`` entries
    set (``k == 0``: :data:`NOOP_INDEX` alone, never all zeros), copied from a read-only
    template made once per ``k`` (a copy costs a fraction of filling)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._templates: dict[int, np.ndarray] = {}

    def template(self, k: int) -> np.ndarray:
        """The shared, read-only row for ``k`` actions (copy it before handing it out)."""
        template = self._templates.get(k)
        if template is None:
            template = self._templates[k] = np.zeros(self.n, np.int8)
            template[:k] = 1
            if k == 0:
                template[NOOP_INDEX] = 1
            template.flags.writeable = False
        return template

    def row(self, k: int) -> np.ndarray:
        return self.template(k).copy()


def build_menu(
    match: Any, agent: AgentId, views: RLFace, number_grid: Sequence[float] = NUMBER_GRID
) -> tuple[str, ...]:
    """The action texts offered to acting ``agent`` now (see the module docstring)."""
    spec: ActionSpec[Any] = match.spec(agent)
    legal = spec.legal
    kind = legal.kind
    if kind is _CHOICE or kind is _MOVE:
        return tuple(spec.choices)
    if kind is _NUMBER:
        if views.number_menu is not None:  # a game's own levels
            return views.number_menu(match.rules, agent)  # (the whole menu, the turn's choices too)
        menu: tuple[str, ...] = ()
        for rule in legal.numbers:
            menu += number_levels(rule.verb, rule.low, rule.high, rule.integer, number_grid)
    else:
        menu = tuple(views.speech_menu(match.rules, agent)) or GENERIC_SPEECH
    return _with_tokens(menu, spec) if spec.choices else menu


def _with_tokens(menu: tuple[str, ...], spec: ActionSpec[Any]) -> tuple[str, ...]:
    """``menu``, then the canonical tokens of ``spec``, repeats dropped."""
    return tuple(dict.fromkeys(menu + tuple(spec.choices)))


@functools.lru_cache(maxsize=4096)
def number_levels(
    verb: str, low: float, high: float, integer: bool, fractions: tuple[float, ...]
) -> tuple[str, ...]:
    """``[verb N]`` at ``low + f * (high - low)`` for each fraction ``f``: whole numbers, or
    whole cents inside the range; repeats dropped (cached: number turns recur with the same
    bounds)."""
    if low > high:
        return ()
    if integer:
        lowest, highest, digits = float(math.ceil(low)), float(math.floor(high)), 0
    else:
        (lowest, highest), digits = cent_bounds(low, high), 2
    values = [min(highest, max(lowest, round(low + f * (high - low), digits))) for f in fractions]
    return tuple(f"[{verb} {cents_text(v)}]" for v in dict.fromkeys(values))


def discrete_size(views: RLFace, config: Any, number_grid: Sequence[float]) -> int:
    """The ``Discrete`` size for a game: its longest menu, and room for a number grid (at most
    two numeric forms and a few extra choices) unless the game's RL face has no number turns
    (``number_turns=False``: Overcooked's six actions stay ``Discrete(6)``)."""
    if not views.number_turns:
        return views.menu_size(config)
    return max(views.menu_size(config), 2 * len(number_grid) + 4)


def action_index(action: Any) -> int | None:
    """A discrete action as an int (Python or numpy), else None."""
    if type(action) is int:  # (the common case, before the general checks)
        return action
    if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
        return int(action)
    if isinstance(action, np.ndarray) and action.shape == () and action.dtype.kind in "iu":
        return int(action)
    return None
