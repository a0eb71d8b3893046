"""A real WebSocket server on 127.0.0.1 for the realtime tests (websockets' own server, in a
thread): each connection runs the test's `script(connection, record)`.

    with WebSocketServer(script) as server:
        client = OpenAI(api_key=..., base_url=server.http_url("/v1"))
        ...
    server.records[0].path, .headers, .frames   # what the client sent, frame by frame

The port is chosen by the OS (port 0); nothing listens beyond loopback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response
from websockets.sync.server import Server, ServerConnection, serve

__all__ = ["ConnectionRecord", "Script", "WebSocketServer"]


@dataclass
class ConnectionRecord:
    """One client connection as the server saw it."""

    path: str
    headers: dict[str, str]
    frames: list[str | bytes] = field(default_factory=list)
    closed_cleanly: bool | None = None


# The server logs a client that vanishes mid-frame (the abrupt-close tests do that on purpose).
_QUIET = logging.getLogger("tests.ws_server")
_QUIET.setLevel(logging.CRITICAL)

Script = Callable[[ServerConnection, ConnectionRecord], None]


class WebSocketServer:
    def __init__(self, script: Script, *, reject: tuple[int, bytes] | None = None) -> None:
        self.script = script
        self.reject = reject  # answer the upgrade with this status and body instead
        self.records: list[ConnectionRecord] = []
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self.errors: list[BaseException] = []
        self._pending: dict[int, ConnectionRecord] = {}
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> WebSocketServer:
        self._server = serve(
            self._handle, "127.0.0.1", 0, compression=None, max_size=None,
            process_request=self._process_request, logger=_QUIET,
        )  # fmt: skip
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._thread.join(5)
        for thread in self._threads:  # each connection's script has finished recording
            thread.join(5)

    @property
    def port(self) -> int:
        assert self._server is not None
        port: int = self._server.socket.getsockname()[1]
        return port

    def http_url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _process_request(self, connection: ServerConnection, request: Any) -> Response | None:
        # Runs during the handshake, on the connection's own thread, before the client's
        # connect() returns: the record and the thread are known before the test goes on.
        self._threads.append(threading.current_thread())
        record = ConnectionRecord(request.path, dict(request.headers.raw_items()))
        self.records.append(record)
        if self.reject is not None:
            status, body = self.reject
            return connection.respond(status, body.decode())
        self._pending[id(connection)] = record
        return None

    def _handle(self, connection: ServerConnection) -> None:
        record = self._pending.pop(id(connection))
        try:
            self.script(connection, record)
        except ConnectionClosed:
            pass
        except BaseException as exc:  # surfaced by the tests that look at server.errors
            self.errors.append(exc)
            raise


def receive(connection: ServerConnection, record: ConnectionRecord) -> str | bytes:
    """The next client frame, recorded."""
    frame = connection.recv()
    record.frames.append(frame)
    return frame
