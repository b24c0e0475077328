"""Werewolf's turn structure is public: how many steps a phase takes and who is asked to act never
depend on a hidden role, on which night roles are still alive, or on a hidden choice.

Each twin pair is two games on the same seed that differ only in such a fact, played with the
same public-side actions; a seat that cannot tell them apart must see the same turns in both: in
the Parallel API its own ``acting`` flag and phase at every step (and so the number of steps), in
the AEC API the whole ``agent_selection`` sequence and the steps at which it is asked to act.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import parlour
from parlour.envs.werewolf import VARIANTS
from parlour.envs.werewolf.config import WerewolfConfig
from parlour.envs.werewolf.model import Dawn, NightStart, Role, WolfKill

SEED = 11
# arena8 on fixed seats: wolves 0 and 1, seer 2, doctor 3, villagers 4-7
ARENA8 = ("werewolf", "werewolf", "seer", "doctor", "villager", "villager", "villager", "villager")
# classic9 on fixed seats: wolves 0-2, seer 3, witch 4, hunter 5, villagers 6-8
CLASSIC9 = ("werewolf",) * 3 + ("seer", "witch", "hunter") + ("villager",) * 3


def _swap(seats: tuple[str, ...], i: int, j: int) -> tuple[str, ...]:
    swapped = list(seats)
    swapped[i], swapped[j] = seats[j], seats[i]
    return tuple(swapped)


@dataclass(frozen=True)
class Script:
    """What the players of one game do: by night number (``kill`` may give each wolf its own
    target) and by day number (``vote``: everyone's target; abstain when unset or oneself)."""

    kill: Mapping[int, Any] = field(default_factory=dict)
    protect: Mapping[int, str] = field(default_factory=dict)
    inspect: Mapping[int, str] = field(default_factory=dict)
    witch: Mapping[int, str] = field(default_factory=dict)
    vote: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Twins:
    """Two games that differ in a hidden fact; ``watchers`` are the seats that cannot tell which
    one they are in; play stops when night ``until_night`` falls."""

    config: dict[str, Any]
    seats: tuple[tuple[str, ...], tuple[str, ...]]
    scripts: tuple[Script, Script]
    watchers: tuple[str, ...]
    until_night: int = 3


_SAME_NIGHTS = Script(
    kill={1: "player_3", 2: "player_6"}, protect={1: "player_5", 2: "player_7"},
    inspect={1: "player_0", 2: "player_1"},
)  # fmt: skip
_LONE_WOLF = Script(
    kill={1: "player_7", 2: "player_6"}, protect={1: "player_5", 2: "player_2"},
    inspect={1: "player_6", 2: "player_5"}, vote={1: "player_4"},
)  # fmt: skip
# classic9, a tie kills nobody: game A's witch heals on night 1 and poisons on night 2, so has no
# potion left on night 3; game B's wolves tie on night 1 and its witch keeps the heal. Both
# games see the same nights: nobody dies, then player_7 (poisoned), then player_8 (the wolves').
_TIE = {"player_0": "player_6", "player_1": "player_7", "player_2": "player_8"}
_WITCH_SPENT = Script(
    kill={1: "player_6", 2: _TIE, 3: "player_8"}, witch={1: "[heal]", 2: "[poison player_7]"},
    inspect={1: "player_0", 2: "player_1", 3: "player_2"},
)  # fmt: skip
_WITCH_KEEPS_HEAL = Script(
    kill={1: _TIE, 2: _TIE, 3: "player_8"}, witch={2: "[poison player_7]"},
    inspect={1: "player_0", 2: "player_1", 3: "player_2"},
)  # fmt: skip

TWINS = {
    # night 1 kills player_3: the doctor in game A, a villager in game B (the doctor sits at 4)
    "dead_doctor": Twins(
        {"preset": "arena8", "protocol": "classic"},
        (ARENA8, _swap(ARENA8, 3, 4)),
        (_SAME_NIGHTS, _SAME_NIGHTS),
        ("player_0", "player_1", "player_2", "player_5", "player_6", "player_7"),
    ),
    # night 1 kills player_3: the seer in game A, a villager in game B (the seer sits at 2)
    "dead_seer": Twins(
        {"preset": "arena8", "protocol": "classic"},
        (_swap(ARENA8, 2, 3), _swap(_swap(ARENA8, 2, 3), 3, 4)),
        (_SAME_NIGHTS, _SAME_NIGHTS),
        ("player_0", "player_1", "player_2", "player_5", "player_6", "player_7"),
    ),
    # day 1 exiles player_4: a villager in game A, a wolf in game B (then a lone wolf: no chat)
    "lone_wolf": Twins(
        {"preset": "arena8", "protocol": "classic", "wolf_chat_rounds": 2},
        (ARENA8, _swap(ARENA8, 1, 4)),
        (_LONE_WOLF, _LONE_WOLF),
        ("player_2", "player_3", "player_5", "player_6", "player_7"),
    ),
    # classic9: night 1 kills player_4, the witch in game A, a villager in game B
    "dead_witch": Twins(
        {"preset": "classic9", "last_words": True},
        (CLASSIC9, _swap(CLASSIC9, 4, 6)),
        (Script(kill={1: "player_4", 2: "player_7"}, inspect={1: "player_0", 2: "player_1"}),) * 2,
        ("player_0", "player_1", "player_2", "player_3", "player_5", "player_7", "player_8"),
    ),
    # classic9: the same roles, the witch's hidden choices differ (see _WITCH_SPENT)
    "witch_without_potions": Twins(
        {"preset": "classic9", "wolf_tie": "no_kill"},
        (CLASSIC9, CLASSIC9),
        (_WITCH_SPENT, _WITCH_KEEPS_HEAL),
        ("player_3", "player_5", "player_6", "player_7", "player_8"),
        until_night=4,
    ),
}

_VERBS = {
    "[kill": "kill",
    "[protect": "protect",
    "[inspect": "inspect",
    "[heal": "witch",
    "[poison": "witch",
    "[vote": "vote",
    "[bid": "bid",
    "[shoot": "shoot",
}


def choose(script: Script, agent: str, info: Mapping[str, Any], day: int) -> str:
    """The scripted action of ``agent`` (the night's or day's number is ``day``), read from its
    legal actions only, so the same driver plays any turn structure."""
    if info["action_kind"] == "speech":
        return "hello"
    legal = list(info["legal_actions"])
    verbs = {verb for token in legal for start, verb in _VERBS.items() if token.startswith(start)}
    if not verbs:  # nothing to decide: the one action offered
        assert len(legal) == 1, legal
        return legal[0]
    (verb,) = verbs
    if verb == "kill":
        target = script.kill[day]
        token = f"[kill {target[agent] if isinstance(target, Mapping) else target}]"
    elif verb == "protect":
        token = f"[protect {script.protect[day]}]"
    elif verb == "inspect":
        token = f"[inspect {script.inspect[day]}]"
    elif verb == "witch":
        token = script.witch.get(day, "[pass]")
    elif verb == "vote":
        target = script.vote.get(day)
        token = "[abstain]" if target in (None, agent) else f"[vote {target}]"
    else:
        token = {"bid": "[bid 0]", "shoot": "[hold fire]"}[verb]
    assert token in legal, (agent, token, legal)
    return token


def _public_events(rules: Any) -> list[tuple[str, Any]]:
    return [(e.kind, e.data) for e in rules.events if e.visible_to == "all"]


def parallel_turns(twins: Twins, game: int) -> tuple[dict[str, list[Any]], list[Any]]:
    """Per watcher, its own (acting, phase) at every Parallel step; and the public events."""
    env = parlour.make_parallel("werewolf_v0", seat_roles=twins.seats[game], **twins.config)
    _, infos = env.reset(seed=SEED)
    rules = env.unwrapped.match.rules
    seen: dict[str, list[Any]] = {a: [] for a in twins.watchers}
    while env.agents and rules.day < twins.until_night:
        for agent in twins.watchers:
            seen[agent].append((infos[agent]["acting"], infos[agent].get("phase")))
        script = twins.scripts[game]
        actions = {
            a: choose(script, a, infos[a], rules.day) for a in env.agents if infos[a]["acting"]
        }
        _, _, _, _, infos = env.step(actions)
    assert env.agents, "the twin scenario must not end the game"
    return seen, _public_events(rules)


def aec_turns(twins: Twins, game: int) -> tuple[list[str], dict[str, list[Any]], list[Any]]:
    """The ``agent_selection`` sequence; per watcher, (step, phase) of each of its turns."""
    env = parlour.make("werewolf_v0", seat_roles=twins.seats[game], **twins.config)
    env.reset(seed=SEED)
    rules = env.unwrapped.match.rules
    order: list[str] = []
    turns: dict[str, list[Any]] = {a: [] for a in twins.watchers}
    for step, agent in enumerate(env.agent_iter(10_000)):
        if rules.day >= twins.until_night:
            break
        _, _, terminated, truncated, info = env.last()
        assert not (terminated or truncated), "the twin scenario must not end the game"
        order.append(agent)
        if agent in turns:
            turns[agent].append((step, info.get("phase")))
        env.step(choose(twins.scripts[game], agent, info, rules.day))
    return order, turns, _public_events(rules)


@pytest.mark.parametrize("name", list(TWINS))
def test_parallel_steps_and_acting_flags_do_not_depend_on_hidden_facts(name):
    twins = TWINS[name]
    (seen_a, public_a), (seen_b, public_b) = parallel_turns(twins, 0), parallel_turns(twins, 1)
    for agent in twins.watchers:
        assert seen_a[agent] == seen_b[agent], f"{agent} can tell the twins apart"
    assert public_a == public_b  # the twins differ only in what is hidden


@pytest.mark.parametrize("name", list(TWINS))
def test_aec_turn_order_does_not_depend_on_hidden_facts(name):
    twins = TWINS[name]
    order_a, turns_a, public_a = aec_turns(twins, 0)
    order_b, turns_b, public_b = aec_turns(twins, 1)
    for agent in twins.watchers:
        assert turns_a[agent] == turns_b[agent], f"{agent} can tell the twins apart"
    assert order_a == order_b
    assert public_a == public_b


def test_a_wolf_tie_break_does_not_move_the_public_draws():
    """A tie drawn at random (game A) or a victim the wolves agree on (game B): the same death,
    so the day's seeded speaking order and voting order must be the same too."""
    config = {"preset": "arena8", "protocol": "classic", "vote": "sequential"}
    nights = {"protect": {1: "player_5"}, "inspect": {1: "player_4"}}
    tie = Script(kill={1: {"player_0": "player_6", "player_1": "player_7"}}, **nights)
    _, _, public = aec_turns(Twins(config, (ARENA8, ARENA8), (tie, tie), (), until_night=2), 0)
    (victim,) = [d["player"] for kind, data in public if kind == "dawn" for d in data.deaths]
    twins = Twins(config, (ARENA8, ARENA8), (tie, Script(kill={1: victim}, **nights)), (), 2)
    order_a, _, public_a = aec_turns(twins, 0)
    order_b, _, public_b = aec_turns(twins, 1)
    assert order_a == order_b
    assert public_a == public_b


def _night_length(config: WerewolfConfig) -> int:
    """The documented night: each chat turn of each wolf in play, the night's decisions, the
    deciding wolf's turn when the pack proposes and decides with two or more wolves in play, and
    a turn for the witch when she is in play."""
    wolves = config.role_counts().get(Role.WEREWOLF, 0)
    chat = config.wolf_chat_rounds * wolves if wolves > 1 else 0
    decide = config.wolf_kill is WolfKill.PROPOSE_DECIDE and wolves > 1
    return chat + 1 + decide + (Role.WITCH in config.role_counts())


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_night_takes_the_steps_the_config_fixes_with_every_living_seat_acting(variant):
    config = VARIANTS[variant]
    expected = _night_length(WerewolfConfig(**config))
    for seed in range(3):
        env = parlour.make_parallel("werewolf_v0", **config)
        _, infos = env.reset(seed=seed)
        rules = env.unwrapped.match.rules
        rng = np.random.default_rng(seed)
        nights = [0]  # steps of each night, from nightfall (public) to dawn (public)
        night, seen = True, len(rules.events)
        while env.agents:
            if night:
                nights[-1] += 1
                assert {a for a in env.agents if infos[a]["acting"]} == set(rules.living)
                assert all(infos[a]["phase"] == "night" for a in rules.living)
            actions = {
                a: str(rng.choice(infos[a]["legal_actions"]))
                if infos[a]["legal_actions"]
                else "something"
                for a in env.agents
                if infos[a]["acting"]
            }
            _, _, _, _, infos = env.step(actions)
            for event in rules.events.since(seen):
                if event.kind == NightStart.kind:
                    night = True
                    nights.append(0)
                elif event.kind == Dawn.kind:
                    night = False
            seen = len(rules.events)
        assert all(n == expected for n in nights), (variant, seed, nights)
