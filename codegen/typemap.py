"""openai-python's type names applied to a normalised spec, from the committed types map.

`spec/openai-python-3.54.0.types.json` (written by `make refnames-types`, see
`codegen/refnames/types.py`) says which spec schema or inline sub-schema each openai type matches.
Generation reads only that file. Applying it:

1. Inline sub-schemas the map names (objects, unions, enums inside other schemas) are hoisted into
   component schemas, so the model generator gives them a class of their own under that name
   instead of one derived from its position (`Datum`, `...Item`).
2. Component schemas matched by an openai *model* are renamed to that model's name
   (`CreateChatCompletionResponse` -> `ChatCompletion`). openai reuses short names across modules
   (`chat_completion.Choice`, `chat_completion_chunk.Choice`); one package of models needs unique
   class names, so the second gets its module's name in front (`ChatCompletionChunkChoice`) and
   keeps `Choice` as its display name: the class's `__name__` (and so its repr) reads `Choice`.
   Schemas only requests use keep the spec's names: users meet those as TypedDicts.

The result tells the mirror renderer (`codegen/mirror.py`) where every openai name now lives.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import class_name_for_key
from .naming import method_map
from .per_use_names import add_per_use_classes
from .pins import SPEC_DIR

JSON = dict[str, Any]
TYPES_MAP = SPEC_DIR / "openai-python-3.54.0.types.json"
_COMPONENT = "#/components/schemas/"
_FIELD_KEYS = ("description", "deprecated", "default")
# Keys that describe a field's use, not its type: they leave the hoisted schema for the field.
_USE_KEYS = ("deprecated", "default")


@dataclass(frozen=True)
class Entry:
    """One openai type of the map: where openai has it, and what it is."""

    module: str  # openai.types.chat.chat_completion
    name: str  # Choice
    kind: str  # model | typeddict | alias
    side: str  # response | request


@dataclass
class AppliedNames:
    """Where each openai type lives after `apply_names`."""

    # openai type -> component key of its schema (after hoisting and renaming), when it has one
    key_of: dict[Entry, str] = field(default_factory=dict)
    # openai type -> its schema when it is an inline schema that was not hoisted
    node_of: dict[Entry, JSON] = field(default_factory=dict)
    # class name (component key) -> the name users see, where they differ
    display: dict[str, str] = field(default_factory=dict)
    exports: dict[str, dict[str, str]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


def load_types_map(path: Path = TYPES_MAP) -> JSON | None:
    if not path.is_file():
        return None
    loaded: JSON = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _pointer_node(spec: JSON, pointer: str) -> Any:
    node: Any = spec
    for part in pointer.lstrip("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)] if part.isdigit() and int(part) < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _query_object(parameters: list[Any]) -> JSON:
    """The query parameters of an operation as one object schema (for a params TypedDict)."""
    query = [p for p in parameters if isinstance(p, dict) and p.get("in") == "query"]
    return {
        "type": "object",
        "properties": {str(p["name"]): p.get("schema") or {} for p in query},
        "required": [str(p["name"]) for p in query if p.get("required")],
    }


def _is_nameable(node: Any) -> bool:
    """An inline schema worth a class (or alias) of its own: an object or a union of several."""
    if not isinstance(node, dict) or "$ref" in node:
        return False
    variants = [v for v in node.get("oneOf") or node.get("anyOf") or [] if v != {"type": "null"}]
    return bool(node.get("properties") or node.get("allOf") or len(variants) > 1)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _home_first(entries: list[Entry]) -> list[Entry]:
    """Entries ordered by how well they name a schema: a module's own type first, then the most
    common name, then alphabetically (so the choice is stable)."""
    counts = Counter(e.name for e in entries)
    return sorted(
        entries,
        key=lambda e: (
            _snake(e.name) != e.module.rsplit(".", 1)[1],
            -counts[e.name],
            e.name,
            e.module,
        ),
    )


def _module_prefix(module: str) -> str:
    return class_name_for_key(module.rsplit(".", 1)[1])


def apply_names(spec: JSON, tmap: JSON, exact: bool = True) -> AppliedNames:
    """Hoist and rename `spec`'s schemas (in place) as the map says; tell where names went.

    `exact`: the map was made from this very spec. Otherwise (another version of it: a spec
    bump before `make refnames-types`) only names of component schemas are applied - a key
    means the same schema across versions; a JSON pointer into another version may not.
    """
    schemas: JSON = spec["components"]["schemas"]
    result = AppliedNames(exports=tmap.get("exports", {}))
    located: dict[Entry, Any] = {}  # entry -> component key (str) or inline node (dict)
    for raw in tmap["types"]:
        entry = Entry(raw["module"], raw["name"], raw["kind"], raw["side"])
        result.entries.append(entry)
        where = raw["schema"]
        if not where.startswith("#"):
            if where in schemas:
                located[entry] = where
            continue
        if not exact:
            continue
        node = _pointer_node(spec, where)
        if isinstance(node, list) and entry.kind == "typeddict":
            node = _query_object(node)  # a GET's params TypedDict: its query parameters
        if isinstance(node, dict):
            located[entry] = node
    # 1. Hoist the inline schemas the map names (all of them found before any moves).
    by_node: dict[int, list[Entry]] = {}
    nodes: dict[int, JSON] = {}
    for entry, where in located.items():
        # Only names users meet in results: request types (TypedDicts and their unions) are
        # rendered by the mirror from the inline schema itself.
        if (
            isinstance(where, dict)
            and _is_nameable(where)
            and entry.kind != "typeddict"
            and entry.side == "response"
        ):
            by_node.setdefault(id(where), []).append(entry)
            nodes[id(where)] = where
    hoisted: dict[int, str] = {}
    for node_id, entries in sorted(by_node.items(), key=lambda item: _hoist_order(item[1])):
        best = _preferred(entries)
        key = _unique(schemas, best.name, best, _degenerate(best.name))
        schemas[key] = nodes[node_id]
        hoisted[node_id] = key
    _replace_nodes(spec, hoisted, nodes)
    for entry, where in list(located.items()):
        if isinstance(where, dict) and id(where) in hoisted:
            located[entry] = hoisted[id(where)]
    # 2. Rename components matched by openai models.
    models_of: dict[str, list[Entry]] = {}
    for entry, where in located.items():
        if isinstance(where, str) and entry.kind == "model":
            models_of.setdefault(where, []).append(entry)
    # A spec schema takes an openai name when that name is the type of its own module
    # (`chat_completion.ChatCompletion`) or names only this schema; a nested name openai uses for
    # several things (`Data`, `Moderation`) would say less than the spec's name, which stays.
    uses = Counter(e.name for e in result.entries if e.kind == "model")
    hoisted_keys = set(hoisted.values())
    chosen: dict[str, Entry] = {}
    for key, entries in models_of.items():
        best = _home_first(entries)[0]
        own_module = _snake(best.name) == best.module.rsplit(".", 1)[1]
        unique = uses[best.name] == len(entries) and not _degenerate(best.name)
        if key in hoisted_keys or own_module or unique:
            chosen[key] = best
    renames: dict[str, str] = {}
    taken = set(schemas) - set(chosen)
    # Schemas already named as openai names them keep their name; then the rest, in key order.
    for key in sorted(chosen, key=lambda k: (chosen[k].name != k, k)):
        best = chosen[key]
        free = best.name.lower() not in {t.lower() for t in taken} and not _degenerate(best.name)
        new = best.name if free else _unique({k: None for k in taken}, best.name, best, True)
        taken.add(new)
        renames[key] = new
        if new != best.name:
            result.display[new] = best.name
    _rename_components(spec, renames)
    for entry, where in located.items():
        if isinstance(where, str):
            result.key_of[entry] = renames.get(where, where)
        else:
            result.node_of[entry] = where
    # Per-use result classes (codegen/per_use_names.py): from component names and the method
    # map's HTTP operations, which mean the same across versions of the spec.
    add_per_use_classes(spec, result, method_map(), _unique)
    return result


def _hoist_order(entries: list[Entry]) -> tuple[int, str, str]:
    best = _preferred(entries)
    return (0 if best.kind == "model" else 1, best.module, best.name)


def _preferred(entries: list[Entry]) -> Entry:
    ranked = {"model": 0, "alias": 1, "typeddict": 2}
    return sorted(_home_first(entries), key=lambda e: ranked.get(e.kind, 3))[0]


_DEGENERATE = frozenset({"Data", "Datum", "Item", "Items", "Type", "Object", "Value"})


def _degenerate(name: str) -> bool:
    """A name that says nothing on its own (`Data`) or was numbered (`Model1`)."""
    return name in _DEGENERATE or name[-1:].isdigit()


def _unique(schemas: dict[str, Any], name: str, entry: Entry, qualify: bool = False) -> str:
    """`name` if free, else qualified by openai's module (`ChatCompletionChunkChoice`)."""
    candidates = [] if qualify else [name]
    prefix = _module_prefix(entry.module)
    if not name.startswith(prefix):
        candidates.append(prefix + name)
    parent = class_name_for_key(entry.module.rsplit(".", 2)[-2])
    candidates += [parent + name, parent + prefix + name]
    # Case-insensitively: `LogProb` and `Logprob` would share a docs page (and a file, on
    # case-insensitive disks).
    folded = {k.lower() for k in schemas}
    for candidate in candidates:
        if candidate.lower() not in folded:
            return candidate
    n = 2
    while f"{candidates[-1]}{n}".lower() in folded:
        n += 1
    return f"{candidates[-1]}{n}"


def _replace_nodes(spec: JSON, hoisted: dict[int, str], nodes: dict[int, JSON]) -> None:
    """Put a `$ref` where each hoisted node was (inside other schemas and operations)."""

    def visit(node: Any, top: bool = False) -> Any:
        if isinstance(node, dict):
            if not top and id(node) in hoisted:
                # What describes the field stays with the field (docs, deprecation).
                kept = kept_at_site.get(id(node), {})
                ref = {"$ref": _COMPONENT + hoisted[id(node)]}
                if nullable.get(id(node)):  # the null stays with the field, not the class
                    return {"anyOf": [ref, {"type": "null"}], **kept}
                return {**ref, **kept}
            for key, value in list(node.items()):
                node[key] = visit(value)
            return node
        if isinstance(node, list):
            return [visit(v) for v in node]
        return node

    kept_at_site: dict[int, JSON] = {}
    for node_id, node in nodes.items():
        if node_id in hoisted:
            kept_at_site[node_id] = {k: node[k] for k in _FIELD_KEYS if k in node}
            for key in _USE_KEYS:
                node.pop(key, None)
    nullable: dict[int, bool] = {}
    for node_id, node in nodes.items():
        kind = node.get("type")
        if id(node) in hoisted and isinstance(kind, list) and "null" in kind:
            rest = [k for k in kind if k != "null"]
            node["type"] = rest[0] if len(rest) == 1 else rest
            nullable[node_id] = True
    schemas = spec["components"]["schemas"]
    for key in list(schemas):
        schemas[key] = visit(schemas[key], top=True)
    for name, value in spec.items():
        if name != "components":
            spec[name] = visit(value)


def _rename_components(spec: JSON, renames: dict[str, str]) -> None:
    if not any(old != new for old, new in renames.items()):
        return
    schemas: JSON = spec["components"]["schemas"]
    spec["components"]["schemas"] = {renames.get(k, k): v for k, v in schemas.items()}
    old_refs = {_COMPONENT + old: _COMPONENT + new for old, new in renames.items() if old != new}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and value in old_refs and key in ("$ref",):
                    node[key] = old_refs[value]
                elif key == "mapping" and isinstance(value, dict):
                    for tag, ref in value.items():
                        if ref in old_refs:
                            value[tag] = old_refs[ref]
                else:
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(spec)


def prepared_spec(spec_path: Path, spec_name: str) -> tuple[JSON, AppliedNames | None]:
    """The spec as generation reads it: normalised, with openai-python's names when the map was
    made from a spec of this name (all of them when from this very file); others keep theirs."""
    from .document import read_document
    from .normalize import normalize
    from .pins import sha256_of

    spec = normalize(read_document(spec_path))  # first: it explains a missing or bad file
    tmap = load_types_map()
    if tmap is None or tmap.get("spec", {}).get("name") != spec_name:
        return spec, None
    exact = tmap["spec"].get("sha256") == sha256_of(spec_path)
    return spec, apply_names(spec, tmap, exact=exact)
