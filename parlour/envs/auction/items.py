"""A game's items: drawn from the seed, or a fixed list's (see :mod:`.catalog`).

Chance, all from ``rng``, item by item: with ``item_list`` and ``shuffle_items`` first the order
of sale; then per item its true value (drawn unless listed), the bidders' biases
(``per_bidder_bias``) and noise (``noise``), or the private values or common value and signals.
The cards ``values`` fixes are set after the draws, so fixing one bidder's card changes nothing
else of the game. Only English items have a starting price (a listed one, or a share of the true
value): sealed bids and the Dutch clock start at nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parlour.core.events import AgentId
from parlour.envs.auction.catalog import ItemRow, listed_items
from parlour.envs.auction.model import AuctionConfig, Format, Item, ValueModel


def draw_items(
    config: AuctionConfig, players: Sequence[AgentId], rng: np.random.Generator
) -> list[Item]:
    """The items of a game, in their order of sale."""
    rows: Sequence[ItemRow | None] = [None] * config.num_items
    if config.item_list is not None:
        rows = listed_items(config.item_list)[: config.num_items]
        if config.shuffle_items:
            rows = [rows[int(i)] for i in rng.permutation(len(rows))]
    items = [_draw(config, players, rng, k, row) for k, row in enumerate(rows)]
    if config.format is not Format.ENGLISH:  # sealed bids and the clock have no starting price
        for item in items:
            item.start = 0.0
    private = config.value_model is ValueModel.PRIVATE
    for agent, cards in zip(players, config.values or (), strict=False):
        if cards is None:
            continue
        for item, shown in zip(items, cards, strict=True):
            item.shown[agent] = shown
            if private:  # what the item is worth to the bidder; else the truth stays drawn
                item.values[agent] = shown
    return items


def _draw(
    config: AuctionConfig,
    players: Sequence[AgentId],
    rng: np.random.Generator,
    k: int,
    row: ItemRow | None,
) -> Item:
    """Item ``k``: a listed one (``row``), or one drawn for the config's value model."""
    n = len(players)
    if config.value_model is ValueModel.AUCARENA:
        if row is None:
            true = float(round(rng.uniform(config.value_low, config.value_max)))
            start, name = float(round(true * config.start_fraction)), f"item {k + 1}"
        else:
            name, start, true = row
        biases = (
            rng.uniform(0, 2 * config.bias, n)
            if config.per_bidder_bias
            else np.full(n, config.bias)
        )
        noise = rng.normal(0, config.noise, n) if config.noise else np.zeros(n)
        # one vectorised rounding (np.round, as round() of a numpy scalar does per value)
        estimates = np.round(true * (1 + biases + noise), 2).tolist()
        shown = dict(zip(players, estimates, strict=True))
        return Item(k, name, start, dict.fromkeys(players, true), shown, true)
    if config.value_model is ValueModel.PRIVATE:
        draws = rng.uniform(0, config.value_max, n).tolist()
        values = dict(zip(players, draws, strict=True))
        return Item(k, f"item {k + 1}", config.reserve, values, dict(values), None)
    common = float(rng.uniform(0, config.value_max))
    signals = rng.uniform(common - config.noise, common + config.noise, n)
    shown = dict(zip(players, signals.tolist(), strict=True))
    return Item(k, f"item {k + 1}", config.reserve, dict.fromkeys(players, common), shown, common)
