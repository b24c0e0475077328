"""Golden transcripts of the papers' presets: one seeded game each, from the god view and from a
player's seat, committed under ``golden/``. A change to any preset's protocol (who speaks when,
what a ballot reveals, what a seat is told) shows here as a diff to review.

After an intended change, write them again and read the diff before committing::

    PARLOUR_UPDATE_GOLDEN=1 python -m pytest tests/papers/test_golden_transcripts.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parlour.papers import PAPER_NAMES, PAPERS
from parlour.play import play_game
from parlour.registry import make

GOLDEN = Path(__file__).parent / "golden"
SEED = 11


def paper_game(key: str) -> tuple[str, dict]:
    """A paper's game and config: its first (Overcooked's first layout stands for the others);
    the Donor Game's is a game of the evolution's paper preset in its first generation."""
    if key == "donor-game":
        from parlour.arena.evolution import PRESETS

        return "donor_game_v0", {**PRESETS["paper"].game, "generation": 1}
    paper = PAPERS[key]
    return paper.env_id, next(iter(paper.game_configs().values()))


def transcripts(key: str) -> dict[str, str]:
    """A paper's game from the god view and from player_0's seat (scripted seats)."""
    env_id, config = paper_game(key)
    seats = make(env_id, **config).possible_agents
    result = play_game(env_id, ["scripted"] * len(seats), seed=SEED, **config)
    return {view: result.transcript_text(view) + "\n" for view in ("god", "player_0")}


@pytest.mark.parametrize("key", PAPER_NAMES)
def test_a_seeded_game_of_each_preset_reads_as_committed(key):
    for view, text in transcripts(key).items():
        path = GOLDEN / f"{key}.{view}.txt"
        if os.environ.get("PARLOUR_UPDATE_GOLDEN"):
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"no golden transcript {path.name}: write it (see the docstring)"
        assert text == path.read_text(encoding="utf-8"), f"{key} from {view} changed"
