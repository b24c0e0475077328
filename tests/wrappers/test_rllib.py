"""RLlib on a Parlour Parallel env: the key map of RLlib's masking module, the env creator, and
``examples/train_rllib.py`` (multi-agent PPO over 2 env runners) on a Ray that listens on
loopback only.

Ray and RLlib are imported only in the example's process (this one stays light); the test reads
what that process and its Ray listen on while it runs. With ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=1``
in the environment (Ray's default off macOS and Windows) the check fails: Ray's servers then
listen on every interface.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from pettingzoo.test import parallel_api_test

import parlour
from parlour.core.errors import ConfigError
from parlour.wrappers import DiscreteParallel
from parlour.wrappers.rllib import RLlibObservations, rllib_env
from tests.helpers import LOOPBACK, descendants, listening_addresses

ROOT = Path(__file__).resolve().parents[2]
#: What the example imports: Ray, RLlib's own dependencies (dm-tree, from ray[rllib]) and torch.
RLLIB_MODULES = ("ray", "tree", "torch")


def test_the_masking_modules_keys_carry_the_faces_vector_and_mask():
    face = DiscreteParallel(parlour.make_parallel("auction_v0", format="first_price"))
    env = RLlibObservations(
        DiscreteParallel(parlour.make_parallel("auction_v0", format="first_price"))
    )
    expected, _ = face.reset(seed=3)
    observations, infos = env.reset(seed=3)
    for seat, entry in observations.items():
        assert set(entry) == {"observations", "action_mask"}
        assert env.observation_space(seat).contains(entry)
        np.testing.assert_array_equal(entry["observations"], expected[seat]["observation"])
        np.testing.assert_array_equal(entry["action_mask"], expected[seat]["action_mask"])
        assert env.action_menu(seat) == face.action_menu(seat)
    assert infos == {seat: {"acting": True, "invalid_action": False} for seat in env.agents}


def test_the_key_map_keeps_the_parallel_api():
    parallel_api_test(RLlibObservations(DiscreteParallel(parlour.make_parallel("who_is_spy_v0"))))


def test_keys_the_masking_module_cannot_read_are_refused():
    with pytest.raises(ConfigError, match=r"extra keys \['text'\]"):
        RLlibObservations(DiscreteParallel(parlour.make_parallel("auction_v0"), keep_text=True))
    with pytest.raises(ConfigError, match="needs 'env_id'"):
        rllib_env({"format": "first_price"})


@pytest.mark.slow
def test_the_rllib_example_trains_over_two_env_runners_on_loopback():
    missing = [name for name in RLLIB_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"needs ray[rllib] and torch (missing {missing}): pip install -e '.[rllib]'")
    environment = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    command = [sys.executable, "examples/train_rllib.py", "--iterations", "1", "--quick"]
    process = subprocess.Popen(
        [*command, "--policies", "per-seat"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    addresses: set[str] = set()
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline:
        if shutil.which("ss"):  # what Ray and its workers listen on, while they run
            addresses.update(listening_addresses(descendants(process.pid) | {process.pid}))
        time.sleep(0.5)
    output = process.communicate(timeout=max(1.0, deadline - time.monotonic()))[0]
    assert process.returncode == 0, output[-3000:]
    assert "2 env runners, policies per-seat" in output
    line = re.search(
        r"iteration +1: profit per seat per game +(-?[\d.]+) \((.*); (\d+) games\)", output
    )
    assert line is not None, output[-3000:]
    assert re.findall(r"player_\d", line.group(2)) == ["player_0", "player_1", "player_2"]
    assert int(line.group(3)) >= 30  # 240 steps of 4-step games, 16 at once: 48 games finish
    if shutil.which("ss"):
        assert len(addresses) >= 3, addresses  # the GCS, the raylet, the driver at least
        assert sorted(a for a in addresses if not a.startswith(LOOPBACK)) == []
