"""The last lines of a Werewolf observation: what the seat is asked to do now, or why it waits.

A prompt is the seat's own: it may say what only that seat knows (the pack's proposal to the
deciding wolf, the seer's exhausted list), never what the seat may not know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parlour.core.events import AgentId
from parlour.envs.werewolf.model import Phase, Role, VoteMode, WolfKill

if TYPE_CHECKING:
    from parlour.envs.werewolf.rules import WerewolfRules

_TASKS = {
    Phase.NIGHT: "nothing to do this turn; the night goes on.",
    Phase.WOLF_CHAT: "talk with the pack about whom to kill (only werewolves hear this).",
    Phase.DOCTOR: "choose whom to protect tonight.",
    Phase.SEER: "choose whom to inspect tonight.",
    Phase.HUNTER: "you are dying: shoot one player, or hold fire.",
    Phase.LAST_WORDS: "you are dead: say your last words, in one line.",
    Phase.DISCUSSION: "speak to the village, in one line.",
}

#: What a bid means (the scale Werewolf Arena explains to its players, in our words).
BID_SCALE = (
    "0: listen for now; 1: general thoughts; 2: something specific and important;"
    " 3: it is urgent that you speak; 4: you were addressed and must answer"
)


def task_line(rules: WerewolfRules, viewer: AgentId) -> str:
    """What ``viewer``, who acts now, is asked to do (without the action forms)."""
    doing = rules.task(viewer)
    if doing is Phase.WITCH:
        victim = rules.victim
        news = f"the werewolves attacked {victim}." if victim else "nobody was attacked."
        return f"{news} Use a potion, or pass."
    if doing is Phase.WOLF_VOTE:
        return _pack_task(rules)
    if doing is Phase.WOLF_DECIDE:
        proposal = rules.proposal or "nobody (no valid proposal)"
        return f"{rules.proposer} proposes to kill {proposal}: you decide tonight's victim."
    if doing is Phase.BID:
        turn, turns = rules.speaking_turn, rules.config.bidding_turns
        return f"bid for speaking turn {turn} of {turns} ({BID_SCALE})."
    if doing is Phase.VOTE:
        return _vote_task(rules)
    if doing is Phase.NIGHT and _seer_done(rules, viewer):
        return "you have inspected every other living player; nothing to do this turn."
    return _TASKS[doing]


def _pack_task(rules: WerewolfRules) -> str:
    mode = rules.config.wolf_kill
    if mode is WolfKill.ONE_RANDOM:
        return "you were drawn to pick tonight's victim, alone, for the pack."
    if mode is WolfKill.PROPOSE_DECIDE:
        if rules.decider is not None:
            return f"propose tonight's victim; {rules.decider} decides."
        return "choose tonight's victim (you are the only werewolf alive)."
    return "vote for tonight's victim."


def _vote_task(rules: WerewolfRules) -> str:
    config = rules.config
    choice = ", or abstain" if config.vote_abstain else " (you must name one)"
    if rules.straw_poll:
        return (
            f"straw poll on the last speech: vote to exile another player{choice}. It exiles"
            " nobody; only the vote after the day's last speech does."
        )
    return f"vote to exile another player{choice}."


def _seer_done(rules: WerewolfRules, viewer: AgentId) -> bool:
    """A living seer with nobody left to inspect, in the night's decisions turn."""
    return (
        rules.roles[viewer] is Role.SEER
        and rules.night_turn is Phase.WOLF_VOTE
        and not rules.inspectable(viewer)
    )


def waiting_line(rules: WerewolfRules, viewer: AgentId, when: str) -> str:
    """The prompt of a seat that does not act now."""
    phase = rules.phase
    if not rules.is_alive(viewer):
        return f"{when}. You are dead and watch the rest of the game."
    if phase is Phase.NIGHT:
        return f"{when}. The night goes on."  # (who has not answered yet: seat order)
    if phase is Phase.BID and viewer not in rules.bidders():
        return (
            f"{when}. The others bid for speaking turn {rules.speaking_turn}; you cannot bid"
            " now: you spoke last."
        )
    if phase is Phase.BID or (phase is Phase.VOTE and rules.config.vote is VoteMode.SECRET):
        return f"{when}. Waiting for the others to {phase.value}."  # not who has: secret
    return f"{when}. Waiting for {', '.join(rules.acting())}."
