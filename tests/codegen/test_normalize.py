"""Unit tests of codegen/normalize.py: each rewrite on the smallest spec that needs it."""

from __future__ import annotations

import copy
from typing import Any

from codegen.normalize import iter_operations, normalize, pascal_case

REF = "#/components/schemas/"


def spec(
    paths: dict[str, Any] | None = None,
    schemas: dict[str, Any] | None = None,
    version: str = "3.1.0",
) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }


def test_the_input_is_not_changed() -> None:
    original = spec(schemas={"A": {"type": "string", "nullable": True}})
    kept = copy.deepcopy(original)
    normalize(original)
    assert original == kept


# -- 1. inline request bodies and JSON responses become named schemas ---------------------------


def _post(op_id: str, request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": op_id,
            "requestBody": {"content": {"application/json": {"schema": request}}},
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": response}}},
                "400": {
                    "description": "bad",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            },
        }
    }


def test_inline_bodies_are_hoisted_under_operation_names() -> None:
    body = {"type": "object", "properties": {"a": {"type": "string"}}}
    out = normalize(
        spec(
            {
                "/things": _post(
                    "create-thing",
                    body,
                    {"type": "object", "properties": {"id": {"type": "string"}}},
                )
            }
        )
    )
    op = out["paths"]["/things"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "CreateThingRequest"
    }
    assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "CreateThingResponse"
    }
    assert out["components"]["schemas"]["CreateThingRequest"] == body
    # Error responses are left alone (the client parses them on its own).
    assert op["responses"]["400"]["content"]["application/json"]["schema"] == {"type": "object"}


def test_hoisting_never_overwrites_an_existing_schema_and_skips_refs_and_scalars() -> None:
    existing = {"type": "object", "properties": {"x": {"type": "integer"}}}
    paths = {
        "/a": _post(
            "makeA", {"type": "object", "properties": {"y": {"type": "string"}}}, {"type": "string"}
        )
    }
    paths["/b"] = _post("makeB", {"$ref": REF + "MakeARequest"}, {"$ref": REF + "MakeARequest"})
    out = normalize(spec(paths, {"MakeARequest": existing}))
    schemas = out["components"]["schemas"]
    assert schemas["MakeARequest"] == existing
    assert out["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "MakeARequest2"
    }
    assert out["paths"]["/a"]["post"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] == {"type": "string"}
    assert out["paths"]["/b"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "MakeARequest"
    }


def test_an_operation_without_id_is_named_from_method_and_path() -> None:
    paths = {
        "/things/{id}": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"type": "object", "properties": {"a": {}}}}
                    }
                },
                "responses": {},
            }
        }
    }
    out = normalize(spec(paths))
    assert "PostThingsIdRequest" in out["components"]["schemas"]


# -- 2. discriminators -------------------------------------------------------------------------


def _tagged(tag: Any, key: str = "const") -> dict[str, Any]:
    return {"type": "object", "properties": {"type": {"type": "string", key: tag}}}


def test_a_discriminator_gets_a_mapping_from_the_variants_tags() -> None:
    schemas = {
        "Cat": _tagged("cat"),
        "Dog": {"allOf": [{"$ref": REF + "Base"}, _tagged(["dog"], "enum")]},
        "Base": {"type": "object"},
        "Pet": {
            "oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}],
            "discriminator": {"propertyName": "type"},
        },
    }
    out = normalize(spec(schemas=schemas))
    assert out["components"]["schemas"]["Pet"]["discriminator"] == {
        "propertyName": "type",
        "mapping": {"cat": REF + "Cat", "dog": REF + "Dog"},
    }


def test_an_existing_mapping_is_kept() -> None:
    mapping = {"kitty": REF + "Cat"}
    schemas = {
        "Cat": _tagged("cat"),
        "Pet": {
            "oneOf": [{"$ref": REF + "Cat"}],
            "discriminator": {"propertyName": "type", "mapping": mapping},
        },
    }
    out = normalize(spec(schemas=schemas))
    assert out["components"]["schemas"]["Pet"]["discriminator"]["mapping"] == mapping


def test_a_discriminator_without_single_tags_is_dropped() -> None:
    schemas = {
        "Cat": _tagged(["cat", "kitten"], "enum"),  # two tag values: no mapping can say it
        "Dog": _tagged("dog"),
        "Pet": {
            "oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}],
            "discriminator": {"propertyName": "type"},
        },
    }
    out = normalize(spec(schemas=schemas))
    assert "discriminator" not in out["components"]["schemas"]["Pet"]


# -- 3. nullable ----------------------------------------------------------------------------


def _nullable(schema: dict[str, Any], version: str = "3.1.0") -> dict[str, Any]:
    out = normalize(spec(schemas={"X": schema, "Y": {"type": "object"}}, version=version))
    return dict(out["components"]["schemas"]["X"])


def test_nullable_on_a_type() -> None:
    assert _nullable({"type": "string", "nullable": True}) == {"type": ["string", "null"]}
    assert _nullable({"type": ["string", "integer"], "nullable": True}) == {
        "type": ["string", "integer", "null"]
    }


def test_nullable_on_an_enum_adds_null_to_the_values() -> None:
    assert _nullable({"type": "string", "enum": ["a", "b"], "nullable": True}) == {
        "type": ["string", "null"],
        "enum": ["a", "b", None],
    }


def test_nullable_on_a_union_adds_a_null_variant() -> None:
    out = _nullable({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": True})
    assert out == {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}


def test_nullable_beside_a_ref_keeps_the_description_outside() -> None:
    out = _nullable({"$ref": REF + "Y", "description": "d", "nullable": True})
    assert out == {"description": "d", "anyOf": [{"$ref": REF + "Y"}, {"type": "null"}]}


def test_all_of_with_a_nullable_flag_means_the_ref_or_null() -> None:
    out = _nullable({"allOf": [{"$ref": REF + "Y"}, {"nullable": True, "description": "why"}]})
    assert out == {"anyOf": [{"$ref": REF + "Y"}, {"type": "null"}]}


def test_nullable_is_rewritten_in_30_documents_too() -> None:
    """datamodel-codegen ignores `nullable` on required fields of 3.0 documents."""
    assert _nullable({"type": "string", "nullable": True}, "3.0.3") == {"type": ["string", "null"]}


def test_nullable_false_is_left_alone() -> None:
    assert _nullable({"type": "string", "nullable": False}) == {"type": "string", "nullable": False}


# -- 4. inline union variants get names -----------------------------------------------------


def test_inline_object_variants_are_named_after_parent_property_and_tag() -> None:
    schemas = {
        "Tool": {
            "type": "object",
            "properties": {
                "format": {
                    "oneOf": [
                        {"type": "object", "properties": {"type": {"const": "text"}}},
                        {
                            "type": "object",
                            "title": "Grammar",
                            "properties": {"grammar": {"type": "string"}},
                        },
                        {"type": "string"},
                    ]
                }
            },
        }
    }
    out = normalize(spec(schemas=schemas))["components"]["schemas"]
    assert out["Tool"]["properties"]["format"]["oneOf"] == [
        {"$ref": REF + "ToolFormatText"},
        {"$ref": REF + "ToolFormatGrammar"},
        {"type": "string"},
    ]
    assert out["ToolFormatGrammar"]["properties"] == {"grammar": {"type": "string"}}


# -- helpers ----------------------------------------------------------------------------------


def test_pascal_case() -> None:
    assert pascal_case("createChatCompletion") == "CreateChatCompletion"
    assert pascal_case("admin-api-keys-create") == "AdminApiKeysCreate"
    assert pascal_case("get /things/{id}") == "GetThingsId"


def test_iter_operations_in_spec_order_skipping_non_operations() -> None:
    paths = {"/b": {"parameters": [], "post": {}, "get": {}}, "/a": {"delete": {}, "summary": "s"}}
    assert [(m, p) for m, p, _ in iter_operations(spec(paths))] == [
        ("get", "/b"),
        ("post", "/b"),
        ("delete", "/a"),
    ]


def test_known_widenings_accept_the_documented_extra_shape() -> None:
    from codegen.normalize import KNOWN_WIDENINGS, normalize

    spec = {
        "openapi": "3.1.0",
        "paths": {},
        "components": {
            "schemas": {
                "Embedding": {
                    "type": "object",
                    "properties": {
                        "embedding": {
                            "type": "array",
                            "description": "floats",
                            "items": {"type": "number"},
                        }
                    },
                }
            }
        },
    }
    assert ("Embedding", "embedding") in KNOWN_WIDENINGS
    field = normalize(spec)["components"]["schemas"]["Embedding"]["properties"]["embedding"]
    assert field["description"] == "floats"
    assert field["anyOf"][0] == {"type": "array", "items": {"type": "number"}}
    assert field["anyOf"][1]["type"] == "string"


def _webhook(ref: str) -> dict[str, Any]:
    body = {"content": {"application/json": {"schema": {"$ref": REF + ref}}}}
    return {"post": {"requestBody": body, "responses": {"200": {"description": "ok"}}}}


def test_webhook_payloads_become_one_discriminated_union() -> None:
    doc = spec(schemas={"WebhookA": _tagged("a.done"), "WebhookB": _tagged("b.done")})
    doc["webhooks"] = {"a_done": _webhook("WebhookA"), "b_done": _webhook("WebhookB"),
                       "a_again": _webhook("WebhookA")}  # fmt: skip
    union = normalize(doc)["components"]["schemas"]["WebhookEvent"]
    assert union["oneOf"] == [{"$ref": REF + "WebhookA"}, {"$ref": REF + "WebhookB"}]
    assert union["discriminator"] == {
        "propertyName": "type",
        "mapping": {"a.done": REF + "WebhookA", "b.done": REF + "WebhookB"},
    }


def test_no_webhooks_or_a_taken_name_adds_no_union() -> None:
    assert "WebhookEvent" not in normalize(spec(schemas={"A": _tagged("a")}))["components"]["schemas"]
    doc = spec(schemas={"WebhookA": _tagged("a.done"), "WebhookEvent": {"type": "string"}})
    doc["webhooks"] = {"a_done": _webhook("WebhookA")}
    assert normalize(doc)["components"]["schemas"]["WebhookEvent"] == {"type": "string"}
