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
from parlour.core.text import GameText, counted, forms_line, listed, moderator, speech_line
from parlour.envs.werewolf.model import (
    MAX_BID,
    Action,
    BallotCast,
    Bid,
    Bids,
    Dawn,
    DayStart,
    DeathNote,
    Discussion,
    Exile,
    Exiled,
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
    Reveal,
    Role,
    Shoot,
    Sleep,
    Speak,
    Speech,
    Team,
    Vote,
    VoteMode,
    VotesRevealed,
    VoteStart,
    VoteTie,
    WerewolfConfig,
    WitchAct,
    WitchNews,
    WolfBallot,
    WolfChat,
    WolfDecision,
    WolfTie,
)

if TYPE_CHECKING:
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
    Role.WEREWOLF: "Each night the werewolves agree on a victim. You win when the werewolves are"
    " at least as many as everyone else alive.",
    Role.VILLAGER: "You have no night ability. You win when every werewolf is dead.",
    Role.SEER: "Each night you inspect one living player. You win with the village.",
    Role.DOCTOR: "Each night you protect one player from the werewolves. You win with the village.",
    Role.WITCH: "You hold one healing potion and one poison, each usable once, at most one per"
    " night; each night you learn the werewolves' victim. You win with the village.",
    Role.HUNTER: "When the werewolves kill you or the village exiles you, you may shoot one"
    " player, who dies too. You win with the village.",
}


def rules_summary(config: WerewolfConfig) -> str:
    """The rules in force, written from the config so the text never disagrees with the game."""
    in_play = config.role_counts()
    counts = ", ".join(_count(role, n) for role, n in in_play.items())
    setup = (
        f"{config.num_players} players: {counts}. Roles are secret; the werewolves know each"
        " other. The village wins when every werewolf is dead; the werewolves win when they are at"
        f" least as many as everyone else alive. The game stops without a winner after day"
        f" {config.max_days}."
    )
    night, dawn = _night_rules(config, in_play), _dawn_rules(config, in_play)
    return "\n".join((setup, night, dawn, _day_rules(config)))


def _night_rules(config: WerewolfConfig, in_play: dict[Role, int]) -> str:
    night = ["Each night the werewolves"]
    if config.wolf_chat_rounds:
        night.append(
            f" talk in private ({counted(config.wolf_chat_rounds, 'turn')} each, when two or more"
            " live),"
        )
    tie = "a random one of the tied" if config.wolf_tie is WolfTie.RANDOM else "nobody"
    night.append(f" vote for a victim (a tie kills {tie}).")
    if Role.DOCTOR in in_play:
        limits = []
        if not config.doctor_self_protect:
            limits.append("not themself")
        if not config.doctor_repeat:
            limits.append("not the same player two nights running")
        night.append(
            " The doctor protects one player" + (f" ({', '.join(limits)})." if limits else ".")
        )
    if Role.WITCH in in_play:
        self_heal = "" if config.witch_self_heal else " (never themself)"
        night.append(
            " The witch learns the victim and may heal them"
            f"{self_heal} or poison someone: one heal and one poison per game, one per night."
        )
    if Role.SEER in in_play:
        learns = "role" if config.seer_reveals is Reveal.ROLE else "team"
        night.append(f" The seer inspects one player and learns their {learns}.")
    night.append(
        " Every night has the same turns, whoever is alive, and every living player answers each"
        " one: whoever has nothing to do then sleeps."
    )
    return "".join(night)


_REVEALS = {
    Reveal.NONE: "reveals nothing about the dead player",
    Reveal.TEAM: "reveals the dead player's team",
    Reveal.ROLE: "reveals the dead player's role",
}


def _dawn_rules(config: WerewolfConfig, in_play: dict[Role, int]) -> str:
    dawn = (
        "At dawn the night's deaths are announced (a saved player is not mentioned); a death"
        f" {_REVEALS[config.reveal_on_death]}."  # type: ignore[index]
    )
    if Role.HUNTER in in_play:
        dawn += (
            " A hunter killed by the werewolves or exiled may shoot one player (not if poisoned)."
        )
    if config.last_words:
        dawn += " Every player who dies says one last line."
    return dawn


_VOTE_TIES = {
    VoteTie.NONE: "a tie exiles nobody",
    VoteTie.RANDOM: "a tie is broken at random",
    VoteTie.RUNOFF: "a tie leads to one run-off vote between the tied, and a second tie"
    " exiles nobody",
}


def _day_rules(config: WerewolfConfig) -> str:
    if config.discussion is Discussion.ROUND_ROBIN:
        talk = (
            f"By day every living player speaks {_times(config.discussion_rounds)}, in a random"
            " order;"
        )
    else:
        talk = (
            f"By day there {'is' if config.bidding_turns == 1 else 'are'}"
            f" {counted(config.bidding_turns, 'speaking turn')}; before each, every living"
            f" player bids 0-{MAX_BID} in secret and the highest bid speaks (ties drawn at random);"
        )
    ballots = (
        "in secret (ballots revealed together)"
        if config.vote is VoteMode.SECRET
        else "in public, one after another in a random order,"
    )
    need = (
        "the most votes"
        if config.exile is Exile.PLURALITY
        else "the most votes, from more than half of the ballots"
    )
    return (
        f"{talk} then everyone alive votes {ballots} to exile another player (abstaining is"
        " allowed);"
        f" exile needs {need}; {_VOTE_TIES[config.vote_tie]}."  # type: ignore[index]
    )


def _times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _count(role: Role, n: int) -> str:
    if n == 1:
        return f"1 {role.value}"
    return f"{n} {'werewolves' if role is Role.WEREWOLF else role.value + 's'}"


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
    if data.runoff:
        return moderator(
            f"Run-off vote between {listed(data.candidates)}: every living player votes for one"
            f" of them (never for themself), or abstains.{order}"
        )
    return moderator(
        f"Vote: every living player votes to exile another living player, or abstains.{order}"
    )


def _public_ballot(data: BallotCast) -> str:
    return moderator(f"{data.player} votes for {data.target or 'nobody (abstained)'}.")


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
    target = data.target or "nobody (abstained)"
    return moderator(f"You voted for {target}. Ballots are revealed when everyone has voted.")


#: The line of each public payload; a kind missing here shows nothing.
PUBLIC_LINES: dict[type[Payload], Callable[[Any], str]] = {
    NightStart: _night_start,
    Dawn: _dawn,
    HunterShot: _hunter_shot,
    LastWords: _last_words,
    DayStart: _day_start,
    Bids: _bids,
    Speech: _speech,
    VoteStart: _vote_start,
    BallotCast: _public_ballot,
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
    Protection: _protection,
    WitchNews: _witch_news,
    WitchAct: _witch_act,
    Inspection: _inspection,
    BallotCast: _private_ballot,
}


_TASKS = {
    Phase.NIGHT: "nothing to do this turn; the night goes on.",
    Phase.WOLF_CHAT: "talk with the pack about whom to kill (only werewolves hear this).",
    Phase.WOLF_VOTE: "vote for tonight's victim.",
    Phase.DOCTOR: "choose whom to protect tonight.",
    Phase.SEER: "choose whom to inspect tonight.",
    Phase.HUNTER: "you are dying: shoot one player, or hold fire.",
    Phase.LAST_WORDS: "you are dead: say your last words, in one line.",
    Phase.BID: "bid for the next speaking turn (higher is more urgent).",
    Phase.DISCUSSION: "speak to the village, in one line.",
    Phase.VOTE: "vote to exile another player, or abstain.",
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
            f"## Your card\n{card} {_ABILITIES[role]}"
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
            return _waiting(rules, viewer, when)
        doing = rules.task(viewer)
        if doing is Phase.WITCH:
            victim = rules.victim
            news = f"the werewolves attacked {victim}." if victim else "nobody was attacked."
            task = f"{news} Use a potion, or pass."
        else:
            task = _TASKS[doing]
        return f"{when}: {task}\n{forms_line(spec)}"

    def format_action(self, action: Action) -> str:
        return format_action(action)


def _waiting(rules: WerewolfRules, viewer: AgentId, when: str) -> str:
    """The prompt of a seat that does not act now."""
    phase = rules.phase
    if not rules.is_alive(viewer):
        return f"{when}. You are dead and watch the rest of the game."
    if phase is Phase.NIGHT:
        return f"{when}. The night goes on."  # (who has not answered yet: seat order)
    if phase is Phase.BID or (phase is Phase.VOTE and rules.config.vote is VoteMode.SECRET):
        return f"{when}. Waiting for the others to {phase.value}."  # not who has: secret
    return f"{when}. Waiting for {', '.join(rules.acting())}."


def format_action(action: Action) -> str:
    """The canonical token of a typed action, e.g. ``[vote player_3]``."""
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
    if isinstance(action, Heal):
        return "[heal]"
    if isinstance(action, Pass):
        return "[pass]"
    if isinstance(action, Sleep):
        return "[sleep]"
    if isinstance(action, Bid):
        return f"[bid {action.amount}]"
    raise TypeError(f"not a Werewolf action: {action!r}")
