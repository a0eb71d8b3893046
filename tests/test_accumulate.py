"""`ChatCompletionAccumulator` and the chat stream managers.

Provider-shaped streams live in tests/fixtures/streams/<name>.sse with the completion they must
merge into in <name>.expected.json. Chunks are parsed with small models mirroring the spec's
shapes (nullable where real servers send null), and the merged completion is validated both by a
mirror model and by the generated `ChatCompletion`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

import httpx
import pytest
from loopback import LoopbackRequest, LoopbackServer

from openai_compat._accumulate import (
    AsyncChatCompletionStreamManager,
    ChatCompletionAccumulator,
    ChatCompletionStreamManager,
    accumulate_chat_completion,
)
from openai_compat._exceptions import APIStreamError, OpenAIError
from openai_compat._runtime import BaseModel
from openai_compat._sse import SSEDecoder, StreamInterpreter
from openai_compat._streaming import AsyncStream, Stream
from openai_compat._tolerant import tolerated

STREAMS = Path(__file__).parent / "fixtures" / "streams"
FIXTURES = sorted(
    p.stem for p in STREAMS.glob("*.sse") if (STREAMS / f"{p.stem}.expected.json").exists()
)
REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


# --- mirror models: chunk shapes as servers send them, completion as the spec says --------------


class FunctionDelta(BaseModel):
    name: str | None = None
    arguments: str | None = None


class ToolCallDelta(BaseModel):
    index: int | None = None
    id: str | None = None
    type: str | None = None
    function: FunctionDelta | None = None


class Delta(BaseModel):
    role: str | None = None
    content: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCallDelta] | None = None


class ChunkChoice(BaseModel):
    index: int
    delta: Delta | None = None
    finish_reason: str | None = None
    logprobs: dict[str, Any] | None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class Chunk(BaseModel):
    id: str
    object: str
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    system_fingerprint: str | None = None


class ToolCall(BaseModel):
    id: str
    type: Literal["function"]
    function: FunctionDelta


class Message(BaseModel):
    role: Literal["assistant"] | None = None  # None when no chunk carried a role
    content: str | None
    refusal: str | None
    tool_calls: list[ToolCall] | None = None


class Choice(BaseModel):
    index: int
    message: Message
    finish_reason: str | None  # None only in snapshots taken mid-stream
    logprobs: dict[str, Any] | None


class Completion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[Choice]
    usage: Usage | None = None


def parse_chunk(data: str, event: str | None) -> Chunk:
    return Chunk.model_validate_json(data)


def fixture_payloads(name: str) -> list[str]:
    decoder, interpreter = SSEDecoder(), StreamInterpreter(REQUEST)
    events = decoder.feed((STREAMS / f"{name}.sse").read_bytes()) + decoder.close()
    return [data for e in events if (data := interpreter.payload(e)) is not None]


def expected(name: str) -> dict[str, Any]:
    return dict(json.loads((STREAMS / f"{name}.expected.json").read_text()))


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --- provider fixtures -------------------------------------------------------------------------


def test_every_fixture_has_an_expected_completion() -> None:
    streams = {p.stem for p in STREAMS.glob("*.sse")}
    assert streams - set(FIXTURES) == {"openrouter_error"}
    assert len(FIXTURES) >= 11


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_chunk_models_merge_into_the_expected_completion(name: str) -> None:
    chunks = [parse_chunk(data, None) for data in fixture_payloads(name)]
    completion = accumulate_chat_completion(chunks, completion_model=Completion)
    assert dump(completion) == expected(name)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_plain_dicts_merge_the_same(name: str) -> None:
    accumulator = ChatCompletionAccumulator(Completion)
    for data in fixture_payloads(name):
        accumulator.add(json.loads(data))
    assert accumulator.completion_data() == expected(name)


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_validates_into_the_generated_completion_model(name: str) -> None:
    chunks = [json.loads(data) for data in fixture_payloads(name)]
    accumulator = ChatCompletionAccumulator()
    for chunk in chunks:
        accumulator.add(chunk)
    completion = accumulator.get_final_completion()
    assert type(completion).__name__ == "ChatCompletion"
    assert completion.model_dump(mode="json", by_alias=True, exclude_unset=True) == expected(name)


def test_reasoning_is_readable_under_either_name() -> None:
    deepseek = accumulate_chat_completion(
        [json.loads(d) for d in fixture_payloads("deepseek")], completion_model=Completion
    )
    vllm = accumulate_chat_completion(
        [json.loads(d) for d in fixture_payloads("vllm")], completion_model=Completion
    )
    assert deepseek.choices[0].message.reasoning == "9.11 < 9.9 since 0.11 < 0.9."
    assert vllm.choices[0].message.reasoning_content == "The user wants the weather."


# --- over a real server, sync and async ----------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def serve_fixture(name: str, write_size: int = 37) -> Callable[[LoopbackRequest], None]:
    raw = (STREAMS / f"{name}.sse").read_bytes()

    def handler(request: LoopbackRequest) -> None:
        request.start_chunked()
        for start in range(0, len(raw), write_size):
            request.write_chunk(raw[start : start + write_size])
        request.end_chunked()

    return handler


class Managers:
    def __init__(self, mode: str, server: LoopbackServer) -> None:
        self.mode, self.server = mode, server
        self.sync, self.async_ = httpx.Client(), httpx.AsyncClient()

    def sync_manager(self) -> ChatCompletionStreamManager[Chunk, Completion]:
        request = httpx.Request("POST", self.server.url("/v1/chat/completions"))
        return ChatCompletionStreamManager(
            lambda: Stream(self.sync.send(request, stream=True), parse_chunk),
            completion_model=Completion,
        )

    def async_manager(self) -> AsyncChatCompletionStreamManager[Chunk, Completion]:
        request = httpx.Request("POST", self.server.url("/v1/chat/completions"))

        async def make() -> AsyncStream[Chunk]:
            return AsyncStream(await self.async_.send(request, stream=True), parse_chunk)

        return AsyncChatCompletionStreamManager(make, completion_model=Completion)

    async def final_completion(self) -> Completion:
        if self.mode == "sync":
            with self.sync_manager() as stream:
                return stream.get_final_completion()
        async with self.async_manager() as astream:
            return await astream.get_final_completion()

    async def aclose(self) -> None:
        self.sync.close()
        await self.async_.aclose()


@pytest.fixture
async def managers(mode: str, loopback_server: LoopbackServer) -> AsyncIterator[Managers]:
    opened = Managers(mode, loopback_server)
    yield opened
    await opened.aclose()


@pytest.mark.parametrize("name", FIXTURES)
async def test_stream_manager_over_http_gives_the_expected_completion(
    managers: Managers, loopback_server: LoopbackServer, name: str
) -> None:
    loopback_server.handler = serve_fixture(name)
    assert dump(await managers.final_completion()) == expected(name)


async def test_mid_stream_error_comes_after_the_delivered_chunks(
    managers: Managers, loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = serve_fixture("openrouter_error")
    seen: list[str | None] = []
    with pytest.raises(APIStreamError) as caught:
        if managers.mode == "sync":
            with managers.sync_manager() as stream:
                for chunk in stream:
                    seen.append(chunk.choices[0].delta.content if chunk.choices[0].delta else None)
        else:
            async with managers.async_manager() as astream:
                async for chunk in astream:
                    seen.append(chunk.choices[0].delta.content if chunk.choices[0].delta else None)
    assert seen == ["Partial", " answer"]
    assert caught.value.message == "Provider disconnected unexpectedly"
    assert caught.value.code == "server_error"
    current = (stream if managers.mode == "sync" else astream).accumulator.completion_data()
    assert current["choices"][0]["message"]["content"] == "Partial answer"


async def test_text_deltas_snapshot_and_close(
    managers: Managers, loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = serve_fixture("openai", write_size=5)
    if managers.mode == "sync":
        with managers.sync_manager() as stream:
            deltas = stream.text_deltas
            assert next(deltas) == "Hello"
            snapshot = stream.current_completion_snapshot
            assert list(deltas) == [", wörld", "!"]
            final = stream.get_final_completion()
        assert stream.response.is_closed
    else:
        async with managers.async_manager() as astream:
            adeltas = astream.text_deltas
            assert await adeltas.__anext__() == "Hello"
            snapshot = astream.current_completion_snapshot
            assert [d async for d in adeltas] == [", wörld", "!"]
            final = await astream.get_final_completion()
        assert astream.response.is_closed
    assert snapshot.choices[0].message.content == "Hello"
    assert final.choices[0].message.content == "Hello, wörld!"
    assert final.usage is not None and final.usage.total_tokens == 13


# --- merge rules -----------------------------------------------------------------------------


def chunk(*deltas: dict[str, Any], finish: str | None = None, **top: Any) -> dict[str, Any]:
    choices = [{"index": 0, "delta": d, "finish_reason": finish} for d in deltas]
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": choices,
        **top,
    }


def merged_message(*chunks: dict[str, Any]) -> dict[str, Any]:
    accumulator = ChatCompletionAccumulator(Completion)
    for c in chunks:
        accumulator.add(c)
    message: dict[str, Any] = accumulator.completion_data()["choices"][0]["message"]
    return message


def fn(name: str | None = None, arguments: str | None = None) -> dict[str, Any]:
    return {k: v for k, v in {"name": name, "arguments": arguments}.items() if v is not None}


def test_tool_call_id_repeated_on_every_chunk_is_kept_once() -> None:
    message = merged_message(
        chunk(
            {
                "tool_calls": [
                    {"index": 0, "id": "call_1", "type": "function", "function": fn("f", "")}
                ]
            }
        ),
        chunk(
            {
                "tool_calls": [
                    {"index": 0, "id": "call_1", "type": "function", "function": fn(None, '{"a"')}
                ]
            }
        ),
        chunk({"tool_calls": [{"index": 0, "id": "call_1", "function": fn("f", ": 1}")}]}),
    )
    assert message["tool_calls"] == [
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "f", "arguments": '{"a": 1}'},
            "index": 0,
        }
    ]


def test_tool_calls_without_index_match_by_id_then_position() -> None:
    message = merged_message(
        chunk(
            {
                "tool_calls": [
                    {"id": "a", "function": fn("f", "{")},
                    {"id": "b", "function": fn("g", "[")},
                ]
            }
        ),
        chunk({"tool_calls": [{"id": "b", "function": fn(None, "]")}]}),
        chunk({"tool_calls": [{"function": fn(None, "}")}]}),
    )
    assert [
        (c["id"], c["function"]["name"], c["function"]["arguments"]) for c in message["tool_calls"]
    ] == [
        ("a", "f", "{}"),
        ("b", "g", "[]"),
    ]
    assert {c["type"] for c in message["tool_calls"]} == {"function"}


def test_nameless_unindexed_pieces_continue_and_a_new_name_starts_a_call() -> None:
    message = merged_message(
        chunk({"tool_calls": [{"function": fn("f", '{"x"')}]}),
        chunk({"tool_calls": [{"function": fn(None, ": 1}")}]}),
        chunk({"tool_calls": [{"function": fn("g", "{}")}]}),
    )
    assert [(c["function"]["name"], c["function"]["arguments"]) for c in message["tool_calls"]] == [
        ("f", '{"x": 1}'),
        ("g", "{}"),
    ]


def test_same_index_with_another_id_is_another_call() -> None:
    message = merged_message(
        chunk({"tool_calls": [{"index": 0, "id": "a", "function": fn("f", "{}")}]}),
        chunk({"tool_calls": [{"index": 0, "id": "b", "function": fn("g", "{}")}]}),
    )
    assert [c["id"] for c in message["tool_calls"]] == ["a", "b"]


def test_name_streamed_in_pieces_is_joined() -> None:
    message = merged_message(
        chunk({"tool_calls": [{"index": 0, "id": "a", "function": fn("get_", "")}]}),
        chunk({"tool_calls": [{"index": 0, "function": fn("weather", "{}")}]}),
    )
    assert message["tool_calls"][0]["function"] == {"name": "get_weather", "arguments": "{}"}


def test_unknown_delta_fields_merge_by_kind() -> None:
    message = merged_message(
        chunk({"role": "assistant", "audio": {"id": "au_1", "data": "AAA", "transcript": "he"}}),
        chunk(
            {
                "role": "assistant",
                "audio": {"id": "au_1", "data": "BBB", "transcript": "llo", "expires_at": 9},
            }
        ),
        chunk({"thinking": "a", "annotations": [{"type": "url_citation"}]}),
        chunk(
            {
                "thinking": "b",
                "annotations": [{"type": "file"}],
                "function_call": {"name": "f", "arguments": "{"},
            }
        ),
        chunk({"function_call": {"arguments": "}"}}),
    )
    assert message["role"] == "assistant"
    assert message["audio"] == {
        "id": "au_1",
        "data": "AAABBB",
        "transcript": "hello",
        "expires_at": 9,
    }
    assert message["thinking"] == "ab"
    assert message["annotations"] == [{"type": "url_citation"}, {"type": "file"}]
    assert message["function_call"] == {"name": "f", "arguments": "{}"}
    assert message["content"] is None and message["refusal"] is None


def test_refusal_and_logprobs_accumulate() -> None:
    token = {"token": "No", "logprob": -0.1, "bytes": [78, 111], "top_logprobs": []}
    accumulator = ChatCompletionAccumulator(Completion)
    for piece in ("No", "pe"):
        c = chunk({"refusal": piece})
        c["choices"][0]["logprobs"] = {"content": None, "refusal": [token]}
        accumulator.add(c)
    accumulator.add(chunk({}, finish="stop"))
    choice = accumulator.get_final_completion().choices[0]
    assert choice.message.refusal == "Nope"
    assert choice.logprobs == {"content": None, "refusal": [token, token]}
    assert choice.finish_reason == "stop"


def test_a_message_whose_chunks_carried_no_role_has_none() -> None:
    message = merged_message(chunk({"content": "a"}), chunk({"content": "b"}, finish="stop"))
    assert "role" not in message  # never filled with "assistant"
    completion = accumulate_chat_completion([chunk({"content": "ab"}, finish="stop")])
    assert completion.choices[0].message.role is None
    assert [(i.path, i.kind) for i in tolerated(completion)] == [
        ("choices[0].message.role", "missing_required")
    ]


def test_a_role_repeated_in_every_chunk_is_kept_once() -> None:
    repeated = [chunk({"role": "assistant", "content": p}) for p in ("a", "b")]
    message = merged_message(*repeated)
    assert (message["role"], message["content"]) == ("assistant", "ab")


def test_tool_call_index_is_kept_only_when_the_server_sent_one() -> None:
    message = merged_message(
        chunk({"tool_calls": [{"index": 3, "id": "a", "function": fn("f", "{}")}]}),
        chunk({"tool_calls": [{"id": "b", "function": fn("g", "{}")}]}),
    )
    assert [(call["id"], call.get("index", "-")) for call in message["tool_calls"]] == [
        ("a", 3),
        ("b", "-"),
    ]


def test_an_empty_finish_reason_gives_way_to_a_later_one_and_is_kept_when_last() -> None:
    accumulator = ChatCompletionAccumulator(Completion)
    accumulator.add(chunk({"content": "a"}, finish=""))
    assert accumulator.completion_data()["choices"][0]["finish_reason"] == ""
    accumulator.add(chunk({"content": "b"}, finish="stop"))
    accumulator.add(chunk({}, finish=""))
    assert accumulator.completion_data()["choices"][0]["finish_reason"] == "stop"


def test_a_top_level_field_sent_as_null_is_kept_as_null_never_over_a_value() -> None:
    accumulator = ChatCompletionAccumulator(Completion)
    accumulator.add(chunk({"content": "a"}, system_fingerprint=None, prompt_token_ids=[1]))
    accumulator.add(chunk({}, finish="stop", system_fingerprint="fp", prompt_token_ids=None))
    data = accumulator.completion_data()
    assert (data["system_fingerprint"], data["prompt_token_ids"]) == ("fp", [1])
    accumulator = ChatCompletionAccumulator(Completion)
    accumulator.add(chunk({"content": "a"}, finish="stop", system_fingerprint=None))
    assert accumulator.completion_data()["system_fingerprint"] is None


def test_choices_merge_per_index_in_any_order() -> None:
    accumulator = ChatCompletionAccumulator(Completion)
    accumulator.add({"id": "c", "choices": [{"index": 1, "delta": {"content": "B"}}]})
    accumulator.add({"id": "c", "choices": [{"index": 0, "delta": {"content": "A"}}]})
    accumulator.add(
        {"id": "c", "choices": [{"index": 1, "delta": {"content": "b"}, "finish_reason": "length"}]}
    )
    data = accumulator.completion_data()
    assert [(c["index"], c["message"]["content"], c["finish_reason"]) for c in data["choices"]] == [
        (0, "A", None),
        (1, "Bb", "length"),
    ]


def test_plain_objects_are_read_by_attribute() -> None:
    delta = SimpleNamespace(content="hi", role="assistant", tool_calls=None)
    choice = SimpleNamespace(index=0, delta=delta, finish_reason="stop", logprobs=None)
    obj = SimpleNamespace(
        id="x", object="chat.completion.chunk", created=5, model="m", choices=[choice], usage=None
    )
    completion = accumulate_chat_completion([obj], completion_model=Completion)
    assert completion.choices[0].message.content == "hi"
    assert completion.created == 5


def test_generated_chunk_models_merge_without_deprecation_warnings() -> None:
    from openai_compat._generated.openai.models.chat_completion_chunk import (
        ChatCompletionChunk as GeneratedChatCompletionChunk,
    )

    generated = GeneratedChatCompletionChunk.model_validate(
        chunk(
            {"role": "assistant", "content": "ok", "reasoning_content": "r"},
            finish="stop",
            system_fingerprint="fp",
        )
    )
    accumulator = ChatCompletionAccumulator()
    accumulator.add(generated)  # reads deprecated fields (system_fingerprint) without warning
    completion = accumulator.get_final_completion()
    assert completion.model_dump(exclude_unset=True)["system_fingerprint"] == "fp"
    assert completion.choices[0].message.content == "ok"
    assert completion.choices[0].message.reasoning_content == "r"
    assert accumulator.chunks == [generated]


def test_parse_completion_replaces_validation() -> None:
    seen: list[dict[str, Any]] = []

    def parse(data: dict[str, Any]) -> Completion:
        seen.append(data)
        return Completion.model_validate(data)

    completion = accumulate_chat_completion(
        [chunk({"content": "x"}, finish="stop")], parse_completion=parse
    )
    assert completion.choices[0].message.content == "x"
    assert seen[0]["object"] == "chat.completion"


def test_no_chunks_is_a_clear_error() -> None:
    with pytest.raises(OpenAIError, match="No chat completion chunk was received"):
        ChatCompletionAccumulator(Completion).get_final_completion()


def test_a_non_chunk_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match=r"chunk: expected a chat completion chunk .* got int"):
        ChatCompletionAccumulator(Completion).add(42)
