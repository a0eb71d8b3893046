"""Faults in the middle of a streamed chat completion, sync and async, and cancellation.

For each fault: the exact exception, every complete event before it delivered (and nothing of a
half-sent one), how many requests the server saw, and no connection held afterwards.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
from faultserver import Connection, FaultServer, Handler, SeenRequest, sequence, sse_events, status
from reltools import MakeClient, assert_released, collect, held_connections, raises, run
from secret_sweep import SECRETS, SWEEP
from transports import enter_mode

from openai_compat import APIConnectionError, APIStreamError, APITimeoutError, OpenAI

MESSAGES = [{"role": "user", "content": "count"}]
EVENTS = 5


def chunk(i: int) -> dict[str, Any]:
    return {
        "id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "choices": [{"index": 0, "delta": {"content": f"t{i}"}, "finish_reason": None}],
    }  # fmt: skip


FRAMES = sse_events(chunk(i) for i in range(EVENTS))


def streaming(ending: str, frames: list[bytes] = FRAMES) -> Handler:
    """Send `frames`, then end as `ending` says."""

    async def handler(request: SeenRequest, conn: Connection) -> None:
        await conn.start_chunked()
        for frame in frames:
            await conn.chunk(frame)
        if ending == "complete":
            await conn.end_chunked()
        elif ending == "reset":
            conn.reset()
        elif ending == "fin":  # no terminating zero-length chunk
            conn.close()
        elif ending == "half_event_then_reset":
            await conn.chunk(b'data: {"id": "c1", "object": "chat.comp')
            conn.reset()
        elif ending == "stall":
            await conn.stall()
        elif ending == "error_event":
            await conn.chunk(b'data: {"error": {"message": "model crashed", "code": "boom"}}\n\n')
            await conn.end_chunked()

    return handler


async def open_stream(client: Any) -> Any:
    return await run(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))


def contents(chunks: list[Any]) -> list[str]:
    return [c.choices[0].delta.content for c in chunks]


@pytest.mark.parametrize("done", [True, False])
async def test_complete_stream(
    done: bool, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = streaming("complete", sse_events((chunk(i) for i in range(EVENTS)), done=done))
    client = make_client()
    got = await collect(await open_stream(client), [])
    assert contents(got) == [f"t{i}" for i in range(EVENTS)]
    await assert_released(client, server)
    assert server.open_connections == 1  # the connection went back to the pool for reuse


MID_STREAM_FAULTS = {
    "reset": APIConnectionError,
    "fin": APIConnectionError,
    "half_event_then_reset": APIConnectionError,
    "stall": APITimeoutError,
    "error_event": APIStreamError,
}


@pytest.mark.parametrize("ending", MID_STREAM_FAULTS)
async def test_fault_mid_stream(
    ending: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    frames = FRAMES[:-1]  # no [DONE]: the fault comes instead
    server.handler = streaming(ending, frames)
    client = make_client(max_retries=2, timeout=0.3)
    stream = await open_stream(client)
    got: list[Any] = []
    with raises(MID_STREAM_FAULTS[ending]) as info:
        await collect(stream, got)
    assert contents(got) == [f"t{i}" for i in range(EVENTS)]  # every complete event, in order
    if ending in ("reset", "fin", "half_event_then_reset"):
        assert f"after {EVENTS} events" in str(info.value)
    assert len(server.requests) == 1  # a stream that started is never replayed
    await assert_released(client, server)


@pytest.mark.usefixtures("fast_backoff")
@pytest.mark.parametrize("first", ["reset_before_headers", "503"])
async def test_stream_retried_before_it_starts(
    first: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    async def reset(request: SeenRequest, conn: Connection) -> None:
        conn.reset()

    server.handler = sequence(
        reset if first != "503" else status(503, retry_ms=0), streaming("complete")
    )
    client = make_client(max_retries=1)
    got = await collect(await open_stream(client), [])
    assert len(got) == EVENTS and len(server.requests) == 2
    assert server.requests[1].json()["stream"] is True
    await assert_released(client, server)


# -- cancellation ---------------------------------------------------------------------------------


async def stall_handler(request: SeenRequest, conn: Connection) -> None:
    await conn.stall()


@pytest.fixture(params=["async", "async-httpx"])
async def async_client(
    server: FaultServer, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Any]:
    """An AsyncOpenAI on each async transport (tests/transports.py)."""
    from openai_compat import AsyncOpenAI

    enter_mode(str(request.param), monkeypatch)

    client = AsyncOpenAI(api_key=SECRETS.api_key, base_url=server.url("/v1"), max_retries=0)
    SWEEP.text(repr(client))
    yield client
    await client.close()
    assert await server.async_wait_until(lambda: server.open_connections == 0)


async def test_cancel_call_waiting_for_headers(server: FaultServer, async_client: Any) -> None:
    server.handler = stall_handler
    task = asyncio.create_task(async_client.chat.completions.create(model="m", messages=MESSAGES))
    assert await server.async_wait_until(lambda: len(server.requests) == 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await assert_released(async_client, server)  # the server saw the socket close


async def test_cancel_during_retry_sleep(server: FaultServer, async_client: Any) -> None:
    server.handler = status(503, retry_ms=30_000)
    client = async_client.with_options(max_retries=2)
    task = asyncio.create_task(run(client.models.list()))
    assert await server.async_wait_until(lambda: len(server.requests) == 1)
    await asyncio.sleep(0.05)  # let the client reach its 30 s back-off sleep
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(server.requests) == 1
    await assert_released(client, server)


@pytest.mark.parametrize("style", ["async_for", "async_with"])
async def test_cancel_stream_mid_flight(style: str, server: FaultServer, async_client: Any) -> None:
    server.handler = streaming("stall", FRAMES[:2])
    got: list[Any] = []

    async def consume() -> None:
        stream = await open_stream(async_client)
        if style == "async_with":
            async with stream:
                await collect(stream, got)
        else:
            await collect(stream, got)

    task = asyncio.create_task(consume())
    assert await server.async_wait_until(lambda: len(got) == 2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert contents(got) == ["t0", "t1"]
    await assert_released(async_client, server)
    assert server.open_connections == 0  # a half-read response is never reused: closed


def test_keyboard_interrupt_during_sync_stream(server: FaultServer) -> None:
    """A real SIGINT delivered to the main thread while it blocks in recv() on a stalled stream."""
    assert threading.current_thread() is threading.main_thread()
    server.handler = streaming("stall", FRAMES[:2])
    client = OpenAI(api_key=SECRETS.api_key, base_url=server.url("/v1"), max_retries=0)
    got: list[Any] = []

    def interrupt_when_blocked() -> None:
        if server.wait_until(lambda: len(got) == 2):
            threading.Event().wait(0.2)  # the main thread is now blocked reading event 3
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    interrupter = threading.Thread(target=interrupt_when_blocked)
    try:
        with pytest.raises(KeyboardInterrupt):
            interrupter.start()
            with client.chat.completions.create(
                model="m", messages=MESSAGES, stream=True
            ) as stream:
                for item in stream:
                    got.append(item)
    finally:
        interrupter.join(10)
        signal.signal(signal.SIGINT, previous)
    assert contents(got) == ["t0", "t1"]
    assert held_connections(client) == []
    assert server.wait_until(lambda: server.open_connections == 0), "half-open socket left behind"
    client.close()
