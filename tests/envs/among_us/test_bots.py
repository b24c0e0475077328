"""Scripted Among Us bots: they play sensibly and beat random play from either side."""

from __future__ import annotations

from parlour.arena.strength import side_win_rate
from parlour.play import play_game


def test_scripted_sides_clearly_beat_random_ones():
    scripted_crew = side_win_rate(
        "among_us_v0", {"impostor": "random", "*": "scripted"}, "crewmate", 60
    )
    random_crew = side_win_rate("among_us_v0", {"*": "random"}, "crewmate", 60)
    against_scripted_impostor = side_win_rate(
        "among_us_v0", {"impostor": "scripted", "*": "random"}, "crewmate", 60
    )
    assert scripted_crew > 0.8 and scripted_crew > random_crew + 0.3
    assert against_scripted_impostor < 0.4


def test_witnessed_killers_are_named_and_voted_out():
    named = voted_out = 0
    for seed in range(150):  # random impostors kill in front of witnesses; scripted ones do not
        seats = ["scripted"] * 6
        seats[seed % 6] = "random"
        roles = tuple("impostor" if i == seed % 6 else "crewmate" for i in range(6))
        result = play_game("among_us_v0", seats, seed=seed, seat_roles=roles)
        witnessed = {
            e["data"]["killer"]
            for e in result.transcript
            if e["kind"] == "kill" and e["data"]["witnesses"]
        }
        speeches = " ".join(
            e["data"]["text"] or "" for e in result.transcript if e["kind"] == "speech"
        )
        for killer in witnessed:
            named += f"I saw {killer} kill" in speeches
            voted_out += killer in [x["player"] for x in result.metrics["ejections"]]
    assert named >= 3 and voted_out >= named - 1


def test_impostors_never_vote_for_each_other():
    for seed in range(20):
        result = play_game(
            "among_us_v0", ["scripted"] * 10, seed=seed, num_players=10, num_impostors=2
        )
        roles = result.metrics["roles"]
        for event in result.transcript:
            if event["kind"] == "ballot" and event["data"]["target"]:
                voter, target = event["data"]["player"], event["data"]["target"]
                assert not (roles[voter] == roles[target] == "impostor")
