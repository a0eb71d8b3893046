"""Names for inline object schemas the model generator would name without their parent.

datamodel-codegen names an inline object after where it is (`CompletionUsage` + `prompt_tokens_details`
-> `CompletionUsagePromptTokensDetails`), except where the object is, or sits inside, an `allOf`
composition: there it drops the parent and keeps only the field, singular - the items of
`ChatCompletionMessageList.data` came out as `Datum`, `CreateChatCompletionRequest`'s `audio` as
`Audio`. Such names are meaningless alone and collide between schemas.

This rewrite gives those objects the generic name first: they become component schemas named
parent + field (`ChatCompletionMessageListDataItem`, `CreateChatCompletionRequestAudio`), array
items adding `Item` as the union-variant rewrite does. Objects the generator names well are left
alone, so existing names do not move.
"""

from __future__ import annotations

from typing import Any

from .errors import CodegenError

JSON = dict[str, Any]
_MAX_DEPTH = 16


def name_inline_compositions(schemas: JSON, pascal_case: Any) -> list[str]:
    """Hoist the inline objects described above into `schemas`; return the keys added."""
    added: list[str] = []
    pending = sorted(schemas)
    while pending:
        key = pending.pop(0)
        new = _visit(schemas, schemas[key], pascal_case(key), pascal_case, inside_all_of=False)
        added += new
        pending += new
    return added


def _needs_a_name(node: Any) -> bool:
    """An inline object or composition: the generator makes a class of it."""
    if not isinstance(node, dict) or "$ref" in node:
        return False
    return bool(node.get("properties")) or bool(node.get("allOf"))


def _visit(
    schemas: JSON, node: Any, prefix: str, pascal_case: Any, inside_all_of: bool, depth: int = 0
) -> list[str]:
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return []
    added: list[str] = []
    children: list[tuple[JSON, str, Any, str]] = []  # (container, key, child, name)
    for field, prop in (node.get("properties") or {}).items():
        children.append((node["properties"], field, prop, prefix + pascal_case(str(field))))
    items = node.get("items")
    if isinstance(items, dict):
        children.append((node, "items", items, prefix + "Item"))
    for container, key, child, name in children:
        if not isinstance(child, dict):
            continue
        if _needs_a_name(child) and (inside_all_of or child.get("allOf")):
            container[key] = _hoist_named(schemas, name, child)
            added.append(name)
            continue
        added += _visit(schemas, child, name, pascal_case, inside_all_of, depth + 1)
    for part in node.get("allOf") or []:
        added += _visit(schemas, part, prefix, pascal_case, True, depth + 1)
    return added


def _hoist_named(schemas: JSON, name: str, schema: JSON) -> JSON:
    if name in schemas:
        # A numbered name would shift with the spec; a clash is worth a clear stop instead.
        raise CodegenError(
            f"schema {name!r}: an inline object (allOf composition) would be named like an "
            "existing schema; give one of them another name in codegen/inline_names.py"
        )
    schemas[name] = schema
    return {"$ref": f"#/components/schemas/{name}"}
