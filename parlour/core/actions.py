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

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from parlour.core.charset import sanitize_speech, to_charset
from parlour.core.errors import AmbiguousAction, IllegalAction, MalformedAction
from parlour.core.number_forms import NumberRule, number_form, read_number
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

    Built for every new legal set, often once a step, so it is a plain slotted class that
    formats the legal actions only: the forms line and the table of spellings that text other
    than a canonical token is matched against are written when first needed (a prompt shown, a
    reply that is not a token as is), which bots and RL policies never need.

    Attributes:
        legal: what the rules allow.
        choices: canonical token (``"[vote player_3]"``) -> typed action, in the rules' order.
    """

    __slots__ = (
        "_aliases",
        "_default_text",
        "_description",
        "_lookup",
        "choices",
        "legal",
    )

    def __init__(
        self,
        legal: Legal[A],
        choices: Mapping[str, A],
        default_text: str,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.legal = legal
        self.choices = choices
        self._default_text = default_text
        # the game's extra spellings (normalised) of this turn's choices, for agents that
        # rebuild the grammar (worked out once per grammar, handed out every step)
        self._aliases = {a: t for a, t in aliases.items() if t in choices} if aliases else None
        self._description: str | None = None
        self._lookup: dict[str, str] | None = None

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
        choices = {format_action(action): action for action in legal.choices}
        return cls(legal, choices, format_action(legal.default), aliases)

    @property
    def description(self) -> str:
        """The accepted forms in one line, as shown at the end of a prompt."""
        if self._description is None:
            legal = self.legal
            forms = [number_form(number) for number in legal.numbers]
            forms += self.choices
            if legal.speech is not None:
                forms.insert(0, f"one line of text (at most {legal.speech.max_chars} characters)")
            self._description = " | ".join(forms)
        return self._description

    @property
    def _spellings(self) -> dict[str, str]:
        """Normalised text -> canonical token: each choice, and the game's extra spellings."""
        if self._lookup is None:
            lookup: dict[str, str] = {}
            for token in self.choices:
                # a canonical token is bracketed, lower-case and single-spaced: the key is inside
                plain = token[:1] == "[" and token == token.lower()
                lookup[token[1:-1] if plain else _normalise(token)] = token
            for alias, token in (self._aliases or {}).items():
                lookup.setdefault(alias, token)
            self._lookup = lookup
        return self._lookup

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
            if canonical_number is not None and text[1:-1] not in self._spellings:
                verb, number = canonical_number.groups()
                return self._number_action(verb, number, legal.numbers, text)
        token = _action_token(text)
        canonical = self._spellings.get(token)
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
            canonical = self._spellings.get(_normalise(stripped[1:-1]))
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
            raise IllegalAction(f"expected {number_form(rule)}", _quote(written))
        read = read_number(rule, value)
        if read is None:
            raise IllegalAction(f"expected {number_form(rule)}", _quote(written))
        return rule.build(int(read) if rule.integer else read)


def normalise_aliases(aliases: Mapping[str, str]) -> dict[str, str]:
    """A game's extra spellings as :meth:`ActionSpec.build` takes them: ``alias -> canonical
    token`` with each alias as the parser reads text (lower case, single spaces, no brackets).

    Example:
        >>> normalise_aliases({"Move  North": "[north]"})
        {'move north': '[north]'}
    """
    return {_normalise(alias): token for alias, token in aliases.items()}


def extract_action(text: str) -> str:
    """The action a reply names, normalised, by the parser's own rule: the one bracketed token
    of its last line with one, else the whole text.

    Example:
        >>> extract_action("I suspect her.\\n[Vote  Player_3]")
        'vote player_3'

    Raises:
        AmbiguousAction: that line names two or more different bracketed tokens.
    """
    return _action_token(text)


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
