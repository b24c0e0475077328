"""Throughput of every registered env: random-legal AEC steps per second and games per second.

Runs through ``parlour.make`` exactly as an RL loop does, reading the acting agent's observation
and info every step. A second table checks that a step costs the same late in a long game as
early on (observations are windowed and rendered incrementally). The comparison with TextArena
is ``benchmarks/versus_textarena.py``.

    python benchmarks/throughput.py [--seconds 2] [--repeats 3] [--env who_is_spy_v0]
"""

from __future__ import annotations

import argparse
import platform
import time
from typing import Any

import parlour
from parlour.agents import RandomAgent
from parlour.core.seeding import agent_seed
from parlour.wrappers import DiscreteActions, NumericObservations, SingleAgentEnv


def random_games(
    env_id: str, seconds: float, config: dict[str, Any] | None = None
) -> tuple[float, float]:
    """Play seeded random-legal games for about ``seconds``; return (steps/s, games/s)."""
    env = parlour.make(env_id, **(config or {}))
    agents = {a: RandomAgent() for a in env.possible_agents}
    steps = games = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        env.reset(seed=games)
        for i, (seat, agent) in enumerate(agents.items()):
            agent.reset(seat, seed=agent_seed(games, i))
        for seat in env.agent_iter():
            observation, _, terminated, truncated, info = env.last()
            env.step(None if terminated or truncated else agents[seat].act(observation, info))
            steps += 1
        games += 1
    elapsed = time.perf_counter() - start
    return steps / elapsed, games / elapsed


def cheapest_legal(info: dict[str, Any]) -> str:
    """A legal action at almost no cost: the first listed, else the lowest number, else a line."""
    if info.get("legal_actions"):
        return info["legal_actions"][0]
    numbers = [n for n in info.get("numbers") or () if n["low"] <= n["high"]]
    if numbers:
        return f"[{numbers[0]['verb']} {numbers[0]['low']}]"
    if info.get("choices"):
        return info["choices"][0]
    return "a short line"


def env_only_games(env_id: str, seconds: float) -> tuple[float, float]:
    """Like :func:`random_games` with a policy that costs nothing: the env's own speed."""
    env = parlour.make(env_id)
    steps = games = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        env.reset(seed=games)
        for _ in env.agent_iter():
            _, _, terminated, truncated, info = env.last()  # the observation is still rendered
            env.step(None if terminated or truncated else cheapest_legal(info))
            steps += 1
        games += 1
    elapsed = time.perf_counter() - start
    return steps / elapsed, games / elapsed


def step_cost_by_game_phase(env_id: str, config: dict[str, Any], steps: int) -> list[float]:
    """Microseconds per step in each fifth of one long game played with constant invalid text
    (so nobody is ever eliminated and the game runs to its limit)."""
    env = parlour.make(env_id, **config)
    env.reset(seed=0)
    stamps = []
    for _ in env.agent_iter(steps):
        _, _, terminated, truncated, _ = env.last()
        env.step(None if terminated or truncated else "hmm")
        stamps.append(time.perf_counter())
    fifth = len(stamps) // 5
    return [(stamps[(i + 1) * fifth - 1] - stamps[i * fifth]) / (fifth - 1) * 1e6 for i in range(5)]


def wrapped_games(env_id: str, seconds: float, keep_text: bool = True) -> tuple[float, float]:
    """AEC steps/s through ``DiscreteActions(NumericObservations(env))`` with a cost-free policy
    (index 0, the first legal action), the observation (numeric, and text with ``keep_text``)
    read every step, and the raw env replaying the very same action texts with its text
    observation read, so the two figures differ only by the wrappers' own cost. The two are
    timed game by game in turn (the actions recorded in an untimed pass), so a drift in the
    machine's speed hits both alike. Returns (wrapped, raw) steps/s."""

    def wrapped() -> DiscreteActions:
        return DiscreteActions(NumericObservations(parlour.make(env_id), keep_text=keep_text))

    env, recorder, raw = wrapped(), wrapped(), parlour.make(env_id)
    wrapped_time = raw_time = 0.0
    steps = seed = 0
    while wrapped_time + raw_time < 2 * seconds:
        sent = _menu_actions(recorder, seed)
        start = time.perf_counter()
        env.reset(seed=seed)
        for _ in env.agent_iter():
            _, _, terminated, truncated, _ = env.last()
            env.step(None if terminated or truncated else 0)
        middle = time.perf_counter()
        raw.reset(seed=seed)
        for _, text in zip(raw.agent_iter(), sent, strict=True):  # the same loop as above
            raw.last()
            raw.step(text)
        wrapped_time += middle - start
        raw_time += time.perf_counter() - middle
        steps += len(sent)
        seed += 1
    return steps / wrapped_time, steps / raw_time


def _menu_actions(env: DiscreteActions, seed: int) -> list[str | None]:
    """The action texts that index 0 sends in the seeded game (None for retired agents)."""
    env.reset(seed=seed)
    sent: list[str | None] = []
    for agent in env.agent_iter():
        _, _, terminated, truncated, _ = env.last(observe=False)
        sent.append(None if terminated or truncated else env.action_menu(agent)[0])
        env.step(None if terminated or truncated else 0)
    return sent


def single_agent_steps(env_id: str, seconds: float) -> tuple[float, float]:
    """``SingleAgentEnv`` against random opponents: (learner steps/s, underlying AEC steps/s)."""
    env = SingleAgentEnv(env_id, opponents="random")
    base = env.aec_env.unwrapped
    learner = aec = episodes = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        observation, _ = env.reset(seed=episodes)
        done = False
        while not done:
            observation, _, terminated, truncated, _ = env.step(
                int(observation["action_mask"].argmax())
            )
            learner += 1
            done = terminated or truncated
        aec += base.match.rules.step_count
        episodes += 1
    elapsed = time.perf_counter() - start
    return learner / elapsed, aec / elapsed


#: Configs for one long game each, and the steps to time (all played before the game ends).
LONG_GAMES: dict[str, tuple[dict[str, Any], int]] = {
    "who_is_spy_v0": ({"num_players": 12, "max_rounds": 400}, 20_000),
    "donor_game_v0": ({"num_agents": 12, "rounds": 1000}, 20_000),
    "auction_v0": (  # the card lists all 2000 values, so the budget must hold it
        {
            "num_items": 2000,
            "format": "first_price",
            "value_model": "private",
            "max_observation_chars": 32_768,
        },
        20_000,
    ),
    "werewolf_v0": ({"protocol": "classic", "max_days": 50, "discussion_rounds": 10}, 4_000),
    "among_us_v0": ({"max_steps": 1000, "kill_cooldown": 50, "emergency_meetings": 0}, 5_000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    parser.add_argument(
        "--repeats", type=int, default=3, help="measurements per env (median shown)"
    )
    parser.add_argument("--env", action="append", help="env id (default: all registered)")
    args = parser.parse_args()
    env_ids = args.env or parlour.list_envs()
    print(
        f"# Parlour throughput ({platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {platform.processor() or 'cpu'})"
    )
    print("random agents: steps/s with RandomAgent choosing; env only: a cost-free legal policy")
    print(f"{'env':16} {'steps/s':>10} {'games/s':>9} {'env only steps/s':>17}")
    for env_id in env_ids:
        runs = sorted(random_games(env_id, args.seconds) for _ in range(args.repeats))
        steps_per_s, games_per_s = runs[len(runs) // 2]
        bare = sorted(env_only_games(env_id, args.seconds)[0] for _ in range(args.repeats))
        print(f"{env_id:16} {steps_per_s:10,.0f} {games_per_s:9,.1f} {bare[len(bare) // 2]:17,.0f}")
    print(
        "\n# RL faces: DiscreteActions + NumericObservations with a cost-free policy (text and"
        " numeric read, or numeric only) against the raw env replaying the same actions (text"
        " read), and SingleAgentEnv against random agents"
    )
    header = (
        f"{'env':16} {'raw':>9} {'text+num':>9} {'overhead':>9} {'raw':>9} {'numeric':>9}"
        f" {'overhead':>9}"
    )
    print(f"{header} {'single: learner/AEC steps/s':>28}")
    for env_id in env_ids:
        both = sorted(wrapped_games(env_id, args.seconds) for _ in range(args.repeats))
        numeric = sorted(
            wrapped_games(env_id, args.seconds, keep_text=False) for _ in range(args.repeats)
        )
        (both_wrapped, both_raw), (num_wrapped, num_raw) = (
            both[len(both) // 2],
            numeric[len(numeric) // 2],
        )
        learner, aec = single_agent_steps(env_id, args.seconds)
        print(
            f"{env_id:16} {both_raw:9,.0f} {both_wrapped:9,.0f} {both_raw / both_wrapped - 1:9.0%}"
            f" {num_raw:9,.0f} {num_wrapped:9,.0f} {num_raw / num_wrapped - 1:9.0%}"
            f" {learner:12,.0f} / {aec:,.0f}"
        )
    print("\n# step cost (us) across one long game, by fifth; flat means no growth with length")
    for env_id in env_ids:
        if env_id in LONG_GAMES:
            config, steps = LONG_GAMES[env_id]
            costs = step_cost_by_game_phase(env_id, config, steps)
            print(f"{env_id:16} " + " ".join(f"{c:7.1f}" for c in costs))


if __name__ == "__main__":
    main()
