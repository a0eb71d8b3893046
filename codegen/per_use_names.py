"""Results carry the class name openai-python gives them at each use of a shared schema.

The spec describes a container once (`ContainerResource`) and returns it from `containers.create`,
`.retrieve` and `.list`; openai-python has a class per use (`ContainerCreateResponse`,
`ContainerRetrieveResponse`, `ContainerListResponse`), and user code sees those names in reprs,
`type(x).__name__` and `openai.types`. The name map gives each schema one name, so without this
step every use returned the first (`containers.list()` items read `ContainerCreateResponse`).

For each operation openai-python's method map names a return for (`SyncCursorPage[ContainerListResponse]`),
when that name is an openai model matched to the very schema the operation returns (or pages over)
but the schema's class carries another name, a component `{that name}: {allOf: [{$ref: schema}]}` is
added - a subclass of the shared model, so `isinstance(item, ContainerCreateResponse)` still holds -
and the operation returns it (`x-openai-compat-result` on the operation), or its list envelope's
`data` items refer to it (an envelope other operations also return is copied for this one first). The mirror exports the
subclass under openai's name (`openai_compat.types.ContainerListResponse`).

Where openai's name is taken by another schema, the class is qualified as the name map does
(`ContainersFileListResponse`) and shows openai's name. Returns openai-python types as unions
(`ResponseItem`) or does not match to the schema are left alone.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .refnames.methods import MethodMap, http_key

if TYPE_CHECKING:
    from .typemap import AppliedNames, Entry

JSON = dict[str, Any]
_COMPONENT = "#/components/schemas/"
_METHODS = ("get", "put", "post", "delete", "patch")
# The operation extension naming the component an operation returns in place of its response's.
RESULT_KEY = "x-openai-compat-result"
# typemap._unique: `name` qualified by openai's module where taken (`ContainersFileListResponse`).
Qualify = Callable[[dict[str, Any], str, "Entry", bool], str]
_PAGE = re.compile(r"\w*Page\[(\w+)\]")


@dataclass(frozen=True)
class PerUse:
    """One operation's result class made for its use."""

    operation: str  # `GET /containers`
    schema: str  # the shared schema's key (`ContainerCreateResponse`)
    key: str  # the per-use component's key (`ContainerListResponse`)
    page: bool  # the operation pages over it


def add_per_use_classes(
    spec: JSON, names: AppliedNames, methods: MethodMap, unique: Qualify
) -> list[PerUse]:
    """Add the per-use components to `spec` and point operations at them; record in `names`
    where openai's names now live. `unique(taken, name, entry)` qualifies a taken name."""
    schemas: JSON = spec["components"]["schemas"]
    envelope_uses = Counter(
        key for _, _, op in _operations(spec) if (key := _json_response_key(op)) is not None
    )
    made: dict[tuple[str, str], tuple[str, Entry]] = {}  # (schema, openai name) -> key, entry
    envelopes: dict[tuple[str, str], str] = {}  # (shared envelope, per-use key) -> its copy
    anchors: dict[str, str] = {}  # added component -> the schema it comes from
    added: list[PerUse] = []
    for method, path, op in _operations(spec):
        mapped = methods.lookup(method, path)
        response_key = _json_response_key(op)
        if mapped is None or response_key is None:
            continue
        page = _PAGE.fullmatch(mapped.returns)
        wanted = page.group(1) if page else mapped.returns
        schema_key = _page_item_key(schemas, response_key) if page else response_key
        if schema_key is None or not re.fullmatch(r"\w+", wanted):
            continue
        if names.display.get(schema_key, schema_key) == wanted:
            continue  # the shared class already carries openai's name here
        entries = _entries_at(names, wanted, schema_key)
        if (schema_key, wanted) not in made:
            if not entries:
                continue
            new = _free_name(schemas, wanted, entries[0], unique)
            schemas[new] = _subclass_of(schemas, schema_key)
            anchors[new] = schema_key
            made[(schema_key, wanted)] = (new, entries[0])
            if new != wanted:
                names.display[new] = wanted
        key, entry = made[(schema_key, wanted)]
        for other in entries:
            names.key_of[other] = key
        if page:
            envelope = response_key
            if envelope_uses[envelope] > 1:  # another operation returns it too: its own copy
                if (response_key, key) not in envelopes:
                    copied = _free_name(schemas, f"{key}Page", entry, unique)
                    schemas[copied] = copy.deepcopy(schemas[response_key])
                    anchors[copied] = response_key
                    envelopes[(response_key, key)] = copied
                envelope = envelopes[(response_key, key)]
                _set_json_response_key(op, envelope)
            schemas[envelope]["properties"]["data"]["items"] = {"$ref": _COMPONENT + key}
        else:
            _set_json_response_key(op, key)
        added.append(PerUse(http_key(method, path), schema_key, key, bool(page)))
    _place_beside_their_schema(spec, anchors)
    return added


def _place_beside_their_schema(spec: JSON, anchors: dict[str, str]) -> None:
    """Each added component right after the schema it comes from. Where a component sits can
    matter to datamodel-codegen's naming (after the `$recursiveRef: "#"` normalize.py now removes,
    models were named with the document's name in front: `SpecContainerRetrieveResponse`)."""
    schemas: JSON = spec["components"]["schemas"]
    after: dict[str, list[str]] = {}
    for key, anchor in anchors.items():
        after.setdefault(anchor, []).append(key)
    moved = set(anchors)
    ordered: JSON = {}
    for key, schema in schemas.items():
        if key in moved:
            continue
        ordered[key] = schema
        for extra in after.get(key, []):
            ordered[extra] = schemas[extra]
    spec["components"]["schemas"] = ordered


def _operations(spec: JSON) -> list[tuple[str, str, JSON]]:
    out = []
    for path, item in sorted(spec.get("paths", {}).items()):
        if isinstance(item, dict):
            out += [(m, path, item[m]) for m in _METHODS if isinstance(item.get(m), dict)]
    return out


def _json_media(op: JSON) -> JSON | None:
    for status in sorted(op.get("responses") or {}):
        response = op["responses"][status]
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        content = response.get("content") or {}
        return next((m for ct, m in content.items() if "json" in ct and isinstance(m, dict)), None)
    return None


def _json_response_key(op: JSON) -> str | None:
    if isinstance(op.get(RESULT_KEY), str):
        return str(op[RESULT_KEY])
    media = _json_media(op)
    ref = (media or {}).get("schema", {}).get("$ref")
    return ref[len(_COMPONENT) :] if isinstance(ref, str) and ref.startswith(_COMPONENT) else None


def _set_json_response_key(op: JSON, key: str) -> None:
    # Said beside the response, not in place of its `$ref`: datamodel-codegen renames a component
    # that only a path refers to (`SpecContainerRetrieveResponse`). codegen/operations.py reads it.
    op[RESULT_KEY] = key


def _page_item_key(schemas: JSON, envelope: str) -> str | None:
    data = (schemas.get(envelope) or {}).get("properties", {}).get("data")
    ref = (data or {}).get("items", {}).get("$ref") if isinstance(data, dict) else None
    return ref[len(_COMPONENT) :] if isinstance(ref, str) and ref.startswith(_COMPONENT) else None


def _entries_at(names: AppliedNames, wanted: str, schema_key: str) -> list[Entry]:
    """openai's models named `wanted` that match the schema `schema_key` (one per module)."""
    return sorted(
        (e for e, key in names.key_of.items()
         if e.name == wanted and e.kind == "model" and key == schema_key),
        key=lambda e: e.module,
    )  # fmt: skip


def _free_name(schemas: JSON, name: str, entry: Entry, unique: Qualify) -> str:
    taken = {k.lower() for k in schemas}
    if name.lower() not in taken:
        return name
    return unique({k: None for k in schemas}, name, entry, True)


def _subclass_of(schemas: JSON, schema_key: str) -> JSON:
    """A component that is the shared schema under another name: a subclass of its model."""
    sub: JSON = {"allOf": [{"$ref": _COMPONENT + schema_key}]}
    description = schemas[schema_key].get("description")
    if isinstance(description, str):
        sub["description"] = description
    return sub
