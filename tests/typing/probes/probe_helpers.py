"""User code: stream helpers and structured outputs."""

from __future__ import annotations

import pydantic
from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, OpenAI
from openai_compat.types.chat import ChatCompletion, ParsedChatCompletion, ParsedChoice
from openai_compat.types.responses import (
    ParsedResponse,
    ParsedResponseFunctionToolCall,
    Response,
)


class Answer(pydantic.BaseModel):
    text: str


client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")
aclient = AsyncOpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def stream_helper() -> None:
    with client.chat.completions.stream(
        model="m", messages=[{"role": "user", "content": "hi"}]
    ) as stream:
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


def parse_without_format() -> None:
    parsed = client.chat.completions.parse(model="m", messages=[{"role": "user", "content": "hi"}])
    assert_type(parsed, ParsedChatCompletion[None])
    assert_type(parsed.choices[0], ParsedChoice[None])
    tool_calls = parsed.choices[0].message.tool_calls
    if tool_calls:
        assert_type(tool_calls[0].function.parsed_arguments, object | None)


async def async_parse() -> None:
    parsed = await aclient.chat.completions.parse(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    )
    assert_type(parsed, ParsedChatCompletion[Answer])
    assert_type(parsed.choices[0].message.parsed, Answer | None)
    assert_type(parsed.choices[0].message.content, str | None)


def stream_helper_with_format() -> None:
    with client.chat.completions.stream(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    ) as stream:
        assert_type(stream.get_final_completion(), ParsedChatCompletion[Answer])


def responses_parse() -> None:
    parsed = client.responses.parse(model="m", input="hi", text_format=Answer)
    assert_type(parsed, ParsedResponse[Answer])
    assert_type(parsed.output_parsed, Answer | None)
    assert_type(parsed.output_text, str)
    assert isinstance(parsed, Response)
    plain = client.responses.parse(model="m", input="hi")
    assert_type(plain, ParsedResponse[None])


async def async_responses_parse() -> None:
    parsed = await aclient.responses.parse(model="m", input="hi", text_format=Answer)
    assert_type(parsed, ParsedResponse[Answer])


def responses_stream() -> None:
    with client.responses.stream(model="m", input="hi", text_format=Answer) as stream:
        assert_type(stream.get_final_response(), ParsedResponse[Answer])
    with client.responses.stream(model="m", input="hi") as plain:
        assert_type(plain.get_final_response(), ParsedResponse[None])


async def async_responses_stream() -> None:
    async with aclient.responses.stream(model="m", input="hi", text_format=Answer) as stream:
        final = await stream.get_final_response()
        assert_type(final, ParsedResponse[Answer])
        assert_type(final.output_parsed, Answer | None)


def raw_and_beta_parse() -> None:
    raw = client.chat.completions.with_raw_response.parse(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    )
    assert_type(raw.parse(), ParsedChatCompletion[Answer])
    beta = client.beta.chat.completions.parse(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    )
    assert_type(beta, ParsedChatCompletion[Answer])
    raw_response = client.responses.with_raw_response.parse(model="m", input="hi", text_format=Answer)
    assert_type(raw_response.parse(), ParsedResponse[Answer])
    with client.chat.completions.stream(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    ) as stream:
        assert_type(stream.current_completion_snapshot, ParsedChatCompletion[object])


async def async_streaming_parse() -> None:
    async with aclient.chat.completions.with_streaming_response.parse(
        model="m", messages=[{"role": "user", "content": "hi"}], response_format=Answer
    ) as response:
        assert_type(await response.parse(), ParsedChatCompletion[Answer])


def responses_stream_events() -> None:
    with client.responses.stream(model="m", input="hi", text_format=Answer) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                assert_type(event.snapshot, str)
            elif event.type == "response.output_text.done":
                assert_type(event.parsed, Answer | None)
            elif event.type == "response.completed":
                assert_type(event.response, ParsedResponse[Answer])


async def async_responses_stream_events() -> None:
    async with aclient.responses.stream(model="m", input="hi") as stream:
        async for event in stream:
            if event.type == "response.function_call_arguments.delta":
                assert_type(event.snapshot, str)


def responses_parse_items() -> None:
    parsed = client.responses.parse(model="m", input="hi", text_format=Answer)
    for item in parsed.output:
        if item.type == "message":
            for part in item.content:
                if part.type == "output_text":
                    assert_type(part.parsed, Answer | None)
        elif item.type == "function_call":
            assert_type(item, ParsedResponseFunctionToolCall)


def helper_keywords_are_checked() -> None:
    # Every create() keyword is a parameter of the helpers (editors complete them) ...
    client.chat.completions.parse(
        model="m",
        messages=[{"role": "user", "content": "hi"}],
        response_format=Answer,
        temperature=0.2,
        max_completion_tokens=10,
        seed=1,
        extra_headers={"x-probe": "1"},
        timeout=5.0,
    )
    with client.chat.completions.stream(
        model="m",
        messages=[{"role": "user", "content": "hi"}],
        response_format={"type": "json_object"},
        stream_options={"include_usage": True},
    ) as stream:
        assert_type(stream.get_final_completion(), ParsedChatCompletion[None])
    client.responses.parse(model="m", input="hi", temperature=0.2, max_output_tokens=10)
    with client.responses.stream(model="m", input="hi", instructions="be brief"):
        pass
    with client.responses.stream(response_id="resp_1", starting_after=3):
        pass
    # ... and a misspelt one is an error, as in openai-python.
    client.chat.completions.parse(model="m", messages=[], temprature=0.2)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.chat.completions.stream(model="m", messages=[], max_token=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.responses.parse(model="m", input="hi", temprature=0.2)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    client.responses.stream(model="m", input="hi", instruction="x")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    client.beta.chat.completions.parse(model="m", messages=[], seeds=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


async def async_helper_keywords_are_checked() -> None:
    await aclient.chat.completions.parse(model="m", messages=[], top_p=0.5)
    await aclient.responses.parse(model="m", input="hi", top_p=0.5)
    await aclient.chat.completions.parse(model="m", messages=[], topp=0.5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    aclient.chat.completions.stream(model="m", messages=[], topp=0.5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await aclient.responses.parse(model="m", input="hi", topp=0.5)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    aclient.responses.stream(model="m", input="hi", topp=0.5)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
