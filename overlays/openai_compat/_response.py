"""Raw responses: what `.with_raw_response` and `.with_streaming_response` return.

`APIResponse` gives the status, headers, request id and retries taken, and `parse()` turns the
body into what the method would have returned. Under `with_raw_response` the body has been read
(as in openai-python); under `with_streaming_response` it has not, and the response is a context
manager that closes the connection on exit.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import httpx

T = TypeVar("T")
D = TypeVar("D")

if TYPE_CHECKING:

    class Headers(httpx.Headers):
        """`httpx.Headers` as type checkers see it here: a header's value is a `str`
        (httpx types `get` as `Any`; openai-python's response headers give `str | None`)."""

        @overload
        def get(self, key: str, default: None = None) -> str | None: ...
        @overload
        def get(self, key: str, default: D) -> str | D: ...
        def get(self, key: str, default: Any = None) -> Any: ...

else:
    Headers = httpx.Headers

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamingResource",
]


class _ResponseBase:
    def __init__(self, http_response: httpx.Response, retries_taken: int) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> Headers:
        return self.http_response.headers  # type: ignore[return-value]

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.http_response.headers.get("x-request-id")
        return request_id

    @property
    def http_request(self) -> httpx.Request:
        """The request that got this response (the last attempt's)."""
        return self.http_response.request

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def elapsed(self) -> Any:
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url.copy_with(query=None)}>"


class APIResponse(_ResponseBase, Generic[T]):
    """The HTTP response of a call, with `parse()` for the typed result."""

    def __init__(
        self, http_response: httpx.Response, retries_taken: int, parse: Callable[[], T]
    ) -> None:
        super().__init__(http_response, retries_taken)
        self._parse = parse
        self._parsed: list[T] = []

    def parse(self) -> T:
        """The typed result (parsed once, then cached)."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def read(self) -> bytes:
        return self.http_response.read()

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def stream_to_file(self, file: str, *, chunk_size: int | None = None) -> None:
        with open(file, "wb") as f:
            for chunk in self.http_response.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> APIResponse[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIResponse(_ResponseBase, Generic[T]):
    """The HTTP response of an async call, with `await parse()` for the typed result."""

    def __init__(
        self, http_response: httpx.Response, retries_taken: int, parse: Callable[[], Awaitable[T]]
    ) -> None:
        super().__init__(http_response, retries_taken)
        self._parse = parse
        self._parsed: list[T] = []

    async def parse(self) -> T:
        if not self._parsed:
            self._parsed.append(await self._parse())
        return self._parsed[0]

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        await self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def stream_to_file(self, file: str, *, chunk_size: int | None = None) -> None:
        with open(file, "wb") as f:  # local disk, chunked
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                f.write(chunk)

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncAPIResponse[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class AsyncResponseContextManager(Generic[T]):
    """What an async `with_streaming_response` call returns: `async with` it (the response is
    closed on exit, whatever happened inside), or `await` it for the `AsyncAPIResponse`."""

    def __init__(self, pending: Awaitable[AsyncAPIResponse[T]]) -> None:
        self._pending = pending
        self._response: AsyncAPIResponse[T] | None = None

    def __await__(self) -> Generator[Any, None, AsyncAPIResponse[T]]:
        return self._pending.__await__()

    async def __aenter__(self) -> AsyncAPIResponse[T]:
        self._response = await self._pending
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


class AsyncStreamingResource:
    """An async resource seen through `with_streaming_response`: its methods' awaitable results
    become `AsyncResponseContextManager`s; sub-resources are wrapped the same way."""

    __slots__ = ("_resource",)

    def __init__(self, resource: Any) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        from ._runtime import AsyncAPIResource

        value = getattr(self._resource, name)
        if isinstance(value, AsyncAPIResource):
            return AsyncStreamingResource(value)
        if name.startswith("_") or not callable(value):
            return value

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            result = value(*args, **kwargs)
            return AsyncResponseContextManager(result) if inspect.isawaitable(result) else result

        return call

    def __repr__(self) -> str:
        return f"<with_streaming_response of {self._resource!r}>"
