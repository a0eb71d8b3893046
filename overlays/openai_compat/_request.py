"""Building a request from a generated `Operation` and the caller's arguments (no I/O).

Arguments arrive as `{python_name: value}` with `NOT_GIVEN` for what the caller left out. They
are sorted into path, query, header and body by the operation's `Param` table; omitted ones (and
`omit`) are dropped and an explicit `None` is sent as JSON null. What is sent is the caller's own
values, as openai-python sends them: OpenAI's value constraints (4 stop strings, temperature <= 2,
closed enums, roles...) are left to the server, since compatible servers accept more. Only what
cannot be JSON (NaN, infinity, objects without an encoding) is refused before sending, naming the
argument. Checking the body against the spec's request model is opt-in (`validate_requests=True`
on the client): a wrong type or an unknown enum value is then an `InvalidArgumentError`.
`extra_body` is merged over the body after that check: it is the escape hatch for parameters
the spec does not know, and wins on conflicts.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
import orjson

from ._exceptions import InvalidArgumentError
from ._files import multipart_fields
from ._runtime import NOT_GIVEN, NotGiven, Omit, Operation, Param

if TYPE_CHECKING:
    import pydantic

__all__ = ["PreparedRequest", "build_request", "dumps_json", "resolve_model"]

_SPEC_PACKAGES = {"openai": "openai", "azure-openai": "azure"}
_model_cache: dict[tuple[str, str], Any] = {}


@dataclass(slots=True)
class PreparedRequest:
    """Everything about a request that does not depend on the attempt (retries rebuild headers)."""

    op: Operation
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str | Omit] = field(default_factory=dict)
    content: bytes | None = None
    files: list[tuple[str, Any]] | None = None
    data: dict[str, Any] | None = None
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN
    stream: bool = False
    body: dict[str, Any] | None = None


def resolve_model(spec: str, ref: str) -> Any:
    """The generated model class for a "module:Class" reference of a spec (imported on first use).

    A schema that is only a union is generated as a type alias, not a class; it is wrapped here
    in a RootModel so that every reference parses the same way (the client hands out `.root`).
    """
    key = (spec, ref)
    cls = _model_cache.get(key)
    if cls is None:
        module, _, name = ref.partition(":")
        package = _SPEC_PACKAGES.get(spec, spec.replace("-", "_"))
        mod = importlib.import_module(f"openai_compat._generated.{package}.models.{module}")
        cls = getattr(mod, name)
        if not isinstance(cls, type):
            import pydantic

            root_model: Any = pydantic.RootModel
            cls = type(name, (root_model[cls],), {"__module__": mod.__name__})
        _model_cache[key] = cls
    return cls


def _json_default(value: Any) -> Any:
    if hasattr(value, "model_dump"):  # any pydantic model: ours, the caller's, openai-python's
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(f"an object of type {type(value).__name__} cannot be sent as JSON")


def dumps_json(value: Any, *, what: str) -> bytes:
    """JSON bytes of `value`; what cannot be JSON is an `InvalidArgumentError` naming `what`."""
    try:
        return orjson.dumps(value, default=_json_default, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError) as exc:
        raise InvalidArgumentError(f"{what}: {exc}", param=what) from exc


def build_request(
    op: Operation,
    args: Mapping[str, Any],
    extra_headers: Mapping[str, Any] | None,
    extra_query: Mapping[str, Any] | None,
    extra_body: object | None,
    timeout: float | httpx.Timeout | NotGiven | None,
    *,
    validate: bool = False,
) -> PreparedRequest:
    """Sort `args` onto the wire for `op`; raise `InvalidArgumentError` before anything is sent.

    `validate`: also check the JSON body against the spec's request model (opt-in)."""
    path = op.path.partition("?")[0]
    prepared = PreparedRequest(op=op, method=op.method, path=path, timeout=timeout)
    body: dict[str, Any] = {}
    table = _param_table(op)
    for name, value in args.items():
        if value is NOT_GIVEN or isinstance(value, Omit):
            continue
        param = table.get(name)
        if param is None:  # a path parameter passed through byot, or a new argument
            continue
        if param.location == "path":
            prepared.path = prepared.path.replace(
                "{" + param.wire_name + "}", _path_segment(op, param.name, value)
            )
        elif param.location == "query":
            _add_query(prepared.params, param.wire_name, value)
        elif param.location == "header":
            prepared.headers[param.wire_name] = _header_value(value)
        else:
            body[param.wire_name] = value
    if "{" in prepared.path:
        missing = next(p.name for p in op.params if "{" + p.wire_name + "}" in prepared.path)
        raise InvalidArgumentError(
            f"{op.client_method}(): missing required argument {missing!r}", param=missing
        )
    _add_fixed_query(op, prepared)
    _attach_body(op, prepared, body, extra_body, validate)
    prepared.stream = _wants_stream(op, body, extra_body)
    _default_headers(op, prepared)
    _merge_extras(prepared, extra_headers, extra_query)
    return prepared


# The Assistants-era APIs answer only requests that name their beta version (openai-python
# always sends it on these paths).
_ASSISTANTS_PATHS = ("/assistants", "/threads", "/vector_stores")


def _default_headers(op: Operation, prepared: PreparedRequest) -> None:
    """The per-operation headers openai-python sends: a JSON content type on every request but a
    GET (unless the body is multipart or raw), an Accept naming what the operation returns, and
    the Assistants beta header."""
    headers = prepared.headers
    if op.method != "GET" and prepared.files is None and "Content-Type" not in headers:
        headers["Content-Type"] = "application/json"
    response_type = op.response_content_type
    if response_type is None:
        headers["Accept"] = "*/*"
    elif "json" not in response_type and response_type != "text/event-stream":
        headers["Accept"] = response_type
    if prepared.path.startswith(_ASSISTANTS_PATHS):
        headers["OpenAI-Beta"] = "assistants=v2"


_PARAM_TABLES: dict[int, tuple[Operation, dict[str, Param]]] = {}


def _param_table(op: Operation) -> dict[str, Param]:
    """`op`'s parameters by Python name (operations are module constants: keyed by identity).

    The entry holds the operation itself, so its id cannot be reused by another operation
    while cached (a freed ad-hoc or re-imported operation's id can come back for an operation
    whose first parameter is equal, and a stale table would drop arguments silently)."""
    entry = _PARAM_TABLES.get(id(op))
    if entry is None or entry[0] is not op:
        if len(_PARAM_TABLES) > 4096:
            _PARAM_TABLES.clear()
        entry = _PARAM_TABLES[id(op)] = (op, {p.name: p for p in op.params})
    return entry[1]


# Characters a path segment may carry unescaped (RFC 3986 pchar), as openai-python leaves them.
_SEGMENT_SAFE = ":@!$&'()*+,;="


def _path_segment(op: Operation, name: str, value: object) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise InvalidArgumentError(
            f"{op.client_method}(): argument {name!r} must be a string, got {type(value).__name__}",
            param=name,
        )
    text = str(value)
    if not text:
        # openai-python's exception and words: code written for it catches ValueError here.
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    return quote(text, safe=_SEGMENT_SAFE)


def _add_query(params: dict[str, Any], key: str, value: object) -> None:
    """Query values as OpenAI reads them: booleans as true/false, lists as key[]=a&key[]=b."""
    if value is None:
        return
    if isinstance(value, bool):
        params[key] = "true" if value else "false"
    elif isinstance(value, Mapping):
        for sub, item in value.items():
            _add_query(params, f"{key}[{sub}]", item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        # A spec parameter may be named with its brackets already (`include[]`).
        name = key if key.endswith("[]") else f"{key}[]"
        params[name] = ["true" if v is True else "false" if v is False else v for v in value]
    else:
        params[key] = value


def _add_fixed_query(op: Operation, prepared: PreparedRequest) -> None:
    # Paths like "/responses?beta=true" carry a fixed query the operation always sends.
    _, _, fixed = op.path.partition("?")
    for pair in filter(None, fixed.split("&")):
        key, _, value = pair.partition("=")
        prepared.params.setdefault(key, value)


def _wants_stream(op: Operation, body: Mapping[str, Any], extra_body: object) -> bool:
    if op.streams == "always":
        return True
    if op.streams == "never":
        return False
    extra = extra_body if isinstance(extra_body, Mapping) else {}
    stream = extra.get("stream", body.get("stream"))
    return stream is True or extra.get("stream_format", body.get("stream_format")) == "sse"


def _attach_body(
    op: Operation,
    prepared: PreparedRequest,
    body: dict[str, Any],
    extra_body: object,
    validate: bool = False,
) -> None:
    content_type = op.request_content_type
    if extra_body is not None and not isinstance(extra_body, Mapping):
        raise InvalidArgumentError(
            f"{op.client_method}(): extra_body must be a mapping, got {type(extra_body).__name__}",
            param="extra_body",
        )
    extra = dict(extra_body) if extra_body else {}
    _check_floats(op, extra, what="extra_body key")
    if content_type is None:
        if extra:
            prepared.content = dumps_json(extra, what="extra_body")
            prepared.headers["Content-Type"] = "application/json"
        return
    if content_type.startswith("multipart/") and _without_files(op, body):
        content_type = "application/json"  # e.g. containers.files.create(file_id=...)
    if content_type.startswith("multipart/"):
        if validate:
            _check_body(
                op, {k: v for k, v in body.items() if not _is_file_param(op, k)}, partial=True
            )
        prepared.body = {**body, **extra}
        prepared.data, prepared.files = multipart_fields(op, prepared.body)
        return
    if "json" not in content_type:  # application/sdp and other raw bodies
        raw = body.get("", body.get("body"))
        prepared.content = raw.encode() if isinstance(raw, str) else raw
        prepared.headers["Content-Type"] = content_type
        return
    _check_response_format(op, body)
    try:
        content = _dumps_arguments(op, body)
    except InvalidArgumentError:
        _check_floats(op, body)  # a NaN is named first, as when the walk came first
        raise
    # orjson writes NaN and infinity as null: a body without null needs no walk (most don't).
    if b"null" in content:
        _check_floats(op, body)
    if validate:
        _check_body(op, content, partial=False)
    if extra:
        body = {**body, **extra}
        content = dumps_json(body, what="extra_body")
    prepared.body = body
    prepared.content = content
    prepared.headers["Content-Type"] = "application/json"


def _dumps_arguments(op: Operation, body: Mapping[str, Any]) -> bytes:
    """`dumps_json` of the body; on failure, the error names the argument that cannot be JSON."""
    try:
        return dumps_json(body, what=f"{op.client_method}() body")
    except InvalidArgumentError as exc:
        for key, value in body.items():  # only on failure: find the culprit
            try:
                dumps_json(value, what=key)
            except InvalidArgumentError as culprit:
                raise InvalidArgumentError(
                    f"{op.client_method}(): argument {key!r} cannot be sent as JSON: "
                    f"{culprit.__cause__}",
                    param=key,
                ) from culprit.__cause__
        raise exc


def _check_response_format(op: Operation, body: Mapping[str, Any]) -> None:
    # A pydantic class is what `.parse()` takes; openai-python refuses it here with a TypeError
    # that says so, rather than failing to serialise it.
    response_format = body.get("response_format")
    if isinstance(response_format, type) and hasattr(response_format, "model_json_schema"):
        method = op.client_method
        raise TypeError(
            f"You tried to pass a `BaseModel` class to `{method}()`; You must use "
            f"`{method.rsplit('.', 1)[0]}.parse()` instead"
        )


def _without_files(op: Operation, body: Mapping[str, Any]) -> bool:
    """A multipart operation whose file arguments are all optional and none was given: the body
    is JSON, as openai-python sends it (a form with no file is refused by such endpoints)."""
    files = [p for p in op.params if p.is_file]
    return bool(files) and not any(p.required or p.wire_name in body for p in files)


def _is_file_param(op: Operation, wire_name: str) -> bool:
    return any(p.is_file and p.wire_name == wire_name for p in op.params)


def _check_floats(op: Operation, body: Mapping[str, Any], what: str = "argument") -> None:
    # JSON has no NaN or infinity, and orjson would quietly send null - also deep inside a tool's
    # JSON schema, a logit_bias map or extra_body: refuse instead, saying where it was.
    for key, value in body.items():
        found = _non_finite_at(value)
        if found is not None:
            path, bad = found
            raise InvalidArgumentError(
                f"{op.client_method}(): {what} {key!r}{path} must be a finite number, got {bad!r} "
                "(JSON has no NaN or infinity)",
                param=str(key),
            )


def _non_finite_at(value: Any) -> tuple[str, float] | None:
    """(path, value) of the first NaN/infinity inside `value`, e.g. ("['x'][0]", nan)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # the common leaves, fast
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else ("", value)
    if isinstance(value, Mapping):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    for sub, item in items:
        found = _non_finite_at(item)
        if found is not None:
            return f"[{sub!r}]{found[0]}", found[1]
    return None


def _check_body(op: Operation, body: bytes | dict[str, Any], *, partial: bool) -> None:
    if op.request_model is None:
        return
    model = resolve_model(op.spec, op.request_model)
    import pydantic

    try:
        if isinstance(body, bytes):
            # strict: "0.5" for a number or "yes" for a bool is refused, not coerced
            model.model_validate_json(body, strict=True)
        else:
            model.model_validate(body)
    except pydantic.ValidationError as exc:
        problems = _problems(exc.errors(), partial=partial)
        if problems:
            raise _argument_error(op, problems) from None


def _problems(errors: list[Any], *, partial: bool) -> list[Any]:
    """The errors worth refusing a call for.

    The spec shares schemas between requests and responses, so it marks nested fields required
    that a request may leave out and the API defaults (an image part's `detail`, a function
    tool's `strict`). An argument with a missing nested field is therefore left to the server
    to judge, whole: inside unions pydantic reports every branch, and the branch the caller
    meant may be the one that is only incomplete. Wrong types and closed-enum values elsewhere
    are refused before anything is sent.
    """
    incomplete = {e["loc"][0] for e in errors if e["type"] == "missing" and len(e["loc"]) > 1}
    return [
        e
        for e in errors
        if not (e["loc"] and e["loc"][0] in incomplete) and not (partial and e["type"] == "missing")
    ]


def _argument_error(op: Operation, errors: list[Any]) -> InvalidArgumentError:
    # Inside a union pydantic lists an error per branch; the deepest is the branch that
    # matched furthest, so it is the most useful one to show.
    first = max(errors, key=lambda e: len(e["loc"]))
    loc = _format_loc(first["loc"])
    got = repr(first.get("input"))
    if len(got) > 80:
        got = got[:77] + "..."
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return InvalidArgumentError(
        f"{op.client_method}(): invalid argument {loc}: {first['msg']}; got {got}{more}",
        param=str(first["loc"][0]) if first["loc"] else None,
    )


def _format_loc(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return repr(text) if text else "(body)"


def _header_value(value: Any) -> str:
    # OpenAPI's header style is "simple": a list goes comma-separated (`betas=[...]` ->
    # `openai-beta: a,b`), as openai-python sends it.
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def _merge_extras(
    prepared: PreparedRequest,
    extra_headers: Mapping[str, Any] | None,
    extra_query: Mapping[str, Any] | None,
) -> None:
    if extra_headers:
        for key, value in extra_headers.items():
            prepared.headers[key] = value if isinstance(value, Omit) else str(value)
    if extra_query:
        for key, value in extra_query.items():
            if isinstance(value, Omit):
                prepared.params.pop(key, None)
            else:
                _add_query(prepared.params, key, value)


def model_for_validation(op: Operation) -> type[pydantic.BaseModel] | None:
    """The request model of `op` (used by tests and docs)."""
    return resolve_model(op.spec, op.request_model) if op.request_model else None
