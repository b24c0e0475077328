"""The rules in force, as every Werewolf player reads them at the top of the observation: written
from the config, so the text never disagrees with the game."""

from __future__ import annotations

from parlour.core.text import counted
from parlour.envs.werewolf.config import WerewolfConfig
from parlour.envs.werewolf.model import (
    MAX_BID,
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


def rules_summary(config: WerewolfConfig) -> str:
    """The setup, the night, the dawn and the day, one paragraph each."""
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
    night = []
    if config.wolf_chat_rounds:
        night.append(
            "Each night the werewolves talk in private"
            f" ({counted(config.wolf_chat_rounds, 'turn')} each, when two or more live)."
        )
    night.append(_pack_rule(config))
    if Role.DOCTOR in in_play:
        night.append(_doctor_rule(config))
    if Role.WITCH in in_play:
        self_heal = "" if config.witch_self_heal else " (never themself)"
        night.append(
            "The witch learns the victim and may heal them"
            f"{self_heal} or poison someone: one heal and one poison per game, one per night."
        )
    if Role.SEER in in_play:
        learns = "role" if config.seer_reveals is Reveal.ROLE else "team"
        once = "" if config.seer_recheck else ", never the same player twice"
        night.append(f"The seer inspects one player and learns their {learns}{once}.")
    night.append(
        "Every night has the same turns, whoever is alive, and every living player answers each"
        " one: whoever has nothing to do then sleeps."
    )
    return " ".join(night)


def _pack_rule(config: WerewolfConfig) -> str:
    """How the pack chooses its victim (``wolf_kill``)."""
    if config.wolf_kill is WolfKill.ONE_RANDOM:
        return (
            "Each night one living werewolf, drawn at random, picks the victim alone (a victim"
            " must be named); the pack learns who picked whom."
        )
    if config.wolf_kill is WolfKill.PROPOSE_DECIDE:
        return (
            "Each night the living werewolf with the lowest player number proposes a victim and"
            " the next living werewolf decides (a lone werewolf decides alone; a victim must be"
            " named); the pack learns the proposal and the decision."
        )
    tie = "a random one of the tied" if config.wolf_tie is WolfTie.RANDOM else "nobody"
    return f"Each night the living werewolves vote for a victim (a tie kills {tie})."


def _doctor_rule(config: WerewolfConfig) -> str:
    limits = []
    if not config.doctor_self_protect:
        limits.append("not themself")
    if not config.doctor_repeat:
        limits.append("not the same player two nights running")
    if limits:
        return f"The doctor protects one player ({', '.join(limits)})."
    return (
        "The doctor protects any one living player, themself too, and may protect the same"
        " player night after night."
    )


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


def _day_rules(config: WerewolfConfig) -> str:
    talk = _talk_rule(config)
    if config.straw_polls:
        talk += (
            " after every speech but the last, everyone alive votes in a straw poll, which exiles"
            " nobody; after the last speech"
        )
    else:
        talk += " then"
    return f"{talk} {_vote_rule(config)}"


def _talk_rule(config: WerewolfConfig) -> str:
    if config.discussion is Discussion.ROUND_ROBIN:
        order = "seat order" if config.speaking_order is SpeakingOrder.SEAT else "a random order"
        return f"By day every living player speaks {_times(config.discussion_rounds)}, in {order};"
    turns = config.bidding_turns
    who = "every living player" if config.last_speaker_bids else "every living player but the"
    who += "" if config.last_speaker_bids else " last speaker"
    weight = config.mention_weight
    named = f", each tied player named in the last speech {_times(weight)} as likely"
    shown = (
        " the bids are announced;"
        if config.bids_shown
        else " the bids stay secret (each player knows only their own);"
    )
    return (
        f"By day there {'is' if turns == 1 else 'are'} {counted(turns, 'speaking turn')};"
        f" before each, {who} bids 0-{MAX_BID} at once and the highest bid speaks (ties drawn at"
        f" random{named if weight > 1 else ''});{shown}"
    )


_VOTE_TIES = {
    VoteTie.NONE: "a tie exiles nobody",
    VoteTie.RANDOM: "a tie is broken at random",
    VoteTie.RUNOFF: "a tie leads to one run-off vote between the tied, and a second tie"
    " exiles nobody",
}


def _vote_rule(config: WerewolfConfig) -> str:
    if config.vote is VoteMode.SEQUENTIAL:
        ballots = "in public, one after another in a random order,"
    elif config.vote_reveal is VoteReveal.BALLOTS:
        ballots = "in secret (ballots revealed together)"
    else:
        ballots = "in secret (ballots are never shown: only who is exiled, if anyone)"
    abstain = "abstaining is allowed" if config.vote_abstain else "everyone must name a player"
    if config.exile is Exile.PLURALITY:
        need = "the most votes"
    elif config.vote_abstain:
        need = "the most votes, from more than half of the ballots (abstentions count)"
    else:
        need = "the votes of more than half of the living players"
    tie = config.vote_tie
    if config.exile is Exile.MAJORITY and tie is not VoteTie.RUNOFF:
        tie = VoteTie.NONE  # a tie never has a majority
    return (
        f"everyone alive votes {ballots} to exile another player ({abstain});"
        f" exile needs {need}; {_VOTE_TIES[tie]}."  # type: ignore[index]
    )


def _times(n: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _count(role: Role, n: int) -> str:
    if n == 1:
        return f"1 {role.value}"
    return f"{n} {'werewolves' if role is Role.WEREWOLF else role.value + 's'}"
