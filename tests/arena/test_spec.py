"""Tournament specs: every key's type and range, entries, agents, all checked at load."""

from __future__ import annotations

import pytest

from parlour.arena import AgentEntry, GameEntry, TournamentSpec, load_spec, make_schedule
from parlour.core.errors import ConfigError

GAME = '[[games]]\nenv = "who_is_spy_v0"\n'
AUCTION = '[[games]]\nenv = "auction_v0"\n'
TWO = '[agents.a]\nspec = "random"\n[agents.b]\nspec = "random"\n'
SPY = '[[games]]\nenv = "who_is_spy_v0"\nname = "spy"\n'


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[[games]]\nenv = "chess_v0"\n' + TWO, r"line 2: \[\[games\]\] entry 1: unknown env"),
        (GAME + '[agents.a]\nspec = "random"\n[agents.b]\nspec = "genius"\n', "line 6: agent 'b'"),
        (GAME + '[agents.a]\nspec = "random"\n', "at least two agents"),
        (GAME + "config = { num_players = 40 }\n" + TWO, "num_players"),
        ('colour = "blue"\n', "line 1: unknown key"),
        ("seed = 5\nconcurrency = = 2\n", "line 2"),
        # types: a value is never coerced
        ('twins = "no"\n' + GAME + TWO, "line 1: twins must be true or false, got 'no'"),
        ("seed = 1.7\n" + GAME + TWO, "line 1: seed must be a whole number >= 0, got 1.7"),
        ("seed = -5\n" + GAME + TWO, "line 1: seed must be a whole number >= 0, got -5"),
        ("seed = true\n" + GAME + TWO, "line 1: seed must be a whole number >= 0, got True"),
        ("concurrency = 0\n" + GAME + TWO, "line 1: concurrency must be a whole number >= 1"),
        ('concurrency = "4"\n' + GAME + TWO, "line 1: concurrency must be a whole number >= 1"),
        ("out = 5\n" + GAME + TWO, "line 1: out must be a directory path string"),
        ("max_llm_calls_in_flight = 0\n" + GAME + TWO, "line 1: max_llm_calls_in_flight must be"),
        ("games = 4\n" + TWO, "line 1: games must be an array of"),
        ("[agents]\na = 1\nb = 2\n" + GAME, "agent 'a': .*must be a table, got 1"),
        # [[games]] entries
        (GAME + "games = 1.5\n" + TWO, r"line 3: \[\[games\]\] entry 1: games must be a whole"),
        (
            GAME + "games = 0\n" + TWO,
            r"entry 1: games must be a whole number >= 1 and <= 100000, got 0",
        ),
        (GAME + 'config = "x"\n' + TWO, r"line 3: \[\[games\]\] entry 1: config must be a table"),
        (GAME + "rounds = 3\n" + TWO, r"line 3: .*unknown key\(s\) rounds; known keys: env, games"),
        ("[[games]]\ngames = 4\n" + TWO, r"entry 1: it has no env"),
        (GAME + 'name = "two words"\n' + TWO, "line 3: .*name must be one word of letters"),
        (GAME + f'name = "{"n" * 65}"\n' + TWO, "line 3: .*at most 64 characters"),
        # bounds: a count no run could finish, or more workers than make sense
        ("concurrency = 3000\n" + GAME + TWO, "line 1: concurrency must be .* <= 1024, got 3000"),
        ("concurrency = 100000000000000000000\n" + GAME + TWO, "line 1: concurrency must be"),
        ("max_llm_calls_in_flight = 5000\n" + GAME + TWO, "line 1: .*in_flight must be .*<= 1024"),
        (GAME + "games = 100000000000000000000000\n" + TWO, r"line 3: .*games must be .*<= 100000"),
        (
            (GAME + "games = 100000\n") * 10 + GAME + TWO,
            "at most 1000000 games in all, got 1000240",
        ),
        ("seed = " + "9" * 5000 + "\n" + GAME + TWO, "4300 digits"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        # agent names: one plain word, as they head CSV cells, table columns and plot labels
        (
            GAME
            + TWO
            + '[agents."=HYPERLINK(\\"http://evil.example\\",\\"click\\")"]\nspec = "random"\n',
            "agent '=HYPERLINK.*name must be one word of letters, digits",
        ),
        (
            GAME + TWO + '[agents."x | 1 |\\n## Ratings"]\nspec = "random"\n',
            r"agent 'x \| 1 \|\\n## Ratings'",
        ),
        (GAME + TWO + '[agents."-x"]\nspec = "random"\n', "agent '-x': the agent's name must be"),
        (GAME + TWO + '[agents."a b"]\nspec = "random"\n', "agent 'a b': the agent's name must be"),
        (GAME + TWO + '[agents.""]\nspec = "random"\n', "agent '': the agent's name must be"),
        (SPY + SPY + TWO, r"line 6: \[\[games\]\] entries 1 and 2 would share the game ids spy-"),
        # agents: settings that would fail every game are refused before the first one
        (GAME + TWO + "options = { colour = 1 }\n", r"line 6: agent 'b': random: unknown option"),
        (
            AUCTION + '[agents.a]\nspec = "random"\n[agents.b]\nspec = "scripted"\n'
            'options = { strategy = "psychic" }\n',
            "agent 'b': scripted cannot play auction_v0: strategy must be one of value",
        ),
        (
            GAME + '[agents.a]\nspec = "random"\n[agents.b]\nspec = "scripted"\n'
            'options = { strategy = "value" }\n',
            "agent 'b': scripted cannot play who_is_spy_v0: unknown option 'strategy'",
        ),
        (
            GAME + TWO + '[agents.c]\nspec = "openai:gpt-4o-mini"\n',
            "agent 'c': openai:gpt-4o-mini: no API key",
        ),
        (
            GAME + TWO + '[agents.c]\nspec = "openai:m"\noptions = { base_url = "http://x" , '
            'cache_mode = "sometimes" }\n',
            "agent 'c': cache_mode must be one of off, read-write, replay-only",
        ),
        (GAME + TWO + '[agents.c]\nspec = "human"\n', "human seats cannot play"),
        (GAME + TWO + "[agents.c]\noptions = { x = 1 }\n", "agent 'c': it has no spec"),
        (
            GAME + TWO + '[agents.c]\nspec = "random"\nmodel = "x"\n',
            "line 9: agent 'c': unknown key\\(s\\) model",
        ),
    ],
)
def test_bad_specs_are_one_clear_error_naming_the_line(tmp_path, monkeypatch, toml, message):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_spec(path)


def test_a_missing_spec_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"no tournament spec at .*missing\.toml"):
        load_spec(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    "field, value", [("twins", "no"), ("seed", 1.7), ("concurrency", 0), ("out", 3)]
)
def test_specs_built_in_code_are_typed_too(field, value):
    games = (GameEntry("who_is_spy_v0", 8),)
    agents = (AgentEntry("a", "random"), AgentEntry("b", "random"))
    with pytest.raises(ConfigError, match=field):
        TournamentSpec(games=games, agents=agents, **{field: value})


@pytest.mark.parametrize("name", ["", "a b", "=1+1", "a|b", "a\nb", "@x", "n" * 65, 3, None])
def test_agent_names_built_in_code_are_checked_too(name):
    with pytest.raises(ConfigError, match="name must be one word"):
        AgentEntry(name, "random")


def test_two_agents_of_one_name_are_refused():
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 8),),
        agents=(AgentEntry("a", "random"), AgentEntry("a", "scripted")),
    )
    with pytest.raises(ConfigError, match="two agents are named 'a'"):
        spec.validate()


def test_the_games_per_env_flag_is_bounded_too():
    spec = TournamentSpec(
        games=(GameEntry("who_is_spy_v0", 8),),
        agents=(AgentEntry("a", "random"), AgentEntry("b", "random")),
    )
    with pytest.raises(ConfigError, match="--games-per-env must be >= 1 and <= 100000"):
        spec.with_overrides(games_per_env=10**23)
    with pytest.raises(ConfigError, match=r"concurrency must be .* <= 1024, got 5000"):
        spec.with_overrides(concurrency=5000)


def schedule_of(tmp_path, toml: str) -> list:
    path = tmp_path / "spec.toml"
    path.write_text(toml + TWO)
    return make_schedule(load_spec(path))


def by_label(schedule: list) -> dict[str, set[int]]:
    """Each entry label's deal seeds."""
    labels: dict[str, set[int]] = {}
    for game in schedule:
        labels.setdefault(game.game_id.rsplit("-d", 1)[0], set()).add(game.seed)
    return labels


def test_entries_of_one_env_get_their_own_ids_and_deals(tmp_path):
    eight = "games = 8\n"
    schedule = schedule_of(tmp_path, GAME + eight + GAME + eight + SPY + eight + AUCTION + eight)
    ids = [g.game_id for g in schedule]
    assert len(set(ids)) == len(ids)
    seeds = by_label(schedule)
    assert set(seeds) == {"who_is_spy_v0-1", "who_is_spy_v0-2", "spy", "auction_v0"}
    assert not seeds["who_is_spy_v0-1"] & seeds["who_is_spy_v0-2"]  # not the same deals twice
    # an env with one unnamed entry keeps the ids and seeds it always had, named ones beside it
    alone = by_label(schedule_of(tmp_path, GAME + eight))
    assert (
        by_label(schedule_of(tmp_path, GAME + eight + SPY + eight))["who_is_spy_v0"]
        == (alone["who_is_spy_v0"])
    )
    assert schedule_of(tmp_path, AUCTION + eight)[0].game_id == "auction_v0-d000-r00"
    assert by_label(schedule_of(tmp_path, AUCTION + eight))["auction_v0"] == seeds["auction_v0"]
