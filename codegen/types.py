"""Python type expressions for method parameters, rendered from parameter and property schemas.

Object-shaped arguments accept either the generated model or a plain mapping (what most
openai-python code passes), enumerations become `Literal[...]`, and nullable schemas add `None`.
Rendering returns the expression and the model classes it names, so the resource module can
import them for type checkers only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import ModelIndex
from .schema_kinds import allows_null, main_type, type_names

JSON = dict[str, Any]
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_MAX_DEPTH = 4


@dataclass
class TypeRenderer:
    """Renders schemas of one spec; collects the model classes that rendered types mention."""

    spec: JSON
    models: ModelIndex
    used_classes: set[str] = field(default_factory=set)

    def render(self, schema: JSON, depth: int = 0) -> str:
        members = self._members(schema, depth)
        return " | ".join(_dedupe(members)) if members else "Any"

    def resolve(self, schema: JSON) -> tuple[str | None, JSON]:
        """(schema key if `schema` is a component $ref, the resolved schema)."""
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            key = ref.rsplit("/", 1)[1]
            target = self.spec.get("components", {}).get("schemas", {}).get(key, {})
            return key, target if isinstance(target, dict) else {}
        return None, schema

    def _members(self, schema: JSON, depth: int) -> list[str]:
        if depth > _MAX_DEPTH or not isinstance(schema, dict):
            return ["Any"]
        key, target = self.resolve(schema)
        if key is not None:
            return self._ref_members(key, target, depth)
        nullable = schema.get("nullable") is True
        variants = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(variants, list) and variants:
            out = [m for v in variants for m in self._members(v, depth + 1)]
            return [*out, "None"] if nullable else out
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self._members(schema["allOf"][0], depth + 1)
        out = self._typed_members(schema, depth)
        return [*out, "None"] if nullable and "None" not in out else out

    def _typed_members(self, schema: JSON, depth: int) -> list[str]:
        if "const" in schema:
            return [f"Literal[{schema['const']!r}]"]
        type_list = type_names(schema)
        enum = schema.get("enum")
        if (
            isinstance(enum, list)
            and enum
            and all(isinstance(v, (str, int)) or v is None for v in enum)
        ):
            literal = [repr(v) for v in enum if v is not None]
            members = [f"Literal[{', '.join(literal)}]"] if literal else []
            return [*members, "None"] if None in enum or "null" in type_list else members
        out: list[str] = []
        for t in type_list:
            if t == "null":
                out.append("None")
            elif t == "array":
                out.append(f"Sequence[{self.render(schema.get('items') or {}, depth + 1)}]")
            elif t == "object":
                out.append("Mapping[str, Any]")
            elif t == "string" and schema.get("format") == "binary":
                out.append("FileInput")
            else:
                out.append(_PRIMITIVES.get(str(t), "Any"))
        if not out:
            if "properties" in schema or "additionalProperties" in schema:
                return ["Mapping[str, Any]"]
            return ["Any"]
        return out

    def _ref_members(self, key: str, target: JSON, depth: int) -> list[str]:
        enum = target.get("enum")
        kind = main_type(target)
        primitive = kind in _PRIMITIVES and not enum and "properties" not in target
        if (isinstance(enum, list) and enum) or primitive or kind == "array":
            return self._members(target, depth + 1)
        variants = target.get("oneOf") or target.get("anyOf")
        if isinstance(variants, list) and variants and depth < 2:
            return self._members(target, depth + 1)
        name = self.models.schema_class(key)
        if name is None:
            return ["Mapping[str, Any]"]
        self.used_classes.add(name)
        # A component that is itself nullable (`type: [object, "null"]`) takes None too.
        return [name, "Mapping[str, Any]", *(["None"] if allows_null(target) else [])]


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    if "Any" in seen and len(seen) > 1:
        return ["Any"]
    return list(seen)
