"""`connect()` on the generated resources: `client.realtime`, `client.responses`,
`client.beta.realtime` (the beta protocol; its `sessions` and `transcription_sessions` are the
generated ones, named after openai-python's paths).

The generated classes are extended here (overlays import generated code, never the reverse) and
the clients expose the extended resources (see `_attach`). Nothing here
imports `websockets`: that happens when a connection opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from .._generated.openai.resources import beta as _beta
from .._generated.openai.resources import realtime as _realtime
from .._generated.openai.resources import responses as _responses
from .._runtime import NOT_GIVEN, NotGiven, Omit
from ._realtime import (
    BETA_REALTIME_ENDPOINT,
    REALTIME_ENDPOINT,
    AsyncBetaRealtimeConnectionManager,
    AsyncRealtimeConnectionManager,
    BetaRealtimeConnectionManager,
    RealtimeConnectionManager,
)
from ._responses import (
    RESPONSES_ENDPOINT,
    AsyncResponsesConnectionManager,
    ResponsesConnectionManager,
)
from ._support import OnReconnecting

__all__ = [
    "AsyncBeta",
    "AsyncBetaRealtime",
    "AsyncRealtime",
    "AsyncResponses",
    "Beta",
    "BetaRealtime",
    "Realtime",
    "Responses",
]

_Q = Mapping[str, object]
_H = Mapping[str, Any]


def _realtime_query(model: Any, call_id: Any) -> dict[str, object]:
    from .._exceptions import InvalidArgumentError

    query: dict[str, object] = {}
    for name, value in (("model", model), ("call_id", call_id)):
        if value is None or isinstance(value, (NotGiven, Omit)):
            continue
        if not isinstance(value, str):
            raise InvalidArgumentError(
                f"realtime.connect(): {name} must be a str, got {type(value).__name__}",
                param=name,
            )
        query[name] = value
    return query


class Realtime(_realtime.Realtime):
    def connect(
        self, *, call_id: Any = NOT_GIVEN, model: Any = NOT_GIVEN, extra_query: _Q | None = None,
        extra_headers: _H | None = None, websocket_connection_options: _H | None = None,
        on_reconnecting: OnReconnecting | None = None, max_retries: int = 5,
        initial_delay: float = 0.5, max_delay: float = 8.0, max_queue_size: int = 1_048_576,
    ) -> RealtimeConnectionManager:  # fmt: skip
        """Open a Realtime API WebSocket: `with client.realtime.connect(model=...) as conn:`
        (`call_id=` joins an existing call). `on_reconnecting(event)` turns on reconnection."""
        return RealtimeConnectionManager(
            client=self._client, endpoint=REALTIME_ENDPOINT,
            query=_realtime_query(model, call_id), extra_query=extra_query,
            extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
            on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
            max_delay=max_delay, max_queue_size=max_queue_size,
        )  # fmt: skip


class AsyncRealtime(_realtime.AsyncRealtime):
    def connect(
        self, *, call_id: Any = NOT_GIVEN, model: Any = NOT_GIVEN, extra_query: _Q | None = None,
        extra_headers: _H | None = None, websocket_connection_options: _H | None = None,
        on_reconnecting: OnReconnecting | None = None, max_retries: int = 5,
        initial_delay: float = 0.5, max_delay: float = 8.0, max_queue_size: int = 1_048_576,
    ) -> AsyncRealtimeConnectionManager:  # fmt: skip
        """`async with client.realtime.connect(model=...) as conn:` (see the sync twin)."""
        return AsyncRealtimeConnectionManager(
            client=self._client, endpoint=REALTIME_ENDPOINT,
            query=_realtime_query(model, call_id), extra_query=extra_query,
            extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
            on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
            max_delay=max_delay, max_queue_size=max_queue_size,
        )  # fmt: skip


class Responses(_responses.Responses):
    def connect(
        self, extra_query: _Q | None = None, extra_headers: _H | None = None,
        websocket_connection_options: _H | None = None,
        on_reconnecting: OnReconnecting | None = None, max_retries: int = 5,
        initial_delay: float = 0.5, max_delay: float = 8.0, max_queue_size: int = 1_048_576,
    ) -> ResponsesConnectionManager:  # fmt: skip
        """Open a Responses WebSocket: `with client.responses.connect() as conn:`, then
        `conn.response.create(model=..., input=...)` and iterate the events."""
        return ResponsesConnectionManager(
            client=self._client, endpoint=RESPONSES_ENDPOINT, query={}, extra_query=extra_query,
            extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
            on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
            max_delay=max_delay, max_queue_size=max_queue_size,
        )  # fmt: skip


class AsyncResponses(_responses.AsyncResponses):
    def connect(
        self, extra_query: _Q | None = None, extra_headers: _H | None = None,
        websocket_connection_options: _H | None = None,
        on_reconnecting: OnReconnecting | None = None, max_retries: int = 5,
        initial_delay: float = 0.5, max_delay: float = 8.0, max_queue_size: int = 1_048_576,
    ) -> AsyncResponsesConnectionManager:  # fmt: skip
        """`async with client.responses.connect() as conn:` (see the sync twin)."""
        return AsyncResponsesConnectionManager(
            client=self._client, endpoint=RESPONSES_ENDPOINT, query={}, extra_query=extra_query,
            extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
            on_reconnecting=on_reconnecting, max_retries=max_retries, initial_delay=initial_delay,
            max_delay=max_delay, max_queue_size=max_queue_size,
        )  # fmt: skip


class BetaRealtime(_beta.BetaRealtime):
    """`client.beta.realtime`: the beta Realtime protocol (OpenAI-Beta: realtime=v1)."""

    def connect(
        self, *, model: str, extra_query: _Q | None = None, extra_headers: _H | None = None,
        websocket_connection_options: _H | None = None,
    ) -> BetaRealtimeConnectionManager:  # fmt: skip
        """`with client.beta.realtime.connect(model=...) as conn:` (no reconnection)."""
        return BetaRealtimeConnectionManager(
            client=self._client, endpoint=BETA_REALTIME_ENDPOINT,
            query=_realtime_query(model, NOT_GIVEN), extra_query=extra_query,
            extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
        )  # fmt: skip


class AsyncBetaRealtime(_beta.AsyncBetaRealtime):
    """`client.beta.realtime` of an async client."""

    def connect(
        self, *, model: str, extra_query: _Q | None = None, extra_headers: _H | None = None,
        websocket_connection_options: _H | None = None,
    ) -> AsyncBetaRealtimeConnectionManager:  # fmt: skip
        """`async with client.beta.realtime.connect(model=...) as conn:`."""
        return AsyncBetaRealtimeConnectionManager(
            client=self._client, endpoint=BETA_REALTIME_ENDPOINT,
            query=_realtime_query(model, NOT_GIVEN), extra_query=extra_query,
            extra_headers=extra_headers, websocket_connection_options=websocket_connection_options,
        )  # fmt: skip


class Beta(_beta.Beta):
    @cached_property
    def realtime(self) -> BetaRealtime:
        return BetaRealtime(self._client)


class AsyncBeta(_beta.AsyncBeta):
    @cached_property
    def realtime(self) -> AsyncBetaRealtime:
        return AsyncBetaRealtime(self._client)
