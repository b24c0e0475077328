"""What LLM agents share: prompts and reply parsing, call records and prices, the response cache."""

from parlour.llm.cache import CacheMode, ReplayMiss, ResponseCache
from parlour.llm.records import PRICES, CallRecord, cost_of, usage_summary

__all__ = [
    "PRICES",
    "CacheMode",
    "CallRecord",
    "ReplayMiss",
    "ResponseCache",
    "cost_of",
    "usage_summary",
]
