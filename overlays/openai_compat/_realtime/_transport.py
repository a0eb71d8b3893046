"""The `websockets` library, behind the few calls the connections make (imported on first use).

`websockets` is an optional dependency (`pip install 'openai-compat[realtime]'`); importing this
module without it raises an `OpenAIError` naming the extra. Everything the library raises while
opening a connection becomes this package's error tree:

    refused, reset, DNS, TLS, timeout      APIConnectionError
    the server answered 4xx/5xx             the status error (AuthenticationError for 401...)
    a redirect to another origin            APIConnectionError (credentials never follow it)

and a connection that drops afterwards raises `WebSocketConnectionError` (see below).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._exceptions import APIConnectionError, OpenAIError, make_status_error
from .._logging import get_logger

try:
    import websockets
    from websockets.asyncio.client import ClientConnection as AsyncWebSocket
    from websockets.asyncio.client import connect as _async_connect
    from websockets.exceptions import (
        ConnectionClosed,
        ConnectionClosedError,
        ConnectionClosedOK,
        InvalidStatus,
        SecurityError,
    )
    from websockets.sync.client import ClientConnection as SyncWebSocket
    from websockets.sync.client import connect as _sync_connect
    from websockets.uri import parse_uri
    from websockets.version import version as websockets_version
except ImportError as exc:  # pragma: no cover - exercised by a subprocess test
    raise OpenAIError(
        "WebSocket connections (realtime.connect, responses.connect) need the `websockets` "
        "package: pip install 'openai-compat[realtime]'"
    ) from exc

if TYPE_CHECKING:
    from websockets.frames import Close

__all__ = [
    "AsyncWebSocket",
    "ConnectionClosed",
    "ConnectionClosedOK",
    "SyncWebSocket",
    "WebSocketConnectionError",
    "close_code",
    "connect_async",
    "connect_sync",
    "dropped",
    "handshake_request",
    "recv_bytes_sync",
]

# The library logs the upgrade request's headers at DEBUG when its logger is enabled: the
# credentials in them are scrubbed like those in our own records.
get_logger("websockets.client")

# websockets 13's sync recv() cannot return a text frame's bytes undecoded.
_SYNC_RECV_DECODES = websockets_version.startswith("13.")


class WebSocketConnectionError(ConnectionClosedError, APIConnectionError):
    """The WebSocket dropped: closed abnormally (no close frame, or a close code other than
    1000/1001) while the client was reading or sending.

    An `APIConnectionError` like any other lost connection; also the `websockets` library's
    `ConnectionClosedError`, which openai-python lets through, so `except ConnectionClosed`
    written for it keeps working. `code` and `reason` are the close code (1006 when the
    connection ended without one) and the server's reason.
    """

    # APIError's error code (None: no error body). Defined here so that it shadows
    # ConnectionClosed's deprecated read-only `code` property.
    code: str | None = None  # type: ignore[assignment]

    def __init__(self, closed: ConnectionClosed, request: httpx.Request) -> None:
        ConnectionClosedError.__init__(self, closed.rcvd, closed.sent, closed.rcvd_then_sent)
        self.close_code = close_code(closed)
        self.close_reason = closed.rcvd.reason if closed.rcvd is not None else ""
        reason = f": {self.close_reason}" if self.close_reason else ""
        APIConnectionError.__init__(
            self,
            message=f"WebSocket connection closed abnormally (code {self.close_code}{reason})",
            request=request,
        )

    def __str__(self) -> str:
        return self.message


def close_code(closed: ConnectionClosed) -> int:
    """The close code the server sent; 1006 when the connection ended without a close frame."""
    rcvd: Close | None = closed.rcvd
    return rcvd.code if rcvd is not None else 1006


def dropped(closed: ConnectionClosed, request: httpx.Request) -> ConnectionClosed:
    """What to raise for `closed`: a normal close as it is (iteration ends quietly on it, as in
    openai-python), anything else as a `WebSocketConnectionError`."""
    if isinstance(closed, (ConnectionClosedOK, WebSocketConnectionError)):
        return closed
    return WebSocketConnectionError(closed, request)


def recv_bytes_sync(ws: SyncWebSocket) -> bytes:
    if _SYNC_RECV_DECODES:
        message: str | bytes = ws.recv()
        return message.encode("utf-8") if isinstance(message, str) else message
    return ws.recv(decode=False)


def _options(options: Mapping[str, Any]) -> dict[str, Any]:
    # openai-python's defaults: no message size limit, and then no compression either.
    merged = dict(options)
    merged.setdefault("max_size", None)
    if merged["max_size"] is None:
        merged.setdefault("compression", None)
    return merged


def handshake_request(url: str) -> httpx.Request:
    """The upgrade request as errors carry it: the URL with its HTTP scheme, no headers (so no
    credential can reach an exception)."""
    http_url = "http" + url[2:] if url.startswith("ws") else url
    return httpx.Request("GET", http_url)


def _translate_open_error(exc: Exception, url: str) -> Exception:
    request = handshake_request(url)
    if isinstance(exc, InvalidStatus):
        answer = exc.response
        response = httpx.Response(
            answer.status_code,
            headers=list(answer.headers.raw_items()),
            content=answer.body or b"",
            request=request,
        )
        return make_status_error(response, answer.body or b"")
    if isinstance(exc, SecurityError):
        return APIConnectionError(message=f"WebSocket handshake refused: {exc}", request=request)
    if isinstance(exc, TimeoutError):
        from .._exceptions import APITimeoutError

        return APITimeoutError(request)
    return APIConnectionError(
        message=f"Could not open the WebSocket connection: {type(exc).__name__}: {exc}",
        request=request,
    )


def connect_sync(
    url: str, headers: list[tuple[str, str]], options: Mapping[str, Any]
) -> SyncWebSocket:
    try:
        return _sync_connect(
            url, user_agent_header=None, additional_headers=headers, **_options(options)
        )
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
        raise _translate_open_error(exc, url) from exc


class _SameOriginConnect(_async_connect):
    """The asyncio client follows redirects; the credentials must not go to another origin."""

    def process_redirect(self, exc: Exception) -> Exception | str:
        target = super().process_redirect(exc)
        if isinstance(target, str):
            here, there = parse_uri(self.uri), parse_uri(target)
            if (here.secure, here.host, here.port) != (there.secure, there.host, there.port):
                return SecurityError("cross-origin WebSocket redirects are not followed")
        return target


async def connect_async(
    url: str, headers: list[tuple[str, str]], options: Mapping[str, Any]
) -> AsyncWebSocket:
    try:
        return await _SameOriginConnect(
            url, user_agent_header=None, additional_headers=headers, **_options(options)
        )
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
        raise _translate_open_error(exc, url) from exc
