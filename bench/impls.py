"""The three implementations under test, behind one small interface.

* `openai`        - openai-python (pinned in bench/requirements.txt). openai 3.x is built on
                    `httpx2` (a fork of httpx), so its in-memory transport is
                    `httpx2.MockTransport` and its `http_client` an `httpx2.Client`.
* `openai_compat` - this library, default options: request bodies validated against the request
                    models, responses parsed by the tolerant parser.
* `floor`         - raw httpx + orjson, no models: what any client on httpx must pay at least.
                    For the async rows over loopback the floor is raw aiohttp + orjson (what the
                    machine can do at concurrency: httpx's async pool is slower than clients on it).

Every implementation sees the same bytes from the same handler logic. Parsing is measured at
each library's own entry point for "a JSON body became the result": openai-python's default
(`response.json()` then `_process_response_data`, i.e. `construct_type`), openai_compat's
`_tolerant.parse_json` (what `_parse_body` calls), and `orjson.loads` for the floor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from bench.fixtures import API_KEY, BASE_URL, MODEL, REALTIME_MODEL

Handler = Callable[[Any], Any]


class Impl:
    name: str
    http: Any  # the httpx flavour: httpx or httpx2

    def sync_client(self, respond: Callable[[Any], Any]) -> Any:
        raise NotImplementedError

    def async_client(self, base_url: str) -> Any:
        raise NotImplementedError

    def create(self, client: Any, msgs: list[dict[str, str]]) -> Any:
        return client.chat.completions.create(model=MODEL, messages=msgs)

    async def acreate(self, client: Any, msgs: list[dict[str, str]]) -> Any:
        return await client.chat.completions.create(model=MODEL, messages=msgs)

    async def astream(self, client: Any, msgs: list[dict[str, str]]) -> int:
        """Chunks received by one async stream (each parsed into the library's chunk type)."""
        count = 0
        stream = await client.chat.completions.create(model=MODEL, messages=msgs, stream=True)
        async for _chunk in stream:
            count += 1
        return count

    def embed(self, client: Any, encoding: str) -> Any:
        return client.embeddings.create(
            model="text-embedding-3-small", input=["bench"] * 100, encoding_format=encoding
        )

    def stream(self, client: Any, msgs: list[dict[str, str]]) -> int:
        count = 0
        for chunk in client.chat.completions.create(model=MODEL, messages=msgs, stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                count += 1
        return count

    def accumulate(self, client: Any, msgs: list[dict[str, str]]) -> str:
        with client.chat.completions.stream(model=MODEL, messages=msgs) as stream:
            for _ in stream:
                pass
            final = stream.get_final_completion()
        return str(final.choices[0].message.content)

    def event_loop(self, client: Any, msgs: list[dict[str, str]]) -> int:
        """The usual `chat.completions.stream` loop: typed events, text from content.delta."""
        count = 0
        with client.chat.completions.stream(model=MODEL, messages=msgs) as stream:
            for event in stream:
                if event.type == "content.delta":
                    count += 1
            stream.get_final_completion()
        return count

    def responses_stream(self, client: Any) -> str:
        with client.responses.stream(model=MODEL, input="Tell a story") as stream:
            for event in stream:
                if event.type == "response.output_text.delta":
                    pass
            return str(stream.get_final_response().output_text)

    def parse_call(self, client: Any, msgs: list[dict[str, str]], model: Any) -> Any:
        completion = client.chat.completions.parse(model=MODEL, messages=msgs, response_format=model)
        return completion.choices[0].message.parsed

    def parser(self, kind: str) -> Callable[[bytes], Any]:
        raise NotImplementedError

    # -- realtime over WebSocket ----------------------------------------------------------------

    def realtime_connect(self, base_url: str) -> tuple[Any, Callable[[], None]]:
        """An open Realtime connection to the bench server, and how to close it."""
        client = self.realtime_client(base_url)
        manager = client.realtime.connect(model=REALTIME_MODEL)
        connection = manager.enter()
        return connection, connection.close

    def realtime_client(self, base_url: str) -> Any:
        raise NotImplementedError

    def realtime_turn(self, connection: Any) -> int:
        """Ask for one answer and receive its typed events, up to response.done."""
        connection.response.create()
        count = 0
        while True:
            event = connection.recv()
            count += 1
            if event.type == "response.done":
                return count

    # -- transports ---------------------------------------------------------------------------

    def mock(self, body: bytes | list[bytes]) -> Any:
        """A transport answering every request with `body` (a list of frames is a SSE stream)."""
        http = self.http

        def handle(request: Any) -> Any:
            if isinstance(body, list):
                headers = {"content-type": "text/event-stream"}
                return http.Response(200, headers=headers, content=iter(body))
            return http.Response(200, headers={"content-type": "application/json"}, content=body)

        return http.MockTransport(handle)


class OpenAIPython(Impl):
    name = "openai"

    def __init__(self) -> None:
        import httpx2

        self.http = httpx2

    def sync_client(self, respond: Any) -> Any:
        from openai import OpenAI

        http_client = self.http.Client(transport=respond)
        return OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http_client)

    def async_client(self, base_url: str) -> Any:
        from openai import AsyncOpenAI

        return AsyncOpenAI(api_key=API_KEY, base_url=base_url)

    def realtime_client(self, base_url: str) -> Any:
        from openai import OpenAI

        return OpenAI(api_key=API_KEY, base_url=base_url)

    def parser(self, kind: str) -> Callable[[bytes], Any]:
        from openai import OpenAI
        from openai.types import CreateEmbeddingResponse
        from openai.types.chat import ChatCompletion

        cast_to = ChatCompletion if kind == "chat" else CreateEmbeddingResponse
        client = OpenAI(api_key=API_KEY, base_url=BASE_URL)
        request = self.http.Request("POST", BASE_URL + "/x")
        response = self.http.Response(200, content=b"{}", request=request)
        process = client._process_response_data

        def parse(body: bytes) -> Any:
            # What APIResponse._parse does for a JSON body: response.json() is json.loads.
            return process(data=json.loads(body), cast_to=cast_to, response=response)

        return parse


class OpenAICompat(Impl):
    name = "openai_compat"

    def __init__(self) -> None:
        import httpx

        self.http = httpx

    def sync_client(self, respond: Any) -> Any:
        from openai_compat import OpenAI

        http_client = self.http.Client(transport=respond)
        return OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http_client)

    def async_client(self, base_url: str) -> Any:
        from openai_compat import AsyncOpenAI

        return AsyncOpenAI(api_key=API_KEY, base_url=base_url)

    def realtime_client(self, base_url: str) -> Any:
        from openai_compat import OpenAI

        return OpenAI(api_key=API_KEY, base_url=base_url)

    def parser(self, kind: str) -> Callable[[bytes], Any]:
        from openai_compat._base_client import _unwrap
        from openai_compat._request import resolve_model
        from openai_compat._tolerant import parse_json

        ref = (
            "chat_completion:ChatCompletion"
            if kind == "chat"
            else "create_embedding_response:CreateEmbeddingResponse"
        )
        model = resolve_model("openai", ref)

        def parse(body: bytes) -> Any:
            return _unwrap(parse_json(model, body, strict=False, context="POST /x"))

        return parse


class Floor(Impl):
    """Raw httpx + orjson: builds the same request bytes, returns plain dicts."""

    name = "floor"

    def __init__(self) -> None:
        import httpx

        self.http = httpx
        self._headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}

    def sync_client(self, respond: Any) -> Any:
        return self.http.Client(transport=respond, base_url=BASE_URL)

    def async_client(self, base_url: str) -> Any:
        """Raw aiohttp (one session, 1000 connections), the async floor."""
        self._base = base_url
        return _AioSession()

    def create(self, client: Any, msgs: list[dict[str, str]]) -> Any:
        body = orjson.dumps({"model": MODEL, "messages": msgs})
        response = client.post("/chat/completions", content=body, headers=self._headers)
        return orjson.loads(response.content)

    async def acreate(self, client: Any, msgs: list[dict[str, str]]) -> Any:
        body = orjson.dumps({"model": MODEL, "messages": msgs})
        url = self._base + "/chat/completions"
        async with client.session.post(url, data=body, headers=self._headers) as response:
            return orjson.loads(await response.read())

    async def astream(self, client: Any, msgs: list[dict[str, str]]) -> int:
        body = orjson.dumps({"model": MODEL, "messages": msgs, "stream": True})
        count = 0
        url = self._base + "/chat/completions"
        async with client.session.post(url, data=body, headers=self._headers) as response:
            async for line in response.content:
                if line.startswith(b"data: "):
                    data = line[6:].strip()
                    if data == b"[DONE]":
                        break
                    orjson.loads(data)
                    count += 1
        return count

    def embed(self, client: Any, encoding: str) -> Any:
        body = {
            "model": "text-embedding-3-small",
            "input": ["bench"] * 100,
            "encoding_format": encoding,
        }
        response = client.post("/embeddings", content=orjson.dumps(body), headers=self._headers)
        return orjson.loads(response.content)

    def _chunks(self, client: Any, msgs: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
        body = orjson.dumps({"model": MODEL, "messages": msgs, "stream": True})
        with client.stream("POST", "/chat/completions", content=body, headers=self._headers) as r:
            for line in r.iter_lines():
                if line.startswith("data: "):
                    data = line[6:]
                    if data == "[DONE]":
                        break
                    yield orjson.loads(data)

    def stream(self, client: Any, msgs: list[dict[str, str]]) -> int:
        count = 0
        for chunk in self._chunks(client, msgs):
            if chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                count += 1
        return count

    def accumulate(self, client: Any, msgs: list[dict[str, str]]) -> str:
        parts = []
        for chunk in self._chunks(client, msgs):
            if chunk["choices"]:
                parts.append(chunk["choices"][0]["delta"].get("content") or "")
        return "".join(parts)

    def event_loop(self, client: Any, msgs: list[dict[str, str]]) -> int:
        return len(self.accumulate(client, msgs))

    def responses_stream(self, client: Any) -> str:
        body = orjson.dumps({"model": MODEL, "input": "Tell a story", "stream": True})
        parts = []
        with client.stream("POST", "/responses", content=body, headers=self._headers) as r:
            for line in r.iter_lines():
                if line.startswith("data: "):
                    event = orjson.loads(line[6:])
                    if event["type"] == "response.output_text.delta":
                        parts.append(event["delta"])
        return "".join(parts)

    def parse_call(self, client: Any, msgs: list[dict[str, str]], model: Any) -> Any:
        completion = self.create(client, msgs)
        return model.model_validate_json(completion["choices"][0]["message"]["content"])

    def parser(self, kind: str) -> Callable[[bytes], Any]:
        return orjson.loads

    def realtime_connect(self, base_url: str) -> tuple[Any, Callable[[], None]]:
        from websockets.sync.client import connect

        url = base_url.replace("http", "ws", 1) + f"/realtime?model={REALTIME_MODEL}"
        headers = {"Authorization": f"Bearer {API_KEY}"}
        connection = connect(url, additional_headers=headers, max_size=None, compression=None)
        return connection, connection.close

    def realtime_turn(self, connection: Any) -> int:
        """websockets and orjson: the events as dicts."""
        connection.send('{"type": "response.create"}')
        count = 0
        while True:
            event = orjson.loads(connection.recv(decode=False))
            count += 1
            if event["type"] == "response.done":
                return count


class _AioSession:
    """An aiohttp session made on first use (it must be made inside the running loop)."""

    def __init__(self) -> None:
        self._session: Any = None

    @property
    def session(self) -> Any:
        if self._session is None:
            import aiohttp

            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1000))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def all_impls() -> list[Impl]:
    return [OpenAIPython(), OpenAICompat(), Floor()]


def by_name(name: str) -> Impl:
    return next(impl for impl in all_impls() if impl.name == name)
