"""Compare the operations (`METHOD /path`) of two specs: parameters, request body, responses.

Parameters and request bodies are what a client sends, success responses what it reads; their
inline schemas are compared with that usage. Parameters declared on the path item apply to each
of its operations (an operation's own parameter of the same name and location wins). Only
success (2xx) responses are compared: they decide what the generated methods return.
"""

from __future__ import annotations

from typing import Any

from .diff_model import Change, Kind, Usage, classify
from .diff_schema import SchemaComparer, Site
from .diff_usage import HTTP_METHODS

Operation = dict[str, Any]


class Operations:
    """The operations of one document, keyed `METHOD /path`, with local `$ref`s resolved."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self.by_key: dict[str, Operation] = {}
        paths = document.get("paths")
        for path, item in sorted((paths or {}).items()):
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    self.by_key[f"{method.upper()} {path}"] = self._resolved(item, item[method])

    def operation_ids(self) -> dict[str, str]:
        return {key: str(op.get("operationId") or "") for key, op in self.by_key.items()}

    def _resolved(self, item: dict[str, Any], op: dict[str, Any]) -> Operation:
        params: dict[tuple[str, str], Any] = {}
        for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            param = self._deref(raw)
            if isinstance(param, dict) and "name" in param:
                params[(str(param.get("in", "")), str(param["name"]))] = param
        responses = {
            str(code): self._deref(resp)
            for code, resp in (op.get("responses") or {}).items()
            if str(code).startswith("2")
        }
        return {
            "operationId": op.get("operationId"),
            "deprecated": op.get("deprecated") is True,
            "parameters": params,
            "requestBody": self._deref(op.get("requestBody")),
            "responses": responses,
        }

    def _deref(self, node: Any) -> Any:
        """Follow a `$ref` to a reusable parameter/body/response object (not to a schema)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/components/"):
                return node
            seen.add(ref)
            target: Any = self._document
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            node = target
        return node


def compare_operation(
    key: str, old: Operation, new: Operation, comparer: SchemaComparer
) -> list[Change]:
    """Every change of one operation present in both specs."""
    changes: list[Change] = []
    if old["deprecated"] != new["deprecated"]:
        kind = Kind.DEPRECATED if new["deprecated"] else Kind.UNDEPRECATED
        changes.append(_change(key, "", kind, Usage.REQUEST))
    if old["operationId"] != new["operationId"]:
        detail = f"`{old['operationId']}` -> `{new['operationId']}`"
        changes.append(_change(key, "", Kind.OPERATION_ID_CHANGED, Usage.REQUEST, detail))
    changes += _parameters(key, old["parameters"], new["parameters"], comparer)
    changes += _request_body(key, old["requestBody"], new["requestBody"], comparer)
    changes += _responses(key, old["responses"], new["responses"], comparer)
    return changes


def _parameters(
    key: str,
    old: dict[tuple[str, str], Any],
    new: dict[tuple[str, str], Any],
    comparer: SchemaComparer,
) -> list[Change]:
    changes: list[Change] = []
    for where, name in sorted(set(old) | set(new)):
        site = Site(key, f"{where}:{name}", Usage.REQUEST)
        before, after = old.get((where, name)), new.get((where, name))
        if after is None:
            changes.append(_change(key, site.location, Kind.PARAMETER_REMOVED, Usage.REQUEST))
            continue
        required = after.get("required") is True
        if before is None:
            kind = Kind.PARAMETER_ADDED_REQUIRED if required else Kind.PARAMETER_ADDED_OPTIONAL
            changes.append(_change(key, site.location, kind, Usage.REQUEST))
            continue
        if (before.get("required") is True) != required:
            kind = Kind.BECAME_REQUIRED if required else Kind.BECAME_OPTIONAL
            changes.append(_change(key, site.location, kind, Usage.REQUEST))
        if (before.get("deprecated") is True) != (after.get("deprecated") is True):
            kind = Kind.DEPRECATED if after.get("deprecated") is True else Kind.UNDEPRECATED
            changes.append(_change(key, site.location, kind, Usage.REQUEST))
        changes += comparer.compare(before.get("schema"), after.get("schema"), site)
    return changes


def _request_body(key: str, old: Any, new: Any, comparer: SchemaComparer) -> list[Change]:
    old_body = old if isinstance(old, dict) else None
    new_body = new if isinstance(new, dict) else None
    if old_body is None and new_body is None:
        return []
    if new_body is None:
        return [_change(key, "body", Kind.BODY_REMOVED, Usage.REQUEST)]
    required = new_body.get("required") is True
    if old_body is None:
        kind = Kind.PARAMETER_ADDED_REQUIRED if required else Kind.BODY_ADDED
        return [_change(key, "body", kind, Usage.REQUEST)]
    changes: list[Change] = []
    if (old_body.get("required") is True) != required:
        kind = Kind.BECAME_REQUIRED if required else Kind.BECAME_OPTIONAL
        changes.append(_change(key, "body", kind, Usage.REQUEST))
    return changes + _content(key, "body", old_body, new_body, Usage.REQUEST, comparer)


def _responses(
    key: str, old: dict[str, Any], new: dict[str, Any], comparer: SchemaComparer
) -> list[Change]:
    changes: list[Change] = []
    for code in sorted(set(old) | set(new)):
        where = f"response {code}"
        if code not in new:
            changes.append(_change(key, where, Kind.RESPONSE_REMOVED, Usage.RESPONSE))
        elif code not in old:
            changes.append(_change(key, where, Kind.RESPONSE_ADDED, Usage.RESPONSE))
        else:
            changes += _content(key, where, old[code], new[code], Usage.RESPONSE, comparer)
    return changes


def _content(
    key: str, where: str, old: Any, new: Any, usage: Usage, comparer: SchemaComparer
) -> list[Change]:
    """Media types added/removed, and schema changes of the ones in both."""
    old_content = _media_types(old)
    new_content = _media_types(new)
    changes: list[Change] = []
    for media in sorted(set(old_content) | set(new_content)):
        location = f"{where}({media})"
        if media not in new_content:
            changes.append(_change(key, location, Kind.CONTENT_TYPE_REMOVED, usage))
        elif media not in old_content:
            changes.append(_change(key, location, Kind.CONTENT_TYPE_ADDED, usage))
        else:
            site = Site(key, location, usage)
            changes += comparer.compare(old_content[media], new_content[media], site)
    return changes


def _media_types(holder: Any) -> dict[str, Any]:
    """media type -> schema, for a request body or response object."""
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict):
        return {}
    return {
        str(media): (obj.get("schema") if isinstance(obj, dict) else None)
        for media, obj in content.items()
    }


def _change(key: str, location: str, kind: Kind, usage: Usage, detail: str = "") -> Change:
    return Change(key, location, kind, classify(kind, usage), detail)
