"""Large bodies, sync and async: a 20 MB JSON list parsed whole, a 200 MiB download streamed to a
file without holding it in memory.

Memory is measured with tracemalloc (every Python allocation of every thread, the fault server's
included), as the peak above the level before the download: the body passes through in 64 KiB
reads, so the peak must stay a small multiple of that - far below the 200 MiB that holding the
body would cost. RSS would also count the page cache of the written file, so it is not used.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

from faultserver import Connection, FaultServer, SeenRequest
from reltools import MakeClient, assert_released, run

from openai_compat import AsyncOpenAI

MIB = 1 << 20
DOWNLOAD_MIB = 200
PEAK_LIMIT = 32 * MIB  # the bound asserted; measured peaks are printed by -s
BASE_BLOCK = bytes(range(256)) * (MIB // 256)


def block(i: int) -> bytes:
    """1 MiB whose first 8 bytes number it, so a lost, repeated or reordered block shows."""
    return i.to_bytes(8, "big") + BASE_BLOCK[8:]


async def serve_download(request: SeenRequest, conn: Connection) -> None:
    assert request.path == "/v1/files/file-big/content"
    await conn.head(
        200, {"Content-Type": "application/octet-stream", "Content-Length": str(DOWNLOAD_MIB * MIB)}
    )
    for i in range(DOWNLOAD_MIB):
        await conn.write(block(i))


def check_file(path: Path) -> None:
    assert path.stat().st_size == DOWNLOAD_MIB * MIB
    with path.open("rb") as f:
        for i in range(DOWNLOAD_MIB):
            assert f.read(MIB) == block(i), f"block {i} differs"


async def test_200_mib_download_streams_to_file(
    mode: str, server: FaultServer, make_client: MakeClient, tmp_path: Path
) -> None:
    server.handler = serve_download
    client = make_client()
    target = tmp_path / "download.bin"
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        if isinstance(client, AsyncOpenAI):
            async with client.files.with_streaming_response.content("file-big") as response:
                await response.stream_to_file(str(target))
        else:
            with client.files.with_streaming_response.content("file-big") as response:
                response.stream_to_file(str(target))
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    print(f"200 MiB download ({mode}): peak Python memory growth {peak / MIB:.1f} MiB")
    assert peak < PEAK_LIMIT
    check_file(target)
    assert len(server.requests) == 1
    await assert_released(client, server)


def models_body(count: int) -> bytes:
    data = [{"id": f"model-{i:07d}", "object": "model", "created": 1700000000 + i, "owned_by": "org-reliability"}
            for i in range(count)]  # fmt: skip
    return json.dumps({"object": "list", "data": data}).encode()


async def test_20_mb_json_list(mode: str, server: FaultServer, make_client: MakeClient) -> None:
    body = models_body(230_000)
    assert len(body) > 20_000_000

    async def handler(request: SeenRequest, conn: Connection) -> None:
        await conn.respond(200, body)

    server.handler = handler
    client = make_client()
    page: Any = await run(client.models.list())
    assert len(page.data) == 230_000
    assert (page.data[0].id, page.data[-1].id) == ("model-0000000", "model-0229999")
    assert page.data[-1].created == 1700229999
    await assert_released(client, server)
