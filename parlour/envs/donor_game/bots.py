"""Scripted Donor Game strategies, each reading only what its seat is shown (the PAIRING event).

* ``fixed``: always give a fixed fraction ``fraction`` of current resources (``always-f``).
* ``tit_for_tat``: give the fraction the recipient last gave (its own last act in the trace);
  ``fraction`` when the recipient has no history. Where traces give amounts only (resources
  hidden, absolute units), give the same amount, up to all the bot has.
* ``image_scoring``: give ``fraction`` to recipients whose last act was a donation, else nothing.
* ``stingy``: give nothing.
* ``random``: a uniform fraction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.errors import ConfigError
from parlour.core.numeric import plain_number
from parlour.core.view import SeatView
from parlour.envs.donor_game.model import Pairing, Units

STRATEGIES = ("fixed", "tit_for_tat", "image_scoring", "stingy", "random")
DEFAULT_STRATEGY = "tit_for_tat"


class DonorBot:
    """A scripted donor. ``describe()`` is its strategy text (for the evolution driver)."""

    def __init__(
        self,
        view: SeatView,
        rng: np.random.Generator,
        strategy: str = DEFAULT_STRATEGY,
        fraction: float = 0.5,
    ) -> None:
        if strategy not in STRATEGIES:
            raise ConfigError(
                f"strategy must be one of {', '.join(STRATEGIES)}, actual value: {strategy!r}"
            )
        if not 0 <= fraction <= 1:
            raise ConfigError(f"fraction must be in 0..1, actual value: {fraction}")
        self.view = view
        self.rng = rng
        self.strategy = strategy
        self.fraction = fraction
        self._cursor = 0
        self._pairing: Pairing | None = None

    def describe(self) -> str:
        return describe_strategy(self.strategy, self.fraction)

    def share(self, pairing: Pairing) -> float:
        """The fraction of its resources this bot gives to the recipient of ``pairing``."""
        if self.strategy == "fixed":
            return self.fraction
        if self.strategy == "stingy":
            return 0.0
        if self.strategy == "random":
            return float(self.rng.random())
        own = [a for a in pairing.trace_acts if a["donor"] == pairing.recipient]
        if not own:
            return self.fraction
        last = own[0]
        gave = 0.0
        if last["kind"] == "donate" and "percent" in last:
            gave = min(1.0, last["percent"] / 100)
        elif last["kind"] == "donate":  # resources hidden: the trace tells the amount only
            gave = min(1.0, last["amount"] / self._means(pairing))
        if self.strategy == "tit_for_tat":
            return gave
        return self.fraction if gave > 0 else 0.0  # image scoring

    @staticmethod
    def _means(pairing: Pairing) -> float:
        """What the bot has to give from (to turn an amount seen in a trace into a share)."""
        return max(float(pairing.donor_resources), 1e-9)

    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        for event in self.view.events(self._cursor):
            if event.kind == Pairing.kind:
                self._pairing = event.data
        self._cursor = len(self.view)
        if self._pairing is None:
            return "[donate 0]"
        share = self.share(self._pairing)
        if self._pairing.units == Units.PERCENT:
            return f"[donate {plain_number(share * 100)}]"
        return f"[donate {plain_number(share * self._pairing.donor_resources)}]"


def describe_strategy(strategy: str, fraction: float) -> str:
    texts = {
        "fixed": f"My strategy will be to give {fraction:.0%} of my resources to everyone.",
        "tit_for_tat": (
            "My strategy will be to give each recipient the share they gave on their last turn"
            f" ({fraction:.0%} to newcomers)."
        ),
        "image_scoring": (
            f"My strategy will be to give {fraction:.0%} to recipients whose last act was a"
            " donation,"
            " and nothing to the others."
        ),
        "stingy": "My strategy will be to give nothing.",
        "random": "My strategy will be to give a random share.",
    }
    return texts[strategy]


def make_bot(view: SeatView, rng: np.random.Generator, **options: Any) -> DonorBot:
    """The ``scripted`` agent's entry point; options: ``strategy``, ``fraction``."""
    return DonorBot(view, rng, **options)
