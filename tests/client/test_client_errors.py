"""Errors as openai-python raises them, with the server's own words whatever the body's shape."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from harness import API_KEY, MESSAGES, Harness, reply_json
from loopback import LoopbackRequest

import openai_compat as oc


def reply_raw(status: int, body: bytes, content_type: str | None, **headers: str) -> object:
    def handler(request: LoopbackRequest) -> None:
        all_headers = {"Content-Type": content_type} if content_type else {}
        request.send_body(status, body, {**all_headers, **headers})

    return handler


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, oc.BadRequestError),
        (401, oc.AuthenticationError),
        (403, oc.PermissionDeniedError),
        (404, oc.NotFoundError),
        (409, oc.ConflictError),
        (422, oc.UnprocessableEntityError),
        (429, oc.RateLimitError),
        (500, oc.InternalServerError),
        (503, oc.InternalServerError),
        (599, oc.InternalServerError),
        (402, oc.APIStatusError),
        (418, oc.APIStatusError),
    ],
)
async def test_status_codes_map_to_the_openai_python_classes(
    h: Harness, status: int, error_class: type[oc.APIStatusError]
) -> None:
    body = {"error": {"message": "it went wrong", "type": "t", "code": "c", "param": "p"}}
    h.server.handler = reply_json(body, status, {"x-request-id": "req_42", "x-extra": "1"})
    with pytest.raises(oc.APIStatusError) as caught:
        await h.run(h.client(max_retries=0).models.retrieve("m"))
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, oc.APIError) and isinstance(error, oc.OpenAIError)
    assert error.status_code == status
    assert error.headers["x-extra"] == "1"
    assert error.request_id == "req_42"
    assert error.body == body["error"]  # the inner object, as in openai-python
    assert (error.code, error.type, error.param) == ("c", "t", "p")
    assert "it went wrong" in str(error)
    assert error.response.status_code == status
    assert error.request.url.path == "/v1/models/m"


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (b'{"error": {"message": "Invalid model", "type": "invalid_request_error"}}',
         "application/json", "Invalid model"),
        (b'{"error": "model not loaded"}', "application/json", "model not loaded"),
        (b'{"object": "error", "message": "vLLM says no", "type": "BadRequestError", "code": 400}',
         "application/json", "vLLM says no"),
        (b'{"message": {"detail": [{"loc": ["body", "x"], "msg": "field required"}]}}',
         "application/json", "field required"),
        (b'{"detail": [{"loc": ["body", "messages"], "msg": "Field required", "type": "missing"}]}',
         "application/json", "Field required"),
        (b'{"detail": "Not authenticated"}', "application/json", "Not authenticated"),
        (b"<html><body><h1>502 Bad Gateway</h1><p>nginx upstream</p></body></html>",
         "text/html", "502 Bad Gateway"),
        (b"upstream connect error", "text/plain", "upstream connect error"),
        (b"", None, "400"),
        (b'{"error": {"message": "truncated', "application/json", "truncated"),
    ],
)  # fmt: skip
async def test_message_shows_the_servers_words_for_every_body_shape(
    h: Harness, body: bytes, content_type: str | None, words: str
) -> None:
    h.server.handler = reply_raw(400, body, content_type)
    with pytest.raises(oc.BadRequestError) as caught:
        await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES))
    assert words in str(caught.value)
    assert words in caught.value.message
    if content_type == "application/json" and not body.endswith(b"truncated"):
        decoded = json.loads(body)
        expected = decoded["error"] if isinstance(decoded, dict) and "error" in decoded else decoded
        assert caught.value.body == expected


async def test_secrets_echoed_by_the_server_are_scrubbed_from_the_message(h: Harness) -> None:
    body = {"error": {"message": f"Incorrect API key provided: {API_KEY}."}}
    h.server.handler = reply_json(body, 401)
    with pytest.raises(oc.AuthenticationError) as caught:
        await h.run(h.client().models.retrieve("m"))
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)
    assert "Incorrect API key provided" in str(caught.value)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_refused_connection_is_an_api_connection_error(h: Harness) -> None:
    client = h.client(base_url=f"http://127.0.0.1:{closed_port()}/v1", max_retries=0)
    with pytest.raises(oc.APIConnectionError) as caught:
        await h.run(client.models.retrieve("m"))
    assert type(caught.value) is oc.APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request.url.path == "/v1/models/m"


async def test_a_slow_server_is_an_api_timeout_error(h: Harness) -> None:
    release = __import__("threading").Event()

    def slow(request: LoopbackRequest) -> None:
        release.wait(timeout=5)
        request.send_body(200, b"{}")

    h.server.handler = slow
    try:
        with pytest.raises(oc.APITimeoutError) as caught:
            await h.run(h.client(max_retries=0, timeout=0.2).models.retrieve("m"))
    finally:
        release.set()
    assert isinstance(caught.value, oc.APIConnectionError)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<html>oops</html>", "text/html"),
        (b"not json", "application/json"),
        (b"[1, 2]", "application/json"),
    ],
)
async def test_an_unreadable_success_body_is_a_response_validation_error(
    h: Harness, body: bytes, content_type: str
) -> None:
    h.server.handler = reply_raw(200, body, content_type, **{"x-request-id": "req_v"})
    with pytest.raises(oc.APIResponseValidationError) as caught:
        await h.run(h.client().models.retrieve("m"))
    error = caught.value
    assert error.status_code == 200
    assert error.request_id == "req_v"
    assert error.headers["x-request-id"] == "req_v"
    assert "req_v" in str(error) or "/v1/models/m" in str(error)
    assert len(h.server.requests) == 1  # a 200 is never retried
