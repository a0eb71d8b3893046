"""Calls outside the generated surface: generic HTTP verbs and bring-your-own-types.

- `client.get/post/put/patch/delete(path, ...)` reach endpoints the spec lacks (a provider's
  own routes), with openai-python's signature: `cast_to=` picks the result type (a pydantic
  model, `dict`/`object` for plain JSON, `str`, or `httpx.Response`), `stream=True` streams.
- `client.byot("chat.completions.create", body={...}, cast_to=MyModel)` calls any generated
  operation with a plain dict body (not checked against the spec) and parses the result into
  the caller's type, streaming included. Retries, errors and auth are those of every call.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import httpx

from ._exceptions import InvalidArgumentError
from ._runtime import NOT_GIVEN, NotGiven, Operation

__all__ = ["AsyncVerbs", "SyncVerbs"]


def _adhoc_operation(method: str, path: str, *, has_body: bool, stream: bool) -> Operation:
    if not path.startswith("/"):
        path = "/" + path
    return Operation(
        spec="custom",
        operation_id=f"{method} {path}",
        method=method,
        path=path,
        client_method=method.lower(),
        params=(),
        request_content_type="application/json" if has_body else None,
        response_content_type="application/json",
        request_model=None,
        response_model=None,
        streams="always" if stream else "never",
    )


def _options(options: Mapping[str, Any] | None) -> tuple[Any, Any, Any, Any]:
    opts = dict(options or {})
    unknown = set(opts) - {"headers", "params", "query", "timeout", "extra_json"}
    if unknown:
        raise InvalidArgumentError(
            f"options: unknown key(s) {sorted(unknown)}; expected headers, params, timeout, extra_json",
            param="options",
        )
    return (
        opts.get("headers"),
        opts.get("params", opts.get("query")),
        opts.get("extra_json"),
        opts.get("timeout", NOT_GIVEN),
    )


def _verb_call(method: str, path: str, cast_to: Any, body: object | None, options: Mapping[str, Any] | None,
               stream: bool, stream_cls: Any) -> Any:  # fmt: skip
    from ._base_client import _Call

    headers, query, extra_json, timeout = _options(options)
    if body is not None and not isinstance(body, Mapping):
        raise InvalidArgumentError(
            f"body must be a mapping, got {type(body).__name__}", param="body"
        )
    merged = {**(body or {}), **(extra_json or {})} if (body is not None or extra_json) else None
    op = _adhoc_operation(method, path, has_body=merged is not None, stream=stream)
    target = stream_cls if stream and stream_cls is not None else cast_to
    return _Call(op, {}, headers, query, merged, timeout, target if target is not object else dict)


def _byot_call(client: Any, client_method: str, body: Mapping[str, Any] | None, path_params: Mapping[str, Any] | None,
               query: Mapping[str, Any] | None, extra_headers: Mapping[str, str] | None,
               cast_to: Any, timeout: Any) -> Any:  # fmt: skip
    from ._base_client import _Call

    op = _find_operation(client, client_method)
    if body is not None and not isinstance(body, Mapping):
        raise InvalidArgumentError(
            f"body must be a mapping, got {type(body).__name__}", param="body"
        )
    op = op._replace(
        request_model=None,
        request_content_type=op.request_content_type or ("application/json" if body else None),
    )
    return _Call(
        op,
        dict(path_params or {}),
        extra_headers,
        query,
        dict(body) if body is not None else None,
        timeout,
        cast_to,
    )


def _find_operation(client: Any, client_method: str) -> Operation:
    for spec_package in client._operation_specs:
        module = __import__(
            f"openai_compat._generated.{spec_package}.operations", fromlist=["load_operations"]
        )
        for op in module.load_operations():
            if op.client_method == client_method:
                return typing.cast(Operation, op)
    raise InvalidArgumentError(
        f"byot(): no operation named {client_method!r} (use the client method path, e.g. 'chat.completions.create')",
        param="client_method",
    )


class SyncVerbs:
    """Generic verbs and bring-your-own-types for the synchronous clients."""

    _execute: Any  # provided by the client class this is mixed into

    _operation_specs: tuple[str, ...] = ("openai",)

    def get(self, path: str, *, cast_to: Any = object, options: Mapping[str, Any] | None = None,
            stream: bool = False, stream_cls: Any = None) -> Any:  # fmt: skip
        return self._execute(_verb_call("GET", path, cast_to, None, options, stream, stream_cls))

    def post(self, path: str, *, cast_to: Any = object, body: object | None = None,
             options: Mapping[str, Any] | None = None, stream: bool = False, stream_cls: Any = None) -> Any:  # fmt: skip
        return self._execute(_verb_call("POST", path, cast_to, body, options, stream, stream_cls))

    def put(self, path: str, *, cast_to: Any = object, body: object | None = None,
            options: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
        return self._execute(_verb_call("PUT", path, cast_to, body, options, False, None))

    def patch(self, path: str, *, cast_to: Any = object, body: object | None = None,
              options: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
        return self._execute(_verb_call("PATCH", path, cast_to, body, options, False, None))

    def delete(self, path: str, *, cast_to: Any = object, body: object | None = None,
               options: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
        return self._execute(_verb_call("DELETE", path, cast_to, body, options, False, None))

    def byot(self, client_method: str, *, body: Mapping[str, Any] | None = None,
             path_params: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None,
             extra_headers: Mapping[str, str] | None = None, cast_to: Any = dict,
             timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN) -> Any:  # fmt: skip
        """Call a generated operation with your own body and result type (see the module docstring)."""
        return self._execute(
            _byot_call(
                self, client_method, body, path_params, query, extra_headers, cast_to, timeout
            )
        )


class AsyncVerbs:
    """Generic verbs and bring-your-own-types for the asynchronous clients."""

    _execute: Any  # provided by the client class this is mixed into

    _operation_specs: tuple[str, ...] = ("openai",)

    async def get(self, path: str, *, cast_to: Any = object, options: Mapping[str, Any] | None = None,
                  stream: bool = False, stream_cls: Any = None) -> Any:  # fmt: skip
        return await self._execute(
            _verb_call("GET", path, cast_to, None, options, stream, stream_cls)
        )

    async def post(self, path: str, *, cast_to: Any = object, body: object | None = None,
                   options: Mapping[str, Any] | None = None, stream: bool = False, stream_cls: Any = None) -> Any:  # fmt: skip
        return await self._execute(
            _verb_call("POST", path, cast_to, body, options, stream, stream_cls)
        )

    async def put(self, path: str, *, cast_to: Any = object, body: object | None = None,
                  options: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
        return await self._execute(_verb_call("PUT", path, cast_to, body, options, False, None))

    async def patch(self, path: str, *, cast_to: Any = object, body: object | None = None,
                    options: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
        return await self._execute(_verb_call("PATCH", path, cast_to, body, options, False, None))

    async def delete(self, path: str, *, cast_to: Any = object, body: object | None = None,
                     options: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
        return await self._execute(_verb_call("DELETE", path, cast_to, body, options, False, None))

    async def byot(self, client_method: str, *, body: Mapping[str, Any] | None = None,
                   path_params: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None,
                   extra_headers: Mapping[str, str] | None = None, cast_to: Any = dict,
                   timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN) -> Any:  # fmt: skip
        """Call a generated operation with your own body and result type (see the module docstring)."""
        return await self._execute(
            _byot_call(
                self, client_method, body, path_params, query, extra_headers, cast_to, timeout
            )
        )
