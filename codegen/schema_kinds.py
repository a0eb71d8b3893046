"""What a schema's `type` says, whichever way it is written.

OpenAPI 3.0 gives `type` as one string; 3.1 (and the normaliser, which rewrites `nullable: true`
as `type: [T, "null"]`) may give a list. Code that compared `schema.get("type") == "array"` or
looked the value up in a dict broke on lists (the 2024-12 OpenAI spec stopped the generator with
`unhashable type: 'list'`); every reading of `type` in the generator goes through here.
"""

from __future__ import annotations

from typing import Any


def type_names(schema: Any) -> list[str]:
    """The type names a schema allows, in the order written: `"string"` and `["string", "null"]`
    give `["string"]` and `["string", "null"]`; anything else (absent, malformed) gives `[]`."""
    if not isinstance(schema, dict):
        return []
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def main_type(schema: Any) -> str | None:
    """The one non-null type of a schema (`["array", "null"]` -> `"array"`), else None."""
    names = [k for k in type_names(schema) if k != "null"]
    return names[0] if len(names) == 1 else None


def is_type(schema: Any, kind: str) -> bool:
    """True when the schema's only non-null type is `kind`."""
    return main_type(schema) == kind


def allows_null(schema: Any) -> bool:
    return "null" in type_names(schema)
