"""Operations whose success response declares no content return None, as openai-python's do
(`cast_to=NoneType`), whatever body a server adds; a file download the spec left untyped
(`containers.files.content`) returns its bytes."""

from __future__ import annotations

import inspect

import pytest
from harness import Harness, reply_json
from loopback import LoopbackRequest

import openai_compat as oc

# (client method path, positional arguments), each declaring no response content in the spec.
EMPTY = [
    ("containers.delete", ("cntr_1",)),
    ("responses.delete", ("resp_1",)),
    ("realtime.calls.hangup", ("call_1",)),
]


def _method(client: object, dotted: str) -> object:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize(("dotted", "args"), EMPTY)
@pytest.mark.parametrize("body", [b"", b"{}", b'{"id": "x", "deleted": true}'])
async def test_no_declared_content_returns_none(
    h: Harness, dotted: str, args: tuple[str, ...], body: bytes
) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.send_body(200, body, {"Content-Type": "application/json"} if body else {})

    h.server.handler = handler
    method = _method(h.client(), dotted)
    assert await h.run(method(*args)) is None  # type: ignore[operator]
    assert inspect.signature(method).return_annotation in (None, "None")  # type: ignore[arg-type]
    assert len(h.server.requests) == 1


async def test_container_file_content_is_bytes(h: Harness) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.send_body(200, b"\x00raw", {"Content-Type": "application/octet-stream"})

    h.server.handler = handler
    content = await h.run(h.client().containers.files.content.retrieve("file_1", container_id="cntr_1"))
    assert isinstance(content, oc.AsyncBinaryResponse if h.is_async else oc.BinaryResponse)
    assert await h.run(content.read()) == b"\x00raw"


async def test_a_declared_json_body_is_still_parsed(h: Harness) -> None:
    h.server.handler = reply_json({"id": "file-1", "object": "file", "deleted": True})
    deleted = await h.run(h.client().files.delete("file-1"))
    assert deleted.deleted is True and deleted.id == "file-1"
