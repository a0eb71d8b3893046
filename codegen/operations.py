"""The operation model: what the generator knows about each operation of a (normalised) spec.

This is where every decision about an endpoint is made - names, parameters and where they go,
return and stream types, pagination. Templates only lay the result out as text.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from .empty_results import content_type_without_declaration
from .errors import CodegenError
from .models import ModelIndex
from .naming import RESERVED_CLIENT_ATTRIBUTES, client_method_for, mapped_method
from .normalize import iter_operations
from .pagination import is_list_response, pagination_for
from .per_use_names import RESULT_KEY
from .schema_kinds import is_type
from .types import TypeRenderer

JSON = dict[str, Any]
_DEPLOYMENT_PREFIX = "/deployments/{deployment-id}"
# Query parameters a client supplies itself (Azure's api-version comes from the client's config).
_CLIENT_QUERY = frozenset({"api-version"})


@dataclass(frozen=True)
class ParamModel:
    name: str
    wire_name: str
    location: str
    required: bool
    type_expr: str
    description: str = ""
    is_file: bool = False
    default: Any = None


@dataclass
class OperationModel:
    spec: str
    operation_id: str
    method: str
    path: str
    client_method: str
    summary: str
    description: str
    params: list[ParamModel]
    request_content_type: str | None
    response_content_type: str | None
    request_model: str | None
    response_model: str | None
    streams: str
    stream_event_model: str | None
    pagination: str
    page_item_model: str | None
    deprecated: bool
    stream_envelope: bool = False
    used_classes: set[str] = field(default_factory=set)
    # Parameters taken positionally, in order (openai-python's: `files.retrieve("file-1")`).
    positional: tuple[str, ...] = ()
    # Other names of this method on the same resource (openai-python's deprecated twins:
    # `files.retrieve_content` for `files.content`).
    aliases: tuple[str, ...] = ()

    @property
    def resource_path(self) -> tuple[str, ...]:
        return tuple(self.client_method.split(".")[:-1])

    @property
    def method_name(self) -> str:
        return self.client_method.rsplit(".", 1)[1]


@dataclass
class OperationSet:
    spec: str
    operations: list[OperationModel]
    skipped: list[tuple[str, str]]  # (operation id, reason)
    total: int


def python_name(wire: str, schema: Any = None) -> str:
    """A valid, keyword-safe Python identifier for a wire name, as openai-python spells it:
    `deployment-id` -> `deployment_id`, `include[]` -> `include`, and the spec's own
    `x-stainless-param` where it gives one (header `openai-beta` -> `betas`)."""
    if isinstance(schema, dict) and isinstance(schema.get("x-stainless-param"), str):
        wire = str(schema["x-stainless-param"])
    name = re.sub(r"[^0-9A-Za-z_]", "_", wire.removesuffix("[]"))
    if not name or name[0].isdigit():
        name = f"_{name}"
    return f"{name}_" if keyword.iskeyword(name) or name in ("self", "timeout") else name


def build_operations(spec_name: str, spec: JSON, models: ModelIndex) -> OperationSet:
    """Every operation of `spec` as an OperationModel; what cannot be generated is listed with why."""
    ops: list[OperationModel] = []
    skipped: list[tuple[str, str]] = []
    all_ops = iter_operations(spec)
    for method, path, raw in all_ops:
        op_id = str(raw.get("operationId") or f"{method} {path}")
        try:
            ops.append(_build_one(spec_name, spec, models, method, path, raw, op_id))
        except _Unsupported as exc:
            skipped.append((op_id, str(exc)))
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            # A construct this module does not expect: name the operation, never a traceback.
            raise CodegenError(
                f"operation {op_id!r} ({method.upper()} {path}): cannot be generated: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
    _check_unique(ops)
    return OperationSet(spec=spec_name, operations=ops, skipped=skipped, total=len(all_ops))


class _Unsupported(Exception):
    pass


def _check_unique(ops: list[OperationModel]) -> None:
    seen: dict[str, str] = {}
    for op in ops:
        root = op.client_method.split(".")[0]
        if root in RESERVED_CLIENT_ATTRIBUTES or len(op.client_method.split(".")) < 2:
            raise CodegenError(
                f"operation {op.operation_id!r} maps to client method {op.client_method!r}, whose "
                f"first part {root!r} is an attribute of the client; rename it in codegen/naming.py"
            )
        other = seen.setdefault(op.client_method, op.operation_id)
        if other != op.operation_id:
            raise CodegenError(
                f"operations {other!r} and {op.operation_id!r} both map to client method "
                f"{op.client_method!r}; add an override in codegen/naming.py"
            )


def _resolve_param(spec: JSON, param: JSON) -> JSON:
    ref = param.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/parameters/"):
        resolved = spec.get("components", {}).get("parameters", {}).get(ref.rsplit("/", 1)[1])
        if not isinstance(resolved, dict):
            raise _Unsupported(f"parameter reference {ref} does not resolve")
        return resolved
    return param


def _build_one(
    spec_name: str, spec: JSON, models: ModelIndex, method: str, path: str, raw: JSON, op_id: str
) -> OperationModel:
    types = TypeRenderer(spec, models)
    # Azure's deployment-routed paths: its client adds `/deployments/{deployment}` itself.
    deployment_routed = path.startswith(_DEPLOYMENT_PREFIX)
    public_path = path[len(_DEPLOYMENT_PREFIX) :] if deployment_routed else path
    params = _path_query_header_params(spec, types, raw, deployment_routed)
    body = _request_body(spec, types, models, raw)
    if deployment_routed and not any(p.wire_name == "model" for p in body.params):
        # openai-python code passes `model=`; on Azure it names the deployment to route to.
        body.params.append(
            ParamModel("model", "model", "body", False, "str",
                       "The deployment to call, when the client has no `azure_deployment`.")
        )  # fmt: skip
    taken = {p.name for p in params}
    for p in body.params:
        if p.name in taken:  # a body field named like a path parameter keeps the wire name
            p = ParamModel(**{**p.__dict__, "name": f"body_{p.name}"})
        params.append(p)
    response = _response(spec, types, models, raw, body.has_stream_flag)
    _decide_pagination(response, method, public_path, params)
    if response.content_type is None and response.streams == "never":
        response.content_type = content_type_without_declaration(method, public_path)
    client_method = client_method_for(method, public_path)
    params, positional, aliases = _as_openai_python(method, public_path, client_method, params)
    envelope = client_method.startswith("beta.threads") and response.streams != "never"
    if envelope:
        # Assistants runs stream `event: thread.run.created` + `data: {run}`; the spec's
        # AssistantStreamEvent union models the (event, data) pair.
        response.stream_event_model = _model_ref(models, "AssistantStreamEvent")
    return OperationModel(
        spec=spec_name,
        operation_id=op_id,
        method=method.upper(),
        path=public_path,
        client_method=client_method,
        stream_envelope=envelope,
        summary=str(raw.get("summary") or ""),
        description=str(raw.get("description") or ""),
        params=_ordered(params),
        request_content_type=body.content_type,
        response_content_type=response.content_type,
        request_model=body.model,
        response_model=response.model,
        streams=response.streams,
        stream_event_model=response.stream_event_model,
        pagination=response.pagination,
        page_item_model=response.page_item_model,
        deprecated=bool(raw.get("deprecated")),
        used_classes=types.used_classes,
        positional=positional,
        aliases=aliases,
    )


def _as_openai_python(
    method: str, path: str, client_method: str, params: list[ParamModel]
) -> tuple[list[ParamModel], tuple[str, ...], tuple[str, ...]]:
    """Path parameters named, and taken positionally, as openai-python's method does (from the
    method map); without a mapped method, the last path parameter is positional."""
    path_params = [p for p in params if p.location == "path"]
    mapped = mapped_method(method, path)
    if mapped is None:
        return params, tuple(p.name for p in path_params[-1:]), ()
    wires = re.findall(r"\{([^}]*)\}", path.partition("?")[0])
    if len(wires) != len(mapped.path_params):
        raise CodegenError(
            f"{method.upper()} {path}: the spec has path parameters {wires}, openai-python's "
            f"{mapped.client_path} fills {list(mapped.path_params)}"
        )
    renamed = dict(zip(wires, mapped.path_params, strict=True))
    params = [
        ParamModel(**{**p.__dict__, "name": renamed[p.wire_name]}) if p.location == "path" else p
        for p in params
    ]
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise CodegenError(
            f"{client_method}: openai-python's path parameter names collide: {names}"
        )
    unknown = [n for n in mapped.positional if n not in names]
    if unknown:
        raise CodegenError(
            f"{client_method}: openai-python takes {unknown} positionally, which the spec's "
            f"{method.upper()} {path} does not have"
        )
    resource = client_method.rsplit(".", 1)[0]
    elsewhere = [a for a in mapped.aliases if a.rsplit(".", 1)[0] != resource]
    if elsewhere:
        raise CodegenError(
            f"{client_method}: aliases on other resources ({elsewhere}) are not supported"
        )
    return params, mapped.positional, tuple(a.rsplit(".", 1)[1] for a in mapped.aliases)


def _decide_pagination(
    response: _Response, method: str, path: str, params: list[ParamModel]
) -> None:
    query = [p.wire_name for p in params if p.location == "query"]
    response.pagination = pagination_for(method, path, query, response.list_response)
    if response.pagination == "none":
        response.page_item_model = None


def _ordered(params: list[ParamModel]) -> list[ParamModel]:
    order = {"path": 0, "query": 2, "header": 3, "body": 1}
    return sorted(params, key=lambda p: (order[p.location], not p.required))


def _path_query_header_params(
    spec: JSON, types: TypeRenderer, raw: JSON, deployment_routed: bool
) -> list[ParamModel]:
    out: list[ParamModel] = []
    for item in raw.get("parameters", []):
        param = _resolve_param(spec, item)
        where, wire = param.get("in"), str(param.get("name", ""))
        if where not in ("path", "query", "header"):
            continue
        if wire in _CLIENT_QUERY or (deployment_routed and wire == "deployment-id"):
            continue
        schema = param.get("schema") or {}
        required = bool(param.get("required")) or where == "path"
        out.append(
            ParamModel(
                name=python_name(wire, schema),
                wire_name=wire,
                location=str(where),
                required=required,
                type_expr=types.render(schema),
                description=str(param.get("description") or schema.get("description") or ""),
            )
        )
    return out


@dataclass
class _Body:
    content_type: str | None = None
    model: str | None = None
    params: list[ParamModel] = field(default_factory=list)
    has_stream_flag: bool = False


def _merged_properties(
    spec: JSON, types: TypeRenderer, schema: JSON, depth: int = 0
) -> tuple[JSON, set[str]]:
    """Properties and required names of an object schema, through $ref and allOf."""
    _, schema = types.resolve(schema)
    props: JSON = {}
    required: set[str] = set()
    for part in schema.get("allOf", []) if depth < 10 else []:
        p, r = _merged_properties(spec, types, part, depth + 1)
        props.update(p)
        required |= r
    props.update(schema.get("properties") or {})
    required |= set(schema.get("required") or [])
    return props, required


def _request_body(spec: JSON, types: TypeRenderer, models: ModelIndex, raw: JSON) -> _Body:
    body = raw.get("requestBody")
    if not isinstance(body, dict):
        return _Body()
    content: JSON = body.get("content") or {}
    for content_type in _body_preference(spec, types, content):
        media = content.get(content_type)
        if isinstance(media, dict):
            return _object_body(types, models, spec, content_type, media.get("schema") or {}, body)
    if content:  # e.g. application/sdp: the body is passed as it is
        content_type = sorted(content)[0]
        param = ParamModel("body", "", "body", bool(body.get("required")), "str | bytes")
        return _Body(content_type=content_type, params=[param])
    return _Body()


def _body_preference(spec: JSON, types: TypeRenderer, content: JSON) -> tuple[str, str]:
    """JSON first, unless the operation also takes multipart with file fields: then multipart,
    as openai-python does (`images.edit(image=...)`, `videos.create(input_reference=...)`), so
    that files can be passed; a multipart body without files stays second to JSON."""
    media = content.get("multipart/form-data")
    if isinstance(media, dict) and "application/json" in content:
        props, _ = _merged_properties(spec, types, media.get("schema") or {})
        if any(isinstance(prop, dict) and _is_binary(types, prop) for prop in props.values()):
            return ("multipart/form-data", "application/json")
    return ("application/json", "multipart/form-data")


def _object_body(
    types: TypeRenderer, models: ModelIndex, spec: JSON, content_type: str, schema: JSON, body: JSON
) -> _Body:
    key, _ = types.resolve(schema)
    model = _model_ref(models, key)
    props, required = _merged_properties(spec, types, schema)
    if not props:
        raise _Unsupported(f"request body ({content_type}) has no object properties to expose")
    params = []
    for wire, prop in props.items():
        if not isinstance(prop, dict):
            continue
        params.append(
            ParamModel(
                name=python_name(wire, prop),
                wire_name=wire,
                location="body",
                required=wire in required,
                type_expr=types.render(prop),
                description=str(
                    prop.get("description") or types.resolve(prop)[1].get("description") or ""
                ),
                is_file=content_type.startswith("multipart/") and _is_binary(types, prop),
            )
        )
    stream_prop = props.get("stream")
    has_stream = isinstance(stream_prop, dict) and "boolean" in str(
        types.resolve(stream_prop)[1].get("type", stream_prop)
    )
    return _Body(content_type=content_type, model=model, params=params, has_stream_flag=has_stream)


def _is_binary(types: TypeRenderer, prop: JSON) -> bool:
    _, prop = types.resolve(prop)
    if prop.get("format") == "binary" or "contentMediaType" in prop:
        return True
    # "an upload or a reference object" (videos' input_reference, skills' files): a file field.
    variants = (prop.get("oneOf") or []) + (prop.get("anyOf") or [])
    if any(isinstance(v, dict) and _is_binary(types, v) for v in variants):
        return True
    items = prop.get("items")
    return is_type(prop, "array") and isinstance(items, dict) and _is_binary(types, items)


def _model_ref(models: ModelIndex, key: str | None) -> str | None:
    if key is None:
        return None
    name = models.schema_class(key)
    if name is None:
        raise _Unsupported(f"schema {key!r} has no generated model")
    return f"{models.module_of[name]}:{name}"


@dataclass
class _Response:
    content_type: str | None = None
    model: str | None = None
    streams: str = "never"
    stream_event_model: str | None = None
    pagination: str = "none"
    page_item_model: str | None = None
    list_response: bool = False


def _response(
    spec: JSON, types: TypeRenderer, models: ModelIndex, raw: JSON, has_stream_flag: bool
) -> _Response:
    result = _Response()
    for status in sorted(raw.get("responses", {})):
        response = raw["responses"][status]
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        content: JSON = response.get("content") or {}
        sse = content.get("text/event-stream")
        json_media = next((m for ct, m in content.items() if "json" in ct), None)
        if json_media is not None:
            result.content_type = "application/json"
            schema = json_media.get("schema") or {}
            if isinstance(raw.get(RESULT_KEY), str):  # a per-use class (codegen/per_use_names.py)
                schema = {"$ref": f"#/components/schemas/{raw[RESULT_KEY]}"}
            _fill_json_response(spec, types, models, schema, result)
        else:
            others = sorted(ct for ct in content if ct != "text/event-stream")
            result.content_type = others[0] if others else None
        if isinstance(sse, dict):
            key, _ = types.resolve(sse.get("schema") or {})
            result.stream_event_model = _model_ref(models, key) if key else None
            # SSE beside another content type: the request chooses (stream=true, stream_format=sse)
            result.streams = "when_requested" if result.content_type else "always"
            if result.streams == "always":
                result.content_type = "text/event-stream"
        break
    if has_stream_flag and result.streams == "never":
        result.streams = "when_requested"
        # No SSE schema in the spec: chunks are the response's `...StreamResponse` sibling where
        # the spec has one (chat completions before the spec declared SSE), else its own shape.
        result.stream_event_model = (
            result.stream_event_model or _stream_sibling(models, result.model) or result.model
        )
    return result


def _stream_sibling(models: ModelIndex, model_ref: str | None) -> str | None:
    """`...:CreateChatCompletionResponse` -> the ref of `CreateChatCompletionStreamResponse`."""
    name = model_ref.split(":", 1)[1] if model_ref else ""
    if not name.endswith("Response"):
        return None
    sibling = name.removesuffix("Response") + "StreamResponse"
    return f"{models.module_of[sibling]}:{sibling}" if sibling in models.module_of else None


def _fill_json_response(
    spec: JSON, types: TypeRenderer, models: ModelIndex, schema: JSON, result: _Response
) -> None:
    key, target = types.resolve(schema)
    if key is None:
        if is_type(schema, "string"):  # file contents served as "JSON string": raw bytes
            result.content_type = "application/octet-stream"
        return
    result.model = _model_ref(models, key)
    variants = [types.resolve(v)[0] for v in target.get("oneOf") or []]
    streams = [v for v in variants if v and "stream" in v.lower()]
    plain = [v for v in variants if v and "stream" not in v.lower()]
    if streams and len(plain) == 1:  # Azure: oneOf [response, stream chunk] - split them
        result.stream_event_model = _model_ref(models, streams[0])
        result.model = _model_ref(models, plain[0])
        key, target = plain[0], types.resolve({"$ref": f"#/components/schemas/{plain[0]}"})[1]
    props = target.get("properties") or {}
    if is_list_response(props):  # whether it is a page is decided from the operation
        result.list_response = True
        item_key, _ = types.resolve(props["data"].get("items") or {})
        result.page_item_model = _model_ref(models, item_key) if item_key else None
