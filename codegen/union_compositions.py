"""An `allOf` around a union becomes a union of compositions, each named after what it is.

`ResponsesWebSocketStreamEvent: {allOf: [{anyOf: [ResponseAudioDeltaEvent, ...]}, {properties:
{stream_id}}]}` means "any of those events, each with `stream_id` too". The model generator
distributes the `allOf` over the union itself and names every composition, and the inline part,
after the component twice over (`ResponsesWebSocketStreamEventResponsesWebSocketStreamEvent`, in
57 numbered modules). Azure writes the same with the union behind a `$ref`
(`chatCompletionRequestMessageTool: {allOf: [chatCompletionRequestMessage, {properties: ...}]}`).

Rewritten here before generation, so the generator only names components:
- the inline part becomes `{Component}Fields` (the fields the component adds to each variant);
- each variant `V` becomes `{Component}{V}` = `allOf: [V, the other parts]` (a prefix the two
  names share is said once: `ChatCompletionRequestMessageTool` + `ChatCompletionRequestSystemMessage`
  -> `ChatCompletionRequestMessageToolSystemMessage`);
- the component is the union of those.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from .errors import CodegenError

JSON = dict[str, Any]
_REF = "#/components/schemas/"
# Keys of the component that only describe it: kept on the union, not copied into variants.
_DESCRIPTIVE = frozenset({"description", "title", "deprecated", "example", "examples",
                          "externalDocs"})  # fmt: skip


def distribute_all_of_over_unions(schemas: JSON, pascal_case: Callable[[str], str]) -> list[str]:
    """Rewrite every such component in place; return the keys added."""
    added: list[str] = []
    for key in sorted(schemas):
        schema = schemas[key]
        found = _union_part(schemas, schema)
        if found is None:
            continue
        index, keyword, variants = found
        prefix = pascal_case(key)
        others = [copy.deepcopy(p) for i, p in enumerate(schema["allOf"]) if i != index]
        for i, part in enumerate(others):
            if "$ref" not in part:
                others[i] = _hoist(schemas, f"{prefix}Fields", part)
                added.append(f"{prefix}Fields")
        outer = {k: v for k, v in schema.items() if k != "allOf"}
        inherited = {k: v for k, v in outer.items() if k not in _DESCRIPTIVE}
        refs = []
        for variant in variants:
            name = prefix + _without_shared_prefix(prefix, pascal_case(_ref_key(variant)))
            composed = {
                "allOf": [{"$ref": variant["$ref"]}, *copy.deepcopy(others)],
                **copy.deepcopy(inherited),
            }
            refs.append(_hoist(schemas, name, composed))
            added.append(name)
        schema.clear()
        schema.update({k: v for k, v in outer.items() if k in _DESCRIPTIVE or k.startswith("x-")})
        schema[keyword] = refs
    return added


def _union_part(schemas: JSON, schema: Any) -> tuple[int, str, list[JSON]] | None:
    """(index of the union part, anyOf/oneOf, its variants) when `schema` is an allOf of one
    union of references and other parts that are references or one inline object."""
    if not isinstance(schema, dict) or not isinstance(schema.get("allOf"), list):
        return None
    if any(k in schema for k in ("anyOf", "oneOf", "properties")):
        return None
    parts = schema["allOf"]
    unions = []
    for i, part in enumerate(parts):
        target = _resolve(schemas, part)
        for keyword in ("anyOf", "oneOf"):
            variants = target.get(keyword) if isinstance(target, dict) else None
            if isinstance(variants, list) and not target.get("properties"):
                unions.append((i, keyword, variants))
    if len(unions) != 1 or len(parts) < 2:
        return None
    index, keyword, variants = unions[0]
    if not variants or not all(_is_reference(v) for v in variants):
        return None
    inline = [p for i, p in enumerate(parts) if i != index and "$ref" not in p]
    if len(inline) > 1 or not all(isinstance(p, dict) for p in parts):
        return None
    return index, keyword, variants


def _is_reference(node: Any) -> bool:
    """A `$ref`, maybe with `x-` annotations beside it (`x-stainless-skip`)."""
    return (
        isinstance(node, dict)
        and "$ref" in node
        and all(k == "$ref" or k.startswith("x-") for k in node)
    )


def _resolve(schemas: JSON, node: Any) -> Any:
    if (
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and node["$ref"].startswith(_REF)
    ):
        return schemas.get(node["$ref"][len(_REF) :])
    return node


def _ref_key(node: JSON) -> str:
    return str(node["$ref"]).rsplit("/", 1)[1]


def _words(name: str) -> list[str]:
    return re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)


def _without_shared_prefix(parent: str, variant: str) -> str:
    """`ChatCompletionRequestMessageTool`, `ChatCompletionRequestSystemMessage` -> `SystemMessage`."""
    a, b = _words(parent), _words(variant)
    shared = 0
    while shared < min(len(a), len(b)) - 1 and a[shared] == b[shared]:
        shared += 1
    return "".join(b[shared:])


def _hoist(schemas: JSON, name: str, schema: JSON) -> JSON:
    if name in schemas:
        raise CodegenError(
            f"schema {name!r}: a part of an allOf around a union would be named like an existing "
            "schema; give one of them another name in codegen/union_compositions.py"
        )
    schemas[name] = schema
    return {"$ref": f"{_REF}{name}"}
