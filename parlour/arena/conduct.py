"""Each agent's conduct and LLM usage over a run, from the games' stored call records.

A call record is not always a request: a cache hit sent nothing, and a fallback is a synthetic
record of an agent that gave up. The tables once counted every record as an "LLM call" and added
the tokens of replies replayed from the cache to the tokens spent, so a replay-only run seemed to
spend what the run it replayed had spent. Here every record is read through
:func:`parlour.llm.usage_summary`, which counts decisions, requests sent, cache hits and fallbacks
apart, and keeps replayed tokens out of the tokens spent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from parlour.llm.records import CallRecord, usage_summary

_FIELDS = {f.name for f in dataclasses.fields(CallRecord)}


def record_from_json(data: dict[str, Any]) -> CallRecord:
    """A stored call record as a :class:`CallRecord`; keys this parlour does not know (a run
    written by another version) are left out, missing ones take their defaults."""
    return CallRecord(**{key: value for key, value in data.items() if key in _FIELDS})


def game_usage(llm_calls: dict[str, list[dict[str, Any]]] | None) -> dict[str, Any]:
    """One game's usage over all its seats (a game's decision indices are its own)."""
    return usage_summary(record_from_json(c) for calls in (llm_calls or {}).values() for c in calls)


def add_usage(total: dict[str, Any], more: dict[str, Any]) -> None:
    """Add one summary's counts to ``total`` (keys missing from ``total`` start at 0)."""
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def conduct(games: Iterable[dict[str, Any]], agents: list[str]) -> dict[str, dict[str, Any]]:
    """Per agent: seat-games, invalid actions (the env's count, any agent), and the LLM usage of
    its seats (see :func:`parlour.llm.usage_summary`), with the rates the report shows.

    ``decisions`` counts each distinct (game, seat, decision) once: a decision's re-asks,
    retries and fallback are records of one decision.
    """
    rows: dict[str, dict[str, Any]] = {
        agent: {"seat_games": 0, "invalid_actions": 0, **usage_summary([])} for agent in agents
    }
    for game in games:
        invalid = (game.get("metrics") or {}).get("invalid_actions", {})
        calls = game.get("llm_calls") or {}
        for seat, agent in game["seats"].items():
            row = rows[agent]
            row["seat_games"] += 1
            row["invalid_actions"] += sum(invalid.get(seat, {}).values())
            add_usage(row, game_usage({seat: calls.get(seat, [])}))
    for row in rows.values():
        row["invalid_per_game"] = (
            row["invalid_actions"] / row["seat_games"] if row["seat_games"] else 0.0
        )
        row["fallback_rate"] = row["fallbacks"] / row["decisions"] if row["decisions"] else 0.0
        row["tokens"] = row["prompt_tokens"] + row["completion_tokens"]
        row["cached_tokens"] = row["cached_prompt_tokens"] + row["cached_completion_tokens"]
    return rows
