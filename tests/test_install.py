"""Installation: the supported Gymnasium and PettingZoo ranges are stated once in pyproject.toml and
agree with the versions CI tests (``.ci/floors``) and the README; Parlour registers where the
installed PettingZoo can."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import gymnasium
import pettingzoo
import pytest
from gymnasium.utils.env_checker import check_env

import parlour
from parlour.registry import _REGISTRY, register_env, single_agent_id

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
#: The libraries whose oldest supported release CI tests.
FLOORED = ("gymnasium", "pettingzoo")


def _release(text: str) -> tuple[int, ...]:
    """``"1.0"`` and ``"1.0.0"`` alike: the release numbers without trailing zeros."""
    numbers = [int(part) for part in text.split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _pyproject_floors() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for requirement in project["dependencies"]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement)
        if found and found[1] in FLOORED:
            floors[found[1]] = found[2]
    return floors


def _ci_floors() -> dict[str, str]:
    script = (ROOT / ".ci" / "floors").read_text()
    line = re.search(r"^floors=\((.*)\)$", script, flags=re.M)
    assert line, ".ci/floors lost its floors=(...) line"
    return dict(pin.split("==") for pin in line[1].split())


def test_pyproject_floors_every_library_ci_tests_at_its_floor():
    assert set(_pyproject_floors()) == set(FLOORED), "pyproject.toml: write each as name>=version"


def test_ci_tests_pyprojects_floors():
    pyproject, ci = _pyproject_floors(), _ci_floors()
    assert set(ci) == set(pyproject)
    for name, floor in pyproject.items():
        assert _release(ci[name]) == _release(floor), f"{name}: .ci/floors {ci[name]}, {floor=}"


def test_ci_runs_the_floors_step_after_the_readme_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index('bash -c "$command"') < ci.index("\n.ci/floors")
    assert ci.index('bash -c "$command"') < ci.index("\n.ci/rllib")
    assert "tests/wrappers/test_rllib.py" in (ROOT / ".ci" / "rllib").read_text()
    assert "tests/test_conformance.py" in (ROOT / ".ci" / "floors").read_text()


def test_readme_states_the_supported_versions():
    readme = " ".join((ROOT / "README.md").read_text().split())
    for name, floor in _pyproject_floors().items():
        stated = re.search(rf"{name} ([0-9.]+) or newer", readme, flags=re.I)
        assert stated, f"the README does not say which {name} versions Parlour supports"
        assert _release(stated[1]) == _release(floor), f"README says {name} {stated[1]}"


@pytest.fixture
def renamed_toy():
    """The toy game under ids no registry holds yet; every registry is left as found."""
    from tests.toy import GAME

    game = dataclasses.replace(GAME, env_id="toy_floor_v0", pettingzoo_id="parlour/ToyFloor-v0")
    yield game
    _REGISTRY.pop(game.env_id, None)
    gymnasium.registry.pop(single_agent_id(game.env_id, game.pettingzoo_id), None)


def test_registers_without_pettingzoos_registry(monkeypatch, renamed_toy):
    """PettingZoo before 1.27 has no ``register``: Parlour's and Gymnasium's registries still
    get the game (``.ci/floors`` runs this on such a PettingZoo, without the monkeypatch)."""
    monkeypatch.delattr(pettingzoo, "register", raising=False)
    register_env(renamed_toy)
    env = parlour.make("toy_floor_v0")
    env.reset(seed=0)
    assert env.agent_selection in env.possible_agents
    single = gymnasium.make(single_agent_id("toy_floor_v0"))
    observation, _ = single.reset(seed=0)
    assert single.observation_space.contains(observation)
    check_env(single.unwrapped, skip_render_check=True)  # this Gymnasium's own checker


def test_registers_with_pettingzoos_registry_where_there_is_one(monkeypatch, renamed_toy):
    registered = []
    fake = lambda *args, **kw: registered.append(args)  # noqa: E731
    monkeypatch.setattr(pettingzoo, "register", fake, raising=False)
    register_env(renamed_toy)
    assert registered == [("aec", "parlour/ToyFloor-v0"), ("parallel", "parlour/ToyFloor-v0")]
