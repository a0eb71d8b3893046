"""The helpers' typed signatures are create()'s parameters, retyped where openai-python does."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from codegen.errors import CodegenError
from codegen.helper_signatures import (
    chat_signatures,
    render_helper_signatures,
    responses_signatures,
)
from codegen.operations import OperationModel, OperationSet, ParamModel
from codegen.render import COMMON_PARAMS


def _param(name: str, type_expr: str, required: bool = False) -> ParamModel:
    return ParamModel(name, name, "body", required, type_expr)


def _op(client_method: str, params: list[ParamModel]) -> OperationModel:
    return OperationModel(
        spec="openai", operation_id=client_method, method="POST", path="/x",
        client_method=client_method, summary="", description="", params=params,
        request_content_type="application/json", response_content_type="application/json",
        request_model=None, response_model=None, streams="when_requested",
        stream_event_model=None, pagination="none", page_item_model=None,
        deprecated=False, used_classes={"Model"},
    )  # fmt: skip


CHAT = _op(
    "chat.completions.create",
    [
        _param("temperature", "float | None"),
        _param("messages", "Sequence[Mapping[str, Any]]", required=True),
        _param("response_format", "Mapping[str, Any]"),
        _param("stream", "bool | None"),
        _param("model", "str", required=True),
    ],
)
RESPONSES = _op(
    "responses.create",
    [
        _param("model", "str"),
        _param("input", "str"),
        _param("stream", "bool | None"),
        _param("tools", "Sequence[Mapping[str, Any]]"),
    ],
)


def test_chat_helpers_take_create_parameters_without_stream() -> None:
    signatures = chat_signatures(CHAT)
    parse, stream = signatures["parse"].params, signatures["stream"].params
    assert parse == [
        "messages: Sequence[Mapping[str, Any]]",
        "model: str",
        "temperature: float | None | NotGiven | Omit = NOT_GIVEN",
        "response_format: type[ResponseFormatT] | NotGiven | Omit = NOT_GIVEN",
        *COMMON_PARAMS,
    ]
    assert "response_format: Mapping[str, Any] | type[ResponseFormatT]" in stream[3]
    assert not any(p.startswith("stream") for p in parse + stream)
    assert (
        signatures["stream"].returns_for(True)
        == "AsyncChatCompletionStreamManager[ResponseFormatT]"
    )
    assert signatures["parse"].returns_for(True) == "ParsedChatCompletion[ResponseFormatT]"


def test_responses_stream_creates_with_input_and_model_or_resumes_by_id() -> None:
    signatures = responses_signatures(RESPONSES)
    create = signatures["stream_create"].params
    assert create[:3] == [
        "model: str",
        "input: str",
        "text_format: type[TextFormatT] | NotGiven | Omit = NOT_GIVEN",
    ]
    assert signatures["stream_resume"].params[0] == "response_id: str"
    assert "starting_after: int | NotGiven | Omit = NOT_GIVEN" in signatures["stream_impl"].params
    assert "model: str | NotGiven | Omit = NOT_GIVEN" in signatures["stream_impl"].params
    # parse keeps `stream` as openai-python's does; stream() does not take it.
    assert "stream: bool | None | NotGiven | Omit = NOT_GIVEN" in signatures["parse_impl"].params
    assert not any(p.startswith("stream:") for p in create)


def test_rendered_module_is_python_and_only_for_the_openai_spec(tmp_path: Path) -> None:
    ops = OperationSet("openai", [CHAT, RESPONSES], [], 2)
    render_helper_signatures(tmp_path, "# header", "openai", ops, lambda op: [("model", "Model")])
    text = (tmp_path / "helper_signatures.py").read_text()
    tree = ast.parse(text)
    classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    assert classes == {
        "ChatCompletionHelpers",
        "AsyncChatCompletionHelpers",
        "ResponsesHelpers",
        "AsyncResponsesHelpers",
    }
    assert "from .models.model import Model" in text
    other = tmp_path / "other"
    other.mkdir()
    render_helper_signatures(other, "# header", "azure-openai", ops, lambda op: [])
    assert list(other.iterdir()) == []


def test_a_spec_without_the_helpers_operations_is_named(tmp_path: Path) -> None:
    with pytest.raises(CodegenError, match=r"'responses\.create'"):
        render_helper_signatures(
            tmp_path, "# header", "openai", OperationSet("openai", [CHAT], [], 1), lambda op: []
        )
    no_tools = _op("responses.create", [_param("model", "str")])
    with pytest.raises(CodegenError, match=r"responses\.create has no 'tools' parameter"):
        responses_signatures(no_tools)
