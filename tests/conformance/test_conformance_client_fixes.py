"""Client bugs the conformance run found, pinned by tests that need no mock server."""

from __future__ import annotations

from loopback import LoopbackRequest, LoopbackServer

from openai_compat import OpenAI


def test_multipart_operation_without_files_is_still_multipart(
    loopback_server: LoopbackServer,
) -> None:
    # POST /realtime/calls accepts multipart/form-data or application/sdp only; with no file part
    # httpx would have sent the fields url-encoded and the server would reject the request.
    def answer(request: LoopbackRequest) -> None:
        request.send_body(200, b"v=0\r\n", {"Content-Type": "application/sdp"})

    loopback_server.handler = answer
    client = OpenAI(base_url=loopback_server.url(""), api_key="test", max_retries=0)
    session = {"type": "realtime", "model": "gpt-realtime"}
    with client:
        client.realtime.calls.create(sdp="v=0", session=session)
    (sent,) = loopback_server.requests
    content_type = sent.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=")[1].encode()
    parts = sent.body.split(b"--" + boundary)
    fields = dict(_field(part) for part in parts[1:-1])
    # Objects are sent as openai-python sends them: one field per key, key[sub]=value.
    assert fields == {"sdp": "v=0", "session[type]": "realtime", "session[model]": "gpt-realtime"}


def _field(part: bytes) -> tuple[str, str]:
    head, _, value = part.partition(b"\r\n\r\n")
    assert b"filename=" not in head, head  # plain fields, not file parts
    name = head.split(b'name="', 1)[1].split(b'"', 1)[0]
    return name.decode(), value.removesuffix(b"\r\n").decode()
