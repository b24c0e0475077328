"""What Who-is-Spy players read, and the action forms they write.

:class:`WhoIsSpyText` is the game's :class:`~parlour.core.text.GameText`: the rules summary and
card, one line per event (a function per payload kind), the prompts and the action tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parlour.core.actions import ActionSpec
from parlour.core.events import AgentId, Event
from parlour.core.numeric import plain_number
from parlour.core.text import GameText, forms_line, listed, moderator, speech_line
from parlour.envs.who_is_spy.model import (
    Action,
    AllTied,
    BallotCast,
    BlankGuess,
    Describe,
    Description,
    Elimination,
    GameOver,
    Guess,
    NoElimination,
    OwnWord,
    Pass,
    Phase,
    RoundStart,
    Runoff,
    SecretBallot,
    TieDraw,
    TieRestart,
    TieRule,
    Vote,
    VotesRevealed,
    VoteStart,
    WhoIsSpyConfig,
)
from parlour.envs.who_is_spy.rules import WhoIsSpyRules


def rules_summary(rules: WhoIsSpyRules) -> str:
    """The rules in force, written from the config so the text never disagrees with the game."""
    config = rules.config
    spies = "1 spy has" if config.num_spies == 1 else f"{config.num_spies} spies have"
    blanks = ""
    if config.num_blanks:
        blanks = (
            " 1 blank has no word at all and knows it."
            if config.num_blanks == 1
            else f" {config.num_blanks} blanks have no word at all and know it."
        )
    own_word = (
        "is withheld and counts as invalid"
        if config.own_word is OwnWord.WITHHOLD
        else 'stands, with your word replaced by "my word"'
    )
    reveal = "is announced" if config.reveal_role_on_elimination else "is not revealed"
    lines = [
        f"Most players (the civilians) share one secret word; {spies} a different but related word."
        f"{blanks} Nobody is told which side their word is on.",
        "Each round every living player describes their word in one line without saying it; a"
        f" description that contains your own word {own_word}.",
        _vote_rules(config),
        f"An eliminated player's role {reveal}.",
    ]
    if config.num_blanks:
        lines.append("An eliminated blank may guess the civilians' word, and wins alone if right.")
    if rules.last_turns:
        lines.append(
            "So that nobody can tell a blank from the turns, every eliminated player takes a last"
            " turn (only a blank has a guess to make there; the others pass)."
        )
    win = (
        "at least as many as the civilians left"
        if config.spy_win_ratio == 1
        else f"at least {plain_number(config.spy_win_ratio)} times as many as the civilians left"
    )
    everyone_out = "every spy and blank is out" if config.num_blanks else "every spy is out"
    lines.append(
        f"Civilians win when {everyone_out}; spies win when they are {win}."
        f" The game stops without a winner after round {config.max_rounds}."
    )
    return "\n".join(lines)


def _vote_rules(config: WhoIsSpyConfig) -> str:
    """How votes and ties work under ``config``, in one paragraph."""
    second_tie = (
        "a second tie eliminates nobody"
        if config.second_tie is TieRule.NONE
        else "a second tie is broken by a random draw"
    )
    if config.reveal_ballots:
        ballots = "ballots are revealed together"
    else:
        ballots = "ballots stay secret (you see only your own; a tie and the outcome are announced)"
    options = (
        " (each voter's options are listed in an order of its own)"
        if config.shuffle_vote_options
        else ""
    )
    text = (
        f"Then every living player votes in secret for another player{options}; {ballots} and"
        " the player with the most votes is eliminated."
    )
    if config.all_tied is AllTied.RESTART:
        text += (
            " If every player ties, nobody is eliminated and a new round starts; any other tie"
            " leads to one run-off: the tied players describe again and the others vote between"
            f" them; {second_tie}."
        )
    else:
        text += (
            " A tie leads to one run-off: the tied players describe again and the others"
            f" (everyone, if all are tied) vote between them; {second_tie}."
        )
    if config.runoff_takes_round:
        text += " A run-off is a round of its own."
    if config.final_tie is TieRule.RANDOM:
        text += " A tie with no round left to settle it is broken by a random draw."
    return text


def _round_start(data: RoundStart) -> str:
    return moderator(f"Round {data.round}. Speaking order: {', '.join(data.order)}.")


def _description(data: Description) -> str:
    if data.text is None:
        return moderator(f"{data.player}'s description was withheld (invalid).")
    return speech_line(data.player, data.text)


def _vote_start(data: VoteStart) -> str:
    """Who votes for whom, said so that it holds for every reader: a voter never votes for
    itself, so a vote of everyone names no candidates (a list would name each reader among its
    own); a run-off names the tied and who votes between them."""
    what = "Run-off vote" if data.runoff else "Vote"
    voters, candidates = data.voters, data.candidates
    if set(voters) == set(candidates):
        return moderator(f"{what}: every living player votes in secret for one of the others.")
    verb = "votes" if len(voters) == 1 else "vote"
    others = " (not for themselves)" if set(voters) & set(candidates) else ""
    return moderator(
        f"{what} between {listed(candidates)}: {listed(voters)} {verb} in secret{others}."
    )


def _ballot(data: BallotCast) -> str:
    target = data.target or "nobody (abstained)"
    return moderator(f"You voted for {target}. Ballots are revealed when everyone has voted.")


def _secret_ballot(data: SecretBallot) -> str:
    target = data.target or "nobody (abstained)"
    return moderator(f"You voted for {target}. Ballots stay secret.")


def _tie_restart(data: TieRestart) -> str:
    return moderator(
        f"Everyone tied ({', '.join(data.tied)}): nobody is eliminated; a new round starts."
    )


def _tie_draw(data: TieDraw) -> str:
    return moderator(f"Tie between {listed(data.tied)}: a random draw picks {data.chosen}.")


def _votes_revealed(data: VotesRevealed) -> str:
    ballots = "; ".join(f"{v} -> {t or 'abstained'}" for v, t in data.ballots.items())
    tally = ", ".join(f"{c}: {n}" for c, n in data.tally.items())
    return moderator(f"Ballots: {ballots}. Tally: {tally}.")


def _runoff(data: Runoff) -> str:
    return moderator(
        f"Tie between {listed(data.tied)}. They describe again in this order:"
        f" {', '.join(data.order)}; then a run-off vote between them."
    )


def _elimination(data: Elimination) -> str:
    role = f" Their role: {data.role}." if data.role else ""
    return moderator(f"{data.player} is eliminated.{role}")


def _no_elimination(data: NoElimination) -> str:
    if not data.tied:
        return moderator("Every ballot abstained: nobody is eliminated.")
    return moderator(f"The run-off tied again ({', '.join(data.tied)}): nobody is eliminated.")


def _blank_guess(data: BlankGuess) -> str:
    if data.right:
        return moderator(f"{data.player} was a blank and guessed the civilians' word.")
    return speech_line(data.player, data.guess or "(no guess)", verb="guessed (wrong)")


def _game_over(data: GameOver) -> str:
    roles = ", ".join(f"{p}: {r}" for p, r in data.roles.items())
    winners = ", ".join(data.winners)
    outcome = f"{data.winner} win ({winners})" if data.winner else f"no winner ({data.reason})"
    return moderator(
        f"Game over: {outcome}. Civilians' word: {data.civilian_word}; spies' word:"
        f" {data.spy_word}. Roles: {roles}."
    )


#: The line of each kind of event (a deal shows nothing: the card in the header says it).
_LINES: dict[type[Any], Callable[[Any], str]] = {
    RoundStart: _round_start,
    Description: _description,
    VoteStart: _vote_start,
    BallotCast: _ballot,
    SecretBallot: _secret_ballot,
    VotesRevealed: _votes_revealed,
    Runoff: _runoff,
    Elimination: _elimination,
    NoElimination: _no_elimination,
    BlankGuess: _blank_guess,
    TieRestart: _tie_restart,
    TieDraw: _tie_draw,
    GameOver: _game_over,
}


class WhoIsSpyText(GameText[WhoIsSpyRules, Action]):
    """What Who-is-Spy players read, and the tokens of their actions.

    Example:
        >>> WhoIsSpyText().format_action(Vote("player_3"))
        '[vote player_3]'
    """

    def render_header(self, rules: WhoIsSpyRules, viewer: AgentId) -> str:
        word = rules.word_of(viewer)
        card = (
            f'Your word is "{word}". You are not told whether you are a civilian or a spy.'
            if word is not None
            else "You are a blank: you have no word. Blend in, and work out the civilians' word."
        )
        players = ", ".join(rules.players)
        return (
            f"# Who is Spy - you are {viewer}\n"
            f"Players: {players}.\n"
            f"{rules_summary(rules)}\n\n"
            f"## Your card\n{card}"
        )

    def render_public(self, event: Event) -> str | None:
        render = _LINES.get(type(event.data))
        return None if render is None else render(event.data)

    def render_private(self, event: Event, viewer: AgentId) -> str | None:
        # A deal, one's own ballot or a wrong guess: the same line for each who may read it.
        return self.render_public(event)

    def render_prompt(
        self, rules: WhoIsSpyRules, viewer: AgentId, spec: ActionSpec[Any] | None
    ) -> str:
        if spec is not None:  # the viewer acts: the game is on
            return f"{_TASKS[rules.phase](rules, viewer)}\n{forms_line(spec)}"
        if rules.is_terminal() or rules.is_truncated():
            return "The game is over."
        if viewer not in rules.living:
            return f"Round {rules.round}. You are eliminated and watch the rest of the game."
        phase = rules.phase
        if phase is Phase.VOTE:  # not who has voted: ballots are secret until revealed
            return f"Round {rules.round}, vote. Waiting for the others to vote."
        waiting = ", ".join(rules.acting())
        return f"Round {rules.round}, {_PHASE_NAMES[phase]}. Waiting for {waiting}."

    def format_action(self, action: Action) -> str:
        if isinstance(action, Vote):
            return f"[vote {action.target}]" if action.target else "(abstain)"
        if isinstance(action, Describe):
            return action.text if action.text is not None else "(no description)"
        if isinstance(action, Guess):
            return action.word if action.word is not None else "(no guess)"
        if isinstance(action, Pass):
            return "[pass]"
        raise TypeError(f"not a Who-is-Spy action: {action!r}")


def _describe_task(rules: WhoIsSpyRules, viewer: AgentId) -> str:
    if rules.word_of(viewer) is not None:
        return f"Round {rules.round}: describe your word in one line, without saying it."
    return f"Round {rules.round}: give a one-line description that fits the others' word."


def _vote_task(rules: WhoIsSpyRules, viewer: AgentId) -> str:
    return (
        f"Round {rules.round}: vote for the player you think holds a different word (not yourself)."
    )


def _last_turn_task(rules: WhoIsSpyRules, viewer: AgentId) -> str:
    if rules.word_of(viewer) is None:
        return "You were eliminated as a blank: guess the civilians' word (one word)."
    return (
        "You were eliminated. You hold a word, so you have nothing to guess; this last turn"
        " only keeps a blank's guess from showing."
    )


#: What the acting player is asked to do in each phase where someone acts.
_TASKS: dict[Phase, Callable[[WhoIsSpyRules, AgentId], str]] = {
    Phase.DESCRIBE: _describe_task,
    Phase.VOTE: _vote_task,
    Phase.BLANK_GUESS: _last_turn_task,
}

#: How the others' prompt names a phase (the guessing turn by what everyone can see of it).
_PHASE_NAMES = {
    Phase.DESCRIBE: "describe",
    Phase.VOTE: "vote",
    Phase.BLANK_GUESS: "last turn of the eliminated player",
    Phase.OVER: "over",
}
