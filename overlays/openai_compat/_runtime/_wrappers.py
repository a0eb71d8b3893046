"""What `.with_raw_response` and `.with_streaming_response` return, typed for type checkers.

Every generated resource class has four wrapper classes beside it (`ChatCompletionsWithRawResponse`,
`AsyncChatCompletionsWithRawResponse`, `...WithStreamingResponse`); each holds the resource bound
to a view of the client that answers with the HTTP response instead of the parsed result, and
exposes its methods through one of the functions below. At run time the view's methods already
return the response, so the sync and async-raw functions change nothing but the type a checker
sees: `Callable[P, R]` becomes `Callable[P, APIResponse[R]]`, keeping every parameter and every
overload (`stream=True` gives `APIResponse[Stream[...]]`). Only the async streaming wrapper adds
behaviour: its calls are `async with`-able.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from typing_extensions import ParamSpec

if TYPE_CHECKING:
    from .._response import APIResponse, AsyncResponseContextManager

__all__ = [
    "AsyncRawResponseWrapper",
    "AsyncStreamingResponseWrapper",
    "RawResponseWrapper",
    "StreamingResponseWrapper",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """A raw view's method, typed as what it returns: the response, whose `parse()` is `R`."""
    return cast("Callable[P, APIResponse[R]]", method)


def to_streamed_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """A streaming view's method: an `APIResponse` with its body unread (a context manager)."""
    return cast("Callable[P, APIResponse[R]]", method)


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """An async raw view's method: awaited, the response; its body is read, so `parse()` is a
    plain call as in openai-python."""
    return cast("Callable[P, Awaitable[APIResponse[R]]]", method)


def async_to_streamed_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[R]]:
    """An async streaming view's method, made `async with`-able (an `async def` alone gives a
    bare coroutine); `await` it for the `AsyncAPIResponse` instead."""
    from .._response import AsyncResponseContextManager

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[R]:
        return AsyncResponseContextManager(method(*args, **kwargs))  # type: ignore[arg-type]

    return call


class _ResponseWrapper:
    """A resource seen through a response mode; generated subclasses add its typed methods."""

    _mode: ClassVar[str]

    def __init__(self, resource: Any) -> None:
        self._resource = resource
        self._view: Any = type(resource)(resource._client._with_response_mode(self._mode))

    if not TYPE_CHECKING:
        # Methods a hand-written subclass adds to a generated resource (`chat.completions.stream`),
        # reached through the same view; invisible to type checkers, so typos stay errors there.
        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            return getattr(self._fallback(), name)

    def _fallback(self) -> Any:
        return self._view

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._resource!r}>"


class RawResponseWrapper(_ResponseWrapper):
    _mode = "raw"


class StreamingResponseWrapper(_ResponseWrapper):
    _mode = "streaming"


class AsyncRawResponseWrapper(_ResponseWrapper):
    _mode = "raw"


class AsyncStreamingResponseWrapper(_ResponseWrapper):
    _mode = "streaming"

    def _fallback(self) -> Any:
        from .._response import AsyncStreamingResource

        return AsyncStreamingResource(self._view)
