"""What toy players read, and the forms they write."""

from __future__ import annotations

from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.text import GameText, forms_line, moderator, speech_line
from tests.toy.model import Action, Bid, BidCast, Dealt, GameOver, Phase, Say, Sold, Spoke
from tests.toy.rules import ToyRules


class ToyText(GameText[ToyRules, Action]):
    def render_header(self, rules: ToyRules, viewer: AgentId) -> str:
        return (
            f"# Toy auction - you are {viewer}\n"
            f"{rules.config.num_items} items are sold one after another. For each, every player"
            " says one line, then bids once in secret; the highest bid wins and pays its bid.\n\n"
            f"## Your card\nEach item is worth {rules.values[viewer]} to you."
        )

    def render_public(self, event: Event) -> str | None:
        data = event.data
        if isinstance(data, Spoke):
            return speech_line(data.player, data.text or "(nothing)")
        if isinstance(data, Sold):
            return moderator(f"{data.winner} wins item {data.item + 1} for {data.price}.")
        if isinstance(data, GameOver):
            return moderator(f"Game over. Values: {', '.join(map(str, data.values))}.")
        return None

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        data = event.data
        if isinstance(data, BidCast):
            return moderator(f"Your sealed bid: {data.amount}.")
        if isinstance(data, Dealt):
            return None  # the card says it
        return None

    def render_prompt(self, rules: ToyRules, viewer: AgentId, spec: ActionSpec[Any] | None) -> str:
        if rules.phase is Phase.OVER:
            return "The game is over."
        if spec is None:
            return "Waiting for the others."
        item = f"Item {rules.item + 1} of {rules.config.num_items}."
        task = "Say one line." if rules.phase is Phase.TALK else "Bid in secret."
        task = f"{item} {task}"
        return f"{task}\n{forms_line(spec)}"

    def format_action(self, action: Action) -> str:
        if isinstance(action, Bid):
            return f"[bid {action.amount}]"
        if isinstance(action, Say):
            return action.text if action.text is not None else "(nothing)"
        raise TypeError(f"not a toy action: {action!r}")
