"""`Stream` / `AsyncStream`: every test body runs once with each (the `mode` fixture).

Behaviour of the body (events, [DONE], errors) is tested on in-memory responses; everything about
the connection (drops, timeouts, reuse, release) over a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pydantic
import pytest
from loopback import LoopbackRequest, LoopbackServer
from transports import MODES, enter_mode

from openai_compat._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
)
from openai_compat._streaming import AsyncStream, Stream
from openai_compat._transports.aiohttp import AioHttpClient

REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
AnyStream = Stream[Any] | AsyncStream[Any]


def parse_json(data: str, event: str | None) -> Any:
    return json.loads(data)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """"sync" or "async"; the async streams run on each async transport (tests/transports.py)."""
    return enter_mode(str(request.param), monkeypatch)


def memory_stream(
    mode: str, body: bytes, parse: Callable[[str, str | None], Any] = parse_json
) -> AnyStream:
    response = httpx.Response(200, content=body, request=REQUEST)
    return Stream(response, parse) if mode == "sync" else AsyncStream(response, parse)


async def collect(stream: AnyStream, into: list[Any] | None = None) -> list[Any]:
    """All items; with `into`, items land there as they come (to inspect them after an error)."""
    items = [] if into is None else into
    if isinstance(stream, AsyncStream):
        async for item in stream:
            items.append(item)
    else:
        for item in stream:
            items.append(item)
    return items


async def next_item(stream: AnyStream) -> Any:
    if isinstance(stream, AsyncStream):
        return await stream.__anext__()
    return next(stream)


async def close(stream: AnyStream) -> None:
    if isinstance(stream, AsyncStream):
        await stream.close()
    else:
        stream.close()


class Clients:
    """Opens streams on the loopback server with a sync or async httpx client; closes them after."""

    def __init__(self, mode: str, server: LoopbackServer, **client_options: Any) -> None:
        self.mode = mode
        self.server = server
        self.sync = httpx.Client(**client_options)
        self.async_: Any = (
            httpx.AsyncClient(**client_options)
            if os.environ.get("OPENAI_COMPAT_ASYNC_TRANSPORT") == "httpx"
            else AioHttpClient(**client_options)
        )

    async def open(
        self, path: str = "/stream", parse: Callable[[str, str | None], Any] = parse_json
    ) -> AnyStream:
        request = httpx.Request("POST", self.server.url(path))
        if self.mode == "sync":
            return Stream(self.sync.send(request, stream=True), parse)
        return AsyncStream(await self.async_.send(request, stream=True), parse)

    async def get(self, path: str) -> httpx.Response:
        if self.mode == "sync":
            return self.sync.get(self.server.url(path))
        return await self.async_.send(httpx.Request("GET", self.server.url(path)))

    async def aclose(self) -> None:
        self.sync.close()
        await self.async_.aclose()


@pytest.fixture
async def clients(mode: str, loopback_server: LoopbackServer) -> AsyncIterator[Clients]:
    opened = Clients(mode, loopback_server)
    yield opened
    await opened.aclose()


def events(*payloads: object) -> list[bytes]:
    return [f"data: {json.dumps(p)}\n\n".encode() for p in payloads]


def serve_chunks(
    chunks: list[bytes], ending: str = "complete"
) -> Callable[[LoopbackRequest], None]:
    """A handler streaming `chunks` (one write each), then ending the body, dropping or resetting."""

    def handler(request: LoopbackRequest) -> None:
        if request.path != "/stream":
            request.send_body(200, b'{"ok": true}')
            return
        request.start_chunked()
        for chunk in chunks:
            request.write_chunk(chunk)
        if ending == "complete":
            request.end_chunked()
        else:
            request.drop_connection(reset=ending == "reset")

    return handler


# --- body behaviour ----------------------------------------------------------------------------


async def test_items_are_parsed_in_order_and_done_ends_the_stream(mode: str) -> None:
    body = b"".join(events({"n": 1}, {"n": 2})) + b"data: [DONE]\n\n" + b"".join(events({"n": 3}))
    stream = memory_stream(mode, body)
    assert await collect(stream) == [{"n": 1}, {"n": 2}]
    assert stream.response.is_closed


async def test_stream_without_done_ends_normally(mode: str) -> None:
    stream = memory_stream(mode, b"".join(events({"n": 1}, {"n": 2})) + b'data: {"n": 3}\n')
    assert await collect(stream) == [{"n": 1}, {"n": 2}]


async def test_parse_gets_the_event_name_and_empty_or_meta_frames_are_skipped(mode: str) -> None:
    seen: list[tuple[str, str | None]] = []

    def parse(data: str, event: str | None) -> str:
        seen.append((data, event))
        return data

    body = b'id: 1\n\nretry: 5\n\ndata:\n\n: ping\n\nevent: thread.created\ndata: {"a":1}\n\ndata: {"b":2}\n\n'
    assert await collect(memory_stream(mode, body, parse)) == ['{"a":1}', '{"b":2}']
    assert seen == [('{"a":1}', "thread.created"), ('{"b":2}', None)]


@pytest.mark.parametrize(
    "error_frame",
    [
        b'data: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n',
        b'event: error\ndata: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n',
    ],
)
async def test_error_event_raises_after_every_earlier_event(mode: str, error_frame: bytes) -> None:
    body = b"".join(events({"n": 1}, {"n": 2})) + error_frame + b"".join(events({"n": 3}))
    items: list[Any] = []
    with pytest.raises(APIStreamError) as caught:
        await collect(memory_stream(mode, body), items)
    assert items == [{"n": 1}, {"n": 2}]
    assert caught.value.message == "The server had an error"
    assert caught.value.type == "server_error"
    assert caught.value.request is REQUEST


async def test_non_json_data_raises_a_validation_error_naming_it(mode: str) -> None:
    body = b"".join(events({"n": 1})) + b"data: <html>Bad gateway</html>\n\n"
    items: list[Any] = []
    with pytest.raises(
        APIResponseValidationError, match="not JSON: '<html>Bad gateway</html>'"
    ) as caught:
        await collect(memory_stream(mode, body), items)
    assert items == [{"n": 1}]
    assert isinstance(caught.value.__cause__, ValueError)


async def test_parser_rejection_becomes_a_validation_error(mode: str) -> None:
    class Numbered(pydantic.BaseModel):
        n: int

    def parse(data: str, event: str | None) -> Numbered:
        return Numbered.model_validate_json(data)

    body = b"".join(events({"n": 1}, {"m": 2}))
    with pytest.raises(APIResponseValidationError, match="cannot read"):
        await collect(memory_stream(mode, body, parse))


async def test_stream_is_one_iterator_and_context_manager_closes(mode: str) -> None:
    stream = memory_stream(mode, b"".join(events({"n": 1}, {"n": 2}, {"n": 3})))
    if isinstance(stream, AsyncStream):
        async with stream as entered:
            assert entered is stream
            assert await next_item(stream) == {"n": 1}
    else:
        with stream as entered:
            assert entered is stream
            assert await next_item(stream) == {"n": 1}
    assert stream.response.is_closed
    assert await collect(stream) == []


async def test_until_done_reads_everything(mode: str) -> None:
    stream = memory_stream(mode, b"".join(events({"n": 1}, {"n": 2})))
    if isinstance(stream, AsyncStream):
        await stream.until_done()
    else:
        stream.until_done()
    assert stream.response.is_closed
    assert await collect(stream) == []


# --- the connection ----------------------------------------------------------------------------


async def test_rest_of_body_after_done_is_drained_and_the_connection_reused(
    clients: Clients, loopback_server: LoopbackServer
) -> None:
    after_done = b'data: {"late": true}\n\n' + b": trailing noise\n" * 200
    loopback_server.handler = serve_chunks([*events({"n": 1}), b"data: [DONE]\n\n", after_done])
    stream = await clients.open()
    assert await collect(stream) == [{"n": 1}]
    assert stream.response.is_closed
    assert (await clients.get("/next")).json() == {"ok": True}
    first, second = loopback_server.requests
    assert first.client_port == second.client_port, "the connection was not reused"


@pytest.mark.parametrize("torn", [b"", b'data: {"n": 3', b'data: {"n": 3}\n'])
async def test_connection_dropped_mid_stream_raises_after_the_complete_events(
    clients: Clients, loopback_server: LoopbackServer, torn: bytes
) -> None:
    loopback_server.handler = serve_chunks([*events({"n": 1}, {"n": 2}), torn], ending="drop")
    stream = await clients.open()
    items: list[Any] = []
    with pytest.raises(APIConnectionError) as caught:
        await collect(stream, items)
    assert items == [{"n": 1}, {"n": 2}]
    assert type(caught.value) is APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert "dropped mid-stream after 2 events" in caught.value.message
    assert stream.response.is_closed


async def test_connection_reset_mid_stream_raises_a_connection_error(
    clients: Clients, loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = serve_chunks(events({"n": 1}, {"n": 2}), ending="reset")
    stream = await clients.open()
    items: list[Any] = []
    with pytest.raises(APIConnectionError) as caught:
        await collect(stream, items)
    # An RST may discard bytes the client had not read yet: only a prefix is certain.
    assert items == [{"n": 1}, {"n": 2}][: len(items)]
    assert isinstance(caught.value.__cause__, httpx.TransportError)


async def test_read_timeout_mid_stream_raises_a_timeout_error(
    mode: str, loopback_server: LoopbackServer
) -> None:
    release = threading.Event()

    def handler(request: LoopbackRequest) -> None:
        request.start_chunked()
        request.write_chunk(events({"n": 1})[0])
        release.wait(10)

    loopback_server.handler = handler
    slow = Clients(mode, loopback_server, timeout=httpx.Timeout(10, read=0.2))
    try:
        stream = await slow.open()
        items: list[Any] = []
        with pytest.raises(APITimeoutError) as caught:
            await collect(stream, items)
        assert items == [{"n": 1}]
        assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    finally:
        release.set()
        await slow.aclose()


async def test_close_releases_the_connection(mode: str, loopback_server: LoopbackServer) -> None:
    release = threading.Event()

    def handler(request: LoopbackRequest) -> None:
        if request.path != "/stream":
            request.send_body(200, b'{"ok": true}')
            return
        request.start_chunked()
        request.write_chunk(b"".join(events({"n": 1}, {"n": 2})))
        release.wait(10)

    loopback_server.handler = handler
    # One connection in the pool: the second request only gets one if close() gave it back.
    single = Clients(
        mode,
        loopback_server,
        limits=httpx.Limits(max_connections=1),
        timeout=httpx.Timeout(10, pool=5),
    )
    try:
        stream = await single.open()
        assert await next_item(stream) == {"n": 1}
        await close(stream)
        assert stream.response.is_closed
        assert await collect(stream) == []
        assert (await single.get("/next")).json() == {"ok": True}
    finally:
        release.set()
        await single.aclose()


def test_exports() -> None:
    import openai_compat._streaming as module

    assert sorted(module.__all__) == ["AsyncStream", "Stream", "chunk_parser"]
