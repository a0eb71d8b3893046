"""Unit tests of codegen/naming.py (client method names) and codegen/types.py (parameter types)."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.errors import CodegenError
from codegen.models import ModelIndex
from codegen.naming import BETA_PREFIXES, OVERRIDES, RENAMED_ROOTS, client_method_for, snake_case
from codegen.operations import build_operations
from codegen.types import TypeRenderer

# -- REST rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("POST", "/chat/completions", "chat.completions.create"),
        ("GET", "/chat/completions", "chat.completions.list"),
        ("GET", "/chat/completions/{completion_id}", "chat.completions.retrieve"),
        ("POST", "/chat/completions/{completion_id}", "chat.completions.update"),
        ("DELETE", "/chat/completions/{completion_id}", "chat.completions.delete"),
        ("GET", "/chat/completions/{completion_id}/messages", "chat.completions.messages.list"),
        ("PATCH", "/things/{id}", "things.update"),
        ("PUT", "/things", "things.update"),
        ("DELETE", "/things", "things.delete"),
        # An action segment after an id, or ending a POST path, is the verb.
        ("POST", "/batches/{batch_id}/cancel", "batches.cancel"),
        ("GET", "/files/{file_id}/content", "files.content"),
        ("POST", "/vector_stores/{vector_store_id}/search", "vector_stores.search"),
        ("POST", "/responses/compact", "responses.compact"),
        # ... but not a GET of a collection that happens to be named like one.
        ("GET", "/search", "search.list"),
        # Segment names become snake case.
        ("GET", "/fine-tuning/Jobs", "fine_tuning.jobs.list"),
    ],
)
def test_rest_rules(method: str, path: str, name: str) -> None:
    assert client_method_for(method, path) == name


def test_method_is_case_insensitive() -> None:
    assert client_method_for("post", "/embeddings") == "embeddings.create"


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("POST", "/assistants", "beta.assistants.create"),
        ("GET", "/threads/{thread_id}/runs", "beta.threads.runs.list"),
        ("POST", "/responses?beta=true", "beta.responses.create"),
        ("GET", "/organization/projects", "admin.projects.list"),
        ("POST", "/organization/admin_api_keys", "admin.admin_api_keys.create"),
    ],
)
def test_prefixes_and_renamed_roots(method: str, path: str, name: str) -> None:
    assert client_method_for(method, path) == name


@pytest.mark.parametrize(("key", "name"), sorted(OVERRIDES.items()))
def test_every_override_is_applied(key: tuple[str, str], name: str) -> None:
    """The override wins over the REST rule; the root renames and `beta.` still apply."""
    method, path = key
    root, _, rest = name.partition(".")
    expected = f"{RENAMED_ROOTS.get(root, root)}.{rest}"
    if root in BETA_PREFIXES:
        expected = f"beta.{expected}"
    assert client_method_for(method, path) == expected


def test_overrides_give_openai_python_names() -> None:
    assert client_method_for("POST", "/images/generations") == "images.generate"
    assert client_method_for("GET", "/videos/{video_id}/content") == "videos.download_content"
    assert client_method_for("POST", "/threads/runs") == "beta.threads.create_and_run"


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
