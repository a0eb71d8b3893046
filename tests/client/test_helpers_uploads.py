"""`uploads.upload_file_chunked()`: parts in parallel (bounded), completed in file order, and
resumable: a part that fails after the retries raises openai-python's error class carrying
`upload_progress`, and `resume=` sends only the missing parts of the same Upload, then completes.

Every test runs sync, async on aiohttp and async on httpx, against a loopback server that plays
the Uploads API (`UploadsServer`)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from harness import Harness
from loopback import LoopbackRequest

from openai_compat import APIConnectionError, APIStatusError, InternalServerError, OpenAIError
from openai_compat import _retry as retry_module
from openai_compat.lib.uploads import UploadProgress

PART_SIZE = 1024
UPLOAD_ID = "upload_abc"


def content(parts: int, last: int = 100) -> bytes:
    """`parts` parts of PART_SIZE (the last one `last` bytes): part i is filled with byte 65 + i,
    so the server can tell which part a request carries."""
    return b"".join(bytes([65 + i]) * (PART_SIZE if i < parts - 1 else last) for i in range(parts))


def payload(body: bytes) -> bytes:
    """The `data` field of a multipart part request (the only field)."""
    start = body.index(b"\r\n\r\n") + 4
    return body[start : body.rindex(b"\r\n--")]


class UploadsServer:
    """The Uploads API on the loopback server: parts are recorded by index, ids are given in the
    order parts arrive (so file order and id order differ), and failures can be switched on."""

    def __init__(self, size: int, *, filename: str = "data.bin", purpose: str = "batch") -> None:
        self.upload = {"id": UPLOAD_ID, "object": "upload", "bytes": size, "created_at": 1,
                       "filename": filename, "purpose": purpose, "status": "pending", "expires_at": 2}  # fmt: skip
        self.lock = threading.Lock()
        self.accepted: dict[str, tuple[int, bytes]] = {}  # part id -> (index, payload)
        self.attempts: Counter[int] = Counter()  # part index -> requests received
        self.failing: set[int] = set()  # part indexes answered with `failure`
        self.failure = "500"  # "500" (retry-after-ms: 1) or "drop" (connection closed)
        self.complete_fails = False
        self.completes: list[list[str]] = []
        self.delay: Callable[[int], float] = lambda index: 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.creates = 0

    def handle(self, request: LoopbackRequest) -> None:
        path = request.path.split("?")[0]
        if path == "/v1/uploads":
            with self.lock:
                self.creates += 1
            self._json(request, self.upload)
        elif path == f"/v1/uploads/{UPLOAD_ID}/parts":
            self._part(request)
        elif path == f"/v1/uploads/{UPLOAD_ID}/complete":
            part_ids = json.loads(request.body)["part_ids"]
            with self.lock:
                self.completes.append(part_ids)
            if self.complete_fails:
                self._json(request, {"error": {"message": "try again"}}, 500, {"retry-after-ms": "1"})
            else:
                self._json(request, {**self.upload, "status": "completed"})
        else:
            self._json(request, {"error": {"message": f"no route {path}"}}, 404)

    def _part(self, request: LoopbackRequest) -> None:
        data = payload(request.body)
        index = data[0] - 65
        with self.lock:
            self.attempts[index] += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay(index))
            if index in self.failing:
                if self.failure == "drop":
                    request.drop_connection()
                else:
                    self._json(request, {"error": {"message": "part failed"}}, 500, {"retry-after-ms": "1"})
                return
            with self.lock:
                part_id = f"part_{len(self.accepted) + 1}"
                self.accepted[part_id] = (index, data)
        finally:
            with self.lock:
                self.in_flight -= 1
        self._json(request, {"id": part_id, "object": "upload.part", "created_at": 1, "upload_id": UPLOAD_ID})

    @staticmethod
    def _json(request: LoopbackRequest, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        request.send_body(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})

    def index_of(self, part_id: str) -> int:
        return self.accepted[part_id][0]

    def assembled(self, part_ids: list[str]) -> bytes:
        return b"".join(self.accepted[part_id][1] for part_id in part_ids)

    def accepted_indexes(self) -> list[int]:
        return sorted(index for index, _ in self.accepted.values())


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without a retry-after header wait 10 ms, not 0.5 s (the policy is unchanged)."""
    monkeypatch.setattr(retry_module, "INITIAL_RETRY_DELAY", 0.01)


def serve(h: Harness, size: int, **options: Any) -> UploadsServer:
    server = UploadsServer(size, **options)
    h.server.handler = server.handle
    return server


def file_of(tmp_path: Path, data: bytes, name: str = "data.bin") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def chunked(client: Any, source: Path | bytes, **kwargs: Any) -> Any:
    """`upload_file_chunked` for a path or, for bytes, with the filename and bytes it needs."""
    kwargs.setdefault("mime_type", "application/octet-stream")
    kwargs.setdefault("purpose", "batch")
    kwargs.setdefault("part_size", PART_SIZE)
    if isinstance(source, bytes):
        kwargs.setdefault("filename", "data.bin")
        kwargs.setdefault("bytes", len(source))
    return client.uploads.upload_file_chunked(file=source, **kwargs)


# -- the normal path ---------------------------------------------------------------------------


async def test_parts_complete_in_file_order_whatever_order_they_finish(h: Harness, tmp_path: Path) -> None:
    data = content(5)
    server = serve(h, len(data))
    server.delay = lambda index: 0.08 * (4 - index)  # the first part finishes last
    upload = await h.run(chunked(h.client(), file_of(tmp_path, data), max_concurrency=5))
    assert upload.status == "completed"
    created = json.loads(h.server.requests[0].body)
    assert created == {"bytes": len(data), "filename": "data.bin", "mime_type": "application/octet-stream",
                       "purpose": "batch"}  # fmt: skip
    [part_ids] = server.completes
    assert [server.index_of(p) for p in part_ids] == [0, 1, 2, 3, 4]
    assert part_ids != sorted(part_ids, key=lambda p: int(p.split("_")[1]))  # ids came in another order
    assert server.assembled(part_ids) == data
    assert h.server.requests[-1].path == f"/v1/uploads/{UPLOAD_ID}/complete"


async def test_each_part_is_logged_as_openai_python_logs_it(
    h: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="openai_compat.lib.uploads")
    data = content(3)
    server = serve(h, len(data))
    await h.run(chunked(h.client(), file_of(tmp_path, data)))
    logged = [r.getMessage() for r in caplog.records if r.name == "openai_compat.lib.uploads"]
    assert sorted(logged) == sorted(f"Uploaded part {p} for upload {UPLOAD_ID}" for p in server.completes[0])


@pytest.mark.parametrize("max_concurrency", [1, 3, None])
async def test_at_most_max_concurrency_parts_are_in_flight(
    h: Harness, tmp_path: Path, max_concurrency: int | None
) -> None:
    data = content(9)
    server = serve(h, len(data))
    server.delay = lambda index: 0.05
    options = {} if max_concurrency is None else {"max_concurrency": max_concurrency}
    await h.run(chunked(h.client(), file_of(tmp_path, data), **options))
    bound = max_concurrency or 4  # the default
    assert server.max_in_flight <= bound
    if bound > 1:
        assert server.max_in_flight >= 2  # parts did go in parallel
    assert sorted(server.attempts) == list(range(9)) and set(server.attempts.values()) == {1}


async def test_in_memory_content_is_split_the_same_way(h: Harness) -> None:
    data = content(3, last=PART_SIZE)  # parts of exactly PART_SIZE: no short last part
    server = serve(h, len(data))
    await h.run(chunked(h.client(), data))
    [part_ids] = server.completes
    assert len(part_ids) == 3 and server.assembled(part_ids) == data


async def test_a_path_is_read_one_part_at_a_time(h: Harness, tmp_path: Path) -> None:
    """Memory stays bounded by the parts in flight, not by the file: a path is read part by part
    and a part's bytes are released once it is sent (not left to the cycle collector)."""
    parts, size = 24, 256 * 1024  # a 6 MiB file in parts of 256 KiB, 2 at a time
    path = tmp_path / "big.bin"
    path.write_bytes(b"".join(bytes([65 + i]) * size for i in range(parts)))
    server = UploadsServer(parts * size)

    def handle(request: LoopbackRequest) -> None:
        h.server.requests.clear()  # the recorder would keep every body alive
        server.handle(request)
        server.accepted.clear()

    h.server.handler = handle
    client = h.client()
    warm_up = file_of(tmp_path, b"A", "small.bin")  # transports and models loaded before measuring
    await h.run(client.uploads.upload_file_chunked(file=warm_up, mime_type="text/plain", purpose="batch"))
    tracemalloc.start()
    try:
        await h.run(client.uploads.upload_file_chunked(
            file=path, mime_type="application/octet-stream", purpose="batch", part_size=size,
            max_concurrency=2))  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Two parts in flight are copied a few times on the way (read, framed, received by the
    # server in this process); the whole file, or parts kept after they were sent, is more.
    assert peak < parts * size / 2, f"peak {peak:,} bytes for a {parts * size:,} byte file"
    assert len(server.completes[-1]) == parts


# -- failure and resume ------------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["500", "drop"])
@pytest.mark.parametrize("source", ["path", "bytes"])
@pytest.mark.usefixtures("fast_backoff")
async def test_a_part_failing_after_retries_can_be_resumed(
    h: Harness, tmp_path: Path, failure: str, source: str
) -> None:
    data = content(8)
    server = serve(h, len(data))
    server.failing, server.failure = {2}, failure
    # Parts 0 and 1 go first (2 at a time); part 2 fails fast (3 attempts) while part 3 (when
    # the other worker took it in time) is in flight: nothing after it may start.
    server.delay = lambda index: 0.0 if index == 2 else 0.3
    file: Path | bytes = file_of(tmp_path, data) if source == "path" else data
    client = h.client(max_retries=2)

    with pytest.raises(APIConnectionError if failure == "drop" else InternalServerError) as caught:
        await h.run(chunked(client, file, max_concurrency=2))
    error = caught.value
    assert isinstance(error, APIStatusError) == (failure == "500")  # openai-python's classes
    assert server.attempts[2] == 3  # the part was retried by the client's policy first
    assert server.completes == []  # not completed with a part missing
    progress = error.upload_progress
    assert isinstance(progress, UploadProgress)
    assert progress.upload_id == UPLOAD_ID
    assert (progress.bytes, progress.part_size) == (len(data), PART_SIZE)
    # every part the server accepted is recorded, in file order; the rest are missing
    accepted = server.accepted_indexes()
    assert 2 not in accepted and len(progress.part_ids) == 8
    assert [server.index_of(p) for p in progress.completed_part_ids] == accepted
    assert progress.missing_parts == [i for i in range(8) if i not in accepted]
    assert not progress.is_complete
    assert {0, 1, 2} <= set(server.attempts) <= {0, 1, 2, 3}  # none started after the failure
    assert accepted == sorted(set(server.attempts) - {2})  # a part in flight finished and counts

    # the state survives JSON (a resume in another process)
    restored = UploadProgress.from_dict(json.loads(json.dumps(progress.to_dict())))
    assert restored == progress

    server.failing = set()
    attempts_before = Counter(server.attempts)
    upload = await h.run(chunked(client, file, resume=restored))
    assert upload.status == "completed"
    assert server.creates == 1  # the same Upload
    resent = server.attempts - attempts_before
    assert sorted(resent) == progress.missing_parts and set(resent.values()) == {1}  # no part twice
    [part_ids] = server.completes
    assert [server.index_of(p) for p in part_ids] == list(range(8))
    kept = [p for p, before in zip(part_ids, progress.part_ids, strict=True) if before]
    assert kept == progress.completed_part_ids  # the first run's ids stay where they were
    assert server.assembled(part_ids) == data


async def test_a_resume_that_fails_again_reports_the_merged_progress(h: Harness, tmp_path: Path) -> None:
    data = content(4)
    server = serve(h, len(data))
    server.failing = {1, 3}
    path = file_of(tmp_path, data)
    client = h.client(max_retries=0)
    with pytest.raises(InternalServerError) as first:
        await h.run(chunked(client, path, max_concurrency=1))
    assert first.value.upload_progress is not None
    assert first.value.upload_progress.missing_parts == [1, 2, 3]  # sequential: stopped at part 1

    server.failing = {3}
    with pytest.raises(InternalServerError) as second:
        await h.run(chunked(client, path, max_concurrency=1, resume=first.value.upload_progress))
    progress = second.value.upload_progress
    assert progress is not None and progress.missing_parts == [3]
    assert [server.index_of(p) for p in progress.completed_part_ids] == [0, 1, 2]

    server.failing = set()
    await h.run(chunked(client, path, resume=progress))
    assert sorted(server.attempts.items()) == [(0, 1), (1, 2), (2, 1), (3, 2)]
    assert server.assembled(server.completes[-1]) == data


async def test_a_failed_complete_resumes_with_only_the_complete(h: Harness, tmp_path: Path) -> None:
    data = content(3)
    server = serve(h, len(data))
    server.complete_fails = True
    path = file_of(tmp_path, data)
    client = h.client(max_retries=1)
    with pytest.raises(InternalServerError) as caught:
        await h.run(chunked(client, path))
    progress = caught.value.upload_progress
    assert progress is not None and progress.is_complete and progress.missing_parts == []
    server.complete_fails = False
    requests_before = len(h.server.requests)
    await h.run(chunked(client, path, resume=progress))
    assert [r.path for r in h.server.requests[requests_before:]] == [f"/v1/uploads/{UPLOAD_ID}/complete"]
    assert server.completes[-1] == progress.completed_part_ids


async def test_an_upload_that_could_not_be_created_has_no_progress(h: Harness, tmp_path: Path) -> None:
    h.server.handler = lambda request: request.send_body(400, b'{"error": {"message": "bad purpose"}}')
    with pytest.raises(APIStatusError) as caught:
        await h.run(chunked(h.client(), file_of(tmp_path, content(2))))
    assert caught.value.upload_progress is None
    assert len(h.server.requests) == 1


async def test_a_cancelled_async_upload_can_be_resumed(h: Harness, tmp_path: Path) -> None:
    if not h.is_async:
        pytest.skip("cancellation is the async client's")
    data = content(6)
    server = serve(h, len(data))
    server.delay = lambda index: 0.0 if index == 0 else 0.5
    path = file_of(tmp_path, data)
    client = h.client()
    task = asyncio.ensure_future(chunked(client, path, max_concurrency=2))
    while not server.accepted:  # part 0 is in; part 1 is still in flight
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.15)  # part 0's answer reaches the client; the others take 0.5 s
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as caught:
        await task
    progress = caught.value.upload_progress  # type: ignore[attr-defined]
    assert isinstance(progress, UploadProgress)
    assert [server.index_of(p) for p in progress.completed_part_ids] == [0]
    assert progress.missing_parts == [1, 2, 3, 4, 5]  # parts in flight were cancelled
    server.delay = lambda index: 0.0
    upload = await chunked(client, path, resume=progress)
    assert upload.status == "completed"
    assert server.assembled(server.completes[-1]) == data
    assert server.attempts[0] == 1  # the part sent before the cancellation was not sent again


async def test_answers_without_ids_are_clear_errors(h: Harness, tmp_path: Path) -> None:
    path = file_of(tmp_path, content(2))
    h.server.handler = lambda request: request.send_body(200, b'{"object": "upload"}')
    with pytest.raises(OpenAIError, match=r"uploads.create: the server's answer has no upload id \(got None\)"):
        await h.run(chunked(h.client(), path))
    server = serve(h, len(content(2)))
    answer_part = server._part

    def part_without_id_for_part_1(request: LoopbackRequest) -> None:
        if payload(request.body)[0] == 65 + 1:
            request.send_body(200, b'{"object": "upload.part", "upload_id": "upload_abc", "created_at": 1}')
        else:
            answer_part(request)

    server._part = part_without_id_for_part_1  # type: ignore[method-assign]
    with pytest.raises(OpenAIError, match=r"answered part 1 of upload upload_abc without a part id") as caught:
        await h.run(chunked(h.client(), path))
    assert caught.value.upload_progress is not None and caught.value.upload_progress.missing_parts == [1]


# -- resume states that do not fit -------------------------------------------------------------


def progress_for(data: bytes, **changes: Any) -> UploadProgress:
    count = -(-len(data) // PART_SIZE)
    fields: dict[str, Any] = {
        "upload_id": UPLOAD_ID, "bytes": len(data), "part_size": PART_SIZE,
        "part_ids": ("part_1",) + (None,) * (count - 1), "filename": "data.bin",
        "mime_type": "application/octet-stream", "purpose": "batch",
    }  # fmt: skip
    fields.update(changes)
    return UploadProgress(**fields)


@pytest.mark.parametrize(
    ("call_changes", "message"),
    [
        ({"part_size": 512}, r"part_size: expected 1024, as in the upload being resumed \(upload_abc\), got 512"),
        ({"bytes": 10}, r"bytes: expected 2148, as in the upload being resumed \(upload_abc\), got 10"),
        ({"mime_type": "text/plain"}, r"mime_type: expected 'application/octet-stream', what the upload"),
        ({"purpose": "assistants"}, r"purpose: expected 'batch', what the upload being resumed"),
        ({"filename": "other.bin"}, r"filename: expected 'data.bin', what the upload being resumed"),
    ],
)
async def test_a_resume_state_that_does_not_match_the_call_is_refused(
    h: Harness, tmp_path: Path, call_changes: dict[str, Any], message: str
) -> None:
    data = content(3)
    with pytest.raises(ValueError, match=message):
        await h.run(chunked(h.client(), file_of(tmp_path, data), resume=progress_for(data), **call_changes))
    assert h.server.requests == []  # nothing was sent


async def test_a_resume_state_of_another_file_is_refused(h: Harness, tmp_path: Path) -> None:
    data = content(3)
    with pytest.raises(ValueError, match=r"file: expected 2148 bytes of content, the size of the upload being "
                                          r"resumed \(upload_abc\), got 2100"):  # fmt: skip
        await h.run(chunked(h.client(), file_of(tmp_path, data[:2100]), resume=progress_for(data)))
    with pytest.raises(TypeError, match=r"resume: expected an UploadProgress .* got dict"):
        await h.run(chunked(h.client(), file_of(tmp_path, data), resume=progress_for(data).to_dict()))
    assert h.server.requests == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"upload_id": ""}, r"UploadProgress.upload_id: expected a non-empty str, got ''"),
        ({"part_ids": ("part_1",)}, r"UploadProgress.part_ids: expected 3 entries \(2148 bytes in parts of 1024\), got 1"),
        ({"part_ids": ("part_1", 7, None)}, r"UploadProgress.part_ids\[1\]: expected a part id .* got 7"),
        ({"part_size": 0}, r"UploadProgress.part_size: expected an int >= 1, got 0"),
        ({"bytes": -1}, r"UploadProgress.bytes: expected an int >= 0, got -1"),
        ({"filename": 3}, r"UploadProgress.filename: expected a str, got 3"),
    ],
)
def test_an_inconsistent_upload_progress_cannot_be_built(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        progress_for(content(3), **changes)


def test_from_dict_names_what_is_missing() -> None:
    data = progress_for(content(3)).to_dict()
    del data["part_size"], data["purpose"]
    with pytest.raises(ValueError, match=r"data: missing part_size, purpose"):
        UploadProgress.from_dict(data)
    with pytest.raises(TypeError, match=r"data: expected a mapping"):
        UploadProgress.from_dict([])  # type: ignore[arg-type]


async def test_bad_arguments_are_refused_before_anything_is_sent(h: Harness, tmp_path: Path) -> None:
    path = file_of(tmp_path, content(2))
    with pytest.raises(ValueError, match=r"part_size: expected an int >= 1 \(or None for 64 MiB\), got 0"):
        await h.run(chunked(h.client(), path, part_size=0))
    with pytest.raises(ValueError, match=r"max_concurrency: expected an int >= 1, got 0"):
        await h.run(chunked(h.client(), path, max_concurrency=0))
    with pytest.raises(TypeError, match=r"file: expected a path .* got int"):
        await h.run(chunked(h.client(), 42))  # type: ignore[arg-type]
    assert h.server.requests == []


def test_every_error_class_has_the_attribute() -> None:
    assert OpenAIError("x").upload_progress is None
