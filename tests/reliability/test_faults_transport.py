"""Transport faults on plain (non-streaming) calls, sync and async: each fault once then recovery,
and the same fault on every attempt. Every test checks the exact outcome, how many requests the
server saw, and that no connection is left held on either end (`reltools.assert_released`)."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from faultserver import Connection, FaultServer, Handler, SeenRequest, json_body, sequence
from reltools import MakeClient, assert_released, held_connections, raises, run

from openai_compat import APIConnectionError, APITimeoutError

MODELS = {
    "object": "list",
    "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}],
}
COMPLETION = {
    "id": "c1", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "hi", "refusal": None}}],
}  # fmt: skip
MESSAGES = [{"role": "user", "content": "hi"}]


async def reset_before_headers(request: SeenRequest, conn: Connection) -> None:
    conn.reset()


async def close_before_headers(request: SeenRequest, conn: Connection) -> None:
    conn.close()


async def reset_mid_body(request: SeenRequest, conn: Connection) -> None:
    await conn.head(200, {"Content-Type": "application/json", "Content-Length": "400"})
    await conn.write(b'{"object": "list", "data": [')
    conn.reset()


async def short_body(request: SeenRequest, conn: Connection) -> None:
    """Content-Length promises more than is sent, then an orderly FIN."""
    await conn.head(200, {"Content-Type": "application/json", "Content-Length": "400"})
    await conn.write(b'{"object": "list", "data": [')
    conn.close()


async def truncated_chunked(request: SeenRequest, conn: Connection) -> None:
    """A chunked body that ends without its terminating zero-length chunk."""
    await conn.start_chunked(content_type="application/json")
    await conn.chunk(b'{"object": "list", ')
    conn.close()


async def truncated_headers(request: SeenRequest, conn: Connection) -> None:
    await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: applic")
    conn.reset()


async def stall(request: SeenRequest, conn: Connection) -> None:
    await conn.stall()


async def stall_mid_body(request: SeenRequest, conn: Connection) -> None:
    await conn.head(200, {"Content-Type": "application/json", "Content-Length": "400"})
    await conn.write(b'{"object": "list", ')
    await conn.stall()


# fault -> the exception once retries are exhausted
FAULTS: dict[str, tuple[Handler, type[Exception]]] = {
    "reset_before_headers": (reset_before_headers, APIConnectionError),
    "close_before_headers": (close_before_headers, APIConnectionError),
    "truncated_headers": (truncated_headers, APIConnectionError),
    "reset_mid_body": (reset_mid_body, APIConnectionError),
    "short_body": (short_body, APIConnectionError),
    "truncated_chunked": (truncated_chunked, APIConnectionError),
    "stall_before_headers": (stall, APITimeoutError),
    "stall_mid_body": (stall_mid_body, APITimeoutError),
}
CALLS = ["models.list", "chat.completions.create"]


def answer(call: str) -> Handler:
    return json_body(MODELS if call == "models.list" else COMPLETION)


async def invoke(client: Any, call: str) -> Any:
    if call == "models.list":
        page = await run(client.models.list())
        return [model.id for model in page.data]
    completion = await run(client.chat.completions.create(model="m", messages=MESSAGES))
    return completion.choices[0].message.content


EXPECTED = {"models.list": ["m1"], "chat.completions.create": "hi"}


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("fault", FAULTS)
async def test_fault_once_then_recovery(
    fault: str, call: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = sequence(FAULTS[fault][0], answer(call))
    client = make_client(max_retries=2, timeout=0.25)
    assert await invoke(client, call) == EXPECTED[call]
    assert len(server.requests) == 2
    if call == "chat.completions.create":  # the retry resends the same body
        assert server.requests[0].body == server.requests[1].body
        assert [r.headers["x-stainless-retry-count"] for r in server.requests] == ["0", "1"]
    await assert_released(client, server)


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("fault", FAULTS)
async def test_fault_every_attempt(
    fault: str, call: str, server: FaultServer, make_client: MakeClient
) -> None:
    handler, expected = FAULTS[fault]
    server.handler = handler
    client = make_client(max_retries=1, timeout=0.3)
    with raises(expected) as info:
        await invoke(client, call)
    assert len(server.requests) == 2  # the first attempt and one retry
    assert info.value.request.url.path.startswith("/v1/")
    assert info.value.__cause__ is not None  # the httpx error is kept as the cause
    await assert_released(client, server)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.usefixtures("fast_backoff")
async def test_connection_refused(
    mode: str, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{_free_port()}/v1", max_retries=2)
    with raises(APIConnectionError, match="ConnectError"):
        await run(client.models.list())
    retries = [r for r in caplog.records if r.getMessage().startswith("Retrying GET")]
    attempts = [r for r in caplog.records if r.getMessage().startswith("Sending GET")]
    assert (len(retries), len(attempts)) == (2, 3)
    assert held_connections(client) == []


async def trickle(request: SeenRequest, conn: Connection, *, interval: float) -> None:
    body = json.dumps({"object": "list", "data": []}).encode()
    await conn.head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
    await conn.trickle(body, interval)


async def test_trickle_within_read_timeout_succeeds(
    mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    """The timeout bounds each read, not the whole body: a body trickled one byte per 20 ms for
    longer than the 0.25 s timeout still arrives (the documented httpx semantics)."""

    async def handler(request: SeenRequest, conn: Connection) -> None:
        await trickle(request, conn, interval=0.02)

    server.handler = handler
    client = make_client(max_retries=0, timeout=0.25)
    page = await run(client.models.list())
    assert page.data == [] and len(server.requests) == 1
    await assert_released(client, server)


async def test_trickle_slower_than_read_timeout_times_out(
    mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    async def handler(request: SeenRequest, conn: Connection) -> None:
        await trickle(request, conn, interval=1.0)

    server.handler = handler
    client = make_client(max_retries=1, timeout=0.2)
    with raises(APITimeoutError):
        await run(client.models.list())
    assert len(server.requests) == 2
    await assert_released(client, server)
