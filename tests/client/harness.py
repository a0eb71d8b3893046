"""The client tests' harness (the fixtures `mode` and `h` are in conftest.py): every test body runs once with the sync and once with the async client.

A test takes `h` (a `Harness` bound to "sync" or "async" and to a started loopback server) and
writes one body for both, as openai-python's tests/test_streaming.py does:

    async def test_x(h: Harness) -> None:
        h.server.handler = reply_json({"id": "m"})
        model = await h.run(h.client().models.retrieve("m"))

`h.run(value)` awaits what the async client returns and passes the sync client's result through;
`h.collect(iterable)` walks `for` / `async for` alike.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterable
from typing import Any

from loopback import LoopbackRequest, LoopbackServer

from openai_compat import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI

API_KEY = "sk-test-0123456789abcdefSECRET"
Handler = Callable[[LoopbackRequest], None]


class Harness:
    """Creates sync or async clients against the loopback server and closes them afterwards."""

    def __init__(self, mode: str, server: LoopbackServer) -> None:
        self.mode = mode
        self.server = server
        self._opened: list[Any] = []

    @property
    def is_async(self) -> bool:
        return self.mode == "async"

    @property
    def base_url(self) -> str:
        return self.server.url("/v1")

    def client(self, **options: Any) -> Any:
        """An `OpenAI` / `AsyncOpenAI` for the server (retries fast unless the test says otherwise)."""
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", self.base_url)
        client = (AsyncOpenAI if self.is_async else OpenAI)(**options)
        self._opened.append(client)
        return client

    def azure(self, **options: Any) -> Any:
        options.setdefault("azure_endpoint", self.server.base_url)
        options.setdefault("api_version", "2024-10-21")
        if not {"api_key", "azure_ad_token", "azure_ad_token_provider"} & set(options):
            options["api_key"] = API_KEY
        client = (AsyncAzureOpenAI if self.is_async else AzureOpenAI)(**options)
        self._opened.append(client)
        return client

    async def run(self, value: Any) -> Any:
        """The result of a client call: awaited for the async client."""
        return await value if inspect.isawaitable(value) else value

    async def collect(self, iterable: Any) -> list[Any]:
        if hasattr(iterable, "__aiter__"):
            return [item async for item in iterable]
        return list(iterable)

    async def close(self, closable: Any) -> None:
        await self.run(closable.close())

    async def aclose(self) -> None:
        for client in self._opened:
            await self.run(client.close())


def reply_json(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    """A handler answering every request with `body` as JSON."""
    raw = json.dumps(body).encode()

    def handler(request: LoopbackRequest) -> None:
        request.send_body(status, raw, {"Content-Type": "application/json", **(headers or {})})

    return handler


def reply_in_turn(*handlers: Handler) -> Handler:
    """A handler that answers the n-th request with the n-th handler (the last one repeats)."""
    queue = list(handlers)

    def handler(request: LoopbackRequest) -> None:
        (queue.pop(0) if len(queue) > 1 else queue[0])(request)

    return handler


def reply_sse(events: Iterable[object], *, done: bool = True) -> Handler:
    """A handler streaming `events` as SSE data frames (dicts as JSON), then `[DONE]`."""
    frames = [f"data: {json.dumps(e)}\n\n".encode() for e in events]
    if done:
        frames.append(b"data: [DONE]\n\n")

    def handler(request: LoopbackRequest) -> None:
        request.start_chunked()
        for frame in frames:
            request.write_chunk(frame)
        request.end_chunked()

    return handler


def sent_json(server: LoopbackServer, index: int = -1) -> Any:
    """The JSON body of a request the server received."""
    return json.loads(server.requests[index].body)


def header(server: LoopbackServer, name: str, index: int = -1) -> str | None:
    """A request header, looked up case-insensitively."""
    for key, value in server.requests[index].headers.items():
        if key.lower() == name.lower():
            return value
    return None


CHAT_COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello!", "refusal": None},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
}


def chunk(content: str, *, finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}],
    }


MESSAGES = [{"role": "user", "content": "Hi"}]
