"""Load: 1,000 concurrent async streams on one client, and one sync client shared by 32 threads.

The server echoes a per-request tag into every event/answer, so each result is checked against
the request that produced it: a mixed-up, lost or duplicated event fails the test, not just a
wrong total.

Memory of the 1,000 streams is the peak resident set size above the level before the run, sampled
every 10 ms from /proc/self/statm (tracemalloc would double the run time at this scale). The
httpcore logger is lowered to INFO for that test: its DEBUG trace records (several per network
read, 100,000+ here) would dominate the run; the sweep still sees every openai_compat and httpx
record at DEBUG, and every httpcore record of every other test.

Measured on 2 cores: the 1,000 streams take ~10 s, about half of it in httpcore's connection pool
(`AsyncConnectionPool._assign_requests_to_connections` scans every connection for every request,
so a 1,000-connection pool costs O(n^2)); peak RSS growth ~60 MiB.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from faultserver import Connection, FaultServer, SeenRequest
from reltools import assert_released, held_connections
from secret_sweep import SECRETS

from openai_compat import AsyncOpenAI, OpenAI

STREAMS = 1000
EVENTS = 10
MIB = 1 << 20
STREAM_PEAK_LIMIT = 200 * MIB  # 200 KiB per concurrent stream; measured peaks are printed by -s
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


async def sample_peak_rss(peak: list[int]) -> None:
    while True:
        peak[0] = max(peak[0], rss())
        await asyncio.sleep(0.01)


@contextlib.contextmanager
def logger_level(name: str, level: int) -> Iterator[None]:
    target = logging.getLogger(name)
    saved = target.level
    target.setLevel(level)
    try:
        yield
    finally:
        target.setLevel(saved)


def chunk(tag: str, i: int) -> bytes:
    payload = {"id": tag, "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": {"content": f"{tag}:{i}"}, "finish_reason": None}]}  # fmt: skip
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


def completion(tag: str) -> bytes:
    body = {"id": tag, "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": tag, "refusal": None}}]}  # fmt: skip
    return json.dumps(body).encode()


async def echo(request: SeenRequest, conn: Connection) -> None:
    """Streams EVENTS chunks tagged with the request's message, or answers it whole."""
    if request.method == "GET":
        await conn.respond(200, b'{"object": "list", "data": []}')
        return
    body = request.json()
    tag = body["messages"][0]["content"]
    if not body.get("stream"):
        await conn.respond(200, completion(tag))
        return
    await conn.start_chunked()
    for i in range(EVENTS):
        await conn.chunk(chunk(tag, i))
        await asyncio.sleep(0)  # interleave the streams instead of sending each in one burst
    await conn.chunk(b"data: [DONE]\n\n")
    await conn.end_chunked()


async def one_stream(client: AsyncOpenAI, tag: str) -> list[str]:
    stream = await client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": tag}], stream=True
    )
    return [c.choices[0].delta.content async for c in stream]


async def test_1000_concurrent_async_streams(server: FaultServer) -> None:
    server.handler = echo
    client = AsyncOpenAI(api_key=SECRETS.api_key, base_url=server.url("/v1"), max_retries=0)
    tags = [f"s{n:04d}" for n in range(STREAMS)]
    baseline = rss()
    peak_rss = [baseline]
    sampler = asyncio.create_task(sample_peak_rss(peak_rss))
    try:
        with logger_level("httpcore", logging.INFO):
            results = await asyncio.gather(*(one_stream(client, tag) for tag in tags))
    finally:
        sampler.cancel()
    peak = peak_rss[0] - baseline
    print(f"{STREAMS} concurrent streams: peak RSS growth {peak / MIB:.1f} MiB")
    for tag, events in zip(tags, results, strict=True):
        assert events == [f"{tag}:{i}" for i in range(EVENTS)]
    assert len(server.requests) == STREAMS
    assert server.accepted <= STREAMS  # the pool's limit (1,000) held
    assert peak < STREAM_PEAK_LIMIT
    await assert_released(client, server)
    await client.close()
    assert await server.async_wait_until(lambda: server.open_connections == 0)


def test_sync_client_shared_by_32_threads(server: FaultServer) -> None:
    server.handler = echo
    client = OpenAI(api_key=SECRETS.api_key, base_url=server.url("/v1"), max_retries=0)

    def job(n: int) -> tuple[str, Any]:
        tag = f"t{n:04d}"
        messages = [{"role": "user", "content": tag}]
        if n % 3 == 0:
            with client.chat.completions.create(
                model="m", messages=messages, stream=True
            ) as stream:
                return tag, [c.choices[0].delta.content for c in stream]
        if n % 3 == 1:
            return tag, client.chat.completions.create(model="m", messages=messages).choices[
                0
            ].message.content
        return tag, list(client.models.list())

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(job, range(640)))
    for n, (tag, result) in enumerate(results):
        expected: Any = (
            [f"{tag}:{i}" for i in range(EVENTS)] if n % 3 == 0 else tag if n % 3 == 1 else []
        )
        assert result == expected
    assert len(server.requests) == 640
    assert server.accepted <= 32  # connections were reused, never more than one per thread
    assert held_connections(client) == []
    client.close()
    assert server.wait_until(lambda: server.open_connections == 0)
