"""Every example in the pinned specs parses into its operation's generated models.

OpenAI: each operation's `x-oaiMeta.examples` (one object or a list) holds `request.curl` (and
other languages) and `response` (a string). Responses that are JSON are parsed with the tolerant
parser in strict mode into the operation's response model; SSE transcripts and JSON chunk lines
into its stream event model; a `-d '{...}'` curl body validates into the request model and dumps
back to the same JSON. Azure: the inline `example` of request and response bodies, and of
schema properties and parameters, likewise.

Where the spec's own example contradicts its own schema, the contradiction is listed below by
the schema field (or example) it concerns, with the reason; anything not listed fails, and a
listing no example needs any more fails too, so the tables stay exact.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pydantic
import pytest

from openai_compat._generated.azure.operations import load_operations as azure_operations
from openai_compat._generated.openai.operations import load_operations as openai_operations
from openai_compat._request import resolve_model
from openai_compat._runtime import Operation
from openai_compat._sse import SSEDecoder
from openai_compat._tolerant import StrictValidationError, ToleratedIssue, parse_json, parse_python

OPENAI_OPS = {op.operation_id: op for op in openai_operations()}
_CURL_JSON = re.compile(r"(?:^|\s)(?:-d|--data|--data-raw)\s+'(.*?)'\s*(?:\\\n|$)", re.S)


@dataclass(frozen=True)
class Example:
    operation_id: str
    index: int
    curl: str | None
    response: str | None

    @property
    def name(self) -> str:
        return f"{self.operation_id}#{self.index}"


def openai_examples(document: dict[str, Any]) -> list[Example]:
    found = []
    for item in document["paths"].values():
        for raw in item.values():
            if not isinstance(raw, dict) or "operationId" not in raw:
                continue
            examples = (raw.get("x-oaiMeta") or {}).get("examples") or []
            for index, ex in enumerate(examples if isinstance(examples, list) else [examples]):
                request = ex.get("request") if isinstance(ex.get("request"), dict) else {}
                response = ex.get("response")
                found.append(
                    Example(
                        raw["operationId"],
                        index,
                        request.get("curl"),
                        response if isinstance(response, str) else None,
                    )
                )
    return found


@pytest.fixture(scope="module")
def examples(openai_document: dict[str, Any]) -> list[Example]:
    return openai_examples(openai_document)


# -- response examples: how each is written --------------------------------------------------


_ELLIPSIS_LINE = re.compile(r"^\s*\.{3,}.*$", re.M)  # "...." / ".... (1536 floats total)"
_ELLIPSIS_ITEM = re.compile(r"\{\s*\.\.\.\s*\}\s*,?")  # `{ ... },` standing for more items
_ELLIPSIS_VALUE = re.compile(r'"\w+":\s*\{\.\.\.\},?')  # `"key": {...},`: the key is dropped
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_BARE_KEY = re.compile(r"^(\s*)([A-Za-z_]\w*):", re.M)


def _json_lines(text: str) -> list[Any] | None:
    """Several JSON values one after another (a stream's chunks written out, with `....` for
    the ones left out), else None."""
    decoder, values, pos = json.JSONDecoder(), [], 0
    text = _ELLIPSIS_LINE.sub("", text).strip()
    while pos < len(text):
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return None
        values.append(value)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return values if len(values) > 1 else None


def _repaired_json(text: str) -> Any:
    """JSON from a hand-written "JSON-ish" example: `...` placeholders, trailing commas, bare
    keys, Python's None. None when that is not enough."""
    fixed = _ELLIPSIS_ITEM.sub("", _ELLIPSIS_VALUE.sub("", _ELLIPSIS_LINE.sub("", text)))
    fixed = _BARE_KEY.sub(r'\1"\2":', fixed).replace(": None", ": null")
    fixed = _TRAILING_COMMA.sub(r"\1", fixed)
    try:
        return json.loads(fixed)
    except ValueError:
        return None


def classify(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return "empty"
    try:
        json.loads(text)
        return "json"
    except ValueError:
        pass
    if stripped.startswith(("event:", "data:")):
        return "sse"
    if _json_lines(text) is not None:
        return "json-lines"
    if _repaired_json(text) is not None:
        return "json-ish"
    return "not-json"


# Responses that are not JSON and say so: (operation, example) -> what they are.
NOT_JSON = {
    "RetrieveContainerFileContent#0": "'<binary content of the file>' placeholder for a download",
    "create-realtime-call#0": "an SDP answer (application/sdp)",
    "createCompletion#1": 'JSON with a missing comma after "model"',
    "createEval#0": 'JSON with a missing comma before "metadata"',
}


def test_example_counts(examples: list[Example]) -> None:
    """Counted so that a change in how examples are found cannot go unnoticed."""
    responses = [e for e in examples if e.response is not None]
    kinds = Counter(classify(e.response) for e in responses if e.response is not None)
    assert len(examples) == 314
    assert sum(1 for e in examples if e.curl) == 310
    assert sum(1 for e in examples if e.curl and _CURL_JSON.search(e.curl)) == 128
    assert len(responses) == 297
    assert kinds["json"] == 244
    assert len(responses) - kinds["json"] == 53
    assert (
        dict(kinds)
        == {
            "json": 244,
            "json-ish": 34,  # JSON with `...`, trailing commas, bare keys: repaired, then parsed
            "sse": 10,
            "json-lines": 1,
            "empty": 4,
            "not-json": 4,
        }
        | {}
    )


def test_not_json_examples_are_the_listed_ones(examples: list[Example]) -> None:
    found = {e.name for e in examples if e.response and classify(e.response) == "not-json"}
    assert found == set(NOT_JSON)


# -- contradictions between the spec's examples and its schemas --------------------------------

# Required fields the spec's examples leave out (the examples are abridged or predate the field):
# schema class -> fields.
OMITTED_REQUIRED: dict[str, set[str]] = {
    "AdminAPIKey": {"expires_at"},
    "RoleListResponse": {"assignment_sources"},
    "BetaResponseOutputText": {"logprobs"},
    "BetaResponseUsage": {"input_tokens_details"},
    "BetaResponseFunctionWebSearch": {"action"},
    "ChatCompletionMessage": {"refusal"},
    "ChatSession": {"chatkit_configuration", "client_secret", "expires_at", "id", "object", "rate_limits", "user"},
    "ChatKitWorkflow": {"state_variables", "tracing"},
    "CreateChatCompletionResponseChoicesItemLogprobs": {"refusal"},
    "Moderation": {"category_applied_input_types"},
    "Categories": {"illicit", "illicit/violent"},
    "CategoryScores": {"illicit", "illicit/violent"},
    "ChatCompletionStoreMessage": {"refusal"},  # a chat completion message list item
    "FineTuningJob": {"error", "finished_at", "hyperparameters", "seed", "trained_tokens"},
    "Error": {"code", "message", "param"},
    "Group": {"group_type"},
    "Invite": {"projects"},
    "Message": {"attachments", "completed_at", "incomplete_at", "incomplete_details", "status"},
    "OutputTextContent": {"logprobs"},
    "ProjectGroup": {"group_type"},
    "ResponseUsage": {"input_tokens_details"},
    "Run": {"incomplete_details", "max_completion_tokens", "max_prompt_tokens", "required_action", "truncation_strategy"},
    "ThreadItemListResource": {"first_id", "last_id"},
    "ThreadListResource": {"first_id", "last_id"},
    "ChatKitThread": {"created_at", "status", "user"},
    "VectorStoreFile": {"last_error", "status", "usage_bytes"},
    "VectorStore": {"file_counts", "last_active_at", "metadata", "name", "status", "usage_bytes"},
    "VideoListResource": {"first_id", "has_more", "last_id"},
    "Video": {"completed_at", "created_at", "error", "expires_at", "progress", "prompt", "remixed_from_video_id", "seconds", "size"},
    "ResponseFunctionWebSearch": {"action"},
    "FileObject": {"status"},
    "RunStep": {"metadata", "expired_at"},
    "Thread": {"tool_resources"},
    # The example shows a file's parsed content (file_id, filename, content), not the page of
    # content parts the schema describes.
    "VectorStoreFileContentResponse": {"data", "has_more", "next_page", "object"},
    # Image stream events written before the schema grew these fields.
    "ImageEditPartialImageEvent": {"background", "created_at", "output_format", "quality", "size"},
    "ImageGenPartialImageEvent": {"background", "created_at", "output_format", "quality", "size"},
    # Responses stream events written before `sequence_number` (and text `logprobs`).
    **{
        f"{beta}Response{event}Event": {"sequence_number"} | ({"logprobs"} if "Text" in event else set())
        for beta in ("", "Beta")
        for event in ("ContentPartAdded", "ContentPartDone", "Created", "InProgress",
                      "OutputItemAdded", "OutputItemDone", "TextDelta", "TextDone")
    },
}  # fmt: skip

# Other contradictions: (response model, field path without indices, issue kind) -> why.
CONTRADICTIONS: dict[tuple[str, str, str], str] = {
    ("RunCreateResponse", "error", "null_for_non_null"): "example has null; schema: EvalApiError, not nullable",
    ("RunCreateResponse", "per_model_usage", "null_for_non_null"): "example has null; schema: array",
    ("RunCreateResponse", "per_testing_criteria_results", "null_for_non_null"): "example has null; schema: array",
    # evals.runs.retrieve returns the same schema under openai-python's per-use name
    ("RunRetrieveResponse", "error", "null_for_non_null"): "as RunCreateResponse.error",
    ("RunRetrieveResponse", "per_model_usage", "null_for_non_null"): "as RunCreateResponse",
    ("RunRetrieveResponse", "per_testing_criteria_results", "null_for_non_null"): "as RunCreateResponse",
    ("EvalRunList", "data[].error", "null_for_non_null"): "as EvalRun.error",
    ("OutputItemRetrieveResponse", "sample.error", "null_for_non_null"): "example has null; schema: EvalApiError",
    ("EvalRunOutputItemList", "data[].sample.error", "null_for_non_null"): "as EvalRunOutputItem",
    ("FineTuningJob", "error.code", "null_for_non_null"): "example: error {code: null...}; schema: error object or null",
    ("FineTuningJob", "error.message", "null_for_non_null"): "as error.code",
    ("FineTuningJob", "hyperparameters", "null_for_non_null"): "example has null; schema: object",
    ("FineTuningJob", "status", "unknown_enum"): "example 'paused'; the status enum lacks it",
    ("Run", "instructions", "null_for_non_null"): "example has null; schema: string",
    ("ListRunsResponse", "data[].instructions", "null_for_non_null"): "as RunObject.instructions",
    ("AssistantStreamEvent", "data.instructions", "null_for_non_null"): "as RunObject.instructions",
    ("VectorStoreFileBatch", "object", "unknown_enum"): "example 'vector_store.file_batch'; schema: 'vector_store.files_batch'",
    ("TranscriptionSession", "client_secret", "null_for_non_null"): "example has null; schema: object",
    ("ChatCompletionMessageList", "data[].role", "unknown_enum"): "example has a user message; schema: role 'assistant' only",
    ("ThreadItemListResource", "data[]", "unknown_variant"): "example tags 'user_message'; schema: 'chatkit.user_message'",
    ("GraderRunResponse", "metadata.token_usage", "wrong_type"): "example: usage object; schema: integer or null",
    ("VectorStoreSearchResultsPage", "search_query", "wrong_type"): "example: a string; schema: array of strings",
}  # fmt: skip


def _unexplained(model: str, issues: tuple[ToleratedIssue, ...], used: set[Any]) -> list[str]:
    left = []
    for issue in issues:
        path = re.sub(r"\[\d+\]", "[]", issue.path)
        if issue.kind == "missing_required":
            owner = re.search(r"required by (\w+)", issue.detail)
            field = path.rsplit(".", 1)[-1]
            if owner and field in OMITTED_REQUIRED.get(owner.group(1), ()):
                used.add((owner.group(1), field))
                continue
        elif (model, path, issue.kind) in CONTRADICTIONS:
            used.add((model, path, issue.kind))
            continue
        left.append(str(issue))
    return left


def parse_strict(ref: str, body: Any, used: set[Any]) -> list[str]:
    """Problems parsing `body` (text or values) into the model `ref` that no table explains."""
    model = resolve_model("openai", ref)
    try:
        if isinstance(body, str):
            parse_json(model, body, strict=True)
        else:
            parse_python(model, body, strict=True)
    except StrictValidationError as exc:
        return _unexplained(model.__name__, exc.issues, used)
    return []


# -- response examples ---------------------------------------------------------------------


def _sse_payloads(text: str) -> list[tuple[str, str]]:
    decoder = SSEDecoder()
    events = decoder.feed(text.encode()) + decoder.close()
    return [(e.event, e.data) for e in events if e.data != "[DONE]"]


# SSE examples whose run events' data end with one `}` too many (parsed without it).
EXTRA_BRACE = {"createThreadAndRun#2", "createRun#1", "createRun#2", "submitToolOuputsToRun#1"}


def _response_failures(example: Example, used: set[Any], tally: Counter[str]) -> list[str]:
    op = OPENAI_OPS[example.operation_id]
    text = example.response or ""
    kind = classify(text)
    if kind in ("empty", "not-json"):
        return []
    if kind in ("json", "json-ish"):
        if op.response_model is None:
            tally["json without a response model"] += 1
            return []  # see test_json_examples_without_a_model
        body = text if kind == "json" else _repaired_json(text)
        tally[kind] += 1
        return parse_strict(op.response_model, body, used)
    assert op.stream_event_model, f"{example.name}: a stream example, no stream event model"
    problems: list[str] = []
    if kind == "json-lines":
        chunks: list[Any] = _json_lines(text) or []
        for chunk in chunks:
            problems += parse_strict(op.stream_event_model, chunk, used)
    else:
        for event, data in _sse_payloads(text):
            value, end = json.JSONDecoder().raw_decode(data)
            if data[end:].strip():
                assert example.name in EXTRA_BRACE and data[end:].strip() == "}", example.name
                tally["events with an extra brace"] += 1
            body = {"event": event, "data": value} if op.stream_envelope else value
            problems += parse_strict(op.stream_event_model, body, used)
            tally["stream events"] += 1
    tally[kind] += 1
    return problems


def test_response_examples_parse_strictly_into_their_models(examples: list[Example]) -> None:
    used: set[Any] = set()
    tally: Counter[str] = Counter()
    failures = {}
    for example in examples:
        if example.response is not None:
            problems = _response_failures(example, used, tally)
            if problems:
                failures[example.name] = problems[:3]
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
    # Every example of every kind was parsed (the counts of test_example_counts), and the
    # exception tables have no entry that no example needs.
    assert tally == Counter(
        {"json": 240, "json without a response model": 4, "json-ish": 34, "sse": 10,
         "json-lines": 1, "stream events": 115, "events with an extra brace": 15}
    )  # fmt: skip
    listed = {(c, f) for c, fields in OMITTED_REQUIRED.items() for f in fields} | set(
        CONTRADICTIONS
    )
    assert listed - used == set()


def test_json_examples_without_a_model(examples: list[Example]) -> None:
    """The spec's delete operations show a JSON body but declare no content for it."""
    without = sorted(
        e.name
        for e in examples
        if e.response
        and classify(e.response) == "json"
        and OPENAI_OPS[e.operation_id].response_model is None
    )
    assert without == [
        "DeleteContainer#0",
        "DeleteContainerFile#0",
        "beta_deleteResponse#0",
        "deleteResponse#0",
    ]


# -- request examples ----------------------------------------------------------------------

# curl bodies that are not valid JSON, or contradict the request schema: example -> why.
BAD_REQUEST_EXAMPLES = {
    "createEvalRun#0": "not JSON: a missing comma",
    "createFineTuningJob#5": 'not JSON: a missing comma after "name"',
    "accept-realtime-call#0": "not JSON: a trailing comma",
    "createThread#0": "`-d ''`: an empty body",
    "searchVectorStore#0": "not JSON: a `{...}` placeholder",
    "create-realtime-session#0": "omits client_secret, which the request schema requires",
    "createResponse#1": "input_image without `detail`, which the schema requires",
    "beta_createResponse#1": "as createResponse#1",
    "createResponse#6": "function tool without `strict`, which the schema requires",
    "beta_createResponse#6": "as createResponse#6",
    "createVectorStoreFileBatch#0": "flat static chunking_strategy; schema nests it under `static`",
    "CreateChatSessionMethod#0": "omits `user`; expires_after given as a number, schema: object",
}


def test_curl_bodies_validate_into_request_models_and_round_trip(examples: list[Example]) -> None:
    checked, failures, seen_bad = 0, {}, set()
    for example in examples:
        match = _CURL_JSON.search(example.curl or "")
        if not match:
            continue
        op = OPENAI_OPS[example.operation_id]
        assert op.request_model, f"{example.name}: a JSON body but no request model"
        problem = _request_problem(op, match.group(1))
        if example.name in BAD_REQUEST_EXAMPLES:
            assert problem, (
                f"{example.name} is listed as bad but validates: remove it from the list"
            )
            seen_bad.add(example.name)
        elif problem:
            failures[example.name] = problem
        else:
            checked += 1
    assert failures == {}
    assert seen_bad == set(BAD_REQUEST_EXAMPLES)
    assert checked == 128 - len(BAD_REQUEST_EXAMPLES) == 116


def _request_problem(op: Operation, text: str) -> str | None:
    try:
        body = json.loads(text)
    except ValueError as exc:
        return f"not JSON: {exc}"
    model = resolve_model(op.spec, op.request_model or "")
    try:
        instance = model.model_validate(body)
    except pydantic.ValidationError as exc:
        return str(exc).splitlines()[0]
    back = instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return None if back == body else f"dumps back differently: {json.dumps(back)[:200]}"


# -- Azure ------------------------------------------------------------------------------------

AZURE_OPS = {op.operation_id: op for op in azure_operations()}
AZURE_PREFIX = "/deployments/{deployment-id}"


def azure_media_examples(document: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(operationId, "request" | "response", example) of every inline body example."""
    found = []
    for item in document["paths"].values():
        for raw in item.values():
            if not isinstance(raw, dict) or "operationId" not in raw:
                continue
            for media in ((raw.get("requestBody") or {}).get("content") or {}).values():
                if "example" in media:
                    found.append((raw["operationId"], "request", media["example"]))
            for status, response in (raw.get("responses") or {}).items():
                for media in (response.get("content") or {}).values():
                    if str(status).startswith("2") and "example" in media:
                        found.append((raw["operationId"], "response", media["example"]))
    return found


def test_azure_body_examples(azure_document: dict[str, Any]) -> None:
    found = azure_media_examples(azure_document)
    assert [(op, kind) for op, kind, _ in found] == [
        ("Completions_Create", "request"),
        ("Completions_Create", "response"),
    ]
    for op_id, kind, example in found:
        op = AZURE_OPS[op_id]
        if kind == "request":
            model = resolve_model("azure-openai", op.request_model or "")
            dumped = model.model_validate(example).model_dump(
                mode="json", by_alias=True, exclude_unset=True
            )
            assert dumped == example
        else:
            model = resolve_model("azure-openai", op.response_model or "")
            parsed = parse_python(model, example, strict=True)
            assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == example


def _property_examples(schema: Any, wrap: int = 0) -> list[tuple[Any, int]]:
    """(example, array depth) of a property schema and of the schemas inside it."""
    if not isinstance(schema, dict):
        return []
    found = [(schema["example"], wrap)] if "example" in schema else []
    for key in ("oneOf", "anyOf", "allOf"):
        for part in schema.get(key) or []:
            found += _property_examples(part, wrap)
    found += _property_examples(schema.get("items"), wrap + 1)
    return found


# Property examples that contradict their schema: (schema, property) -> why.
AZURE_CONTRADICTIONS = {
    ("generateImagesResponse", "created"): "example '1676540381' is a string; schema: integer",
}


def test_azure_property_examples(azure_document: dict[str, Any]) -> None:
    """Each property `example` (nested in oneOf arms and array items too) is a valid value of
    the generated field, validated strictly (no string-to-number coercion)."""
    from openai_compat._generated.azure import models

    checked, failures = 0, {}
    for key, schema in azure_document["components"]["schemas"].items():
        parts = [schema, *schema.get("allOf", [])]
        for name, prop in (
            (n, p) for part in parts for n, p in (part.get("properties") or {}).items()
        ):
            for example, depth in _property_examples(prop):
                value = example
                for _ in range(depth):
                    value = [value]
                cls = getattr(models, key[:1].upper() + key[1:])
                field = next(f for n, f in cls.model_fields.items() if (f.alias or n) == name)
                try:
                    pydantic.TypeAdapter(field.annotation).validate_python(value, strict=True)
                    checked += 1
                except pydantic.ValidationError as exc:
                    failures[(key, name)] = str(exc).splitlines()[0]
    assert set(failures) == set(AZURE_CONTRADICTIONS), failures
    assert checked == 21 - len(AZURE_CONTRADICTIONS)


def test_azure_parameter_examples(azure_document: dict[str, Any]) -> None:
    """Path and query parameter examples are strings, as their schemas say."""
    seen = 0
    for item in azure_document["paths"].values():
        for raw in item.values():
            for param in raw.get("parameters", []) if isinstance(raw, dict) else []:
                schema = param.get("schema") or {}
                if "example" in schema:
                    assert schema.get("type") == "string" and isinstance(schema["example"], str), (
                        param
                    )
                    seen += 1
    assert seen == 11
