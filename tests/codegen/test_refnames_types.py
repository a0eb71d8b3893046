"""The types name map: matching openai's annotations to spec schemas, and applying the names.

Small hand-written specs and dumps pin the matcher's rules (field by field, unions by tag, by
shape, by fields; params against the body and the query); the committed map is checked against
a fresh run when the reference venv is installed.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from codegen.pins import REPO_ROOT
from codegen.refnames.types import TYPES_MAP, build_map, dump_openai
from codegen.typemap import apply_names

JSON = dict[str, Any]


def ref(name: str) -> JSON:
    return {"t": "ref", "ref": name}


def lit(*values: str) -> JSON:
    return {"t": "literal", "values": list(values)}


S = {"t": "scalar", "name": "str"}

SPEC: JSON = {
    "paths": {
        "/things": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateThingRequest"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateThingResponse"}}}}},
            },
            "get": {
                "parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingList"}}}}},
            },
        }
    },
    "components": {
        "schemas": {
            "CreateThingRequest": {"type": "object", "properties": {"parts": {"type": "array", "items": {"$ref": "#/components/schemas/PartUnion"}}}},
            "PartUnion": {"oneOf": [{"$ref": "#/components/schemas/TextPart"}, {"$ref": "#/components/schemas/ImagePart"}]},
            "TextPart": {"type": "object", "properties": {"type": {"enum": ["text"]}, "text": {"type": "string"}}},
            "ImagePart": {"type": "object", "properties": {"type": {"enum": ["image"]}, "url": {"type": "string"}}},
            "CreateThingResponse": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "choices": {"type": "array", "items": {"type": "object", "properties": {"index": {"type": "integer"}}}},
                    "result": {"oneOf": [
                        {"$ref": "#/components/schemas/Small"},
                        {"$ref": "#/components/schemas/Large"},
                    ]},
                },
            },
            "Small": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
            "Large": {"type": "object", "properties": {"a": {"type": "string"}, "c": {"type": "string"}, "d": {"type": "string"}}},
            "ThingList": {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/CreateThingResponse"}}}},
        }
    },
}  # fmt: skip

M = "openai.types.thing"
DUMP: JSON = {
    "methods": [
        {"client_path": "things.create", "http": "post", "path": "/things",
         "params": [ref("openai.types.thing_create_params:ThingCreateParams")], "kwargs": {},
         "returns": ref(f"{M}:Thing")},
        {"client_path": "things.list", "http": "get", "path": "/things",
         "params": [ref("openai.types.thing_list_params:ThingListParams")], "kwargs": {},
         "returns": {"t": "page", "item": ref(f"{M}:Thing")}},
        {"client_path": "widgets.create", "http": "post", "path": "/widgets", "params": [],
         "kwargs": {}, "returns": ref("openai.types.widget:Widget")},
    ],
    "types": {
        f"{M}:Thing": {"kind": "model", "fields": {
            "id": S, "choices": {"t": "list", "item": ref(f"{M}:Choice")},
            "result": {"t": "union", "args": [ref(f"{M}:ResultLarge"), ref(f"{M}:ResultSmall")]},
            "extra_field": ref(f"{M}:Extra")}},
        f"{M}:Choice": {"kind": "model", "fields": {"index": {"t": "scalar", "name": "int"}}},
        f"{M}:ResultSmall": {"kind": "model", "fields": {"a": S, "b": S}},
        f"{M}:ResultLarge": {"kind": "model", "fields": {"a": S, "c": S, "d": S}},
        f"{M}:Extra": {"kind": "model", "fields": {}},
        "openai.types.thing_create_params:ThingCreateParams": {"kind": "typeddict", "fields": {
            "parts": {"t": "list", "item": ref("openai.types.part_param:PartParam")}}},
        "openai.types.part_param:PartParam": {"kind": "alias", "target": {"t": "union", "args": [
            ref("openai.types.image_part_param:ImagePartParam"),
            ref("openai.types.text_part_param:TextPartParam")]}},
        "openai.types.text_part_param:TextPartParam": {"kind": "typeddict", "fields": {"type": lit("text"), "text": S}},
        "openai.types.image_part_param:ImagePartParam": {"kind": "typeddict", "fields": {"type": lit("image"), "url": S}},
        "openai.types.thing_list_params:ThingListParams": {"kind": "typeddict", "fields": {"after": S}},
        "openai.types.widget:Widget": {"kind": "model", "fields": {}},
    },
    "exports": {"openai.types": {"Thing": f"{M}:Thing"}},
}  # fmt: skip


@pytest.fixture(scope="module")
def mapped() -> JSON:
    return build_map(copy.deepcopy(SPEC), DUMP, "0" * 64)


def where(mapped: JSON, name: str) -> str:
    return next(e["schema"] for e in mapped["types"] if e["name"] == name)


def test_models_and_fields_match_schemas_and_inline_schemas(mapped: JSON) -> None:
    assert where(mapped, "Thing") == "CreateThingResponse"
    assert where(mapped, "Choice") == (
        "#/components/schemas/CreateThingResponse/properties/choices/items"
    )


def test_union_variants_pair_by_tag_and_by_fields_not_by_order(mapped: JSON) -> None:
    assert where(mapped, "TextPartParam") == "TextPart"
    assert where(mapped, "ImagePartParam") == "ImagePart"
    assert where(mapped, "PartParam") == "PartUnion"
    assert where(mapped, "ResultSmall") == "Small"
    assert where(mapped, "ResultLarge") == "Large"


def test_params_match_the_body_and_the_query(mapped: JSON) -> None:
    assert where(mapped, "ThingCreateParams") == "CreateThingRequest"
    assert where(mapped, "ThingListParams") == "#/paths/~1things/get/parameters"


def test_what_the_spec_lacks_is_listed_with_why(mapped: JSON) -> None:
    reasons = {u["name"]: u["reason"] for u in mapped["unmatched"]}
    assert reasons["Widget"] == "used only by operations the pinned spec lacks"
    assert reasons["Extra"] == "field not in the pinned spec: Thing.extra_field"
    assert mapped["operations_not_in_spec"] == ["widgets.create"]


def test_applying_names_hoists_renames_and_keeps_display_names(mapped: JSON) -> None:
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["Choice"] = {"type": "object"}  # the short name is taken
    applied = apply_names(spec, mapped)
    schemas = spec["components"]["schemas"]
    assert "Thing" in schemas and "CreateThingResponse" not in schemas
    assert schemas["ThingList"]["properties"]["data"]["items"] == {
        "$ref": "#/components/schemas/Thing"
    }
    # The inline choice became a schema of its own, qualified by openai's module, shown as Choice.
    choice = schemas["Thing"]["properties"]["choices"]["items"]["$ref"].rsplit("/", 1)[1]
    assert choice == "ThingChoice" and applied.display == {"ThingChoice": "Choice"}
    # Request-only schemas keep the spec's names: users meet them as TypedDicts.
    assert "CreateThingRequest" in schemas and "TextPart" in schemas


def test_the_committed_map_is_what_openai_python_gives() -> None:
    ref_python = REPO_ROOT / ".ref-venv" / "bin" / "python"
    if not ref_python.exists():
        pytest.skip("no .ref-venv (make install creates it)")
    from codegen.document import read_document
    from codegen.normalize import normalize
    from codegen.pins import load_pin, locate, sha256_of

    committed = json.loads(TYPES_MAP.read_text())
    spec_path = locate(load_pin("openai"))
    fresh = build_map(normalize(read_document(spec_path)), dump_openai(ref_python),
                      sha256_of(spec_path))  # fmt: skip
    assert fresh == committed, "run `make refnames-types` and `make gen`"
