"""Scripted Werewolf bots: they play sensibly and beat random play from either side."""

from __future__ import annotations

from parlour.arena.strength import side_win_rate
from parlour.envs.werewolf.model import BallotCast, Inspection, Role, Speech
from parlour.play import play_game


def test_scripted_sides_clearly_beat_random_ones():
    scripted_village = side_win_rate(
        "werewolf_v0", {"werewolf": "random", "*": "scripted"}, "village", 80
    )
    random_village = side_win_rate("werewolf_v0", {"*": "random"}, "village", 80)
    against_scripted_wolves = side_win_rate(
        "werewolf_v0", {"werewolf": "scripted", "*": "random"}, "village", 80
    )
    assert scripted_village > 0.5 and scripted_village > random_village + 0.3
    assert against_scripted_wolves < 0.2


def test_wolves_never_vote_for_each_other_and_claim_villager():
    for seed in range(10):
        result = play_game("werewolf_v0", ["scripted"] * 8, seed=seed)
        roles = result.metrics["roles"]
        events = result.transcript
        for event in events:
            if event["kind"] == BallotCast.kind and event["data"]["target"]:
                voter, target = event["data"]["player"], event["data"]["target"]
                assert not (roles[voter] == roles[target] == Role.WEREWOLF.value)
        wolf_claims = [c for c in result.metrics["claims"] if c["role"] == "werewolf"]
        assert all(c["claimed"] == "villager" for c in wolf_claims)


def test_a_seer_who_finds_a_wolf_names_it_and_the_village_follows():
    named = 0
    for seed in range(30):
        result = play_game("werewolf_v0", ["scripted"] * 8, seed=seed)
        roles = result.metrics["roles"]
        seer = next(p for p, r in roles.items() if r == "seer")
        found = [
            e["data"]["target"]
            for e in result.transcript
            if e["kind"] == Inspection.kind and e["data"]["role"] == "werewolf"
        ]
        speeches = [
            e["data"]["text"] or ""
            for e in result.transcript
            if e["kind"] == Speech.kind and e["data"]["player"] == seer
        ]
        if found and any(f"{found[0]} is a werewolf" in s for s in speeches):
            named += 1
            exiled = [d["player"] for d in result.metrics["deaths"] if d["cause"] == "exile"]
            assert found[0] in exiled  # the village voted the named wolf out
    assert named >= 5
