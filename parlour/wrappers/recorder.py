"""Record AEC trajectories as JSON lines, for offline RL and fine-tuning data.

Each ``step`` writes one row: the acting agent's observation (as ``last()`` returned it), the
action taken, and the reward and done flags ``last()`` reported with that observation (PettingZoo's
convention: the reward earned since the agent's previous action). The final rows of a game carry
``action: null`` and the end-of-game rewards. Numpy arrays become lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import numpy as np

from parlour.wrappers.base import ParlourWrapper


class TrajectoryRecorder(ParlourWrapper):
    """Writes ``{"game", "seed", "step", "agent", "observation", "action", "reward",
    "terminated", "truncated"}`` per step to ``path`` (appending; one JSON object a line).

    Args:
        env: any Parlour AEC env, wrapped or not.
        path: the JSONL file.
        include_text: keep text observations (large); numeric parts are always kept.
    """

    def __init__(self, env: Any, path: str | Path, include_text: bool = True) -> None:
        super().__init__(env)
        self.path = Path(path)
        self.include_text = include_text
        self._file: IO[str] | None = None
        self._episode = -1
        self._step = 0

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.env.reset(seed=seed, options=options)
        self._episode += 1
        self._step = 0

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        observation, reward, terminated, truncated, _ = self.last()
        row = {
            "game": self._episode,
            "seed": self.env.unwrapped.game_seed,
            "step": self._step,
            "agent": agent,
            "observation": _plain(observation, self.include_text),
            "action": _plain(action, True),
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
        }
        self.env.step(action)
        self._step += 1
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(json.dumps(row) + "\n")
        if not self.agents:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self.env.close()

    def __str__(self) -> str:
        return f"TrajectoryRecorder<{self.env}>"


def _plain(value: Any, include_text: bool) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v, include_text) for k, v in value.items() if include_text or k != "text"}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def read_trajectories(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a JSONL file written by :class:`TrajectoryRecorder`."""
    with Path(path).open(encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]
