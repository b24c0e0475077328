"""One record per LLM call, and a price table that turns tokens into cost."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

#: USD per million (prompt, completion) tokens, by model-name prefix (longest prefix wins).
#: Public list prices at the time of writing; pass ``prices=`` to an agent to override.
#: Models not listed (local servers: vLLM, Ollama, llama.cpp) cost 0.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
    "o3": (2.00, 8.00),
}


def cost_of(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    prices: Mapping[str, tuple[float, float]] = PRICES,
) -> float:
    """The cost in USD of one call.

    Example:
        >>> round(cost_of("gpt-4o-mini-2024-07-18", 1_000_000, 0), 2)
        0.15
    """
    matches = [prefix for prefix in prices if model.startswith(prefix)]
    if not matches:
        return 0.0
    prompt_price, completion_price = prices[max(matches, key=len)]
    return (prompt_tokens * prompt_price + completion_tokens * completion_price) / 1_000_000


@dataclass
class CallRecord:
    """Everything about one request an agent made (or took from the cache).

    Attributes:
        seat, model, mode: who asked, which model, which output mode.
        decision: index of the decision within the game (per seat); attempt: 0 first, then re-asks.
        messages: the request's messages; raw_reply: the text (or tool arguments) returned.
        action: the action text taken from the reply; valid: whether the parser accepted it.
        error: the parser's reason for an invalid reply, or the transport fault.
        fault: the fault kind (timeout, connection, 429, 5xx, status, malformed, empty) or None.
        transport_retries: failed tries before this one succeeded (or gave up).
        wait_s: after a fault, the seconds waited before the next try (Retry-After as the server
            sent it, cut to the agent's ``max_wait_s``, or the backoff).
        latency_s: wall time of the call, retries included.
        prompt_tokens, completion_tokens, finish_reason, system_fingerprint: from the response.
        cached: served from the response cache; fallback: the agent gave up and let the env apply
            the game's default (a record of the give-up, not a request); cost_usd: from the price
            table.
        rejected: why an invalid reply was not taken: ``ambiguous`` (its action line named
            several actions, as an echoed menu does), ``echo`` (speech copying the game's text,
            or a refusal), ``illegal``, ``malformed`` or ``unreadable``.
        warning: what the records should flag, such as a reply cut at ``max_tokens``.
        reasoning: a thinking model's ``reasoning_content``; server: the replica that answered.
    """

    seat: str
    model: str
    mode: str
    decision: int
    attempt: int
    messages: list[dict[str, Any]]
    raw_reply: str | None = None
    action: str | None = None
    valid: bool = False
    error: str | None = None
    fault: str | None = None
    transport_retries: int = 0
    wait_s: float = 0.0
    latency_s: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None
    system_fingerprint: str | None = None
    cached: bool = False
    fallback: bool = False
    cost_usd: float = 0.0
    faults: list[str] = field(default_factory=list)
    rejected: str | None = None
    warning: str | None = None
    reasoning: str | None = None
    server: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def usage_summary(records: Iterable[CallRecord]) -> dict[str, Any]:
    """Totals over records, with what was sent kept apart from what was not.

    A record is not always a request: a cache hit sent nothing, and a fallback is a synthetic
    record of the agent giving up. Counting every record as a call overstated the requests (a
    replay-only run "spent" the tokens of the run it replayed), so each kind is counted apart:

    * ``decisions``: distinct (seat, decision) pairs. Decision indices restart with each game,
      so sum per-game summaries rather than summarising several games' records at once.
    * ``requests``: requests sent, records neither cached nor fallback (failed ones included);
      ``faults``: those of them that failed (a transport fault: no reply).
    * ``cache_hits``: replies taken from the response cache; ``fallbacks``: decisions the agent
      gave up on (the env applied the game's default). Neither sent a request.
    * ``invalid_replies``: replies the parser refused, sent or replayed alike (the model's
      conduct does not depend on where its reply came from).
    * ``prompt_tokens``, ``completion_tokens``, ``cost_usd``: of the requests sent only.
    * ``cached_prompt_tokens``, ``cached_completion_tokens``: the tokens the cache hits' replies
      had when first sent; replayed, not spent.

    Example:
        >>> sent = CallRecord("player_0", "m", "text", 0, 0, [], raw_reply="[x]", valid=True,
        ...                   prompt_tokens=10, completion_tokens=2)
        >>> replayed = CallRecord("player_1", "m", "text", 0, 0, [], raw_reply="[x]",
        ...                       valid=True, prompt_tokens=10, completion_tokens=2, cached=True)
        >>> totals = usage_summary([sent, replayed])
        >>> totals["decisions"], totals["requests"], totals["cache_hits"], totals["prompt_tokens"]
        (2, 1, 1, 10)
    """
    totals: dict[str, Any] = {
        "decisions": 0,
        "requests": 0,
        "faults": 0,
        "cache_hits": 0,
        "fallbacks": 0,
        "invalid_replies": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "cost_usd": 0.0,
        "cached_prompt_tokens": 0,
        "cached_completion_tokens": 0,
    }
    decisions: set[tuple[str, int]] = set()
    for record in records:
        decisions.add((record.seat, record.decision))
        totals["invalid_replies"] += record.raw_reply is not None and not record.valid
        if record.fallback:
            totals["fallbacks"] += 1
        elif record.cached:
            totals["cache_hits"] += 1
            totals["cached_prompt_tokens"] += record.prompt_tokens
            totals["cached_completion_tokens"] += record.completion_tokens
        else:
            totals["requests"] += 1
            totals["faults"] += record.fault is not None
            totals["prompt_tokens"] += record.prompt_tokens
            totals["completion_tokens"] += record.completion_tokens
            totals["cost_usd"] += record.cost_usd
    totals["decisions"] = len(decisions)
    return totals
