"""Multipart uploads for every multipart operation of the spec, and binary downloads."""

from __future__ import annotations

import email.parser
import email.policy
import functools
import io
import threading
from pathlib import Path
from typing import Any

import pytest
from harness import Harness, header, reply_in_turn, reply_json, sent_json
from loopback import LoopbackRequest

import openai_compat as oc

AUDIO = b"RIFF\x00\x00WAVEfmt fake audio \x00\xff"


def multipart_parts(server: Any, index: int = -1) -> dict[str, list[tuple[str | None, bytes]]]:
    """{field name: [(filename, content), ...]} of a multipart request the server received."""
    request = server.requests[index]
    content_type = next(v for k, v in request.headers.items() if k.lower() == "content-type")
    assert content_type.startswith("multipart/form-data; boundary=")
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    parts: dict[str, list[tuple[str | None, bytes]]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts.setdefault(str(name), []).append((part.get_filename(), part.get_payload(decode=True)))
    return parts


def call(client: Any, client_method: str, *args: Any, **kwargs: Any) -> Any:
    target = client
    for name in client_method.split("."):
        target = getattr(target, name)
    return target(*args, **kwargs)


@functools.cache
def spec_multipart_operations() -> frozenset[tuple[str, str]]:
    """(method, path) of every operation whose request body may be multipart, in the pinned spec."""
    from codegen.document import read_document, resolve_spec

    spec = read_document(resolve_spec("openai"))
    return frozenset(
        {
            (method.upper(), path)
            for path, item in spec["paths"].items()
            for method, op in item.items()
            if isinstance(op, dict)
            and any("multipart" in c for c in (op.get("requestBody") or {}).get("content", {}))
        }
    )


# One call per multipart operation of the spec, each with a different kind of file argument:
# (client method, positional args, keyword args, {file field: (filename, content)}).
def uploads(tmp_path: Path) -> list[tuple[str, tuple[Any, ...], dict[str, Any], dict[str, Any]]]:
    clip = tmp_path / "clip.wav"
    clip.write_bytes(AUDIO)
    return [
        ("audio.transcriptions.create", (), {"file": AUDIO, "model": "whisper-1"},
         {"file": [("upload", AUDIO)], "model": [(None, b"whisper-1")]}),
        ("audio.translations.create", (), {"file": ("speech.mp3", AUDIO, "audio/mpeg"), "model": "whisper-1"},
         {"file": [("speech.mp3", AUDIO)]}),
        ("audio.voice_consents.create", (), {"name": "n", "recording": clip, "language": "en"},
         {"recording": [("clip.wav", AUDIO)], "language": [(None, b"en")]}),
        ("audio.voices.create", (), {"name": "v", "audio_sample": io.BytesIO(AUDIO), "consent": "cons_1"},
         {"audio_sample": [("upload", AUDIO)], "consent": [(None, b"cons_1")]}),
        ("containers.files.create", ("cntr_1",), {"file": ("notes.txt", b"hello")},
         {"file": [("notes.txt", b"hello")]}),
        ("files.create", (), {"file": clip, "purpose": "batch"},
         {"file": [("clip.wav", AUDIO)], "purpose": [(None, b"batch")]}),
        ("images.edit", (), {"image": [b"png1", ("b.png", b"png2", "image/png")], "prompt": "hat",
                             "mask": b"mask"},
         {"image[]": [("upload", b"png1"), ("b.png", b"png2")], "mask": [("upload", b"mask")]}),
        ("images.create_variation", (), {"image": ("a.png", b"png", "image/png"), "n": 2},
         {"image": [("a.png", b"png")], "n": [(None, b"2")]}),
        ("realtime.calls.create", (), {"sdp": "v=0"}, {"sdp": [(None, b"v=0")]}),
        ("uploads.parts.create", ("upload_1",), {"data": b"part-bytes"},
         {"data": [("upload", b"part-bytes")]}),
        ("content_provenance_checks.create", (), {"file": ("img.png", b"png")},
         {"file": [("img.png", b"png")]}),
        ("videos.create", (), {"prompt": "a cat", "input_reference": ("ref.png", b"png")},
         {"input_reference": [("ref.png", b"png")], "prompt": [(None, b"a cat")]}),
        ("videos.create_character", (), {"video": ("c.mp4", b"mp4"), "name": "Tom"},
         {"video": [("c.mp4", b"mp4")], "name": [(None, b"Tom")]}),
        ("videos.edit", (), {"video": ("e.mp4", b"mp4"), "prompt": "brighter"},
         {"video": [("e.mp4", b"mp4")]}),
        ("videos.extend", (), {"video": ("x.mp4", b"mp4"), "prompt": "more", "seconds": "4"},
         {"video": [("x.mp4", b"mp4")], "seconds": [(None, b"4")]}),
        ("skills.create", (), {"files": [("SKILL.md", b"# s"), ("run.py", b"print()")]},
         {"files[]": [("SKILL.md", b"# s"), ("run.py", b"print()")]}),
        ("skills.versions.create", ("skill_1",), {"files": ("skill.zip", b"PK")},
         {"files": [("skill.zip", b"PK")]}),
    ]  # fmt: skip


def test_the_table_covers_every_multipart_operation_of_the_spec(tmp_path: Path) -> None:
    by_method = {op.client_method: op for op in oc.OPERATIONS if op.spec == "openai"}
    covered = {(by_method[m].method, by_method[m].path) for m, *_ in uploads(tmp_path)}
    # The one left is videos.remix: a prompt only, sent as JSON as openai-python does.
    assert spec_multipart_operations() - covered == {("POST", "/videos/{video_id}/remix")}
    assert len(spec_multipart_operations()) == 18


async def test_every_multipart_operation_uploads_its_files(h: Harness, tmp_path: Path) -> None:
    h.server.handler = reply_json({"id": "x", "object": "thing"})
    client = h.client()
    for client_method, args, kwargs, expected in uploads(tmp_path):
        await h.run(call(client, client_method, *args, **kwargs))
        parts = multipart_parts(h.server)
        for field, values in expected.items():
            assert parts.get(field) == values, (client_method, field, parts.get(field))


async def test_a_reference_object_in_a_file_field_is_sent_as_form_fields(h: Harness) -> None:
    h.server.handler = reply_json({"id": "video_1", "object": "video"})
    await h.run(
        h.client().videos.create(prompt="p", input_reference={"image_url": "https://x/y.png"})
    )
    assert multipart_parts(h.server)["input_reference[image_url]"] == [(None, b"https://x/y.png")]


async def test_remix_has_no_file_and_stays_json(h: Harness) -> None:
    h.server.handler = reply_json({"id": "video_2", "object": "video"})
    await h.run(h.client().videos.remix("video_1", prompt="again"))
    assert sent_json(h.server) == {"prompt": "again"}
    assert h.server.requests[-1].path == "/v1/videos/video_1/remix"


async def test_a_retried_upload_sends_the_file_again(h: Harness) -> None:
    h.server.handler = reply_in_turn(
        reply_json({"error": {"message": "busy"}}, 503, {"retry-after-ms": "0"}),
        reply_json({"id": "file-1", "object": "file"}),
    )
    await h.run(h.client().files.create(file=io.BytesIO(b"line\n"), purpose="batch"))
    assert [multipart_parts(h.server, i)["file"] for i in (0, 1)] == [[("upload", b"line\n")]] * 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not/a/path.txt", "expected bytes, a binary file, a path"),
        (Path("/nonexistent/dir/x.wav"), "cannot read /nonexistent/dir/x.wav"),
        (("a.wav", b"x", "audio/wav", {}, "extra"), "tuple of 5 items"),
        (12, "got int"),
    ],
)
async def test_bad_file_arguments_name_the_parameter(h: Harness, value: Any, message: str) -> None:
    with pytest.raises(oc.InvalidArgumentError, match=message) as caught:
        await h.run(h.client().audio.transcriptions.create(file=value, model="whisper-1"))
    assert caught.value.param == "file"
    assert "'file'" in str(caught.value)
    assert h.server.requests == []


# --- binary responses -------------------------------------------------------------------------


class GatedDownload:
    """Sends the first chunk of a binary body, then waits for the test before the rest."""

    def __init__(self, first: bytes, rest: bytes) -> None:
        self.first, self.rest = first, rest
        self.release = threading.Event()

    def __call__(self, request: LoopbackRequest) -> None:
        request.start_chunked(200, {"Content-Type": "audio/mpeg"})
        request.write_chunk(self.first)
        self.release.wait(timeout=10)
        request.write_chunk(self.rest)
        request.end_chunked()


async def test_binary_responses_read_iterate_and_write(h: Harness, tmp_path: Path) -> None:
    body = bytes(range(256)) * 64
    h.server.handler = lambda r: r.send_body(200, body, {"Content-Type": "audio/mpeg"})
    client = h.client()
    speech = await h.run(client.audio.speech.create(model="tts-1", voice="alloy", input="hi"))
    assert isinstance(speech, oc.AsyncBinaryResponse if h.is_async else oc.BinaryResponse)
    assert speech.content == body  # read already, as openai-python does
    assert await h.run(speech.read()) == body
    assert sent_json(h.server) == {"model": "tts-1", "voice": "alloy", "input": "hi"}
    content = await h.run(client.files.content("file-1"))
    await h.run(content.write_to_file(tmp_path / "out.bin"))
    assert (tmp_path / "out.bin").read_bytes() == body
    video = await h.run(client.videos.download_content("video_1"))
    chunks = await h.collect(video.iter_bytes(1000))
    assert b"".join(chunks) == body and len(chunks) > 1
    assert [r.path for r in h.server.requests] == [
        "/v1/audio/speech", "/v1/files/file-1/content", "/v1/videos/video_1/content",
    ]  # fmt: skip


async def test_streamed_binary_response_is_not_held_in_memory(h: Harness, tmp_path: Path) -> None:
    gated = GatedDownload(b"A" * 1000, b"B" * 1000)
    h.server.handler = gated
    response_call = h.client().audio.speech.with_streaming_response.create(
        model="tts-1", voice="alloy", input="hi"
    )
    target = tmp_path / "speech.mp3"
    if h.is_async:
        async with response_call as response:
            chunks = response.iter_bytes()
            first = await chunks.__anext__()  # arrives before the server sent the rest
            gated.release.set()
            rest = b"".join([c async for c in chunks])
    else:
        with response_call as response:
            chunks = response.iter_bytes()
            first = next(chunks)
            gated.release.set()
            rest = b"".join(chunks)
    assert first == b"A" * 1000 and rest == b"B" * 1000
    assert response.is_closed

    gated = GatedDownload(b"C" * 10, b"D" * 10)
    h.server.handler = gated
    gated.release.set()
    response_call = h.client().files.with_streaming_response.content("file-1")
    if h.is_async:
        async with response_call as response:
            await response.stream_to_file(str(target))
    else:
        with response_call as response:
            response.stream_to_file(str(target))
    assert target.read_bytes() == b"C" * 10 + b"D" * 10


async def test_binary_response_parse_under_streaming_response(h: Harness, tmp_path: Path) -> None:
    h.server.handler = lambda r: r.send_body(
        200, b"\x00\x01\x02", {"Content-Type": "application/octet-stream"}
    )
    call_ = h.client().files.with_streaming_response.content("file-1")
    target = tmp_path / "f.bin"
    if h.is_async:
        async with call_ as response:
            binary = await response.parse()
            await binary.stream_to_file(target)
    else:
        with call_ as response:
            binary = response.parse()
            binary.stream_to_file(target)
    assert target.read_bytes() == b"\x00\x01\x02"
    assert header(h.server, "accept") is not None
