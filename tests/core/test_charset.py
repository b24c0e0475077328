"""The charset and the speech sanitiser: any input becomes one safe line inside CHARSET."""

from __future__ import annotations

from gymnasium.spaces import Text
from hypothesis import given, settings
from hypothesis import strategies as st

import parlour
from parlour.core import actions, charset
from parlour.core.charset import CHARSET, sanitize_speech, squash, to_charset

OBS = Text(10_000, min_length=0, charset=CHARSET)


@given(st.text(max_size=400))
@settings(max_examples=400, deadline=None)
def test_any_unicode_becomes_one_safe_line(raw):
    line = sanitize_speech(raw, 120)
    assert OBS.contains(line)
    assert "\n" not in line and '"' not in line and "[" not in line and "]" not in line
    assert len(line) <= 120
    assert line == line.strip()


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_to_charset_keeps_newlines_and_stays_in_charset(raw):
    out = to_charset(raw)
    assert OBS.contains(out)
    assert out.count("\n") == raw.count("\n")


def test_transliteration_of_common_characters():
    assert to_charset("café “quoted” — naïve…") == 'cafe "quoted" - naive...'
    assert to_charset("Ｍoderator") == "Moderator"  # full width becomes plain ASCII
    assert to_charset("Мoderator") == "?oderator"  # a Cyrillic look-alike does not
    assert to_charset("wolf 🐺") == "wolf ?"


def test_long_speech_is_cut_at_a_word_boundary():
    assert sanitize_speech("alpha beta gamma delta", 16) == "alpha beta gamma"
    assert sanitize_speech("x" * 50, 10) == "x" * 10


def test_squash():
    assert squash("Ice-Cream!") == "icecream"


#: Scripts and characters whose transliteration is not one character for one: accents that
#: combine, Hangul jamo that compose, ligatures and ellipses that expand, spaces that collapse.
MIXED = st.lists(
    st.sampled_from(
        [
            *'ab Z9\n\t"[]',
            *("é", "e\u0301", "ß", "Ж", "你", "\u1100", "\u1161", "\u11a8", "ﬁ", "…", "\ufdfa"),
            *("\u0301", "\u3000", "🐺", "Ｍ", "\u00a0", "   ", "\u0301" * 9),
        ]
    ),
    max_size=1500,
).map("".join)


def _whole_text_line(text: str, max_chars: int) -> str:
    """The speech line as its plain definition makes it: convert all of the text, then cut."""
    line = " ".join(to_charset(text).translate(_ESCAPES).split()).strip()
    if len(line) <= max_chars:
        return line
    cut = line[:max_chars]
    space = cut.rfind(" ")
    return (cut[:space] if space >= max_chars * 3 // 4 else cut).rstrip()


_ESCAPES = str.maketrans({'"': "'", "[": "(", "]": ")", "\\": "/"})


@given(MIXED, st.integers(1, 120))
@settings(max_examples=300, deadline=None)
def test_reading_a_head_gives_the_line_the_whole_text_gives(raw, max_chars):
    assert sanitize_speech(raw, max_chars) == _whole_text_line(raw, max_chars)


def _huge_mixed_text() -> str:
    return ("Größe Привет 你好 ﬁ … مرحبا 🐺 naïve " * 300_000)[:10_000_000]


def test_a_ten_million_character_action_is_transliterated_in_bounded_pieces(monkeypatch):
    given_lengths: list[int] = []

    def counting(text: str) -> str:
        given_lengths.append(len(text))
        return to_charset(text)

    monkeypatch.setattr(charset, "to_charset", counting)
    monkeypatch.setattr(actions, "to_charset", counting)
    huge = _huge_mixed_text()
    # a speech turn, choice turns with and without a token, a number turn; default options
    spy = parlour.make("who_is_spy_v0", num_players=4)
    spy.reset(seed=0)
    room = spy.infos[spy.agent_selection]["max_speech_chars"]
    spy.step(huge)
    spoken = [e for e in spy.unwrapped.transcript() if e["kind"] == "description"]
    assert spoken[-1]["data"]["text"] == _whole_text_line(huge[:20_000], room)
    while spy.infos[spy.agent_selection]["phase"] == "describe":
        spy.step("a hot drink")
    first = spy.agent_selection
    token = spy.infos[first]["legal_actions"][0]
    spy.step(huge + " so: " + token)  # reasoning, then the token: it still counts
    assert "invalid_action" not in spy.infos[first]
    second = spy.agent_selection
    legal = spy.infos[second]["legal_actions"]
    spy.step(huge)
    assert spy.infos[second]["invalid_action"] == (
        "expected one of "
        + ", ".join(legal)
        + f", got {to_charset(huge[:100])[:57] + '...'!r}"  # the head, as the whole would quote
    )
    (record,) = [e for e in spy.unwrapped.transcript() if e["kind"] == "invalid_action"]
    assert record["data"]["text"] == _whole_text_line(huge[:20_000], 500)
    auction = parlour.make("auction_v0")
    auction.reset(seed=0)
    bidder = auction.agent_selection
    auction.step("[bid " + huge + "]")
    assert auction.infos[bidder]["invalid_action"].startswith(
        "expected bid and a number between 3366 and 20000, e.g. [bid 11683] or [withdraw], got"
    )
    assert given_lengths and max(given_lengths) <= 40_000
    assert sum(given_lengths) <= 200_000
