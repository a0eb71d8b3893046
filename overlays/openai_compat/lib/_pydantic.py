"""Pydantic models (and pydantic dataclasses / TypedDicts) -> the strict JSON schema OpenAI's
structured outputs accept, with the rules openai-python applies:

* every object gets `additionalProperties: false` unless it says otherwise;
* every property is required (optional fields stay nullable through their `anyOf` with null);
* `$defs` / `definitions` are kept and made strict too; an `allOf` of one entry is inlined;
* a `default: null` is dropped (it carries nothing the nullable type does not);
* a `$ref` next to other keys (e.g. a description) is inlined, since the API refuses that mix.

Conversion runs once per class: the result is cached, and callers get the cached schema (the
request body) or a deep copy (`to_strict_json_schema`, which callers may edit).
"""

from __future__ import annotations

import contextlib
import copy
import inspect
from typing import Any

import pydantic

__all__ = ["is_basemodel_type", "is_dataclass_like_type", "strict_schema", "to_strict_json_schema"]

_cache: dict[Any, dict[str, Any]] = {}


def is_basemodel_type(tp: object) -> bool:
    return inspect.isclass(tp) and issubclass(tp, pydantic.BaseModel)


def is_dataclass_like_type(tp: object) -> bool:
    """A `@pydantic.dataclasses.dataclass` (or anything pydantic configured)."""
    return hasattr(tp, "__pydantic_config__")


def to_strict_json_schema(model: Any) -> dict[str, Any]:
    """The strict JSON schema of a pydantic model class or `TypeAdapter` (a fresh copy)."""
    return copy.deepcopy(strict_schema(model))


def strict_schema(model: Any) -> dict[str, Any]:
    """The cached strict schema of `model`; do not modify the result."""
    try:
        cached = _cache.get(model)
    except TypeError:  # an unhashable TypeAdapter
        cached = None
    if cached is not None:
        return cached
    if is_basemodel_type(model):
        schema = model.model_json_schema()
    elif isinstance(model, pydantic.TypeAdapter):
        schema = model.json_schema()
    else:
        raise TypeError(
            f"expected a pydantic BaseModel class or a pydantic.TypeAdapter, got {model!r}"
        )
    strict = _make_strict(schema, path=(), root=schema)
    with contextlib.suppress(TypeError):
        _cache[model] = strict
    return strict


def _make_strict(schema: object, *, path: tuple[str, ...], root: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(schema, dict):
        raise TypeError(f"expected a JSON schema object at {'/'.join(path) or '#'}, got {schema!r}")
    for defs_key in ("$defs", "definitions"):
        defs = schema.get(defs_key)
        if isinstance(defs, dict):
            for name, sub in defs.items():
                _make_strict(sub, path=(*path, defs_key, name), root=root)

    if schema.get("type") == "object" and "additionalProperties" not in schema:
        schema["additionalProperties"] = False

    properties = schema.get("properties")
    if isinstance(properties, dict):
        schema["required"] = list(properties)
        schema["properties"] = {
            key: _make_strict(sub, path=(*path, "properties", key), root=root)
            for key, sub in properties.items()
        }

    items = schema.get("items")
    if isinstance(items, dict):
        schema["items"] = _make_strict(items, path=(*path, "items"), root=root)

    any_of = schema.get("anyOf")
    if isinstance(any_of, list):
        schema["anyOf"] = [
            _make_strict(v, path=(*path, "anyOf", str(i)), root=root) for i, v in enumerate(any_of)
        ]

    all_of = schema.get("allOf")
    if isinstance(all_of, list):
        if len(all_of) == 1:
            schema.update(_make_strict(all_of[0], path=(*path, "allOf", "0"), root=root))
            schema.pop("allOf")
        else:
            schema["allOf"] = [
                _make_strict(v, path=(*path, "allOf", str(i)), root=root)
                for i, v in enumerate(all_of)
            ]

    if "default" in schema and schema["default"] is None:
        del schema["default"]

    ref = schema.get("$ref")
    if ref and len(schema) > 1:
        if not isinstance(ref, str):
            raise TypeError(f"expected a string $ref at {'/'.join(path) or '#'}, got {ref!r}")
        resolved = _resolve_ref(root, ref)
        # The keys next to the $ref (a description, say) win over the referenced schema's.
        schema.update({**resolved, **schema})
        del schema["$ref"]
        return _make_strict(schema, path=path, root=root)
    return schema


def _resolve_ref(root: dict[str, Any], ref: str) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"unsupported $ref {ref!r}: only local references (#/...) are resolved")
    node: Any = root
    for key in ref[2:].split("/"):
        node = node[key] if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise ValueError(f"$ref {ref!r} does not resolve to a schema object")
    resolved: dict[str, Any] = node
    return resolved
