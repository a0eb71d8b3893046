"""Requests for the client built from the spec: from a curl example, or the minimum the schema asks.

`calls_for(op, spec_op)` gives the keyword arguments of one or more calls of the client method:
one per curl example that has a usable body (JSON, or `-F` form fields), and otherwise a single
call built from the request schema with only its required properties, each given the smallest
valid value (the first enum value or const, the first variant of a oneOf/anyOf, one item for an
array that needs one). Path values come from the curl example's URL when it has one. Arguments go
in by their Python names; a body key the method has no parameter for goes in `extra_body`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from spec_examples import CurlRequest, SpecOperation, openai_document, parse_curl

from openai_compat._runtime import Operation, Param

# The spec's examples use these placeholders where a real model id goes.
PLACEHOLDERS = {"VAR_chat_model_id": "gpt-4o", "VAR_completion_model_id": "gpt-3.5-turbo-instruct"}
FILE_BYTES = b"conformance test file\n"
_MAX_DEPTH = 12
_FORMATTED = {"uri": "https://example.com/test.png", "email": "test@example.com",
              "date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01"}  # fmt: skip


@dataclass
class SpecCall:
    """One call of a client method: its label (which example), kwargs, and example problems."""

    label: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    path: str = ""  # the concrete path, for sending the example's body to the mock as it is
    body: dict[str, Any] = field(default_factory=dict)


def resolve(schema: Any) -> dict[str, Any]:
    """A schema with `$ref`s followed (only local refs occur in the OpenAI spec)."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema:
        node: Any = openai_document()
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
        seen += 1
        if seen > 50:
            raise ValueError(f"$ref cycle at {schema!r}")
    return schema if isinstance(schema, dict) else {}


def minimal_body(content_type: str | None, schema: dict[str, Any]) -> dict[str, Any]:
    """The smallest body of `schema`; binary strings become files only in a multipart body."""
    if content_type is None:
        return {}
    if "json" not in content_type and not content_type.startswith("multipart/"):
        return {"body": "test"}  # a raw body (application/sdp)
    body = minimal_value(schema)
    if content_type.startswith("multipart/"):
        return body
    return _binary_as_text(body)


def _binary_as_text(value: Any) -> Any:
    if isinstance(value, tuple):
        return "test"
    if isinstance(value, dict):
        return {k: _binary_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_binary_as_text(v) for v in value]
    return value


def minimal_value(schema: Any, depth: int = 0) -> Any:
    """The smallest value `schema` accepts (required properties only)."""
    schema = resolve(schema)
    if depth > _MAX_DEPTH:
        raise ValueError("schema nests too deep for a minimal value")
    if "const" in schema:
        return schema["const"]
    enum = [v for v in schema.get("enum", []) if v is not None]
    if enum:
        return enum[0]
    if "allOf" in schema:
        return _minimal_object(_merge_all_of(schema), depth)
    for key in ("oneOf", "anyOf"):
        variants = [resolve(v) for v in schema.get(key, [])]
        variants = [v for v in variants if _type_of(v) != "null"]
        if variants:
            # A variant may only name which of the parent's properties it requires.
            shared = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "required")}
            return minimal_value({**shared, **variants[0]}, depth + 1)
    kind = _type_of(schema)
    if kind == "object" or "properties" in schema or (kind is None and "required" in schema):
        return _minimal_object(schema, depth)
    if kind == "array":
        count = max(int(schema.get("minItems", 0)), 0)
        return [minimal_value(schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "string":
        if schema.get("format") == "binary":
            return ("test.bin", FILE_BYTES)
        if schema.get("format") in _FORMATTED:
            return _FORMATTED[schema["format"]]
        return "x" * max(int(schema.get("minLength", 1)), 1) if "minLength" in schema else "test"
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        value = low + 1 if isinstance(low, (int, float)) else 1
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    return "test"


def _type_of(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return kinds[0] if kinds else "null"
    return kind if isinstance(kind, str) else None


def _merge_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for part in [schema, *schema["allOf"]]:
        part = resolve(part)
        if "allOf" in part and part is not schema:
            part = _merge_all_of(part)
        merged["properties"].update(part.get("properties", {}))
        merged["required"] += [r for r in part.get("required", []) if r not in merged["required"]]
    return merged


def _minimal_object(schema: dict[str, Any], depth: int) -> dict[str, Any]:
    properties = schema.get("properties", {})
    body = {}
    for name in schema.get("required", []):
        value = minimal_value(properties.get(name, {}), depth + 1)
        if value == "test" and name.endswith("url"):  # a URL whatever the schema's format says
            value = _FORMATTED["uri"]
        body[name] = value
    return body


def request_schema(op: Operation, spec_op: SpecOperation) -> dict[str, Any]:
    """The schema of the body the client sends (of the content type the operation uses: some
    operations accept JSON or multipart, and the client sends one of them)."""
    body = resolve(spec_op.raw.get("requestBody"))
    media = (body.get("content") or {}).get(op.request_content_type or "", {})
    return resolve(media.get("schema"))


def calls_for(op: Operation, spec_op: SpecOperation) -> list[SpecCall]:
    """The calls that exercise `op`: one per usable curl example, else one from the schema."""
    curls = [parse_curl(t, c, spec_op.path) for t, c in spec_op.request_examples("curl")]
    content_type, schema = op.request_content_type, request_schema(op, spec_op)
    notes = [f"curl example {c.title!r}: {c.problem}" for c in curls if c.problem]
    calls: list[SpecCall] = []
    for curl in curls:
        if curl.problem:
            continue
        body = _curl_body(curl, content_type, schema)
        if body is None:
            if content_type and (curl.form or curl.json_body is not None):
                notes.append(f"curl example {curl.title!r} sends a body of another content type")
            continue
        call = _build_call(op, spec_op, f"curl example {curl.title!r}", curl, body)
        calls.append(call)
    if not calls:
        body = minimal_body(content_type, schema)
        path_source = curls[0] if curls else CurlRequest("schema")
        calls.append(_build_call(op, spec_op, "minimal request from the schema", path_source, body))
    calls[0].notes += notes
    return calls


def with_required(op: Operation, spec_op: SpecOperation, call: SpecCall) -> SpecCall:
    """`call` with the schema's required properties added where the example left them out."""
    schema = request_schema(op, spec_op)
    body = {**minimal_body(op.request_content_type, schema), **call.body}
    curl = CurlRequest(call.label)
    curl.path_values = {p.wire_name: call.kwargs[p.name] for p in op.params if p.location == "path"}
    repaired = _build_call(op, spec_op, call.label, curl, body)
    repaired.kwargs.update({k: v for k, v in call.kwargs.items() if k not in repaired.kwargs})
    return repaired


def minimal_call(op: Operation, spec_op: SpecOperation, call: SpecCall) -> SpecCall:
    """The minimal request from the schema, at the same path as `call`."""
    curl = CurlRequest(call.label)
    curl.path_values = {p.wire_name: call.kwargs[p.name] for p in op.params if p.location == "path"}
    body = minimal_body(op.request_content_type, request_schema(op, spec_op))
    return _build_call(op, spec_op, f"minimal request (for {call.label})", curl, body)


def _curl_body(
    curl: CurlRequest, content_type: str | None, schema: dict[str, Any]
) -> dict[str, Any] | None:
    if content_type is None:
        return {}
    if "json" in content_type and isinstance(curl.json_body, dict):
        return _replace_placeholders(curl.json_body)
    if content_type.startswith("multipart/") and curl.form:
        return _form_body(curl.form, schema)
    return None


def _replace_placeholders(value: Any) -> Any:
    if isinstance(value, str):
        return PLACEHOLDERS.get(value, value)
    if isinstance(value, dict):
        return {k: _replace_placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_placeholders(v) for v in value]
    return value


def _form_body(form: list[tuple[str, str]], schema: dict[str, Any]) -> dict[str, Any]:
    """`-F name=value` fields as typed values; `@path` becomes file content, `name[]` a list."""
    properties = schema.get("properties", {})
    body: dict[str, Any] = {}
    for raw_name, raw_value in form:
        name = raw_name.removesuffix("[]")
        prop = resolve(properties.get(name, {}))
        if _type_of(prop) == "array":
            item_schema = resolve(prop.get("items", {}))
            body.setdefault(name, []).append(_form_value(raw_value, item_schema))
        else:
            body[name] = _form_value(raw_value, prop)
    return body


def _form_value(raw: str, schema: dict[str, Any]) -> Any:
    raw = PLACEHOLDERS.get(raw, raw)
    raw = re.sub(r";type=[\w/.+-]+$", "", raw)  # curl's per-field content type
    if raw.startswith(("{", "[")):  # an object field of a form, sent as JSON text
        try:
            return json.loads(raw)
        except ValueError:
            pass
    if raw.startswith("@"):
        filename = raw[1:].split(";")[0].rsplit("/", 1)[-1] or "upload.bin"
        return (filename, FILE_BYTES)
    kinds = {_type_of(resolve(v)) for v in schema.get("anyOf", schema.get("oneOf", []))}
    kinds.add(_type_of(schema))
    if "integer" in kinds and raw.lstrip("-").isdigit():
        return int(raw)
    if "number" in kinds:
        try:
            return float(raw)
        except ValueError:
            pass
    if "boolean" in kinds and raw in ("true", "false"):
        return raw == "true"
    return raw


def _build_call(
    op: Operation, spec_op: SpecOperation, label: str, curl: CurlRequest, body: dict[str, Any]
) -> SpecCall:
    call = SpecCall(label, path=spec_op.path, body=body)
    by_wire = {(p.location, p.wire_name): p for p in op.params}
    for param in op.params:
        if param.location == "path":
            value = curl.path_values.get(param.wire_name) or f"{param.name}_test"
            call.kwargs[param.name] = value
            call.path = call.path.replace("{" + param.wire_name + "}", value)
    _add_query(call, spec_op, by_wire, curl)
    extra: dict[str, Any] = {}
    for key, value in body.items():
        param = by_wire.get(("body", key))
        if param is None:
            extra[key] = value
        elif param.is_file and isinstance(value, str):  # `-F data="..."`: text sent as a file
            call.kwargs[param.name] = ("data.bin", value.encode())
        else:
            call.kwargs[param.name] = value
    if extra:
        call.kwargs["extra_body"] = extra
    return call


def _add_query(
    call: SpecCall,
    spec_op: SpecOperation,
    by_wire: dict[tuple[str, str], Param],
    curl: CurlRequest,
) -> None:
    for raw in spec_op.raw.get("parameters", []):
        parameter = resolve(raw)
        if parameter.get("in") != "query":
            continue
        param = by_wire.get(("query", parameter["name"]))
        if param is None:
            continue
        schema = resolve(parameter.get("schema"))
        if parameter["name"] in curl.query:
            call.kwargs[param.name] = _query_value(curl.query[parameter["name"]], schema)
        elif parameter.get("required"):
            call.kwargs[param.name] = minimal_value(schema)


def _query_value(raw: str | list[str], schema: dict[str, Any]) -> Any:
    if isinstance(raw, list):
        return [_form_value(v, resolve(schema.get("items", {}))) for v in raw]
    return _form_value(raw, schema)
