"""A component that is "one inline schema, or null" becomes that schema, nullable.

The spec writes optional objects as `Prompt: {anyOf: [{type: object, properties: ...}, {type:
null}]}`. Left so, the model generator makes the object a class named after the component twice
(`PromptPrompt`, `ResponseErrorResponseError`) and `Prompt` an alias of `PromptPrompt | None`:
users would meet the doubled name in reprs, errors and type hints. Rewritten here as the object
itself with `null` added to its `type` (`{type: [object, null], properties: ...}`), the class is
`Prompt` and every field that refers to it reads `Prompt | None`, as in openai-python.
"""

from __future__ import annotations

from typing import Any

from .schema_kinds import type_names

JSON = dict[str, Any]
NULL = {"type": "null"}
# Keys of the component beside its union that only describe it (kept on the merged schema).
_DESCRIPTIVE = frozenset({"description", "title", "default", "deprecated", "example",
                          "examples", "nullable", "readOnly", "writeOnly"})  # fmt: skip


_SCALARS = [["string"], ["integer"], ["number"], ["boolean"]]


def merge_nullable_components(schemas: JSON) -> list[str]:
    """Rewrite every such component in place; return their keys."""
    merged: list[str] = []
    for key, schema in schemas.items():
        inner = _single_inline_variant(schema)
        if inner is None:
            continue
        outer = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "nullable")}
        schema.clear()
        schema.update(inner)
        for k, v in outer.items():  # the component's own words win over the variant's
            if k in ("description", "title") or k not in schema:
                schema[k] = v
        _add_null(schema)
        merged.append(key)
    return merged


def _single_inline_variant(schema: Any) -> JSON | None:
    if not isinstance(schema, dict):
        return None
    unions = [k for k in ("anyOf", "oneOf") if k in schema]
    if len(unions) != 1 or "discriminator" in schema:
        return None
    variants = schema[unions[0]]
    if not isinstance(variants, list) or NULL not in variants:
        return None
    others = [v for v in variants if v != NULL]
    if len(others) != 1 or not isinstance(others[0], dict) or "$ref" in others[0]:
        return None
    inner = others[0]
    if any(k in inner for k in ("anyOf", "oneOf", "allOf")):
        return None  # a union or composition inside: left to the other rewrites
    if not inner.get("properties") and type_names(inner) not in _SCALARS:
        return None  # maps and arrays already come out as well-named aliases (`Metadata`)
    rest = set(schema) - {unions[0]}
    if not all(k in _DESCRIPTIVE or k.startswith("x-") for k in rest):
        return None
    return dict(inner)


def _add_null(schema: JSON) -> None:
    names = type_names(schema)
    if not names:
        names = ["object"] if "properties" in schema or "additionalProperties" in schema else []
    if not names:
        return
    if "null" not in names:
        schema["type"] = [*names, "null"]
    enum = schema.get("enum")
    if isinstance(enum, list) and None not in enum:
        schema["enum"] = [*enum, None]
