"""OPENAI_LOG output with redaction, and async hygiene: GC without "Event loop is closed", cancellation."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading

import httpx
import pytest
from harness import API_KEY, MESSAGES, reply_in_turn, reply_json, reply_sse
from loopback import LoopbackRequest, LoopbackServer

from openai_compat import AsyncOpenAI

MODEL = {"id": "m", "object": "model", "created": 1, "owned_by": "o"}

_LOGGED_CALLS = r"""
import asyncio, sys
from openai_compat import AsyncOpenAI, OpenAI, AzureOpenAI, NotFoundError
mode, base, key = sys.argv[1:4]
def sync():
    with OpenAI(api_key=key, base_url=base + "/v1") as c:
        c.models.retrieve("m")
        try:
            c.models.retrieve("missing")
        except NotFoundError as e:
            print("ERROR:", e, repr(e), file=sys.stderr)
        print(repr(c), repr(c.with_options(timeout=1)), file=sys.stderr)
    with AzureOpenAI(azure_endpoint=base, api_version="v1", azure_ad_token=key) as a:
        a.models.retrieve("m")
async def run_async():
    async with AsyncOpenAI(api_key=key, base_url=base + "/v1") as c:
        await c.models.retrieve("m")
        try:
            await c.models.retrieve("missing")
        except NotFoundError as e:
            print("ERROR:", e, repr(e), file=sys.stderr)
        print(repr(c), file=sys.stderr)
sync() if mode == "sync" else asyncio.run(run_async())
"""


def run_python(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )  # fmt: skip


def answer_logged(request: LoopbackRequest) -> None:
    if "missing" in request.path:
        reply_json({"error": {"message": f"model not found for key {API_KEY}"}}, 404)(request)
    elif request.headers.get("x-stainless-retry-count") == "0" and "retry" not in request.path:
        reply_json({"error": {"message": "busy"}}, 503, {"retry-after-ms": "0"})(request)
    else:
        reply_json(MODEL)(request)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("level", ["debug", "info"])
def test_openai_log_shows_method_url_status_retries_and_never_the_key(
    loopback_server: LoopbackServer, mode: str, level: str
) -> None:
    loopback_server.handler = answer_logged
    done = run_python(
        _LOGGED_CALLS, mode, loopback_server.base_url, API_KEY, env={"OPENAI_LOG": level}
    )
    assert done.returncode == 0, done.stderr
    log = done.stderr
    assert f"GET {loopback_server.base_url}/v1/models/m" in log
    assert '"503 Service Unavailable"' in log and '"200 OK"' in log and '"404 Not Found"' in log
    assert "retries taken: 1" in log
    assert "Retrying GET" in log
    assert "model not found for key <redacted>" in log  # the exception message, scrubbed
    assert API_KEY not in log
    assert API_KEY[-8:] not in log  # not even its tail
    if level == "debug":
        assert "headers=" in log
        assert "authorization" in log.lower()


def test_no_log_output_without_openai_log(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = answer_logged
    done = run_python(
        _LOGGED_CALLS, "sync", loopback_server.base_url, API_KEY, env={"OPENAI_LOG": ""}
    )
    assert done.returncode == 0, done.stderr
    assert "HTTP Request" not in done.stderr and "Retrying" not in done.stderr
    assert API_KEY not in done.stderr


_GC_PROBE = r"""
import asyncio, gc, sys
from openai_compat import AsyncOpenAI
base = sys.argv[1]
async def drop_without_close():
    client = AsyncOpenAI(api_key="k", base_url=base + "/v1")
    await client.models.retrieve("m")          # leaves a kept-alive pooled connection
    stream = await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True)
    async for _ in stream:
        break                                   # an abandoned stream, too
async def keep_until_after_loop():
    client = AsyncOpenAI(api_key="k", base_url=base + "/v1")
    await client.models.retrieve("m")
    return client
asyncio.run(drop_without_close())
gc.collect()
survivor = asyncio.run(keep_until_after_loop())
del survivor
gc.collect()
print("done")
"""


def test_a_garbage_collected_async_client_never_prints_event_loop_is_closed(
    loopback_server: LoopbackServer,
) -> None:
    sse = reply_sse(
        [{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}]
        * 3
    )
    loopback_server.handler = lambda r: (sse if "chat" in r.path else reply_json(MODEL))(r)
    done = run_python(
        _GC_PROBE, loopback_server.base_url, env={"PYTHONWARNINGS": "default", "PYTHONDEVMODE": "1"}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
    assert "Event loop is closed" not in done.stderr
    assert "Exception ignored" not in done.stderr
    assert "Task was destroyed" not in done.stderr


class SlowBody:
    """Headers now, the body only when released; counts how many requests started."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, request: LoopbackRequest) -> None:
        if "fast" in request.path:
            reply_json(MODEL)(request)
            return
        request.start_chunked(200, {"Content-Type": "application/json"})
        request.write_chunk(b'{"id": ')
        self.started.set()
        self.release.wait(timeout=5)
        try:
            request.write_chunk(b'"m"}')
            request.end_chunked()
        except OSError:
            pass  # the client hung up, as it should after a cancel


async def test_cancelling_a_call_closes_its_response(loopback_server: LoopbackServer) -> None:
    slow = SlowBody()
    loopback_server.handler = slow
    # One connection in the pool: the call after the cancel only gets through if it was released.
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=2.0)
    )
    client = AsyncOpenAI(
        api_key=API_KEY, base_url=loopback_server.url("/v1"), http_client=http, max_retries=0
    )
    try:
        task = asyncio.create_task(client.models.retrieve("slow"))
        await asyncio.to_thread(slow.started.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        slow.release.set()
        model = await client.models.retrieve("fast")
        assert model.id == "m"
    finally:
        slow.release.set()
        await http.aclose()


async def test_cancelling_a_stream_consumer_closes_the_stream(
    loopback_server: LoopbackServer,
) -> None:
    release = threading.Event()

    def stalled_stream(request: LoopbackRequest) -> None:
        if "fast" in request.path:
            reply_json(MODEL)(request)
            return
        request.start_chunked()
        request.write_chunk(
            b'data: {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}\n\n'
        )
        release.wait(timeout=5)

    loopback_server.handler = stalled_stream
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=2.0)
    )
    client = AsyncOpenAI(api_key=API_KEY, base_url=loopback_server.url("/v1"), http_client=http)
    first_item = asyncio.Event()

    async def consume() -> None:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async for _ in stream:
            first_item.set()

    try:
        task = asyncio.create_task(consume())
        await asyncio.wait_for(first_item.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert (await client.models.retrieve("fast")).id == "m"
    finally:
        release.set()
        await http.aclose()


async def test_async_with_closes_an_owned_pool_and_leaves_a_given_one(
    loopback_server: LoopbackServer,
) -> None:
    loopback_server.handler = reply_in_turn(reply_json(MODEL))
    async with AsyncOpenAI(api_key=API_KEY, base_url=loopback_server.url("/v1")) as client:
        await client.models.retrieve("m")
    assert client._http.is_closed
    given = httpx.AsyncClient()
    async with AsyncOpenAI(
        api_key=API_KEY, base_url=loopback_server.url("/v1"), http_client=given
    ) as client:
        await client.models.retrieve("m")
    assert not given.is_closed
    await given.aclose()
