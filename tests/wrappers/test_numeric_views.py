"""What the numeric views hold for a policy to beat random: descriptions' fit (Who-is-Spy), claims
and accusations (Werewolf, Among Us), known impostors and the way to a task (Among Us)."""

from __future__ import annotations

from collections import Counter

import numpy as np

import parlour
from parlour.core.numeric import PublicFold
from parlour.envs.among_us.rl import RL as AMONG_US
from parlour.envs.werewolf.rl import RL as WEREWOLF
from parlour.envs.who_is_spy.rl import RL as WHO_IS_SPY
from parlour.envs.who_is_spy.words import load_word_bank


def _play(env, choose, until):
    """Step ``env`` with ``choose(agent, info)`` until ``until(rules)`` holds."""
    rules = env.unwrapped.match.rules
    for agent in env.agent_iter():
        if until(rules):
            return rules
        env.step(choose(agent, env.infos[agent]))
    raise AssertionError("the game ended first")


def test_who_is_spy_view_tells_whose_descriptions_fit_your_word_and_the_menu_its_partner():
    civilian, spy = "usb stick", "hard drive"
    roles = ("civilian", "civilian", "spy", "civilian", "civilian", "civilian")
    env = parlour.make("who_is_spy_v0", word_pair=(civilian, spy), roles=roles)
    env.reset(seed=0)
    bank = load_word_bank()
    words = {f"player_{i}": spy if role == "spy" else civilian for i, role in enumerate(roles)}
    rules = _play(
        env,
        lambda agent, info: bank.clues[words[agent]][0],
        lambda rules: rules.phase.value == "vote",
    )
    view = WHO_IS_SPY.encode(rules, "player_0")
    n = 6
    mine, partner, overall = view[-2 * n - 2 : -n - 2], view[-n - 2 : -2], view[-2:]
    assert mine.tolist() == [0, 1, 0, 1, 1, 1]  # the spy's clue fits "usb stick" least
    assert partner[2] == 1 and partner[1] < 1
    assert overall[0] > overall[1]  # what was heard fits your own word: you are no spy
    env.reset(seed=0)
    menu = WHO_IS_SPY.speech_menu(env.unwrapped.match.rules, "player_2")
    assert set(bank.clues[spy]) | set(bank.clues[civilian]) <= set(menu)


def test_werewolf_view_holds_seer_claims_and_todays_accusations():
    roles = ("villager", "werewolf", "seer", "werewolf", "doctor", "villager", "villager")
    env = parlour.make("werewolf_v0", preset="lspo7", seat_roles=roles)
    env.reset(seed=0)
    claim = "I am the seer. player_3 is a werewolf."

    def choose(agent, info):
        if info["action_kind"] == "speech":
            return claim if agent == "player_2" else "Nothing to add."
        return info["legal_actions"][-1]

    def claimed(rules):
        return any(getattr(e.data, "text", None) == claim for e in rules.events)

    rules = _play(env, choose, claimed)
    n = 7
    speeches = WEREWOLF.encode(rules, "player_5")[-4 * n :].reshape(4, n)
    claimants, named_wolves, named_clear, named_today = speeches
    assert claimants.tolist() == [0, 0, 1, 0, 0, 0, 0]
    assert np.flatnonzero(named_wolves).tolist() == ([3] if "player_2" in rules.living else [])
    assert not named_clear.any()
    assert named_today[3] == 1 / n and named_today.sum() == 1 / n


def _among_us_tail(rules, agent):
    """The view's known impostors, accusations, accusers, task here, exits and way to a task."""
    n = len(rules.seat_of)
    slots = max(len(rules.map.adjacent(room)) for room in rules.map.rooms)
    view = AMONG_US.encode(rules, agent)
    here, exits, toward = view[-2 * slots - 1], view[-2 * slots : -slots], view[-slots:]
    known, accused, accusers = view[-2 * slots - 1 - 3 * n : -2 * slots - 1].reshape(3, n)
    return known, accused, accusers, here, exits, toward


def test_among_us_view_holds_known_impostors_accusations_and_the_way_to_a_task():
    roles = ("impostor", "crewmate", "crewmate", "impostor") + ("crewmate",) * 3
    env = parlour.make("among_us_v0", num_players=7, num_impostors=2, seat_roles=roles)
    env.reset(seed=0)
    rules = env.unwrapped.match.rules
    assert np.flatnonzero(_among_us_tail(rules, "player_0")[0]).tolist() == [3]
    assert not _among_us_tail(rules, "player_1")[0].any()
    *_, here, exits, toward = _among_us_tail(rules, "player_1")
    tasks = {t.room for t in rules.open_tasks("player_1")}
    room = rules.room["player_1"]
    assert here == (room in tasks)
    assert exits.tolist() == [1.0] * len(rules.map.adjacent(room)) + [0.0] * (
        len(exits) - len(rules.map.adjacent(room))
    )
    (slot,) = np.flatnonzero(toward)  # the move menu's entry at that index
    step = rules.map.adjacent(room)[slot]
    distances = rules.map.distances(room)
    nearest = min(tasks - {room}, key=distances.get)
    assert rules.map.distances(step)[nearest] == distances[nearest] - 1

    def choose(agent, info):
        if info["action_kind"] == "speech":
            return "I saw player_4 kill."
        legal = info["legal_actions"]
        return "[meeting]" if "[meeting]" in legal else legal[legal.index("[wait]")]

    rules = _play(env, choose, lambda rules: rules.phase.value == "vote")
    _, accused, accusers, *_ = _among_us_tail(rules, "player_4")
    speakers = sorted(rules.living)
    assert accused[4] == (len(speakers) - 1) / 7  # everyone but player_4 said it once
    assert np.flatnonzero(accusers).tolist() == [int(p[7:]) for p in speakers if p != "player_4"]


def test_a_public_fold_reads_each_public_event_once_and_no_private_one():
    kinds = PublicFold(Counter, lambda seen, data: seen.update([data.kind]))
    env = parlour.make("who_is_spy_v0")
    env.reset(seed=1)
    rules = env.unwrapped.match.rules
    for agent in env.agent_iter(20):
        kinds(rules)
        info = env.infos[agent]
        env.step(info["legal_actions"][0] if info["legal_actions"] else "a clue")
    public = Counter(e.data.kind for e in rules.events if e.public)
    assert kinds(rules) == public and "deal" not in public
    assert any(not e.public for e in rules.events)  # (the deals were there to leave out)
