"""Scripted civilians against a random spy, with the transcript from one player's view."""

import parlour

seats = ["scripted"] * 5 + ["random"]
roles = ("civilian",) * 5 + ("spy",)
result = parlour.play_game("who_is_spy_v0", seats, seed=7, roles=roles)
print(result.transcript_text(view="player_0"))
print("winner:", result.metrics["winner"], "rewards:", result.rewards)
