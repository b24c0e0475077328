"""Among Us turn structure is public: a kill nobody saw must not change who the AEC env asks to
act, nor when; the victim answers ``[wait]`` until the next meeting makes the death public."""

from __future__ import annotations

import parlour

SKELD6 = ("impostor", "crewmate", "crewmate", "crewmate", "crewmate", "crewmate")
WATCHERS = ("player_2", "player_3", "player_4", "player_5")  # in the Cafeteria, out of sight


def _play(kill: bool, steps: int = 60) -> tuple[list[str], dict[str, list[int]], list, list]:
    """player_0 (the impostor) and player_1 walk to a room next to the Cafeteria; there player_0
    kills player_1 (``kill``) or waits; everyone else waits in the Cafeteria. Returns the
    ``agent_selection`` sequence, each watcher's turn indices, the public events and the
    victim's legal actions after the kill."""
    env = parlour.make("among_us_v0", seat_roles=SKELD6, kill_cooldown=0, sabotage=False)
    env.reset(seed=5)
    rules = env.unwrapped.match.rules
    order: list[str] = []
    turns: dict[str, list[int]] = {a: [] for a in WATCHERS}
    victim_turns: list[list[str]] = []
    for index, agent in enumerate(env.agent_iter(steps)):
        _, _, terminated, truncated, info = env.last()
        assert not (terminated or truncated)
        order.append(agent)
        if agent in turns:
            turns[agent].append(index)
        legal = info["legal_actions"]
        action = "[wait]"
        if rules.step_number == 0 and agent in ("player_0", "player_1"):
            action = "[move Weapons]"
        elif rules.step_number == 1 and agent == "player_0" and kill:
            action = "[kill player_1]"
        elif agent == "player_1" and rules.step_number >= 2:
            victim_turns.append(legal)
        assert action in legal, (agent, action, legal)
        env.step(action)
    public = [(e.kind, e.data) for e in rules.events if e.visible_to == "all"]
    return order, turns, public, victim_turns


def test_a_kill_out_of_sight_does_not_change_the_aec_turns():
    order_a, turns_a, public_a, victim_turns = _play(kill=True)
    order_b, turns_b, public_b, _ = _play(kill=False)
    assert public_a == public_b  # nothing public tells the games apart
    for agent in WATCHERS:
        assert turns_a[agent] == turns_b[agent], f"{agent} can tell a kill happened"
    assert order_a == order_b
    assert victim_turns and all(legal == ["[wait]"] for legal in victim_turns)


def test_the_victim_answers_wait_until_a_meeting_makes_the_death_public():
    env = parlour.make("among_us_v0", seat_roles=SKELD6, kill_cooldown=0, sabotage=False)
    env.reset(seed=5)
    rules = env.unwrapped.match.rules
    script = {
        (0, "player_0"): "[move Weapons]",
        (0, "player_1"): "[move Weapons]",
        (1, "player_0"): "[kill player_1]",
        (3, "player_2"): "[meeting]",
    }
    victim_turns = []
    for agent in env.agent_iter(200):
        _, _, _, _, info = env.last()
        if rules.phase.value != "roam":
            break
        if agent == "player_1" and rules.step_number >= 2:
            victim_turns.append((rules.step_number, info["legal_actions"]))
        env.step(script.get((rules.step_number, agent), "[wait]"))
    assert victim_turns == [(2, ["[wait]"]), (3, ["[wait]"])]
    assert "You are dead" in env.observe("player_1")["text"]
    meeting = next(e for e in rules.events if e.kind == "meeting")
    assert rules.phase.value == "discussion" and "player_1" not in meeting.data.living
    assert "player_1" not in rules.acting()
