"""The two I/O shells around `BaseClient`: `SyncAPIClient` and `AsyncAPIClient`.

Each does only I/O - resolve the credential, send, read, sleep - and asks `BaseClient` what to
do at every step: `_start` (prepare the call), `_httpx_request` (each attempt's request),
`_after_transport_error` / `_after_response` (return, retry or raise), `_result_needs_body` and
`_result_from` (the result). The two classes are the same code but for `await`; keep them side
by side when changing either.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
import warnings
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from . import _logging
from ._base_client import BaseClient, _Call
from ._constants import DEFAULT_CONNECTION_LIMITS
from ._deprecations import DEPRECATED_METHODS
from ._exceptions import InvalidArgumentError, OpenAIError
from ._files import AsyncBinaryResponse, BinaryResponse
from ._http import (
    AsyncHttpxClient,
    SyncHttpxClient,
    adrop_foreign_credentials,
    decoding_error,
    drop_foreign_credentials,
)
from ._pagination import AsyncPage, AsyncPaginator, SyncPage
from ._response import APIResponse, AsyncAPIResponse
from ._retry import RetryState
from ._runtime import NotGiven, Operation
from ._streaming import AsyncStream, Stream
from ._transports import lines

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["ASYNC_TRANSPORT_ENV", "AsyncAPIClient", "SyncAPIClient"]

ASYNC_TRANSPORT_ENV = "OPENAI_COMPAT_ASYNC_TRANSPORT"
"""Environment variable choosing the async clients' own transport: "aiohttp" (the default) or
"httpx" (httpx's AsyncClient, as before aiohttp became the default)."""


def _errors_of(http: object) -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(decoding errors, transport errors) that `http.send` and the body reads may raise."""
    decoding: tuple[type[Exception], ...] = (httpx.DecodingError,)
    transport: tuple[type[Exception], ...] = (httpx.TransportError, httpx.TooManyRedirects)
    if lines.is_httpx2(http, "Client", "AsyncClient"):
        import httpx2

        decoding += (httpx2.DecodingError,)
        transport += (httpx2.TransportError, httpx2.TooManyRedirects)
    return decoding, transport


def _warn_if_deprecated(op: Operation) -> None:
    message = DEPRECATED_METHODS.get(op.client_method)
    if message is not None:
        # stacklevel 4: past this function, the client's _request and the generated method: the caller
        warnings.warn(message, DeprecationWarning, stacklevel=4)


def _checked_secret(value: object) -> str:
    if not isinstance(value, str):
        raise OpenAIError(f"the credential callable must return a str, got {type(value).__name__}")
    _logging.register_secret(value)
    return value


def _unbind_read_stream(response: Any) -> None:
    """Once the whole body is read: httpx's response and its bound stream refer to each other,
    so the response, its request and the request's body (a multipart upload's bytes) would live
    until the cycle collector runs - many uploads' worth when they are large. The body stays
    readable (`content`, `iter_bytes()`)."""
    library = type(response).__module__.partition(".")[0]
    if library in ("httpx", "httpx2"):  # the aiohttp transport's responses have no such cycle
        response.stream = sys.modules[library].ByteStream(response.content)


class SyncAPIClient(BaseClient):
    """The synchronous I/O shell."""

    _http: httpx.Client
    _stream_class = Stream
    _binary_class = BinaryResponse
    _page_class = SyncPage

    def _init_http(self, http_client: httpx.Client | None) -> None:
        if http_client is not None and not (
            isinstance(http_client, httpx.Client) or lines.is_httpx2(http_client, "Client")
        ):
            raise InvalidArgumentError(
                "http_client must be an httpx.Client or an httpx2.Client, "
                f"got {type(http_client).__name__}",
                param="http_client",
            )
        self._owns_http = http_client is None
        self._http = http_client or SyncHttpxClient(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True,
            event_hooks={"request": [drop_foreign_credentials]},
        )  # fmt: skip
        self._decoding_errors, self._transport_errors = _errors_of(self._http)

    def _auth(self, path: str = "") -> dict[str, str]:
        source = self._credential_source_for(path)
        secret = _checked_secret(source()) if callable(source) else (source or "")
        return self._credential_headers(secret)

    def _send(self, call: _Call, *, read_body: bool) -> tuple[httpx.Response, int]:
        retry = RetryState(self.max_retries)
        while True:
            request = self._httpx_request(call.request, retry, self._auth(call.request.path))
            if self._provider_runtime is not None and self._provider_runtime.prepare is not None:
                self._provider_runtime.prepare(request)  # per attempt: a retry is signed anew
            _logging.log_request(request, retries_taken=retry.retries_taken)
            started = time.monotonic()
            response: httpx.Response | None = None
            try:
                response = self._send_authorized(request)
                if read_body or response.status_code >= 400:
                    response.read()
                    _unbind_read_stream(response)
            except self._decoding_errors as exc:  # corrupt gzip: the same bytes would come again
                assert response is not None
                response.close()
                raise decoding_error(exc, response) from exc  # type: ignore[arg-type]
            except self._transport_errors as exc:
                delay = self._after_transport_error(retry, request, lines.as_httpx_error(exc))  # type: ignore[arg-type]
            else:
                found = self._after_response(retry, response, time.monotonic() - started)
                if found is None:
                    return response, retry.retries_taken
                response.close()
                delay = found
            time.sleep(delay)
            retry = retry.next()

    def _send_authorized(self, request: httpx.Request) -> httpx.Response:
        auth = self._workload_identity_auth
        if auth is None:
            return self._send_following_redirects(request)
        sent: httpx.Response = auth.send(request, self._send_following_redirects)
        return sent

    def _send_following_redirects(self, request: httpx.Request) -> httpx.Response:
        """Send. Signed provider requests never follow a redirect; with the caller's own httpx
        client, its redirects are followed here so that credentials are dropped on a
        cross-origin redirect whoever made the client (our own clients do it in a request hook)."""
        if self._follow_redirects is False:
            return self._http.send(request, stream=True, follow_redirects=False)
        http = self._http
        if self._owns_http or not isinstance(http, httpx.Client) or not http.follow_redirects:
            return http.send(request, stream=True)
        response = http.send(request, stream=True, follow_redirects=False)
        for _ in range(http.max_redirects):
            following = response.next_request
            if following is None:
                return response
            response.close()
            drop_foreign_credentials(following)
            response = http.send(following, stream=True, follow_redirects=False)
        response.close()
        raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)

    def _request(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                 extra_query: Mapping[str, Any] | None, extra_body: object | None,
                 timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        _warn_if_deprecated(op)
        return self._execute(_Call(op, args, extra_headers, extra_query, extra_body, timeout))

    def _execute(self, call: _Call) -> Any:
        self._start(call)
        mode = self._response_mode
        response, retries = self._send(
            call, read_body=mode != "streaming" and not call.request.stream
        )
        if mode == "parse":
            return self._result(call, response)
        return APIResponse(response, retries, lambda: self._result(call, response))

    def _result(self, call: _Call, response: httpx.Response) -> Any:
        if self._result_needs_body(call, response):
            try:
                response.read()  # a no-op unless with_streaming_response left the body unread
            finally:
                response.close()
        return self._result_from(call, response)

    def close(self) -> None:
        """Close the HTTP client (only one this client created)."""
        if getattr(self, "_owns_http", False):
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    """The asynchronous I/O shell: `SyncAPIClient`, awaited."""

    _http: Any  # AioHttpClient, httpx.AsyncClient or httpx2.AsyncClient
    _stream_class = AsyncStream
    _binary_class = AsyncBinaryResponse
    _page_class = AsyncPage

    def _async_header(self) -> str:
        from ._platform import async_library

        return async_library()

    def _init_http(self, http_client: Any) -> None:
        if http_client is not None and not _is_async_http_client(http_client):
            raise InvalidArgumentError(
                "http_client must be an httpx.AsyncClient, an httpx2.AsyncClient or a "
                f"DefaultAioHttpClient, got {type(http_client).__name__}",
                param="http_client",
            )
        self._owns_http = http_client is None
        self._http = http_client or _default_async_http(self.timeout)
        self._decoding_errors, self._transport_errors = _errors_of(self._http)

    async def _auth(self, path: str = "") -> dict[str, str]:
        source = self._credential_source_for(path)
        if not callable(source):
            return self._credential_headers(source or "")
        value = source()
        if inspect.isawaitable(value):
            value = await value
        return self._credential_headers(_checked_secret(value))

    async def _send(self, call: _Call, *, read_body: bool) -> tuple[httpx.Response, int]:
        import asyncio  # here, not at module level: the sync client's import need not load it

        retry = RetryState(self.max_retries)
        while True:
            request = self._httpx_request(call.request, retry, await self._auth(call.request.path))
            if self._provider_runtime is not None and self._provider_runtime.aprepare is not None:
                await self._provider_runtime.aprepare(request)  # per attempt: signed anew
            _logging.log_request(request, retries_taken=retry.retries_taken)
            started = time.monotonic()
            response: httpx.Response | None = None
            try:
                response = await self._send_authorized(request)
                if read_body or response.status_code >= 400:
                    await response.aread()
                    _unbind_read_stream(response)
            except self._decoding_errors as exc:  # corrupt gzip: the same bytes would come again
                assert response is not None
                await response.aclose()
                raise decoding_error(exc, response) from exc  # type: ignore[arg-type]
            except self._transport_errors as exc:
                delay = self._after_transport_error(retry, request, lines.as_httpx_error(exc))  # type: ignore[arg-type]
            except asyncio.CancelledError:
                if response is not None:
                    await asyncio.shield(response.aclose())
                raise
            else:
                found = self._after_response(retry, response, time.monotonic() - started)
                if found is None:
                    return response, retry.retries_taken
                await response.aclose()
                delay = found
            await asyncio.sleep(delay)
            retry = retry.next()

    async def _send_authorized(self, request: httpx.Request) -> httpx.Response:
        auth = self._workload_identity_auth
        if auth is None:
            return await self._send_following_redirects(request)
        sent: httpx.Response = await auth.asend(request, self._send_following_redirects)
        return sent

    async def _send_following_redirects(self, request: httpx.Request) -> httpx.Response:
        """`SyncAPIClient._send_following_redirects`, awaited (the aiohttp transport drops
        credentials in its own redirect loop)."""
        if self._follow_redirects is False:
            sent: httpx.Response = await self._http.send(
                request, stream=True, follow_redirects=False
            )
            return sent
        http = self._http
        if self._owns_http or not isinstance(http, httpx.AsyncClient) or not http.follow_redirects:
            plain: httpx.Response = await http.send(request, stream=True)
            return plain
        response = await http.send(request, stream=True, follow_redirects=False)
        for _ in range(http.max_redirects):
            following = response.next_request
            if following is None:
                return response
            await response.aclose()
            drop_foreign_credentials(following)
            response = await http.send(following, stream=True, follow_redirects=False)
        await response.aclose()
        raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)

    async def _request(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                       extra_query: Mapping[str, Any] | None, extra_body: object | None,
                       timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        _warn_if_deprecated(op)
        return await self._execute(_Call(op, args, extra_headers, extra_query, extra_body, timeout))

    def _paginate(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                  extra_query: Mapping[str, Any] | None, extra_body: object | None,
                  timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        _warn_if_deprecated(op)
        call = _Call(op, args, extra_headers, extra_query, extra_body, timeout)
        if self._response_mode != "parse":  # raw/streaming views return the response, as awaited
            return self._execute(call)
        return AsyncPaginator(lambda: self._execute(call))

    async def _execute(self, call: _Call) -> Any:
        self._start(call)
        mode = self._response_mode
        response, retries = await self._send(
            call, read_body=mode != "streaming" and not call.request.stream
        )
        if mode == "parse":
            return await self._result(call, response)
        if mode == "raw":
            return _SyncParseAsyncResponse(response, retries, lambda: self._result(call, response))
        return AsyncAPIResponse(response, retries, lambda: self._result(call, response))

    async def _result(self, call: _Call, response: httpx.Response) -> Any:
        if self._result_needs_body(call, response):
            try:
                await response.aread()
            finally:
                await response.aclose()
        return self._result_from(call, response)

    async def close(self) -> None:
        """Close the HTTP client (only one this client created)."""
        if getattr(self, "_owns_http", False):
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _is_async_http_client(value: object) -> bool:
    if isinstance(value, httpx.AsyncClient) or lines.is_httpx2(value, "AsyncClient"):
        return True
    transports = sys.modules.get("openai_compat._transports.aiohttp")
    return transports is not None and isinstance(value, transports.AioHttpClient)


def _default_async_http(timeout: float | httpx.Timeout | None) -> Any:
    choice = os.environ.get(ASYNC_TRANSPORT_ENV) or "aiohttp"
    if choice == "httpx":
        return AsyncHttpxClient(
            timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True,
            event_hooks={"request": [adrop_foreign_credentials]},
        )  # fmt: skip
    if choice != "aiohttp":
        raise OpenAIError(f'{ASYNC_TRANSPORT_ENV} must be "aiohttp" or "httpx", got {choice!r}')
    from ._transports.aiohttp import AioHttpClient

    return AioHttpClient(timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS)


class _SyncParseAsyncResponse(APIResponse[Any]):
    """`with_raw_response` on an async client: the body is read, so `parse()` is a plain call
    (as in openai-python); the parse itself is a coroutine for async results, run here."""

    def __init__(
        self, response: httpx.Response, retries: int, parse: Callable[[], Awaitable[Any]]
    ) -> None:
        super().__init__(response, retries, lambda: _run_now(parse()))


def _run_now(awaitable: Awaitable[Any]) -> Any:
    # The async result builder awaits only an already-read body, so it completes in one step.
    coro = awaitable.__await__()
    try:
        next(coro)
    except StopIteration as done:
        return done.value
    raise RuntimeError("parse() of an async raw response needed I/O; use with_streaming_response")
