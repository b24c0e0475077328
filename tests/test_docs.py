"""The README's promises: its first two commands, its code samples, its links into docs/, the
code samples of the pages there, and every example script."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
DOCS = ROOT / "docs"
#: The README holds what a user needs first; rules, figures and guides live in docs/.
README_MAX_LINES = 350


def _blocks(language: str, text: str = README) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def test_readme_opens_with_the_two_setup_commands():
    first = _blocks("bash")[0].strip().splitlines()
    assert len(first) == 2
    install_and_run, install_and_test = first
    assert "pip install -e ." in install_and_run and "parlour tournament" in install_and_run
    assert ".[test]" in install_and_test and "pytest" in install_and_test
    assert README.index("```bash") < README.index("## ")  # before any section


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "README.md" in ci and "sed -n '3p'" in ci  # the line after the install-and-run one


def test_readme_python_samples_run(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")  # the LLM sample builds agents, calls nothing
    monkeypatch.chdir(tmp_path)  # samples that write files write them here
    namespace: dict = {}
    for block in _blocks("python"):
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["result"].rewards


#: Examples that train for a while run in reduced size here.
EXAMPLE_ARGS = {
    "train_overcooked_ppo.py": ["--timesteps", "1024", "--episodes", "1", "--horizon", "60"],
    "train_maskable_ppo.py": ["--timesteps", "512", "--games", "5"],
    "train_sb3_aec_selfplay.py": ["--quick"],
    "train_cleanrl_ppo.py": ["--quick"],
    "train_tianshou_dqn.py": ["--quick"],
    "train_agilerl.py": ["--quick"],
    "train_reinforce.py": ["--episodes", "100", "--eval-games", "10"],
}
#: Examples and pages that use an RL library of the test extra, skipped only in an environment
#: installed before the extra named it (``pip install -e ".[test]"`` again brings it).
EXAMPLE_NEEDS = {
    "train_maskable_ppo.py": "sb3_contrib",
    "train_sb3_aec_selfplay.py": "sb3_contrib",
    "train_cleanrl_ppo.py": "torch",
    "rl.md": "sb3_contrib",
    "learning.py": "sb3_contrib",
}
#: Examples of RL libraries the test extra cannot hold, with the reason.
EXAMPLE_OUTSIDE_EXTRA = {
    "train_tianshou_dqn.py": (
        "tianshou",
        "Tianshou 2 needs Python 3.11+, where the test extra installs it",
    ),
    "train_agilerl.py": (
        "agilerl",
        "AgileRL needs PettingZoo < 1.27, so it has an environment of its own: .ci/agilerl",
    ),
}
#: Tianshou compiles its numba kernels in every process (about 10 s of CPU); a short run's few
#: transitions go faster through them as plain Python.
EXAMPLE_ENV = {"train_tianshou_dqn.py": {"NUMBA_DISABLE_JIT": "1"}}
#: Examples that a test of their own runs in a short mode, with checks of their own.
RUN_BY_THEIR_OWN_TEST = {"train_rllib.py": "tests/wrappers/test_rllib.py"}
#: Seconds an example may take; AgileRL's import alone costs 9 s of CPU, then it starts a worker
#: process per env.
EXAMPLE_TIMEOUT = {"train_agilerl.py": 300}


@pytest.mark.parametrize(
    "script",
    [p for p in sorted((ROOT / "examples").glob("*.py")) if p.name not in RUN_BY_THEIR_OWN_TEST],
    ids=lambda p: p.name,
)
def test_examples_run(script):
    if script.name in EXAMPLE_NEEDS:
        pytest.importorskip(EXAMPLE_NEEDS[script.name])
    if script.name in EXAMPLE_OUTSIDE_EXTRA:
        module, why = EXAMPLE_OUTSIDE_EXTRA[script.name]
        pytest.importorskip(module, reason=f"{module} is not installed ({why})")
    args = EXAMPLE_ARGS.get(script.name, [])
    env = {**os.environ, **EXAMPLE_ENV.get(script.name, {})}
    done = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=EXAMPLE_TIMEOUT.get(script.name, 120),
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


@pytest.mark.parametrize("script, test", sorted(RUN_BY_THEIR_OWN_TEST.items()))
def test_examples_left_out_above_are_run_by_their_own_test(script, test):
    assert (ROOT / "examples" / script).is_file()
    assert f"examples/{script}" in (ROOT / test).read_text()


#: Pages whose code blocks are excerpts, not programs: the guide quotes the toy game of
#: ``tests/toy``, which ``tests/test_toy_game.py`` and the registry-wide suites run.
EXCERPTS = {"adding-a-game.md"}


@pytest.mark.parametrize(
    "page",
    [p for p in _pages() if _blocks("python", p.read_text()) and p.name not in EXCERPTS],
    ids=lambda p: p.relative_to(DOCS).as_posix(),
)
def test_docs_python_samples_run(page, monkeypatch, tmp_path):
    """The code of each docs page (the Overcooked step, the evolution run...) runs as written."""
    if page.name in EXAMPLE_NEEDS:
        pytest.importorskip(EXAMPLE_NEEDS[page.name])
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in _blocks("python", page.read_text()):
        exec(compile(block, str(page.relative_to(ROOT)), "exec"), namespace)


def test_readme_stays_short():
    assert README.count("\n") <= README_MAX_LINES


def test_every_built_in_game_has_a_page_linked_from_the_readme():
    from parlour.envs import GAMES

    for game in GAMES:
        page = f"docs/games/{game.env_id.removesuffix('_v0')}.md"
        assert (ROOT / page).is_file(), page
        assert f"]({page})" in README, page


def test_every_config_option_of_a_built_in_game_is_on_its_page():
    """A new option is documented where users look for it: its name in the game's page."""
    from parlour.envs import GAMES

    for game in GAMES:
        page = (ROOT / f"docs/games/{game.env_id.removesuffix('_v0')}.md").read_text()
        missing = [f.name for f in dataclasses.fields(game.config) if f"`{f.name}`" not in page]
        assert not missing, f"{game.env_id}: options missing from its page: {missing}"


def test_werewolfs_page_names_exactly_the_protocol_options():
    """The page says which options a protocol sets (from `wolf_chat_rounds` to `max_days` but
    two): that must be the keys of PROTOCOLS."""
    from parlour.envs.werewolf.config import PROTOCOLS, WerewolfConfig

    names = [f.name for f in dataclasses.fields(WerewolfConfig)]
    table = [n for n in names if f"| `{n}`" in (DOCS / "games" / "werewolf.md").read_text()]
    listed = table[table.index("wolf_chat_rounds") : table.index("max_days") + 1]
    listed = [n for n in listed if n not in ("wolf_tie", "witch_self_heal")]
    assert set(listed) | {"discussion_rounds", "bidding_turns"} == set(PROTOCOLS["classic"])


@pytest.mark.parametrize(
    "page", [ROOT / "README.md", *_pages()], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_relative_links_lead_to_files(page):
    for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", page.read_text()):
        assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_readme_loop_is_the_example():
    loop = _blocks("python")[0].strip()
    example = (ROOT / "examples" / "random_loop.py").read_text()
    assert loop in example


@pytest.mark.parametrize(
    "script",
    [
        "throughput.py",
        "who_is_spy_bots.py",
        "werewolf_bots.py",
        "among_us_bots.py",
        "overcooked.py",
        "llm_overhead.py",
        "tournament.py",
        "observation_lengths.py",
        "learning.py",
    ],
)
def test_benchmarks_run_in_reduced_size(script):
    if script in EXAMPLE_NEEDS:
        pytest.importorskip(EXAMPLE_NEEDS[script])
    args = {
        "throughput.py": ["--seconds", "0.2", "--repeats", "1"],
        "who_is_spy_bots.py": ["--games", "6"],
        "werewolf_bots.py": ["--games", "6"],
        "among_us_bots.py": ["--games", "6"],
        "overcooked.py": ["--steps", "2000", "--repeats", "1", "--games", "1"],
        "llm_overhead.py": [
            *("--decisions", "20", "--latency", "0.01", "--games", "4"),
            *("--concurrency", "2", "--sample", "1"),
        ],
        "tournament.py": [
            "--latency",
            "0.01",
            "--llm-games",
            "4",
            "--levels",
            "1,2",
            "--default-games",
            "24",
        ],
        "observation_lengths.py": ["--games", "1", "--env", "who_is_spy_v0", "--defaults"],
        "learning.py": ["--games", "donor_game_v0", "--steps", "64", "--episodes", "3"],
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args[script]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    expected = {
        "throughput.py": "steps/s",
        "who_is_spy_bots.py": "civilian wins",
        "werewolf_bots.py": "village wins",
        "among_us_bots.py": "crew wins",
        "overcooked.py": "scripted+scripted",
        "llm_overhead.py": "speed-up",
        "tournament.py": "games/min",
        "observation_lengths.py": "longest",
        "learning.py": "| donor_game_v0 (player_0) |",
    }
    assert expected[script] in done.stdout


def test_the_textarena_comparison_runs_or_names_what_is_missing():
    """``versus_textarena.py`` needs the anchor installed (``.[bench]``); without it, it says so
    and exits 2."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "versus_textarena.py"),
            *("--seconds", "0.1", "--rounds", "1", "--env", "who_is_spy_v0"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    if importlib.util.find_spec("textarena") is None:
        assert done.returncode == 2 and "pip install -e .[bench]" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert "x anchor" in done.stdout and "who_is_spy_v0" in done.stdout


def test_every_llm_spec_string_in_the_docs_builds_its_seat(monkeypatch):
    """The option strings the README and the LLM page give for llama.cpp, vLLM, Ollama and OpenAI
    are valid specs (their servers are not here: the seats are built, not asked)."""
    from parlour.agents import make_agent

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    text = README + (DOCS / "llm-agents.md").read_text()
    specs = [
        spec for block in _blocks("bash", text) for spec in re.findall(r'--agents "([^"]+)"', block)
    ]
    assert len(specs) >= 8
    for spec in specs:
        for part in spec.split(","):
            agent = make_agent(part)
            assert agent.name.split(":")[0] in part


def test_the_real_server_benchmark_runs_against_the_offline_server():
    """``llm_real.py`` plays every game and mode against whatever server it is given; here the
    offline one (the figures in docs/llm-agents.md come from a real llama.cpp server)."""
    from parlour.testing import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "llm_real.py"),
                *("--base-url", server.base_url, "--model", "m"),
                *("--games", "1", "--decisions", "2"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "_v0" in line]
    assert len(rows) == 6 * 3  # six games, text, json and tools (the offline server calls tools)
    assert all("| 0 (0%) | 0 |" in row for row in rows)  # no fallback, no echo
