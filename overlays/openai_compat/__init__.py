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
    **{
        name: "._exceptions"
        for name in (
            "OpenAIError", "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError",
            "APIResponseValidationError", "APIStreamError", "InvalidArgumentError",
            "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
            "ConflictError", "UnprocessableEntityError", "RateLimitError", "InternalServerError",
        )
    },  # fmt: skip
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_compat' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
