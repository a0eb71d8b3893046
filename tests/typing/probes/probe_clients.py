"""User code: clients, options, context managers, create overloads by `stream`."""

from __future__ import annotations

from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, AsyncStream, OpenAI, Stream
from openai_compat.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage

client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")
aclient = AsyncOpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def clients() -> None:
    assert_type(client.with_options(timeout=5.0), OpenAI)
    assert_type(client.copy(max_retries=0), OpenAI)
    assert_type(aclient.with_options(max_retries=1), AsyncOpenAI)
    with OpenAI(api_key="sk-probe") as managed:
        assert_type(managed, OpenAI)
    assert_type(client.max_retries, int)
    assert_type(client.api_key, str)


def create_overloads() -> None:
    messages = [{"role": "user", "content": "hi"}]
    completion = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert_type(completion, ChatCompletion)
    assert_type(completion.choices[0].message, ChatCompletionMessage)
    assert_type(completion.choices[0].message.content, str | None)
    assert_type(completion.id, str)
    stream = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    assert_type(stream, Stream[ChatCompletionChunk])
    for chunk in stream:
        assert_type(chunk, ChatCompletionChunk)
    flag: bool = bool(messages)
    either = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=flag
    )
    assert_type(either, ChatCompletion | Stream[ChatCompletionChunk])


async def async_create_overloads() -> None:
    async with AsyncOpenAI(api_key="sk-probe") as managed:
        assert_type(managed, AsyncOpenAI)
    completion = await aclient.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}]
    )
    assert_type(completion, ChatCompletion)
    stream = await aclient.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    assert_type(stream, AsyncStream[ChatCompletionChunk])
    async for chunk in stream:
        assert_type(chunk, ChatCompletionChunk)


def misuse() -> None:
    completion = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    completion.choises  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    client.chat.completions.create(model="m")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    client.chat.completions.craete  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
