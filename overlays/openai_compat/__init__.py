"""openai-compat: a fast, tolerant client for OpenAI-compatible HTTP APIs.

    from openai_compat import OpenAI
    client = OpenAI(base_url="http://localhost:8000/v1", api_key="...")
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])

Names are loaded on first use, so `import openai_compat` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import types  # type: ignore[attr-defined,unused-ignore]  # generated (setup.py)
    from ._azure import AsyncAzureOpenAI, AzureOpenAI
    from ._client import AsyncOpenAI, OpenAI
    from ._exceptions import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APIStreamError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        InternalServerError,
        InvalidArgumentError,
        NotFoundError,
        OpenAIError,
        PermissionDeniedError,
        RateLimitError,
        UnprocessableEntityError,
    )
    from ._files import AsyncBinaryResponse, BinaryResponse
    from ._operations import OPERATIONS, OperationRecord
    from ._pagination import AsyncPage, AsyncPaginator, SyncPage
    from ._response import APIResponse, AsyncAPIResponse
    from ._runtime import NOT_GIVEN, BaseModel, NotGiven, Omit, not_given, omit
    from ._streaming import AsyncStream, Stream
    from ._tolerant import ToleratedIssue, tolerated

# Public name -> the module that defines it (imported on first use).
_EXPORTS: dict[str, str] = {
    "OpenAI": "._client",
    "AsyncOpenAI": "._client",
    "AzureOpenAI": "._azure",
    "AsyncAzureOpenAI": "._azure",
    "OPERATIONS": "._operations",
    "OperationRecord": "._operations",
    "Stream": "._streaming",
    "AsyncStream": "._streaming",
    "SyncPage": "._pagination",
    "AsyncPage": "._pagination",
    "AsyncPaginator": "._pagination",
    "APIResponse": "._response",
    "AsyncAPIResponse": "._response",
    "BinaryResponse": "._files",
    "AsyncBinaryResponse": "._files",
    "ToleratedIssue": "._tolerant",
    "tolerated": "._tolerant",
    "NOT_GIVEN": "._runtime",
    "NotGiven": "._runtime",
    "not_given": "._runtime",
    "Omit": "._runtime",
    "omit": "._runtime",
    "BaseModel": "._runtime",
    "OpenAIError": "._exceptions",
    "APIError": "._exceptions",
    "APIStatusError": "._exceptions",
    "APIConnectionError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "APIStreamError": "._exceptions",
    "InvalidArgumentError": "._exceptions",
    "BadRequestError": "._exceptions",
    "AuthenticationError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "NotFoundError": "._exceptions",
    "ConflictError": "._exceptions",
    "UnprocessableEntityError": "._exceptions",
    "RateLimitError": "._exceptions",
    "InternalServerError": "._exceptions",
}

__all__ = [
    "NOT_GIVEN",
    "OPERATIONS",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AsyncAPIResponse",
    "AsyncAzureOpenAI",
    "AsyncBinaryResponse",
    "AsyncOpenAI",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStream",
    "AuthenticationError",
    "AzureOpenAI",
    "BadRequestError",
    "BaseModel",
    "BinaryResponse",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "OperationRecord",
    "PermissionDeniedError",
    "RateLimitError",
    "Stream",
    "SyncPage",
    "ToleratedIssue",
    "UnprocessableEntityError",
    "__version__",
    "not_given",
    "omit",
    "tolerated",
    "types",
]


def __getattr__(name: str) -> Any:
    if name == "types":
        return importlib.import_module(".types", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_compat' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
