"""`client.responses` with `parse()` / `stream()`, on the realtime overlay's resource
(`connect()`), which subclasses the generated one."""

from __future__ import annotations

from .._realtime import _resources as _realtime_resources
from ._responses_helpers import AsyncResponsesHelpers, ResponsesHelpers


class Responses(_realtime_resources.Responses, ResponsesHelpers):
    """`client.responses`, with `parse()`, `stream()` and `connect()` (the realtime overlay)."""


class AsyncResponses(_realtime_resources.AsyncResponses, AsyncResponsesHelpers):
    """`client.responses` of `AsyncOpenAI`, with `parse()` and `stream()`."""
