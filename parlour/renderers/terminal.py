"""A person at the terminal (``parlour play --terminal``): one seat against agents, no window.

Each turn prints only what is new since the person's last turn (see
:class:`~parlour.agents.human.HumanAgent`); an answer the game would refuse is refused at once,
with the parser's reason, and the turn stays the person's (as in the window). The game ends on a
readable result: the person's last news, each seat's reward and the game's headline figures. A
game ended early (Ctrl-C, or the input closed) is saved as far as it went with ``record``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import parlour
from parlour.agents import make_agent
from parlour.agents.human import HumanAgent
from parlour.core.errors import ActionError
from parlour.core.seeding import agent_seed
from parlour.play import opponent_specs
from parlour.renderers.quick import figures_line, for_people, typed_action
from parlour.renderers.saved import write_game


@dataclass
class TerminalGame:
    """A game played at the terminal: its env, every action, and whether it was saved."""

    env: Any
    seat: str
    specs: dict[str, Any]
    actions: list[list[str]] = field(default_factory=list)
    returns: dict[str, float] = field(default_factory=dict)
    saved: Path | None = None
    save_error: str | None = None

    @property
    def finished(self) -> bool:
        return not self.env.agents

    def metrics(self) -> dict[str, Any]:
        return self.env.unwrapped.metrics()


def play_in_terminal(
    env_id: str,
    seat: str,
    opponents: Sequence[Any] = (),
    seed: int | None = None,
    config: dict[str, Any] | None = None,
    record: str | Path | None = None,
    read: Callable[[str], str] | None = None,
    out: TextIO | None = None,
) -> TerminalGame:
    """Play ``seat`` of ``env_id`` at the terminal against ``opponents`` (agent specs; the last
    repeats); returns the game, whose result has been printed to ``out``."""
    out = out or sys.stdout
    env = parlour.make(env_id, **(config or {}))
    env.reset(seed=seed)
    specs = opponent_specs(env.possible_agents, seat, opponents)
    person = HumanAgent(read=read, out=out)
    game = TerminalGame(env, seat, specs, returns=dict.fromkeys(env.possible_agents, 0.0))
    agents: dict[str, Any] = {}
    for index, name in enumerate(env.possible_agents):
        agents[name] = person if name == seat else make_agent(specs[name])
        agents[name].reset(
            name, agent_seed(env.unwrapped.game_seed, index), env.unwrapped.seat_view(name)
        )
    try:
        _play(game, agents, person)
    except BaseException:  # Ctrl-C: the game so far is saved, and said to be
        if record is not None:
            _save(game, Path(record), env_id, config or {})
            if game.saved is not None:
                print(f"\n(the game so far is saved to {game.saved})", file=out, flush=True)
        raise
    if record is not None:
        _save(game, Path(record), env_id, config or {})
    print(result_text(game, person), file=out, flush=True)
    return game


def _play(game: TerminalGame, agents: dict[str, Any], person: HumanAgent) -> None:
    env = game.env
    for agent in env.agent_iter():
        observation, reward, terminated, truncated, info = env.last()
        game.returns[agent] += float(reward)
        if terminated or truncated:
            env.step(None)
            continue
        if agent == game.seat:
            action = _ask(game, person, observation, info)
            if action is None:
                return  # the input closed: the person left
        else:
            action = agents[agent].act(observation, info)
        game.actions.append([agent, action])
        env.step(action)
        if agent != game.seat and env.agents:  # what the person saw happen meanwhile
            _tell(person, env.unwrapped.match.observation(game.seat))


def _tell(person: HumanAgent, observation: str) -> None:
    news = person.news(observation, now=False)
    if news:
        print(news, file=person.out, flush=True)


def _ask(game: TerminalGame, person: HumanAgent, observation: Any, info: Any) -> str | None:
    """The person's answer, asked again (with the reason) until the game would accept it (on
    a number turn a bare number or a share reads as the turn's verb, as in the window); None
    when the input has closed."""
    match = game.env.unwrapped.match
    numbers = match.spec(game.seat).legal.numbers
    while True:
        text = person.act(observation, info)
        if person.closed:
            return None
        if len(numbers) == 1:  # a bare number or a share, as in the window's field
            rule = numbers[0]
            text = typed_action(text, rule.verb, rule.high, rule.integer, rule.places)
        try:
            match.rules.check(game.seat, match.spec(game.seat).parse(text))
        except ActionError as error:
            info = {**info, "invalid_action": str(error)}
        else:
            return text


def _save(game: TerminalGame, path: Path, env_id: str, config: dict[str, Any]) -> None:
    seats = {**{s: str(spec) for s, spec in game.specs.items()}, game.seat: "human"}
    try:
        write_game(
            path,
            env_id,
            config,
            game.env.unwrapped.game_seed,
            seats,
            game.actions,
            game.metrics(),
            "aec",
        )
    except OSError as error:
        game.save_error = f"could not save the game to {path}: {error}"
    else:
        game.saved = path


def result_text(game: TerminalGame, person: HumanAgent) -> str:
    """The end of a terminal game, for people: what the person has not yet read, the rewards
    and the game's headline figures."""
    match = game.env.unwrapped.match
    news = person.news(match.observation(game.seat), now=False).strip()
    title = "Game over"
    if not game.finished:
        title = f"Game stopped after {len(game.actions)} actions: the input closed"
    lines = ["", f"=== {title} ===", *([news] if news else [])]
    rewards = [
        f"{seat}{' (you)' if seat == game.seat else ''} {_signed(value)}"
        for seat, value in game.returns.items()
    ]
    lines.append("Rewards: " + ", ".join(rewards))
    figures = figures_line(game.metrics())
    if figures:
        lines.append(f"Result: {figures}")
    return "\n".join(lines)


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + for_people(value)
