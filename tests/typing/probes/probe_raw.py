"""User code: raw and streaming responses."""

from __future__ import annotations

from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, OpenAI
from openai_compat.types.chat import ChatCompletion

client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")
aclient = AsyncOpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def raw() -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="m", messages=[{"role": "user", "content": "hi"}]
    )
    assert_type(raw.parse(), ChatCompletion)
    assert_type(raw.headers.get("x-request-id"), str | None)
    assert_type(raw.status_code, int)
    with client.chat.completions.with_streaming_response.create(
        model="m", messages=[{"role": "user", "content": "hi"}]
    ) as streamed:
        assert_type(streamed.parse(), ChatCompletion)
        for line in streamed.iter_lines():
            assert_type(line, str)
    raw.nonexistent  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]


async def async_raw() -> None:
    raw = await aclient.chat.completions.with_raw_response.create(
        model="m", messages=[{"role": "user", "content": "hi"}]
    )
    assert_type(raw.parse(), ChatCompletion)
    async with aclient.chat.completions.with_streaming_response.create(
        model="m", messages=[{"role": "user", "content": "hi"}]
    ) as streamed:
        assert_type(await streamed.parse(), ChatCompletion)
