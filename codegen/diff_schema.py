"""Compare two JSON Schemas (OpenAPI 3.0 or 3.1 flavour) and list classified changes.

Only inline structure is walked: a `$ref` is a name here, and the schema it names is compared
on its own under its key, so every change is reported once, where it was made. Nullability is
read in all three spellings - 3.0 `nullable: true`, 3.1 `type: [x, "null"]`, and an
`anyOf`/`oneOf` member `{type: "null"}` - and reported apart from the other type changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .diff_model import Change, Kind, Usage, classify

SCHEMA_PREFIX = "#/components/schemas/"
NULL = "null"
NAME_MARK = "$"  # type atoms naming a schema start with it; JSON type names never do


@dataclass(frozen=True)
class Site:
    """Where a schema sits: the report subject, the dotted path inside it, and its usage."""

    subject: str
    location: str
    usage: Usage

    def child(self, suffix: str) -> Site:
        """`suffix` is a property name, `[]` (array items) or `{}` (map values)."""
        glued = not self.location or suffix in ("[]", "{}")
        location = f"{self.location}{suffix}" if glued else f"{self.location}.{suffix}"
        return Site(self.subject, location, self.usage)


def ref_name(schema: Any) -> str | None:
    """`Foo` for `{"$ref": "#/components/schemas/Foo"}`, else None."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        return ref[len(SCHEMA_PREFIX) :]
    return ref if isinstance(ref, str) else None


def _union(schema: dict[str, Any]) -> list[Any] | None:
    for key in ("anyOf", "oneOf"):
        members = schema.get(key)
        if isinstance(members, list):
            return members
    return None


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == NULL and len(schema) <= 2


def _variant_name(member: Any) -> str | None:
    """A union member with an identity of its own: a `$ref`, or an inline schema with a title."""
    if not isinstance(member, dict):
        return None
    name = ref_name(member)
    if name is None and isinstance(member.get("title"), str) and not _is_null(member):
        return f"{member['title']} (inline)"
    return name


def type_atoms(schema: Any) -> frozenset[str]:
    """The set of types a value may have: JSON types, `null`, and referenced schema names."""
    if not isinstance(schema, dict):
        return frozenset({"any"})
    name = _variant_name(schema)
    if name is not None:
        return frozenset({NAME_MARK + name})
    atoms: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, str):
        atoms.add(declared)
    elif isinstance(declared, list):
        atoms.update(str(t) for t in declared)
    if schema.get("nullable") is True or None in _enum_list(schema):
        atoms.add(NULL)
    members = _union(schema)
    if members is not None:
        for member in members:
            atoms |= type_atoms(member)
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and not declared:
        # One member is an alias of it; several compose an object.
        atoms |= type_atoms(all_of[0]) if len(all_of) == 1 else {"object"}
    if not declared and "properties" in schema:
        atoms.add("object")
    return frozenset(atoms or {"any"})


def _enum_list(schema: dict[str, Any]) -> list[Any]:
    values = schema.get("enum")
    if isinstance(values, list):
        return values
    return [schema["const"]] if "const" in schema else []


def enum_values(schema: Any) -> tuple[set[str], bool]:
    """Allowed values (as JSON text) of a schema and its inline union members, and whether the
    union also takes any value of that type (`anyOf: [{type: string}, {enum: [...]}]`)."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return set(), False
    values = {json.dumps(v, sort_keys=True) for v in _enum_list(schema) if v is not None}
    members = _union(schema) or []
    is_open = False
    for member in members:
        if not isinstance(member, dict) or "$ref" in member or _is_null(member):
            continue
        if _enum_list(member):
            values |= enum_values(member)[0]
        elif member.get("type") in ("string", "integer", "number"):
            is_open = True
    return values, is_open and bool(values)


def _body(schema: Any) -> dict[str, Any]:
    """The object part of a schema: itself, or the one inline non-null member of a union."""
    if not isinstance(schema, dict):
        return {}
    members = _union(schema)
    if members is not None:
        rest = [m for m in members if not _is_null(m)]
        if len(rest) == 1 and isinstance(rest[0], dict) and "$ref" not in rest[0]:
            return _body(rest[0])
    return schema


def flatten(schema: Any) -> tuple[dict[str, Any], set[str], list[str]]:
    """Properties, required names and `$ref` bases of an object, merging inline `allOf` parts."""
    body = _body(schema)
    props: dict[str, Any] = {}
    required: set[str] = set()
    bases: list[str] = []
    props_here = body.get("properties")
    if isinstance(props_here, dict):
        props.update(props_here)
    req_here = body.get("required")
    if isinstance(req_here, list):
        required.update(str(r) for r in req_here)
    for part in body.get("allOf") or []:
        name = ref_name(part)
        if name is not None:
            bases.append(name)
            continue
        part_props, part_required, part_bases = flatten(part)
        props.update(part_props)
        required |= part_required
        bases.extend(part_bases)
    return props, required, bases


class SchemaComparer:
    """Compares schemas; knows the new document's schemas to judge an added `allOf` base."""

    def __init__(self, new_schemas: dict[str, Any]) -> None:
        self._new_schemas = new_schemas

    def compare(self, old: Any, new: Any, site: Site) -> list[Change]:
        """All changes from `old` to `new` at `site`, recursing through inline structure."""
        if old == new:
            return []
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        changes = [
            *self._deprecation(old, new, site),
            *self._types(old, new, site),
            *self._enums(old, new, site),
            *self._bases(old, new, site),
            *self._properties(old, new, site),
        ]
        for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            old_sub, new_sub = _body(old).get(key), _body(new).get(key)
            if isinstance(old_sub, dict) and isinstance(new_sub, dict):
                changes += self.compare(old_sub, new_sub, site.child(suffix))
        return changes

    def _deprecation(self, old: dict[str, Any], new: dict[str, Any], site: Site) -> list[Change]:
        was, now = old.get("deprecated") is True, new.get("deprecated") is True
        if was == now:
            return []
        kind = Kind.DEPRECATED if now else Kind.UNDEPRECATED
        return [_change(site, kind)]

    def _types(self, old: dict[str, Any], new: dict[str, Any], site: Site) -> list[Change]:
        before, after = type_atoms(old), type_atoms(new)
        changes: list[Change] = []
        if (NULL in before) != (NULL in after):
            kind = Kind.NULLABLE_ADDED if NULL in after else Kind.NULLABLE_REMOVED
            changes.append(_change(site, kind))
        before, after = before - {NULL}, after - {NULL}
        if before == after:
            return changes
        if _union(old) is not None and _union(new) is not None:
            return changes + _union_members(before, after, site)
        detail = f"{_show(before)} -> {_show(after)}"
        return [*changes, _change(site, _type_change_kind(before, after), detail)]

    def _enums(self, old: dict[str, Any], new: dict[str, Any], site: Site) -> list[Change]:
        if type_atoms(old) - {NULL} != type_atoms(new) - {NULL}:
            return []  # already reported as a type change
        before, was_open = enum_values(old)
        after, is_open = enum_values(new)
        closed_before, closed_after = bool(before) and not was_open, bool(after) and not is_open
        if closed_before != closed_after:
            kind = Kind.TYPE_NARROWED if closed_after else Kind.TYPE_WIDENED
            detail = "now restricted to listed values" if closed_after else "any value accepted"
            return [_change(site, kind, detail)]
        if not before or not after:
            return []
        removed_kind = Kind.ENUM_VALUE_REMOVED if closed_after else Kind.OPEN_ENUM_VALUE_REMOVED
        return [_change(site, Kind.ENUM_VALUE_ADDED, v) for v in sorted(after - before)] + [
            _change(site, removed_kind, v) for v in sorted(before - after)
        ]

    def _bases(self, old: dict[str, Any], new: dict[str, Any], site: Site) -> list[Change]:
        if _is_alias(old) or _is_alias(new):
            return []  # `allOf: [$ref]` is the referenced type, judged in _types
        before, after = set(flatten(old)[2]), set(flatten(new)[2])
        changes = [_change(site, Kind.BASE_REMOVED, f"`{b}`") for b in sorted(before - after)]
        for base in sorted(after - before):
            required = flatten(self._new_schemas.get(base))[1]
            kind = Kind.BASE_ADDED_REQUIRED if required else Kind.BASE_ADDED
            changes.append(_change(site, kind, f"`{base}`"))
        return changes

    def _properties(self, old: dict[str, Any], new: dict[str, Any], site: Site) -> list[Change]:
        old_props, old_req, _ = flatten(old)
        new_props, new_req, _ = flatten(new)
        changes: list[Change] = []
        for name in sorted(set(old_props) | set(new_props)):
            here = site.child(name)
            if name not in new_props:
                changes.append(_change(here, Kind.PROPERTY_REMOVED))
            elif name not in old_props:
                required = name in new_req
                kind = Kind.PROPERTY_ADDED_REQUIRED if required else Kind.PROPERTY_ADDED_OPTIONAL
                changes.append(_change(here, kind, _show(type_atoms(new_props[name]))))
            else:
                if (name in old_req) != (name in new_req):
                    kind = Kind.BECAME_REQUIRED if name in new_req else Kind.BECAME_OPTIONAL
                    changes.append(_change(here, kind))
                changes += self.compare(old_props[name], new_props[name], here)
        return changes


def _union_members(before: frozenset[str], after: frozenset[str], site: Site) -> list[Change]:
    """One change per union member added or dropped. A new named member is tolerated like an
    enum value only where the union already held named members (a new event type); a first
    object among primitives, or a new primitive, changes what readers must handle."""
    had_named = any(_is_name(a) for a in before)
    changes = []
    for atom in sorted(after - before):
        shown = _show(frozenset({atom}))
        if had_named and _is_name(atom):
            changes.append(_change(site, Kind.VARIANT_ADDED, shown))
        else:
            changes.append(_change(site, Kind.TYPE_WIDENED, f"adds {shown}"))
    for atom in sorted(before - after):
        shown = _show(frozenset({atom}))
        if _is_name(atom):
            changes.append(_change(site, Kind.VARIANT_REMOVED, shown))
        else:
            changes.append(_change(site, Kind.TYPE_NARROWED, f"drops {shown}"))
    return changes


def _is_name(atom: str) -> bool:
    return atom.startswith(NAME_MARK)


def _is_alias(schema: dict[str, Any]) -> bool:
    all_of = _body(schema).get("allOf")
    return isinstance(all_of, list) and len(all_of) == 1


def _type_change_kind(before: frozenset[str], after: frozenset[str]) -> Kind:
    """Widened when every old value is still allowed, narrowed when no new value is new."""
    if _covers(after, before):
        return Kind.TYPE_WIDENED
    if _covers(before, after):
        return Kind.TYPE_NARROWED
    return Kind.TYPE_CHANGED


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Whether every value of the `narrow` types is one of the `wide` types."""
    if "any" in wide:
        return True
    return all(a in wide or (a == "integer" and "number" in wide) for a in narrow)


def _show(atoms: frozenset[str]) -> str:
    return " | ".join(f"`{a.removeprefix(NAME_MARK)}`" for a in sorted(atoms)) or "`null`"


def _change(site: Site, kind: Kind, detail: str = "") -> Change:
    return Change(site.subject, site.location, kind, classify(kind, site.usage), detail)


def iter_schema_keys(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """`(key, schema)` of `components.schemas`, in sorted key order."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict):
        yield from sorted(schemas.items())
