"""Runs parity scenarios with ONE library and writes what it observed as JSON.

    python parity_driver.py openai|openai_compat SPEC.json OUT.json

Started twice by tests/parity/test_parity.py: with openai-python's venv (.ref-venv) and with
ours (.venv). It imports nothing from the test suite or from openai_compat unless told to, so
the same file runs under both interpreters. Each scenario gets its own base URL
(`<server>/<lib>/<scenario id>`) so the loopback server knows whose script to play and can
record the requests per library.

What is recorded per scenario (compared by the test, not here):
- `result`: a description of what the call returned (type name, `to_dict()`, items of pages
  and streams, the text of binary bodies) plus the attribute reads the scenario asks for;
- `error`: class name, the openai-python exception classes it is an instance of, status, message,
  `.body`, `.code`, `.param`, `.type`, `request_id`;
- `warnings`: category and message of every warning raised during the call.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import inspect
import json
import os
import sys
import time
import traceback
import warnings
from typing import Any

# The exception classes both libraries export; an error is described by which of these it is.
_EXCEPTION_NAMES = (
    "OpenAIError", "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError",
    "APIResponseValidationError", "BadRequestError", "AuthenticationError",
    "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError",
    "RateLimitError", "InternalServerError", "LengthFinishReasonError",
    "ContentFilterFinishReasonError",
)  # fmt: skip
_BUILTIN_BASES = (TypeError, ValueError, KeyError, AttributeError, RuntimeError)


def _decode_args(value: Any) -> Any:
    """JSON cannot carry bytes or tuples: `{"$bytes": text}` and `{"$tuple": [...]}` can."""
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return value["$bytes"].encode()
        if set(value) == {"$tuple"}:
            return tuple(_decode_args(v) for v in value["$tuple"])
        return {k: _decode_args(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_args(v) for v in value]
    return value


def _jsonable(value: Any, depth: int = 0) -> Any:
    if depth > 12:
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        try:
            return {"$bytes": value.decode()}
        except UnicodeDecodeError:
            return {"$b64": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, depth + 1) for v in value]
    if hasattr(value, "to_dict"):
        return _jsonable(value.to_dict(mode="json"), depth + 1)
    return f"<{type(value).__name__}>"


def describe(value: Any) -> Any:
    """What a call returned, in terms both libraries can be compared on."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): describe(v) for k, v in value.items()}
    if hasattr(type(value), "model_fields") and hasattr(value, "to_dict"):
        return {"$type": type(value).__name__, "dict": _jsonable(value.to_dict(mode="json"))}
    return {"$type": type(value).__name__, "repr": None}


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def _collect(value: Any) -> list[Any]:
    if hasattr(value, "__aiter__"):
        return [item async for item in value]
    return list(value)


async def _consume(value: Any, mode: str) -> Any:
    """Turn what a call returned into data, walking pages and streams as a user would."""
    if mode == "result":
        return describe(value)
    if mode == "stream":
        items = await _collect(value)
        return {"$stream": type(value).__name__, "items": [describe(i) for i in items]}
    if mode == "pages":
        page = await _maybe_await(value)
        first = {"data": [describe(i) for i in page.data], "has_next_page": page.has_next_page()}
        items = await _collect(page)
        return {"first": first, "items": [describe(i) for i in items]}
    if mode == "binary":
        content = value.content if hasattr(value, "content") else value.read()
        return {"content": _jsonable(await _maybe_await(content))}
    if mode == "raw":
        parsed = await _maybe_await(value.parse())
        return {
            "status_code": value.status_code,
            "request_id": value.headers.get("x-request-id"),
            "http_request": [value.http_request.method, value.http_request.url.path]
            if hasattr(value, "http_request") else None,
            "retries_taken": value.retries_taken,
            "parsed": describe(parsed),
        }  # fmt: skip
    raise ValueError(f"unknown mode {mode!r}")


def _describe_error(lib: Any, exc: BaseException) -> dict[str, Any]:
    isa = [name for name in _EXCEPTION_NAMES if isinstance(exc, getattr(lib, name, ()))]
    isa += [base.__name__ for base in _BUILTIN_BASES if isinstance(exc, base)]
    described: dict[str, Any] = {"class": type(exc).__name__, "isa": isa, "message": str(exc)}
    for attr in ("status_code", "body", "code", "param", "type", "request_id"):
        if hasattr(exc, attr):
            described[attr] = _jsonable(getattr(exc, attr))
    return described


def _resolve(root: Any, path: str) -> Any:
    target = root
    for part in path.split("."):
        target = getattr(target, part)
    return target


def _client_class(lib: Any, kind: str) -> Any:
    return getattr(
        lib,
        {"openai": "OpenAI", "async": "AsyncOpenAI", "azure": "AzureOpenAI",
         "async_azure": "AsyncAzureOpenAI"}[kind],
    )  # fmt: skip


async def _run_one(lib: Any, spec: dict[str, Any], base: str) -> dict[str, Any]:
    kind = spec.get("client", "openai")
    options = _decode_args(dict(spec.get("options", {})))
    if kind in ("azure", "async_azure"):
        options.setdefault("azure_endpoint", base)
        options.setdefault("api_version", "2024-10-21")
        if not {"api_key", "azure_ad_token", "azure_ad_token_provider"} & set(options):
            options["api_key"] = "azure-parity-key"
    elif kind != "none":
        options.setdefault("base_url", base + "/v1")
        options.setdefault("api_key", "sk-parity")
    client = None
    namespace: dict[str, Any] = {"lib": lib, "base": base, "asyncio": asyncio, "json": json}
    if kind != "none":
        client = _client_class(lib, kind)(**options)
    namespace["client"] = client
    outcome: dict[str, Any] = {}
    try:
        if "code" in spec:
            source = "async def __scenario__():\n" + "".join(
                "    " + line + "\n" for line in spec["code"].splitlines()
            ) + "    return result\n"  # fmt: skip
            exec(compile(source, f"<scenario {spec['id']}>", "exec"), namespace)
            value = await namespace["__scenario__"]()
        else:
            method = _resolve(client, spec["call"])
            value = await _maybe_await(
                method(*_decode_args(spec.get("args", [])), **_decode_args(spec.get("kwargs", {})))
            )
        outcome["result"] = await _consume(value, spec.get("mode", "result"))
        reads = {}
        for expr in spec.get("reads", []):
            try:
                reads[expr] = _jsonable(eval(expr, {"lib": lib}, {"r": value}))
            except Exception as exc:
                reads[expr] = {"$error": type(exc).__name__}
        if reads:
            outcome["reads"] = reads
    except Exception as exc:
        outcome["error"] = _describe_error(lib, exc)
    finally:
        if client is not None:
            await _maybe_await(client.close())
    return outcome


def main() -> None:
    lib_name, spec_path, out_path = sys.argv[1:4]
    lib = importlib.import_module(lib_name)
    with open(spec_path) as f:
        spec = json.load(f)
    results: dict[str, Any] = {}
    trace = bool(os.environ.get("PARITY_TRACE"))
    for scenario in spec["scenarios"]:
        base = f"{spec['server']}/{lib_name}/{scenario['id']}"
        started = time.monotonic()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                outcome = asyncio.run(_run_one(lib, scenario, base))
            except BaseException:  # the driver itself failed: report it, keep going
                outcome = {"driver_error": traceback.format_exc()}
        outcome["warnings"] = sorted(
            {
                f"{w.category.__name__}: {w.message}"
                for w in caught
                if not issubclass(w.category, ResourceWarning) or scenario.get("resource_warnings")
            }
        )
        results[scenario["id"]] = outcome
        if trace:
            print(f"{time.monotonic() - started:6.3f}s {scenario['id']}", file=sys.stderr, flush=True)
    # URLs in results carry the routing prefix `/<lib>/<scenario>`: the same for both libraries.
    text = json.dumps(results, default=repr).replace(f"/{lib_name}/", "/<lib>/")
    with open(out_path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
