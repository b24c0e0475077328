"""Match and adapter behaviour shared by every game: windows, invalid policy, seeding, views."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parlour
from parlour.core.errors import ActionError, ConfigError, UnknownEnvError
from parlour.core.text import ObservationWindow, PublicLines


def test_observations_stay_inside_the_budget_and_say_what_was_left_out():
    env = parlour.make("who_is_spy_v0", num_players=12, max_rounds=100, max_observation_chars=2048)
    env.reset(seed=0)
    for _ in range(1500):  # constant invalid text: all abstain, nobody is eliminated
        env.step("hmm")
    text = env.observe("player_0")["text"]
    assert len(text) <= 2048
    assert "earlier lines not shown" in text
    assert text.startswith("# Who is Spy - you are player_0")  # the card is never dropped
    assert "## Now" in text


def test_window_renders_each_event_once_per_viewer():
    calls = []
    from parlour.core.events import EventLog

    log = EventLog()
    render = lambda event, viewer: calls.append(event.kind) or f"line {event.kind}"  # noqa: E731
    window = ObservationWindow("player_0", "header", 4096, PublicLines(lambda e: render(e, None)))
    log.append(0, "p", "a")
    log.append(0, "p", "hidden", visible_to={"player_1"})
    window.update(log, render)
    log.append(1, "p", "b")
    window.update(log, render)
    assert calls == ["a", "b"]
    assert window.text("prompt").endswith("line a\nline b\n\n## Now\nprompt")


def _reference_text(
    header: str, lines: list[tuple[str, bool]], budget: int, prompt: str, state: dict
) -> str:
    """The observation as the plain definition builds it from the viewer's lines so far, each
    ``(text, own)`` (``own``: a private line). Until the shown lines fit, the oldest line not yet
    passed over is passed over for good (left out if public, kept if the viewer's own), unless the
    kept lines take more than half the room: then the oldest kept line is left out."""
    room = budget - (len(header) + len("## What happened (oldest first)") + len("## Now") + 64)
    room -= len(prompt)
    state.setdefault("passed", 0)
    state.setdefault("dropped", set())

    def size(indices: list[int]) -> int:
        return sum(len(lines[i][0]) + 1 for i in indices)

    while True:
        kept = [i for i in range(state["passed"]) if lines[i][1] and i not in state["dropped"]]
        shown = kept + list(range(state["passed"], len(lines)))
        if size(shown) <= room:
            break
        if state["passed"] < len(lines) and size(kept) <= int(room * 0.5):
            state["passed"] += 1
        else:
            state["dropped"].add(kept[0])
    parts = [header, "", "## What happened (oldest first)"]
    if state["passed"] > len(kept):
        parts.append(f"({state['passed'] - len(kept)} earlier lines not shown)")
    parts += [lines[i][0] for i in shown] + ["", "## Now", prompt]
    return "\n".join(parts)  # the header and the prompt are never cut


@given(
    st.lists(
        st.tuples(
            st.lists(
                st.tuples(st.text("abc \n", min_size=10, max_size=80), st.booleans()), max_size=6
            ),
            st.text("xyz", max_size=60),
        ),
        max_size=25,
    )
)
def test_window_text_matches_its_definition(rounds):
    from parlour.core.events import EventLog

    def render(event, viewer):
        return event.data["line"]

    def render_public(event):
        return event.data["line"]

    # a small budget, so that most examples cut (a few lines fill it)
    log, window = EventLog(), ObservationWindow("p", "head", 300, PublicLines(render_public))
    shown: list[tuple[str, bool]] = []
    state: dict = {}
    for new_lines, prompt in rounds:
        for line, own in new_lines:
            log.append(0, "p", "say", {"line": line}, {"p"} if own else "all")
        window.update(log, render)
        shown += new_lines
        assert window.text(prompt) == _reference_text("head", shown, 300, prompt, state)


_PLAYERS = ("p0", "p1", "p2")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(("say", "vote", "view")),
            st.one_of(st.just("all"), st.frozensets(st.sampled_from(_PLAYERS), max_size=3)),
        ),
        max_size=40,
    ),
    st.integers(0, 40),
)
def test_event_log_queries_match_their_definitions(appended, start):
    """``latest`` and ``visible_since`` answer from indices kept while appending; they must
    agree with a plain scan of the whole log."""
    from parlour.core.events import EventLog

    log = EventLog()
    for step, (kind, visible_to) in enumerate(appended):
        log.append(step, "p", kind, {}, visible_to)
        for viewer in _PLAYERS:
            seen = [e for e in log if e.visible_to == "all" or viewer in e.visible_to]
            for wanted in ("say", "vote", "view"):
                newest = [e for e in seen if e.kind == wanted]
                assert log.latest(wanted, viewer) == (newest[-1] if newest else None)
            assert log.visible_since(viewer, start) == [e for e in seen if e.step >= start]
            assert log.private_since(viewer, start) == [
                i
                for i, e in enumerate(log)
                if i >= start and e.visible_to != "all" and viewer in e.visible_to
            ]


@given(
    st.lists(
        st.tuples(
            st.one_of(st.just("all"), st.frozensets(st.sampled_from(_PLAYERS), max_size=3)),
            st.sampled_from(("", "a line", "two\nlines", None)),
            st.frozensets(st.sampled_from(_PLAYERS)),  # who looks after this event
        ),
        max_size=40,
    ),
    st.integers(200, 500),  # small: the windows cut
)
def test_windows_sharing_public_lines_read_what_their_viewers_may_see(appended, budget):
    """The observation windows of a match share each public event's line (rendered once per
    game); every viewer must still read exactly the lines of the events it may see, each as
    rendered for it, private lines (which differ by viewer) included."""
    from parlour.core.events import EventLog

    public_renders: list[int] = []

    def render(event, viewer):
        if event.data["line"] is None or event.visible_to == "all":
            return event.data["line"]
        return f"{viewer} alone: {event.data['line']}"

    def render_public(event):
        public_renders.append(event.step)
        return render(event, None)

    log, public = EventLog(), PublicLines(render_public)
    shared = {p: ObservationWindow(p, "head", budget, public) for p in _PLAYERS}
    states: dict = {p: {} for p in _PLAYERS}
    for step, (visible_to, line, lookers) in enumerate(appended):
        log.append(step, "p", "say", {"line": line}, visible_to)
        for viewer in sorted(lookers):
            shared[viewer].update(log, render)
            seen = [
                (render(e, viewer), e.visible_to != "all") for e in log if e.is_visible_to(viewer)
            ]
            lines = [(x, own) for x, own in seen if x]
            wanted = _reference_text("head", lines, budget, "now", states[viewer])
            assert shared[viewer].text("now") == wanted
    assert len(public_renders) == len(set(public_renders))  # each public event once, at most
    assert all(appended[step][0] == "all" for step in public_renders)


def test_invalid_action_gets_the_default_a_record_and_an_info():
    env = parlour.make("who_is_spy_v0", word_pair=("coffee", "tea"))
    env.reset(seed=1)
    while env.infos[env.agent_selection]["phase"] == "describe":
        env.step("something nice")
    voter = env.agent_selection
    env.step("[vote nobody]")
    events = [e for e in env.unwrapped.transcript() if e["kind"] == "invalid_action"]
    assert events[-1]["visible_to"] == [voter] and events[-1]["data"]["default"] == "(abstain)"
    assert "expected one of" in env.infos[voter]["invalid_action"]
    assert env.unwrapped.metrics()["invalid_actions"][voter] == {"illegal": 1}


def test_invalid_penalty_is_paid_as_reward():
    env = parlour.make("who_is_spy_v0", invalid_penalty=-0.5)
    env.reset(seed=2)
    agent = env.agent_selection
    env.step("!!!")  # not speech: malformed
    assert env.rewards[agent] == -0.5


def test_raise_policy_raises():
    env = parlour.make("who_is_spy_v0", on_invalid="raise")
    env.reset(seed=2)
    with pytest.raises(ActionError):
        env.step("!!!")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"on_invalid": "ignore"}, "on_invalid"),
        ({"invalid_penalty": 1}, "invalid_penalty"),
        ({"max_observation_chars": 10}, "max_observation_chars"),
        ({"num_player": 5}, "unknown option"),
        ({"render_mode": "video"}, "render_mode"),
        ({"render_view": "player_99"}, "render_view"),
    ],
)
def test_bad_env_options_are_refused(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        parlour.make("who_is_spy_v0", **kwargs)


def test_unknown_env_id():
    with pytest.raises(UnknownEnvError, match="registered: who_is_spy_v0"):
        parlour.make("chess_v0")


def test_use_before_reset_is_a_clear_error():
    env = parlour.make("who_is_spy_v0")
    with pytest.raises(ConfigError, match="reset"):
        env.step("x")
    with pytest.raises(ConfigError, match="reset"):
        env.observe("player_0")


def test_unseeded_resets_continue_a_seeded_stream():
    a, b = parlour.make("who_is_spy_v0"), parlour.make("who_is_spy_v0")
    a.reset(seed=11)
    b.reset(seed=11)
    a.reset()
    b.reset()
    assert a.unwrapped.game_seed == b.unwrapped.game_seed != 11
    assert a.unwrapped.transcript() == b.unwrapped.transcript()


def test_parallel_applies_all_ballots_in_one_step():
    env = parlour.make_parallel("who_is_spy_v0", num_players=4, word_pair=("coffee", "tea"))
    _, infos = env.reset(seed=3)
    while True:
        acting = [a for a, info in infos.items() if info["acting"]]
        if infos[acting[0]]["phase"] == "vote":
            break
        assert len(acting) == 1
        _, _, _, _, infos = env.step({a: "a hot drink" for a in env.agents})
    assert len(acting) == 4
    actions = {a: infos[a]["legal_actions"][0] for a in acting}
    env.step(actions)
    revealed = [e for e in env.transcript() if e["kind"] == "votes_revealed"]
    assert len(revealed) == 1 and len(revealed[0]["data"]["ballots"]) == 4


def test_ansi_render_from_a_player_view_hides_others_cards():
    env = parlour.make(
        "who_is_spy_v0", render_mode="ansi", render_view="player_0", word_pair=("coffee", "tea")
    )
    env.reset(seed=4)
    god = env.unwrapped.transcript_text("god")
    mine = env.render()
    assert "(player_1 only)" in god or "player_1" in god
    assert isinstance(mine, str)
    assert "only)" not in mine


def test_player_view_exposes_only_visible_events():
    env = parlour.make("who_is_spy_v0")
    env.reset(seed=5)
    view = env.unwrapped.player_view("player_2")
    deals = [e for e in view.events() if e.kind == "deal"]
    assert [e.data.player for e in deals] == ["player_2"]


def test_an_invalid_action_notice_reaches_its_author_at_its_next_turn():
    env = parlour.make("who_is_spy_v0", word_pair=("coffee", "tea"))
    env.reset(seed=1)
    first = env.agent_selection
    env.step("!!!")  # malformed: the description is withheld
    while env.agent_selection != first:  # the others describe, then the vote starts
        env.step("something nice")
    *_, info = env.last()
    assert "expected speech" in info["invalid_action"]
    assert info["legal_actions"]  # merged with the turn's own info
    env.step(info["legal_actions"][0])
    assert "invalid_action" not in env.infos[first]


@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_a_turns_grammar_is_the_one_its_legal_set_builds(env_id):
    """The match keeps the grammars of legal sets it has seen; each must read and describe a
    turn exactly as one built afresh from that turn's legal set."""
    env = parlour.make(env_id)
    env.reset(seed=3)
    match = env.unwrapped.match
    rng = random.Random(3)
    for agent in env.agent_iter(600):
        _, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        kept, fresh = match.spec(agent), match.build_spec(match.rules.legal(agent))
        assert kept.legal == fresh.legal and list(kept.choices) == list(fresh.choices)
        assert kept.description == fresh.description
        assert kept.turn_facts("p") == fresh.turn_facts("p")
        choices = info.get("legal_actions") or info.get("choices") or ["hmm"]
        env.step(rng.choice(choices))


@pytest.mark.parametrize("env_id", parlour.list_envs())
def test_the_shared_situation_is_the_one_the_state_renders(env_id):
    """A game's shared situation is rendered once per situation key for every seat; at every
    observation of every seat it must equal a fresh render of the state, and the prompt must be
    that situation over the seat's own part."""
    env = parlour.make(env_id)
    env.reset(seed=4)
    match, text = env.unwrapped.match, env.unwrapped.match.text
    rng = random.Random(4)
    for _agent in env.agent_iter(600):
        for seat in match.players:
            fresh = text.render_situation(match.rules)
            assert match.situation() == fresh
            if fresh is not None:
                assert match.prompt(seat).startswith(fresh + "\n")
        _, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        choices = info.get("legal_actions") or info.get("choices") or ["hmm"]
        env.step(rng.choice(choices))


def test_both_chefs_read_one_kitchen_snapshot_a_tick(monkeypatch):
    """Overcooked's kitchen is rendered once a tick for both chefs, and again after a tick."""
    env = parlour.make("overcooked_v0", horizon=10)
    env.reset(seed=0)
    match = env.unwrapped.match
    renders = []
    original = type(match.text).render_situation
    monkeypatch.setattr(
        type(match.text),
        "render_situation",
        lambda self, rules: renders.append(1) or original(self, rules),
    )
    before = [match.observation(seat) for seat in match.players]
    assert len(renders) == 1
    for seat in list(match.acting()):
        match.play(seat, "[west]" if seat == "player_0" else "[east]")
    after = [match.observation(seat) for seat in match.players]
    assert len(renders) == 2
    assert "Step 1 of 10" in after[0] and "Step 0 of 10" in before[1]
