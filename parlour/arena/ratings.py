"""Results from finished games: OpenSkill ratings, win rates with bootstrap intervals,
head-to-head, conduct and LLM usage (:mod:`parlour.arena.conduct`), and game metrics by agent.

Every number is a pure function of the stored games in schedule order, so reruns agree exactly.

How a game becomes a ranking: each agent's score in a game is the mean reward of the seats it
held; agents are ranked by score (ties share a rank) and rated as one Plackett-Luce match
(openskill), averaged over seeded orders of the games. Agents on the winning team of a team game
thus outrank those on the losing team, and an agent that held seats on both sides lands between.
Per-role ratings rank ``agent@role`` entities the same way. Cooperative games pay every seat
alike, so their ratings, win rates and head-to-head take each deal's cross-play games together
as one match (see :mod:`parlour.arena.schedule`): agents are ranked by their mean reward over
all the seats they held in the deal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openskill.models import PlackettLuce

from parlour.arena.conduct import conduct
from parlour.core.errors import UnknownEnvError
from parlour.registry import get_game

BOOTSTRAP_SAMPLES = 1000
#: Seeded orders of the games over which OpenSkill ratings are averaged.
RATING_PERMUTATIONS = 32


@dataclass(frozen=True)
class Rating:
    mu: float
    sigma: float
    games: int

    @property
    def ordinal(self) -> float:
        """A conservative skill estimate: mu - 3 sigma."""
        return self.mu - 3 * self.sigma


@dataclass(frozen=True)
class Rate:
    """A proportion with a 95% bootstrap interval."""

    value: float
    low: float
    high: float
    n: int


@dataclass
class Results:
    ratings: dict[str, Rating]
    ratings_by_env: dict[str, dict[str, Rating]]
    ratings_by_role: dict[str, dict[str, Rating]]
    win_rates: dict[str, Rate]
    win_rates_by_env: dict[str, dict[str, Rate]]
    head_to_head: dict[str, dict[str, float | None]]
    conduct: dict[str, dict[str, Any]]  # by agent: see parlour.arena.conduct.conduct
    metrics_by_env: dict[str, dict[str, Any]]
    games: int
    failed: int
    agents: list[str] = field(default_factory=list)
    #: The first failed game, as (game id, the last line of its traceback), for the report.
    first_failure: tuple[str, str] | None = None


def _is_cooperative(env_id: str) -> bool:
    try:
        return get_game(env_id).cooperative
    except UnknownEnvError:  # an env no longer registered: rate its games one by one
        return False


def cross_play(games: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The games to rank: each game as it is, except that a cooperative env's games of one deal
    (they share the deal's seed) become one match whose seats are all the seats of those
    games."""
    cooperative = {env: _is_cooperative(env) for env in {g["env_id"] for g in games}}
    merged: dict[tuple[str, int], dict[str, Any]] = {}  # (env, deal seed) -> match
    out: list[dict[str, Any]] = []
    for game in games:
        if not cooperative[game["env_id"]]:
            out.append(game)
            continue
        key = (game["env_id"], game["seed"])
        match = merged.get(key)
        if match is None:
            match = merged[key] = {"env_id": game["env_id"], "seats": {}, "rewards": {}}
            out.append(match)
        for seat, agent in game["seats"].items():
            match["seats"][f"{game['game_id']}/{seat}"] = agent
            match["rewards"][f"{game['game_id']}/{seat}"] = game["rewards"][seat]
    return out


def _seat_roles(game: dict[str, Any]) -> dict[str, str]:
    roles = (game.get("metrics") or {}).get("roles")
    return {str(k): str(v) for k, v in roles.items()} if isinstance(roles, dict) else {}


def _scores(game: dict[str, Any], key: Callable[[str, str], str]) -> dict[str, float]:
    """Mean reward per entity (``key(seat, agent)``) in one game."""
    totals: dict[str, list[float]] = defaultdict(list)
    for seat, agent in game["seats"].items():
        totals[key(seat, agent)].append(float(game["rewards"][seat]))
    return {entity: float(np.mean(values)) for entity, values in sorted(totals.items())}


def rate(
    games: Iterable[dict[str, Any]],
    key: Callable[[dict[str, Any], str, str], str],
    permutations: int = RATING_PERMUTATIONS,
) -> dict[str, Rating]:
    """OpenSkill Plackett-Luce ratings of the entities ``key(game, seat, agent)``.

    Sequential rating depends on the order of games; a tournament's games have no order, so the
    ratings are averaged over ``permutations`` seeded shuffles of the games (as arena leaderboards
    do), which makes them a deterministic function of the set of games.
    """
    matches = []
    for game in games:
        scores = _scores(game, lambda seat, agent, game=game: key(game, seat, agent))
        if len(scores) >= 2:
            order = sorted(set(scores.values()), reverse=True)
            matches.append((list(scores), [order.index(v) + 1 for v in scores.values()]))
    model = PlackettLuce(tau=0.0)  # skills are fixed within a tournament: no drift between games
    counts: dict[str, int] = defaultdict(int)
    for entities, _ in matches:
        for entity in entities:
            counts[entity] += 1
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    rng = np.random.default_rng(0)
    for _ in range(permutations):
        ratings: dict[str, Any] = {}
        for index in rng.permutation(len(matches)):
            entities, ranks = matches[index]
            teams = [[ratings.setdefault(e, model.rating(name=e))] for e in entities]
            for entity, (new,) in zip(entities, model.rate(teams, ranks=ranks), strict=True):
                ratings[entity] = new
        for entity, rating in ratings.items():
            sums[entity][0] += rating.mu / permutations
            sums[entity][1] += rating.sigma / permutations
    return {e: Rating(mu, sigma, counts[e]) for e, (mu, sigma) in sorted(sums.items())}


def _wins(game: dict[str, Any]) -> dict[str, bool]:
    """A seat wins when it got the game's top reward and someone got less."""
    rewards = {seat: float(r) for seat, r in game["rewards"].items()}
    top, bottom = max(rewards.values()), min(rewards.values())
    return {seat: top > bottom and r == top for seat, r in rewards.items()}


def bootstrap(outcomes: list[float], rng: np.random.Generator) -> Rate:
    if not outcomes:
        return Rate(float("nan"), float("nan"), float("nan"), 0)
    data = np.asarray(outcomes, dtype=float)
    means = data[rng.integers(len(data), size=(BOOTSTRAP_SAMPLES, len(data)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Rate(float(data.mean()), float(low), float(high), len(data))


def _win_rates(games: list[dict[str, Any]], agents: list[str], seed: int) -> dict[str, Rate]:
    outcomes: dict[str, list[float]] = {a: [] for a in agents}
    for game in games:
        for seat, won in _wins(game).items():
            outcomes[game["seats"][seat]].append(float(won))
    rng = np.random.default_rng(seed)
    return {agent: bootstrap(outcomes[agent], rng) for agent in agents}


def _head_to_head(
    games: list[dict[str, Any]], agents: list[str]
) -> dict[str, dict[str, float | None]]:
    """Share of games where both played and the row agent scored more than the column agent
    (ties count half)."""
    tally: dict[tuple[str, str], list[float]] = defaultdict(list)
    for game in games:
        scores = _scores(game, lambda seat, agent: agent)
        for a in scores:
            for b in scores:
                if a != b:
                    tally[(a, b)].append(
                        1.0 if scores[a] > scores[b] else 0.5 if scores[a] == scores[b] else 0.0
                    )
    return {
        a: {b: (float(np.mean(tally[(a, b)])) if tally[(a, b)] else None) for b in agents if b != a}
        for a in agents
    }


def _metrics(games: list[dict[str, Any]]) -> dict[str, Any]:
    """Numeric metrics averaged over games; per-seat numeric metrics averaged per agent."""
    scalars: dict[str, list[float]] = defaultdict(list)
    by_agent: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for game in games:
        for name, value in (game.get("metrics") or {}).items():
            if isinstance(value, bool) or name == "invalid_total":
                continue
            if isinstance(value, (int, float)):
                scalars[name].append(float(value))
            elif isinstance(value, dict) and value and set(value) <= set(game["seats"]):
                for seat, v in value.items():
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        by_agent[name][game["seats"][seat]].append(float(v))
    return {
        "mean": {k: float(np.mean(v)) for k, v in sorted(scalars.items())},
        "by_agent": {
            k: {a: float(np.mean(v)) for a, v in sorted(d.items())}
            for k, d in sorted(by_agent.items())
        },
    }


def compute_results(stored: list[dict[str, Any]], agents: list[str], seed: int = 0) -> Results:
    games = [g for g in stored if g["status"] == "done"]
    envs = sorted({g["env_id"] for g in games})
    by_env = {env: [g for g in games if g["env_id"] == env] for env in envs}
    role_key = lambda game, seat, agent: f"{agent}@{_seat_roles(game).get(seat, 'any')}"  # noqa: E731
    by_role: dict[str, dict[str, Rating]] = {}
    for env in envs:
        if any(_seat_roles(g) for g in by_env[env]):
            by_role[env] = rate(by_env[env], role_key)
    matches = cross_play(games)
    matches_by_env = {env: [m for m in matches if m["env_id"] == env] for env in envs}
    by_agent = lambda game, seat, agent: agent  # noqa: E731
    return Results(
        ratings=rate(matches, by_agent),
        ratings_by_env={env: rate(matches_by_env[env], by_agent) for env in envs},
        ratings_by_role=by_role,
        win_rates=_win_rates(matches, agents, seed),
        win_rates_by_env={env: _win_rates(matches_by_env[env], agents, seed) for env in envs},
        head_to_head=_head_to_head(matches, agents),
        conduct=conduct(games, agents),
        metrics_by_env={env: _metrics(by_env[env]) for env in envs},
        games=len(games),
        failed=len(stored) - len(games),
        agents=list(agents),
        first_failure=_first_failure(stored),
    )


def _first_failure(stored: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The first failed game's id and the last line of its traceback (the error itself)."""
    for game in stored:
        if game["status"] == "failed":
            lines = [line for line in (game.get("error") or "").splitlines() if line.strip()]
            return game["game_id"], lines[-1].strip() if lines else "(no traceback stored)"
    return None
