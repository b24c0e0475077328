"""Choosing where a tournament plays (``--ray``, ``--local``, ``backend = "ray"``) and the
cluster-wide limiter, without Ray: what needs a running Ray is in test_ray.py."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import types
from importlib.machinery import ModuleSpec

import pytest

from parlour.arena import (
    AgentEntry,
    GameEntry,
    TournamentSpec,
    load_spec,
    ray_backend,
    run_tournament,
)
from parlour.arena.ray_actors import Limiter
from parlour.arena.runner import play_one
from parlour.arena.store import RunStore
from parlour.cli import main
from parlour.core.errors import ConfigError, ParlourError

GAME = '[[games]]\nenv = "who_is_spy_v0"\ngames = 8\nconfig = { num_players = 4 }\n'
TWO = '[agents.a]\nspec = "scripted"\n[agents.b]\nspec = "random"\n'


@pytest.fixture
def ray_installed(monkeypatch):
    """As if Ray were installed (the spec checks only that it can be imported)."""
    find = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: ModuleSpec("ray", None) if name == "ray" else find(name, *args),
    )


@pytest.fixture
def ray_missing(monkeypatch):
    find = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "ray" else find(name, *args),
    )


@pytest.mark.parametrize(
    "toml, message",
    [
        ('backend = "cloud"\n', """line 1: backend must be "local" or "ray", got 'cloud'"""),
        ("backend = 1\n", 'line 1: backend must be "local" or "ray", got 1'),
        ('ray_address = "auto"\n', 'line 1: ray_address is for backend = "ray" only'),
        ('backend = "ray"\nray_address = 5\n', "line 2: ray_address must be a Ray address string"),
        ('backend = "ray"\nray_address = " "\n', "line 2: ray_address must be auto or HOST:PORT"),
        (
            'backend = "ray"\nray_address = "ray://head:10001"\n',
            r"line 2: ray_address must be auto or HOST:PORT, got 'ray://head:10001' \(Ray Client",
        ),
    ],
)
def test_bad_backend_keys_are_one_clear_error_naming_the_line(
    tmp_path, ray_installed, toml, message
):
    path = tmp_path / "spec.toml"
    path.write_text(toml + GAME + TWO)
    with pytest.raises(ConfigError, match=message):
        load_spec(path)


def test_the_ray_backend_without_ray_is_refused_before_anything_is_made(
    tmp_path, ray_missing, capsys
):
    path = tmp_path / "spec.toml"
    path.write_text('seed = 2\nbackend = "ray"\n' + GAME + TWO)
    with pytest.raises(ConfigError, match=r"line 2: the Ray backend needs Ray.*parlour\[ray\]"):
        load_spec(path)
    path.write_text(GAME + TWO)
    out = tmp_path / "run"
    assert main(["tournament", str(path), "--ray", "--out", str(out), "--quiet"]) == 2
    assert "the Ray backend needs Ray" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["tournament", "--ray", "{spec}"], "--ray took '{spec}' for an address"),
        (["tournament", "{spec}", "--ray", "auto", "--local"], "not allowed with argument"),
        (["reproduce", "donor-game", "--ray"], "donor-game is an evolution, not a tournament"),
    ],
)
def test_backend_flags_in_error_are_one_line(tmp_path, capsys, argv, message):
    spec = tmp_path / "spec.toml"
    spec.write_text(GAME + TWO)
    argv = [arg.replace("{spec}", str(spec)) for arg in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and message.replace("{spec}", str(spec)) in err[0], err


def test_a_ray_run_cut_short_resumes_on_this_machine(tmp_path, ray_installed, monkeypatch):
    """A run whose cluster went away is finished with --local: the backend changes, the games do
    not (the cut is simulated: the first three games are played, then the cluster is lost)."""

    def cut_short(spec, cpu_games, llm_games, agents, store, bar):
        for position, game in cpu_games[:3]:
            store.record(position, game.to_json(), play_one(game.to_json(), agents))
        raise ParlourError("1 games were lost to the Ray cluster")

    monkeypatch.setattr(ray_backend, "play_on_ray", cut_short)
    path = tmp_path / "spec.toml"
    path.write_text('backend = "ray"\nray_address = "auto"\n' + GAME + TWO)
    run_dir = tmp_path / "run"
    assert main(["tournament", str(path), "--out", str(run_dir), "--quiet"]) == 2
    assert len(RunStore(run_dir).finished_ids()) == 3
    assert main(["tournament", "--resume", str(run_dir), "--local", "--quiet"]) == 0
    store = RunStore(run_dir)
    assert store.get_meta("spec")["backend"] == "local"
    assert store.get_meta("spec")["ray_address"] is None
    plain = load_spec(path).with_overrides(backend="local")
    local = run_tournament(plain, tmp_path / "local", progress=False)
    assert store.games(with_text=True) == local.games(with_text=True)


def test_a_spec_takes_the_ray_backend_with_its_address_or_without(ray_installed):
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 8),),
        agents=(AgentEntry("a", "scripted"), AgentEntry("b", "random")),
    )
    assert spec.backend == "local" and spec.ray_address is None
    on_ray = spec.with_overrides(backend="ray", ray_address="10.0.0.5:6379")
    assert (on_ray.backend, on_ray.ray_address) == ("ray", "10.0.0.5:6379")
    assert on_ray.with_overrides(backend="ray").ray_address is None  # --ray alone
    assert on_ray.with_overrides(seed=3).ray_address == "10.0.0.5:6379"  # other keys keep it
    assert on_ray.with_overrides(backend="local").ray_address is None


def test_the_limiter_holds_its_cap_and_takes_back_a_dead_holders_place():
    async def scenario() -> list[str]:
        limiter, seen = Limiter(2), []
        first = await limiter.acquire(60.0)
        await limiter.acquire(0.05)  # its holder "dies": the lease ends by itself

        async def third() -> None:
            await limiter.acquire(60.0)
            seen.append("third")

        waiting = asyncio.create_task(third())
        await asyncio.sleep(0.01)
        seen.append(f"held {(await limiter.stats())['held']}")  # the cap: third still waits
        await asyncio.sleep(0.1)  # the short lease ran out: its place went to the third caller
        await limiter.release(first)
        await limiter.release(first)  # a second release of one token frees nothing
        await waiting
        stats = await limiter.stats()
        seen.append(f"held {stats['held']} peak {stats['peak']}")
        return seen

    assert asyncio.run(scenario()) == ["held 2", "third", "held 1 peak 2"]


@pytest.mark.parametrize(
    "address, loopback",
    [
        ("127.0.0.1:6379", True),
        ("127.0.1.1:6379", True),
        ("localhost:6379", True),
        ("[::1]:6379", True),
        ("10.0.0.5:6379", False),
        ("head.example:6379", False),
        ("auto", False),
    ],
)
def test_a_ray_on_loopback_is_told_apart(address, loopback):
    assert ray_backend._on_loopback(address) is loopback


def test_joining_a_loopback_ray_after_ray_was_imported_is_refused_at_once(monkeypatch):
    """Ray, imported without the loopback setting, would look for the cluster on this machine's
    public address and retry for minutes: the error comes first, and says what to do."""
    fake = types.ModuleType("ray")
    fake.is_initialized = lambda: False
    monkeypatch.setitem(sys.modules, "ray", fake)
    monkeypatch.delenv(ray_backend.LOOPBACK_ONLY_ENV, raising=False)
    with (
        pytest.raises(ParlourError, match="RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 set before"),
        ray_backend.ray_session("127.0.0.1:6379"),
    ):
        pass
