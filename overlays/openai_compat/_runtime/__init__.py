"""The small, stable runtime that generated code imports - and nothing else of the package.

The seam is one-way: `openai_compat._generated` imports only this module; the hand-written
overlays import generated code, never the reverse. Keep this module tiny and its names stable,
because every generated file depends on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._operation import Operation, Param
from ._resource import AsyncAPIResource, SyncAPIResource
from ._sentinels import NOT_GIVEN, NotGiven, Omit, not_given, omit
from ._types import Body, FileInput, Headers, Query
from ._wrappers import (
    AsyncRawResponseWrapper,
    AsyncStreamingResponseWrapper,
    RawResponseWrapper,
    StreamingResponseWrapper,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)

if TYPE_CHECKING:  # for annotations in generated code only
    from .._files import AsyncBinaryResponse, BinaryResponse
    from .._pagination import AsyncPage, AsyncPaginator, SyncPage
    from .._response import APIResponse, AsyncResponseContextManager
    from .._streaming import AsyncStream, Stream
    from ._model import BaseModel, GenericModel

__all__ = [
    "NOT_GIVEN",
    "APIResponse",
    "AsyncAPIResource",
    "AsyncBinaryResponse",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncRawResponseWrapper",
    "AsyncResponseContextManager",
    "AsyncStream",
    "AsyncStreamingResponseWrapper",
    "BaseModel",
    "BinaryResponse",
    "Body",
    "FileInput",
    "GenericModel",
    "Headers",
    "NotGiven",
    "Omit",
    "Operation",
    "Param",
    "Query",
    "RawResponseWrapper",
    "Stream",
    "StreamingResponseWrapper",
    "SyncAPIResource",
    "SyncPage",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "not_given",
    "omit",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]


def __getattr__(name: str) -> Any:
    # The model base class imports pydantic (~100 ms); resources and the client don't need it
    # until the first response is parsed, so it loads on first use.
    if name in ("BaseModel", "GenericModel"):
        from . import _model

        return getattr(_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
