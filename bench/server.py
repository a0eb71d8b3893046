"""A minimal keep-alive HTTP/1.1 server on 127.0.0.1 for the concurrency scenario.

Run in its own process (`python -m bench.server`); it prints its port and then answers every
request with the same small chat.completion. It parses only what it must (the end of the head
and Content-Length), so the clients, not the server, are what the scenario measures.
"""

from __future__ import annotations

import asyncio
import sys

from bench.fixtures import SMALL_COMPLETION, sse_events

RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_bench\r\n"
    b"content-length: " + str(len(SMALL_COMPLETION)).encode() + b"\r\n\r\n" + SMALL_COMPLETION
)
STREAM_CHUNKS = 100
_SSE = b"".join(sse_events(STREAM_CHUNKS))
# A request whose body asks for a stream gets 100 chat chunks and [DONE] as server-sent events.
STREAM_RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nx-request-id: req_bench\r\n"
    b"content-length: " + str(len(_SSE)).encode() + b"\r\n\r\n" + _SSE
)


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = _content_length(self._buffer[:end])
            total = end + 4 + length
            if len(self._buffer) < total:
                return
            body = self._buffer[end + 4 : total]
            self._buffer = self._buffer[total:]
            assert self._transport is not None
            streamed = b'"stream":true' in body or b'"stream": true' in body
            self._transport.write(STREAM_RESPONSE if streamed else RESPONSE)


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Connection, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    # Serve until the parent closes our stdin.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(_serve())
