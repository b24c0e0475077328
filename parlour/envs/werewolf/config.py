"""Werewolf's config: the role presets, the papers' protocols and :class:`WerewolfConfig`.

A preset names the roles in play and a protocol: how the night's kill is chosen, what the seer
may do, how the day talks and votes. Every protocol option left at None takes the protocol's
value, so ``preset="arena8"`` plays Werewolf Arena's rules, ``preset="lspo7"`` the LSPO paper's,
and any option given overrides its protocol's value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from parlour.core.config import FLAG, Check, Choice, Integer, ListOf, OneOf, OrNone, Text, validate
from parlour.core.errors import ConfigError
from parlour.envs.werewolf.model import (
    MAX_PLAYERS,
    MIN_PLAYERS,
    Discussion,
    Exile,
    Reveal,
    Role,
    SpeakingOrder,
    VoteMode,
    VoteReveal,
    VoteTie,
    WolfKill,
    WolfTie,
)

#: The published setups (see the reference survey): Werewolf Arena and Kaggle's standard game,
#: the LSPO paper's 7-player game, and AgentScope's 9-player game.
PRESETS: dict[str, tuple[str, ...]] = {
    "arena8": ("werewolf",) * 2 + ("seer", "doctor") + ("villager",) * 4,
    "lspo7": ("werewolf",) * 2 + ("seer", "doctor") + ("villager",) * 3,
    "classic9": ("werewolf",) * 3 + ("seer", "witch", "hunter") + ("villager",) * 3,
}
#: The protocol each preset plays unless ``protocol`` names another.
PRESET_PROTOCOLS = {"arena8": "arena", "lspo7": "lspo", "classic9": "classic"}

#: A day cap no game of the papers' protocols reaches in practice (they have none): every night
#: the wolves kill unless the doctor guesses their victim, so a game that reaches day 30 has seen
#: at least 25 saves (the village is out of players after 6 kills at most in arena8).
PAPER_DAY_CAP = 30

#: The value of each protocol option in each protocol.
#:
#: * ``classic``: Parlour's own game (the options' first defaults): wolf chat then a wolf vote,
#:   round-robin talk in a random order, secret ballots revealed together, plurality.
#: * ``arena``: google/werewolf_arena (``werewolf/game.py``, ``model.py``, ``config.py``): one
#:   random living wolf picks the kill; the doctor may protect anyone, twice running too; the seer
#:   sees the role and never inspects a player twice; 8 debate turns, each to the highest bid
#:   0-4 from everyone but the last speaker, ties drawn with double weight for players named in
#:   the last speech, bids never shown; a vote after every turn, the last one exiling by more
#:   than half of the living, no abstaining, only the outcome announced; no day cap.
#: * ``lspo``: Xu et al. 2023 (Appendix A), the game LSPO (Xu et al. 2025) plays: the lower-seat
#:   wolf proposes and the other decides; the doctor may protect anyone, twice running too; the
#:   seer learns werewolf or not and may inspect again; each living player speaks once a day in
#:   seat order; a vote for one player or none, most votes exile, ties drawn at random, who voted
#:   for whom public; no day cap.
PROTOCOLS: dict[str, dict[str, Any]] = {
    "classic": {
        "wolf_chat_rounds": 1,
        "wolf_kill": WolfKill.VOTE,
        "doctor_self_protect": True,
        "doctor_repeat": False,
        "seer_reveals": Reveal.ROLE,
        "seer_recheck": True,
        "reveal_on_death": Reveal.NONE,
        "last_words": False,
        "discussion": Discussion.ROUND_ROBIN,
        "speaking_order": SpeakingOrder.RANDOM,
        "discussion_rounds": 2,
        "bidding_turns": 8,
        "last_speaker_bids": True,
        "mention_weight": 1,
        "bids_shown": True,
        "straw_polls": False,
        "vote": VoteMode.SECRET,
        "vote_abstain": True,
        "vote_reveal": VoteReveal.BALLOTS,
        "exile": Exile.PLURALITY,
        "vote_tie": VoteTie.NONE,
        "max_days": 10,
    },
}
PROTOCOLS["arena"] = {
    **PROTOCOLS["classic"],
    "wolf_chat_rounds": 0,
    "wolf_kill": WolfKill.ONE_RANDOM,
    "doctor_repeat": True,
    "seer_recheck": False,
    "discussion": Discussion.BIDDING,
    "last_speaker_bids": False,
    "mention_weight": 2,
    "bids_shown": False,
    "straw_polls": True,
    "vote_abstain": False,
    "vote_reveal": VoteReveal.OUTCOME,
    "exile": Exile.MAJORITY,
    "max_days": PAPER_DAY_CAP,
}
PROTOCOLS["lspo"] = {
    **PROTOCOLS["classic"],
    "wolf_chat_rounds": 0,
    "wolf_kill": WolfKill.PROPOSE_DECIDE,
    "doctor_repeat": True,
    "seer_reveals": Reveal.TEAM,
    "speaking_order": SpeakingOrder.SEAT,
    "discussion_rounds": 1,
    "vote_tie": VoteTie.RANDOM,
    "max_days": PAPER_DAY_CAP,
}

#: Each protocol option's check (the value stored is the member of its enum).
_CHECKS: dict[str, Check] = {
    "wolf_chat_rounds": Integer(0, 5),
    "wolf_kill": Choice(WolfKill),
    "doctor_self_protect": FLAG,
    "doctor_repeat": FLAG,
    "seer_reveals": Choice(Reveal),
    "seer_recheck": FLAG,
    "reveal_on_death": Choice(Reveal),
    "last_words": FLAG,
    "discussion": Choice(Discussion),
    "speaking_order": Choice(SpeakingOrder),
    "discussion_rounds": Integer(1, 10),
    "bidding_turns": Integer(1, 50),
    "last_speaker_bids": FLAG,
    "mention_weight": Integer(1, 4),
    "bids_shown": FLAG,
    "straw_polls": FLAG,
    "vote": Choice(VoteMode),
    "vote_abstain": FLAG,
    "vote_reveal": Choice(VoteReveal),
    "exile": Choice(Exile),
    "vote_tie": Choice(VoteTie),
    "max_days": Integer(1, 50),
}


@dataclass(frozen=True)
class WerewolfConfig:
    """Options of a Werewolf game.

    Every option from ``wolf_chat_rounds`` to ``max_days`` left at None takes its value from the
    protocol (see :data:`PROTOCOLS`); the value stored is always the one in force.

    Attributes:
        preset: ``arena8`` (2 werewolves, seer, doctor, 4 villagers; Werewolf Arena's protocol),
            ``lspo7`` (one villager fewer; the LSPO paper's) or ``classic9`` (3 werewolves, seer,
            witch, hunter, 3 villagers; Parlour's own protocol).
        roles: any mix of roles (one entry per player, 4-16 players; at most one seer, doctor,
            witch and hunter), instead of the preset's.
        seat_roles: the role of each seat, skipping the seeded draw (tournaments rotate roles
            this way); it must be a reordering of the roles in play.
        protocol: ``arena``, ``lspo`` or ``classic``: the rules the unset options follow
            (default: the preset's).
        wolf_chat_rounds: turns each living wolf speaks in the private night chat (0: no chat;
            a lone wolf has no chat).
        wolf_kill: ``vote`` (every living wolf votes), ``one_random`` (one living wolf, drawn
            each night, picks alone) or ``propose_decide`` (the lowest living seat proposes and
            the next decides). A wolf who alone must name the victim and answers invalidly
            kills the proposal, else a seeded random prey.
        wolf_tie: a tied wolf vote kills a seeded ``random`` one of the tied, or ``no_kill``.
        doctor_self_protect: the doctor may protect themself.
        doctor_repeat: the doctor may protect the same player two nights running.
        witch_self_heal: the witch may heal themself.
        seer_reveals: the seer learns the ``role`` or only the ``team`` of the inspected player.
        seer_recheck: the seer may inspect a player inspected before.
        reveal_on_death: a death reveals ``none``, the ``team`` or the ``role``.
        last_words: each player who dies says one last line.
        discussion: ``round_robin`` (every living player in turn, ``discussion_rounds`` times)
            or ``bidding`` (``bidding_turns`` turns, each to the highest bid 0-4).
        speaking_order: a round-robin day in a seeded ``random`` order, or in ``seat`` order.
        last_speaker_bids: the last speaker may bid for the next turn.
        mention_weight: how much likelier a tied top bidder named in the last speech is drawn
            (1: all tied alike).
        bids_shown: every bid is announced (else each bidder knows only their own).
        straw_polls: everyone alive votes after every speech; only the vote after the last
            speech exiles.
        vote: ``secret`` ballots (simultaneous) or ``sequential`` public ballots.
        vote_abstain: a voter may abstain.
        vote_reveal: a vote shows its ``ballots`` (who voted for whom, and the tally) or only
            its ``outcome``.
        exile: ``plurality`` or ``majority`` (more than half of the ballots, one per living
            voter, abstentions included).
        vote_tie: ``none`` (nobody goes), ``random`` (seeded) or ``runoff``.
        max_days: days before the game is truncated with no winner.
        max_speech_chars: longer speeches are cut to this length.
    """

    preset: str = "arena8"
    roles: tuple[str, ...] | None = None
    seat_roles: tuple[str, ...] | None = None
    protocol: str | None = None
    wolf_chat_rounds: int | None = None
    wolf_kill: WolfKill | str | None = None
    wolf_tie: WolfTie | str = WolfTie.RANDOM
    doctor_self_protect: bool | None = None
    doctor_repeat: bool | None = None
    witch_self_heal: bool = False
    seer_reveals: Reveal | str | None = None
    seer_recheck: bool | None = None
    reveal_on_death: Reveal | str | None = None
    last_words: bool | None = None
    discussion: Discussion | str | None = None
    speaking_order: SpeakingOrder | str | None = None
    discussion_rounds: int | None = None
    bidding_turns: int | None = None
    last_speaker_bids: bool | None = None
    mention_weight: int | None = None
    bids_shown: bool | None = None
    straw_polls: bool | None = None
    vote: VoteMode | str | None = None
    vote_abstain: bool | None = None
    vote_reveal: VoteReveal | str | None = None
    exile: Exile | str | None = None
    vote_tie: VoteTie | str | None = None
    max_days: int | None = None
    max_speech_chars: int = 300

    def __post_init__(self) -> None:
        roles_check = OrNone(ListOf(Choice(Role)))
        validate(
            self,
            preset=Text(),
            roles=roles_check,
            seat_roles=roles_check,
            protocol=OrNone(OneOf(*PROTOCOLS)),
            wolf_tie=Choice(WolfTie),
            witch_self_heal=FLAG,
            max_speech_chars=Integer(20, 1000),
        )
        if self.roles is None and self.preset not in PRESETS:
            raise ConfigError(
                f"preset must be one of {', '.join(PRESETS)}, actual value: {self.preset!r}"
            )
        if self.protocol is None:
            object.__setattr__(self, "protocol", PRESET_PROTOCOLS.get(self.preset, "classic"))
        values = PROTOCOLS[self.protocol]  # type: ignore[index]
        for name, check in _CHECKS.items():
            value = getattr(self, name)
            object.__setattr__(self, name, check(name, values[name] if value is None else value))
        self._check_together()
        self._check_roles()

    def _check_together(self) -> None:
        """Options that each pass alone but contradict each other."""
        if self.seer_reveals is Reveal.NONE:
            raise ConfigError("seer_reveals must be one of role, team, actual value: 'none'")
        if self.vote_reveal is VoteReveal.OUTCOME and self.vote is VoteMode.SEQUENTIAL:
            raise ConfigError(
                "vote='sequential' shows every ballot as it is cast, which vote_reveal='outcome'"
                " keeps secret: use vote='secret' or vote_reveal='ballots'"
            )
        if self.vote_reveal is VoteReveal.OUTCOME and self.vote_tie is VoteTie.RUNOFF:
            raise ConfigError(
                "vote_tie='runoff' names the tied players, which vote_reveal='outcome' keeps"
                " secret: use vote_tie 'none' or 'random', or vote_reveal='ballots'"
            )

    def _check_roles(self) -> None:
        if self.roles is not None:
            roles = list(self.roles)
        else:
            roles = [Role(r) for r in PRESETS[self.preset]]
        object.__setattr__(self, "roles", tuple(r.value for r in roles))
        n, wolves = len(roles), roles.count(Role.WEREWOLF)
        doubled = sorted({r.value for r in _UNIQUE_ROLES if roles.count(r) > 1})
        if doubled:
            raise ConfigError(f"at most one {' and one '.join(doubled)} may play; roles: {roles}")
        if not MIN_PLAYERS <= n <= MAX_PLAYERS:
            raise ConfigError(
                f"roles must give {MIN_PLAYERS}-{MAX_PLAYERS} players, actual: {n} in "
                f"{tuple(r.value for r in roles)!r}"
            )
        if wolves < 1 or wolves >= n - wolves:
            raise ConfigError(
                f"need at least one werewolf and fewer werewolves than others; roles: {roles}"
            )
        if self.seat_roles is not None:
            if Counter(self.seat_roles) != Counter(roles):
                raise ConfigError(
                    f"seat_roles must reorder the roles in play {self.roles}, actual value: "
                    f"{tuple(r.value for r in self.seat_roles)!r}"
                )
            object.__setattr__(self, "seat_roles", tuple(r.value for r in self.seat_roles))

    @property
    def num_players(self) -> int:
        return len(self.roles or ())

    def role_counts(self) -> dict[Role, int]:
        """How many of each role are in play, in a fixed order."""
        counts = Counter(Role(r) for r in self.roles or ())
        return {role: counts[role] for role in Role if counts[role]}


#: Roles with private night state (a protection, potions, inspections, a shot): one each at most.
_UNIQUE_ROLES = (Role.SEER, Role.DOCTOR, Role.WITCH, Role.HUNTER)
