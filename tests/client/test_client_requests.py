"""What goes on the wire: omitted vs null, extras, argument checks, raw and streaming responses."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from harness import (
    CHAT_COMPLETION,
    MESSAGES,
    Harness,
    chunk,
    header,
    reply_in_turn,
    reply_json,
    reply_sse,
    sent_json,
)
from loopback import LoopbackRequest

from openai_compat import (
    APIResponse,
    AsyncAPIResponse,
    AsyncStream,
    InvalidArgumentError,
    NotFoundError,
    Stream,
    omit,
)


async def test_omitted_parameters_are_not_sent_and_none_is_sent_as_null(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    client = h.client()
    await h.run(client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES))
    assert sent_json(h.server) == {"model": "gpt-4o-mini", "messages": MESSAGES}
    await h.run(
        client.chat.completions.create(
            model="gpt-4o-mini", messages=MESSAGES, temperature=None, user=None
        )
    )
    assert sent_json(h.server) == {
        "model": "gpt-4o-mini", "messages": MESSAGES, "temperature": None, "user": None,
    }  # fmt: skip


async def test_extra_headers_query_and_body_are_sent_and_extra_body_wins(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    completion = await h.run(
        h.client().chat.completions.create(
            model="gpt-4o-mini",
            messages=MESSAGES,
            temperature=1.0,
            extra_headers={"X-Trace": "abc", "Accept": "application/json"},
            extra_query={"debug": True, "tags": ["a", "b"]},
            extra_body={"temperature": 0.25, "top_k": 20, "guided_json": {"type": "object"}},
        )
    )
    assert completion.choices[0].message.content == "Hello!"
    request = h.server.requests[-1]
    assert request.path == "/v1/chat/completions?debug=true&tags%5B%5D=a&tags%5B%5D=b"
    assert header(h.server, "x-trace") == "abc"
    assert sent_json(h.server) == {
        "model": "gpt-4o-mini", "messages": MESSAGES, "temperature": 0.25, "top_k": 20,
        "guided_json": {"type": "object"},
    }  # fmt: skip


async def test_omit_in_extra_headers_removes_a_default_header(h: Harness) -> None:
    h.server.handler = reply_json({"id": "m", "object": "model", "created": 1, "owned_by": "o"})
    await h.run(h.client().models.retrieve("m", extra_headers={"OpenAI-Organization": omit}))
    await h.run(
        h.client(organization="org-1").models.retrieve(
            "m", extra_headers={"OpenAI-Organization": omit}
        )
    )
    assert header(h.server, "openai-organization") is None


@pytest.mark.parametrize(
    ("kwargs", "param", "expected"),
    [
        ({"model": 5, "messages": MESSAGES}, "model", "string"),
        ({"model": "m", "messages": "hi"}, "messages", "array"),
        ({"model": "m", "messages": MESSAGES, "temperature": "hot"}, "temperature", "number"),
        ({"model": "m", "messages": MESSAGES, "n": 1.5}, "n", "integer"),
        (
            {"model": "m", "messages": MESSAGES, "temperature": float("nan")},
            "temperature",
            "finite",
        ),
        ({"model": "m", "messages": [{"role": "wizard", "content": "x"}]}, "messages", "role"),
    ],
)
async def test_wrong_types_raise_before_anything_is_sent(
    h: Harness, kwargs: dict[str, Any], param: str, expected: str
) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    with pytest.raises(InvalidArgumentError, match=expected) as caught:
        await h.run(h.client(validate_requests=True).chat.completions.create(**kwargs))
    assert caught.value.param == param
    assert param in str(caught.value)
    assert isinstance(caught.value, TypeError)
    assert h.server.requests == []


async def test_missing_required_arguments_are_named(h: Harness) -> None:
    client = h.client()
    with pytest.raises(TypeError, match="messages"):
        await h.run(client.chat.completions.create(model="m"))  # type: ignore[call-arg]
    # openai-python's exception and words for an empty path argument
    with pytest.raises(ValueError, match=r"Expected a non-empty value for `model` but received ''"):
        await h.run(client.models.retrieve(""))
    with pytest.raises(InvalidArgumentError, match="'model' must be a string, got NoneType"):
        await h.run(client.models.retrieve(None))  # type: ignore[arg-type]
    assert h.server.requests == []


async def test_path_parameters_are_escaped(h: Harness) -> None:
    h.server.handler = reply_json({"id": "a/b c", "object": "model", "created": 1, "owned_by": "o"})
    model = await h.run(h.client().models.retrieve("ft:gpt/4o mini"))
    assert model.id == "a/b c"
    # ":" is left as is in a path segment, as openai-python leaves it
    assert h.server.requests[-1].path == "/v1/models/ft:gpt%2F4o%20mini"


async def test_with_raw_response_gives_status_headers_parse_and_retries(h: Harness) -> None:
    h.server.handler = reply_in_turn(
        reply_json({"error": {"message": "slow down"}}, 429, {"retry-after-ms": "0"}),
        reply_json(CHAT_COMPLETION, 200, {"x-request-id": "req_123", "x-ratelimit-remaining": "9"}),
    )
    raw = await h.run(
        h.client().chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    )
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-ratelimit-remaining"] == "9"
    assert raw.request_id == "req_123"
    assert raw.retries_taken == 1
    completion = raw.parse()  # a plain call for both clients, as openai-python's raw responses
    assert completion.choices[0].message.content == "Hello!"
    assert raw.parse() is completion
    assert raw.http_response.is_closed
    assert [header(h.server, "x-stainless-retry-count", i) for i in (0, 1)] == ["0", "1"]


async def test_with_raw_response_of_a_stream_parses_to_a_stream(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("Hel"), chunk("lo", finish="stop")])
    raw = await h.run(
        h.client().chat.completions.with_raw_response.create(
            model="gpt-4o-mini", messages=MESSAGES, stream=True
        )
    )
    stream = raw.parse()
    assert isinstance(stream, AsyncStream if h.is_async else Stream)
    items = await h.collect(stream)
    assert [c.choices[0].delta.content for c in items] == ["Hel", "lo"]


async def test_with_raw_response_raises_status_errors(h: Harness) -> None:
    h.server.handler = reply_json({"error": {"message": "no such model"}}, 404)
    with pytest.raises(NotFoundError, match="no such model"):
        await h.run(h.client().models.with_raw_response.retrieve("nope"))


class GatedBody:
    """A handler that sends headers and the first part of a body, then waits for the test."""

    def __init__(self, first: bytes, rest: bytes) -> None:
        self.first, self.rest = first, rest
        self.release = threading.Event()

    def __call__(self, request: LoopbackRequest) -> None:
        request.start_chunked(200, {"Content-Type": "application/json"})
        request.write_chunk(self.first)
        self.release.wait(timeout=10)
        request.write_chunk(self.rest)
        request.end_chunked()


async def test_with_streaming_response_does_not_read_the_body_eagerly(h: Harness) -> None:
    body = b'{"id": "gpt-4o-mini", "object": "model", "created": 1, "owned_by": "openai"}'
    gated = GatedBody(body[:10], body[10:])
    h.server.handler = gated
    client = h.client()
    call = client.models.with_streaming_response.retrieve("gpt-4o-mini")
    if h.is_async:
        async with call as response:
            assert isinstance(response, AsyncAPIResponse)
            assert response.status_code == 200
            assert not response.http_response.is_stream_consumed  # we got here mid-body
            gated.release.set()
            model = await response.parse()
    else:
        with call as response:
            assert response.status_code == 200
            assert not response.http_response.is_stream_consumed
            gated.release.set()
            model = response.parse()
    assert model.id == "gpt-4o-mini"
    assert response.http_response.is_closed


async def test_with_streaming_response_iterates_bytes_and_closes_on_exit(h: Harness) -> None:
    gated = GatedBody(b'{"id": "m", ', b'"object": "model", "created": 1, "owned_by": "o"}')
    h.server.handler = gated
    call = h.client().models.with_streaming_response.retrieve("m")
    parts: list[bytes] = []
    if h.is_async:
        response = await call
        gated.release.set()
        async for part in response.iter_bytes():
            parts.append(part)
        await response.close()
    else:
        with call as response:
            gated.release.set()
            parts = list(response.iter_bytes())
    assert b"".join(parts).startswith(b'{"id": "m", "object"')
    assert response.http_response.is_closed


async def test_with_streaming_response_of_an_sse_stream(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("a"), chunk("b")])
    call = h.client().chat.completions.with_streaming_response.create(
        model="m", messages=MESSAGES, stream=True
    )
    if h.is_async:
        async with call as response:
            lines = [line async for line in response.iter_lines() if line]
    else:
        with call as response:
            lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    assert len(lines) == 3


async def test_sub_resources_keep_the_response_mode(h: Harness) -> None:
    h.server.handler = reply_json({"id": "asst_1", "object": "assistant", "created_at": 1,
                                   "model": "m", "tools": [], "name": None, "description": None,
                                   "instructions": None, "metadata": {}})  # fmt: skip
    raw = await h.run(h.client().beta.with_raw_response.assistants.retrieve("asst_1"))
    assert raw.status_code == 200
    assert raw.parse().id == "asst_1"


async def test_timeout_per_call_is_a_float_or_httpx_timeout(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    seen: list[Any] = []

    def record(request: httpx.Request) -> None:
        seen.append(request.extensions["timeout"])

    async def arecord(request: httpx.Request) -> None:
        record(request)

    http: Any = (
        httpx.AsyncClient(event_hooks={"request": [arecord]})
        if h.is_async
        else httpx.Client(event_hooks={"request": [record]})
    )
    client = h.client(http_client=http, timeout=httpx.Timeout(30.0, connect=2.0))
    await h.run(client.chat.completions.create(model="m", messages=MESSAGES))
    await h.run(client.chat.completions.create(model="m", messages=MESSAGES, timeout=7.5))
    await h.run(
        client.chat.completions.create(
            model="m", messages=MESSAGES, timeout=httpx.Timeout(9.0, read=1.0)
        )
    )
    await h.run(client.with_options(timeout=3.0).models.retrieve("m"))
    await h.run(http.aclose() if h.is_async else http.close())
    assert seen[0] == {"connect": 2.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert seen[1] == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}
    assert seen[2] == {"connect": 9.0, "read": 1.0, "write": 9.0, "pool": 9.0}
    assert seen[3]["read"] == 3.0
