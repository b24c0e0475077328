"""The Donor Game's paper protocol, item by item, against Vallinder & Hughes' public notebook
(aronvallinder/llm-donor-game @c53df27, ``Donor_Game_with_Cultural_Evolution.ipynb``).

What the notebook does, and the option that gives it here:

* a donor's prompt is built afresh each turn: the rules, its strategy, the generation, the
  round, both resources and the recipient's trace; never its own history (``donor_view``);
* a trace is a chain: the recipient's last act as a donor, then what that act's recipient had
  done before, ..., the last three, newest first, each told by the share given
  ("In round 3, A donated 40.00% of their resources to B.": ``trace_amounts=False``);
* no prompt says how many rounds a game has (``tell_rounds=False``);
* the strategy prompt carries the rules, the trace explanation with a worked example, the
  first-round warning and, later, the survivors' advice; the strategy is the sentence that
  starts "My strategy will be";
* 12 agents, 10 generations of two games (the second with roles reversed), the top half survive.
"""

from __future__ import annotations

import numpy as np
import pytest

from parlour.arena.evolution import (
    PAPER_GAME,
    PRESETS,
    EvolutionConfig,
    game_config,
    population,
    preset,
    run_evolution,
)
from parlour.arena.strategy_prompts import (
    FALLBACK_STRATEGY,
    STRATEGY_CHARS,
    read_strategy,
    strategy_request,
)
from parlour.cli import main
from parlour.core.errors import ConfigError
from parlour.core.match import Match, MatchOptions
from parlour.core.text import EVENTS_HEADING, PROMPT_HEADING
from parlour.envs.donor_game import GAME
from parlour.envs.donor_game.model import ACT, DonorGameConfig, Pairing, RoundStart
from parlour.envs.donor_game.rules import DonorGameRules
from parlour.envs.donor_game.schedule import paper_round
from parlour.envs.donor_game.text import rules_summary
from parlour.testing import FakeOpenAIServer, legal_policy

PAPER = {**PAPER_GAME, "num_agents": 12}


def _match(seed: int = 0, **options) -> Match:
    config = DonorGameConfig(**options)
    return Match(GAME, DonorGameRules(config, np.random.default_rng(seed)), MatchOptions())


def _give(match: Match, rng: np.random.Generator, observe=None) -> None:
    """Play ``match`` to its end: each donor gives a random whole amount it can afford;
    ``observe(match, donor, text)`` reads each donor's observation before it acts."""
    while not match.is_over():
        donor = match.acting()[0]
        if observe is not None:
            observe(match, donor, match.observation(donor))
        have = int(match.rules.resources[donor])
        match.play(donor, f"[donate {int(rng.integers(0, min(have, 4) + 1))}]")


def _events_section(text: str) -> list[str]:
    """The lines between the observation's events heading and its prompt heading."""
    _, _, rest = text.partition(EVENTS_HEADING)
    events, _, _ = rest.partition(PROMPT_HEADING)
    return [line for line in events.split("\n") if line.strip()]


# -- what a donor is shown ----------------------------------------------------------------------
@pytest.mark.parametrize("view", ["pairing", "history"])
def test_a_donor_reads_only_the_current_pairing_in_the_papers_view(view):
    """The paper's prompt holds the current pairing only: no earlier pairing, act or round. The
    history view (Parlour's default) keeps them, so the check can tell the two apart."""
    match = _match(seed=1, **{**PAPER, "donor_view": view})
    earlier: dict[str, list[str]] = {}  # each donor's lines it read in earlier rounds
    seen_old = []

    def observe(match, donor, text):
        pairing = match.rules.events.latest(Pairing.kind, donor).data
        assert (
            pairing.round == match.rules.round and f"{pairing.recipient} is the recipient" in text
        )
        assert all(line in text for line in pairing.trace)
        shown = set(pairing.trace)
        old = [line for line in earlier.get(donor, []) if line not in shown and line in text]
        seen_old.extend(old)
        if view == "pairing":
            assert _events_section(text) == []
            assert f"Round {pairing.round}. You are the donor; {pairing.recipient}" in text
        earlier.setdefault(donor, []).append(f"{pairing.recipient} is the recipient. You have")
        earlier[donor] += [line.data.line for line in _acts_of(match, donor)]

    _give(match, np.random.default_rng(1), observe)
    if view == "pairing":
        assert seen_old == []
    else:  # the whole history: its earlier pairings and acts are all still there
        assert len(seen_old) > 20


def _acts_of(match: Match, donor: str) -> list:
    return [e for e in match.rules.events if e.kind == ACT and e.data.donor == donor]


def test_in_the_papers_view_no_seat_is_told_an_act_or_a_round_as_it_happens():
    match = _match(**PAPER)
    _give(match, np.random.default_rng(0))
    events = list(match.rules.events)
    acts = [e for e in events if e.kind == ACT]
    starts = [e for e in events if e.kind == RoundStart.kind]
    assert len(acts) == 12 * 6 and len(starts) == 12
    assert all(e.visible_to == frozenset() for e in acts + starts)
    pairings = [e for e in events if e.kind == Pairing.kind]
    assert all(e.visible_to == {e.data.donor} for e in pairings)  # its turn: the donor only
    for seat in match.players:  # a seat's view: its own pairings, then the game's end
        kinds = {e.kind for e in match.rules.events.visible_to(seat)}
        assert kinds == {Pairing.kind, "game_over"}
    god = match.transcript_text("god")
    assert god.count("(told to nobody) Moderator: In round") == len(acts)


def _notebook_traces(n: int, reverse: bool, gifts: dict) -> dict:
    """The traces the notebook shows, by (round, donor): each agent keeps a list of traces; a
    donor's new trace is its recipient's latest one plus its own act, and a donor is shown the
    last three entries of its recipient's latest trace, newest first, where every agent's list
    starts with "<name> did not have any previous interactions." (left out here: Parlour says
    so only when the trace is empty). Acts are (round, donor, recipient, share)."""
    traces: dict[int, list[list]] = {a: [[("none", a)]] for a in range(n)}
    shown = {}
    for r in range(n):
        pairs = [(b, a) for a, b in paper_round(n, r)] if reverse else paper_round(n, r)
        for donor, recipient in pairs:
            latest = traces[recipient][-1]
            shown[r + 1, donor] = [e for e in latest[-3:][::-1] if e[0] != "none"]
        for donor, recipient in pairs:
            act = (r + 1, donor, recipient, gifts[r + 1, donor])
            traces[donor].append([*traces[recipient][-1], act])
    return shown


@pytest.mark.parametrize("reverse", [False, True], ids=["game1", "game2-reversed"])
def test_traces_are_the_notebooks_chains_told_by_share(reverse):
    match = _match(seed=2, **PAPER, reverse_roles=reverse)
    _give(match, np.random.default_rng(5))
    seat = {p: i for i, p in enumerate(match.players)}
    gifts = {(a.round, seat[a.donor]): a.fraction for a in match.rules.history}
    expected = _notebook_traces(12, reverse, gifts)
    pairings = [e.data for e in match.rules.events if e.kind == Pairing.kind]
    assert len(pairings) == 72
    for p in pairings:
        want = expected[p.round, seat[p.donor]]
        got = [(a["round"], seat[a["donor"]], seat[a["recipient"]]) for a in p.trace_acts]
        assert got == [w[:3] for w in want], (p.round, p.donor)
        lines = [
            f"In round {r}, player_{d} gave {share * 100:.2f}% of their resources to player_{c}."
            for r, d, c, share in want
        ]
        assert list(p.trace) == lines
        assert all("amount" not in a for a in p.trace_acts)  # the data tells the share only
    assert sum(len(p.trace) == 3 for p in pairings) > 50  # depth 3 reached from round 4 on


@pytest.mark.parametrize(
    "options, present, absent",
    [
        ({"tell_rounds": False}, ["Round 2."], ["There are 12 rounds", "of 12"]),
        ({"tell_rounds": True}, ["There are 12 rounds", "Round 2 of 12."], []),
        ({"generation": 3}, ["This is generation 3:"], []),
        ({"generation": None}, [], ["generation"]),
        ({"trace_amounts": False}, ["% of their resources to"], [" units ("]),
        ({"trace_amounts": True}, [" units (", "% of their resources) to"], []),
        ({"punishment": True}, ["[punish", "A donor may instead punish"], []),
    ],
    ids=[
        "rounds-untold",
        "rounds-told",
        "generation-shown",
        "no-generation",
        "shares-only",
        "shares-and-amounts",
        "punishment",
    ],
)
def test_each_option_shows_in_a_donors_prompt(options, present, absent):
    """A donor's observation in round 5 (traces full by then) under the paper's view."""
    match = _match(seed=3, **{**PAPER, **options})
    rng = np.random.default_rng(3)
    texts = []

    def observe(match, donor, text):
        if match.rules.round in (2, 5):
            texts.append(text)

    _give(match, rng, observe)
    text = "\n".join(texts)
    for part in present:
        assert part in text
    for part in absent:
        assert part not in text


# -- the evolution ------------------------------------------------------------------------------
def test_the_paper_preset_is_the_papers_setup():
    paper = PRESETS["paper"]
    assert (paper.generations, paper.games_per_generation, paper.survivor_fraction) == (10, 2, 0.5)
    assert paper.game == {"donor_view": "pairing", "trace_amounts": False, "tell_rounds": False}
    config = game_config(paper.game, 12)
    assert (config.num_agents, config.endowment, config.multiplier) == (12, 10, 2)
    assert (config.schedule.value, config.trace.value, config.trace_depth) == (
        "paper",
        "chained",
        3,
    )
    assert config.total_rounds == 12 and not config.punishment


@pytest.mark.parametrize(
    "game, error",
    [
        ({"punishment": "maybe"}, "punishment must be True or False"),
        ({"nope": 1}, "unknown Donor Game option nope"),
        ({"num_agents": 4}, "num_agents: set by the evolution itself"),
        ({"generation": 2}, "generation: set by the evolution itself"),
        ({"reverse_roles": True}, "reverse_roles: set by the evolution itself"),
        ({"donor_view": "everything"}, "donor_view must be one of"),
        ({"trace_depth": -1}, "trace_depth must be"),
        ([("punishment", True)], "game must be a dict"),
    ],
)
def test_bad_game_options_are_refused_before_any_game(game, error):
    with pytest.raises(ConfigError, match=error):
        EvolutionConfig(game=game)


def _llm_run(game: dict, generations: int = 2):
    """An evolution of 4 LLM members against the fake server: its records and requests."""
    with FakeOpenAIServer() as server:
        members = population(
            ["openai:test"], 4, np.random.default_rng(0), {"base_url": server.base_url}
        )
        config = EvolutionConfig(generations=generations, game=game, seed=4)
        records = run_evolution(members, config)
        return records, list(server.requests)


def test_llm_donors_read_the_papers_prompt_with_their_strategy_and_generation():
    records, requests = _llm_run(PAPER_GAME)
    strategy = [r for r in requests if "My strategy will be" in r["messages"][-1]["content"]]
    turns = [r for r in requests if r not in strategy]
    assert len(turns) == 2 * 2 * 4 * 2  # generations x games x rounds x donors a round
    for generation in (1, 2):
        mine = [t for t in turns if f"This is generation {generation}:" in _system(t)]
        assert len(mine) == 16
    members = {m["name"]: m["strategy"] for r in records for m in r["members"]}
    for turn in turns:
        user = turn["messages"][-1]["content"]
        assert _events_section(user) == [] and "You are the donor;" in user
        assert "of 4" not in user and "Trace:" in user
        persona = next(line for line in _system(turn).split("\n") if "Your persona" in line)
        assert persona.removeprefix('Your persona: Your strategy: "')[:-1] in members.values()


def _system(request) -> str:
    return request["messages"][0]["content"]


def test_the_strategy_prompt_carries_the_rules_the_trace_and_the_advice():
    records, requests = _llm_run(PAPER_GAME)
    prompts = [r["messages"][-1]["content"] for r in requests]
    prompts = [p for p in prompts if "My strategy will be" in p]
    first, later = prompts[:4], prompts[4:]
    assert len(first) == 4 and len(later) == 2  # the first generation, then the replaced half
    rules = rules_summary(game_config(PAPER_GAME, 4))
    example = (
        "In round 3, A gave 40.00% of their resources to B. In round 2, B gave 10.00% of their"
        " resources to C. In round 1, C gave 0.00% of their resources to D."
    )
    for prompt in prompts:
        assert rules in prompt and example in prompt
        assert "a chain through different players" in prompt and "In round 1 nobody" in prompt
        assert prompt.rstrip().endswith("one sentence that starts: My strategy will be")
    survivors = [m for m in records[0]["members"] if m["survived"]]
    for prompt in later:
        assert "Here is the advice of the best-performing 50% of the previous generation" in prompt
        assert all(f'{m["name"]} wrote: "{m["strategy"]}"' in prompt for m in survivors)
        assert "improve on the survivors' strategies" in prompt
    assert not any("Here is the advice" in p for p in first)


@pytest.mark.parametrize(
    "reply, strategy, justification",
    [
        (
            "Reciprocity pays here.\nMy strategy will be to give what they gave.",
            "My strategy will be to give what they gave.",
            "Reciprocity pays here.",
        ),
        (  # reasoning that quotes a survivor's strategy: the last sentence is the member's own
            'g0-m1 wrote "My strategy will be stingy", which lost.'
            " My strategy will be to give 60%.",
            "My strategy will be to give 60%.",
            "g0-m1 wrote 'My strategy will be stingy', which lost.",
        ),
        ("Give half to everyone.", "Give half to everyone.", ""),
        ("\n\n  ", FALLBACK_STRATEGY, ""),
        ("My strategy will be " + "kind " * 200, None, ""),
    ],
    ids=["reasoning-then-sentence", "quoted-advice", "no-opening", "empty", "too-long"],
)
def test_the_strategy_is_the_replys_last_my_strategy_will_be_sentence(
    reply, strategy, justification
):
    got, why = read_strategy(reply)
    if strategy is None:
        assert got.startswith("My strategy will be kind") and len(got) <= STRATEGY_CHARS
    else:
        assert got == strategy
    assert why == justification


def test_first_order_traces_and_no_traces_are_explained_as_such():
    first = strategy_request(game_config({"trace": "first_order", "trace_amounts": False}, 12))
    assert "the recipient's own last acts" in first and "In round 2, A gave 10.00%" in first
    none = strategy_request(game_config({"trace_depth": 0}, 12))
    assert "Donors see no trace" in none and "How a trace works" not in none


def test_evolve_takes_game_options_on_the_command_line(tmp_path, capsys):
    with FakeOpenAIServer(policy=legal_policy) as server:
        argv = ["evolve", "--preset", "quick", "--agents", "4", "--generations", "1"]
        argv += ["--population", "openai:test", "--base-url", server.base_url]
        argv += ["--out", str(tmp_path), "--config", "punishment=true", "--option", "rounds=2"]
        assert main(argv) == 0
        turns = [r["messages"][-1]["content"] for r in server.requests]
    turns = [t for t in turns if "[donate" in t]
    assert len(turns) == 2 * 2 * 2 and all("[punish" in t for t in turns)
    assert all("There are 2 rounds" in _system_of(server, t) for t in turns)
    capsys.readouterr()


def _system_of(server, user: str) -> str:
    return next(
        r["messages"][0]["content"] for r in server.requests if r["messages"][-1]["content"] == user
    )


@pytest.mark.parametrize(
    "option, message",
    [
        ("punishment=maybe", "punishment must be True or False"),
        ("colour=red", "unknown Donor Game option colour"),
        ("num_agents=4", "num_agents: set by the evolution itself"),
        ("trace_depth=-1", "trace_depth must be"),
        ("punishment", "--config takes KEY=VALUE"),
    ],
)
def test_evolve_refuses_bad_game_options_with_exit_2(option, message, tmp_path, capsys):
    argv = ["evolve", "--preset", "quick", "--agents", "4", "--out", str(tmp_path)]
    assert main([*argv, "--config", option]) == 2
    err = capsys.readouterr().err
    assert err.startswith("parlour: error:") and message in err
    assert not (tmp_path / "evolution.json").exists()


def test_the_preset_keeps_its_own_options_beside_the_command_lines(tmp_path):
    """``--config`` adds to the paper preset's options instead of replacing them."""
    config = preset("paper")
    with FakeOpenAIServer() as server:
        argv = ["evolve", "--agents", "4", "--generations", "1", "--population", "openai:test"]
        argv += ["--base-url", server.base_url, "--out", str(tmp_path), "--config", "rounds=2"]
        assert main(argv) == 0
        turns = [r for r in server.requests if "[donate" in r["messages"][-1]["content"]]
    assert config.game == PAPER_GAME and turns
    for turn in turns:
        assert _events_section(turn["messages"][-1]["content"]) == []  # the paper's view kept
        assert "There are" not in _system(turn)  # rounds untold, though set to 2
