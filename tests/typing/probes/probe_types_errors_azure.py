"""User code: types imports (TypedDict params), errors' attributes, Azure."""

from __future__ import annotations

from typing import Literal

import pydantic
from typing_extensions import assert_type

from openai_compat import (
    APIConnectionError,
    APIStatusError,
    AsyncAzureOpenAI,
    AsyncOpenAI,
    AsyncStream,
    AzureOpenAI,
    NotFoundError,
    OpenAI,
    OpenAIError,
    RateLimitError,
    Stream,
)
from openai_compat.types import CreateEmbeddingResponse
from openai_compat.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionMessageParam,
    ChatCompletionToolParam,
    ChatCompletionUserMessageParam,
    ParsedChatCompletion,
)
from openai_compat.types.chat.chat_completion import Choice
from openai_compat.types.responses import ParsedResponse

message: ChatCompletionUserMessageParam = {"role": "user", "content": "hi"}
messages: list[ChatCompletionMessageParam] = [message, {"role": "system", "content": "be brief"}]
tool: ChatCompletionToolParam = {
    "type": "function",
    "function": {"name": "f", "parameters": {"type": "object"}},
}
bad: ChatCompletionUserMessageParam = {"role": "user", "content": "x", "contnet": "x"}  # type: ignore[typeddict-unknown-key]  # pyright: ignore[reportAssignmentType]


def typed_dicts() -> None:
    assert_type(message["role"], Literal["user"])
    content = message["content"]
    if isinstance(content, str):
        assert_type(content, str)


def errors(exc: Exception) -> None:
    if isinstance(exc, APIStatusError):
        assert_type(exc.status_code, int)
        assert_type(exc.response.status_code, int)
        assert_type(exc.request_id, str | None)
        assert_type(exc.message, str)
        assert_type(exc.code, str | None)
    if isinstance(exc, RateLimitError):
        assert_type(exc.status_code, Literal[429])
    if isinstance(exc, APIConnectionError):
        assert_type(exc.request.url.host, str)
    assert issubclass(NotFoundError, APIStatusError)
    assert issubclass(APIStatusError, OpenAIError)


def choice(c: Choice, completion: ChatCompletion) -> None:
    assert_type(completion.choices[0], Choice)
    assert_type(
        c.finish_reason, Literal["stop", "length", "tool_calls", "content_filter", "function_call"]
    )
    assert_type(c.index, int)


def azure() -> None:
    client = AzureOpenAI(api_key="k", api_version="2024-10-21", azure_endpoint="http://127.0.0.1:9")
    assert_type(client.with_options(timeout=1.0), AzureOpenAI)
    completion = client.chat.completions.create(model="dep", messages=messages)
    assert_type(completion, ChatCompletion)
    # the Azure clients are OpenAI clients, with OpenAI's signatures and results
    as_openai: OpenAI = client
    stream = as_openai.chat.completions.create(model="dep", messages=messages, stream=True)
    assert_type(stream, Stream[ChatCompletionChunk])
    assert_type(client.embeddings.create(model="emb", input="x"), CreateEmbeddingResponse)
    own_stream = client.chat.completions.create(model="dep", messages=messages, stream=True)
    assert_type(own_stream, Stream[ChatCompletionChunk])
    assert_type(own_stream.response.status_code, int)


class Answer(pydantic.BaseModel):
    text: str


def azure_raw_parse() -> None:
    client = AzureOpenAI(api_key="k", api_version="2024-10-21", azure_endpoint="http://127.0.0.1:9")
    raw = client.chat.completions.with_raw_response.parse(
        model="dep", messages=messages, response_format=Answer
    )
    assert_type(raw.parse(), ParsedChatCompletion[Answer])
    assert_type(raw.parse().choices[0].message.parsed, Answer | None)
    assert_type(raw.status_code, int)
    with client.chat.completions.with_streaming_response.parse(
        model="dep", messages=messages, response_format=Answer
    ) as streamed:
        assert_type(streamed.parse(), ParsedChatCompletion[Answer])
    raw_response = client.responses.with_raw_response.parse(
        model="dep", input="hi", text_format=Answer
    )
    assert_type(raw_response.parse(), ParsedResponse[Answer])
    assert_type(raw_response.parse().output_parsed, Answer | None)
    plain = client.chat.completions.with_raw_response.parse(model="dep", messages=messages)
    assert_type(plain.parse(), ParsedChatCompletion[None])
    raw.parse().choises  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]


async def async_azure() -> None:
    client = AsyncAzureOpenAI(
        api_key="k", api_version="2024-10-21", azure_endpoint="http://127.0.0.1:9"
    )
    completion = await client.chat.completions.create(model="dep", messages=messages)
    assert_type(completion, ChatCompletion)
    as_openai: AsyncOpenAI = client
    stream = await as_openai.chat.completions.create(model="dep", messages=messages, stream=True)
    assert_type(stream, AsyncStream[ChatCompletionChunk])
    embedding = await client.embeddings.create(model="emb", input="x")
    assert_type(embedding, CreateEmbeddingResponse)
    own_stream = await client.chat.completions.create(model="dep", messages=messages, stream=True)
    assert_type(own_stream, AsyncStream[ChatCompletionChunk])
    assert_type(own_stream.response.status_code, int)
    raw = await client.chat.completions.with_raw_response.parse(
        model="dep", messages=messages, response_format=Answer
    )
    assert_type(raw.parse(), ParsedChatCompletion[Answer])
    async with client.chat.completions.with_streaming_response.parse(
        model="dep", messages=messages, response_format=Answer
    ) as streamed:
        assert_type(await streamed.parse(), ParsedChatCompletion[Answer])
    raw_response = await client.responses.with_raw_response.parse(
        model="dep", input="hi", text_format=Answer
    )
    assert_type(raw_response.parse(), ParsedResponse[Answer])
