"""Polling and upload helpers: `openai-poll-after-ms` is honoured, the poll headers are sent,
waits are bounded, uploads run with bounded concurrency and keep the caller's order."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from harness import Harness, header, reply_json
from loopback import LoopbackRequest

VS_FILE = {"id": "file_1", "object": "vector_store.file", "usage_bytes": 0, "created_at": 1,
           "vector_store_id": "vs_1", "status": "in_progress", "last_error": None}  # fmt: skip
RUN = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
       "assistant_id": "asst_1", "status": "queued", "model": "m", "instructions": "",
       "tools": [], "metadata": {}, "parallel_tool_calls": True}  # fmt: skip
BATCH = {"id": "vsfb_1", "object": "vector_store.files_batch", "created_at": 1,
         "vector_store_id": "vs_1", "status": "in_progress",
         "file_counts": {"in_progress": 1, "completed": 0, "failed": 0, "cancelled": 0, "total": 1}}  # fmt: skip
FILE = {"id": "file-1", "object": "file", "bytes": 1, "created_at": 1, "filename": "a.txt",
        "purpose": "assistants", "status": "uploaded"}  # fmt: skip
VIDEO = {"id": "video_1", "object": "video", "created_at": 1, "status": "queued", "model": "sora-2",
         "progress": 0, "seconds": "4", "size": "720x1280"}  # fmt: skip


def by_route(routes: dict[str, Callable[[LoopbackRequest], None]]) -> Callable[[LoopbackRequest], None]:
    def handler(request: LoopbackRequest) -> None:
        key = f"{request.command} {request.path.split('?')[0]}"
        for prefix, reply in routes.items():
            if key.startswith(prefix):
                reply(request)
                return
        request.send_body(404, b'{"error": {"message": "no route"}}')

    return handler


def in_turn(*bodies: dict[str, Any], hint_ms: str | None = "5") -> Callable[[LoopbackRequest], None]:
    queue = list(bodies)
    headers = {"openai-poll-after-ms": hint_ms} if hint_ms is not None else {}

    def reply(request: LoopbackRequest) -> None:
        body = queue.pop(0) if len(queue) > 1 else queue[0]
        reply_json(body, headers=headers)(request)

    return reply


def gets(h: Harness) -> list[Any]:
    return [r for r in h.server.requests if r.method == "GET"]


async def test_vector_store_file_create_and_poll_honours_the_hint(h: Harness) -> None:
    client = h.client()
    for _attempt in range(2):  # the first run also imports and builds the models: time the second
        h.server.requests.clear()
        h.server.handler = by_route({
            "POST /v1/vector_stores/vs_1/files": reply_json(VS_FILE),
            "GET /v1/vector_stores/vs_1/files/file_1": in_turn(VS_FILE, VS_FILE, {**VS_FILE, "status": "completed"}),
        })  # fmt: skip
        started = time.monotonic()
        file = await h.run(client.vector_stores.files.create_and_poll("file_1", vector_store_id="vs_1"))
        elapsed = time.monotonic() - started
    assert file.status == "completed"
    assert elapsed < 0.9  # two waits of the 5 ms hint, not of the 1 s default
    polls = gets(h)
    assert len(polls) == 3
    assert all(header(h.server, "X-Stainless-Poll-Helper", h.server.requests.index(p)) == "true" for p in polls)


async def test_custom_poll_interval_is_sent_and_used(h: Harness) -> None:
    h.server.handler = by_route({
        "GET /v1/vector_stores/vs_1/files/file_1": in_turn(VS_FILE, {**VS_FILE, "status": "failed"}, hint_ms="5000"),
    })  # fmt: skip
    started = time.monotonic()
    file = await h.run(h.client().vector_stores.files.poll("file_1", vector_store_id="vs_1", poll_interval_ms=20))
    assert file.status == "failed"
    assert time.monotonic() - started < 2  # the caller's 20 ms, not the server's 5 s
    assert header(h.server, "X-Stainless-Custom-Poll-Interval") == "20"


async def test_max_wait_seconds_bounds_the_wait(h: Harness) -> None:
    h.server.handler = by_route({"GET /v1/vector_stores": in_turn(VS_FILE, hint_ms="50")})
    with pytest.raises(TimeoutError, match="file_1"):
        await h.run(h.client().vector_stores.files.poll("file_1", vector_store_id="vs_1", max_wait_seconds=0.2))
    with pytest.raises(ValueError, match="max_wait_seconds"):
        await h.run(h.client().vector_stores.files.poll("file_1", vector_store_id="vs_1", max_wait_seconds=-1))


async def test_a_malformed_hint_falls_back_to_the_default(h: Harness) -> None:
    h.server.handler = by_route({
        "GET /v1/vector_stores": in_turn(VS_FILE, {**VS_FILE, "status": "completed"}, hint_ms="soon"),
    })  # fmt: skip
    file = await h.run(h.client().vector_stores.files.poll("file_1", vector_store_id="vs_1", poll_interval_ms=1))
    assert file.status == "completed"


async def test_upload_and_poll_uploads_then_attaches(h: Harness) -> None:
    h.server.handler = by_route({
        "POST /v1/files": reply_json(FILE),
        "POST /v1/vector_stores/vs_1/files": reply_json({**VS_FILE, "id": "file-1"}),
        "GET /v1/vector_stores/vs_1/files/file-1": in_turn({**VS_FILE, "id": "file-1", "status": "completed"}),
    })  # fmt: skip
    file = await h.run(
        h.client().vector_stores.files.upload_and_poll(vector_store_id="vs_1", file=("a.txt", b"hello"))
    )
    assert file.id == "file-1" and file.status == "completed"
    upload = h.server.requests[0]
    assert b'name="purpose"' in upload.body and b"assistants" in upload.body
    assert json.loads(h.server.requests[1].body) == {"file_id": "file-1"}


async def test_file_batch_upload_and_poll_bounds_concurrency(h: Harness) -> None:
    active, peak, lock, counter = [0], [0], threading.Lock(), [0]

    def upload(request: LoopbackRequest) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            counter[0] += 1
            number = counter[0]
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        reply_json({**FILE, "id": f"file-{number}"})(request)

    h.server.handler = by_route({
        "POST /v1/files": upload,
        "POST /v1/vector_stores/vs_1/file_batches": reply_json(BATCH),
        "GET /v1/vector_stores/vs_1/file_batches/vsfb_1": in_turn(
            BATCH, {**BATCH, "status": "completed", "file_counts": {**BATCH["file_counts"], "in_progress": 0}}
        ),
    })  # fmt: skip
    files = [(f"f{i}.txt", b"x") for i in range(6)]
    batch = await h.run(
        h.client().vector_stores.file_batches.upload_and_poll(
            "vs_1", files=files, max_concurrency=2, file_ids=["file-0"]
        )
    )
    assert batch.file_counts.in_progress == 0
    assert 1 <= peak[0] <= 2
    created = next(r for r in h.server.requests if r.path.endswith("/file_batches"))
    sent_ids = json.loads(created.body)["file_ids"]
    assert sent_ids[0] == "file-0" and sorted(sent_ids[1:]) == sorted(f"file-{i}" for i in range(1, 7))


async def test_runs_create_and_poll_stops_at_requires_action(h: Harness) -> None:
    h.server.handler = by_route({
        "POST /v1/threads/thread_1/runs": reply_json(RUN),
        "GET /v1/threads/thread_1/runs/run_1": in_turn(
            {**RUN, "status": "in_progress"}, {**RUN, "status": "requires_action"}
        ),
    })  # fmt: skip
    run = await h.run(
        h.client().beta.threads.runs.create_and_poll(thread_id="thread_1", assistant_id="asst_1")
    )
    assert run.status == "requires_action"
    assert json.loads(h.server.requests[0].body) == {"assistant_id": "asst_1", "stream": False}


async def test_submit_tool_outputs_and_poll(h: Harness) -> None:
    h.server.handler = by_route({
        "POST /v1/threads/thread_1/runs/run_1/submit_tool_outputs": reply_json({**RUN, "status": "queued"}),
        "GET /v1/threads/thread_1/runs/run_1": in_turn({**RUN, "status": "completed"}),
    })  # fmt: skip
    run = await h.run(
        h.client().beta.threads.runs.submit_tool_outputs_and_poll(
            tool_outputs=[{"tool_call_id": "c1", "output": "42"}], run_id="run_1", thread_id="thread_1"
        )
    )
    assert run.status == "completed"
    assert json.loads(h.server.requests[0].body)["tool_outputs"] == [{"tool_call_id": "c1", "output": "42"}]


async def test_threads_create_and_run_poll(h: Harness) -> None:
    h.server.handler = by_route({
        "POST /v1/threads/runs": reply_json(RUN),
        "GET /v1/threads/thread_1/runs/run_1": in_turn({**RUN, "status": "expired"}),
    })  # fmt: skip
    run = await h.run(h.client().beta.threads.create_and_run_poll(assistant_id="asst_1"))
    assert run.status == "expired"


async def test_videos_create_and_poll(h: Harness) -> None:
    h.server.handler = by_route({
        "POST /v1/videos": reply_json(VIDEO),
        "GET /v1/videos/video_1": in_turn({**VIDEO, "status": "in_progress"}, {**VIDEO, "status": "completed"}),
    })  # fmt: skip
    video = await h.run(h.client().videos.create_and_poll(prompt="a cat"))
    assert video.status == "completed"
    assert len(gets(h)) == 2


async def test_files_wait_for_processing(h: Harness) -> None:
    h.server.handler = by_route({"GET /v1/files/file-1": in_turn(FILE, {**FILE, "status": "processed"})})
    file = await h.run(h.client().files.wait_for_processing("file-1", poll_interval=0.01))
    assert file.to_dict()["status"] == "processed"
    h.server.handler = by_route({"GET /v1/files/file-1": in_turn(FILE)})
    with pytest.raises(RuntimeError, match="Giving up on waiting for file file-1"):
        await h.run(h.client().files.wait_for_processing("file-1", poll_interval=0.01, max_wait_seconds=0.05))


async def test_upload_file_chunked_sends_parts_and_completes_in_order(h: Harness, tmp_path: Any) -> None:
    data = bytes(range(256)) * 40  # 10,240 bytes -> 3 parts of 4,096
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    parts: dict[str, bytes] = {}
    lock = threading.Lock()

    def add_part(request: LoopbackRequest) -> None:
        with lock:
            part_id = f"part_{len(parts)}"
            parts[part_id] = request.body
        reply_json({"id": part_id, "object": "upload.part", "created_at": 1, "upload_id": "upload_1"})(request)

    upload = {"id": "upload_1", "object": "upload", "bytes": len(data), "created_at": 1,
              "filename": "paper.pdf", "purpose": "assistants", "status": "pending", "expires_at": 2}  # fmt: skip
    h.server.handler = by_route({
        "POST /v1/uploads/upload_1/parts": add_part,
        "POST /v1/uploads/upload_1/complete": reply_json({**upload, "status": "completed"}),
        "POST /v1/uploads": reply_json(upload),
    })  # fmt: skip
    done = await h.run(
        h.client().uploads.upload_file_chunked(
            file=path, mime_type="application/pdf", purpose="assistants", part_size=4096
        )
    )
    assert done.status == "completed"
    created = json.loads(h.server.requests[0].body)
    assert created == {"bytes": len(data), "filename": "paper.pdf", "mime_type": "application/pdf",
                       "purpose": "assistants"}  # fmt: skip
    complete = json.loads(h.server.requests[-1].body)
    assert len(complete["part_ids"]) == 3
    # part_ids are in file order whatever order the parts finished in
    joined = b"".join(_part_payload(parts[pid]) for pid in complete["part_ids"])
    assert joined == data


def _part_payload(body: bytes) -> bytes:
    # the part is a multipart body with one `data` field
    start = body.index(b"\r\n\r\n") + 4
    end = body.rindex(b"\r\n--")
    return body[start:end]


async def test_upload_file_chunked_in_memory_needs_filename_and_bytes(h: Harness) -> None:
    with pytest.raises(TypeError, match="filename"):
        await h.run(h.client().uploads.upload_file_chunked(file=b"abc", mime_type="text/plain", purpose="batch"))
