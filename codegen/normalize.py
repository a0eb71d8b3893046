"""Spec normalisation: a few deterministic rewrites applied before generation.

Each rewrite exists because the spec says something a generator cannot turn into correct code
as written. They run on a deep copy; the pinned file is never changed.

1. Inline request bodies and JSON responses become named component schemas
   (`{OperationId}Request` / `{OperationId}Response`), so every operation has a model whose name
   can be guessed from the operation, instead of one numbered by the model generator.
2. A `discriminator` without `mapping` gets one built from the variants' single-valued `type`
   (enum of one / const). OpenAPI's implicit mapping is the schema *name*, which the spec does
   not mean and which would make the model reject real data. Where a variant has no single tag
   value (an enum of several, a recursive ref), the discriminator is dropped and the union is
   matched by shape instead.
3. The 3.0 keyword `nullable: true` (which 3.1 dropped, and which the OpenAI 3.1 spec still
   uses in ~110 places) becomes what 3.1 means by it, in 3.0 documents too: `null` added to
   `type` / `enum` / the union. Ignoring it would make models reject the nulls servers send
   (a stream chunk's `finish_reason`, for one). `allOf: [X, {nullable: true}]` is read as
   "X or null" in both versions.
4. Inline object (and nested-array) variants of a `oneOf`/`anyOf` become named component
   schemas: `{Parent}{Property}{Label}` where the label is the variant's `type` tag, else its
   title, else its first required property, else its shape (`IntegerArrayArray`); a titled
   `allOf` extension of another schema counts as an inline object. Left inline,
   the model generator numbers them (`...Format1Grammar`, `...Prompt1...Item`), and numbers shift
   when variants are added.
5. `$recursiveRef: "#"` (JSON Schema 2019-09: "the schema carrying `$recursiveAnchor`", used by
   `CompoundFilter.filters` for nested compound filters) becomes `{}`, any value, as openai-python
   types it (`Filter = Union[ComparisonFilter, object]`). The model generator reads `#` as the
   whole document: it made a class named after the input file (`Spec`, an alias of Any) and
   named the models after it with that file name in front.
6. API behaviour the schemas leave out, listed in `KNOWN_WIDENINGS` with the reason: a field
   the API documents as taking another shape (an embedding is a base64 string when the request
   asks for `encoding_format: "base64"`) accepts that shape too, so a documented response is
   not a deviation to repair.
6. The payloads of the top-level `webhooks:` section become one discriminated union component,
   `WebhookEvent` (codegen/webhook_events.py): what a webhook receiver parses.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .inline_names import name_inline_compositions
from .nullable_components import merge_nullable_components, name_component_union_parts
from .union_compositions import distribute_all_of_over_unions
from .webhook_events import add_webhook_event_union

JSON = dict[str, Any]
_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


def normalize(spec: JSON) -> JSON:
    """A normalised deep copy of `spec`."""
    out = copy.deepcopy(spec)
    schemas: JSON = out.setdefault("components", {}).setdefault("schemas", {})
    _hoist_inline_operation_schemas(out, schemas)
    _any_value_for_recursive_refs(out)
    _merge_nullable_all_of(out)
    # Also in 3.0 documents: the model generator honours `nullable` only on optional fields, so
    # a required nullable field (Azure's message `content`) would reject the null it can hold.
    for node in list(_walk(out)):
        if node.get("nullable") is True:
            _make_nullable_31(node)
    merge_nullable_components(schemas)  # codegen/nullable_components.py
    name_component_union_parts(schemas, pascal_case)  # ditto
    distribute_all_of_over_unions(schemas, pascal_case)  # codegen/union_compositions.py
    _hoist_union_variants(schemas)
    name_inline_compositions(schemas, pascal_case)  # codegen/inline_names.py
    add_webhook_event_union(out, schemas)  # codegen/webhook_events.py
    _fix_discriminators(out, schemas)
    _widen_known_fields(schemas)
    return out


# (schema, property) -> an extra shape the API sends there, and why.
KNOWN_WIDENINGS: dict[tuple[str, str], tuple[JSON, str]] = {
    ("Embedding", "embedding"): (
        {"type": "string", "description": "base64 of little-endian float32 values"},
        'returned instead of floats when the request has encoding_format: "base64"',
    ),
}


def _widen_known_fields(schemas: JSON) -> None:
    for (key, prop), (shape, _why) in KNOWN_WIDENINGS.items():
        field = schemas.get(key, {}).get("properties", {}).get(prop)
        if not isinstance(field, dict) or "anyOf" in field:
            continue
        kept = {k: field.pop(k) for k in list(field) if k in _OUTER_KEYS}
        inner = dict(field)
        field.clear()
        field.update(kept)
        field["anyOf"] = [inner, copy.deepcopy(shape)]


def _any_value_for_recursive_refs(spec: JSON) -> None:
    for node in list(_walk(spec)):
        if node.get("$recursiveRef") == "#":
            node.clear()


def _merge_nullable_all_of(spec: JSON) -> None:
    """`allOf: [X, {nullable: true}]` -> `allOf: [X]` with `nullable: true` on the node."""
    for node in list(_walk(spec)):
        parts = node.get("allOf")
        if not isinstance(parts, list) or len(parts) < 2:
            continue
        flags = [p for p in parts if isinstance(p, dict) and p.get("nullable") is True
                 and set(p) <= {"nullable", "description"}]  # fmt: skip
        if flags:
            node["allOf"] = [p for p in parts if p not in flags]
            node["nullable"] = True
            if len(node["allOf"]) == 1 and "$ref" in node["allOf"][0] and len(node) == 2:
                node["$ref"] = node.pop("allOf")[0]["$ref"]


_SHAPES = {"string": "String", "integer": "Integer", "number": "Number", "boolean": "Boolean",
           "object": "Object", "null": "Null"}  # fmt: skip


def _shape(schema: JSON) -> str:
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        return (_shape(items) if isinstance(items, dict) else "") + "Array"
    if "$ref" in schema:
        return pascal_case(str(schema["$ref"]).rsplit("/", 1)[1])
    return _SHAPES.get(kind, "Variant") if isinstance(kind, str) else "Variant"


def _needs_name(variant: Any) -> bool:
    if not isinstance(variant, dict) or "$ref" in variant:
        return False
    if variant.get("properties") or _titled_extension(variant):
        return True
    items = variant.get("items")
    return (
        variant.get("type") == "array" and isinstance(items, dict) and items.get("type") == "array"
    )


def _titled_extension(variant: JSON) -> bool:
    """`{title: X, allOf: [{$ref: Base}, {properties: {...}}]}`: a base extended with fields of its
    own (the Responses WebSocket events: a stream event plus `stream_id`). Left inline, the model
    generator gives every such variant the union's own name."""
    title = variant.get("title")
    parts = variant.get("allOf")
    return (
        isinstance(title, str)
        and bool(title.strip())
        and isinstance(parts, list)
        and any(isinstance(p, dict) and p.get("properties") for p in parts)
    )


_TAG_PROPERTIES = ("type", "event", "role", "object")


def _label(variant: JSON) -> str:
    for prop in _TAG_PROPERTIES:
        tag = variant.get("properties", {}).get(prop)
        if isinstance(tag, dict):
            values = [tag["const"]] if "const" in tag else tag.get("enum") or []
            if len(values) == 1 and isinstance(values[0], str):
                return pascal_case(values[0])
    if isinstance(variant.get("title"), str) and variant["title"].strip():
        return pascal_case(variant["title"])
    required = variant.get("required")
    if variant.get("properties") and isinstance(required, list) and required:
        return pascal_case(str(required[0]))
    return _shape(variant)


def _constraint_only(variants: list[Any]) -> bool:
    return bool(variants) and all(
        isinstance(v, dict) and v and set(v) <= {"required", "not", "description"} for v in variants
    )


def _hoist_union_variants(schemas: JSON) -> None:
    pending = sorted(schemas)
    while pending:
        key = pending.pop(0)
        pending += _hoist_in(schemas, schemas[key], pascal_case(key))


def _hoist_in(schemas: JSON, node: Any, prefix: str, depth: int = 0) -> list[str]:
    """Hoist union variants inside `node` (a schema named `prefix`); return the new keys."""
    if not isinstance(node, dict) or depth > 12:
        return []
    added: list[str] = []
    for union in ("oneOf", "anyOf"):
        variants = node.get(union)
        if isinstance(variants, list) and _constraint_only(variants):
            # `oneOf: [{required: [a]}, {required: [b]}]` only says which fields are needed;
            # as models it would become numbered empty classes. Validation of it is dropped.
            del node[union]
            continue
        if isinstance(variants, list) and any(_needs_name(v) for v in variants):
            # `anyOf: [{object}, {type: null}]` is a nullable object: it takes the name of where it
            # is (nested) or stays as it is (a component of its own already has that name).
            only_null_besides = sum(1 for v in variants if v != {"type": "null"}) == 1
            labels: list[str | None]
            if only_null_besides and depth == 0:
                labels = [None for _ in variants]
            else:
                labels = [
                    ("" if only_null_besides else _label(v)) if _needs_name(v) else None
                    for v in variants
                ]
            for i, variant in enumerate(variants):
                if labels[i] is None:
                    continue
                label = (
                    labels[i] if labels.count(labels[i]) == 1 else f"{labels[i]}{_shape(variant)}"
                )
                new = _hoist(schemas, f"{prefix}{label}", variant)
                variants[i] = new
                added.append(str(new["$ref"]).rsplit("/", 1)[1])
    for name, prop in (node.get("properties") or {}).items():
        added += _hoist_in(schemas, prop, prefix + pascal_case(str(name)), depth + 1)
    for key in ("items", "additionalProperties"):
        added += _hoist_in(
            schemas, node.get(key), prefix + ("Item" if key == "items" else "Value"), depth + 1
        )
    for part in node.get("allOf") or []:
        added += _hoist_in(schemas, part, prefix, depth + 1)
    for union in ("oneOf", "anyOf"):
        for variant in node.get(union) or []:
            added += _hoist_in(schemas, variant, prefix, depth + 1)
    return added


_OUTER_KEYS = ("description", "default", "title", "deprecated", "example", "examples")


def _make_nullable_31(node: JSON) -> None:
    del node["nullable"]
    null = {"type": "null"}
    kind = node.get("type")
    if isinstance(kind, str):
        node["type"] = [kind, "null"]
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"] = [*node["enum"], None]
    elif isinstance(kind, list):
        if "null" not in kind:
            node["type"] = [*kind, "null"]
    elif isinstance(node.get("oneOf") or node.get("anyOf"), list):
        key = "oneOf" if "oneOf" in node else "anyOf"
        if null not in node[key]:
            node[key] = [*node[key], null]
    elif "$ref" in node or "allOf" in node:
        inner = {k: v for k, v in node.items() if k not in _OUTER_KEYS}
        for k in inner:
            del node[k]
        node["anyOf"] = [inner, null]


def pascal_case(text: str) -> str:
    """`createChatCompletion` / `admin-api-keys-create` -> `CreateChatCompletion` / `AdminApiKeysCreate`."""
    parts = re.split(r"[^0-9A-Za-z]+", text)
    return "".join(p[:1].upper() + p[1:] for p in parts if p)


def iter_operations(spec: JSON) -> list[tuple[str, str, JSON]]:
    """(method, path, operation) for every operation, in spec order."""
    found: list[tuple[str, str, JSON]] = []
    for path, item in spec.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                found.append((method, path, op))
    return found


def _hoist(schemas: JSON, name: str, schema: JSON) -> JSON:
    if not schema or "$ref" in schema:
        return schema
    if schema.get("type") in ("string", "integer", "number", "boolean") and "enum" not in schema:
        return schema  # a plain scalar (binary downloads): nothing to name
    unique, n = name, 2
    while unique in schemas:
        unique, n = f"{name}{n}", n + 1
    schemas[unique] = schema
    return {"$ref": f"#/components/schemas/{unique}"}


def _hoist_inline_operation_schemas(spec: JSON, schemas: JSON) -> None:
    operations = iter_operations(spec)
    ids = [op.get("operationId") for _, _, op in operations]
    for method, path, op in operations:
        # A missing or duplicated operationId names nothing: the method and path do, so two
        # operations never share a body name (which would be numbered `...Request2`).
        op_id = op.get("operationId")
        unique = isinstance(op_id, str) and bool(op_id) and ids.count(op_id) == 1
        base = pascal_case(str(op_id) if unique else f"{method} {path}")
        body = op.get("requestBody")
        if isinstance(body, dict):
            for content_type, media in body.get("content", {}).items():
                if "json" in content_type or "form" in content_type:
                    media["schema"] = _hoist(schemas, f"{base}Request", media.get("schema") or {})
        for status, response in op.get("responses", {}).items():
            if not str(status).startswith("2") or not isinstance(response, dict):
                continue
            for content_type, media in (response.get("content") or {}).items():
                if "json" in content_type:
                    media["schema"] = _hoist(schemas, f"{base}Response", media.get("schema") or {})


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _resolve(spec: JSON, node: JSON, depth: int = 0) -> JSON:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/") or depth > 20:
        return node
    target: Any = spec
    for part in ref[2:].split("/"):
        target = (
            target.get(part.replace("~1", "/").replace("~0", "~"), {})
            if isinstance(target, dict)
            else {}
        )
    return _resolve(spec, target, depth + 1) if isinstance(target, dict) else {}


def _tag_values(spec: JSON, variant: JSON, prop: str, depth: int = 0) -> list[Any] | None:
    """The tag values a variant allows for `prop`, or None when it doesn't pin any."""
    schema = _resolve(spec, variant)
    if depth > 10 or not schema:
        return None
    prop_schema = schema.get("properties", {}).get(prop)
    if isinstance(prop_schema, dict):
        prop_schema = _resolve(spec, prop_schema)
        if "const" in prop_schema:
            return [prop_schema["const"]]
        enum = prop_schema.get("enum")
        if isinstance(enum, list) and enum:
            return list(enum)
    for part in schema.get("allOf", []):
        values = _tag_values(spec, part, prop, depth + 1)
        if values is not None:
            return values
    return None


def _fix_discriminators(spec: JSON, schemas: JSON) -> None:
    for node in list(_walk(spec)):
        disc = node.get("discriminator")
        if not isinstance(disc, dict) or "mapping" in disc:
            continue
        variants = node.get("oneOf") or node.get("anyOf") or []
        prop = disc.get("propertyName")
        mapping: dict[str, str] = {}
        usable = bool(variants) and isinstance(prop, str)
        for variant in variants:
            ref = variant.get("$ref") if isinstance(variant, dict) else None
            values = (
                _tag_values(spec, variant, prop)
                if usable and ref and isinstance(prop, str)
                else None
            )
            if not ref or values is None or len(values) != 1 or not isinstance(values[0], str):
                usable = False
                break
            mapping[values[0]] = ref
        if usable and len(mapping) == len(variants):
            disc["mapping"] = mapping
        else:
            del node["discriminator"]
