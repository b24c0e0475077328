"""
# Toy auction (tests only)

| Creation | `parlour.make("toy_v0")` (after registering `tests.toy.GAME`) |
|----------|---------------------------------------------------------------|
| Agents   | `player_0 ... player_{n-1}`, n in 3..5                        |
| Actions  | `Text`: one line of speech, then `[bid N]` with 0 <= N <= 100  |

A seventh game in miniature: declared once (``tests/toy/__init__.py``) and registered by the
test suite, which then runs every conformance check, the leak harness, agents, a tournament, the
RL faces and pictures on it.
"""

from __future__ import annotations

from tests.toy import GAME

raw_env = GAME.aec_class
raw_parallel_env = GAME.parallel_class
env = GAME.env
parallel_env = GAME.parallel_env
