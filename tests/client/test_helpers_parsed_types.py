"""The Parsed* results as openai-python builds them: generic pydantic subclasses of the
generated models, parametrised once with the `ResponseFormatT` type variable (the same class for
every call, so no pydantic parametrisation per call), and `Response.output_text` computed while
a server's own `output_text` stays readable."""

from __future__ import annotations

import copy
from typing import Any

import pydantic
from harness import CHAT_COMPLETION, MESSAGES, Harness, reply_json

from openai_compat.types.chat import (
    ChatCompletion,
    ChatCompletionMessage,
    ParsedChatCompletion,
    ParsedChatCompletionMessage,
    ParsedChoice,
)
from openai_compat.types.chat.chat_completion import Choice
from openai_compat.types.responses import ParsedResponse, Response


class Answer(pydantic.BaseModel):
    value: str


def _completion(content: str) -> dict[str, Any]:
    body = copy.deepcopy(CHAT_COMPLETION)
    body["choices"][0]["message"]["content"] = content
    return body


async def test_parse_results_are_the_classes_parametrised_with_the_type_variable(
    h: Harness,
) -> None:
    h.server.handler = reply_json(_completion('{"value": "v"}'))
    client = h.client()
    first = await h.run(
        client.chat.completions.parse(model="m", messages=MESSAGES, response_format=Answer)
    )
    second = await h.run(client.chat.completions.parse(model="m", messages=MESSAGES))
    assert type(first).__name__ == "ParsedChatCompletion[~ResponseFormatT]"
    assert type(first) is type(second)  # one class for every call: parametrised once
    meta = type(first).__pydantic_generic_metadata__
    assert meta["origin"] is ParsedChatCompletion
    assert [repr(a) for a in meta["args"]] == ["~ResponseFormatT"]
    assert isinstance(first, ParsedChatCompletion) and isinstance(first, ChatCompletion)
    assert type(first) is not ParsedChatCompletion[Answer]
    choice, message = first.choices[0], first.choices[0].message
    assert type(choice).__name__ == "ParsedChoice[~ResponseFormatT]"
    assert isinstance(choice, ParsedChoice) and isinstance(choice, Choice)
    assert type(message).__name__ == "ParsedChatCompletionMessage[~ResponseFormatT]"
    assert isinstance(message, ParsedChatCompletionMessage)
    assert isinstance(message, ChatCompletionMessage)
    assert message.parsed == Answer(value="v")
    assert second.choices[0].message.parsed is None


def test_parametrising_by_the_user_gives_a_generic_subclass() -> None:
    parametrised = ParsedChatCompletion[Answer]
    assert parametrised is ParsedChatCompletion[Answer]  # pydantic's cache
    assert issubclass(parametrised, ChatCompletion)
    field = parametrised.model_fields["choices"].annotation
    assert field == list[ParsedChoice[Answer]]


def test_parsed_response_is_a_generic_subclass_of_response() -> None:
    assert issubclass(ParsedResponse[Answer], Response)
    assert ParsedResponse.__pydantic_generic_metadata__["parameters"]


RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "model": "m",
    "status": "completed",
    "output": [
        {
            "type": "message",
            "id": "m",
            "role": "assistant",
            "status": "completed",
            "content": [
                {"type": "output_text", "text": "Hello ", "annotations": []},
                {"type": "output_text", "text": "world", "annotations": []},
            ],
        }
    ],
}


async def test_output_text_is_computed_and_a_sent_one_is_kept_as_an_extra(h: Harness) -> None:
    h.server.handler = reply_json({**RESPONSE, "output_text": "what the server sent"})
    response = await h.run(h.client().responses.create(model="m", input="x"))
    assert response.output_text == "Hello world"  # openai-python's property
    assert response.model_extra == {"output_text": "what the server sent"}
    assert response.to_dict()["output_text"] == "what the server sent"
    assert "output_text" not in Response.model_fields


async def test_output_text_without_a_sent_one_is_not_invented_in_dumps(h: Harness) -> None:
    h.server.handler = reply_json(RESPONSE)
    response = await h.run(h.client().responses.create(model="m", input="x"))
    assert response.output_text == "Hello world"
    assert "output_text" not in response.to_dict()


async def test_parsed_response_reads_output_text_and_output_parsed(h: Harness) -> None:
    body = copy.deepcopy(RESPONSE)
    body["output"][0]["content"] = [
        {"type": "output_text", "text": '{"value": "v"}', "annotations": []}
    ]
    h.server.handler = reply_json(body)
    parsed = await h.run(h.client().responses.parse(model="m", input="x", text_format=Answer))
    assert type(parsed) is ParsedResponse
    assert parsed.output_parsed == Answer(value="v")
    assert parsed.output_text == '{"value": "v"}'
    assert "output_text" not in parsed.to_dict()


async def test_raw_and_streaming_parse_views_return_the_parsed_results(h: Harness) -> None:
    h.server.handler = reply_json(_completion('{"value": "v"}'))
    client = h.client()
    raw = await h.run(
        client.chat.completions.with_raw_response.parse(
            model="m", messages=MESSAGES, response_format=Answer
        )
    )
    parsed = await h.run(raw.parse())
    assert parsed.choices[0].message.parsed == Answer(value="v")
    assert type(parsed).__name__ == "ParsedChatCompletion[~ResponseFormatT]"
    beta = await h.run(
        client.beta.chat.completions.parse(model="m", messages=MESSAGES, response_format=Answer)
    )
    assert beta.choices[0].message.parsed == Answer(value="v")


async def test_responses_raw_parse_returns_a_parsed_response(h: Harness) -> None:
    body = copy.deepcopy(RESPONSE)
    body["output"][0]["content"] = [
        {"type": "output_text", "text": '{"value": "v"}', "annotations": []}
    ]
    h.server.handler = reply_json(body)
    raw = await h.run(
        h.client().responses.with_raw_response.parse(model="m", input="x", text_format=Answer)
    )
    assert raw.status_code == 200
    parsed = await h.run(raw.parse())
    assert isinstance(parsed, ParsedResponse) and parsed.output_parsed == Answer(value="v")


def test_the_stream_event_union_is_the_specs_with_the_helpers_events() -> None:
    import typing

    from openai_compat.lib.streaming import responses as helper
    from openai_compat.types.responses import ResponseStreamEvent as RawEvent

    raw = typing.get_args(typing.get_args(RawEvent.__value__)[0])
    ours = typing.get_args(helper.ResponseStreamEvent)
    extended = {
        helper.ResponseTextDeltaEvent: "ResponseTextDeltaEvent",
        helper.ResponseTextDoneEvent: "ResponseTextDoneEvent",
        helper.ResponseFunctionCallArgumentsDeltaEvent: "ResponseFunctionCallArgumentsDeltaEvent",
        helper.ResponseCompletedEvent: "ResponseCompletedEvent",
    }
    origins = [getattr(t, "__pydantic_generic_metadata__", {}).get("origin") or t for t in ours]
    assert origins[:4] == list(extended)
    assert set(origins[4:]) == {t for t in raw if t.__name__ not in extended.values()}
    assert len(origins) == len(raw)


def test_the_parsed_output_item_union_is_the_specs_with_the_parsed_items() -> None:
    import typing

    from openai_compat.lib import _parsed_responses as parsed
    from openai_compat.lib._parsed_output_item import ParsedResponseOutputItem

    item_alias = typing.get_args(Response.model_fields["output"].annotation)[0]
    raw = typing.get_args(typing.get_args(item_alias.__value__)[0])
    ours = typing.get_args(ParsedResponseOutputItem)
    first = ours[0].__pydantic_generic_metadata__["origin"] or ours[0]
    assert [first, ours[1]] == [
        parsed.ParsedResponseOutputMessage,
        parsed.ParsedResponseFunctionToolCall,
    ]
    replaced = {parsed.ResponseOutputMessage, parsed.ResponseFunctionToolCall}
    assert set(ours[2:]) == set(raw) - replaced
    assert len(ours) == len(raw)


async def test_parse_results_survive_pickle_and_copy(h: Harness) -> None:
    import pickle

    h.server.handler = reply_json(_completion('{"value": "v"}'))
    result = await h.run(
        h.client().chat.completions.parse(model="m", messages=MESSAGES, response_format=Answer)
    )
    for clone in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result), result.model_copy()):
        assert type(clone) is type(result)
        assert clone.choices[0].message.parsed == Answer(value="v")
