"""A fault-injection HTTP/1.1 server on 127.0.0.1 for the reliability tests.

    with FaultServer() as server:
        server.handler = sequence(status(503, retry_ms=0), json_body({"data": []}))
        ...
        assert len(server.requests) == 2

Why not `tests/loopback.py`: that server is built on `http.server` (a thread per connection, and
it owns the framing of each response). Fault injection needs byte-level control - a chunked body
cut before its last chunk, a Content-Length that lies, an RST in the middle of a header block,
one byte per tick - and the load tests need 1,000 concurrent connections. So this one is a raw
asyncio TCP server running its own event loop on a daemon thread: handlers are coroutines that
write whatever bytes they like, and a thousand idle connections cost a thousand small objects.

It also keeps the books the tests assert on: every request it parsed (`requests`), how many
connections it accepted, and how many are still open (`open_connections`), which is how tests
prove that the client left no socket half-open.

Everything is bounded in time: a stalling handler stops as soon as the client hangs up (it reads
the socket while it waits) or after `max_stall` seconds, and `stop()` cancels what is still
running and joins the thread with a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import struct
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

__all__ = [
    "Connection",
    "FaultServer",
    "Handler",
    "SeenRequest",
    "json_body",
    "sequence",
    "sse_events",
    "status",
]

Handler = Callable[["SeenRequest", "Connection"], Awaitable[None]]

_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other",
            307: "Temporary Redirect", 308: "Permanent Redirect", 401: "Unauthorized",
            408: "Request Timeout", 409: "Conflict", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}  # fmt: skip


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server parsed it; `connection` numbers the TCP connection (1, 2...)."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes
    connection: int

    def json(self) -> Any:
        return json.loads(self.body)

    def __repr__(self) -> str:
        # Header names only: a failing assertion must not print the credentials a request carried.
        return f"SeenRequest({self.method} {self.path}, headers={sorted(self.headers)}, {len(self.body)} bytes)"


class ClientGone(Exception):
    """The client closed the connection while a handler was waiting or writing."""


@dataclass
class Connection:
    """The server side of one TCP connection, handed to handlers to write raw bytes."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    number: int
    closed: bool = False
    sent_events: int = 0  # SSE events fully written, for tests that cut a stream mid-way
    notes: dict[str, Any] = field(default_factory=dict)

    async def write(self, data: bytes) -> None:
        if self.closed:
            raise ClientGone
        self.writer.write(data)
        try:
            await self.writer.drain()
        except (ConnectionError, OSError) as exc:
            raise ClientGone from exc

    async def head(self, code: int, headers: dict[str, str] | None = None) -> None:
        """Status line and headers, exactly as given (no Content-Length is added)."""
        lines = [f"HTTP/1.1 {code} {_REASONS.get(code, 'Status')}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        await self.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def respond(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        """A complete response with a truthful Content-Length."""
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        all_headers["Content-Length"] = str(len(body))
        await self.head(code, all_headers)
        await self.write(body)

    async def start_chunked(self, code: int = 200, content_type: str = "text/event-stream") -> None:
        await self.head(code, {"Content-Type": content_type, "Transfer-Encoding": "chunked"})

    async def chunk(self, data: bytes) -> None:
        await self.write(b"%x\r\n%s\r\n" % (len(data), data))

    async def end_chunked(self) -> None:
        await self.write(b"0\r\n\r\n")

    def close(self) -> None:
        """A FIN: the orderly end of the connection."""
        if not self.closed:
            self.closed = True
            self.writer.close()

    def reset(self) -> None:
        """An RST: SO_LINGER 0 then close, so the client sees ECONNRESET, not EOF."""
        if self.closed:
            return
        self.closed = True
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()

    async def stall(self, max_stall: float = 15.0) -> None:
        """Say nothing until the client hangs up (or `max_stall` passes); then end the connection.

        Reading while waiting is what lets the server notice the hang-up at once.
        """
        with contextlib.suppress(asyncio.TimeoutError, ConnectionError, OSError):
            while await asyncio.wait_for(self.reader.read(65536), max_stall):
                pass
        self.close()

    async def trickle(self, data: bytes, interval: float) -> None:
        """Write `data` one byte at a time, `interval` seconds apart."""
        for i in range(len(data)):
            await self.write(data[i : i + 1])
            if i + 1 < len(data):
                await self.pause(interval)

    async def pause(self, seconds: float) -> None:
        """Wait, but raise `ClientGone` as soon as the client hangs up (reads the socket)."""
        try:
            data = await asyncio.wait_for(self.reader.read(65536), seconds)
        except asyncio.TimeoutError:
            return
        except (ConnectionError, OSError) as exc:
            raise ClientGone from exc
        if not data:
            raise ClientGone


class FaultServer:
    """The server; see the module docstring. Use as a context manager."""

    def __init__(self, handler: Handler | None = None) -> None:
        self.handler: Handler | None = handler
        self.requests: list[SeenRequest] = []
        self.accepted = 0
        self.open_connections = 0
        self._loop = asyncio.new_event_loop()
        self._tasks: set[asyncio.Task[None]] = set()
        self._ready = threading.Event()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._run, name="fault-server", daemon=True)
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------------

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=4096, limit=1 << 20)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        # Stopped: cancel what is left so that no handler outlives the test.
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            self._loop.run_until_complete(asyncio.wait(list(self._tasks), timeout=5))
        self._server.close()
        self._loop.run_until_complete(self._server.wait_closed())
        self._loop.close()

    def start(self) -> FaultServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault server did not start within 10 s")
        return self

    def stop(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if self._thread.is_alive():
            raise RuntimeError("fault server did not stop within 10 s")

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Poll `predicate` (server state changes on another thread); False if it never held."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    async def async_wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    # -- serving -----------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.accepted += 1
        self.open_connections += 1
        conn = Connection(reader, writer, self.accepted)
        try:
            while not conn.closed:
                request = await _read_request(reader, conn.number)
                if request is None:
                    break
                self.requests.append(request)
                handler = self.handler
                if handler is None:
                    await conn.respond(500, b'{"error": "fault server: no handler"}')
                    continue
                await handler(request, conn)
        except (ClientGone, ConnectionError, OSError, asyncio.IncompleteReadError):
            pass  # the client hung up: that is what many tests are about
        except asyncio.CancelledError:
            pass  # stop(): end quietly (asyncio would log a cancelled connection task)
        finally:
            self.open_connections -= 1
            self._tasks.discard(task)
            if not conn.closed:
                conn.closed = True
                writer.close()


async def _read_request(reader: asyncio.StreamReader, number: int) -> SeenRequest | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None  # EOF between requests: the client closed a kept-alive connection
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, path, _ = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in filter(None, header_lines):
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunked(reader)
    else:
        body = await reader.readexactly(int(headers.get("content-length") or 0))
    return SeenRequest(method, path, headers, body, number)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


# -- handlers: small factories the tests compose ------------------------------------------------


def status(code: int, body: object = None, *, retry_ms: float | None = None,
           headers: dict[str, str] | None = None) -> Handler:  # fmt: skip
    """An error (or any) status with a JSON body; `retry_ms` adds `retry-after-ms`."""
    payload = json.dumps(body if body is not None else {"error": {"message": f"status {code}"}})
    all_headers = dict(headers or {})
    if retry_ms is not None:
        all_headers["retry-after-ms"] = str(retry_ms)

    async def handler(request: SeenRequest, conn: Connection) -> None:
        await conn.respond(code, payload.encode(), all_headers)

    return handler


def json_body(body: object, code: int = 200, *, gzipped: bool = False) -> Handler:
    """A JSON response; `gzipped` sends it with Content-Encoding: gzip."""
    raw = json.dumps(body).encode()
    headers = {}
    if gzipped:
        raw = gzip.compress(raw)
        headers["Content-Encoding"] = "gzip"

    async def handler(request: SeenRequest, conn: Connection) -> None:
        await conn.respond(code, raw, headers)

    return handler


def sse_events(payloads: Iterable[object], *, done: bool = True) -> list[bytes]:
    """The frames of an SSE body, one `data:` event per payload, then `[DONE]`."""
    frames = [b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads]
    return [*frames, b"data: [DONE]\n\n"] if done else frames


def sequence(*handlers: Handler) -> Handler:
    """Answer the n-th request with the n-th handler; the last one answers every later request."""
    queue = list(handlers)

    async def handler(request: SeenRequest, conn: Connection) -> None:
        current = queue.pop(0) if len(queue) > 1 else queue[0]
        await current(request, conn)

    return handler
