"""The action grammar shared by every game, by the envs and by agents.

A game's rules say what is legal now as a :class:`Legal` value (typed actions, a number range, or
free speech); the game's text module formats each typed action as a canonical bracketed token such
as ``[vote player_3]``. :class:`ActionSpec` joins the two and parses any text an agent sends:

* the last bracketed token wins, so reasoning may come first: ``"I think... [vote player_3]"``;
* matching ignores case and repeated whitespace; a bare legal action without brackets is accepted;
* on speech turns the whole text is the speech (a bracketed choice such as ``[pass]`` still counts).

No LLM ever parses an action; this module does, for everyone.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from parlour.core.charset import sanitize_speech, to_charset
from parlour.core.errors import AmbiguousAction, IllegalAction, MalformedAction
from parlour.core.numeric import plain_number

A = TypeVar("A")

_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
#: A number action exactly as the canonical form writes it (``[bid 6500]``): what bots, menus
#: and RL policies send, parsed without normalising.
_CANONICAL_NUMBER = re.compile(r"\[([a-z_]+) ([-+]?(?:\d+(?:\.\d*)?|\.\d+))\]")
#: How much of a bad action is quoted back in an error message.
_QUOTE_CHARS = 60
#: The longest stretch of an action read as a possible token (a game's tokens are far shorter).
#: Parsing reads no more than this of a choice or number action, so that an action of ten
#: million characters costs what one of a thousand does.
_MAX_TOKEN_CHARS = 1024
#: A bracketed token: what an action line holds.
_BRACKETED = re.compile(r"\[[^\[\]\n]*\]")
#: Relative tolerance at the bounds of a number range (float noise in budgets).
_BOUND_SLACK = 1e-9
#: The most decimals a bound is shown with.
_MAX_BOUND_PLACES = 10


class ActionKind(str, Enum):
    """What sort of input a turn takes; reported to agents as ``info["action_kind"]``."""

    CHOICE = "choice"
    SPEECH = "speech"
    NUMBER = "number"
    MOVE = "move"


_MISSING = object()
#: The kinds of turn whose every legal action is listed.
_FINITE = (ActionKind.CHOICE, ActionKind.MOVE)


@dataclass(frozen=True, slots=True)
class NumberRule(Generic[A]):
    """A numeric action ``[verb N]`` with ``low <= N <= high``; with ``clamp`` a larger N is cut
    to ``high`` instead of being refused.

    ``places`` is how many decimals the game shows such numbers with (money in the Donor Game
    and the auctions: 2). The forms then show the bounds at that precision, rounded into the
    range (``high`` down, ``low`` up) unless the bound is float noise away from a number at that
    precision, which the parser reads as the bound; and their example is a number at that
    precision. None shows each bound in full, as the shortest text that reads back as it. A
    whole-number rule shows whole numbers whatever ``places`` says. Only what is shown depends
    on it: the parser accepts every number in the range.
    """

    verb: str
    low: float
    high: float
    build: Callable[[float], A]
    integer: bool = True
    clamp: bool = False
    places: int | None = None

    def __post_init__(self) -> None:
        places = self.places
        if places is not None and (type(places) is not int or not 0 <= places <= _MAX_BOUND_PLACES):
            raise ValueError(
                f"places must be None or a whole number in 0..{_MAX_BOUND_PLACES},"
                f" actual value: {places!r}"
            )


@dataclass(frozen=True, slots=True)
class SpeechRule(Generic[A]):
    """A speech turn: any text, sanitised to one line of at most ``max_chars`` characters."""

    max_chars: int
    build: Callable[[str], A]


@dataclass(frozen=True, slots=True)
class Legal(Generic[A]):
    """What one player may do now, as typed actions (the rules' side of the grammar): a value,
    compared and hashed by what it allows, so rules build it afresh whenever they are asked.

    Attributes:
        kind: the kind of turn.
        default: the action applied when the player's text is invalid (documented per game).
        choices: the finite legal actions (all of them on choice turns; extra options such as
            ``[pass]`` on speech or number turns).
        numbers: the numeric actions on number turns (``[donate N]``, ``[punish N]``...).
        speech: the speech rule on speech turns.
    """

    kind: ActionKind
    default: A
    choices: tuple[A, ...] = ()
    numbers: tuple[NumberRule[A], ...] = ()
    speech: SpeechRule[A] | None = None

    def offers(self, action: Any) -> bool:
        """Whether a typed action is allowed on a choice, move or speech turn: the default, a
        listed choice, or (speech) an action of the default's type. Number turns need the
        rules' own bounds check."""
        if action == self.default or action in self.choices:
            return True
        return self.speech is not None and isinstance(action, type(self.default))


class ActionSpec(Generic[A]):
    """A :class:`Legal` joined with its text forms: parses agent text into a typed action.

    Built for every new legal set, often once a step, so it is a plain slotted class.

    Attributes:
        legal: what the rules allow.
        choices: canonical token (``"[vote player_3]"``) -> typed action, in the rules' order.
        description: the accepted forms in one line, as shown at the end of a prompt.
    """

    __slots__ = (
        "_aliases",
        "_default_text",
        "_lookup",
        "choices",
        "description",
        "legal",
    )

    def __init__(
        self,
        legal: Legal[A],
        choices: Mapping[str, A],
        lookup: dict[str, str],
        description: str,
        default_text: str,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.legal = legal
        self.choices = choices
        self._lookup = lookup
        self.description = description
        self._default_text = default_text
        # the game's extra spellings (normalised) of this turn's choices, for agents that
        # rebuild the grammar (worked out once per grammar, handed out every step)
        self._aliases = {a: t for a, t in aliases.items() if t in choices} if aliases else None

    def __repr__(self) -> str:
        return f"ActionSpec({self.description!r})"

    @classmethod
    def build(
        cls,
        legal: Legal[A],
        format_action: Callable[[A], str],
        aliases: Mapping[str, str] | None = None,
    ) -> ActionSpec[A]:
        """Join ``legal`` with the game's formatter.

        Args:
            legal: what the rules allow now.
            format_action: the game's canonical formatter, e.g. ``Vote("player_3")`` to
                ``"[vote player_3]"``.
            aliases: extra accepted spellings, ``normalised alias -> canonical token``.
        """
        choices, lookup, default_text = _choice_table(legal, format_action, aliases)
        if legal.numbers:
            forms = [_number_form(number) for number in legal.numbers]
            forms += choices
        else:
            forms = list(choices)
        if legal.speech is not None:
            forms.insert(0, f"one line of text (at most {legal.speech.max_chars} characters)")
        return cls(legal, choices, lookup, " | ".join(forms), default_text, aliases)

    @property
    def kind(self) -> ActionKind:
        return self.legal.kind

    @property
    def default(self) -> A:
        return self.legal.default

    def turn_facts(self, phase: Any) -> dict[str, Any]:
        """An acting player's ``infos`` entry as far as it depends on this spec, after ``phase``
        (a fresh dict: the caller's own)."""
        legal = self.legal
        kind = legal.kind
        info: dict[str, Any] = {
            "phase": phase,
            "action_kind": kind._value_,  # (the enum's .value is a slow property)
            "legal_actions": list(self.choices) if kind in _FINITE else None,
            "default_action": self._default_text,
        }
        if legal.numbers:
            info["numbers"] = [
                {
                    "verb": n.verb,
                    "low": n.low,
                    "high": n.high,
                    "integer": n.integer,
                    "clamp": n.clamp,
                    "places": n.places,
                }
                for n in legal.numbers
            ]
            first = legal.numbers[0]  # the first numeric form, for short code
            info["number_range"] = (first.low, first.high)
            info["number_verb"] = first.verb
            info["choices"] = list(self.choices)
        if legal.speech is not None:
            info["max_speech_chars"] = legal.speech.max_chars
            info["choices"] = list(self.choices)
        if self._aliases is not None:
            info["aliases"] = dict(self._aliases)
        return info

    def legal_actions(self) -> list[str] | None:
        """The canonical tokens of a finite action set, or None where the set is open."""
        if self.legal.kind in _FINITE:
            return list(self.choices)
        return None

    def parse(self, text: Any) -> A:
        """Parse agent text into a legal typed action.

        Raises:
            MalformedAction: the text is not of any accepted form.
            IllegalAction: it has a known form but is not allowed now.
        """
        kind = type(text)  # (not isinstance: an object's __class__ may lie or raise)
        if kind is not str and not issubclass(kind, str):
            raise MalformedAction("expected a str action", got=kind.__name__)
        short = len(text) <= _MAX_TOKEN_CHARS  # (longer text cannot be a token as it stands)
        exact = self.choices.get(text, _MISSING) if short else _MISSING
        if exact is not _MISSING:  # a canonical token as is: bots, menus, RL
            return exact
        legal = self.legal
        if legal.speech is not None:
            return self._parse_speech(text, legal.speech)
        if legal.numbers and short:
            canonical_number = _CANONICAL_NUMBER.fullmatch(text)
            if canonical_number is not None and text[1:-1] not in self._lookup:
                verb, number = canonical_number.groups()
                return self._number_action(verb, number, legal.numbers, text)
        token = _action_token(text)
        canonical = self._lookup.get(token)
        if canonical is not None:
            return self.choices[canonical]
        if legal.numbers:
            return self._parse_number(token, legal.numbers)
        raise IllegalAction(
            f"expected one of {', '.join(self.choices) or '(nothing)'}", _quote(text)
        )

    def _parse_speech(self, text: str, rule: SpeechRule[A]) -> A:
        stripped = text.strip() if len(text) <= _MAX_TOKEN_CHARS else ""
        if stripped.startswith("[") and stripped.endswith("]") and stripped.count("[") == 1:
            canonical = self._lookup.get(_normalise(stripped[1:-1]))
            if canonical is not None:
                return self.choices[canonical]
        line = sanitize_speech(text, rule.max_chars)
        if not any(c.isalnum() for c in line):
            raise MalformedAction("expected speech with at least one letter or digit", _quote(text))
        return rule.build(line)

    def _parse_number(self, token: str, rules: tuple[NumberRule[A], ...]) -> A:
        verb, _, rest = token.partition(" ")
        if "," in rest:
            rest = rest.replace(",", "")
        if not _NUMBER.fullmatch(rest):
            raise MalformedAction(
                f"expected {self.description.replace(' | ', ' or ')}", _quote(f"[{token}]")
            )
        return self._number_action(verb, rest, rules, f"[{token}]")

    def _number_action(
        self, verb: str, number: str, rules: tuple[NumberRule[A], ...], written: str
    ) -> A:
        """The action of ``[verb number]`` (``number`` well-formed), checked against its rule;
        ``written`` is what error messages quote."""
        for rule in rules:
            if rule.verb == verb:
                break
        else:
            raise MalformedAction(
                f"expected {self.description.replace(' | ', ' or ')}", _quote(written)
            )
        value = float(number)
        if rule.integer and not value.is_integer():
            raise IllegalAction(f"expected {_number_form(rule)}", _quote(written))
        read = _read_number(rule, value)
        if read is None:
            raise IllegalAction(f"expected {_number_form(rule)}", _quote(written))
        return rule.build(int(read) if rule.integer else read)


def _choice_table(
    legal: Legal[Any],
    format_action: Callable[[Any], str],
    aliases: Mapping[str, str] | None,
) -> tuple[dict[str, Any], dict[str, str], str]:
    """``canonical token -> action`` and ``normalised text -> canonical token`` for the choices
    of ``legal``, and the text of its default."""
    choices = {format_action(action): action for action in legal.choices}
    # canonical tokens are bracketed, lower-case and single-spaced: the key is the inside
    lookup = {
        token[1:-1] if token[:1] == "[" and token == token.lower() else _normalise(token): token
        for token in choices
    }
    if aliases:
        for alias, token in aliases.items():
            if token in choices:
                lookup.setdefault(alias, token)
    return choices, lookup, format_action(legal.default)


def normalise_aliases(aliases: Mapping[str, str]) -> dict[str, str]:
    """A game's extra spellings as :meth:`ActionSpec.build` takes them: ``alias -> canonical
    token`` with each alias as the parser reads text (lower case, single spaces, no brackets).

    Example:
        >>> normalise_aliases({"Move  North": "[north]"})
        {'move north': '[north]'}
    """
    return {_normalise(alias): token for alias, token in aliases.items()}


def extract_action(text: str) -> str:
    """The action part of a reply: the content of the last bracketed token, else the whole text.

    Example:
        >>> extract_action("I suspect her. [Vote  Player_3]")
        'vote player_3'
    """
    return _last_token(text)


def _last_token(text: str) -> str:
    end = text.rfind("]")
    if end != -1:
        start = text.rfind("[", 0, end)
        if start != -1:
            return _normalise_head(text, start + 1, end)
    return _normalise_head(text, 0, len(text))


def _action_token(text: str) -> str:
    """The action named by free text, normalised: the one bracketed token of its action line
    (the last line with a bracketed token; the same token repeated counts once), else the
    whole text (``vote player_3``, ``up``).

    Raises:
        AmbiguousAction: the action line holds two or more different bracketed tokens, as an
            echo of the menu does (``[vote player_1] | [vote player_2] | [abstain]``): no
            token of it is the player's choice more than another.
    """
    end = text.rfind("]")
    start = text.rfind("[", 0, end) if end != -1 else -1
    if start == -1:
        return _normalise_head(text, 0, len(text))
    token = _normalise_head(text, start + 1, end)
    line_start = text.rfind("\n", 0, start) + 1
    others = {
        _normalise(found)
        for found in _BRACKETED.findall(text, line_start, start)
        if len(found) <= _MAX_TOKEN_CHARS
    }
    others.discard(token)
    if others:
        shown = ", ".join(f"[{t}]" for t in sorted(others)[:3])
        raise AmbiguousAction(
            f"the reply's last line names several actions ({shown} and [{token}]); "
            "end with exactly one",
            _quote(text[line_start : end + 1]),
        )
    return token


def _normalise_head(text: str, start: int, end: int) -> str:
    """``_normalise(text[start:end])`` when that stretch could be a token; a longer one is read
    only to :data:`_MAX_TOKEN_CHARS` and marked with `` ...``, so it matches no token."""
    if end - start <= _MAX_TOKEN_CHARS:
        return _normalise(text[start:end])
    return _normalise(text[start : start + _MAX_TOKEN_CHARS]) + " ..."


def _normalise(text: str) -> str:
    return " ".join(text.strip().strip("[]").lower().split())


def _quote(text: str) -> str:
    head = text[: 4 * _QUOTE_CHARS]  # transliterate only what can be shown
    quoted = to_charset(head).replace("\n", " ")
    if len(quoted) > _QUOTE_CHARS or len(head) < len(text):
        quoted = quoted[: _QUOTE_CHARS - 3] + "..."
    return repr(quoted)


def _read_number(rule: NumberRule[Any], value: float) -> float | None:
    """The number ``value`` stands for under ``rule``, or None where it is out of range.

    A bound shown as 13.61 may be 13.609999999999999 inside: a value that far past a bound (a
    relative :data:`_BOUND_SLACK`) reads as the bound, and with ``clamp`` any larger one as
    ``high``."""
    low, high = rule.low, rule.high
    if low <= value <= high:
        return value
    slack = _BOUND_SLACK * max(1.0, abs(high), abs(low))
    if value > high and (rule.clamp or value <= high + slack):
        value = high
    elif low - slack <= value < low:
        value = low
    return value if low <= value <= high else None


def _number_form(rule: NumberRule[Any]) -> str:
    """How the forms show a numeric action: the verb, the range as the game prints numbers and
    a legal example, ``donate and a number between 0 and 365.93, e.g. [donate 183]``. No
    placeholder such as ``[donate N]`` is shown: the only bracketed text is an action the parser
    accepts (a range of one number shows that number's action alone)."""
    low, high = shown_bounds(rule)
    example = _example_text(rule)
    if example is None:  # no number at the rule's precision is in the range
        kind = "a whole number" if rule.integer else "a number"
        return f"{rule.verb} and {kind} between {low} and {high}"
    if low == high == example:
        return f"[{rule.verb} {example}]"
    kind = "a whole number" if rule.integer else "a number"
    return f"{rule.verb} and {kind} between {low} and {high}, e.g. [{rule.verb} {example}]"


def shown_bounds(rule: NumberRule[Any]) -> tuple[str, str]:
    """``(low, high)`` as the forms show them: at the rule's precision (see
    :class:`NumberRule`) where the range holds a number at it, else in full (:func:`_bound_text`).
    Each typed back is accepted, and reads as a number in the range."""
    places = 0 if rule.integer else rule.places
    if places is not None:
        low = _rounded_bound(rule, rule.low, False, places)
        high = _rounded_bound(rule, rule.high, True, places)
        if low is not None and high is not None and float(low) <= float(high):
            return low, high
    return _bound_text(rule, rule.low, False), _bound_text(rule, rule.high, True)


def _rounded_bound(rule: NumberRule[Any], bound: float, high: bool, places: int) -> str | None:
    """``bound`` at ``places`` decimals: the nearest such number where the parser reads it as a
    number in the range (the bound itself, within the slack), else the bound rounded into the
    range; None where that too is out of it (no number at this precision lies near the bound
    inside the range) or the bound is not finite. A whole-number rule takes the bound rounded
    into the range only (a whole number read as a bound that is not whole would not be one)."""
    if type(bound) is not float and isinstance(bound, numbers.Integral):
        return plain_number(bound)
    if not math.isfinite(bound):
        return None
    exact, step = decimal.Decimal(bound), decimal.Decimal(1).scaleb(-places)
    inward = decimal.ROUND_FLOOR if high else decimal.ROUND_CEILING
    for rounding in (inward,) if rule.integer else (decimal.ROUND_HALF_EVEN, inward):
        shown = float(exact.quantize(step, rounding, _BOUND_CONTEXT))
        if _reads_in_range(rule, shown):
            return plain_number(shown)
    return None


def _reads_in_range(rule: NumberRule[Any], value: float) -> bool:
    """Whether ``value`` typed reads as a number of the range without clamping: inside it, or
    (not for whole-number rules) past a bound by less than the slack, which
    :func:`_read_number` reads as the bound."""
    low, high = rule.low, rule.high
    if rule.integer:
        return low <= value <= high
    slack = _BOUND_SLACK * max(1.0, abs(high), abs(low))
    return low - slack <= value <= high + slack


def _example_text(rule: NumberRule[Any]) -> str | None:
    """A legal number for the forms' example: the middle of the range, rounded to the fewest
    decimals (up to the rule's precision) at which it lies strictly inside the range, else one
    that reads as a bound; None where no number at that precision does. A range open on one
    side takes its finite bound, or 0 where 0 is in it."""
    low, high = rule.low, rule.high
    if math.isfinite(low) and math.isfinite(high):
        middle = low / 2 + high / 2  # (halved first: the sum of two huge bounds overflows)
    elif math.isfinite(low):
        middle = max(low, 0.0)
    elif math.isfinite(high):
        middle = min(high, 0.0)
    else:
        middle = 0.0
    if not math.isfinite(middle):  # a NaN bound: no number is in the range
        return None
    most = 0 if rule.integer else rule.places if rule.places is not None else _MAX_BOUND_PLACES
    exact, on_bound = decimal.Decimal(middle), None
    for places in range(most + 1):
        step = decimal.Decimal(1).scaleb(-places)
        value = float(exact.quantize(step, decimal.ROUND_HALF_UP, _BOUND_CONTEXT))
        if low < value < high:
            return plain_number(value)
        if on_bound is None and _reads_in_range(rule, value):
            on_bound = value
    return None if on_bound is None else plain_number(on_bound)


#: Enough digits for any float written in full, for the rounding of bounds.
_BOUND_CONTEXT = decimal.Context(prec=400)


def _bound_text(rule: NumberRule[Any], bound: float, high: bool) -> str:
    """A bound as the forms show it, with the fewest decimals that typed back read as this very
    bound (13.609999999999999 shows as 13.61, which the parser's slack reads as it): the bound
    rounded away from the range by at most a relative :data:`_BOUND_SLACK`, to at most ten
    decimals; never an exponent, which the grammar does not read.

    Most bounds (a budget of 13.61) are short decimals already: when ``repr`` has few enough
    decimals that no shorter number lies within the slack, and rounding it away from the range
    keeps it, it is the search's answer, found without the search (a test checks the two agree).
    """
    if type(bound) is not float and isinstance(bound, numbers.Integral):
        return plain_number(bound)
    if not math.isfinite(bound):  # no number reads as it; shown for what it is
        return str(bound)
    if float(bound).is_integer():
        return plain_number(bound)
    written = repr(float(bound))
    places = len(written) - written.find(".") - 1 if "e" not in written else _MAX_BOUND_PLACES + 1
    near = _BOUND_SLACK * max(1.0, abs(bound))
    if places <= _MAX_BOUND_PLACES and 10.0**-places > 2 * near:
        exact, shown = decimal.Decimal(bound), decimal.Decimal(written)
        if exact <= shown if high else exact >= shown:
            return written
    return _searched_bound_text(rule, bound, high)


def _searched_bound_text(rule: NumberRule[Any], bound: float, high: bool) -> str:
    """:func:`_bound_text` by its definition: the first of 0 to 10 decimals at which the bound,
    rounded away from the range, lies within the slack and reads back as the bound."""
    exact = decimal.Decimal(bound)  # (the float's exact binary value)
    rounding = decimal.ROUND_CEILING if high else decimal.ROUND_FLOOR
    near = _BOUND_SLACK * max(1.0, abs(bound))
    for places in range(_MAX_BOUND_PLACES + 1):
        shown = float(exact.quantize(decimal.Decimal(1).scaleb(-places), rounding, _BOUND_CONTEXT))
        if abs(shown - bound) <= near and _read_number(rule, shown) == bound:
            return plain_number(shown)
    return plain_number(bound)


def spec_from_info(info: Mapping[str, Any]) -> ActionSpec[str]:
    """The grammar of a turn rebuilt from its ``infos`` entry, with actions as canonical strings
    and the game's extra spellings (``infos["aliases"]``, where a game has them).

    Agents use it to check a reply with the env's own parser (same forms, same error reasons)
    before sending it; the env still decides.

    Example:
        >>> spec = spec_from_info({"action_kind": "choice", "legal_actions": ["[skip]"]})
        >>> spec.parse("I will [SKIP]")
        '[skip]'
    """
    kind = ActionKind(info.get("action_kind", "choice"))
    choices = tuple(info.get("legal_actions") or info.get("choices") or ())
    numbers = tuple(
        NumberRule(
            n["verb"],
            n["low"],
            n["high"],
            lambda v, verb=n["verb"]: f"[{verb} {plain_number(v)}]",
            n["integer"],
            n.get("clamp", False),
            n.get("places"),
        )
        for n in info.get("numbers", ())
    )
    speech = None
    if kind is ActionKind.SPEECH:
        speech = SpeechRule(int(info.get("max_speech_chars", 500)), str)
    legal: Legal[str] = Legal(kind, "", choices, numbers, speech)
    return ActionSpec.build(legal, str, info.get("aliases"))
