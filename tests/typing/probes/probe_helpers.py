"""User code: stream helpers and structured outputs."""

from __future__ import annotations

import pydantic
from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, OpenAI
from openai_compat.types.chat import ChatCompletion, ParsedChatCompletion


class Answer(pydantic.BaseModel):
    text: str


client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")
aclient = AsyncOpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def stream_helper() -> None:
    with client.chat.completions.stream(model="m", messages=[{"role": "user", "content": "hi"}]) as stream:
        for event in stream:
            if event.type == "content.delta":
                assert_type(event.delta, str)
        final = stream.get_final_completion()
        assert_type(final, ParsedChatCompletion[None])
        assert isinstance(final, ChatCompletion)


def parse() -> None:
    parsed = client.chat.completions.parse(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    )
    assert_type(parsed, ParsedChatCompletion[Answer])
    assert_type(parsed.choices[0].message.parsed, Answer | None)


async def async_stream_helper() -> None:
    async with aclient.chat.completions.stream(
        model="m", messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        async for event in stream:
            if event.type == "content.done":
                assert_type(event.content, str)
        final = await stream.get_final_completion()
        assert_type(final, ParsedChatCompletion[None])
