"""The two I/O shells around `BaseClient`: `SyncAPIClient` and `AsyncAPIClient`.

Each does only I/O - resolve the credential, send, read, sleep - and asks `BaseClient` what to
do at every step (`_after_transport_error`, `_after_response`, `_parse_body`...). The two
classes are the same code but for `await`; keep them side by side when changing either.
"""

from __future__ import annotations

import asyncio
import inspect
import time
import warnings
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

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
from ._request import PreparedRequest
from ._response import APIResponse, AsyncAPIResponse
from ._retry import RetryState
from ._runtime import NotGiven, Operation
from ._streaming import AsyncStream, Stream

__all__ = ["AsyncAPIClient", "SyncAPIClient"]

_TRANSPORT_ERRORS = (httpx.TransportError, httpx.TooManyRedirects)


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


class SyncAPIClient(BaseClient):
    """The synchronous I/O shell."""

    _http: httpx.Client

    def _init_http(self, http_client: httpx.Client | None) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidArgumentError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}",
                param="http_client",
            )
        self._owns_http = http_client is None
        self._http = http_client or SyncHttpxClient(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True,
            event_hooks={"request": [drop_foreign_credentials]},
        )  # fmt: skip

    def _auth(self, path: str) -> dict[str, str]:
        source = self._credential_source_for(path)
        secret = _checked_secret(source()) if callable(source) else (source or "")
        return self._credential_headers(secret)

    def _send(self, prepared: PreparedRequest, *, read_body: bool) -> tuple[httpx.Response, int]:
        retry = RetryState(self.max_retries)
        while True:
            request = self._httpx_request(prepared, retry, self._auth(prepared.path))
            _logging.log_request(request, retries_taken=retry.retries_taken)
            started = time.monotonic()
            response: httpx.Response | None = None
            try:
                response = self._send_following_redirects(request)
                if read_body or response.status_code >= 400:
                    response.read()
            except httpx.DecodingError as exc:  # corrupt gzip: the same bytes would come again
                assert response is not None
                response.close()
                raise decoding_error(exc, response) from exc
            except _TRANSPORT_ERRORS as exc:
                delay = self._after_transport_error(retry, request, exc)
            else:
                found = self._after_response(retry, response, time.monotonic() - started)
                if found is None:
                    return response, retry.retries_taken
                response.close()
                delay = found
            time.sleep(delay)
            retry = retry.next()

    def _send_following_redirects(self, request: httpx.Request) -> httpx.Response:
        """Send; with the caller's own http_client, follow its redirects here, so that
        credentials are dropped on a cross-origin redirect whoever made the client (ours does
        it in a request hook)."""
        if self._owns_http or not self._http.follow_redirects:
            return self._http.send(request, stream=True)
        response = self._http.send(request, stream=True, follow_redirects=False)
        for _ in range(self._http.max_redirects):
            following = response.next_request
            if following is None:
                return response
            response.close()
            drop_foreign_credentials(following)
            response = self._http.send(following, stream=True, follow_redirects=False)
        response.close()
        raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)

    def _request(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                 extra_query: Mapping[str, Any] | None, extra_body: object | None,
                 timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        _warn_if_deprecated(op)
        return self._execute(_Call(op, args, extra_headers, extra_query, extra_body, timeout))

    def _execute(self, call: _Call) -> Any:
        prepared = self._prepare(call.prepare(self._validate_requests))
        if self._response_mode == "streaming":
            response, retries = self._send(prepared, read_body=False)
            return APIResponse(response, retries, lambda: self._result(call, prepared, response))
        response, retries = self._send(prepared, read_body=not prepared.stream)
        if self._response_mode == "raw":
            return APIResponse(response, retries, lambda: self._result(call, prepared, response))
        return self._result(call, prepared, response)

    def _result(self, call: _Call, prepared: PreparedRequest, response: httpx.Response) -> Any:
        op = call.op
        if prepared.stream:
            if self._json_instead_of_stream(response):
                try:
                    response.read()
                finally:
                    response.close()
                self._stream_refused(response)
            return Stream(response, self._stream_parser(call, response))
        if self._is_binary(op):
            return BinaryResponse(response)
        try:
            response.read()  # a no-op unless with_streaming_response left the body unread
            parsed = self._parse_body(call, response)
        finally:
            response.close()
        if op.pagination == "none" or op.page_item_model is None or call.cast_to is not None:
            return parsed
        plain = self._with_response_mode("parse")
        return SyncPage(
            parsed, self._next_page(call, parsed), lambda p: plain._execute(call.with_page(p))
        )

    def close(self) -> None:
        """Close the HTTP client (only one this client created)."""
        if getattr(self, "_owns_http", False):
            self._http.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    """The asynchronous I/O shell: `SyncAPIClient`, awaited."""

    _http: httpx.AsyncClient

    def _async_header(self) -> str:
        from ._platform import async_library

        return async_library()

    def _init_http(self, http_client: httpx.AsyncClient | None) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidArgumentError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}",
                param="http_client",
            )
        self._owns_http = http_client is None
        self._http = http_client or AsyncHttpxClient(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True,
            event_hooks={"request": [adrop_foreign_credentials]},
        )  # fmt: skip

    async def _auth(self, path: str) -> dict[str, str]:
        source = self._credential_source_for(path)
        if not callable(source):
            return self._credential_headers(source or "")
        value = source()
        if inspect.isawaitable(value):
            value = await value
        return self._credential_headers(_checked_secret(value))

    async def _send(
        self, prepared: PreparedRequest, *, read_body: bool
    ) -> tuple[httpx.Response, int]:
        retry = RetryState(self.max_retries)
        while True:
            request = self._httpx_request(prepared, retry, await self._auth(prepared.path))
            _logging.log_request(request, retries_taken=retry.retries_taken)
            started = time.monotonic()
            response: httpx.Response | None = None
            try:
                response = await self._send_following_redirects(request)
                if read_body or response.status_code >= 400:
                    await response.aread()
            except httpx.DecodingError as exc:  # corrupt gzip: the same bytes would come again
                assert response is not None
                await response.aclose()
                raise decoding_error(exc, response) from exc
            except _TRANSPORT_ERRORS as exc:
                delay = self._after_transport_error(retry, request, exc)
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

    async def _send_following_redirects(self, request: httpx.Request) -> httpx.Response:
        """`SyncAPIClient._send_following_redirects`, awaited."""
        if self._owns_http or not self._http.follow_redirects:
            return await self._http.send(request, stream=True)
        response = await self._http.send(request, stream=True, follow_redirects=False)
        for _ in range(self._http.max_redirects):
            following = response.next_request
            if following is None:
                return response
            await response.aclose()
            drop_foreign_credentials(following)
            response = await self._http.send(following, stream=True, follow_redirects=False)
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
        prepared = self._prepare(call.prepare(self._validate_requests))
        if self._response_mode == "streaming":
            response, retries = await self._send(prepared, read_body=False)
            return AsyncAPIResponse(
                response, retries, lambda: self._result(call, prepared, response)
            )
        response, retries = await self._send(prepared, read_body=not prepared.stream)
        if self._response_mode == "raw":
            return _SyncParseAsyncResponse(
                response, retries, lambda: self._result(call, prepared, response)
            )
        return await self._result(call, prepared, response)

    async def _result(
        self, call: _Call, prepared: PreparedRequest, response: httpx.Response
    ) -> Any:
        op = call.op
        if prepared.stream:
            if self._json_instead_of_stream(response):
                try:
                    await response.aread()
                finally:
                    await response.aclose()
                self._stream_refused(response)
            return AsyncStream(response, self._stream_parser(call, response))
        if self._is_binary(op):
            return AsyncBinaryResponse(response)
        try:
            await response.aread()
            parsed = self._parse_body(call, response)
        finally:
            await response.aclose()
        if op.pagination == "none" or op.page_item_model is None or call.cast_to is not None:
            return parsed
        plain = self._with_response_mode("parse")
        return AsyncPage(
            parsed, self._next_page(call, parsed), lambda p: plain._execute(call.with_page(p))
        )

    async def close(self) -> None:
        """Close the HTTP client (only one this client created)."""
        if getattr(self, "_owns_http", False):
            await self._http.aclose()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


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
