"""Agent spec strings -> agents: ``random``, ``scripted``, ``human``, ``openai:<model>``.

A spec may carry the agent's options after ``?``, as in a URL query, wherever a spec is accepted
(``parlour run``, ``play``, ``tournament``, :func:`make_agent`)::

    openai:gemma-3-270m?base_url=http://127.0.0.1:8080/v1&mode=json&max_tokens=256
    scripted?strategy=value

Values are read as numbers where they look like numbers, ``true``/``false`` as booleans and
``none`` as None, otherwise as text (percent-escapes decoded: write a comma as ``%2C`` in a
comma-separated list of specs). A key given twice makes a list (several ``base_url`` replicas).
An option the agent does not take is a :class:`~parlour.core.errors.ConfigError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

from parlour.agents.base import Agent
from parlour.agents.human import HumanAgent
from parlour.agents.random_agent import RandomAgent
from parlour.agents.scripted import ScriptedAgent
from parlour.core.errors import ConfigError
from parlour.core.seeding import agent_seed
from parlour.registry import make


def _openai_agent(model: str = "", **options: Any) -> Agent:
    from parlour.agents.openai_agent import OpenAIAgent

    return OpenAIAgent(model, **options)


_FACTORIES: dict[str, Callable[..., Agent]] = {
    "random": RandomAgent,
    "scripted": ScriptedAgent,
    "human": HumanAgent,
    "openai": _openai_agent,
}


def register_agent(kind: str, factory: Callable[..., Agent]) -> None:
    """Make ``kind`` (or ``kind:<arg>``) a valid spec; ``factory(arg=..., **options)`` builds it."""
    _FACTORIES[kind] = factory


def agent_kinds() -> list[str]:
    return sorted(_FACTORIES)


def make_agent(spec: str | Agent, **options: Any) -> Agent:
    """Build an agent from a spec string such as ``"random"`` or ``"scripted"``.

    Specs of the form ``kind:arg`` pass ``arg`` to the factory (``openai:<model>`` uses this).
    An Agent instance is returned as it is.

    Example:
        >>> make_agent("random").name
        'random'
    """
    if not isinstance(spec, str):
        if isinstance(spec, Agent):
            return spec
        raise ConfigError(
            f"an agent spec must be a str or an Agent, actual type: {type(spec).__name__}"
        )
    kind, arg, written = parse_spec(spec)
    factory = _FACTORIES.get(kind)
    if factory is None:
        raise ConfigError(f"unknown agent spec {spec!r}; known kinds: {', '.join(agent_kinds())}")
    both = sorted(k for k in written if k in options and options[k] != written[k])
    if both:
        raise ConfigError(f"{spec}: option(s) {', '.join(both)} given twice, with other values")
    options = {**options, **written}
    try:
        return factory(arg, **options) if arg else factory(**options)
    except TypeError as error:
        problem = _option_problem(error)
        if problem.startswith("unknown option"):
            raise ConfigError(f"{spec}: {problem}") from None
        raise


def parse_spec(spec: str) -> tuple[str, str, dict[str, Any]]:
    """``(kind, arg, options)`` of a spec string ``kind[:arg][?key=value&...]``.

    Example:
        >>> parse_spec("openai:gemma-3-270m?max_tokens=256&mode=json&temperature=0.7")
        ('openai', 'gemma-3-270m', {'max_tokens': 256, 'mode': 'json', 'temperature': 0.7})

    Raises:
        ConfigError: a query that is not ``key=value`` pairs.
    """
    head, _, query = spec.strip().partition("?")
    kind, _, arg = head.partition(":")
    options: dict[str, Any] = {}
    if query:
        try:
            pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
        except ValueError:
            raise ConfigError(
                f"{spec}: options after '?' must be key=value pairs joined by '&'"
            ) from None
        for key, text in pairs:
            if not key.isidentifier():
                raise ConfigError(f"{spec}: {key!r} is not an option name")
            value = _option_value(text)
            if key in options:
                before = options[key]
                options[key] = [*before, value] if isinstance(before, list) else [before, value]
            else:
                options[key] = value
    return kind, arg, options


def _option_value(text: str) -> Any:
    """An option's value as written in a spec: a number, a boolean, None, or the text."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return text


def check_agent(
    spec: str, options: Mapping[str, Any], games: Sequence[tuple[str, Mapping[str, Any]]]
) -> None:
    """Build the agent of ``spec`` with ``options`` and seat it once in each of ``games``.

    Settings that cannot work (an unknown option, a strategy the game's bot lacks, an
    ``openai:`` seat with no key and no server) would otherwise fail every game of a tournament
    one by one; checked here, they are one error before any game starts.

    Args:
        spec: an agent spec string such as ``"scripted"`` or ``"openai:gpt-4o-mini"``.
        options: the agent's keyword options.
        games: ``(env_id, config)`` pairs the agent will play; each env is built and reset once.

    Raises:
        ConfigError: naming the spec, the game and what is wrong.

    Example:
        >>> check_agent("scripted", {"strategy": "value"}, [("auction_v0", {})])
        >>> check_agent("scripted", {"strategy": "psychic"}, [("auction_v0", {})])
        Traceback (most recent call last):
        ...
        parlour.core.errors.ConfigError: scripted cannot play auction_v0: strategy must be one of value, truthful, rule, budget, random, actual value: 'psychic'
    """  # noqa: E501 - a doctest's expected line
    try:
        agent = make_agent(spec, **options)
    except ConfigError as error:
        message = str(error)
        raise ConfigError(message if message.startswith(spec) else f"{spec}: {message}") from None
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{spec}: {_option_problem(error)}") from None
    for env_id, config in games:
        env = make(env_id, **config)
        env.reset(seed=0)
        seat = env.possible_agents[0]
        try:
            agent.reset(seat, agent_seed(0, 0), env.unwrapped.seat_view(seat))
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{spec} cannot play {env_id}: {_option_problem(error)}") from None


def _option_problem(error: Exception) -> str:
    """``unknown option 'x'`` for Python's unexpected-keyword TypeError, else the error itself."""
    found = re.search(r"unexpected keyword argument '(\w+)'", str(error))
    return f"unknown option {found.group(1)!r}" if found else str(error)
