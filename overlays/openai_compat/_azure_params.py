"""Azure methods that take every parameter the OpenAI method takes.

The Azure spec is older than OpenAI's: generated from it alone, `AzureOpenAI().chat.completions
.create()` refuses `reasoning_effort`, `store`, `stream_options`... which Azure deployments accept
and openai-python sends. A widened method takes the union: the Azure operation's parameters (so
Azure-only fields such as `data_sources` keep their place) plus the OpenAI operation's others,
routed and parsed as the Azure operation. An argument neither spec knows is a TypeError, as for
any Python function.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ._runtime import NOT_GIVEN, Operation

__all__ = ["widened"]

_CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")


def _operation(module: ModuleType, client_method: str) -> Operation:
    for value in vars(module).values():
        if isinstance(value, Operation) and value.client_method == client_method:
            return value
    raise LookupError(f"no operation {client_method} in {module.__name__}")


def merged_operation(azure: ModuleType, openai: ModuleType, client_method: str) -> Operation:
    """The Azure operation with the OpenAI operation's parameters it lacks appended."""
    azure_op = _operation(azure, client_method)
    known = {p.name for p in azure_op.params}
    extra = tuple(p for p in _operation(openai, client_method).params if p.name not in known)
    return azure_op._replace(params=azure_op.params + extra)


def _arguments(op: Operation, params: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    options = [params.pop(name, None if name != "timeout" else NOT_GIVEN) for name in _CALL_OPTIONS]
    names = {p.name for p in op.params}
    unknown = sorted(set(params) - names)
    if unknown:
        raise TypeError(f"{op.client_method}() got an unexpected keyword argument {unknown[0]!r}")
    missing = [p.name for p in op.params if p.required and p.location != "path" and p.name not in params
               and p.name != "model"]  # fmt: skip
    if missing:
        raise TypeError(f"{op.client_method}() missing required keyword argument: {missing[0]!r}")
    return params, options


def widened(azure: ModuleType, openai: ModuleType, client_method: str, *, is_async: bool) -> Any:
    """A `create`-style method for an Azure resource class taking both specs' parameters."""
    op = merged_operation(azure, openai, client_method)

    if is_async:

        async def call_async(self: Any, **params: Any) -> Any:
            args, (headers, query, body, timeout) = _arguments(op, params)
            return await self._client._request(op, args, headers, query, body, timeout)

        call_async.__name__ = client_method.rsplit(".", 1)[-1]
        return call_async

    def call(self: Any, **params: Any) -> Any:
        args, (headers, query, body, timeout) = _arguments(op, params)
        return self._client._request(op, args, headers, query, body, timeout)

    call.__name__ = client_method.rsplit(".", 1)[-1]
    return call
