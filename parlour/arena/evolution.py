"""Cultural evolution in the Donor Game (Vallinder & Hughes, 2024), with Parlour agents.

Each generation plays ``games_per_generation`` games (odd-numbered games reverse every pairing's
roles, as the paper's second game does); a member's score is the sum of its final resources over
those games. The top ``survivor_fraction`` survive with their strategies; the others are replaced
by new members modelled on a random survivor: a scripted member copies the survivor's strategy
with a small seeded change of its fraction, an LLM member writes a new strategy sentence given the
survivors' strategies (and scores) as advice, and plays with that strategy in its system prompt.

A strategy an LLM writes is player speech: it is sanitised into one line of at most
``STRATEGY_CHARS`` characters (no newline, quote or bracket) and shown to others only quoted and
attributed (``g0-m2 wrote: "..."``), with its score outside the quotes; so a strategy cannot
open a ``## Now`` section, speak as the moderator or forge another member's score.

The ``paper`` preset replicates the published setup (12 agents, endowment 10, multiplier 2, the
bipartite schedule, traces of depth 3, 10 generations, two games each, top half survive, advice
with scores) with the four defects of the public notebook fixed:

1. the generation score counts both games (the notebook summed the second game twice);
2. punishments apply, within budget and floored at 0 (the notebook never applied a valid one);
3. the configured number of rounds is used, and the rules text does not claim that roles
   alternate every round (under this schedule one half donates in two consecutive rounds);
4. everything is seeded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from parlour.agents import make_agent
from parlour.core.charset import sanitize_speech
from parlour.core.config import FLAG, Integer, Number, validate
from parlour.core.errors import ConfigError
from parlour.core.seeding import derive_seed
from parlour.core.tables import write_csv
from parlour.core.text import speech_line
from parlour.envs.donor_game.bots import STRATEGIES, describe_strategy
from parlour.play import play_game

#: The longest strategy a member may write (longer ones are cut at a word boundary).
STRATEGY_CHARS = 300
#: The streams drawn from the evolution's seed: game seeds, and the seeds of the agents that write
#: strategies (kept apart, so no writer is handed the seed of a game).
_GAME_SEEDS, _WRITER_SEEDS = 0, 1
#: The strategy of an LLM member whose reply held no words.
_FALLBACK_STRATEGY = "My strategy will be to give half of what I have."


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
        if not isinstance(self.game, dict):
            raise ConfigError(f"game must be a dict of Donor Game options, actual: {self.game!r}")


PRESETS: dict[str, EvolutionConfig] = {
    "paper": EvolutionConfig(
        generations=10, games_per_generation=2, survivor_fraction=0.5, show_scores=True
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
    """

    name: str
    spec: str
    strategy: str
    params: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None

    @property
    def is_llm(self) -> bool:
        return self.spec != "scripted"

    def agent(self) -> Any:
        if self.is_llm:
            persona = f'Your strategy: "{_strategy_text(self.strategy)}"'
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


def _write_strategy(member: Member, advice: str, seed: int) -> str:
    """Ask an LLM member for one strategy sentence, with ``advice`` (empty at generation 0)."""
    agent = make_agent(member.spec, **member.params)
    agent.reset(member.name, seed=seed)
    prompt = (
        "You are about to play the Donor Game: players are paired each round as donor and"
        " recipient; a donor gives units and the recipient gains twice that; donors see the"
        " recipient's recent behaviour. The players with the most units at the end survive.\n"
        + (f"{advice}\n" if advice else "")
        + "## Now\nWrite your strategy as one sentence that starts: My strategy will be\n"
        f"Reply with one line of text (at most {STRATEGY_CHARS} characters)"
    )
    info = {"action_kind": "speech", "max_speech_chars": STRATEGY_CHARS, "legal_actions": None}
    return _strategy_text(agent.act({"text": prompt}, info))


def _strategy_text(text: str) -> str:
    """A strategy as it may be shown: one bounded line of speech (the fallback if no words)."""
    line = sanitize_speech(text, STRATEGY_CHARS)
    return line if any(c.isalnum() for c in line) else _FALLBACK_STRATEGY


def run_evolution(
    members: list[Member], config: EvolutionConfig, out_dir: str | Path | None = None
) -> list[dict[str, Any]]:
    """Run all generations; return (and write, with ``out_dir``) one record per generation."""
    if len(members) < 2 or len(members) % 2:
        raise ConfigError(f"the population must have an even size >= 2, got {len(members)}")
    rng = np.random.default_rng(config.seed)
    for i, member in enumerate(members):
        if member.is_llm and not member.strategy:
            member.strategy = _write_strategy(
                member, "", derive_seed(config.seed, _WRITER_SEEDS, 0, i)
            )
        else:  # a strategy given by hand is shown and recorded as one written here would be
            member.strategy = _strategy_text(member.strategy)
    records = []
    for generation in range(config.generations):
        order = [members[i] for i in rng.permutation(len(members))]
        scores = dict.fromkeys((m.name for m in order), 0.0)
        metrics = []
        for game in range(config.games_per_generation):
            game_config = {**config.game, "num_agents": len(order), "reverse_roles": game % 2 == 1}
            seed = derive_seed(config.seed, _GAME_SEEDS, generation, game)
            result = play_game(
                "donor_game_v0", [m.agent() for m in order], seed=seed, **game_config
            )
            for seat, member in zip(result.rewards, order, strict=True):
                scores[member.name] += result.metrics["final_resources"][seat]
            metrics.append(result.metrics)
        ranked = sorted(order, key=lambda m: (-scores[m.name], float(rng.random())))
        keep = max(1, round(len(ranked) * config.survivor_fraction))
        survivors = ranked[:keep]
        records.append(
            {
                "generation": generation,
                "mean_final_resources": float(
                    np.mean([m["mean_final_resources"] for m in metrics])
                ),
                "donation_rate": float(np.mean([m["donation_rate"] for m in metrics])),
                "gini": float(np.mean([m["gini"] for m in metrics])),
                "members": [
                    {
                        "name": m.name,
                        "spec": m.spec,
                        "strategy": m.strategy,
                        "score": scores[m.name],
                        "survived": m in survivors,
                        "parent": m.parent,
                    }
                    for m in ranked
                ],
            }
        )
        if generation + 1 < config.generations:
            members = survivors + _offspring(
                survivors, scores, len(ranked) - keep, generation + 1, config, rng
            )
    if out_dir is not None:
        write_results(records, Path(out_dir))
    return records


def _offspring(
    survivors: list[Member],
    scores: dict[str, float],
    count: int,
    generation: int,
    config: EvolutionConfig,
    rng: np.random.Generator,
) -> list[Member]:
    advice_lines = [
        speech_line(m.name, _strategy_text(m.strategy), "wrote")
        + (f" (final score {scores[m.name]:.1f})" if config.show_scores else "")
        for m in survivors
    ]
    advice = (
        "Here is the advice of the best-performing players of the previous generation"
        + (", with their final scores" if config.show_scores else "")
        + ". Modify it to write your own strategy:\n"
        + "\n".join(advice_lines)
    )
    children = []
    for k in range(count):
        parent = survivors[int(rng.integers(len(survivors)))]
        name = f"g{generation}-m{k}"
        if parent.is_llm:
            child = Member(name, parent.spec, "", dict(parent.params), parent.name)
            child.strategy = _write_strategy(
                child, advice, derive_seed(config.seed, _WRITER_SEEDS, generation, k)
            )
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
    "PRESETS",
    "STRATEGY_CHARS",
    "EvolutionConfig",
    "Member",
    "asdict",
    "population",
    "preset",
    "run_evolution",
]
