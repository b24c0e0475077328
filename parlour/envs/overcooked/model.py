"""Overcooked's vocabulary: the config, the phase and action modes, a chef's actions, and the
typed payloads of the events the kitchen logs.

The primitive actions (:class:`~parlour.envs.overcooked.kitchen.Act`) belong to the dynamics and
the orders (:class:`~parlour.envs.overcooked.macros.Order`) to the macro layer; a chef's action is
either (:data:`Action`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import ClassVar

from parlour.core.config import Choice, Integer, ListOf, Number, OneOf, Text, validate
from parlour.core.errors import ConfigError
from parlour.core.events import AgentId, Payload
from parlour.envs.overcooked.kitchen import Act, Kitchen
from parlour.envs.overcooked.layouts import Layout, load_layout
from parlour.envs.overcooked.macros import Order

#: A chef's action: a primitive move or interact, or (macro mode) an order.
Action = Act | Order


class Phase(str, Enum):
    COOK = "cook"


class ActionMode(str, Enum):
    PRIMITIVE = "primitive"
    MACRO = "macro"


VIEWS = ("lossless", "featurized", "lossless_v001")


@dataclass(frozen=True)
class OvercookedConfig:
    """Options of ``overcooked_v0``.

    Attributes:
        layout: a built-in layout or alias (``cramped_room``, ``random3``...), a ``.json`` layout
            file, or a grid string with newlines.
        dynamics: ``"new"`` (a chef with empty hands starts a pot cooking, overcooked_ai HEAD) or
            ``"old"`` (a pot starts by itself at 3 ingredients, the 2019 paper).
        horizon: joint steps before the episode is truncated, 1..100000.
        actions: ``"primitive"`` (six actions) or ``"macro"`` (orders beside the primitives).
        shaping: coefficient of each chef's own shaping reward (3 per potting, 3 per useful dish,
            5 per soup taken) added to its reward, in [0, 1000]; 0 reports shaping in infos only.
        views: numeric observations beside the text: ``"lossless"`` (overcooked_ai's 26 layers),
            ``"featurized"`` and/or ``"lossless_v001"`` (overcooked_ai 0.0.1's 20 layers, which
            ProAgent's partners read; onions only: no layout with a tomato dispenser).
    """

    layout: str = "cramped_room"
    dynamics: str = "new"
    horizon: int = 400
    actions: ActionMode | str = ActionMode.PRIMITIVE
    shaping: float = 0.0
    views: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        validate(
            self,
            layout=Text(),
            dynamics=OneOf("new", "old"),
            horizon=Integer(1, 100_000),
            actions=Choice(ActionMode),
            shaping=Number(0, 1000),
            views=ListOf(OneOf(*VIEWS), single=True),
        )
        if self.views and self.kitchen_layout.num_players != 2:
            layout = self.kitchen_layout
            raise ConfigError(
                f"views {', '.join(self.views)} need a 2-chef layout; layout {layout.name!r} has "
                f"{layout.num_players}"
            )
        if "lossless_v001" in self.views and any("T" in row for row in self.kitchen_layout.terrain):
            raise ConfigError(
                f"views lossless_v001 (overcooked_ai 0.0.1's encoding) has no tomato layers;"
                f" layout {self.kitchen_layout.name!r} has a tomato dispenser"
            )
        Kitchen(self.kitchen_layout, self.dynamics)  # refuses old dynamics with small orders

    @cached_property
    def kitchen_layout(self) -> Layout:
        return load_layout(self.layout)

    @property
    def num_players(self) -> int:
        """The chefs the layout seats."""
        return self.kitchen_layout.num_players


# -- event payloads ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Delivery(Payload):
    """A soup reached the serving window (public): who delivered it and the points it scored."""

    kind: ClassVar[str] = "delivery"
    player: AgentId
    points: float


@dataclass(frozen=True, slots=True)
class Cooking(Payload):
    """A pot started cooking (public): the pot's ``(x, y)`` and what it cooks."""

    kind: ClassVar[str] = "cooking"
    pot: tuple[int, int]
    onions: int
    tomatoes: int


@dataclass(frozen=True, slots=True)
class OrderReport(Payload):
    """A macro order finished or failed (its chef only): the order's name and ``(x, y)`` target
    (``[go to X Y]`` only), ``status`` ``"done"`` or ``"failed"``, the reason it failed, and the
    ticks it ran."""

    kind: ClassVar[str] = "order"
    player: AgentId
    order: str
    target: tuple[int, int] | None
    status: str
    reason: str | None
    ticks: int


#: Every kind of event Overcooked logs.
PAYLOADS: tuple[type[Payload], ...] = (Delivery, Cooking, OrderReport)
