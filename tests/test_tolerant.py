"""Tolerant response parsing: provider-shaped bodies parse, nothing is lost, deviations are recorded.

The hand-written models below mirror the OpenAPI schemas (Literal enums, required-nullable fields,
RootModel unions with a `type` discriminator, as datamodel-codegen emits them); the tests at the end
run the same fixtures through the real generated models.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import pickle
import warnings
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field, RootModel

from openai_compat._generated.openai.models.chat_completion import (
    ChatCompletion as GeneratedChatCompletion,
)
from openai_compat._generated.openai.models.chat_completion_chunk import (
    ChatCompletionChunk as GeneratedChatCompletionChunk,
)
from openai_compat._generated.openai.models.create_embedding_response import (
    CreateEmbeddingResponse,
)
from openai_compat._generated.openai.models.response import Response as GeneratedResponse
from openai_compat._runtime import BaseModel, GenericModel
from openai_compat._tolerant import (
    ResponseShapeError,
    StrictValidationError,
    ToleratedIssue,
    parse_json,
    parse_python,
    tolerated,
)

FIXTURES = Path(__file__).parent / "fixtures" / "responses"

FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "function_call"]


class FunctionCall(BaseModel):
    name: str
    arguments: str


class FunctionToolCall(BaseModel):
    id: str
    type: Literal["function"]
    function: FunctionCall


class CustomToolCallBody(BaseModel):
    name: str
    input: str


class CustomToolCall(BaseModel):
    id: str
    type: Literal["custom"]
    custom: CustomToolCallBody


class ToolCall(RootModel[FunctionToolCall | CustomToolCall]):
    root: Annotated[FunctionToolCall | CustomToolCall, Field(discriminator="type")]


class ToolCalls(RootModel[list[ToolCall]]):
    root: list[ToolCall]


class ServiceTier(RootModel[Literal["auto", "default", "flex", "scale", "priority"] | None]):
    root: Literal["auto", "default", "flex", "scale", "priority"] | None


class TokenLogprob(BaseModel):
    token: str
    logprob: float
    bytes: list[int] | None


class ChoiceLogprobs(BaseModel):
    content: list[TokenLogprob] | None
    refusal: list[TokenLogprob] | None


class Message(BaseModel):
    content: str | None
    refusal: str | None
    tool_calls: ToolCalls | None = None
    annotations: list[dict[str, Any]] | None = None
    role: Literal["assistant"]


class Choice(BaseModel):
    finish_reason: FinishReason
    index: int
    message: Message
    logprobs: ChoiceLogprobs | None


class PromptTokensDetails(BaseModel):
    audio_tokens: int | None = None
    cached_tokens: int | None = None


class Usage(BaseModel):
    completion_tokens: int
    prompt_tokens: int
    total_tokens: int
    prompt_tokens_details: PromptTokensDetails | None = None
    completion_tokens_details: dict[str, int] | None = None


class ChatCompletion(BaseModel):
    id: str
    choices: list[Choice]
    created: int
    model: str
    service_tier: ServiceTier | None = None
    system_fingerprint: str | None = None
    object: Literal["chat.completion"]
    usage: Usage | None = None


class ToolCallChunkFunction(BaseModel):
    name: str | None = None
    arguments: str | None = None


class ToolCallChunk(BaseModel):
    index: int
    id: str | None = None
    type: Literal["function"] | None = None
    function: ToolCallChunkFunction | None = None


class Delta(BaseModel):
    content: str | None = None
    tool_calls: list[ToolCallChunk] | None = None
    role: Literal["developer", "system", "user", "assistant", "tool"] | None = None
    refusal: str | None = None


class ChunkChoice(BaseModel):
    delta: Delta
    logprobs: ChoiceLogprobs | None = None
    finish_reason: FinishReason | None
    index: int


class ChatCompletionChunk(BaseModel):
    id: str
    choices: list[ChunkChoice]
    created: int
    model: str
    service_tier: ServiceTier | None = None
    system_fingerprint: str | None = None
    object: Literal["chat.completion.chunk"]
    usage: Usage | None = None


class Embedding(BaseModel):
    index: int
    embedding: list[float]
    object: Literal["embedding"]


class EmbeddingUsage(BaseModel):
    prompt_tokens: int
    total_tokens: int


class EmbeddingResponse(BaseModel):
    data: list[Embedding]
    model: str
    object: Literal["list"]
    usage: EmbeddingUsage


class OutputText(BaseModel):
    type: Literal["output_text"]
    text: str
    annotations: list[dict[str, Any]]
    logprobs: list[dict[str, Any]] | None = None


class Refusal(BaseModel):
    type: Literal["refusal"]
    refusal: str


class OutputContent(RootModel[OutputText | Refusal]):
    root: Annotated[OutputText | Refusal, Field(discriminator="type")]


class OutputMessage(BaseModel):
    id: str
    type: Literal["message"]
    role: Literal["assistant"]
    content: list[OutputContent]
    status: Literal["in_progress", "completed", "incomplete"]


class ResponseFunctionCall(BaseModel):
    type: Literal["function_call"]
    id: str | None = None
    call_id: str
    name: str
    arguments: str


class OutputItem(RootModel[OutputMessage | ResponseFunctionCall]):
    root: Annotated[OutputMessage | ResponseFunctionCall, Field(discriminator="type")]


class ResponseUsage(BaseModel):
    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_tokens_details: dict[str, int]
    output_tokens_details: dict[str, int]


class Response(BaseModel):
    id: str
    object: Literal["response"]
    created_at: int
    status: (
        Literal["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"] | None
    ) = None
    error: dict[str, Any] | None
    incomplete_details: dict[str, Any] | None
    instructions: str | list[dict[str, Any]] | None
    model: str
    output: list[OutputItem]
    parallel_tool_calls: bool
    temperature: float | None
    top_p: float | None
    tool_choice: Literal["none", "auto", "required"] | dict[str, Any]
    tools: list[dict[str, Any]]
    metadata: dict[str, str] | None
    usage: ResponseUsage | None = None


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def issues_of(instance: pydantic.BaseModel) -> list[tuple[str, str, str]]:
    return [(issue.path, issue.kind, issue.value) for issue in tolerated(instance)]


def dump(instance: pydantic.BaseModel) -> Any:
    """What the instance holds as JSON values, exactly the keys the server sent."""
    return instance.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)


def path_parts(path: str) -> list[str | int]:
    """`choices[0].finish_reason` -> ["choices", 0, "finish_reason"]."""
    parts: list[str | int] = []
    for dotted in path.split("."):
        name, *indexes = dotted.replace("]", "").split("[")
        if name:
            parts.append(int(name) if name.isdigit() else name)
        parts.extend(int(index) for index in indexes)
    return parts


def set_path(data: Any, path: str, value: object) -> None:
    *parents, last = path_parts(path)
    for part in parents:
        data = data[part]
    data[last] = value


def field_of(instance: pydantic.BaseModel, key: str) -> object:
    """The value for a JSON key: the field with that alias/name as an attribute, or model_extra."""
    for name, info in type(instance).model_fields.items():
        if key in (name, info.alias):
            with warnings.catch_warnings():  # some generated fields are marked deprecated
                warnings.simplefilter("ignore", DeprecationWarning)
                return getattr(instance, name)
    extra = instance.model_extra
    assert extra is not None and key in extra, f"{key!r} not reachable on {type(instance).__name__}"
    return extra[key]


def assert_reachable(instance: object, data: object, path: str) -> None:
    """Every key and value of `data` can be read back from `instance` through attributes."""
    while isinstance(instance, RootModel):
        instance = instance.root
    if isinstance(data, dict):
        for key, value in data.items():
            child = f"{path}.{key}" if path else key
            if isinstance(instance, pydantic.BaseModel):
                assert_reachable(field_of(instance, key), value, child)
            else:
                assert isinstance(instance, dict), path
                assert_reachable(instance[key], value, child)
    elif isinstance(data, list):
        assert isinstance(instance, (list, tuple)) and len(instance) == len(data), path
        for index, (item, value) in enumerate(zip(instance, data, strict=True)):
            assert_reachable(item, value, f"{path}[{index}]")
    else:
        assert instance == data or (
            isinstance(data, float) and math.isnan(data) and math.isnan(float(instance))  # type: ignore[arg-type]
        ), (path, instance, data)


def assert_nothing_lost(instance: pydantic.BaseModel, body: bytes) -> None:
    """The instance gives back every key and value the server sent, unchanged."""
    assert dump(instance) == json.loads(body)
    assert_reachable(instance, json.loads(body), "")


MISSING_REFUSAL = ("choices[0].message.refusal", "missing_required", "<absent>")
MISSING_LOGPROBS = ("choices[0].logprobs", "missing_required", "<absent>")

PROVIDER_CASES: list[tuple[str, type[pydantic.BaseModel], list[tuple[str, str, str]]]] = [
    ("openai_chat.json", ChatCompletion, []),
    ("azure_chat.json", ChatCompletion, []),
    ("azure_chunk_prompt_filter.json", ChatCompletionChunk, [("object", "unknown_enum", "''")]),
    (
        "vllm_chat.json",
        ChatCompletion,
        [("choices[0].finish_reason", "unknown_enum", "'abort'"), MISSING_REFUSAL],
    ),
    ("llamacpp_chat.json", ChatCompletion, [MISSING_REFUSAL, MISSING_LOGPROBS]),
    ("ollama_chat.json", ChatCompletion, [MISSING_REFUSAL, MISSING_LOGPROBS]),
    ("ollama_chunk.json", ChatCompletionChunk, []),
    (
        "deepseek_chat.json",
        ChatCompletion,
        [
            ("choices[0].finish_reason", "unknown_enum", "'insufficient_system_resource'"),
            MISSING_REFUSAL,
        ],
    ),
    (
        "groq_chat.json",
        ChatCompletion,
        [MISSING_REFUSAL, ("service_tier", "unknown_enum", "'on_demand'")],
    ),
    (
        "together_chat.json",
        ChatCompletion,
        [("choices[0].finish_reason", "unknown_enum", "'eos'"), MISSING_REFUSAL],
    ),
    ("openrouter_chat.json", ChatCompletion, []),
    ("mistral_chat.json", ChatCompletion, [MISSING_REFUSAL]),
    (
        "missing_delta_chunk.json",
        ChatCompletionChunk,
        [("choices[0].delta", "missing_required", "<absent>")],
    ),
    ("vllm_embedding.json", EmbeddingResponse, []),
    (
        "base64_embedding.json",
        EmbeddingResponse,
        [("data[0].embedding", "wrong_type", "'AACAPwAAAEAAAEBA'")],
    ),
    (
        "responses_unknown_item.json",
        Response,
        [("output[0]", "unknown_variant", "'holographic_call'")],
    ),
]


def test_every_fixture_file_has_a_case() -> None:
    assert {path.name for path in FIXTURES.glob("*.json")} == {
        name for name, _, _ in PROVIDER_CASES
    }


@pytest.mark.parametrize(
    ("name", "model", "expected"), PROVIDER_CASES, ids=[c[0] for c in PROVIDER_CASES]
)
def test_provider_bodies_parse_losslessly_with_exact_issues(
    name: str, model: type[pydantic.BaseModel], expected: list[tuple[str, str, str]]
) -> None:
    body = fixture(name)
    instance = parse_json(model, body)
    assert isinstance(instance, model)
    assert issues_of(instance) == expected
    assert_nothing_lost(instance, body)


def test_attribute_access_on_a_repaired_response_works_as_on_the_fast_path() -> None:
    completion = parse_json(ChatCompletion, fixture("vllm_chat.json"))
    assert (
        completion.choices[0].message.content
        == "The request was cancelled before the model finished"
    )
    assert completion.choices[0].finish_reason == "abort"
    assert completion.choices[0].message.refusal is None
    assert completion.choices[0].stop_reason == 128009  # type: ignore[attr-defined]
    assert completion.prompt_logprobs is None  # type: ignore[attr-defined]
    assert completion.choices[0].message.tool_calls == ToolCalls([])
    assert completion.usage is not None and completion.usage.total_tokens == 51
    # The server did not send `refusal`: it stays out of the fields set, so out of to_dict().
    assert "refusal" not in completion.choices[0].message.model_fields_set
    assert "refusal" not in completion.choices[0].message.to_dict()


def test_provider_extras_are_attributes_and_model_extra() -> None:
    groq = parse_json(ChatCompletion, fixture("groq_chat.json"))
    assert groq.x_groq == {"id": "req_01jbd6g2qdfw2adyrt2az8hz4w"}  # type: ignore[attr-defined]
    assert groq.usage is not None and groq.usage.model_extra == {
        "queue_time": 0.037493756,
        "prompt_time": 0.000680594,
        "completion_time": 0.04,
        "total_time": 0.040680594,
    }
    assert isinstance(groq.service_tier, ServiceTier) and groq.service_tier.root == "on_demand"
    deepseek = parse_json(ChatCompletion, fixture("deepseek_chat.json"))
    message = deepseek.choices[0].message
    assert message.reasoning_content.startswith("The user asks")  # type: ignore[attr-defined]
    assert message.reasoning.startswith("The user asks")  # type: ignore[attr-defined]
    assert deepseek.usage is not None and deepseek.usage.prompt_cache_miss_tokens == 13  # type: ignore[attr-defined]


def test_valid_bodies_take_the_fast_path_and_carry_no_record() -> None:
    completion = parse_json(ChatCompletion, fixture("openrouter_chat.json"))
    assert completion.__pydantic_private__ is None
    assert tolerated(completion) == []
    assert completion.provider == "Anthropic"  # type: ignore[attr-defined]
    assert completion == ChatCompletion.model_validate_json(fixture("openrouter_chat.json"))


def test_missing_delta_reads_as_an_empty_delta_that_stays_unset() -> None:
    chunk = parse_json(ChatCompletionChunk, fixture("missing_delta_chunk.json"))
    delta = chunk.choices[0].delta
    assert isinstance(delta, Delta)
    assert delta.content is None and delta.tool_calls is None
    assert "delta" not in chunk.choices[0].model_fields_set
    assert tolerated(chunk)[0].detail == "required by ChunkChoice; read as an empty Delta"


def test_empty_choices_list_is_valid() -> None:
    chunk = parse_json(ChatCompletionChunk, fixture("azure_chunk_prompt_filter.json"))
    assert chunk.choices == []
    assert chunk.prompt_filter_results[0]["prompt_index"] == 0  # type: ignore[attr-defined]


COMPLETION = json.loads(fixture("openai_chat.json"))


def with_changes(**changes: object) -> dict[str, Any]:
    body = copy.deepcopy(COMPLETION)
    for path, value in changes.items():
        set_path(body, path.replace("__", "."), value)
    return body


def test_unknown_discriminator_tag_becomes_a_generic_model_with_every_field() -> None:
    call = {
        "id": "call_9",
        "type": "web_fetch",
        "web_fetch": {"url": "https://example.invalid"},
        "n": 2**70,
    }
    body = with_changes(choices__0__message__tool_calls=[call])
    completion = parse_python(ChatCompletion, body)
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    item = calls.root[0].root
    assert type(item) is GenericModel
    assert item.to_dict() == call
    assert item.web_fetch == {"url": "https://example.invalid"}  # type: ignore[attr-defined]
    [issue] = tolerated(completion)
    assert issue == ToleratedIssue(
        "choices[0].message.tool_calls[0]",
        "unknown_variant",
        "'web_fetch'",
        "type='web_fetch' is none of 'custom', 'function'; every field kept in a GenericModel",
    )


def test_a_missing_tag_picks_the_variant_that_fits_best() -> None:
    call = {"id": "call_1", "function": {"name": "get_weather", "arguments": "{}"}}
    completion = parse_python(ChatCompletion, with_changes(choices__0__message__tool_calls=[call]))
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    item = calls.root[0].root
    assert isinstance(item, FunctionToolCall)
    assert item.function.name == "get_weather"
    assert issues_of(completion) == [
        ("choices[0].message.tool_calls[0].type", "missing_required", "<absent>")
    ]


def test_known_tag_with_bad_content_is_repaired_as_that_variant() -> None:
    content = [{"type": "output_text", "text": 7, "annotations": []}]
    body = json.loads(fixture("responses_unknown_item.json"))
    body["output"][1]["content"] = content
    response = parse_python(Response, body)
    text = response.output[1].root
    assert isinstance(text, OutputMessage)
    assert isinstance(text.content[0].root, OutputText)
    assert text.content[0].root.text == 7
    assert ("output[1].content[0].text", "wrong_type", "7") in issues_of(response)


@pytest.mark.parametrize("big", [2**64, 2**64 + 1, -(2**70), 10**40])
def test_integers_beyond_64_bits_survive_both_paths(big: int) -> None:
    fast = parse_json(ChatCompletion, json.dumps(with_changes(created=big, seed=big)))
    assert tolerated(fast) == []
    assert fast.created == big and fast.seed == big  # type: ignore[attr-defined]
    slow = parse_json(
        ChatCompletion, json.dumps(with_changes(created=big, id=big, choices__0__x=big))
    )
    assert [(issue.path, issue.kind) for issue in tolerated(slow)] == [("id", "wrong_type")]
    assert slow.id == big and slow.created == big
    assert slow.choices[0].x == big  # type: ignore[attr-defined]
    assert dump(slow)["id"] == big


def test_null_for_non_null_is_kept_as_none_and_recorded() -> None:
    completion = parse_python(ChatCompletion, with_changes(created=None, choices__0__index=None))
    assert completion.created is None
    assert completion.choices[0].index is None
    assert issues_of(completion) == [
        ("choices[0].index", "null_for_non_null", "None"),
        ("created", "null_for_non_null", "None"),
    ]
    assert dump(completion)["created"] is None


def test_wrong_types_are_kept_as_sent() -> None:
    completion = parse_python(
        ChatCompletion, with_changes(created="yesterday", usage=[1, 2], model=3.5)
    )
    assert (completion.created, completion.usage, completion.model) == ("yesterday", [1, 2], 3.5)
    assert issues_of(completion) == [
        ("created", "wrong_type", "'yesterday'"),
        ("model", "wrong_type", "3.5"),
        ("usage", "wrong_type", "[1, 2]"),
    ]


def test_lax_coercions_pydantic_accepts_are_not_issues() -> None:
    completion = parse_python(ChatCompletion, with_changes(created="1741569952"))
    assert completion.created == 1741569952
    assert tolerated(completion) == []


def test_missing_required_fields_read_as_none() -> None:
    body = with_changes()
    for key in ("id", "created", "object", "model"):
        del body[key]
    completion = parse_python(ChatCompletion, body, context="POST /chat/completions")
    assert (completion.id, completion.created, completion.object, completion.model) == (None,) * 4
    assert [issue.path for issue in tolerated(completion)] == ["id", "created", "model", "object"]
    assert {issue.kind for issue in tolerated(completion)} == {"missing_required"}
    assert completion.model_fields_set == {"choices", "service_tier", "system_fingerprint", "usage"}


@pytest.mark.parametrize("sent", ["eos", "eos_token", ""])
def test_a_finish_reason_the_spec_lacks_is_kept_as_sent_in_a_completion(sent: str) -> None:
    # llama.cpp's "eos", other servers' "eos_token" and "": openai-python keeps each as sent.
    completion = parse_python(ChatCompletion, with_changes(choices__0__finish_reason=sent))
    assert completion.choices[0].finish_reason == sent
    [issue] = tolerated(completion)
    assert (issue.path, issue.kind, issue.value) == (
        "choices[0].finish_reason",
        "unknown_enum",
        repr(sent),
    )
    assert issue.detail.endswith("kept as sent"), issue.detail
    assert completion.to_dict()["choices"][0]["finish_reason"] == sent


def test_an_empty_finish_reason_in_a_chunk_is_kept_as_sent() -> None:
    chunk = json.loads(fixture("ollama_chunk.json"))
    chunk["choices"][0]["finish_reason"] = ""
    parsed = parse_python(ChatCompletionChunk, chunk)
    assert parsed.choices[0].finish_reason == ""
    assert issues_of(parsed) == [("choices[0].finish_reason", "unknown_enum", "''")]


@pytest.mark.parametrize(
    ("body", "start"),
    [
        (b"<html><body>502 Bad Gateway</body></html>", "<html><body>502 Bad Gateway</body></html>"),
        (b"", ""),
        (b'{"id": "chatcmpl-1", "choices": [', '{"id": "chatcmpl-1", "choices": ['),
        (b"\xff\xfe not utf-8", "\ufffd\ufffd not utf-8"),
        ("x" * 500, "x" * 200),
    ],
)
def test_a_body_that_is_not_json_raises_response_shape_error(body: bytes | str, start: str) -> None:
    with pytest.raises(ResponseShapeError) as caught:
        parse_json(ChatCompletion, body, context="POST /chat/completions")
    assert caught.value.body_start == start
    assert caught.value.message.startswith(
        "POST /chat/completions: the response body is not valid JSON"
    )
    assert "expected a JSON object for ChatCompletion" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "got"),
    [
        (b"[]", "a JSON array"),
        (b"null", "null"),
        (b'"ok"', "a JSON string"),
        (b"42", "a JSON number"),
    ],
)
def test_json_of_the_wrong_kind_raises_response_shape_error(body: bytes, got: str) -> None:
    with pytest.raises(ResponseShapeError) as caught:
        parse_json(ChatCompletion, body)
    assert (
        str(caught.value) == f"ChatCompletion: expected a JSON object for ChatCompletion, got {got}"
    )
    assert caught.value.body_start == body.decode()


def test_root_model_bodies_are_repaired_and_kind_checked() -> None:
    calls = parse_json(
        ToolCalls, b'[{"id": "a", "type": "web", "q": 1}, {"id": "b", "type": "custom"}]'
    )
    assert type(calls.root[0].root) is GenericModel
    assert isinstance(calls.root[1].root, CustomToolCall)
    assert issues_of(calls) == [
        ("[0]", "unknown_variant", "'web'"),
        ("[1].custom", "missing_required", "<absent>"),
    ]
    with pytest.raises(
        ResponseShapeError, match="expected a JSON array for ToolCalls, got a JSON object"
    ):
        parse_json(ToolCalls, b"{}")


class Window(BaseModel):
    start: int
    end: int

    @pydantic.model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise ValueError("end before start")
        return self


def test_a_failure_no_repair_rule_explains_is_still_recorded() -> None:
    window = parse_json(Window, b'{"start": 5, "end": 1}')
    assert (window.start, window.end) == (5, 1)
    [issue] = tolerated(window)
    assert (issue.path, issue.kind) == ("", "wrong_type")
    assert "end before start" in issue.detail
    with pytest.raises(StrictValidationError, match="end before start"):
        parse_json(Window, b'{"start": 5, "end": 1}', strict=True)


def test_parse_python_checks_the_kind_too() -> None:
    with pytest.raises(
        ResponseShapeError, match="expected a JSON object for Window, got a JSON array"
    ):
        parse_python(Window, [1, 2], context="chunk")
    assert parse_python(Window, {"start": 1, "end": 2}) == Window(start=1, end=2)


def test_strict_mode_raises_with_every_issue() -> None:
    with pytest.raises(StrictValidationError) as caught:
        parse_json(
            ChatCompletion, fixture("vllm_chat.json"), strict=True, context="POST /chat/completions"
        )
    assert [(issue.path, issue.kind) for issue in caught.value.issues] == [
        ("choices[0].finish_reason", "unknown_enum"),
        ("choices[0].message.refusal", "missing_required"),
    ]
    assert "POST /chat/completions: the response does not match ChatCompletion" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert parse_json(ChatCompletion, fixture("openai_chat.json"), strict=True).id.startswith(
        "chatcmpl-"
    )


def test_the_record_survives_copies_and_stays_out_of_repr_and_dumps() -> None:
    body = fixture("together_chat.json")
    completion = parse_json(ChatCompletion, body)
    expected = tolerated(completion)
    assert len(expected) == 2
    for duplicate in (
        copy.copy(completion),
        copy.deepcopy(completion),
        completion.model_copy(),
        pickle.loads(pickle.dumps(completion)),
    ):
        assert tolerated(duplicate) == expected
        assert duplicate == completion
    assert completion == parse_json(ChatCompletion, body)
    assert "tolerated" not in repr(completion)
    assert "_openai_compat" not in completion.to_json()
    constructed = ChatCompletion.model_construct(**dict(completion))
    assert repr(constructed) == repr(completion)


def test_issues_are_logged_at_debug_without_the_body(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_compat")
    parse_json(ChatCompletion, fixture("deepseek_chat.json"), context="POST /chat/completions")
    messages = [record.getMessage() for record in caplog.records if record.name == "openai_compat"]
    assert messages == [
        "POST /chat/completions: tolerated choices[0].finish_reason: unknown_enum, got "
        "'insufficient_system_resource' (not one of ['stop', 'length', 'tool_calls', "
        "'content_filter', ...]; kept as sent)",
        "POST /chat/completions: tolerated choices[0].message.refusal: missing_required, got <absent> "
        "(required by Message; read as None)",
    ]
    assert not any("9.11 vs 9.9" in message for message in messages)


def test_long_values_are_truncated_in_the_record() -> None:
    completion = parse_python(ChatCompletion, with_changes(created="x" * 10_000))
    [issue] = tolerated(completion)
    assert len(issue.value) <= 80
    assert completion.created == "x" * 10_000


def test_chunks_from_a_stream_go_through_the_same_function() -> None:
    chunk = parse_json(ChatCompletionChunk, fixture("ollama_chunk.json"))
    assert chunk.choices[0].delta.content == "Why"
    repaired = parse_python(
        ChatCompletionChunk, json.loads(fixture("azure_chunk_prompt_filter.json"))
    )
    assert repaired.object == ""


# -- Arbitrary input never escapes as anything but ResponseShapeError ------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(
        ["stop", "eos", "", "function", "custom", "message", "output_text", "chat.completion"]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "type", "choices", "message", "content", "delta", "index", "x", "root"]
            )
            | st.text(max_size=6),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)
MODELS: list[type[pydantic.BaseModel]] = [
    ChatCompletion,
    ChatCompletionChunk,
    EmbeddingResponse,
    Response,
    ToolCalls,
]
BASES = [json.loads(fixture(name)) for name, _, _ in PROVIDER_CASES]


def paths_in(data: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(paths_in(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(paths_in(value, (*prefix, index)))
    return found


def check_never_raises_else(
    model: type[pydantic.BaseModel], body: str | bytes, strict: bool
) -> None:
    try:
        instance = parse_json(model, body, strict=strict)
    except ResponseShapeError:
        return
    assert isinstance(instance, model)
    dump(instance)  # serialising what was kept must work too
    instance.model_dump_json(warnings=False)
    if strict:
        assert tolerated(instance) == []


@given(value=json_values, model=st.sampled_from(MODELS), strict=st.booleans())
@settings(max_examples=300, deadline=None)
def test_arbitrary_json_never_raises_anything_but_response_shape_error(
    value: object, model: type[pydantic.BaseModel], strict: bool
) -> None:
    check_never_raises_else(model, json.dumps(value), strict)


@given(data=st.data(), strict=st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_provider_bodies_never_raise_anything_but_response_shape_error(
    data: st.DataObject, strict: bool
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(BASES) - 1))
    body = mutate(data, copy.deepcopy(BASES[index]))
    check_never_raises_else(PROVIDER_CASES[index][1], json.dumps(body).encode(), strict)


def mutate(data: st.DataObject, body: Any) -> Any:
    """Replace or delete one to three subtrees of a provider body with arbitrary JSON."""
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        paths = paths_in(body)[1:]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        holder: Any = body
        for part in path[:-1]:
            holder = holder[part]
        if isinstance(holder, dict) and data.draw(st.booleans()):
            del holder[path[-1]]
        else:
            holder[path[-1]] = data.draw(json_values)
    return body


def test_deeply_nested_json_is_a_response_shape_error_not_a_recursion_error() -> None:
    with pytest.raises(ResponseShapeError, match="not valid JSON"):
        parse_json(ChatCompletion, b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}")


# -- The real generated models ---------------------------------------------------------------

GENERATED_MODEL = {
    ChatCompletion: GeneratedChatCompletion,
    ChatCompletionChunk: GeneratedChatCompletionChunk,
    EmbeddingResponse: CreateEmbeddingResponse,
    Response: GeneratedResponse,
}
# Where the pinned spec is stricter than the hand-written models above.
GENERATED_EXTRA_ISSUES = {
    # The spec's ResponseUsage requires input_tokens_details.cache_write_tokens, which
    # responses created before it existed do not carry.
    "responses_unknown_item.json": [
        ("usage.input_tokens_details.cache_write_tokens", "missing_required", "<absent>")
    ],
}


# Issues the hand-written models record that the generated ones do not: the generator widens
# Embedding.embedding to accept base64 (codegen/normalize.py KNOWN_WIDENINGS).
GENERATED_RESOLVED_ISSUES = {
    "base64_embedding.json": [("data[0].embedding", "wrong_type", "'AACAPwAAAEAAAEBA'")],
}


def stream_finish_reason_is_nullable() -> bool:
    choice = GeneratedChatCompletionChunk.model_fields["choices"].annotation
    choice_model = choice.__args__[0]  # type: ignore[union-attr]
    try:
        choice_model.model_validate({"delta": {}, "finish_reason": None, "index": 0})
    except pydantic.ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("name", "model", "expected"), PROVIDER_CASES, ids=[c[0] for c in PROVIDER_CASES]
)
def test_provider_bodies_through_the_generated_models(
    name: str, model: type[pydantic.BaseModel], expected: list[tuple[str, str, str]]
) -> None:
    generated = GENERATED_MODEL[model]
    body = fixture(name)
    instance = parse_json(generated, body)
    assert isinstance(instance, generated)
    resolved = GENERATED_RESOLVED_ISSUES.get(name, [])
    wanted = [i for i in expected + GENERATED_EXTRA_ISSUES.get(name, []) if i not in resolved]
    assert sorted(issues_of(instance)) == sorted(wanted)
    assert_nothing_lost(instance, body)


def test_generated_stream_finish_reason_accepts_null() -> None:
    # The spec marks it `nullable: true` beside `enum`; if the generator dropped that, every
    # chunk before the last would take the slow path.
    assert stream_finish_reason_is_nullable()


def test_generated_chat_completion_attribute_access_after_repair() -> None:
    completion = parse_json(GeneratedChatCompletion, fixture("mistral_chat.json"))
    message = completion.choices[0].message
    assert message.content == ""
    assert message.refusal is None
    assert message.prefix is False  # type: ignore[attr-defined]
    assert message.tool_calls is not None
    call = message.tool_calls[0]
    assert call.function.name == "get_weather"  # type: ignore[union-attr]
    assert call.index == 0  # type: ignore[union-attr]


def test_generated_response_keeps_an_unknown_output_item() -> None:
    response = parse_json(GeneratedResponse, fixture("responses_unknown_item.json"))
    unknown = response.output[0]
    assert type(unknown) is GenericModel
    assert unknown.frames == [{"t": 0, "payload": "AAEC"}]  # type: ignore[attr-defined]
    message = response.output[1]
    assert message.content[0].text.startswith("In a peaceful grove")  # type: ignore[union-attr]


GENERATED_MODELS = list(GENERATED_MODEL.values())


@given(value=json_values, model=st.sampled_from(GENERATED_MODELS), strict=st.booleans())
@settings(max_examples=200, deadline=None)
def test_arbitrary_json_into_generated_models_never_raises_anything_else(
    value: object, model: type[pydantic.BaseModel], strict: bool
) -> None:
    check_never_raises_else(model, json.dumps(value), strict)


@given(data=st.data(), strict=st.booleans())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_bodies_into_generated_models_never_raise_anything_else(
    data: st.DataObject, strict: bool
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(BASES) - 1))
    body = mutate(data, copy.deepcopy(BASES[index]))
    check_never_raises_else(GENERATED_MODEL[PROVIDER_CASES[index][1]], json.dumps(body), strict)
