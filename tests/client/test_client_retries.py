"""Retries: what is retried, how long the client waits, and that a started stream is never replayed.

Sleeps are recorded (and skipped) by patching `time.sleep` / `asyncio.sleep` for the test, so the
chosen delays can be checked exactly without waiting for them.
"""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from harness import MESSAGES, Harness, chunk, header, reply_in_turn, reply_json
from loopback import LoopbackRequest

import openai_compat as oc

MODEL = {"id": "m", "object": "model", "created": 1, "owned_by": "o"}
FAST = {"retry-after-ms": "0"}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Delays the client slept for; the sleeps themselves take no time."""
    recorded: list[float] = []
    real_async_sleep = asyncio.sleep

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_async_sleep(seconds: float, *args: Any) -> Any:
        recorded.append(seconds)
        return await real_async_sleep(0)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(asyncio, "sleep", fake_async_sleep)
    yield recorded


def error(status: int, **headers: str) -> Any:
    return reply_json({"error": {"message": f"status {status}"}}, status, headers)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_statuses_are_retried_twice_by_default(h: Harness, status: int) -> None:
    h.server.handler = error(status, **FAST)
    with pytest.raises(oc.APIStatusError) as caught:
        await h.run(h.client().models.retrieve("m"))
    assert caught.value.status_code == status
    assert len(h.server.requests) == 3
    assert [header(h.server, "x-stainless-retry-count", i) for i in range(3)] == ["0", "1", "2"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_other_statuses_are_not_retried(h: Harness, status: int) -> None:
    h.server.handler = error(status, **FAST)
    with pytest.raises(oc.APIStatusError):
        await h.run(h.client().models.retrieve("m"))
    assert len(h.server.requests) == 1


async def test_a_retry_that_succeeds_returns_the_result(h: Harness) -> None:
    h.server.handler = reply_in_turn(error(503, **FAST), error(429, **FAST), reply_json(MODEL))
    model = await h.run(h.client().models.retrieve("m"))
    assert model.id == "m"
    assert len(h.server.requests) == 3


async def test_max_retries_per_client_and_per_with_options(h: Harness) -> None:
    h.server.handler = error(500, **FAST)
    client = h.client(max_retries=4)
    with pytest.raises(oc.InternalServerError):
        await h.run(client.models.retrieve("m"))
    assert len(h.server.requests) == 5
    with pytest.raises(oc.InternalServerError):
        await h.run(client.with_options(max_retries=0).models.retrieve("m"))
    assert len(h.server.requests) == 6


@pytest.mark.parametrize(
    ("status", "verdict", "attempts"),
    [(503, "false", 1), (400, "true", 3), (404, "TRUE", 3), (429, "nonsense", 3)],
)
async def test_x_should_retry_overrides_the_status(
    h: Harness, status: int, verdict: str, attempts: int
) -> None:
    h.server.handler = error(status, **{"x-should-retry": verdict, **FAST})
    with pytest.raises(oc.APIStatusError):
        await h.run(h.client().models.retrieve("m"))
    assert len(h.server.requests) == attempts


def http_date_in(seconds: float) -> str:
    return email.utils.formatdate(time.time() + seconds, usegmt=True)


async def test_delay_comes_from_retry_after_ms_then_retry_after(
    h: Harness, sleeps: list[float]
) -> None:
    h.server.handler = reply_in_turn(
        error(429, **{"retry-after-ms": "250", "retry-after": "7"}),
        error(429, **{"retry-after": "3"}),
        reply_json(MODEL),
    )
    await h.run(h.client().models.retrieve("m"))
    assert sleeps[:2] == [0.25, 3.0]


async def test_retry_after_as_an_http_date(h: Harness, sleeps: list[float]) -> None:
    h.server.handler = reply_in_turn(
        error(503, **{"retry-after": http_date_in(30)}), reply_json(MODEL)
    )
    await h.run(h.client().models.retrieve("m"))
    assert 25 <= sleeps[0] <= 31


@pytest.mark.parametrize("value", ["-1", "soon", "nan"])
async def test_unusable_retry_after_falls_back_to_backoff(
    h: Harness, sleeps: list[float], value: str
) -> None:
    h.server.handler = reply_in_turn(error(503, **{"retry-after": value}), reply_json(MODEL))
    await h.run(h.client().models.retrieve("m"))
    assert 0.375 <= sleeps[0] <= 0.5


@pytest.mark.parametrize("header", [{"retry-after": "121"}, {"retry-after-ms": "3600000"}])
async def test_a_retry_after_over_two_minutes_is_raised_at_once(
    h: Harness, sleeps: list[float], header: dict[str, str]
) -> None:
    # as openai-python: a server asking for more than 120 s is not retried at all
    h.server.handler = reply_in_turn(error(429, **header), reply_json(MODEL))
    with pytest.raises(oc.RateLimitError):
        await h.run(h.client().models.retrieve("m"))
    assert sleeps == [] and len(h.server.requests) == 1


async def test_backoff_doubles_from_half_a_second_with_jitter_and_caps_at_8(
    h: Harness, sleeps: list[float]
) -> None:
    h.server.handler = error(500)
    with pytest.raises(oc.InternalServerError):
        await h.run(h.client(max_retries=6).models.retrieve("m"))
    bounds = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(sleeps) == len(bounds)
    for slept, top in zip(sleeps, bounds, strict=True):
        assert top * 0.75 <= slept <= top


async def test_retry_after_of_zero_and_of_120_seconds_are_obeyed(
    h: Harness, sleeps: list[float]
) -> None:
    h.server.handler = reply_in_turn(
        error(429, **{"retry-after": "0"}), error(429, **{"retry-after": "120"}), reply_json(MODEL)
    )
    await h.run(h.client().models.retrieve("m"))
    assert sleeps[:2] == [0.0, 120.0]


def drop_first(request: LoopbackRequest) -> None:
    if len(request.server.owner.requests) == 1:
        request.drop_connection(reset=True)
    else:
        request.send_body(200, b'{"id": "m", "object": "model", "created": 1, "owned_by": "o"}')


async def test_connection_errors_are_retried(h: Harness, sleeps: list[float]) -> None:
    h.server.handler = drop_first
    model = await h.run(h.client().models.retrieve("m"))
    assert model.id == "m"
    assert len(h.server.requests) == 2
    assert 0.375 <= sleeps[0] <= 0.5


async def test_timeouts_are_retried(h: Harness, sleeps: list[float]) -> None:
    release = threading.Event()

    def slow_first(request: LoopbackRequest) -> None:
        if len(request.server.owner.requests) == 1:
            release.wait(timeout=5)
        request.send_body(200, b'{"id": "m", "object": "model", "created": 1, "owned_by": "o"}')

    h.server.handler = slow_first
    try:
        model = await h.run(h.client(timeout=0.2).models.retrieve("m"))
    finally:
        release.set()
    assert model.id == "m"
    assert len(h.server.requests) == 2


async def test_only_transport_errors_are_caught(h: Harness) -> None:
    """A bug in the caller's code (here an event hook) surfaces at once, unretried and unwrapped."""
    calls: list[str] = []

    def hook(request: httpx.Request) -> None:
        calls.append(str(request.url))
        raise LookupError("hook bug")

    async def ahook(request: httpx.Request) -> None:
        hook(request)

    http: Any = (
        httpx.AsyncClient(event_hooks={"request": [ahook]})
        if h.is_async
        else httpx.Client(event_hooks={"request": [hook]})
    )
    with pytest.raises(LookupError, match="hook bug"):
        await h.run(h.client(http_client=http).models.retrieve("m"))
    assert len(calls) == 1
    await h.run(http.aclose() if h.is_async else http.close())


def sse_then_drop(request: LoopbackRequest) -> None:
    request.start_chunked()
    request.write_chunk(f"data: {__import__('json').dumps(chunk('Hel'))}\n\n".encode())
    request.drop_connection(reset=True)


async def test_a_started_stream_is_never_replayed(h: Harness) -> None:
    h.server.handler = sse_then_drop
    stream = await h.run(
        h.client().chat.completions.create(model="m", messages=MESSAGES, stream=True)
    )
    received: list[Any] = []
    with pytest.raises(oc.APIConnectionError):
        if h.is_async:
            async for item in stream:
                received.append(item)
        else:
            for item in stream:
                received.append(item)
    assert [c.choices[0].delta.content for c in received] == ["Hel"]
    assert len(h.server.requests) == 1


async def test_a_stream_refused_before_it_starts_is_retried(h: Harness) -> None:
    def sse(request: LoopbackRequest) -> None:
        request.start_chunked()
        request.write_chunk(
            f"data: {__import__('json').dumps(chunk('ok'))}\n\ndata: [DONE]\n\n".encode()
        )
        request.end_chunked()

    h.server.handler = reply_in_turn(error(503, **FAST), sse)
    stream = await h.run(
        h.client().chat.completions.create(model="m", messages=MESSAGES, stream=True)
    )
    items = await h.collect(stream)
    assert [c.choices[0].delta.content for c in items] == ["ok"]
    assert len(h.server.requests) == 2
    assert header(h.server, "x-stainless-retry-count") == "1"


async def test_a_caller_set_retry_count_header_is_kept(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    await h.run(h.client().models.retrieve("m", extra_headers={"x-stainless-retry-count": "9"}))
    assert header(h.server, "x-stainless-retry-count") == "9"
