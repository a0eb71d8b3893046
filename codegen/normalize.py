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
3. In an OpenAPI 3.1 document, the 3.0 keyword `nullable: true` (which 3.1 dropped, and which
   the OpenAI spec still uses in ~110 places) becomes what 3.1 means by it: `null` added to
   `type` / `enum` / the union. Ignoring it would make models reject the nulls servers send
   (a stream chunk's `finish_reason`, for one).
"""

from __future__ import annotations

import copy
import re
from typing import Any

JSON = dict[str, Any]
_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


def normalize(spec: JSON) -> JSON:
    """A normalised deep copy of `spec`."""
    out = copy.deepcopy(spec)
    schemas: JSON = out.setdefault("components", {}).setdefault("schemas", {})
    _hoist_inline_operation_schemas(out, schemas)
    _fix_discriminators(out, schemas)
    if str(out.get("openapi", "")).startswith("3.1"):
        for node in list(_walk(out)):
            if node.get("nullable") is True:
                _make_nullable_31(node)
    return out


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
    for method, path, op in iter_operations(spec):
        base = pascal_case(op.get("operationId") or f"{method} {path}")
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
        target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
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
            values = _tag_values(spec, variant, prop) if usable and ref else None
            if not ref or values is None or len(values) != 1 or not isinstance(values[0], str):
                usable = False
                break
            mapping[values[0]] = ref
        if usable and len(mapping) == len(variants):
            disc["mapping"] = mapping
        else:
            del node["discriminator"]
