"""The charset and the speech sanitiser: any input becomes one safe line inside CHARSET."""

from __future__ import annotations

from gymnasium.spaces import Text
from hypothesis import given, settings
from hypothesis import strategies as st

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
