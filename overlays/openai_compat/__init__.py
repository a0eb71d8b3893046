"""openai-compat: a fast, tolerant client for OpenAI-compatible HTTP APIs.

    from openai_compat import OpenAI
    client = OpenAI(base_url="http://localhost:8000/v1", api_key="...")
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])

Names are loaded on first use, so `import openai_compat` stays cheap.
"""

from __future__ import annotations

import importlib
import os as _os
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import auth, lib, pagination, providers, types, version
    from ._azure import AsyncAzureOpenAI, AzureOpenAI
    from ._client import AsyncOpenAI, OpenAI
    from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
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
        ContentFilterFinishReasonError,
        InternalServerError,
        InvalidArgumentError,
        InvalidWebhookSignatureError,
        LengthFinishReasonError,
        NotFoundError,
        OAuthError,
        OpenAIError,
        PermissionDeniedError,
        RateLimitError,
        SubjectTokenProviderError,
        UnprocessableEntityError,
        WebSocketConnectionClosedError,
        WebSocketQueueFullError,
    )
    from ._files import AsyncBinaryResponse, BinaryResponse
    from ._operations import OPERATIONS, OperationRecord
    from ._pagination import AsyncPage, AsyncPaginator, SyncPage
    from ._realtime._support import ReconnectingEvent, ReconnectingOverrides
    from ._response import APIResponse, AsyncAPIResponse
    from ._runtime import NOT_GIVEN, BaseModel, NotGiven, Omit, not_given, omit
    from ._streaming import AsyncStream, Stream
    from ._tolerant import ToleratedIssue, tolerated
    from ._types_public import (
        DataResidency,
        NoneType,
        ProxiesTypes,
        RequestOptions,
        Timeout,
        Transport,
        file_from_path,
    )
    from .lib._tools import pydantic_function_tool, pydantic_responses_function_tool
    from .lib.streaming.assistants import AssistantEventHandler, AsyncAssistantEventHandler
    from .providers._bedrock_client import AsyncBedrockOpenAI, BedrockOpenAI
    from .version import VERSION

    Client = OpenAI
    AsyncClient = AsyncOpenAI
    HttpxBinaryResponseContent = BinaryResponse

# Public name -> the module that defines it (imported on first use).
_EXPORTS: dict[str, str] = {
    "OpenAI": "._client",
    "AsyncOpenAI": "._client",
    "AzureOpenAI": "._azure",
    "AsyncAzureOpenAI": "._azure",
    "BedrockOpenAI": ".providers._bedrock_client",
    "AsyncBedrockOpenAI": ".providers._bedrock_client",
    "OPERATIONS": "._operations",
    "OperationRecord": "._operations",
    "Stream": "._streaming",
    "DefaultHttpxClient": "._transports.defaults",
    "DefaultAsyncHttpxClient": "._transports.defaults",
    "DefaultHttpx2Client": "._transports.defaults",
    "DefaultAsyncHttpx2Client": "._transports.defaults",
    "DefaultAioHttpClient": "._transports.defaults",
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
    "OAuthError": "._exceptions",
    "LengthFinishReasonError": "._exceptions",
    "ContentFilterFinishReasonError": "._exceptions",
    "InvalidWebhookSignatureError": "._exceptions",
    "SubjectTokenProviderError": "._exceptions",
    "ReconnectingEvent": "._realtime._support",
    "ReconnectingOverrides": "._realtime._support",
    "WebSocketConnectionClosedError": "._exceptions",
    "WebSocketQueueFullError": "._exceptions",
    "DEFAULT_TIMEOUT": "._constants",
    "DEFAULT_MAX_RETRIES": "._constants",
    "DEFAULT_CONNECTION_LIMITS": "._constants",
    "Timeout": "._types_public",
    "Transport": "._types_public",
    "NoneType": "._types_public",
    "ProxiesTypes": "._types_public",
    "RequestOptions": "._types_public",
    "DataResidency": "._types_public",
    "file_from_path": "._types_public",
    "VERSION": ".version",
    "pydantic_function_tool": ".lib._tools",
    "pydantic_responses_function_tool": ".lib._tools",
    "AssistantEventHandler": ".lib.streaming.assistants",
    "AsyncAssistantEventHandler": ".lib.streaming.assistants",
}
# openai-python's aliases of the client classes and of the binary response.
_ALIASES = {
    "Client": "OpenAI",
    "AsyncClient": "AsyncOpenAI",
    "HttpxBinaryResponseContent": "BinaryResponse",
}
# Submodules reachable as attributes (`openai_compat.pagination.SyncCursorPage`).
_SUBMODULES = frozenset({"types", "pagination", "version", "lib", "providers", "auth"})

# -- module-level client settings (see _module_client.py); read when the client is created ------
api_key: str | None = None
admin_api_key: str | None = None
organization: str | None = None
project: str | None = None
webhook_secret: str | None = None
base_url: str | None = None
# timeout and max_retries default to the client defaults (loaded on first read, see __getattr__)
default_headers: dict[str, str] | None = None
default_query: dict[str, object] | None = None
http_client: Any = None
api_type: str | None = _os.environ.get("OPENAI_API_TYPE")
api_version: str | None = _os.environ.get("OPENAI_API_VERSION")
azure_endpoint: str | None = _os.environ.get("AZURE_OPENAI_ENDPOINT")
azure_ad_token: str | None = None
azure_ad_token_provider: Any = None
_client: Any = None


def _reset_client() -> None:
    """Forget the module-level client: the next use builds one from the current settings."""
    global _client
    _client = None


def _load_client() -> Any:
    from ._module_client import load_client

    return load_client()


__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "OPERATIONS",
    "VERSION",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AssistantEventHandler",
    "AsyncAPIResponse",
    "AsyncAssistantEventHandler",
    "AsyncAzureOpenAI",
    "AsyncBedrockOpenAI",
    "AsyncBinaryResponse",
    "AsyncClient",
    "AsyncOpenAI",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStream",
    "AuthenticationError",
    "AzureOpenAI",
    "BadRequestError",
    "BaseModel",
    "BedrockOpenAI",
    "BinaryResponse",
    "Client",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "DataResidency",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpx2Client",
    "DefaultAsyncHttpxClient",
    "DefaultHttpx2Client",
    "DefaultHttpxClient",
    "HttpxBinaryResponseContent",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidWebhookSignatureError",
    "LengthFinishReasonError",
    "NoneType",
    "NotFoundError",
    "NotGiven",
    "OAuthError",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "OperationRecord",
    "PermissionDeniedError",
    "ProxiesTypes",
    "RateLimitError",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "RequestOptions",
    "Stream",
    "SubjectTokenProviderError",
    "SyncPage",
    "Timeout",
    "ToleratedIssue",
    "Transport",
    "UnprocessableEntityError",
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
    "__version__",
    "auth",
    "file_from_path",
    "lib",
    "not_given",
    "omit",
    "pagination",
    "providers",
    "pydantic_function_tool",
    "pydantic_responses_function_tool",
    "tolerated",
    "types",
    "version",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in ("timeout", "max_retries"):  # module client settings not set yet: the defaults
        from . import _constants

        return _constants.DEFAULT_TIMEOUT if name == "timeout" else _constants.DEFAULT_MAX_RETRIES
    module = _EXPORTS.get(name)
    if module is None and name in _ALIASES:
        return __getattr__(_ALIASES[name])
    if module is None:
        if not name.startswith("_"):
            from ._module_client import resource_names

            if name in resource_names():  # openai_compat.chat...: the module-level client's
                return getattr(_load_client(), name)
        raise AttributeError(f"module 'openai_compat' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
