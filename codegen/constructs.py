"""Checks, before generation, that every schema is written in a form the generator handles.

The spec's history uses: `type` as a string or a list (3.1, and 3.0 after normalisation),
`nullable`, `const`, `enum`, nested `allOf` / `oneOf` / `anyOf`, `discriminator` with and
without `mapping`, every `additionalProperties` form (true, false, {}, a schema), `x-` extensions,
recursive and self-referencing schemas, and inline schemas everywhere; all of those generate.
What does not - a `$ref` to another file, a keyword whose value has the wrong shape (`allOf` that
is not a list, `items` given as a list, an unknown `type`) - stops the generator here with a
`SchemaConstructError` naming the schema, where in it, and the construct, instead of a
traceback from deep inside the model generator.
"""

from __future__ import annotations

from typing import Any

from .errors import CodegenError

JSON = dict[str, Any]
KNOWN_TYPES = frozenset({"string", "integer", "number", "boolean", "object", "array", "null"})
_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties")
_MAX_DEPTH = 64


class SchemaConstructError(CodegenError):
    """A schema uses a construct the generator cannot turn into code."""


def check_constructs(spec: JSON) -> None:
    """Raise `SchemaConstructError` for the first schema the generator cannot handle."""
    for key, schema in sorted(((spec.get("components") or {}).get("schemas") or {}).items()):
        _check(schema, f"components/schemas/{key}", 0)


def _fail(where: str, construct: str, detail: str) -> SchemaConstructError:
    return SchemaConstructError(f"schema {where}: {construct} cannot be generated: {detail}")


def _check(schema: Any, where: str, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise _fail(where, "nesting", f"deeper than {_MAX_DEPTH} levels")
    if isinstance(schema, bool):  # 3.1: `true` / `false` are schemas
        return
    if not isinstance(schema, dict):
        raise _fail(where, "schema", f"expected an object, got {type(schema).__name__}")
    ref = schema.get("$ref")
    if ref is not None and not (isinstance(ref, str) and ref.startswith("#/components/")):
        raise _fail(
            where, "$ref", f"{ref!r} points outside the document's components (bundle it first)"
        )
    _check_type(schema.get("type"), where)
    for key in _LISTS:
        parts = schema.get(key)
        if parts is None:
            continue
        if not isinstance(parts, list):
            raise _fail(where, key, f"expected a list of schemas, got {type(parts).__name__}")
        for i, part in enumerate(parts):
            _check(part, f"{where}/{key}/{i}", depth + 1)
    for key in _SCHEMA_MAPS:
        named = schema.get(key)
        if named is None:
            continue
        if not isinstance(named, dict):
            raise _fail(where, key, f"expected a map of schemas, got {type(named).__name__}")
        for name, part in named.items():
            _check(part, f"{where}/{key}/{name}", depth + 1)
    items = schema.get("items")
    if isinstance(items, list):
        raise _fail(where, "items", "a list of schemas (tuple form); use prefixItems")
    if items is not None:
        _check(items, f"{where}/items", depth + 1)
    extra = schema.get("additionalProperties")
    if extra is not None and not isinstance(extra, bool):
        _check(extra, f"{where}/additionalProperties", depth + 1)
    _check_discriminator(schema.get("discriminator"), where)
    for key in ("enum", "required"):
        if key in schema and not isinstance(schema[key], list):
            raise _fail(where, key, f"expected a list, got {type(schema[key]).__name__}")


def _check_type(kind: Any, where: str) -> None:
    if kind is None:
        return
    names = kind if isinstance(kind, list) else [kind]
    unknown = [n for n in names if not isinstance(n, str) or n not in KNOWN_TYPES]
    if unknown or not names:
        raise _fail(where, "type", f"{kind!r} (known types: {', '.join(sorted(KNOWN_TYPES))})")


def _check_discriminator(disc: Any, where: str) -> None:
    if disc is None:
        return
    if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
        raise _fail(where, "discriminator", "expected an object with a string propertyName")
    mapping = disc.get("mapping")
    if mapping is not None and not (
        isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values())
    ):
        raise _fail(where, "discriminator mapping", "expected a map of tag -> $ref string")
