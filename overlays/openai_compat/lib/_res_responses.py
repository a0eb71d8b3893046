"""`client.responses` with `parse()` / `stream()` (subclasses of the generated resources)."""

from __future__ import annotations

from .._generated.openai.resources import responses as _responses
from ._responses_helpers import AsyncResponsesHelpers, ResponsesHelpers


class Responses(ResponsesHelpers, _responses.Responses):
    """`client.responses`, with `parse()` and `stream()`."""


class AsyncResponses(AsyncResponsesHelpers, _responses.AsyncResponses):
    """`client.responses` of `AsyncOpenAI`, with `parse()` and `stream()`."""
