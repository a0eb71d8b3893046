"""What every WebSocket connection does, sync and async: send, receive typed events, iterate,
close, dispatch to handlers, and reconnect when asked to.

Shared by both shells (no I/O): the send queue, the handler registry, the reconnection policy
(`ReconnectPolicy.delays`) and the bookkeeping of one connection. The shells differ by `await`.

Semantics follow openai-python 3.54:
- `recv()` returns the next typed event; `recv_bytes()` the raw message; `parse_event(data)` turns
  a raw message into its event.
- Iterating yields events until the server closes normally; a connection that drops raises
  `WebSocketConnectionError` (an `APIConnectionError`) unless `on_reconnecting` is set and the
  close code is one worth retrying, in which case the connection is reopened (with backoff,
  at most `max_retries` times) and iteration goes on. Messages sent meanwhile are queued (up to
  `max_queue_size` bytes) and sent once reconnected; if iteration ends with messages still
  queued, `WebSocketConnectionClosedError` carries them.
- `dispatch_events()` iterates and calls the handlers registered with `on` / `once`; an `error`
  event nobody handles raises `OpenAIError`.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .._exceptions import OpenAIError, WebSocketConnectionClosedError
from ._events import EventParser
from ._support import (
    EventHandlerRegistry,
    ReconnectingEvent,
    ReconnectingOverrides,
    ReconnectPolicy,
    Registering,
    SendQueue,
)

if TYPE_CHECKING:
    from . import _transport

__all__ = ["AsyncConnectionBase", "SyncConnectionBase"]


def _unhandled_error(event: Any) -> OpenAIError:
    error = getattr(event, "error", None)
    message = getattr(error, "message", None) or "the server sent an error event"
    code = getattr(error, "code", None)
    return OpenAIError(f"WebSocket error event: {message}" + (f" (code {code})" if code else ""))


class _ConnectionState(Registering):
    """Bookkeeping shared by both shells."""

    def __init__(
        self,
        *,
        parse: EventParser,
        policy: ReconnectPolicy,
        queue: SendQueue,
        extra_query: Mapping[str, object],
        extra_headers: Mapping[str, Any],
        url: str,
    ) -> None:
        from . import _transport  # websockets is installed: a connection exists

        self._t = _transport
        self._parse = parse
        self._policy = policy
        self._queue = queue
        self._extra_query = extra_query
        self._extra_headers = extra_headers
        self._request = _transport.handshake_request(url)
        self._handlers = EventHandlerRegistry()
        self._closed_by_us = False
        self._reconnecting = False
        self._attempt = 0  # reconnection attempts since the last non-error event

    def parse_event(self, data: str | bytes) -> Any:
        """A raw message (from `recv_bytes()`) as its typed event."""
        return self._parse(data)

    def _progress(self, event: Any) -> None:
        # An upgrade can succeed and still be refused by an `error` event: only another event
        # proves the connection works and resets the reconnection budget.
        if self._attempt and getattr(event, "type", None) not in (None, "error"):
            self._attempt = 0

    def _apply_overrides(self, overrides: ReconnectingOverrides | None) -> bool:
        if overrides is None:
            return True
        if overrides.get("abort"):
            return False
        if "extra_query" in overrides:
            self._extra_query = overrides["extra_query"]
        if "extra_headers" in overrides:
            self._extra_headers = overrides["extra_headers"]
        return True

    def _next_attempt(self, code: int) -> ReconnectingEvent | None:
        if self._attempt >= self._policy.max_retries or self._closed_by_us:
            return None
        self._attempt += 1
        return ReconnectingEvent(
            attempt=self._attempt,
            max_attempts=self._policy.max_retries,
            delay=self._policy.delay(self._attempt),
            close_code=code,
            extra_query=self._extra_query,
            extra_headers=self._extra_headers,
        )

    def _end_of_iteration(self, closed: _transport.ConnectionClosed) -> Exception | None:
        """What ends an iteration: None (a normal close, nothing left to send), else the error."""
        unsent = self._queue.drain()
        if unsent:
            error = WebSocketConnectionClosedError(
                "WebSocket connection closed with unsent messages", unsent_messages=unsent
            )
            error.__cause__ = closed
            return error
        if isinstance(closed, self._t.ConnectionClosedOK):
            return None
        return self._t.dropped(closed, self._request)


class SyncConnectionBase(_ConnectionState):
    def __init__(
        self,
        websocket: _transport.SyncWebSocket,
        *,
        reopen: Callable[[Mapping[str, object], Mapping[str, Any]], _transport.SyncWebSocket]
        | None,
        **state: Any,
    ) -> None:
        super().__init__(**state)
        self._ws = websocket
        self._reopen = reopen
        self._lock = threading.Lock()
        self._close_requested = threading.Event()

    # -- receiving ----------------------------------------------------------------------------

    def recv_bytes(self) -> bytes:
        """The next message, as the bytes the server sent."""
        try:
            data: bytes = self._t.recv_bytes_sync(self._ws)
            return data
        except self._t.ConnectionClosed as exc:
            raise self._t.dropped(exc, self._request) from exc

    def recv(self) -> Any:
        """The next server event, typed."""
        event = self._parse(self.recv_bytes())
        if self._attempt:
            self._progress(event)
        return event

    def __iter__(self) -> Iterator[Any]:
        """Every event until the connection closes (see the module docstring)."""
        while True:
            try:
                yield self.recv()
            except self._t.ConnectionClosed as closed:
                if self._reconnect(closed):
                    continue
                error = self._end_of_iteration(closed)
                if error is None:
                    return
                raise error from closed

    def dispatch_events(self) -> None:
        """Call the registered handlers for each event until the connection closes."""
        for event in self:
            event_type = getattr(event, "type", None)
            specific = self._handlers.take(event_type) if isinstance(event_type, str) else []
            generic = self._handlers.take("event")
            if event_type == "error" and not specific and not generic:
                raise _unhandled_error(event)
            for handler in (*specific, *generic):
                handler(event)

    # -- sending ------------------------------------------------------------------------------

    def send_raw(self, data: str | bytes) -> None:
        """Send one message as it is (text for str, binary for bytes)."""
        with self._lock:
            if self._reconnecting:
                self._queue.put(data)
                return
            websocket = self._ws
        try:
            websocket.send(data)
        except self._t.ConnectionClosed as exc:
            raise self._t.dropped(exc, self._request) from exc

    def _flush(self) -> None:
        while (data := self._queue.pop()) is not None:
            try:
                self._ws.send(data)
            except BaseException:
                self._queue.push_front(data)
                raise

    def close(self, *, code: int = 1000, reason: str = "") -> None:
        """Close the connection (a normal close unless `code` says otherwise)."""
        self._closed_by_us = True
        self._close_requested.set()
        with self._lock:
            self._reconnecting = False
            websocket = self._ws
        websocket.close(code=code, reason=reason)

    # -- reconnecting -------------------------------------------------------------------------

    def _reconnect(self, closed: _transport.ConnectionClosed) -> bool:
        code = self._t.close_code(closed)
        if self._reopen is None or not self._policy.wanted(code, closed_by_us=self._closed_by_us):
            return False
        assert self._policy.on_reconnecting is not None
        with self._lock:
            self._reconnecting = True
        try:
            while (attempt := self._next_attempt(code)) is not None:
                try:
                    overrides = self._policy.on_reconnecting(attempt)
                except Exception:
                    return False
                if not self._apply_overrides(overrides):
                    return False
                if self._close_requested.wait(attempt.delay):
                    return False
                try:
                    websocket = self._reopen(self._extra_query, self._extra_headers)
                except OpenAIError:
                    continue  # this attempt failed: the next one, if any, after its delay
                with self._lock:
                    if self._closed_by_us:
                        websocket.close()
                        return False
                    self._ws = websocket
                try:
                    self._flush()
                except self._t.ConnectionClosed:
                    continue
                return True
            return False
        finally:
            with self._lock:
                self._reconnecting = False


class AsyncConnectionBase(_ConnectionState):
    def __init__(
        self,
        websocket: _transport.AsyncWebSocket,
        *,
        reopen: Callable[
            [Mapping[str, object], Mapping[str, Any]], Awaitable[_transport.AsyncWebSocket]
        ]
        | None,
        **state: Any,
    ) -> None:
        super().__init__(**state)
        self._ws = websocket
        self._reopen = reopen

    async def recv_bytes(self) -> bytes:
        """The next message, as the bytes the server sent."""
        try:
            return await self._ws.recv(decode=False)
        except self._t.ConnectionClosed as exc:
            raise self._t.dropped(exc, self._request) from exc

    async def recv(self) -> Any:
        """The next server event, typed."""
        event = self._parse(await self.recv_bytes())
        if self._attempt:
            self._progress(event)
        return event

    async def __aiter__(self) -> AsyncIterator[Any]:
        """Every event until the connection closes (see the module docstring)."""
        while True:
            try:
                yield await self.recv()
            except self._t.ConnectionClosed as closed:
                if await self._reconnect(closed):
                    continue
                error = self._end_of_iteration(closed)
                if error is None:
                    return
                raise error from closed

    async def dispatch_events(self) -> None:
        """Call the registered handlers (sync or async) for each event until the connection
        closes."""
        async for event in self:
            event_type = getattr(event, "type", None)
            specific = self._handlers.take(event_type) if isinstance(event_type, str) else []
            generic = self._handlers.take("event")
            if event_type == "error" and not specific and not generic:
                raise _unhandled_error(event)
            for handler in (*specific, *generic):
                result = handler(event)
                if inspect.isawaitable(result):
                    await result

    async def send_raw(self, data: str | bytes) -> None:
        """Send one message as it is (text for str, binary for bytes)."""
        if self._reconnecting:
            self._queue.put(data)
            return
        try:
            await self._ws.send(data)
        except self._t.ConnectionClosed as exc:
            raise self._t.dropped(exc, self._request) from exc

    async def _flush(self) -> None:
        while (data := self._queue.pop()) is not None:
            try:
                await self._ws.send(data)
            except BaseException:
                self._queue.push_front(data)
                raise

    async def close(self, *, code: int = 1000, reason: str = "") -> None:
        """Close the connection (a normal close unless `code` says otherwise)."""
        self._closed_by_us = True
        self._reconnecting = False
        await self._ws.close(code=code, reason=reason)

    async def _reconnect(self, closed: _transport.ConnectionClosed) -> bool:
        code = self._t.close_code(closed)
        if self._reopen is None or not self._policy.wanted(code, closed_by_us=self._closed_by_us):
            return False
        assert self._policy.on_reconnecting is not None
        self._reconnecting = True
        try:
            while (attempt := self._next_attempt(code)) is not None:
                try:
                    overrides = self._policy.on_reconnecting(attempt)
                    if inspect.isawaitable(overrides):
                        overrides = await overrides
                except Exception:
                    return False
                if not self._apply_overrides(overrides):
                    return False
                await asyncio.sleep(attempt.delay)
                if self._closed_by_us:
                    return False
                try:
                    websocket = await self._reopen(self._extra_query, self._extra_headers)
                except OpenAIError:
                    continue
                if self._closed_by_us:
                    await websocket.close()
                    return False
                self._ws = websocket
                try:
                    await self._flush()
                except self._t.ConnectionClosed:
                    continue
                return True
            return False
        finally:
            self._reconnecting = False
