"""Responses over a WebSocket: `client.responses.connect(...)`.

    with client.responses.connect() as connection:
        connection.response.create(model="gpt-5", input="Say hello.")
        for event in connection:
            if event.type == "response.output_text.delta": print(event.delta, end="")
            elif event.type in ("response.completed", "response.failed", "error"): break

Events are the spec's `ResponsesServerEvent` union: the Responses stream events, each with the
WebSocket-only `stream_id`, and the WebSocket `error` event.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from .._exceptions import InvalidArgumentError
from ._connection import AsyncConnectionBase, SyncConnectionBase
from ._events import RESPONSES, dumps_event, strip_omitted
from ._manager import AsyncConnectionManager, Endpoint, SyncConnectionManager

__all__ = [
    "AsyncResponsesConnection",
    "AsyncResponsesConnectionManager",
    "ResponsesConnection",
    "ResponsesConnectionManager",
]

RESPONSES_ENDPOINT = Endpoint("/responses", RESPONSES)

# The fields of a `response.create` client event (openai-python 3.54's, which it sends in this,
# alphabetical, order).
RESPONSE_CREATE_FIELDS = (
    "access_programs", "background", "background_options", "context_management", "conversation",
    "generate", "image", "include", "input", "instructions", "max_output_tokens",
    "max_tool_calls", "metadata", "model", "moderation", "parallel_tool_calls",
    "previous_response_id", "prompt", "prompt_cache_key", "prompt_cache_options",
    "prompt_cache_retention", "reasoning", "safety_identifier", "service_tier", "store", "stream",
    "stream_id", "stream_options", "temperature", "text", "tool_choice", "tools", "top_logprobs",
    "top_p", "truncation", "user",
)  # fmt: skip
_KNOWN = frozenset(RESPONSE_CREATE_FIELDS)

R = TypeVar("R")


class ResponsesResponseResource(Generic[R]):
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def create(self, **params: Any) -> R:
        """`response.create`: start a response; the parameters are those of
        `client.responses.create` (without `stream`, implicit here) plus `stream_id`, the lane."""
        unknown = sorted(set(params) - _KNOWN)
        if unknown:
            raise InvalidArgumentError(
                f"response.create(): unexpected argument(s) {', '.join(unknown)}; expected some "
                f"of {', '.join(RESPONSE_CREATE_FIELDS)}",
                param=unknown[0],
            )
        fields = {"type": "response.create"}
        fields.update(strip_omitted({k: params[k] for k in RESPONSE_CREATE_FIELDS if k in params}))
        result: R = self._connection.send(fields)
        return result

    def steer(self, *, input: Any, previous_response_id: str) -> R:
        """`response.steer`: queue user input for the response `previous_response_id`."""
        result: R = self._connection.send(
            {"type": "response.steer", "input": input, "previous_response_id": previous_response_id}
        )
        return result


class ResponsesConnection(SyncConnectionBase):
    """A live Responses WebSocket connection (from `client.responses.connect()`)."""

    response: ResponsesResponseResource[None]

    def __init__(self, websocket: Any, **state: Any) -> None:
        super().__init__(websocket, **state)
        self.response = ResponsesResponseResource(self)

    def send(self, event: Any) -> None:
        """Send a client event: a dict (`{"type": "response.create", ...}`) or a model."""
        self.send_raw(dumps_event(event))


class AsyncResponsesConnection(AsyncConnectionBase):
    """A live Responses WebSocket connection (from `AsyncOpenAI().responses.connect()`)."""

    response: ResponsesResponseResource[Any]

    def __init__(self, websocket: Any, **state: Any) -> None:
        super().__init__(websocket, **state)
        self.response = ResponsesResponseResource(self)

    async def send(self, event: Any) -> None:
        """Send a client event: a dict (`{"type": "response.create", ...}`) or a model."""
        await self.send_raw(dumps_event(event))


class ResponsesConnectionManager(SyncConnectionManager):
    """`with client.responses.connect() as connection:`; `.enter()` without `with`."""

    _connection_class = ResponsesConnection

    def __enter__(self) -> ResponsesConnection:
        connection: ResponsesConnection = super().__enter__()
        return connection

    enter = __enter__


class AsyncResponsesConnectionManager(AsyncConnectionManager):
    """`async with client.responses.connect() as connection:`; `await .enter()`."""

    _connection_class = AsyncResponsesConnection

    async def __aenter__(self) -> AsyncResponsesConnection:
        connection: AsyncResponsesConnection = await super().__aenter__()
        return connection

    enter = __aenter__
