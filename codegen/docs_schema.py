"""Reading schemas for the reference docs: what a spec says about one model or property.

`SpecDocs` holds one spec's normalised document and generator objects; `TypeText` renders a
schema as a Python-like type in Markdown, linking component models to their pages and
collecting inline objects (folded into the page that uses them) and long enumerations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .docs_text import MAX_INLINE_VALUES, description_text, escape, python_value, slug
from .errors import CodegenError
from .models import ModelIndex
from .normalize import iter_operations
from .operations import OperationModel, OperationSet

JSON = dict[str, Any]
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_SCHEMA_REF = "#/components/schemas/"
_MAX_DEPTH = 12
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


@dataclass
class SpecDocs:
    """One spec as the docs see it: the same objects the code generator built."""

    name: str
    sha256: str
    spec: JSON
    models: ModelIndex
    ops: OperationSet
    # `from ... import {name}` for a model, when the spec's models are importable publicly.
    import_line: str | None = None
    # The spec this one is compared with (the OpenAI spec for Azure), and the marker of the
    # fields and parameters the base spec does not have.
    base: SpecDocs | None = None
    only_label: str = ""
    class_of_key: dict[str, str] = field(init=False)
    key_of_class: dict[str, str] = field(init=False)
    raw_ops: dict[str, JSON] = field(init=False)

    def __post_init__(self) -> None:
        self.class_of_key, self.key_of_class = {}, {}
        for key in self.schemas:
            name = self.models.schema_class(key)
            if name is None:
                continue
            if name in self.key_of_class:
                raise CodegenError(
                    f"{self.name}: schemas {self.key_of_class[name]!r} and {key!r} both map to "
                    f"model class {name!r}; their reference pages would collide"
                )
            self.class_of_key[key], self.key_of_class[name] = name, key
        self.raw_ops = {
            str(raw.get("operationId") or f"{method} {path}"): raw
            for method, path, raw in iter_operations(self.spec)
        }

    @property
    def schemas(self) -> JSON:
        schemas = self.spec.get("components", {}).get("schemas", {})
        return schemas if isinstance(schemas, dict) else {}

    def resolve(self, schema: JSON) -> tuple[str | None, JSON]:
        """(component key when `schema` is a component $ref, the schema it stands for)."""
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            key = ref[len(_SCHEMA_REF) :]
            target = self.schemas.get(key)
            return key, target if isinstance(target, dict) else {}
        return None, schema

    def class_of_ref(self, ref: str | None) -> str | None:
        """`module:Class` (an OperationModel reference) -> `Class`."""
        return ref.split(":", 1)[1] if ref else None

    def operations(self) -> list[OperationModel]:
        return sorted(self.ops.operations, key=lambda op: op.client_method)


def unwrap(schema: JSON) -> tuple[JSON, bool]:
    """(the schema without its null alternative, whether null is allowed)."""
    nullable = schema.get("nullable") is True
    out = {k: v for k, v in schema.items() if k != "nullable"}
    kind = out.get("type")
    if isinstance(kind, list) and "null" in kind:
        nullable = True
        rest = [t for t in kind if t != "null"]
        out["type"] = rest[0] if len(rest) == 1 else rest
    if isinstance(out.get("enum"), list) and None in out["enum"]:
        nullable, out["enum"] = True, [v for v in out["enum"] if v is not None]
    for key in ("oneOf", "anyOf"):
        variants = out.get(key)
        if not isinstance(variants, list):
            continue
        kept = [v for v in variants if not (isinstance(v, dict) and v.get("type") == "null")]
        if len(kept) == len(variants):
            continue
        nullable = True
        if len(kept) == 1 and isinstance(kept[0], dict):
            outer = {k: v for k, v in out.items() if k != key}
            return {**kept[0], **outer}, nullable
        out[key] = kept
    return out, nullable


def is_nullable(docs: SpecDocs, schema: JSON, depth: int = 0) -> bool:
    """Null allowed here, directly or through the component it references."""
    if unwrap(schema)[1]:
        return True
    key, target = docs.resolve(schema)
    return key is not None and depth < 3 and is_nullable(docs, target, depth + 1)


def description_of(docs: SpecDocs, schema: JSON) -> tuple[str, bool]:
    """(Markdown description, whether it was borrowed from the referenced component)."""
    own, _ = unwrap(schema)
    text = description_text(own.get("description"))
    if text:
        return text, False
    key, target = docs.resolve(own)
    if key is not None:
        return description_text(unwrap(target)[0].get("description")), True
    return "", False


def default_of(schema: JSON) -> str:
    own, _ = unwrap(schema)
    return python_value(own["default"]) if "default" in own else ""


@dataclass(frozen=True)
class MergedObject:
    """An object schema's properties through `allOf`, with the components it extends."""

    properties: list[tuple[str, JSON]]
    required: set[str]
    bases: list[str]  # component keys named in allOf
    additional: JSON | bool | None


def merged_object(docs: SpecDocs, schema: JSON, depth: int = 0) -> MergedObject:
    own, _ = unwrap(schema)
    props: dict[str, JSON] = {}
    required: set[str] = set()
    bases: list[str] = []
    additional = own.get("additionalProperties")
    for part in own.get("allOf", []) if depth < _MAX_DEPTH else []:
        if not isinstance(part, dict):
            continue
        key, target = docs.resolve(part)
        if key is not None:
            bases.append(key)
        inner = merged_object(docs, target, depth + 1)
        props.update(inner.properties)
        required |= inner.required
    for name, prop in (own.get("properties") or {}).items():
        if isinstance(prop, dict):
            props[str(name)] = prop
    required |= {str(r) for r in own.get("required") or []}
    return MergedObject(list(props.items()), required, bases, additional)


def variants_of(schema: JSON) -> list[JSON]:
    own, _ = unwrap(schema)
    variants = own.get("oneOf") or own.get("anyOf") or []
    return [v for v in variants if isinstance(v, dict)] if isinstance(variants, list) else []


def discriminator_of(schema: JSON) -> tuple[str | None, dict[str, str]]:
    """(discriminator property, component key -> tag value) of a union schema."""
    disc = unwrap(schema)[0].get("discriminator")
    if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
        return None, {}
    mapping = disc.get("mapping") or {}
    tags = {str(ref).rsplit("/", 1)[1]: str(tag) for tag, ref in sorted(mapping.items())}
    return str(disc["propertyName"]), tags


def single_tag(docs: SpecDocs, schema: JSON, prop: str) -> str:
    """The one value a union variant pins for its tag property (`type`), or ''."""
    for name, prop_schema in merged_object(docs, schema).properties:
        if name != prop:
            continue
        own = unwrap(docs.resolve(prop_schema)[1])[0]
        if "const" in own:
            return str(own["const"])
        values = own.get("enum")
        return str(values[0]) if isinstance(values, list) and len(values) == 1 else ""
    return ""


def enum_values(schema: JSON) -> list[str]:
    """Allowed values as Python literals (`'auto'`), from `enum` or `const`."""
    own, _ = unwrap(schema)
    if "const" in own:
        return [python_value(own["const"])]
    values = own.get("enum")
    if not isinstance(values, list):
        return []
    return [python_value(v) for v in values if v is not None]


@dataclass
class InlineObject:
    """An inline object schema shown as a section of the page that uses it."""

    label: str  # `audio`, `tools[]`, `content (variant 2)`
    schema: JSON


@dataclass
class TypeText:
    """Renders schemas as Markdown types for one page; links go through `model_prefix`."""

    docs: SpecDocs
    model_prefix: str
    inline: list[InlineObject] = field(default_factory=list)
    long_enums: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, values)

    def link(self, class_name: str) -> str:
        return f"[{class_name}]({self.model_prefix}{class_name}.md)"

    def render(self, schema: Any, label: str, depth: int = 0) -> str:
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return "Any"
        key, target = self.docs.resolve(schema)
        if key is not None:
            name = self.docs.class_of_key.get(key)
            return self.link(name) if name else self.render(target, label, depth + 1)
        variants = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(variants, list) and variants:
            members = [
                self.render(v, f"{label} (variant {n})", depth + 1)
                for n, v in enumerate(variants, 1)
            ]
            return " | ".join(dict.fromkeys(members))
        all_of = [p for p in schema.get("allOf") or [] if isinstance(p, dict)]
        if all_of and not any("properties" in p for p in all_of):
            return " & ".join(self.render(p, label, depth + 1) for p in all_of)
        if all_of or "properties" in schema:
            return self._inline(schema, label)
        return self._typed(schema, label, depth)

    def _inline(self, schema: JSON, label: str) -> str:
        self.inline.append(InlineObject(label, schema))
        suffix = " | None" if unwrap(schema)[1] else ""
        return f"[object](#{slug(f'Object `{label}`')}){suffix}"

    def _typed(self, schema: JSON, label: str, depth: int) -> str:
        values = enum_values(schema)
        nullable = unwrap(schema)[1]
        if values:
            none = " | None" if nullable else ""
            if len(values) <= MAX_INLINE_VALUES:
                return escape(f"Literal[{', '.join(values)}]") + none
            self.long_enums.append((label, values))
            more = f"[…{len(values) - 3} more](#{slug(f'`{label}` values')})"
            return escape(f"Literal[{', '.join(values[:3])}, ") + more + escape("]") + none
        kinds = schema.get("type")
        kind_list = kinds if isinstance(kinds, list) else [kinds] if kinds else []
        out = [self._one_type(schema, str(k), label, depth) for k in kind_list]
        if nullable and "None" not in out:
            out.append("None")
        return " | ".join(dict.fromkeys(out)) if out else "Any"

    def _one_type(self, schema: JSON, kind: str, label: str, depth: int) -> str:
        if kind == "null":
            return "None"
        if kind == "array":
            return f"list\\[{self.render(schema.get('items'), f'{label}[]', depth + 1)}\\]"
        if kind == "object":
            extra = schema.get("additionalProperties")
            value = (
                self.render(extra, f"{label}{{}}", depth + 1) if isinstance(extra, dict) else "Any"
            )
            return f"dict\\[str, {value}\\]"
        if kind == "string" and (schema.get("format") == "binary" or "contentMediaType" in schema):
            return "bytes"
        return _PRIMITIVES.get(kind, "Any")


def link_type_expr(type_expr: str, classes: set[str], model_prefix: str) -> str:
    """A generated type expression as Markdown, its model class names linked to their pages."""
    out: list[str] = []
    for n, part in enumerate(_QUOTED.split(type_expr)):
        if n % 2:  # a quoted Literal value: never a class name
            out.append(escape(part))
            continue
        last = 0
        for match in _IDENTIFIER.finditer(part):
            out.append(escape(part[last : match.start()]))
            word = match.group(0)
            out.append(f"[{word}]({model_prefix}{word}.md)" if word in classes else escape(word))
            last = match.end()
        out.append(escape(part[last:]))
    return "".join(out)
