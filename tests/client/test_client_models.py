"""Union-typed request fields, unknown fields both ways, bring-your-own-types and generic verbs."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pydantic
import pytest
from harness import CHAT_COMPLETION, MESSAGES, Harness, chunk, reply_json, reply_sse, sent_json

import openai_compat as oc
from openai_compat._generated.openai.models.chat_completion_content_part_text import (
    ChatCompletionContentPartText,
)
from openai_compat._generated.openai.models.chat_completion_named_tool_choice import (
    ChatCompletionNamedToolChoice,
)
from openai_compat._generated.openai.models.chat_completion_request_user_message import (
    ChatCompletionRequestUserMessage,
)

COMPLETION = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m",
              "choices": [{"index": 0, "text": "ok", "finish_reason": "stop", "logprobs": None}]}  # fmt: skip
EMBEDDINGS = {"object": "list", "model": "e", "data": [{"object": "embedding", "index": 0, "embedding": [0.5]}],
              "usage": {"prompt_tokens": 1, "total_tokens": 1}}  # fmt: skip
SCHEMA_FORMAT = {"type": "json_schema", "json_schema": {"name": "answer", "strict": True,
                 "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stop", "END"),
        ("stop", ["END", "STOP"]),
        ("stop", None),
        ("tool_choice", "none"),
        ("tool_choice", "auto"),
        ("tool_choice", "required"),
        ("tool_choice", {"type": "function", "function": {"name": "lookup"}}),
        ("response_format", {"type": "json_object"}),
        ("response_format", SCHEMA_FORMAT),
        (
            "messages",
            [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "a"},
                        {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
                    ],
                }
            ],
        ),
    ],
)
async def test_chat_union_fields_are_sent_as_given(h: Harness, field: str, value: Any) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    kwargs: dict[str, Any] = {"model": "m", "messages": MESSAGES, field: value}
    if field == "tool_choice":
        kwargs["tools"] = [{"type": "function", "function": {"name": "lookup", "parameters": {}}}]
    await h.run(h.client().chat.completions.create(**kwargs))
    assert sent_json(h.server)[field] == value


async def test_chat_union_fields_accept_models(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    message = ChatCompletionRequestUserMessage(
        role="user", content=[ChatCompletionContentPartText(type="text", text="hi")]
    )
    choice = ChatCompletionNamedToolChoice.model_validate(
        {"type": "function", "function": {"name": "f"}}
    )
    tools = [{"type": "function", "function": {"name": "f"}}]
    await h.run(
        h.client().chat.completions.create(
            model="m", messages=[message], tool_choice=choice, tools=tools
        )
    )
    sent = sent_json(h.server)
    assert sent["messages"] == [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "f"}}


@pytest.mark.parametrize("prompt", ["say hi", ["a", "b"], [1, 2, 3], [[1, 2], [3]]])
async def test_completion_prompt_shapes(h: Harness, prompt: Any) -> None:
    h.server.handler = reply_json(COMPLETION)
    await h.run(h.client().completions.create(model="m", prompt=prompt, stop=["\n"]))
    assert sent_json(h.server) == {"model": "m", "prompt": prompt, "stop": ["\n"]}


@pytest.mark.parametrize("value", ["text", ["a", "b"], [1, 2], [[1, 2], [3, 4]]])
async def test_embedding_input_shapes(h: Harness, value: Any) -> None:
    h.server.handler = reply_json(EMBEDDINGS)
    result = await h.run(h.client().embeddings.create(model="e", input=value))
    assert sent_json(h.server)["input"] == value
    assert result.data[0].embedding == [0.5]


async def test_unknown_parameters_go_through_extra_body(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    client = h.client()
    with pytest.raises(TypeError, match="top_k"):
        await h.run(client.chat.completions.create(model="m", messages=MESSAGES, top_k=5))  # type: ignore[call-arg]
    await h.run(
        client.chat.completions.create(model="m", messages=MESSAGES, extra_body={"top_k": 5})
    )
    assert sent_json(h.server)["top_k"] == 5


async def test_responses_keep_unknown_fields(h: Harness) -> None:
    body = {**CHAT_COMPLETION, "provider": "vllm", "choices": [{**CHAT_COMPLETION["choices"][0],
            "message": {"role": "assistant", "content": "x", "reasoning_content": "because", "stop_reason": 42}}]}  # fmt: skip
    h.server.handler = reply_json(body)
    completion = await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES))
    assert completion.provider == "vllm"
    assert completion.model_extra == {"provider": "vllm"}
    message = completion.choices[0].message
    assert message.stop_reason == 42
    assert message.reasoning_content == "because"
    assert message.reasoning == "because"  # the other name reaches it too
    assert completion.to_dict()["provider"] == "vllm"
    assert json.loads(completion.to_json())["choices"][0]["message"]["stop_reason"] == 42


async def test_reasoning_under_the_other_name(h: Harness) -> None:
    body = {**CHAT_COMPLETION, "choices": [{**CHAT_COMPLETION["choices"][0],
            "message": {"role": "assistant", "content": "x", "reasoning": "thought"}}]}  # fmt: skip
    h.server.handler = reply_json(body)
    message = (
        (await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES)))
        .choices[0]
        .message
    )
    assert (message.reasoning, message.reasoning_content) == ("thought", "thought")


async def test_array_fields_index_like_lists(h: Harness) -> None:
    body = {**CHAT_COMPLETION, "choices": [{**CHAT_COMPLETION["choices"][0], "message": {
        "role": "assistant", "content": None,
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}}]}  # fmt: skip
    h.server.handler = reply_json(body)
    message = (
        (await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES)))
        .choices[0]
        .message
    )
    assert message.tool_calls[0].function.name == "f"


class Reply(pydantic.BaseModel):
    id: str
    choices: list[dict[str, Any]]


async def test_byot_plain_dict_body_and_caller_model(h: Harness) -> None:
    h.server.handler = reply_json({**CHAT_COMPLETION, "vendor_field": 1})
    client = h.client()
    body = {"model": "m", "messages": MESSAGES, "vendor_option": {"x": 1}}
    raw = await h.run(client.byot("chat.completions.create", body=body))
    assert raw["vendor_field"] == 1 and isinstance(raw, dict)
    assert sent_json(h.server) == body
    typed = await h.run(client.byot("chat.completions.create", body=body, cast_to=Reply))
    assert isinstance(typed, Reply) and typed.id == "chatcmpl-1"


async def test_byot_streaming_into_a_caller_model(h: Harness) -> None:
    class Chunk(pydantic.BaseModel):
        id: str
        choices: list[dict[str, Any]]

    h.server.handler = reply_sse([chunk("a"), chunk("b")])
    body = {"model": "m", "messages": MESSAGES, "stream": True}
    stream = await h.run(h.client().byot("chat.completions.create", body=body, cast_to=Chunk))
    items = await h.collect(stream)
    assert [c.choices[0]["delta"]["content"] for c in items] == ["a", "b"]
    assert all(isinstance(c, Chunk) for c in items)
    plain = await h.collect(await h.run(h.client().byot("chat.completions.create", body=body)))
    assert plain[0]["choices"][0]["delta"] == {"content": "a"}


async def test_byot_unknown_operation_is_a_clear_error(h: Harness) -> None:
    with pytest.raises(oc.InvalidArgumentError, match=r"no operation named 'chat\.complete'"):
        await h.run(h.client().byot("chat.complete"))


async def test_generic_verbs_reach_routes_the_spec_lacks(h: Harness) -> None:
    h.server.handler = reply_json({"ok": True, "id": "r1", "choices": []})
    client = h.client()
    assert await h.run(client.get("/tokenize", options={"params": {"q": "1"}})) == {
        "ok": True,
        "id": "r1",
        "choices": [],
    }
    assert h.server.requests[-1].path == "/v1/tokenize?q=1"
    typed = await h.run(client.post("/tokenize", body={"text": "hi"}, cast_to=Reply))
    assert isinstance(typed, Reply)
    assert sent_json(h.server) == {"text": "hi"}
    response = await h.run(client.put("/things/1", body={"a": 1}, cast_to=httpx.Response))
    assert isinstance(response, httpx.Response) and response.status_code == 200
    assert (
        await h.run(client.patch("/things/1", body={"a": 2}, cast_to=str))
        == '{"ok": true, "id": "r1", "choices": []}'
    )
    await h.run(client.delete("/things/1", options={"headers": {"X-A": "1"}}))
    assert [(r.method, r.path) for r in h.server.requests][-4:] == [
        ("POST", "/v1/tokenize"), ("PUT", "/v1/things/1"), ("PATCH", "/v1/things/1"), ("DELETE", "/v1/things/1"),
    ]  # fmt: skip
    assert h.server.requests[-1].headers["X-A"] == "1"


async def test_generic_verbs_stream_and_raise(h: Harness) -> None:
    h.server.handler = reply_sse([{"n": 1}, {"n": 2}])
    stream = await h.run(h.client().post("/generate", body={"x": 1}, stream=True))
    assert await h.collect(stream) == [{"n": 1}, {"n": 2}]
    h.server.handler = reply_json({"error": {"message": "nope"}}, 404)
    with pytest.raises(oc.NotFoundError, match="nope"):
        await h.run(h.client().get("/missing"))
