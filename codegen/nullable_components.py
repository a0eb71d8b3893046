"""A component that is "one inline schema, or null" becomes that schema, nullable.

The spec writes optional objects as `Prompt: {anyOf: [{type: object, properties: ...}, {type:
null}]}`. Left so, the model generator makes the object a class named after the component twice
(`PromptPrompt`, `ResponseErrorResponseError`) and `Prompt` an alias of `PromptPrompt | None`:
users would meet the doubled name in reprs, errors and type hints. Rewritten here as the object
itself with `null` added to its `type` (`{type: [object, null], properties: ...}`), the class is
`Prompt` and every field that refers to it reads `Prompt | None`, as in openai-python. A union
of one inline variant (`ThreadStreamEvent: {oneOf: [{...}]}`) becomes that variant the same way.

`name_component_union_parts` names the other parts the generator would name twice over: see there.
"""

from __future__ import annotations

from collections.abc import Callable
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
        nullable = NULL in schema.get("anyOf", schema.get("oneOf", []))
        outer = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "nullable")}
        schema.clear()
        schema.update(inner)
        for k, v in outer.items():  # the component's own words win over the variant's
            if k in ("description", "title") or k not in schema:
                schema[k] = v
        if nullable:
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
    # "V or null", or a union of one (`ThreadStreamEvent: {oneOf: [{...}]}`)
    if not isinstance(variants, list) or (NULL not in variants and len(variants) != 1):
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


# Constraints that make the model generator give a union variant a (doubled) name of its own.
_CONSTRAINTS = frozenset({"minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum",
                          "pattern", "multipleOf", "uniqueItems"})  # fmt: skip


def name_component_union_parts(schemas: JSON, pascal_case: Callable[[str], str]) -> list[str]:
    """Name the parts of component unions and arrays the model generator would name twice over.

    - items of a component array that are an inline union (`ChatCompletionMessageToolCalls:
      {type: array, items: {oneOf: [...]}}`) become `{Component}Item`;
    - a constrained array variant of a component union (`StopConfiguration: oneOf [string,
      {type: array, maxItems: 4}]`) becomes `{Component}{Items}Array` (`StopConfigurationStringArray`);
    - a constrained scalar variant of a component map's values (`VectorStoreFileAttributes:
      additionalProperties: oneOf [{string, maxLength: 512}, number, boolean]`) becomes
      `{Component}{Kind}Value` (`VectorStoreFileAttributesStringValue`).
    """
    added: list[str] = []
    for key in sorted(schemas):
        schema = schemas[key]
        if not isinstance(schema, dict):
            continue
        prefix = pascal_case(key)
        if _array_of_inline_union(schema):
            added += _hoist(schemas, f"{prefix}Item", schema, "items")
        for union in ("oneOf", "anyOf"):
            variants = schema.get(union)
            if not isinstance(variants, list):
                continue
            for i, variant in enumerate(variants):
                if _constrained_array(variant):
                    item_kind = "".join(
                        k.capitalize() for k in type_names(variant["items"]) if k != "null"
                    )
                    added += _hoist(schemas, f"{prefix}{item_kind}Array", variants, i)
        for values in _map_value_unions(schema):
            for i, variant in enumerate(values):
                if _constrained_scalar(variant):
                    kind = "".join(k.capitalize() for k in type_names(variant) if k != "null")
                    added += _hoist(schemas, f"{prefix}{kind}Value", values, i)
    return added


def _map_value_unions(schema: JSON) -> list[list[Any]]:
    """The variant lists of a component map's value union (`additionalProperties: {oneOf: ...}`),
    the component being the map or "the map or null"."""
    maps = [schema, *[v for k in ("anyOf", "oneOf") for v in schema.get(k) or []]]
    found = []
    for node in maps:
        values = node.get("additionalProperties") if isinstance(node, dict) else None
        if not isinstance(values, dict):
            continue
        for union in ("oneOf", "anyOf"):
            if isinstance(values.get(union), list):
                found.append(values[union])
    return found


def _constrained_scalar(variant: Any) -> bool:
    """A constrained string/number variant: the generator names it after the component twice."""
    return (
        isinstance(variant, dict)
        and type_names(variant) in _SCALARS
        and bool(_CONSTRAINTS & set(variant))
    )


def _array_of_inline_union(schema: JSON) -> bool:
    items = schema.get("items")
    return (
        "array" in type_names(schema)
        and isinstance(items, dict)
        and "$ref" not in items
        and ("oneOf" in items or "anyOf" in items)
        and not items.get("properties")
    )


def _constrained_array(variant: Any) -> bool:
    return (
        isinstance(variant, dict)
        and type_names(variant) in (["array"], ["array", "null"])
        and isinstance(variant.get("items"), dict)
        and "$ref" not in variant["items"]
        and bool(_CONSTRAINTS & set(variant))
    )


def _hoist(schemas: JSON, name: str, container: Any, slot: Any) -> list[str]:
    if name in schemas:
        return []  # the spec already has that name: leave the part inline rather than number it
    schemas[name] = container[slot]
    container[slot] = {"$ref": f"#/components/schemas/{name}"}
    return [name]
