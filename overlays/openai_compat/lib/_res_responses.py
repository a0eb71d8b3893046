"""`client.responses` with `parse()` / `stream()`, on the realtime overlay's resource
(`connect()`), which subclasses the generated one."""

from __future__ import annotations

# The helper classes with their generated typed signatures (at run time `_responses_helpers`'s).
from .._generated.openai.helper_signatures import AsyncResponsesHelpers, ResponsesHelpers
from .._generated.openai.resources import responses as _responses
from .._realtime import _resources as _realtime_resources
from .._runtime import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)


class Responses(_realtime_resources.Responses, ResponsesHelpers):
    """`client.responses`, with `parse()`, `stream()` and `connect()` (the realtime overlay)."""

    @property
    def with_raw_response(self) -> ResponsesWithRawResponse:
        return ResponsesWithRawResponse(self)

    @property
    def with_streaming_response(self) -> ResponsesWithStreamingResponse:
        return ResponsesWithStreamingResponse(self)


class AsyncResponses(_realtime_resources.AsyncResponses, AsyncResponsesHelpers):
    """`client.responses` of `AsyncOpenAI`, with `parse()` and `stream()`."""

    @property
    def with_raw_response(self) -> AsyncResponsesWithRawResponse:
        return AsyncResponsesWithRawResponse(self)

    @property
    def with_streaming_response(self) -> AsyncResponsesWithStreamingResponse:
        return AsyncResponsesWithStreamingResponse(self)


# The response views with `parse()` typed as openai-python's (`APIResponse[ParsedResponse[T]]`);
# at run time the generated wrappers reach it through the same view.
class ResponsesWithRawResponse(_responses.ResponsesWithRawResponse):
    def __init__(self, resource: Responses) -> None:
        super().__init__(resource)
        view: Responses = self._view
        self.parse = to_raw_response_wrapper(view.parse)


class ResponsesWithStreamingResponse(_responses.ResponsesWithStreamingResponse):
    def __init__(self, resource: Responses) -> None:
        super().__init__(resource)
        view: Responses = self._view
        self.parse = to_streamed_response_wrapper(view.parse)


class AsyncResponsesWithRawResponse(_responses.AsyncResponsesWithRawResponse):
    def __init__(self, resource: AsyncResponses) -> None:
        super().__init__(resource)
        view: AsyncResponses = self._view
        self.parse = async_to_raw_response_wrapper(view.parse)


class AsyncResponsesWithStreamingResponse(_responses.AsyncResponsesWithStreamingResponse):
    def __init__(self, resource: AsyncResponses) -> None:
        super().__init__(resource)
        view: AsyncResponses = self._view
        self.parse = async_to_streamed_response_wrapper(view.parse)
