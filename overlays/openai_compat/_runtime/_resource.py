"""Base classes of the generated resource classes (`client.chat.completions` and the like).

A resource holds only its client. `with_raw_response` / `with_streaming_response` return the same
resource bound to a view of the client that answers with the raw response instead of a model,
so every generated method gets both without generating them twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class _Resource:
    _client: Any

    def __init__(self, client: Any) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> Self:
        """The same methods, returning an `APIResponse` (status, headers, `.parse()`)."""
        return type(self)(self._client._with_response_mode("raw"))

    @property
    def with_streaming_response(self) -> Self:
        """The same methods, returning a context manager over a response whose body is not read yet."""
        return type(self)(self._client._with_response_mode("streaming"))


class SyncAPIResource(_Resource):
    """Base of generated synchronous resources."""


class AsyncAPIResource(_Resource):
    """Base of generated asynchronous resources."""

    @property
    def with_streaming_response(self) -> Self:
        """As for sync resources; each call is also an async context manager, so that
        `async with client.x.with_streaming_response.create(...) as response:` works as in
        openai-python (an `async def` method alone returns a bare coroutine)."""
        from .._response import AsyncStreamingResource

        view = type(self)(self._client._with_response_mode("streaming"))
        return AsyncStreamingResource(view)  # type: ignore[return-value]
