"""A real HTTP/1.1 server on 127.0.0.1 for tests, driven by a handler function the test supplies.

    with LoopbackServer() as server:
        server.handler = lambda request: request.send_body(200, b"{}")
        httpx.get(server.url("/v1/models"))

The handler runs on the server's thread with a `LoopbackRequest` (an `http.server` request
handler with the body already read and helpers for chunked bodies and abrupt disconnects), so a
test can answer anything a real server can, including misbehaviour. Every request is recorded in
`server.requests`. The port is chosen by the OS (port 0), so tests can run in parallel.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["LoopbackRequest", "LoopbackServer", "RecordedRequest"]


@dataclass(frozen=True)
class RecordedRequest:
    """What the server received: method, path (with query), headers and body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int  # the client's port: equal ports mean a reused connection


class LoopbackRequest(BaseHTTPRequestHandler):
    """One request being answered; the handler function gets this object."""

    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be observed
    server: _Server
    body: bytes

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        owner = self.server.owner
        owner.requests.append(
            RecordedRequest(
                self.command,
                self.path,
                dict(self.headers.items()),
                self.body,
                self.client_address[1],
            )
        )
        if owner.handler is None:
            self.send_body(500, b"loopback server: no handler set by the test")
            return
        owner.handler(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_CONNECT = _dispatch

    def send_body(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        """A complete response with a Content-Length."""
        self.send_response(status)
        for name, value in (headers or {"Content-Type": "application/json"}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start_chunked(self, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Start a chunked response (default content type: text/event-stream)."""
        self.send_response(status)
        for name, value in (headers or {"Content-Type": "text/event-stream"}).items():
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def write_chunk(self, data: bytes) -> None:
        """Send one chunk of a chunked body, immediately."""
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

    def end_chunked(self) -> None:
        """The terminating zero-length chunk: the body is complete."""
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def drop_connection(self, *, reset: bool = False) -> None:
        """Close the socket now, mid-body: a FIN, or with `reset` an RST."""
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer
    tls: ssl.SSLContext | None = None

    def get_request(self) -> tuple[Any, Any]:
        connection, address = super().get_request()
        if self.tls is None:
            return connection, address
        # The TLS handshake happens in the request's thread (finish_request), so that a client
        # that fails it (no certificate) does not hold up the accepting loop.
        return self.tls.wrap_socket(connection, server_side=True, do_handshake_on_connect=False), address

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                self.owner.refused_handshakes += 1
                return
        super().finish_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client hanging up on purpose (drop tests, closed streams) is not a failure.
        pass


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1:<free port>; set `handler` to answer requests."""

    def __init__(
        self,
        handler: Callable[[LoopbackRequest], None] | None = None,
        *,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`tls`: serve https with this server-side context (which may require client
        certificates: `refused_handshakes` counts the connections whose handshake failed)."""
        self.handler = handler
        self.requests: list[RecordedRequest] = []
        self.refused_handshakes = 0
        self._server = _Server(("127.0.0.1", 0), LoopbackRequest)
        self._server.owner = self
        self._server.tls = tls
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        scheme = "https" if self._server.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
