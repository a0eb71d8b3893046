"""The scenarios: each returns, for one implementation and one round, one number.

In-process scenarios are timed as a batch of calls after a warm-up (the batch size is fixed per
implementation on the first round so every round does the same work) and report seconds per
operation. In-process timings (micro benchmarks and the cold-import child) are CPU time of the
measuring process (`time.process_time`): the machine is shared, and CPU time does not count the
time the process waits for a core. With an in-memory transport there is no I/O, so on an idle
machine CPU time and wall time agree. Concurrency and codegen are wall time. Cold import runs a fresh interpreter per measurement; concurrency talks to
`bench.server` over loopback; codegen times the generator of the project's own venv.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import fixtures
from bench.impls import Impl

ROOT = Path(__file__).resolve().parent.parent
TARGET_BATCH_SECONDS = 0.2

# -- in-process micro benchmarks ----------------------------------------------------------------


class Batch:
    """Times `op` in batches; the batch size is calibrated once, then fixed for every round."""

    def __init__(self, op: Callable[[], object]) -> None:
        self.op = op
        for _ in range(3):  # warm-up: imports, caches, connection set-up
            op()
        started = time.process_time()
        op()
        once = max(time.process_time() - started, 1e-7)
        self.size = max(3, min(20_000, int(TARGET_BATCH_SECONDS / once)))

    def __call__(self) -> float:
        op = self.op
        started = time.process_time()
        for _ in range(self.size):
            op()
        return (time.process_time() - started) / self.size


def per_call(impl: Impl, count: int) -> Batch:
    client = impl.sync_client(impl.mock(fixtures.SMALL_COMPLETION))
    msgs = fixtures.messages(count)
    return Batch(lambda: impl.create(client, msgs))


def parse(impl: Impl, kind: str, body: bytes) -> Batch:
    parser = impl.parser(kind)
    return Batch(lambda: parser(body))


def stream_per_chunk(impl: Impl, frames: list[bytes], *, accumulate: bool) -> Callable[[], float]:
    client = impl.sync_client(impl.mock(frames))
    msgs = fixtures.messages(1)
    run = impl.accumulate if accumulate else impl.stream
    batch = Batch(lambda: run(client, msgs))
    chunks = len(frames) - 1
    return lambda: batch() / chunks


def event_loop_per_chunk(impl: Impl, frames: list[bytes]) -> Callable[[], float]:
    client = impl.sync_client(impl.mock(frames))
    msgs = fixtures.messages(1)
    batch = Batch(lambda: impl.event_loop(client, msgs))
    chunks = len(frames) - 1
    return lambda: batch() / chunks


def responses_stream_per_event(impl: Impl, frames: list[bytes]) -> Callable[[], float]:
    client = impl.sync_client(impl.mock(frames))
    batch = Batch(lambda: impl.responses_stream(client))
    return lambda: batch() / len(frames)


def parse_per_call(impl: Impl) -> Batch:
    import pydantic

    class CityReport(pydantic.BaseModel):
        city: str
        country: str
        population: int
        temperatures: list[float]
        tags: list[str]

    client = impl.sync_client(impl.mock(fixtures.STRUCTURED_COMPLETION))
    msgs = fixtures.messages(1)
    return Batch(lambda: impl.parse_call(client, msgs, CityReport))


# The child's own peak RSS. Linux carries ru_maxrss across exec, so a child started by a large
# bench process would report the parent's peak; /proc/self/status VmHWM belongs to this process.
_PEAK_RSS = """
def peak_rss():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
"""

# -- cold import ---------------------------------------------------------------------------------

_CHILD = """
import json, resource, time
""" + _PEAK_RSS + """
started = time.process_time()
{imports}
imported = time.process_time()
rss_import = peak_rss()
client = {client}
created = time.process_time()
rss_client = peak_rss()
print(json.dumps({{"import": imported - started, "client": created - imported,
                  "rss_import": rss_import, "rss_client": rss_client}}))
"""

COLD = {
    "openai": ("from openai import OpenAI", "OpenAI(api_key={key!r}, base_url={url!r})"),
    "openai_compat": (
        "from openai_compat import OpenAI",
        "OpenAI(api_key={key!r}, base_url={url!r})",
    ),
    "floor": ("import httpx, orjson", "httpx.Client(base_url={url!r})"),
}


def _child_source(name: str) -> str:
    imports, client = COLD[name]
    return _CHILD.format(
        imports=imports, client=client.format(key=fixtures.API_KEY, url=fixtures.BASE_URL)
    )


def write_bytecode(name: str) -> None:
    """One run allowed to write .pyc files, as any installed package has them (the Makefile
    sets PYTHONDONTWRITEBYTECODE, which would make every cold import compile from source)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    warm = "" if name == "floor" else "\nclient.chat.completions\n"  # the resource modules too
    code = _child_source(name) + warm
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)


def cold_import(name: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _child_source(name)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


# -- concurrency over loopback ------------------------------------------------------------------


class Server:
    """`bench.server` in a child process (its own core), stopped by closing its stdin."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.server"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = f"http://127.0.0.1:{int(self.proc.stdout.readline())}/v1"

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


async def _requests(impl: Impl, url: str, total: int, concurrency: int) -> float:
    client = impl.async_client(url)
    msgs = fixtures.messages(1)
    limit = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with limit:
            await impl.acreate(client, msgs)

    try:
        await asyncio.gather(*(one() for _ in range(concurrency)))  # open the connections
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(total)))
        return total / (time.perf_counter() - started)
    finally:
        close = getattr(client, "aclose", None) or client.close
        await close()


def requests_per_second(impl: Impl, url: str, total: int = 2000, concurrency: int = 100) -> float:
    return asyncio.run(_requests(impl, url, total, concurrency))


# -- realtime over WebSocket, loopback ----------------------------------------------------------

REALTIME_EVENTS = 2000


class WebSocketServer:
    """`bench.ws_server` in a child process (its own core), stopped by closing its stdin."""

    def __init__(self, events: int = REALTIME_EVENTS) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.ws_server", str(events)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        self.url = f"http://127.0.0.1:{int(self.proc.stdout.readline())}/v1"

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def realtime_per_event(impl: Impl, url: str) -> Callable[[], float]:
    """CPU seconds of the client process (its WebSocket reader thread included) per typed server
    event, over one connection kept open across rounds; each measure is one spoken answer."""
    connection, _close = impl.realtime_connect(url)
    impl.realtime_turn(connection)  # warm-up: imports, the event models

    def measure() -> float:
        started = time.process_time()
        count = impl.realtime_turn(connection)
        return (time.process_time() - started) / count

    return measure
# Fresh interpreters: peak RSS must be the scenario's own, first-call latency a cold client's.
_STREAMS_CHILD = """
import asyncio, json, resource, time
""" + _PEAK_RSS + """
from bench import fixtures
from bench.impls import by_name
impl = by_name({name!r})

async def main():
    client = impl.async_client({url!r})
    msgs = fixtures.messages(1)
    try:
        await impl.astream(client, msgs)  # warm: imports and the first connection
        started = time.perf_counter()
        counts = await asyncio.gather(*(impl.astream(client, msgs) for _ in range({streams})))
        elapsed = time.perf_counter() - started
    finally:
        close = getattr(client, "aclose", None) or client.close
        await close()
    assert sum(counts) == {streams} * {chunks}, sum(counts)
    return sum(counts) / elapsed

rate = asyncio.run(main())
print(json.dumps({{"chunks_per_s": rate, "peak_rss": peak_rss()}}))
"""

_FIRST_CALL_CHILD = """
import asyncio, json, time
from bench import fixtures
from bench.impls import by_name
impl = by_name({name!r})
client = impl.async_client({url!r})

async def main():
    started = time.perf_counter()
    await impl.acreate(client, fixtures.messages(1))
    elapsed = time.perf_counter() - started
    close = getattr(client, "aclose", None) or client.close
    await close()
    return elapsed

print(json.dumps({{"first_call": asyncio.run(main())}}))
"""


def _child(code: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def concurrent_streams(name: str, url: str, streams: int = 1000) -> dict[str, float]:
    """Chunks per second and peak RSS of `streams` concurrent streams of 100 chunks."""
    from bench.server import STREAM_CHUNKS

    code = _STREAMS_CHILD.format(name=name, url=url, streams=streams, chunks=STREAM_CHUNKS)
    return _child(code)


def first_call_seconds(name: str, url: str) -> float:
    """Wall time of the first call of a new async client (its transport's imports included)."""
    return _child(_FIRST_CALL_CHILD.format(name=name, url=url))["first_call"]


# -- codegen -------------------------------------------------------------------------------------

_GEN = """
import pathlib, sys, tempfile
from codegen.generate import generate_all
with tempfile.TemporaryDirectory() as tmp:
    reports = generate_all(pathlib.Path(tmp) / "generated")
sys.exit(0 if all(r.complete for r in reports) else 1)
"""


def codegen_seconds(python: str) -> float:
    """Wall time of `make gen`'s work (every pinned spec) into a temporary folder.

    A temporary folder, not generated/, so that a bench run never touches the working tree."""
    started = time.perf_counter()
    subprocess.run([python, "-c", _GEN], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started
