"""Connection managers: what `connect(...)` returns, before any I/O.

    with client.realtime.connect(model="gpt-realtime") as connection: ...
    connection = client.realtime.connect(model="gpt-realtime").enter()   # close it yourself

A manager may queue messages (`send`) and register handlers (`on` / `once`) before the
connection opens; both move to the connection when it opens. Leaving the `with` block closes the
connection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from ._events import dumps_event, event_parser
from ._handshake import build_handshake
from ._support import EventHandlerRegistry, OnReconnecting, ReconnectPolicy, Registering, SendQueue

__all__ = ["AsyncConnectionManager", "Endpoint", "SyncConnectionManager"]


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One kind of WebSocket connection."""

    path: str  # appended to the base URL: "/realtime", "/responses"
    events: str  # which union server events parse into (see _events)
    beta: bool = False  # send OpenAI-Beta: realtime=v1
    deployment: bool = False  # on Azure, the model names the deployment
    exclude_defaults: bool = False  # model events drop fields left at their defaults (beta)


class _ManagerBase(Registering):
    _connection_class: Any

    def __init__(
        self,
        *,
        client: Any,
        endpoint: Endpoint,
        query: Mapping[str, object],
        extra_query: Mapping[str, object] | None,
        extra_headers: Mapping[str, Any] | None,
        websocket_connection_options: Mapping[str, Any] | None,
        on_reconnecting: OnReconnecting | None = None,
        max_retries: int = 5,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_queue_size: int = 1_048_576,
    ) -> None:
        self._client = client
        self._endpoint = endpoint
        self._query = dict(query)
        self._extra_query = dict(extra_query or {})
        self._extra_headers = dict(extra_headers or {})
        self._options = dict(websocket_connection_options or {})
        self._policy = ReconnectPolicy(on_reconnecting, max_retries, initial_delay, max_delay)
        self._queue = SendQueue(max_queue_size)
        self._handlers = EventHandlerRegistry()
        self._connection: Any = None

    def send(self, event: Any) -> None:
        """Queue a client event, sent as soon as the connection opens."""
        self._queue.put(dumps_event(event, exclude_defaults=self._endpoint.exclude_defaults))

    def _handshake(self, auth: Mapping[str, str], query: Mapping[str, object],
                   headers: Mapping[str, Any]) -> Any:  # fmt: skip
        endpoint = self._endpoint
        identity = getattr(self._client, "workload_identity", None)
        if identity is not None and not (
            endpoint.beta
            and identity.get("type") != "x509"
            and _names_authorization(self._client._custom_headers, headers)
        ):
            # As openai-python: a workload-identity token is never exchanged for a WebSocket
            # (the beta endpoints take the caller's own Authorization header, except with an
            # X.509 identity, whose credential is the certificate of HTTP connections).
            from .._exceptions import OpenAIError

            raise OpenAIError(
                "This authentication method is not supported by WebSocket connections"
            )
        return build_handshake(
            self._client, path=endpoint.path, query=self._query, extra_query=query,
            extra_headers=headers, auth=auth, beta=endpoint.beta, deployment=endpoint.deployment,
        )  # fmt: skip

    def _connection_state(self, url: str) -> dict[str, Any]:
        endpoint = self._endpoint
        context = f"WebSocket {endpoint.path}"
        return {
            "parse": event_parser(endpoint.events, strict=self._client._strict, context=context),
            "policy": self._policy,
            "queue": self._queue,
            "extra_query": self._extra_query,
            "extra_headers": self._extra_headers,
            "url": url,
        }


class SyncConnectionManager(_ManagerBase):
    def _open(self, query: Mapping[str, object], headers: Mapping[str, Any]) -> Any:
        from . import _transport

        handshake = self._handshake(self._client._auth(), query, headers)
        self._url = handshake.url
        return _transport.connect_sync(handshake.url, handshake.headers, self._options)

    def __enter__(self) -> Any:
        websocket = self._open(self._extra_query, self._extra_headers)
        try:
            connection = self._connection_class(
                websocket,
                reopen=self._open if self._policy.on_reconnecting is not None else None,
                **self._connection_state(self._url),
            )
            self._handlers.merge_into(connection._handlers)
            connection._flush()
        except BaseException:
            websocket.close()
            raise
        self._connection = connection
        return connection

    enter = __enter__

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:
                if exc is None:
                    raise


class AsyncConnectionManager(_ManagerBase):
    async def _open(self, query: Mapping[str, object], headers: Mapping[str, Any]) -> Any:
        from . import _transport

        handshake = self._handshake(await self._client._auth(), query, headers)
        self._url = handshake.url
        return await _transport.connect_async(handshake.url, handshake.headers, self._options)

    async def __aenter__(self) -> Any:
        websocket = await self._open(self._extra_query, self._extra_headers)
        try:
            connection = self._connection_class(
                websocket,
                reopen=self._open if self._policy.on_reconnecting is not None else None,
                **self._connection_state(self._url),
            )
            self._handlers.merge_into(connection._handlers)
            await connection._flush()
        except BaseException:
            await websocket.close()
            raise
        self._connection = connection
        return connection

    enter = __aenter__

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        if self._connection is not None:
            try:
                await self._connection.close()
            except Exception:
                if exc is None:
                    raise


def _names_authorization(*header_sets: Mapping[str, Any]) -> bool:
    return any(name.lower() == "authorization" for headers in header_sets for name in headers)
