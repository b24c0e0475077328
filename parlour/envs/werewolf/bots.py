"""Scripted Werewolf players built on the seat's view (never on hidden state).

* Seer: inspects players it knows nothing about; once it finds a werewolf it claims the seer's
  role by day, names the wolf, and votes for it.
* Village (villager, doctor, witch, hunter): believes a seer claim that names a living wolf and
  votes with it; otherwise votes for whoever the day's speeches accused most, else at random.
  The doctor protects a claimed seer (else a random other); the witch heals the first victim and
  poisons a named wolf; the hunter shoots a named wolf, else the most accused.
* Werewolves: kill a claimed seer first, else the first villager in seat order, passing over last
  night's victim if it survived (a deciding wolf follows its packmate's proposal); claim to be
  villagers; never vote for a fellow wolf; vote for the seer claimant, else the most accused
  non-wolf.
* Bidding for the floor: a seer with a wolf to name bids 4, a player named in the last speech 3
  (to answer), everyone else 0-2 at random.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from parlour.core.events import AgentId
from parlour.core.view import SeatView
from parlour.envs.werewolf.model import (
    Dawn,
    DayStart,
    Deal,
    Exiled,
    HunterShot,
    Inspection,
    LastWords,
    NightStart,
    Phase,
    Role,
    Speech,
    Team,
    WitchNews,
    WolfDecision,
    WolfPick,
    WolfProposal,
)

_NAMED = re.compile(r"player_\d+")
#: The task each role with one has in the night's decisions turn (and the witch in hers).
_NIGHT_TASKS: dict[Role | None, str] = {
    Role.WEREWOLF: Phase.WOLF_VOTE.value,
    Role.DOCTOR: Phase.DOCTOR.value,
    Role.SEER: Phase.SEER.value,
    Role.WITCH: Phase.WITCH.value,
}
_SEER_CLAIM = re.compile(r"i am the seer\. (player_\d+) is (not )?a werewolf")


class WerewolfBot:
    """A scripted player for one seat."""

    def __init__(self, view: SeatView, rng: np.random.Generator) -> None:
        self.view = view
        self.me = view.agent
        self.rng = rng
        self.role: Role | None = None
        self.pack: set[AgentId] = set()
        self.living: list[AgentId] = list(view.players)
        self.found_wolves: set[AgentId] = set()  # the seer's own knowledge
        self.cleared: set[AgentId] = set()
        self.seer_claims: dict[AgentId, AgentId | None] = {}  # claimant -> the wolf they named
        self.claimed_clear: set[AgentId] = set()  # players a seer claimant called innocent
        self.accused: Counter[AgentId] = Counter()  # names in today's speeches
        self.victim: AgentId | None = None
        self.proposal: AgentId | None = None  # tonight's proposal by a packmate
        self.pack_victim: AgentId | None = None  # the pack's last victim
        self.guarded: AgentId | None = None  # last night's victim, who survived: protected
        self.named_last: bool = False  # whether the last speech named this seat
        self._cursor = 0

    def _sync(self) -> None:
        for event in self.view.events(self._cursor):
            data = event.data
            if isinstance(data, Deal):
                self.role = data.role
                self.pack = set(data.pack)
            elif isinstance(data, Inspection) and data.target:
                is_wolf = data.role is Role.WEREWOLF or data.team is Team.WEREWOLVES
                (self.found_wolves if is_wolf else self.cleared).add(data.target)
            elif isinstance(data, WitchNews):
                self.victim = data.victim
            elif isinstance(data, NightStart):
                self.proposal = None
            elif isinstance(data, WolfProposal):
                self.proposal = data.target
            elif isinstance(data, (WolfPick, WolfDecision)):
                self.pack_victim = data.victim
            elif isinstance(data, DayStart):
                self.living = list(data.living)
                self.accused.clear()
            elif isinstance(data, Speech):
                said = (data.text or "").lower()
                self.named_last = re.search(rf"\b{self.me}\b", said) is not None
                self._hear(data.player, said)
            elif isinstance(data, LastWords) and data.text:
                self._hear(data.player, data.text.lower())
            elif isinstance(data, Dawn):
                self._bury(d.player for d in data.deaths)
                died = {d.player for d in data.deaths}
                self.guarded = self.pack_victim if self.pack_victim not in died else None
            elif isinstance(data, Exiled):
                self._bury([data.player])
            elif isinstance(data, HunterShot) and data.target:
                self._bury([data.target])
        self._cursor = len(self.view)

    def _hear(self, speaker: AgentId, said: str) -> None:
        """Note a speech's seer claim and the players it names."""
        claim = _SEER_CLAIM.search(said)
        if claim and claim.group(2):
            self.claimed_clear.add(claim.group(1))
            self.seer_claims.setdefault(speaker, None)
        elif claim:
            self.seer_claims[speaker] = claim.group(1)
        for name in _NAMED.findall(said):
            if name != speaker:
                self.accused[name] += 1

    def _bury(self, dead: Any) -> None:
        for player in dead:
            if player in self.living:
                self.living.remove(player)

    # -- helpers ------------------------------------------------------------------------------
    def _pick(self, options: list[str]) -> str:
        return options[int(self.rng.integers(len(options)))]

    @staticmethod
    def _target(action: str) -> str | None:
        names = _NAMED.findall(action)
        return names[0] if names else None

    def _prefer(self, legal: list[str], *ranked: AgentId | None) -> str | None:
        """The first legal action aimed at one of ``ranked``."""
        for wanted in ranked:
            for action in legal:
                if wanted is not None and self._target(action) == wanted:
                    return action
        return None

    def _named_wolves(self) -> list[AgentId]:
        """Wolves named by living seer claimants (or found by this seer), still alive."""
        named = set(self.found_wolves)
        if self.role is not Role.WEREWOLF:
            named |= {w for c, w in self.seer_claims.items() if w and c in self.living and c != w}
        return sorted(w for w in named if w in self.living and w != self.me)

    def _most_accused(self, exclude: set[AgentId]) -> AgentId | None:
        ranked = [
            (n, p)
            for p, n in self.accused.items()
            if p in self.living and p not in exclude and p != self.me
        ]
        return max(ranked)[1] if ranked else None

    # -- acting -------------------------------------------------------------------------------
    def act(self, observation: Mapping[str, Any], info: Mapping[str, Any]) -> str:
        self._sync()
        phase = info.get("phase")
        legal = list(info.get("legal_actions") or [])
        if len(legal) == 1:  # nothing to decide (a night turn's [sleep])
            return legal[0]
        if phase == Phase.NIGHT:  # the table sees "night"; the seat's task follows from its role
            speech = info.get("action_kind") == "speech"
            phase = Phase.WOLF_CHAT.value if speech else _NIGHT_TASKS.get(self.role)
        handler = getattr(self, f"_{phase}", None)
        if handler is None:
            return self._pick(legal) if legal else "I have nothing to add."
        return handler(legal)

    def _wolf_chat(self, legal: list[str]) -> str:
        target = self._wolf_target()
        return f"Let us take {target} tonight." if target else "I have no preference tonight."

    def _wolf_target(self) -> AgentId | None:
        """A claimed seer, else the first prey in seat order (so the pack agrees), passing over
        last night's victim who survived (the doctor guards them) while others are left."""
        prey = [p for p in self.living if p not in self.pack]
        prey = [p for p in prey if p != self.guarded] or prey
        claimants = [c for c in self.seer_claims if c in prey]
        if claimants:
            return claimants[0]
        return prey[0] if prey else None

    def _wolf_vote(self, legal: list[str]) -> str:
        return self._prefer(legal, self.proposal, self._wolf_target()) or self._pick(legal)

    def _doctor(self, legal: list[str]) -> str:
        claimants = [c for c in self.seer_claims if c in self.living]
        return self._prefer(legal, *claimants) or self._pick(legal)

    def _witch(self, legal: list[str]) -> str:
        if "[heal]" in legal and self.victim is not None:
            return "[heal]"
        wolves = self._named_wolves()
        return self._prefer(legal, *wolves) or "[pass]"

    def _seer(self, legal: list[str]) -> str:
        unknown = [a for a in legal if self._target(a) not in self.found_wolves | self.cleared]
        return self._pick(unknown or legal)

    def _hunter(self, legal: list[str]) -> str:
        if self.role is Role.WEREWOLF:  # never: a wolf is not a hunter, kept for custom bots
            return "[hold fire]"
        suspects = [*self._named_wolves(), self._most_accused(set())]
        return self._prefer(legal, *suspects) or "[hold fire]"

    def _bid(self, legal: list[str]) -> str:
        if self.role is Role.SEER and self._named_wolves():
            return "[bid 4]"
        if self.named_last:
            return "[bid 3]"
        return self._pick(["[bid 0]", "[bid 1]", "[bid 2]"])

    def _discussion(self, legal: list[str]) -> str:
        if self.role is Role.SEER:
            wolves = self._named_wolves()
            if wolves:
                return f"I am the seer. {wolves[0]} is a werewolf, vote for them."
            clear = sorted(p for p in self.cleared if p in self.living)
            if clear:
                return f"I am the seer. {clear[-1]} is not a werewolf."
            return "I have no strong read yet; let us listen carefully."
        if self.role is Role.WEREWOLF:
            suspect = self._wolf_vote_target()
            accuse = f" I suspect {suspect}." if suspect else ""
            return f"I am a villager.{accuse}"
        wolves = self._named_wolves()
        if wolves:
            return f"I believe the seer: {wolves[0]} must go."
        return "I am a villager and I am still unsure."

    def _last_words(self, legal: list[str]) -> str:
        return self._discussion(legal)

    def _wolf_vote_target(self) -> AgentId | None:
        claimants = [c for c in self.seer_claims if c in self.living and c not in self.pack]
        if claimants:
            return claimants[0]
        return self._most_accused(self.pack)

    def _vote(self, legal: list[str]) -> str:
        if self.role is Role.WEREWOLF:
            choice = self._prefer(legal, self._wolf_vote_target())
            safe = [a for a in legal if self._target(a) not in self.pack and a != "[abstain]"]
            return choice or (self._pick(safe) if safe else "[abstain]")
        trusted = self.cleared | self.claimed_clear | set(self.seer_claims)
        suspects = [*self._named_wolves(), self._most_accused(trusted)]
        # no lead: the village agrees on the first untrusted player in seat order, so its votes
        # are not scattered into ties
        suspects += [p for p in self.living if p not in trusted and p != self.me]
        return self._prefer(legal, *suspects) or self._pick(legal)


def make_bot(view: SeatView, rng: np.random.Generator) -> WerewolfBot:
    """The ``scripted`` agent's entry point."""
    return WerewolfBot(view, rng)
