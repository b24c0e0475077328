"""What Werewolf players read, and the action forms they write (:class:`WerewolfText`).

Roles and teams are only ever stated with :func:`role_phrase` and :func:`team_phrase`, so the
leak checks can search for exactly those phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from parlour.core.actions import ActionSpec
from parlour.core.ballots import Outcome
from parlour.core.events import AgentId, Event, Payload
from parlour.core.text import GameText, forms_line, listed, moderator, speech_line
from parlour.envs.werewolf.model import (
    Action,
    BallotCast,
    Bid,
    Bids,
    Dawn,
    DayStart,
    DeathNote,
    Exiled,
    Floor,
    GameOver,
    Heal,
    HunterShot,
    Inspect,
    Inspection,
    Kill,
    LastWords,
    NightStart,
    NoExile,
    Pass,
    Phase,
    Poison,
    Protect,
    Protection,
    Role,
    SecretBid,
    Shoot,
    Sleep,
    Speak,
    Speech,
    StrawPoll,
    StrawVote,
    Team,
    Vote,
    VoteReveal,
    VotesRevealed,
    VoteStart,
    WitchAct,
    WitchNews,
    WolfBallot,
    WolfChat,
    WolfDecision,
    WolfPick,
    WolfProposal,
)
from parlour.envs.werewolf.prompts import task_line, waiting_line
from parlour.envs.werewolf.summary import rules_summary

if TYPE_CHECKING:
    from parlour.envs.werewolf.config import WerewolfConfig
    from parlour.envs.werewolf.rules import WerewolfRules


def role_phrase(player: AgentId, role: Role) -> str:
    """How the text states a player's role: ``player_3 is the seer``."""
    article = "the" if role in (Role.SEER, Role.DOCTOR, Role.WITCH, Role.HUNTER) else "a"
    return f"{player} is {article} {role.value}"


def team_phrase(player: AgentId, team: Team) -> str:
    """How the text states a player's team: ``player_3 is on the werewolves' side``."""
    side = "the werewolves' side" if team is Team.WEREWOLVES else "the village's side"
    return f"{player} is on {side}"


_CLAIM = re.compile(r"\bi(?: am|'m)(?: the| a| an)? (werewolf|villager|seer|doctor|witch|hunter)\b")


def claimed_roles(text: str) -> list[str]:
    """Roles a speech claims for its speaker ("I am the seer", "I'm a villager")."""
    return _CLAIM.findall(text.lower())


_ABILITIES = {
    Role.WEREWOLF: "Each night the pack chooses a victim, as the rules above say. You win when the"
    " werewolves are at least as many as everyone else alive.",
    Role.VILLAGER: "You have no night ability. You win when every werewolf is dead.",
    Role.SEER: "Each night you inspect one living player. You win with the village.",
    Role.DOCTOR: "Each night you protect one player from the werewolves. You win with the village.",
    Role.WITCH: "You hold one healing potion and one poison, each usable once, at most one per"
    " night; each night you learn the werewolves' victim. You win with the village.",
    Role.HUNTER: "When the werewolves kill you or the village exiles you, you may shoot one"
    " player, who dies too. You win with the village.",
}
#: The hunter's card where a witch is in play: a wolves' victim she also poisons does not shoot.
_HUNTER_BESIDE_WITCH = (
    "When the werewolves kill you or the village exiles you, you may shoot one player, who dies"
    " too (not when the witch's poison kills you). You win with the village."
)


def _ability(role: Role, config: WerewolfConfig) -> str:
    """The card's line on what the role does: the hunter's names the poison only where a witch
    is in play, as the rules summary does."""
    if role is Role.HUNTER and Role.WITCH in config.role_counts():
        return _HUNTER_BESIDE_WITCH
    return _ABILITIES[role]


def _death(note: DeathNote | Exiled) -> str:
    player = note.player
    if note.role is not None:
        return f"{player} ({role_phrase(player, note.role)})"
    if note.team is not None:
        return f"{player} ({team_phrase(player, note.team)})"
    return player


# -- lines everyone reads -----------------------------------------------------------------------
def _night_start(data: NightStart) -> str:
    return moderator(f"Night {data.night} falls.")


def _dawn(data: Dawn) -> str:
    if not data.deaths:
        return moderator(f"Day {data.day} dawns. Nobody died last night.")
    died = ", ".join(_death(d) for d in data.deaths)
    return moderator(f"Day {data.day} dawns. Died last night: {died}.")


def _hunter_shot(data: HunterShot) -> str:
    hunter = role_phrase(data.player, Role.HUNTER)
    if data.death is None:
        return moderator(f"{hunter}, and holds fire.")
    return moderator(f"{hunter}, and shoots {_death(data.death)}.")


def _last_words(data: LastWords) -> str:
    return speech_line(data.player, data.text or "(nothing)", verb="said as last words")


def _day_start(data: DayStart) -> str:
    return moderator(f"Discussion of day {data.day}. Alive: {', '.join(data.living)}.")


def _bids(data: Bids) -> str:
    bids = ", ".join(f"{p}: {b}" for p, b in data.bids.items())
    return moderator(f"Bids to speak: {bids}. {data.speaker} speaks.")


def _speech(data: Speech) -> str:
    if data.text is None:
        return moderator(f"{data.player}'s speech was withheld (invalid).")
    return speech_line(data.player, data.text)


def _vote_start(data: VoteStart) -> str:
    """Who may be voted for, said so that it holds for every reader: nobody votes for themself
    (a list of candidates would name the reader among its own)."""
    order = f" Voting order: {', '.join(data.order)}." if data.order else ""
    abstain = ", or abstains" if data.abstain else " (nobody may abstain)"
    if data.straw_after is not None:  # the rules and the prompt say the rest: kept short
        return moderator(f"Straw poll (it exiles nobody).{order}")
    if data.runoff:
        return moderator(
            f"Run-off vote between {listed(data.candidates)}: every living player votes for one"
            f" of them (never for themself){abstain}.{order}"
        )
    secret = " Only its result will be announced." if data.reveal is VoteReveal.OUTCOME else ""
    return moderator(
        f"Vote: every living player votes to exile another living player{abstain}.{secret}{order}"
    )


def _public_ballot(data: BallotCast) -> str:
    return moderator(f"{data.player} votes for {data.target or 'nobody (abstained)'}.")


def _public_straw_vote(data: StrawVote) -> str:
    return moderator(f"{data.player}'s straw vote: {data.target or 'nobody (abstained)'}.")


def _straw_poll(data: StrawPoll) -> str:
    ballots = "; ".join(f"{v} -> {t or 'abstained'}" for v, t in data.ballots.items())
    tally = ", ".join(f"{c}: {n}" for c, n in data.tally.items())
    return moderator(
        f"Straw poll after {data.after}'s speech (it exiles nobody): {ballots}. Tally: {tally}."
    )


def _floor(data: Floor) -> str:
    return moderator(f"Turn {data.turn} of {data.turns}: {data.speaker} won the bidding.")


def _votes_revealed(data: VotesRevealed) -> str:
    ballots = "; ".join(f"{v} -> {t or 'abstained'}" for v, t in data.ballots.items())
    tally = ", ".join(f"{c}: {n}" for c, n in data.tally.items())
    return moderator(f"Ballots: {ballots}. Tally: {tally}.")


def _exiled(data: Exiled) -> str:
    return moderator(f"The village exiles {_death(data)}.")


def _no_exile(data: NoExile) -> str:
    return moderator(f"Nobody is exiled ({_NO_EXILE[data.reason]}).")


_NO_EXILE = {Outcome.TIE: "a tie", Outcome.NO_MAJORITY: "no majority", Outcome.NO_VOTES: "no votes"}


def _game_over(data: GameOver) -> str:
    roles = ", ".join(f"{p}: {r.value}" for p, r in data.roles.items())
    if data.winner is not None:
        outcome = f"the {data.winner.value} win"
    else:
        outcome = f"no winner ({data.reason})"
    return moderator(f"Game over: {outcome}. Roles: {roles}.")


# -- lines only some players read ---------------------------------------------------------------
def _wolf_chat(data: WolfChat) -> str:
    return speech_line(data.player, data.text or "(nothing)", verb="whispered to the pack")


def _wolf_ballot(data: WolfBallot) -> str:
    return moderator(f"You voted to kill {data.target or 'nobody'}.")


def _wolf_decision(data: WolfDecision) -> str:
    ballots = "; ".join(f"{w} -> {t or 'nobody'}" for w, t in data.ballots.items())
    tie = " after a tie" if data.tie else ""
    victim = data.victim or "nobody"
    return moderator(f"The pack's ballots: {ballots}. Tonight's victim{tie}: {victim}.")


def _protection(data: Protection) -> str:
    return moderator(f"You protect {data.target or 'nobody'} tonight.")


def _witch_news(data: WitchNews) -> str:
    victim = data.victim
    return moderator(
        f"The werewolves attacked {victim} tonight." if victim else "Nobody was attacked."
    )


def _witch_act(data: WitchAct) -> str:
    if data.heal:
        return moderator("You used your healing potion.")
    if data.poison:
        return moderator(f"You poisoned {data.poison}.")
    return moderator("You used no potion tonight.")


def _inspection(data: Inspection) -> str:
    target = data.target
    if target is None:
        return moderator("You inspected nobody tonight.")
    if data.role is not None:
        found = role_phrase(target, data.role)
    else:
        found = team_phrase(target, data.team)  # type: ignore[arg-type]
    return moderator(f"Your inspection: {found}.")


def _private_ballot(data: BallotCast) -> str:
    return moderator(f"You voted for {data.target or 'nobody (abstained)'}.")


def _private_straw_vote(data: StrawVote) -> str:
    return moderator(f"Your straw vote: {data.target or 'nobody (abstained)'}.")


def _secret_bid(data: SecretBid) -> str:
    return moderator(f"Your bid: {data.amount}.")


def _wolf_proposal(data: WolfProposal) -> str:
    if data.target is None:
        return moderator(f"{data.player} made no valid proposal; {data.decider} decides.")
    return moderator(f"{data.player} proposes to kill {data.target}; {data.decider} decides.")


def _wolf_pick(data: WolfPick) -> str:
    if data.defaulted:
        return moderator(
            f"{data.player} named no valid victim, so tonight's victim is {data.victim}."
        )
    return moderator(f"{data.player} picked tonight's victim: {data.victim}.")


#: The line of each public payload; a kind missing here shows nothing.
PUBLIC_LINES: dict[type[Payload], Callable[[Any], str]] = {
    NightStart: _night_start,
    Dawn: _dawn,
    HunterShot: _hunter_shot,
    LastWords: _last_words,
    DayStart: _day_start,
    Bids: _bids,
    Floor: _floor,
    Speech: _speech,
    VoteStart: _vote_start,
    BallotCast: _public_ballot,
    StrawVote: _public_straw_vote,
    StrawPoll: _straw_poll,
    VotesRevealed: _votes_revealed,
    Exiled: _exiled,
    NoExile: _no_exile,
    GameOver: _game_over,
}
#: The line of each private payload, as its readers see it (a deal shows nothing: the card is in
#: the header).
PRIVATE_LINES: dict[type[Payload], Callable[[Any], str]] = {
    WolfChat: _wolf_chat,
    WolfBallot: _wolf_ballot,
    WolfDecision: _wolf_decision,
    WolfProposal: _wolf_proposal,
    WolfPick: _wolf_pick,
    Protection: _protection,
    WitchNews: _witch_news,
    WitchAct: _witch_act,
    Inspection: _inspection,
    BallotCast: _private_ballot,
    StrawVote: _private_straw_vote,
    SecretBid: _secret_bid,
}


class WerewolfText(GameText["WerewolfRules", Action]):
    """What Werewolf players read, and the action forms they write."""

    def render_header(self, rules: WerewolfRules, viewer: AgentId) -> str:
        role = rules.roles[viewer]
        article = "a" if role in (Role.WEREWOLF, Role.VILLAGER) else "the"
        card = f"You are {article} {role.value}."
        if role is Role.WEREWOLF:
            pack = [role_phrase(w, Role.WEREWOLF) for w in rules.wolves if w != viewer]
            card += (
                f" Your fellow werewolves: {', '.join(pack)}."
                if pack
                else " You are the only werewolf."
            )
        return (
            f"# Werewolf - you are {viewer}\n"
            f"Players: {', '.join(rules.players)}.\n"
            f"{rules_summary(rules.config)}\n\n"
            f"## Your card\n{card} {_ability(role, rules.config)}"
        )

    def render_public(self, event: Event) -> str | None:
        line = PUBLIC_LINES.get(type(event.data))
        return None if line is None else line(event.data)

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        line = PRIVATE_LINES.get(type(event.data))
        return None if line is None else line(event.data)

    def render_prompt(
        self, rules: WerewolfRules, viewer: AgentId, spec: ActionSpec[Any] | None
    ) -> str:
        phase = rules.phase
        if phase is Phase.OVER:
            return "The game is over."
        when = f"Night {rules.day}" if phase is Phase.NIGHT else f"Day {rules.day}"
        if spec is None:
            return waiting_line(rules, viewer, when)
        return f"{when}: {task_line(rules, viewer)}\n{forms_line(spec)}"

    def format_action(self, action: Action) -> str:
        return format_action(action)


def format_action(action: Action) -> str:
    """The canonical token of a typed action, e.g. ``[vote player_3]``."""
    token = _PLAIN_TOKENS.get(type(action))
    if token is not None:
        return token
    if isinstance(action, Bid):
        return f"[bid {action.amount}]"
    if isinstance(action, Speak):
        return action.text if action.text is not None else "(say nothing)"
    if isinstance(action, Vote):
        return f"[vote {action.target}]" if action.target else "[abstain]"
    if isinstance(action, Kill):
        return f"[kill {action.target}]" if action.target else "(no kill vote)"
    if isinstance(action, Protect):
        return f"[protect {action.target}]" if action.target else "(protect nobody)"
    if isinstance(action, Inspect):
        return f"[inspect {action.target}]" if action.target else "(inspect nobody)"
    if isinstance(action, Shoot):
        return f"[shoot {action.target}]" if action.target else "[hold fire]"
    if isinstance(action, Poison):
        return f"[poison {action.target}]"
    raise TypeError(f"not a Werewolf action: {action!r}")


#: The tokens of the actions that take nothing.
_PLAIN_TOKENS: dict[type, str] = {Sleep: "[sleep]", Pass: "[pass]", Heal: "[heal]"}
