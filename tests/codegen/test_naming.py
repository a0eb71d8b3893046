"""Unit tests of codegen/naming.py (client method names) and codegen/types.py (parameter types)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.errors import CodegenError
from codegen.models import ModelIndex
from codegen.naming import client_method_for, mapped_method, method_map, snake_case
from codegen.operations import build_operations
from codegen.render import method_view
from codegen.types import TypeRenderer

# -- REST rules (operations openai-python does not have) -------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("GET", "/things/{thing_id}/parts", "things.parts.list"),
        ("GET", "/things/{thing_id}", "things.retrieve"),
        ("POST", "/things/{thing_id}", "things.update"),
        ("DELETE", "/things/{thing_id}", "things.delete"),
        ("PATCH", "/things/{id}", "things.update"),
        ("PUT", "/things", "things.update"),
        ("DELETE", "/things", "things.delete"),
        # An action segment after an id, or ending a POST path, is the verb.
        ("POST", "/things/{thing_id}/cancel", "things.cancel"),
        ("GET", "/things/{thing_id}/content", "things.content"),
        ("POST", "/things/search", "things.search"),
        # ... but not a GET of a collection that happens to be named like one.
        ("GET", "/search", "search.list"),
        # Segment names become snake case.
        ("GET", "/fine-tuning/Jobs", "fine_tuning.jobs.list"),
    ],
)
def test_rest_rules(method: str, path: str, name: str) -> None:
    assert mapped_method(method, path) is None
    assert client_method_for(method, path) == name


def test_method_is_case_insensitive() -> None:
    assert client_method_for("post", "/embeddings") == "embeddings.create"
    assert client_method_for("post", "/things") == "things.create"


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("POST", "/assistants/{assistant_id}/things", "beta.assistants.things.create"),
        ("GET", "/threads/{thread_id}/things", "beta.threads.things.list"),
        ("POST", "/things?beta=true", "beta.things.create"),
        ("GET", "/organization/things", "admin.organization.things.list"),
    ],
)
def test_prefixes_and_renamed_roots(method: str, path: str, name: str) -> None:
    assert mapped_method(method, path) is None
    assert client_method_for(method, path) == name


# -- openai-python's names, from the method map -----------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("POST", "/chat/completions", "chat.completions.create"),
        ("GET", "/chat/completions/{completion_id}/messages", "chat.completions.messages.list"),
        ("GET", "/files/{file_id}/content", "files.content"),
        ("POST", "/images/generations", "images.generate"),
        ("GET", "/videos/{video_id}/content", "videos.download_content"),
        ("POST", "/videos/edits", "videos.edit"),
        ("POST", "/threads/runs", "beta.threads.create_and_run"),
        ("POST", "/responses?beta=true", "beta.responses.create"),
        ("GET", "/organization/projects", "admin.organization.projects.list"),
        ("GET", "/containers/{container_id}/files/{file_id}/content", "containers.files.content.retrieve"),
        ("GET", "/organization/costs", "admin.organization.usage.costs"),
    ],
)
def test_mapped_operations_get_openai_pythons_names(method: str, path: str, name: str) -> None:
    assert client_method_for(method, path) == name


def test_placeholder_names_do_not_matter_for_the_map() -> None:
    assert client_method_for("GET", "/files/{id}") == "files.retrieve"


def test_mapped_method_has_openai_pythons_path_parameters_and_twins() -> None:
    mapped = mapped_method("GET", "/vector_stores/{vs}/files/{f}")
    assert mapped is not None
    assert mapped.path_params == ("vector_store_id", "file_id")
    assert mapped.positional == ("file_id",)
    content = mapped_method("GET", "/files/{file_id}/content")
    assert content is not None and content.aliases == ("files.retrieve_content",)


def test_resource_aliases_come_from_the_map() -> None:
    assert method_map().resource_aliases == {"beta.chat": "chat"}


@pytest.mark.parametrize(
    ("text", "snake"),
    [
        ("ListContainers", "list_containers"),
        ("file-batches", "file_batches"),
        ("input_tokens", "input_tokens"),
        ("3d", "_3d"),
        ("class", "class_"),
    ],
)
def test_snake_case(text: str, snake: str) -> None:
    assert snake_case(text) == snake


# -- collisions ------------------------------------------------------------------------------


def _ops(paths: dict[str, Any]) -> Any:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    return build_operations("t", spec, ModelIndex(module_of={}))


def _get(op_id: str) -> dict[str, Any]:
    return {"get": {"operationId": op_id, "responses": {"200": {"description": "ok"}}}}


def test_two_operations_on_one_method_are_an_error_naming_both() -> None:
    with pytest.raises(
        CodegenError, match=r"'listThings' and 'listAgain' both map to client method 'things.list'"
    ):
        _ops({"/things": _get("listThings"), "/things/": _get("listAgain")})


def test_distinct_names_pass() -> None:
    ops = _ops({"/things": _get("listThings"), "/things/{id}": _get("getThing")})
    assert sorted(op.client_method for op in ops.operations) == ["things.list", "things.retrieve"]


def test_a_resource_may_not_shadow_a_client_attribute() -> None:
    with pytest.raises(CodegenError, match="timeout"):
        _ops({"/timeout/things": _get("x")})


# -- parameters as openai-python takes them ---------------------------------------------------


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def test_path_parameters_take_openai_pythons_names_and_positions() -> None:
    """The spec's placeholder names do not matter: openai-python's parameter for each position
    is used, and only the one it takes positionally is positional."""
    operation = _get("getVectorStoreFile")["get"]
    operation["parameters"] = [_path_param("vs"), _path_param("f")]
    [op] = _ops({"/vector_stores/{vs}/files/{f}": {"get": operation}}).operations
    assert op.client_method == "vector_stores.files.retrieve"
    assert [(p.name, p.wire_name) for p in op.params] == [("vector_store_id", "vs"), ("file_id", "f")]
    assert op.positional == ("file_id",)
    signature = method_view(op, is_async=False).implementation.params
    assert signature[:4] == ["self", "file_id: str", "*", "vector_store_id: str"]


def test_an_unmapped_operation_takes_its_last_path_parameter_positionally() -> None:
    operation = _get("getPart")["get"]
    operation["parameters"] = [_path_param("thing_id"), _path_param("part_id")]
    [op] = _ops({"/things/{thing_id}/parts/{part_id}": {"get": operation}}).operations
    assert (op.client_method, op.positional) == ("things.parts.retrieve", ("part_id",))


def test_a_deprecated_twin_is_an_alias_of_the_method() -> None:
    operation = _get("downloadFile")["get"]
    operation["parameters"] = [_path_param("file_id")]
    [op] = _ops({"/files/{file_id}/content": {"get": operation}}).operations
    assert (op.client_method, op.aliases) == ("files.content", ("retrieve_content",))


def test_query_and_header_names_are_openai_pythons() -> None:
    operation = _get("listThings")["get"]
    operation["parameters"] = [
        {"name": "include[]", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "openai-beta", "in": "header",
         "schema": {"type": "string", "x-stainless-param": "betas"}},
    ]  # fmt: skip
    [op] = _ops({"/things": {"get": operation}}).operations
    assert [(p.name, p.wire_name) for p in op.params] == [
        ("include", "include[]"),
        ("betas", "openai-beta"),
    ]


# -- types.py ---------------------------------------------------------------------------------

SCHEMAS: dict[str, Any] = {
    "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
    "Color": {"type": "string", "enum": ["red", "green"]},
    "Count": {"type": "integer"},
    "Names": {"type": "array", "items": {"type": "string"}},
    "PetOrName": {"oneOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "string"}]},
    "NoModel": {"type": "object"},
}


def render(schema: dict[str, Any]) -> tuple[str, set[str]]:
    renderer = TypeRenderer(
        {"components": {"schemas": SCHEMAS}}, ModelIndex(module_of={"Pet": "pet"})
    )
    return renderer.render(schema), renderer.used_classes


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, "str"),
        ({"type": "integer"}, "int"),
        ({"type": "number"}, "float"),
        ({"type": "boolean"}, "bool"),
        ({}, "Any"),
        ({"type": "string", "format": "binary"}, "FileInput"),
        ({"type": "array", "items": {"type": "integer"}}, "Sequence[int]"),
        ({"type": "object"}, "Mapping[str, Any]"),
        ({"properties": {"a": {}}}, "Mapping[str, Any]"),
        ({"const": "auto"}, "Literal['auto']"),
        ({"type": "string", "enum": ["a", "b"]}, "Literal['a', 'b']"),
        ({"type": "string", "enum": ["a", None]}, "Literal['a'] | None"),
        ({"type": ["string", "null"]}, "str | None"),
        ({"type": "string", "nullable": True}, "str | None"),
        (
            {"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": True},
            "str | int | None",
        ),
        ({"oneOf": [{"type": "string"}, {"type": "string"}]}, "str"),
        ({"anyOf": [{"type": "string"}, {}]}, "Any"),
        ({"allOf": [{"type": "integer"}]}, "int"),
        ({"$ref": "#/components/schemas/Color"}, "Literal['red', 'green']"),
        ({"$ref": "#/components/schemas/Count"}, "int"),
        ({"$ref": "#/components/schemas/Names"}, "Sequence[str]"),
        ({"$ref": "#/components/schemas/NoModel"}, "Mapping[str, Any]"),
    ],
)
def test_rendered_types(schema: dict[str, Any], expected: str) -> None:
    assert render(schema)[0] == expected


def test_a_model_reference_accepts_the_model_or_a_mapping_and_is_recorded() -> None:
    assert render({"$ref": "#/components/schemas/Pet"}) == ("Pet | Mapping[str, Any]", {"Pet"})
    assert render({"$ref": "#/components/schemas/PetOrName"}) == (
        "Pet | Mapping[str, Any] | str",
        {"Pet"},
    )


def test_deep_nesting_stops_at_any() -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(8):
        schema = {"type": "array", "items": schema}
    assert "Any" in render(schema)[0]
