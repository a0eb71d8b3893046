"""Which component schemas a client sends (requests) and which it reads (responses).

Walks `$ref`s from every operation's parameters and request body (request side) and from its
responses (response side). Webhook payloads are delivered *to* the user, so a webhook's request
body counts as something the client reads. References into `#/components/{parameters,
requestBodies,responses,...}` are followed too, so a shared response object is not missed.
"""

from __future__ import annotations

from typing import Any

from .diff_model import Usage

SCHEMA_PREFIX = "#/components/schemas/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def schema_usage(document: dict[str, Any]) -> dict[str, Usage]:
    """Usage of every schema key in `components.schemas` (Usage.NONE when unreachable)."""
    request_roots: list[Any] = []
    response_roots: list[Any] = []
    for item in _path_items(document.get("paths")):
        request_roots.append(item.get("parameters"))
        for op in _operations(item):
            request_roots.extend([op.get("parameters"), op.get("requestBody")])
            response_roots.append(op.get("responses"))
    for item in _path_items(document.get("webhooks")):
        for op in _operations(item):
            response_roots.extend([op.get("parameters"), op.get("requestBody")])
    sent = _reachable_schemas(document, request_roots)
    read = _reachable_schemas(document, response_roots)
    usage: dict[str, Usage] = {}
    for name in _schemas(document):
        flags = Usage.NONE
        if name in sent:
            flags |= Usage.REQUEST
        if name in read:
            flags |= Usage.RESPONSE
        usage[name] = flags
    return usage


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _path_items(paths: Any) -> list[dict[str, Any]]:
    if not isinstance(paths, dict):
        return []
    return [item for item in paths.values() if isinstance(item, dict)]


def _operations(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [item[m] for m in HTTP_METHODS if isinstance(item.get(m), dict)]


def _resolve_pointer(document: dict[str, Any], ref: str) -> Any:
    """The node a local `#/a/b` reference points to, or None for a dangling or remote ref."""
    if not ref.startswith("#/"):
        return None
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _reachable_schemas(document: dict[str, Any], roots: list[Any]) -> set[str]:
    """Schema keys reachable from `roots` by following local `$ref`s transitively."""
    found: set[str] = set()
    seen_refs: set[str] = set()
    stack: list[Any] = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen_refs:
                seen_refs.add(ref)
                if ref.startswith(SCHEMA_PREFIX):
                    found.add(ref[len(SCHEMA_PREFIX) :])
                stack.append(_resolve_pointer(document, ref))
            stack.extend(v for k, v in node.items() if k != "$ref")
    return found
