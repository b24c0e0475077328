"""The shared action grammar: the last bracketed token wins, exact match against the legal set."""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from parlour.core.actions import (
    ActionKind,
    ActionSpec,
    Legal,
    NumberRule,
    SpeechRule,
    extract_action,
    spec_from_info,
)
from parlour.core.charset import to_charset
from parlour.core.errors import AmbiguousAction, IllegalAction, MalformedAction
from parlour.core.number_forms import _searched_bound_text, bound_text, quantized
from parlour.core.numeric import plain_number


@dataclass(frozen=True)
class Pick:
    target: str


@dataclass(frozen=True)
class Bid:
    amount: float


@dataclass(frozen=True)
class Say:
    text: str


def fmt(action) -> str:
    if isinstance(action, Pick):
        return f"[vote {action.target}]" if action.target != "-" else "[withdraw]"
    if isinstance(action, Bid):
        return f"[bid {action.amount:g}]"
    return action.text


VOTES = ActionSpec.build(
    Legal(ActionKind.CHOICE, Pick("-"), (Pick("player_1"), Pick("player_2"), Pick("-"))),
    fmt,
    {"pass": "[withdraw]"},
)
BIDS = ActionSpec.build(
    Legal(ActionKind.NUMBER, Pick("-"), (Pick("-"),), numbers=(NumberRule("bid", 10, 100, Bid),)),
    fmt,
)
SPEECH = ActionSpec.build(
    Legal(ActionKind.SPEECH, Say(""), (Pick("-"),), speech=SpeechRule(30, Say)), fmt
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[vote player_1]", Pick("player_1")),
        ("  [VOTE   Player_2]  ", Pick("player_2")),
        ("I reason a lot: [vote player_2]?\nNo. [vote player_1]", Pick("player_1")),
        ("[vote player_1] is my choice: [VOTE player_1]", Pick("player_1")),
        ("Reply with [vote player_1] | [pass]\nthinking...\n[pass]", Pick("-")),
        ("vote player_2", Pick("player_2")),
        ("[pass]", Pick("-")),
    ],
)
def test_choice_forms(text, expected):
    assert VOTES.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reply with [vote player_1] | [vote player_2] | [pass]",  # an echo of the menu
        "I reason a lot [vote player_2] then [vote player_1]",
        "thinking\n[vote player_1] or maybe [vote player_2]\nhmm [pass] [vote player_1]",
        "[vote player_1] [because she lied]",
        "Reply with [vote player_1] | [pass]\nthinking...",
    ],
)
def test_an_action_line_naming_several_actions_is_ambiguous(text):
    """The action is the one bracketed token of the reply's last line with brackets: two
    different ones there (an echoed menu above all) name no choice, whichever comes last."""
    with pytest.raises(AmbiguousAction, match="names several actions"):
        VOTES.parse(text)


@pytest.mark.parametrize(
    "text, error, match",
    [
        ("[vote player_9]", IllegalAction, "expected one of"),
        ("", IllegalAction, "vote player_1"),
        (None, MalformedAction, "str"),
        (42, MalformedAction, "int"),
    ],
)
def test_choice_errors(text, error, match):
    with pytest.raises(error, match=match):
        VOTES.parse(text)


def test_error_keeps_the_input_apart_from_the_reason():
    with pytest.raises(IllegalAction) as caught:
        VOTES.parse("Moderator: [vote player_9]")
    assert "player_9" not in caught.value.reason and "player_9" in caught.value.got


@pytest.mark.parametrize(
    "text, expected",
    [("[bid 40]", Bid(40)), ("so: [bid 100]", Bid(100)), ("[withdraw]", Pick("-"))],
)
def test_number_forms(text, expected):
    assert BIDS.parse(text) == expected


@pytest.mark.parametrize(
    "text, error",
    [
        ("[bid 5]", IllegalAction),
        ("[bid 101]", IllegalAction),
        ("[bid 4.5]", IllegalAction),
        ("[bid lots]", MalformedAction),
        ("[raise 20]", MalformedAction),
    ],
)
def test_number_errors(text, error):
    with pytest.raises(error):
        BIDS.parse(text)


def _outcome(spec: ActionSpec, text: str):
    try:
        return spec.parse(text)
    except (IllegalAction, MalformedAction) as error:
        return type(error), error.reason, error.got


@given(
    st.sampled_from(["bid", "raise", "BID", "withdraw"]),
    st.one_of(
        st.integers(-200, 300).map(str),
        st.floats(-50, 150, allow_nan=False).map(lambda x: f"{x:.3f}"),
        st.sampled_from(["1,000", ".5", "+40", "40.", "4e1", "lots"]),
    ),
)
def test_a_number_as_bots_write_it_parses_like_any_other_spelling(verb, number):
    """``[bid 40]``, exactly as the canonical form writes it, skips normalising; it must give
    what the same action written loosely gives: the same action, or the same error, reason and
    quote."""
    loose = f"  So: [{verb.upper()}   {number} ] "
    assert _outcome(BIDS, f"[{verb} {number}]") == _outcome(BIDS, loose)


def test_speech_is_sanitised_and_choices_still_count():
    assert SPEECH.parse('hello\n"world" [x]') == Say("hello 'world' (x)")
    assert SPEECH.parse("[withdraw]") == Pick("-")
    assert SPEECH.parse("a" * 100) == Say("a" * 30)
    with pytest.raises(MalformedAction):
        SPEECH.parse(" ... !!! ")


def test_legal_actions_and_description():
    assert VOTES.legal_actions() == ["[vote player_1]", "[vote player_2]", "[withdraw]"]
    assert BIDS.legal_actions() is None
    assert BIDS.description == (
        "bid and a whole number between 10 and 100, e.g. [bid 55] | [withdraw]"
    )
    assert extract_action("so... [Vote player_1]") == "vote player_1"


def test_a_bound_reads_as_shown_despite_float_noise():
    """A budget of 47.599999999999994 is shown as 47.6, and [donate 47.6] must be accepted."""
    high = 47.6 - 7e-15
    assert high != 47.6
    rule = NumberRule("donate", 0.0, high, Bid, integer=False)
    spec = ActionSpec.build(Legal(ActionKind.NUMBER, Bid(0), (), (rule,)), str)
    assert "47.6" in spec.description
    assert spec.parse("[donate 47.6]") == Bid(high)
    with pytest.raises(IllegalAction):
        spec.parse("[donate 47.61]")
    wide = NumberRule("bid", 0.0, 12345.678, Bid, integer=False)
    shown = ActionSpec.build(Legal(ActionKind.NUMBER, Bid(0), (), (wide,)), str).description
    assert "12345.678" in shown  # not rounded to 6 digits (12345.7 would be over the bound)


_FINITE = st.floats(allow_nan=False, allow_infinity=False)


_RANGE = re.compile(
    r"^(\w+) and an? (?:whole )?number between (\S+) and (\S+?)(?:, e\.g\. (\[.*\]))?$"
)
_SINGLE = re.compile(r"^\[(\w+) (\S+)\]$")


def _shown_bounds(spec: ActionSpec) -> list[tuple[str, str]]:
    """``(low, high)`` as the forms show each numeric rule (a range of one number shows that
    number's action alone)."""
    verbs = {rule.verb for rule in spec.legal.numbers}
    bounds = []
    for form in spec.description.split(" | "):
        ranged, single = _RANGE.match(form), _SINGLE.match(form)
        if ranged and ranged[1] in verbs:
            bounds.append((ranged[2], ranged[3]))
        elif single and single[1] in verbs:
            bounds.append((single[2], single[2]))
    return bounds


def _range_text(low: str, high: str) -> str:
    """How an error message names a range whose bounds show as ``low`` and ``high``."""
    return f"[donate {low}]" if low == high else f"between {low} and {high}"


@given(
    st.one_of(_FINITE, st.integers(-(10**20), 10**20).map(float)),
    st.one_of(_FINITE, st.floats(0, 1e-3), st.floats(1e9, 1e12)),
    st.booleans(),
)
def test_every_bound_shown_for_a_number_reads_back_as_itself(low, width, clamp):
    """Whatever the bounds (huge, tiny, float noise such as 13.609999999999999), each is shown
    as a number the grammar reads, without an exponent, that typed back is that very bound,
    in the forms line and in the error message alike."""
    high = low + abs(width)
    if high == float("inf"):
        high = low
    rule = NumberRule("donate", low, high, Bid, integer=False, clamp=clamp)
    spec = ActionSpec.build(Legal(ActionKind.NUMBER, Bid(0), (), (rule,)), str)
    [(shown_low, shown_high)] = _shown_bounds(spec)
    assert "e" not in shown_low + shown_high
    assert spec.parse(f"[donate {shown_low}]") == Bid(low)
    assert spec.parse(f"So: [DONATE {shown_high}]") == Bid(high)
    if not clamp and max(abs(low), abs(high)) < 1e300:  # a number well past the slack
        over = high + max(1.0, abs(high), abs(low))
        with pytest.raises(IllegalAction) as caught:
            spec.parse(f"[donate {plain_number(over)}]")
        assert _range_text(shown_low, shown_high) in caught.value.reason


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (35670294385.3, "35670294385.3"),
        (1e22, "10000000000000000000000"),
        (1e-7, "0.0000001"),
        (15432.75, "15432.75"),
        (30.0, "30"),
        (-0.0, "0"),
        (-2.5, "-2.5"),
        (10**30, "1000000000000000000000000000000"),
    ],
)
def test_plain_number_writes_every_digit_and_no_exponent(value, text):
    assert plain_number(value) == text
    assert type(value)(plain_number(value)) == value


def test_plain_number_refuses_what_no_action_can_name():
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            plain_number(bad)
    with pytest.raises(TypeError):
        plain_number(True)


def test_legal_offers_its_choices_its_default_and_speech_of_its_type():
    votes = Legal(ActionKind.CHOICE, Pick("-"), (Pick("player_1"),))
    assert votes.offers(Pick("player_1")) and votes.offers(Pick("-"))
    assert not votes.offers(Pick("player_9")) and not votes.offers(Say("hi"))
    talk = Legal(ActionKind.SPEECH, Say(""), (Pick("-"),), speech=SpeechRule(30, Say))
    assert talk.offers(Say("anything")) and talk.offers(Pick("-"))
    assert not talk.offers(Pick("player_1"))


def test_choice_tables_and_default_texts_follow_the_formatter():
    """The same choices under another formatter or other aliases read as that formatter
    writes them."""
    choices = (Pick("-"), Pick("a"))
    legal = Legal(ActionKind.NUMBER, choices[0], choices, (NumberRule("bid", 0, 9, Bid),))
    again = Legal(ActionKind.NUMBER, choices[0], choices, (NumberRule("bid", 1, 5, Bid),))
    first, second = ActionSpec.build(legal, fmt), ActionSpec.build(again, fmt)
    assert first.parse("[withdraw]") == Pick("-") and second.parse("[bid 5]") == Bid(5)

    def shouting(action) -> str:
        return fmt(action).upper()

    loud = ActionSpec.build(again, shouting, {"quit": "[WITHDRAW]"})
    assert list(loud.choices) == ["[WITHDRAW]", "[VOTE A]"]
    assert loud.parse("quit") == Pick("-")
    assert first.turn_facts("bidding")["default_action"] == "[withdraw]"
    assert loud.turn_facts("bidding")["default_action"] == "[WITHDRAW]"
    facts = first.turn_facts("bidding")
    facts["choices"].append("junk")
    facts["numbers"][0]["high"] = -1
    fresh = first.turn_facts("bidding")  # each entry's lists are its own
    assert fresh["choices"] == ["[withdraw]", "[vote a]"] and fresh["numbers"][0]["high"] == 9
    assert fresh["phase"] == "bidding"


@given(
    st.lists(
        st.sampled_from([*"ab Z9\n", "é", "e\u0301", "Ж", "ﬁ", "…", "\ufdfa", "🐺"]), max_size=900
    )
)
def test_errors_quote_a_long_action_as_its_whole_text_would_read(pieces):
    """The quote is made from a head of the action; it reads as the whole text's would."""
    text = "".join(pieces)
    whole = to_charset(text).replace("\n", " ")
    expected = repr(whole if len(whole) <= 60 else whole[:57] + "...")
    with pytest.raises(IllegalAction) as caught:
        VOTES.parse(text)
    assert caught.value.got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x" * 5_000_000 + " so [vote player_2]", Pick("player_2")),
        ("[vote player_1] " + "x" * 5_000_000, Pick("player_1")),
        ("[" + "vote player_1 " * 100_000 + "]", IllegalAction),
        ("vote" + " " * 5_000 + "player_1", IllegalAction),  # too long to be a bare token
    ],
    ids=["reasoning-then-token", "token-then-text", "huge-token", "huge-bare"],
)
def test_huge_choice_actions(text, expected):
    if isinstance(expected, type):
        with pytest.raises(expected) as caught:
            VOTES.parse(text)
        assert len(caught.value.got) <= 62
    else:
        assert VOTES.parse(text) == expected


@given(
    st.one_of(
        st.floats(-1e7, 1e7, allow_nan=False),
        st.integers(-(10**9), 10**9).map(lambda cents: cents / 100),
        st.lists(st.integers(0, 10**5), min_size=1, max_size=8).map(
            lambda parts: sum(part / 100 for part in parts)  # float noise of summed cents
        ),
    ),
    st.booleans(),
)
@example(0.1, True)  # 0.1 is a hair above one tenth: rounded up, it shows as 0.1000000001
@example(0.1, False)
@example(13.609999999999999, True)
def test_a_bound_is_shown_as_its_search_finds_it(bound, high):
    """The short cut for bounds that are short decimals gives the search's answer."""
    rule = (
        NumberRule("bid", bound - 100.5, bound, Bid)
        if high
        else NumberRule("bid", bound, bound + 100.5, Bid)
    )
    assert bound_text(rule, bound, high) == _searched_bound_text(rule, bound, high)


#: Finite floats, with many cents and exact ties at a few decimals.
_FINITE_FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**9), 10**9).map(lambda cents: cents / 100),
    st.integers(-(10**9), 10**9).map(lambda eighths: eighths / 8),  # exact ties
)


def _decimal_rounded(value: float, places: int, rounding: str) -> float:
    """The plain definition: ``value``'s exact binary value quantized by ``decimal``."""
    exact = decimal.Decimal(value).quantize(
        decimal.Decimal(1).scaleb(-places), rounding, decimal.Context(prec=400)
    )
    return float(exact)


@given(_FINITE_FLOATS, st.integers(0, 10))
@example(2.675, 2)  # a hair below 2.675: 2.67
@example(0.125, 2)  # an exact tie: to even, 0.12
def test_a_bound_is_rounded_to_nearest_as_the_exact_decimal_rounds(bound, places):
    """The forms round a bound to its nearest at the game's precision with ``round``: correctly
    rounded from the float's exact value, half to even, as ``decimal`` quantizes it."""
    assert round(bound, places) == _decimal_rounded(bound, places, decimal.ROUND_HALF_EVEN)


@given(
    _FINITE_FLOATS,
    st.integers(0, 10),
    st.sampled_from([decimal.ROUND_FLOOR, decimal.ROUND_CEILING, decimal.ROUND_HALF_UP]),
)
@example(-0.001, 2, decimal.ROUND_CEILING)  # a negative zero, as Decimal gives it
@example(0.125, 2, decimal.ROUND_HALF_UP)  # an exact tie: away from zero, 0.13
@example(-0.125, 2, decimal.ROUND_HALF_UP)
@example(1.7976931348623157e308, 10, decimal.ROUND_CEILING)
def test_quantized_is_decimal_quantize_read_back(value, places, rounding):
    result, exact = quantized(value, places, rounding), _decimal_rounded(value, places, rounding)
    assert result == exact
    assert math.copysign(1, result) == math.copysign(1, exact)


def _money(low: float, high: float, verb: str = "donate", **options) -> ActionSpec:
    rule = NumberRule(verb, low, high, Bid, integer=False, places=2, **options)
    return ActionSpec.build(Legal(ActionKind.NUMBER, Bid(0), (Pick("-"),), (rule,)), fmt)


@pytest.mark.parametrize(
    ("low", "high", "form"),
    [
        (0.0, 10.0, "donate and a number between 0 and 10, e.g. [donate 5]"),
        # a budget past a round value by float noise or by more: shown as the game shows money
        (0.0, 365.9300001, "donate and a number between 0 and 365.93, e.g. [donate 183]"),
        (0.0, 365.92999999999995, "donate and a number between 0 and 365.93, e.g. [donate 183]"),
        (0.0, 198.125, "donate and a number between 0 and 198.12, e.g. [donate 99]"),
        (3366.004, 9713.0, "donate and a number between 3366.01 and 9713, e.g. [donate 6540]"),
        (
            19984.819999999996,
            20000.0,
            "donate and a number between 19984.82 and 20000, e.g. [donate 19992]",
        ),
        (0.0, 0.05, "donate and a number between 0 and 0.05, e.g. [donate 0.03]"),
        (0.0, 0.004, "[donate 0]"),  # the one number at two decimals
        (0.0, 0.0, "[donate 0]"),
        (0.001, 0.009, "donate and a number between 0.001 and 0.009"),  # none at two decimals
    ],
)
def test_a_number_turn_shows_its_range_as_the_game_shows_money_and_a_legal_example(low, high, form):
    assert _money(low, high).description == f"{form} | [withdraw]"


@pytest.mark.parametrize(
    ("rule", "form"),
    [
        (NumberRule("bid", 0, 100, Bid), "bid and a whole number between 0 and 100, e.g. [bid 50]"),
        (NumberRule("bid", 3, 4, Bid), "bid and a whole number between 3 and 4, e.g. [bid 4]"),
        (
            NumberRule("bid", 0.5, 10.5, Bid),
            "bid and a whole number between 1 and 10, e.g. [bid 6]",
        ),
        (NumberRule("bid", 7, 7, Bid), "[bid 7]"),
        (
            NumberRule("bid", 0.0, 408.8331674, Bid, integer=False),
            "bid and a number between 0 and 408.8331674, e.g. [bid 204]",
        ),
        (
            NumberRule("bid", -math.inf, math.inf, Bid, integer=False),
            "bid and a number between -inf and inf, e.g. [bid 0]",
        ),
    ],
    ids=["whole", "narrow", "half-bounds", "single", "full-precision", "unbounded"],
)
def test_number_forms_without_a_display_precision(rule, form):
    """Whole-number rules show whole bounds; others without ``places`` show each bound in full,
    as before; every example is a number of the range."""
    assert ActionSpec.build(Legal(ActionKind.NUMBER, Bid(0), (), (rule,)), fmt).description == form


@given(
    st.one_of(
        st.floats(-1e7, 1e7, allow_nan=False),
        st.integers(-(10**9), 10**9).map(lambda cents: cents / 100),
        st.lists(st.integers(0, 10**5), min_size=1, max_size=8).map(
            lambda parts: sum(part / 100 for part in parts)  # float noise of summed cents
        ),
    ),
    st.one_of(st.floats(0, 1e7), st.floats(0, 0.05), st.just(0.0)),
    st.one_of(st.none(), st.integers(0, 4)),
    st.booleans(),
    st.booleans(),
)
@example(0.0, 47.6 - 7e-15, 2, False, False)
@example(19984.819999999996, 15.18, 2, False, False)
@example(0.0, 198.125, 2, False, True)
def test_every_number_shown_in_the_forms_is_a_legal_action(low, width, places, integer, clamp):
    """No placeholder: every bracketed token of the forms parses to a legal action, and so does
    each shown bound typed back; at a display precision, each shown bound has at most that many
    decimals, lies within one step of the true bound, and is in the range without clamping (a
    bound of float noise reads as the bound itself)."""
    high = low + width
    rule = NumberRule("donate", low, high, Bid, integer=integer, clamp=clamp, places=places)
    spec = ActionSpec.build(Legal(ActionKind.NUMBER, Bid(0), (Pick("-"),), (rule,)), fmt)
    assert "N]" not in spec.description and "<=" not in spec.description
    for token in re.findall(r"\[[^\[\]]*\]", spec.description):
        action = spec.parse(token)
        assert action == Pick("-") or low <= action.amount <= high, token
    if integer and math.ceil(low) > math.floor(high):
        return  # no whole number is in the range: no number action is legal at all
    [(shown_low, shown_high)] = _shown_bounds(spec)
    shown = {"low": float(shown_low), "high": float(shown_high)}
    actions = {
        "low": spec.parse(f"[donate {shown_low}]"),
        "high": spec.parse(f"So: [DONATE {shown_high}]"),
    }
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    for side, action in actions.items():
        assert low <= action.amount <= high
        if action.amount != shown[side]:  # read as a bound: float noise from it
            assert action.amount in (low, high) and abs(shown[side] - action.amount) <= slack
    digits = 0 if integer else places
    if digits is not None and "[donate " in spec.description:  # a number at that precision
        for text, bound in ((shown_low, low), (shown_high, high)):
            assert len(text.partition(".")[2]) <= digits
            assert abs(float(text) - bound) < 10.0**-digits + 1e-9 * max(1.0, abs(bound))


def test_errors_name_the_range_as_the_forms_show_it():
    spec = _money(0.0, 365.9300001)
    with pytest.raises(IllegalAction) as caught:
        spec.parse("[donate 400]")
    assert caught.value.reason == (
        "expected donate and a number between 0 and 365.93, e.g. [donate 183]"
    )
    with pytest.raises(IllegalAction) as caught:
        BIDS.parse("[bid 40.5]")
    assert "N]" not in caught.value.reason and "[bid 55]" in caught.value.reason


def test_a_shown_bound_typed_back_is_the_money_the_forms_show():
    """Typing a shown bound gives that amount: the bound itself where it is float noise away
    from a number of two decimals, else the shown number, inside the range."""
    noisy = _money(0.0, 365.92999999999995)
    assert noisy.parse("[donate 365.93]") == Bid(365.92999999999995)
    finer = _money(0.0, 365.9300001)
    assert finer.parse("[donate 365.93]") == Bid(365.93)
    assert finer.parse("[donate 365.9300001]") == Bid(365.9300001)  # the parser is unchanged


def test_the_display_precision_is_checked_and_travels_with_the_infos():
    for places in (-1, 11, 2.0, True):
        with pytest.raises(ValueError, match="places"):
            NumberRule("bid", 0, 1, Bid, places=places)
    spec = _money(0.0, 365.9300001)
    facts = spec.turn_facts("donating")
    assert facts["numbers"][0]["places"] == 2
    assert spec_from_info(facts).description == spec.description
