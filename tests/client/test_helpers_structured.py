"""Structured outputs: `chat.completions.parse`, `responses.parse`, `pydantic_function_tool`,
the strict schema conversion, and the tolerance openai-python lacks (JSON in a code fence or
followed by prose)."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import pydantic
import pytest
from harness import CHAT_COMPLETION, MESSAGES, Harness, reply_json, sent_json

import openai_compat as oc
from openai_compat.lib._pydantic import strict_schema, to_strict_json_schema
from openai_compat.types.chat import ParsedChatCompletion


class City(pydantic.BaseModel):
    name: str
    population: int | None = None


class Weather(pydantic.BaseModel):
    """Current weather of a city."""

    city: City
    temperatures: list[float]
    note: str = pydantic.Field(description="a free-form note")


def completion(content: Any = None, *, finish: str = "stop", **message: Any) -> dict[str, Any]:
    body = copy.deepcopy(CHAT_COMPLETION)
    body["choices"][0]["message"].update(content=content, **message)
    body["choices"][0]["finish_reason"] = finish
    return body


WEATHER_JSON = '{"city": {"name": "Oslo", "population": null}, "temperatures": [1.5], "note": "x"}'


async def test_parse_returns_a_parsed_completion_and_sends_a_strict_schema(h: Harness) -> None:
    h.server.handler = reply_json(completion(WEATHER_JSON))
    result = await h.run(
        h.client().chat.completions.parse(model="m", messages=MESSAGES, response_format=Weather)
    )
    assert isinstance(result, ParsedChatCompletion)
    parsed = result.choices[0].message.parsed
    assert isinstance(parsed, Weather) and parsed.city.name == "Oslo"
    assert result.usage.total_tokens == 5
    body = sent_json(h.server)
    assert body["stream"] is False
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["name"] == "Weather"
    assert fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["city", "temperatures", "note"]
    assert schema["$defs"]["City"]["required"] == ["name", "population"]
    assert schema["$defs"]["City"]["additionalProperties"] is False
    assert "default" not in schema["$defs"]["City"]["properties"]["population"]
    assert h.server.requests[-1].headers["X-Stainless-Helper-Method"] == "chat.completions.parse"


@pytest.mark.parametrize(
    "content",
    [
        f"```json\n{WEATHER_JSON}\n```",
        f"{WEATHER_JSON}\n\nI hope this helps!",
        f"Here you go: {WEATHER_JSON}",
    ],
    ids=["code-fence", "trailing-text", "leading-text"],
)
async def test_parse_tolerates_json_wrapped_in_text(h: Harness, content: str) -> None:
    h.server.handler = reply_json(completion(content))
    result = await h.run(
        h.client().chat.completions.parse(model="m", messages=MESSAGES, response_format=Weather)
    )
    assert result.choices[0].message.parsed.temperatures == [1.5]
    assert result.choices[0].message.content == content  # what arrived is kept as is


async def test_parse_of_content_that_is_not_the_model_says_what_arrived(h: Harness) -> None:
    h.server.handler = reply_json(completion("Sorry, I cannot answer in JSON."))
    with pytest.raises(pydantic.ValidationError, match="Sorry, I cannot answer"):
        await h.run(
            h.client().chat.completions.parse(model="m", messages=MESSAGES, response_format=Weather)
        )


@pytest.mark.parametrize(
    ("finish", "error"),
    [("length", oc.LengthFinishReasonError), ("content_filter", oc.ContentFilterFinishReasonError)],
)
async def test_parse_raises_for_a_cut_short_choice(h: Harness, finish: str, error: type) -> None:
    h.server.handler = reply_json(completion('{"city": ', finish=finish))
    with pytest.raises(error) as info:
        await h.run(
            h.client().chat.completions.parse(model="m", messages=MESSAGES, response_format=Weather)
        )
    assert info.value.completion.choices[0].finish_reason == finish
    assert isinstance(info.value, oc.OpenAIError)


async def test_parse_without_response_format_leaves_parsed_none(h: Harness) -> None:
    h.server.handler = reply_json(completion("plain text"))
    result = await h.run(h.client().chat.completions.parse(model="m", messages=MESSAGES))
    assert result.choices[0].message.parsed is None
    assert "response_format" not in sent_json(h.server)


async def test_parse_keeps_the_record_of_what_was_tolerated(h: Harness) -> None:
    body = completion("plain text", finish="eos")  # llama.cpp's finish_reason, kept as sent
    h.server.handler = reply_json(body)
    result = await h.run(h.client().chat.completions.parse(model="m", messages=MESSAGES))
    assert result.choices[0].finish_reason == "eos"
    assert [(i.path, i.kind) for i in oc.tolerated(result)] == [
        ("choices[0].finish_reason", "unknown_enum")
    ]


async def test_parse_sends_a_dict_response_format_as_given(h: Harness) -> None:
    h.server.handler = reply_json(completion('{"a": 1}'))
    fmt = {"type": "json_object"}
    result = await h.run(
        h.client().chat.completions.parse(model="m", messages=MESSAGES, response_format=fmt)
    )
    assert sent_json(h.server)["response_format"] == fmt
    assert result.choices[0].message.parsed is None


def tool_call(name: str, arguments: str, call_id: str = "call_1") -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


async def test_parse_fills_parsed_arguments_of_pydantic_and_strict_tools(h: Harness) -> None:
    calls = [
        tool_call("get_weather", WEATHER_JSON, "call_1"),
        tool_call("lookup", '{"q": "x"}', "call_2"),
    ]
    h.server.handler = reply_json(completion(None, finish="tool_calls", tool_calls=calls))
    strict_dict_tool = {
        "type": "function",
        "function": {"name": "lookup", "strict": True, "parameters": {"type": "object"}},
    }
    tools = [oc.pydantic_function_tool(Weather, name="get_weather"), strict_dict_tool]
    result = await h.run(h.client().chat.completions.parse(model="m", messages=MESSAGES, tools=tools))
    first, second = result.choices[0].message.tool_calls
    assert isinstance(first.function.parsed_arguments, Weather)
    assert second.function.parsed_arguments == {"q": "x"}
    sent_tool = sent_json(h.server)["tools"][0]
    assert sent_tool["function"]["name"] == "get_weather"
    assert sent_tool["function"]["description"] == "Current weather of a city."
    assert sent_tool["function"]["strict"] is True


async def test_parse_refuses_a_tool_that_is_not_strict(h: Harness) -> None:
    tools = [{"type": "function", "function": {"name": "loose", "parameters": {}}}]
    with pytest.raises(ValueError, match="`loose` is not strict"):
        await h.run(h.client().chat.completions.parse(model="m", messages=MESSAGES, tools=tools))
    assert h.server.requests == []  # refused before sending


async def test_parse_drops_custom_tool_calls_with_a_warning(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    custom = {"id": "c1", "type": "custom", "custom": {"name": "grep", "input": "x"}}
    h.server.handler = reply_json(completion(None, finish="tool_calls", tool_calls=[custom]))
    with caplog.at_level(logging.WARNING, logger="openai_compat.lib.parsing"):
        result = await h.run(h.client().chat.completions.parse(model="m", messages=MESSAGES))
    assert result.choices[0].message.tool_calls is None
    assert "Custom tool calls are not callable" in caplog.text


async def test_with_raw_response_parse_returns_the_parsed_completion(h: Harness) -> None:
    h.server.handler = reply_json(completion(WEATHER_JSON), headers={"x-request-id": "req_9"})
    raw = await h.run(
        h.client().chat.completions.with_raw_response.parse(
            model="m", messages=MESSAGES, response_format=Weather
        )
    )
    assert raw.headers["x-request-id"] == "req_9"
    parsed = await h.run(raw.parse())
    assert isinstance(parsed.choices[0].message.parsed, Weather)


async def test_beta_chat_completions_parse_is_the_same_helper(h: Harness) -> None:
    h.server.handler = reply_json(completion(WEATHER_JSON))
    result = await h.run(
        h.client().beta.chat.completions.parse(model="m", messages=MESSAGES, response_format=Weather)
    )
    assert result.choices[0].message.parsed.city.name == "Oslo"


# -- responses.parse ---------------------------------------------------------------------------

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "status": "completed",
    "model": "m",
    "output": [
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": WEATHER_JSON, "annotations": []}],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": f"```json\n{WEATHER_JSON}\n```",
            "status": "completed",
        },
    ],
}


async def test_responses_parse_parses_output_text_and_function_calls(h: Harness) -> None:
    h.server.handler = reply_json(RESPONSE)
    tools = [oc.pydantic_responses_function_tool(Weather, name="get_weather")]
    result = await h.run(
        h.client().responses.parse(model="m", input="x", text_format=Weather, tools=tools)
    )
    assert isinstance(result.output_parsed, Weather)
    assert result.output_text == WEATHER_JSON
    assert isinstance(result.output[1].parsed_arguments, Weather)  # fenced arguments tolerated
    body = sent_json(h.server)
    assert body["text"]["format"]["type"] == "json_schema"
    assert body["text"]["format"]["name"] == "Weather"
    assert body["tools"][0]["name"] == "get_weather" and body["tools"][0]["strict"] is True


async def test_responses_parse_converts_chat_shaped_pydantic_tools(h: Harness) -> None:
    h.server.handler = reply_json(RESPONSE)
    tools = [oc.pydantic_function_tool(Weather, name="get_weather")]
    result = await h.run(h.client().responses.parse(model="m", input="x", tools=tools))
    assert sent_json(h.server)["tools"][0]["type"] == "function"
    assert sent_json(h.server)["tools"][0]["name"] == "get_weather"
    assert isinstance(result.output[1].parsed_arguments, Weather)
    assert result.output_parsed is None


async def test_responses_parse_refuses_text_format_with_text_format_key(h: Harness) -> None:
    with pytest.raises(TypeError, match="Cannot mix and match"):
        await h.run(
            h.client().responses.parse(
                model="m", input="x", text_format=Weather, text={"format": {"type": "text"}}
            )
        )


# -- schema conversion -------------------------------------------------------------------------


class Node(pydantic.BaseModel):
    value: int
    children: list[Node] = []
    parent: Node | None = pydantic.Field(None, description="the parent node")


def test_strict_schema_inlines_refs_that_carry_other_keys_and_keeps_recursion() -> None:
    schema = to_strict_json_schema(Node)
    assert schema["$defs"]["Node"]["additionalProperties"] is False
    parent = schema["$defs"]["Node"]["properties"]["parent"]
    assert "default" not in parent and parent["description"] == "the parent node"
    assert schema["$defs"]["Node"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}


def test_strict_schema_is_computed_once_per_class_and_copies_are_independent() -> None:
    assert strict_schema(Weather) is strict_schema(Weather)
    copy_a = to_strict_json_schema(Weather)
    copy_a["title"] = "changed"
    assert strict_schema(Weather)["title"] == "Weather"


def test_pydantic_function_tool_refuses_what_is_not_a_model() -> None:
    with pytest.raises(TypeError, match="model: expected a pydantic BaseModel class"):
        oc.pydantic_function_tool(dict)  # type: ignore[arg-type]


def test_pydantic_function_tool_matches_openai_shape() -> None:
    tool = oc.pydantic_function_tool(City)
    assert tool["type"] == "function"
    function = tool["function"]
    assert function["name"] == "City" and "description" not in function
    assert function["parameters"]["required"] == ["name", "population"]
    assert json.loads(json.dumps(tool)) == tool  # plain JSON on the wire


async def test_response_output_text_is_computed_when_the_server_leaves_it_out(h: Harness) -> None:
    h.server.handler = reply_json(RESPONSE)
    response = await h.run(h.client().responses.create(model="m", input="x"))
    assert response.output_text == WEATHER_JSON
    assert "output_text" not in response.to_dict()  # not presented as sent by the server
    raw = await h.run(h.client().responses.with_raw_response.retrieve("resp_1"))
    assert (await h.run(raw.parse())).output_text == WEATHER_JSON
    # Computed whatever the body says, as openai-python's property is (the sent value stays in
    # to_dict(): nothing the server sent is lost).
    h.server.handler = reply_json({**RESPONSE, "output_text": "as sent"})
    response = await h.run(h.client().responses.retrieve("resp_1"))
    assert response.output_text == WEATHER_JSON
    assert response.to_dict()["output_text"] == "as sent"
