"""Streams answered with JSON, per-attempt credentials under concurrency, and nested defaults.

- A server that ignores `stream=True` (or sends its error as a plain JSON body) must not end the
  stream silently with no events: the call raises, with the server's words when it sent any.
- Credentials from a provider are resolved per attempt and passed along, never parked on the
  client, so concurrent calls on one client each send the token they were given.
- The spec marks some nested fields required that the API defaults (`detail` of an image part,
  `strict` of a function): they are not demanded before sending.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from harness import CHAT_COMPLETION, MESSAGES, Harness, reply_json

from openai_compat import APIResponseValidationError, APIStreamError, AsyncAzureOpenAI, AzureOpenAI


async def test_stream_answered_with_a_json_error_raises_the_servers_words(h: Harness) -> None:
    h.server.handler = reply_json({"error": {"message": "streaming is disabled here", "type": "x"}})
    with pytest.raises(APIStreamError, match="streaming is disabled here"):
        await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES, stream=True))


async def test_stream_answered_with_a_plain_json_body_raises(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    with pytest.raises(APIResponseValidationError, match="a stream was requested"):
        await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES, stream=True))
    assert len(h.server.requests) == 1  # not retried: the same answer would come again


async def test_nested_fields_the_api_defaults_are_not_demanded(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    image = {"type": "image_url", "image_url": {"url": "https://example.invalid/cat.png"}}
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    await h.run(
        h.client().chat.completions.create(
            model="m", messages=[{"role": "user", "content": [image]}], tools=[tool]
        )
    )
    sent = json.loads(h.server.requests[-1].body)
    assert sent["messages"][0]["content"] == [image]  # sent as given: nothing added
    assert sent["tools"] == [tool]


def _tokens() -> itertools.count[int]:
    return itertools.count(1)


async def test_async_token_provider_each_concurrent_call_sends_its_own_token(h: Harness) -> None:
    if not h.is_async:
        pytest.skip("the sync twin below uses threads")
    counter = _tokens()
    issued: list[str] = []

    async def provider() -> str:
        token = f"tok-{next(counter)}"
        issued.append(token)
        await asyncio.sleep(0)  # let the other calls run between issuing and sending
        return token

    h.server.handler = reply_json(CHAT_COMPLETION)
    client = AsyncAzureOpenAI(
        azure_endpoint=h.server.base_url, api_version="2024-10-21", azure_ad_token_provider=provider
    )
    try:
        await asyncio.gather(
            *(client.chat.completions.create(model="d", messages=MESSAGES) for _ in range(20))
        )
    finally:
        await client.close()
    _assert_each_call_sent_its_own_token(h, issued)


async def test_sync_token_provider_each_thread_sends_its_own_token(h: Harness) -> None:
    if h.is_async:
        pytest.skip("the async twin above uses tasks")
    counter, lock = _tokens(), threading.Lock()
    issued: list[str] = []

    def provider() -> str:
        with lock:
            token = f"tok-{next(counter)}"
            issued.append(token)
        return token

    h.server.handler = reply_json(CHAT_COMPLETION)
    client = AzureOpenAI(
        azure_endpoint=h.server.base_url, api_version="2024-10-21", azure_ad_token_provider=provider
    )
    with client, ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda _: client.chat.completions.create(model="d", messages=MESSAGES), range(40)
            )
        )
    _assert_each_call_sent_its_own_token(h, issued)


def _assert_each_call_sent_its_own_token(h: Harness, issued: list[str]) -> None:
    # A token parked on the client would be sent by two calls and another never: every sent
    # token must be distinct and issued. (A connection the busy test server drops is retried
    # with a fresh token, so more tokens may be issued than requests arrive.)
    sent = [r.headers["Authorization"].removeprefix("Bearer ") for r in h.server.requests]
    assert len(sent) >= 20
    assert len(set(sent)) == len(sent)
    assert set(sent) <= set(issued)


async def test_responses_parts_without_fields_the_api_defaults_are_sent(h: Harness) -> None:
    h.server.handler = reply_json({"id": "resp_1", "object": "response", "output": []})
    image = {"type": "input_image", "image_url": "https://example.invalid/cat.png"}  # no `detail`
    tool = {"type": "function", "name": "f", "parameters": {"type": "object"}}  # no `strict`
    content = [{"role": "user", "content": [image]}]
    await h.run(h.client().responses.create(model="m", input=content, tools=[tool]))
    sent = json.loads(h.server.requests[-1].body)
    assert sent["input"] == content and sent["tools"] == [tool]


async def test_a_wrong_type_elsewhere_is_still_refused(h: Harness) -> None:
    from openai_compat import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="temperature"):
        await h.run(
            h.client(validate_requests=True).responses.create(
                model="m", input="hi", temperature="hot"
            )
        )
    assert h.server.requests == []


async def test_cookies_a_server_sets_are_sent_back(h: Harness) -> None:
    # Requests skip httpx's build_request for speed; with cookies in the jar they must not
    # (sticky-session load balancers in front of compatible servers rely on them).
    def handler(request: object) -> None:
        body = json.dumps(CHAT_COMPLETION).encode()
        request.send_body(200, body, {"Content-Type": "application/json",  # type: ignore[attr-defined]
                                      "Set-Cookie": "AWSALB=sticky-1; Path=/"})  # fmt: skip

    h.server.handler = handler
    client = h.client()
    await h.run(client.chat.completions.create(model="m", messages=MESSAGES))
    await h.run(client.chat.completions.create(model="m", messages=MESSAGES))
    assert "Cookie" not in h.server.requests[0].headers
    assert h.server.requests[1].headers.get("Cookie") == "AWSALB=sticky-1"


async def test_constructor_typos_are_refused_and_with_options_keeps_every_option(
    h: Harness,
) -> None:
    with pytest.raises(TypeError, match="azure_endpiont"):
        h.azure(azure_endpiont="https://x.invalid")
    with pytest.raises(TypeError, match="base_ulr"):
        h.client(base_ulr="http://127.0.0.1:9")
    for client in (
        h.client(strict_response_validation=True),
        h.azure(_strict_response_validation=True),
    ):
        copy = client.with_options(max_retries=5)
        assert (copy._strict, copy.max_retries) == (True, 5)
        await h.close(copy)
