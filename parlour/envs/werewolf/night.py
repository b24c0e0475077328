"""Werewolf's night: its fixed schedule of turns, the night roles' choices, and dawn.

Every night has the same turns, fixed by the config: one per wolf in play per chat round (a dead
wolf's turn names no speaker), then the night's decisions (the pack's choice, the doctor's
protection and the seer's inspection, taken together), then the deciding wolf's turn when the
pack proposes and decides (``propose_decide``, two or more wolves in play), then the witch's turn
when a witch is in play. Every living player answers each turn; a seat with no task in it answers
``[sleep]``, so the turns tell nobody who holds which role, nor how many wolves live.

The pack's choice (``wolf_kill``): every living wolf votes; or one living wolf, drawn from the
pack's stream each night, picks alone (Werewolf Arena); or the living wolf of the lowest seat
proposes and the next one decides (LSPO), a lone wolf deciding alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from parlour.core.actions import ActionKind, Legal
from parlour.core.ballots import Ballot, TieRule, VoteRule, decide
from parlour.core.events import AgentId, frozen_map
from parlour.envs.werewolf.model import (
    Action,
    Cause,
    Dawn,
    Heal,
    Inspect,
    Inspection,
    Kill,
    NightStart,
    Pass,
    Phase,
    Poison,
    Protect,
    Protection,
    Reveal,
    Role,
    Speak,
    WitchAct,
    WitchNews,
    WolfBallot,
    WolfChat,
    WolfDecision,
    WolfKill,
    WolfPick,
    WolfProposal,
    WolfTie,
    team_of,
)

if TYPE_CHECKING:
    from parlour.envs.werewolf.rules import WerewolfRules

#: Who has a task in the night's decisions turn (the witch has a turn of her own).
NIGHT_TASKS = {Role.WEREWOLF: Phase.WOLF_VOTE, Role.DOCTOR: Phase.DOCTOR, Role.SEER: Phase.SEER}


def wolf_rule(wolf_tie: WolfTie) -> VoteRule:
    """The pack's vote: the most votes kill; a tie kills a seeded one of the tied, or nobody."""
    return VoteRule(tie=TieRule.RANDOM if wolf_tie is WolfTie.RANDOM else TieRule.NONE)


class NightSchedule:
    """The night half of :class:`~parlour.envs.werewolf.rules.WerewolfRules` (a mixin: its
    methods read and change the rules' state)."""

    def _start_night(self: WerewolfRules) -> None:
        self.day += 1
        self.victim, self._protected, self._healed, self._poisoned = None, None, False, None
        self.proposal = self.proposer = self._decision = self.decider = None
        self.log(NightStart(self.day))
        wolves = self.living_wolves()
        speakers: list[AgentId | None] = []
        if len(wolves) > 1:  # a lone wolf has nobody to talk to
            order = [wolves[i] for i in self._pack_rng.permutation(len(wolves))]
            speakers = order * self.config.wolf_chat_rounds
        speakers += [None] * (self._chat_turns - len(speakers))  # the dead wolves' turns
        self._night_turns = [(Phase.WOLF_CHAT, s) for s in speakers]
        self._night_turns.append((Phase.WOLF_VOTE, None))
        if self._decide_turn:
            self._night_turns.append((Phase.WOLF_DECIDE, None))
        if self._witch_turn:
            self._night_turns.append((Phase.WITCH, None))
        self._next_night_turn()

    def _next_night_turn(self: WerewolfRules) -> None:
        """Open the night's next turn for every living player, each told only its own task."""
        if not self._night_turns:
            self._dawn()
            return
        turn, speaker = self._night_turns.pop(0)
        tasks: dict[AgentId, Phase] = {}
        if speaker is not None:
            tasks[speaker] = Phase.WOLF_CHAT
        elif turn is Phase.WOLF_VOTE:  # the night's decisions, taken together
            tasks = self._decision_tasks()
        elif turn is Phase.WOLF_DECIDE:
            if self.decider is not None:  # else a lone wolf has decided already: all sleep
                tasks[self.decider] = Phase.WOLF_DECIDE
        elif turn is Phase.WITCH:
            for witch in self.living_with(Role.WITCH):
                if self.can_heal(witch) or self.poison_left:  # else she sleeps, told nothing
                    tasks[witch] = Phase.WITCH
                    self.log(WitchNews(self.victim), visible_to={witch})
        self._set_phase(Phase.NIGHT, voters=list(self.living))
        self._night_turn, self._tasks = turn, tasks

    def _decision_tasks(self: WerewolfRules) -> dict[AgentId, Phase]:
        """Who chooses for the pack tonight (and who decides after a proposal), the doctor, and
        the seer while someone is left to inspect."""
        wolves, mode = self.living_wolves(), self.config.wolf_kill
        if mode is WolfKill.ONE_RANDOM:
            choosers = [wolves[int(self._pack_rng.integers(len(wolves)))]]
        elif mode is WolfKill.PROPOSE_DECIDE:
            choosers = wolves[:1]
            self.decider = wolves[1] if len(wolves) > 1 else None
        else:
            choosers = wolves
        tasks = dict.fromkeys(choosers, Phase.WOLF_VOTE)
        self._wolf_ballot = Ballot(tuple(choosers), tuple(self.living))
        for p in self.living:
            role = self.roles[p]
            if role is Role.DOCTOR or (role is Role.SEER and self.inspectable(p)):
                tasks[p] = NIGHT_TASKS[role]
        return tasks

    def inspectable(self: WerewolfRules, seer: AgentId) -> list[AgentId]:
        """The players ``seer`` may inspect: every other living one, or (``seer_recheck``
        false) those not inspected before."""
        again = self.config.seer_recheck
        return [p for p in self.living if p != seer and (again or p not in self.inspected)]

    def _kill_legal(self: WerewolfRules, agent: AgentId) -> Legal[Action]:
        prey = tuple(Kill(p) for p in self.living if self.roles[p] is not Role.WEREWOLF)
        return Legal(ActionKind.CHOICE, Kill(None), prey)

    def _protect_legal(self: WerewolfRules, agent: AgentId) -> Legal[Action]:
        config = self.config
        choices = tuple(
            Protect(p)
            for p in self.living
            if (p != agent or config.doctor_self_protect)
            and (p != self._last_protected or config.doctor_repeat)
        )
        return Legal(ActionKind.CHOICE, Protect(None), choices)

    def _inspect_legal(self: WerewolfRules, agent: AgentId) -> Legal[Action]:
        choices = tuple(Inspect(p) for p in self.inspectable(agent))
        return Legal(ActionKind.CHOICE, Inspect(None), choices)

    def _potion_legal(self: WerewolfRules, agent: AgentId) -> Legal[Action]:
        potions: list[Action] = [Heal()] if self.can_heal(agent) else []
        if self.poison_left:
            potions.extend(Poison(p) for p in self.living if p != agent)
        potions.append(Pass())
        return Legal(ActionKind.CHOICE, Pass(), tuple(potions))

    def _night(self: WerewolfRules, agent: AgentId, action: Action) -> None:
        """One seat's answer in a night turn: its task's action, or a sleep."""
        self._answers[agent] = action
        task = self._tasks.get(agent)
        if task is not None:
            NIGHT_ACTS[task](self, agent, action)
        if len(self._answers) < len(self._voters):
            return
        if self._night_turn is Phase.WOLF_VOTE:
            self._after_pack_choice()
        elif self._night_turn is Phase.WOLF_DECIDE and self.decider is not None:
            self._pick_victim(self.decider, self._decision, self.proposal)
        self._next_night_turn()

    def _wolf_chat(self: WerewolfRules, agent: AgentId, action: Speak) -> None:
        self.log(WolfChat(agent, action.text), visible_to=self.wolves)

    def _wolf_vote(self: WerewolfRules, agent: AgentId, action: Kill) -> None:
        self._wolf_ballot.cast(agent, action.target)
        if self.config.wolf_kill is WolfKill.VOTE:
            self.log(WolfBallot(agent, action.target), visible_to={agent})

    def _wolf_decide(self: WerewolfRules, agent: AgentId, action: Kill) -> None:
        self._decision = action.target

    def _after_pack_choice(self: WerewolfRules) -> None:
        """The end of the decisions turn: the pack's vote decides, the one chooser's pick is
        the victim, or the proposal goes to the decider."""
        if self.config.wolf_kill is WolfKill.VOTE:
            self._decide_victim()
            return
        chooser = self._wolf_ballot.voters[0]
        target = self._wolf_ballot.cast_so_far.get(chooser)
        if self.decider is None:
            self._pick_victim(chooser, target, None)
            return
        self.proposal, self.proposer = target, chooser
        self.log(WolfProposal(chooser, target, self.decider), visible_to=self.wolves)

    def _pick_victim(
        self: WerewolfRules, chooser: AgentId, target: AgentId | None, proposal: AgentId | None
    ) -> None:
        """``chooser`` names the victim alone; an invalid answer (None) kills the proposal, or
        a prey drawn from the pack's stream: the rules of these modes offer no "no kill"."""
        defaulted = target is None
        if target is None:
            prey = [p for p in self.living if self.roles[p] is not Role.WEREWOLF]
            target = proposal or prey[int(self._pack_rng.integers(len(prey)))]
        self.victim = target
        self.log(WolfPick(chooser, target, defaulted), visible_to=self.wolves)

    def _decide_victim(self: WerewolfRules) -> None:
        tally = self._wolf_ballot.tally()
        verdict = decide(tally, wolf_rule(self.config.wolf_tie), self._pack_rng)
        self.victim = verdict.chosen
        decision = WolfDecision(frozen_map(tally.ballots), self.victim, len(verdict.tied) > 1)
        self.log(decision, visible_to=self.wolves)

    def _doctor(self: WerewolfRules, agent: AgentId, action: Protect) -> None:
        self._protected = self._last_protected = action.target
        self.records.protections += action.target is not None
        self.log(Protection(agent, action.target), visible_to={agent})

    def _witch(self: WerewolfRules, agent: AgentId, action: Heal | Poison | Pass) -> None:
        records = self.records
        poison = None
        if isinstance(action, Heal):
            self.heal_left, self._healed = False, True
            records.witch_heals += 1
        elif isinstance(action, Poison):
            self.poison_left, self._poisoned = False, action.target
            poison = action.target
            records.witch_poisons += 1
            records.witch_poisoned_wolves += self.roles[poison] is Role.WEREWOLF
        self.log(WitchAct(agent, isinstance(action, Heal), poison), visible_to={agent})

    def _seer(self: WerewolfRules, agent: AgentId, action: Inspect) -> None:
        target = action.target
        if target is None:
            self.log(Inspection(agent, None, None, None), visible_to={agent})
            return
        role = self.roles[target]
        self.inspected[target] = role
        self.records.inspections += 1
        self.records.wolves_found += role is Role.WEREWOLF
        shown = role if self.config.seer_reveals is Reveal.ROLE else None
        self.log(Inspection(agent, target, shown, team_of(role)), visible_to={agent})

    def _dawn(self: WerewolfRules) -> None:
        victim = self.victim
        saved = victim is not None and (victim == self._protected or self._healed)
        if saved and victim == self._protected:
            self.records.doctor_saves += 1
        elif saved:
            self.records.witch_saves += 1
        causes: dict[AgentId, Cause] = {}
        if victim is not None and not saved:
            causes[victim] = Cause.WOLVES
        if self._poisoned is not None:
            causes[self._poisoned] = Cause.POISON  # also the wolves' victim: no hunter shot
        dead = {p: causes[p] for p in self.players if p in causes}  # (seat order)
        for agent, cause in dead.items():
            self._kill(agent, cause)
        self.log(Dawn(self.day, tuple(self._death_note(a) for a in dead)))
        self._after_deaths(dead, then=Phase.DISCUSSION)


#: What a seat does with its answer, by its task in the night turn (a sleeper: nothing).
NIGHT_ACTS: dict[Phase, Callable[[WerewolfRules, AgentId, Any], None]] = {
    Phase.WOLF_CHAT: NightSchedule._wolf_chat,
    Phase.WOLF_VOTE: NightSchedule._wolf_vote,
    Phase.WOLF_DECIDE: NightSchedule._wolf_decide,
    Phase.DOCTOR: NightSchedule._doctor,
    Phase.WITCH: NightSchedule._witch,
    Phase.SEER: NightSchedule._seer,
}
