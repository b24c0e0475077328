"""Cultural evolution in the Donor Game (Vallinder & Hughes, 2024), with Parlour agents.

Each generation plays ``games_per_generation`` games (odd-numbered games reverse every pairing's
roles, as the paper's second game does); a member's score is the sum of its final resources over
those games. The top ``survivor_fraction`` survive with their strategies; the others are replaced
by new members modelled on a random survivor: a scripted member copies the survivor's strategy
with a small seeded change of its fraction, an LLM member writes a new strategy sentence given the
game's rules and the survivors' strategies (and scores) as advice
(:mod:`parlour.arena.strategy_prompts`), and plays with that strategy in its system prompt.
Every game is told its generation (1-based), which each card shows; ``game`` holds the other
Donor Game options (validated; ``num_agents``, ``reverse_roles`` and ``generation`` are the
driver's own).

A strategy an LLM writes is player speech: it is sanitised into one line of at most
``STRATEGY_CHARS`` characters (no newline, quote or bracket) and shown to others only quoted and
attributed (``g0-m2 wrote: "..."``), with its score outside the quotes; so a strategy cannot
open a ``## Now`` section, speak as the moderator or forge another member's score.

The ``paper`` preset replicates the published setup (12 agents, endowment 10, multiplier 2, the
bipartite schedule, chained traces of depth 3, 10 generations, two games each, top half survive,
advice with scores) and the public notebook's prompts: a donor is shown only the current pairing
(the rules, its strategy, the generation, the round, both resources and the recipient's trace,
never its own history), traces tell shares only, and nobody is told how many rounds there are.
The four defects of the notebook are fixed:

1. the generation score counts both games (the notebook summed the second game twice);
2. punishments apply, within budget and floored at 0 (the notebook never applied a valid one);
3. the configured number of rounds is used, and the rules text does not claim that roles
   alternate every round (under this schedule one half donates in two consecutive rounds);
4. everything is seeded.

The notebook's prompt promises the survivors' scores with their advice but passes the strategies
alone; the preset shows the scores (``show_scores=False`` gives the notebook's advice).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from parlour.agents import make_agent
from parlour.arena.strategy_prompts import (
    STRATEGY_CHARS,
    read_strategy,
    strategy_line,
    strategy_request,
    writing_turn,
)
from parlour.core.config import FLAG, Integer, Number, validate
from parlour.core.errors import ConfigError
from parlour.core.seeding import derive_seed
from parlour.core.tables import write_csv
from parlour.core.text import speech_line
from parlour.envs.donor_game.bots import STRATEGIES, describe_strategy
from parlour.envs.donor_game.model import DonorGameConfig
from parlour.play import play_game

#: The streams drawn from the evolution's seed: game seeds, and the seeds of the agents that write
#: strategies (kept apart, so no writer is handed the seed of a game).
_GAME_SEEDS, _WRITER_SEEDS = 0, 1
#: The Donor Game options the driver sets itself for every game.
DRIVER_OPTIONS = ("num_agents", "reverse_roles", "generation")
#: The Donor Game options ``game`` may hold.
GAME_OPTIONS = tuple(
    f.name for f in dataclasses.fields(DonorGameConfig) if f.name not in DRIVER_OPTIONS
)
#: The paper's prompts (Vallinder & Hughes' notebook): see the module's docstring.
PAPER_GAME: dict[str, Any] = {"donor_view": "pairing", "trace_amounts": False, "tell_rounds": False}


@dataclass(frozen=True)
class EvolutionConfig:
    generations: int = 10
    survivor_fraction: float = 0.5
    games_per_generation: int = 2
    show_scores: bool = True
    mutation: float = 0.1
    seed: int = 0
    game: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate(
            self,
            generations=Integer(1, 1000),
            survivor_fraction=Number(0, 1, low_open=True, high_open=True),
            games_per_generation=Integer(1, 100),
            show_scores=FLAG,
            mutation=Number(0, 1),
            seed=Integer(0),
        )
        game_config(self.game, DonorGameConfig.num_agents)  # names and values, before any game


def game_config(game: Any, num_agents: int, **driver: Any) -> DonorGameConfig:
    """The Donor Game config of ``game`` (the evolution's options) for a population of
    ``num_agents``, with the driver's own options ``driver`` (``reverse_roles``, ``generation``).

    Raises:
        ConfigError: ``game`` is not a dict, names an option the game does not have or that the
            driver sets itself, or holds a value the game refuses.
    """
    if not isinstance(game, dict):
        raise ConfigError(f"game must be a dict of Donor Game options, actual: {game!r}")
    fixed = sorted(set(game) & set(DRIVER_OPTIONS))
    if fixed:
        raise ConfigError(
            f"{', '.join(fixed)}: set by the evolution itself for every game (num_agents: the"
            " population's size, reverse_roles: the second game's, generation: the count)"
        )
    unknown = sorted(str(k) for k in game if k not in GAME_OPTIONS)
    if unknown:
        raise ConfigError(
            f"unknown Donor Game option {', '.join(unknown)}; known: {', '.join(GAME_OPTIONS)}"
        )
    return DonorGameConfig(**game, num_agents=num_agents, **driver)


PRESETS: dict[str, EvolutionConfig] = {
    "paper": EvolutionConfig(
        generations=10,
        games_per_generation=2,
        survivor_fraction=0.5,
        show_scores=True,
        game=PAPER_GAME,
    ),
    "quick": EvolutionConfig(generations=3, games_per_generation=2, survivor_fraction=0.5),
}


@dataclass
class Member:
    """One agent of the population.

    Attributes:
        name: unique, e.g. ``g2-m5``.
        spec: ``scripted`` or an LLM spec such as ``openai:gpt-4o-mini``.
        strategy: the strategy sentence.
        params: scripted: ``strategy`` and ``fraction``; LLM: agent options.
        parent: the survivor it was modelled on.
        justification: an LLM member's reasoning before its strategy sentence.
    """

    name: str
    spec: str
    strategy: str
    params: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None
    justification: str = ""

    @property
    def is_llm(self) -> bool:
        return self.spec != "scripted"

    def agent(self) -> Any:
        if self.is_llm:
            persona = f'Your strategy: "{strategy_line(self.strategy)}"'
            return make_agent(self.spec, persona=persona, **self.params)
        return make_agent("scripted", **self.params)


def population(
    specs: list[str], size: int, rng: np.random.Generator, llm_options: dict[str, Any] | None = None
) -> list[Member]:
    """A first generation of ``size`` members cycling through ``specs``.

    A spec is a scripted strategy (``tit_for_tat``, ``image_scoring``, ``fixed``, ``stingy``,
    ``random``, optionally ``name:fraction``) or an LLM spec (``openai:<model>``), whose first
    strategy is written by the model.
    """
    members = []
    for i in range(size):
        spec = specs[i % len(specs)]
        if spec.startswith("openai:"):
            members.append(Member(f"g0-m{i}", spec, "", dict(llm_options or {})))
            continue
        name, _, fraction_text = spec.partition(":")
        if name not in STRATEGIES:
            raise ConfigError(
                f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}, or openai:<model>"
            )
        fraction = (
            _fraction(fraction_text) if fraction_text else round(float(rng.uniform(0.1, 0.9)), 2)
        )
        params = {"strategy": name, "fraction": fraction}
        members.append(Member(f"g0-m{i}", "scripted", describe_strategy(name, fraction), params))
    return members


def _fraction(text: str) -> float:
    """The fraction of a ``name:fraction`` strategy: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"a strategy's fraction must be a number from 0 to 1, got {text!r}")
    return value


def _write_strategy(member: Member, request: str, seed: int) -> None:
    """Ask an LLM member for its strategy (``request``: :func:`strategy_request`); sets its
    strategy and justification."""
    agent = make_agent(member.spec, **member.params)
    agent.reset(member.name, seed=seed)
    reply = agent.act({"text": request}, writing_turn())
    member.strategy, member.justification = read_strategy(reply)


def run_evolution(
    members: list[Member], config: EvolutionConfig, out_dir: str | Path | None = None
) -> list[dict[str, Any]]:
    """Run all generations; return (and write, with ``out_dir``) one record per generation."""
    if len(members) < 2 or len(members) % 2:
        raise ConfigError(f"the population must have an even size >= 2, got {len(members)}")
    game = game_config(config.game, len(members))  # refused here, before any LLM is asked
    rng = np.random.default_rng(config.seed)
    for i, member in enumerate(members):
        if member.is_llm and not member.strategy:
            seed = derive_seed(config.seed, _WRITER_SEEDS, 0, i)
            _write_strategy(member, strategy_request(game), seed)
        else:  # a strategy given by hand is shown and recorded as one written here would be
            member.strategy = strategy_line(member.strategy)
    records = []
    for generation in range(config.generations):
        order = [members[i] for i in rng.permutation(len(members))]
        scores, metrics = _play_generation(order, generation, config)
        ranked = sorted(order, key=lambda m: (-scores[m.name], float(rng.random())))
        keep = max(1, round(len(ranked) * config.survivor_fraction))
        survivors = ranked[:keep]
        records.append(_record(generation, ranked, keep, scores, metrics))
        if generation + 1 < config.generations:
            advice = _advice(survivors, scores, config)
            request = strategy_request(game, advice)
            count = len(ranked) - keep
            members = survivors + _offspring(survivors, count, generation + 1, request, config, rng)
    if out_dir is not None:
        write_results(records, Path(out_dir))
    return records


def _play_generation(
    order: list[Member], generation: int, config: EvolutionConfig
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Play a generation's games with the members seated in ``order``: each member's score (its
    final resources summed over the games) and each game's metrics."""
    scores = dict.fromkeys((m.name for m in order), 0.0)
    metrics = []
    for game in range(config.games_per_generation):
        options = {
            **config.game,
            "num_agents": len(order),
            "reverse_roles": game % 2 == 1,
            "generation": generation + 1,  # the paper's prompts count generations from 1
        }
        seed = derive_seed(config.seed, _GAME_SEEDS, generation, game)
        result = play_game("donor_game_v0", [m.agent() for m in order], seed=seed, **options)
        for seat, member in zip(result.rewards, order, strict=True):
            scores[member.name] += result.metrics["final_resources"][seat]
        metrics.append(result.metrics)
    return scores, metrics


def _record(
    generation: int,
    ranked: list[Member],
    keep: int,
    scores: dict[str, float],
    metrics: list[dict[str, Any]],
) -> dict[str, Any]:
    """A generation's record: the means of its games' metrics, and its members, best first."""
    return {
        "generation": generation,
        "mean_final_resources": float(np.mean([m["mean_final_resources"] for m in metrics])),
        "donation_rate": float(np.mean([m["donation_rate"] for m in metrics])),
        "gini": float(np.mean([m["gini"] for m in metrics])),
        "members": [
            {
                "name": m.name,
                "spec": m.spec,
                "strategy": m.strategy,
                "score": scores[m.name],
                "survived": rank < keep,
                "parent": m.parent,
                "justification": m.justification,
            }
            for rank, m in enumerate(ranked)
        ],
    }


def _advice(survivors: list[Member], scores: dict[str, float], config: EvolutionConfig) -> str:
    """The survivors' strategies as the next generation's writers read them: one quoted,
    attributed line each, the score outside the quotes."""
    lines = [
        speech_line(m.name, strategy_line(m.strategy), "wrote")
        + (f" (final score {scores[m.name]:.1f})" if config.show_scores else "")
        for m in survivors
    ]
    return (
        f"Here is the advice of the best-performing {config.survivor_fraction:.0%} of the"
        " previous generation"
        + (", with their final scores" if config.show_scores else "")
        + ". Modify it to write your own strategy:\n"
        + "\n".join(lines)
    )


def _offspring(
    survivors: list[Member],
    count: int,
    generation: int,
    request: str,
    config: EvolutionConfig,
    rng: np.random.Generator,
) -> list[Member]:
    """``count`` new members, each modelled on a random survivor: an LLM writes its strategy
    given ``request``; a scripted one copies its parent's with a seeded change of fraction."""
    children = []
    for k in range(count):
        parent = survivors[int(rng.integers(len(survivors)))]
        name = f"g{generation}-m{k}"
        if parent.is_llm:
            child = Member(name, parent.spec, "", dict(parent.params), parent.name)
            _write_strategy(child, request, derive_seed(config.seed, _WRITER_SEEDS, generation, k))
        else:
            fraction = float(
                np.clip(parent.params["fraction"] + rng.normal(0, config.mutation), 0, 1)
            )
            params = {**parent.params, "fraction": round(fraction, 3)}
            child = Member(
                name,
                "scripted",
                describe_strategy(params["strategy"], params["fraction"]),
                params,
                parent.name,
            )
        children.append(child)
    return children


def write_results(records: list[dict[str, Any]], out_dir: Path) -> None:
    """``evolution.json`` (everything), ``evolution.csv`` (per generation) and ``evolution.png``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "evolution.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    write_csv(  # strategies are LLM text: no cell may become a spreadsheet formula
        out_dir / "evolution.csv",
        ["generation", "mean_final_resources", "donation_rate", "gini", "best_strategy"],
        [
            [
                r["generation"],
                r["mean_final_resources"],
                r["donation_rate"],
                r["gini"],
                r["members"][0]["strategy"],
            ]
            for r in records
        ],
    )
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(
        [r["generation"] for r in records], [r["mean_final_resources"] for r in records], marker="o"
    )
    ax.set_xlabel("generation")
    ax.set_ylabel("mean final resources per game")
    ax.set_title("Donor Game: cultural evolution")
    fig.tight_layout()
    fig.savefig(out_dir / "evolution.png", dpi=100)
    plt.close(fig)


def preset(name: str, **overrides: Any) -> EvolutionConfig:
    if name not in PRESETS:
        raise ConfigError(f"preset must be one of {', '.join(PRESETS)}, actual value: {name!r}")
    return replace(PRESETS[name], **{k: v for k, v in overrides.items() if v is not None})


__all__ = [
    "GAME_OPTIONS",
    "PRESETS",
    "STRATEGY_CHARS",
    "EvolutionConfig",
    "Member",
    "asdict",
    "game_config",
    "population",
    "preset",
    "run_evolution",
]
