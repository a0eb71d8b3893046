"""The client core: configuration and everything between "method called" and "result returned".

`BaseClient` holds what does no I/O - configuration, per-attempt headers, turning a response into
the method's result - and `SyncAPIClient` / `AsyncAPIClient` are the two thin I/O shells: the
retry loop (send, decide with `_retry.RetryState`, sleep) and nothing else. They differ only by
`await`; everything they decide is decided in `BaseClient` or in the sans-I/O modules
(`_request`, `_retry`, `_tolerant`, `_sse`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from . import _logging
from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    InvalidArgumentError,
    OpenAIError,
    make_status_error,
)
from ._files import AsyncBinaryResponse, BinaryResponse
from ._pagination import AsyncPage, AsyncPaginator, SyncPage, next_page_params
from ._request import PreparedRequest, build_request, resolve_model
from ._response import APIResponse, AsyncAPIResponse
from ._retry import NON_RETRYABLE_TRANSPORT_ERRORS, RETRYABLE_TRANSPORT_ERRORS, RetryState
from ._runtime import NOT_GIVEN, NotGiven, Omit, Operation
from ._streaming import AsyncStream, Stream
from ._version import __version__

__all__ = ["AsyncAPIClient", "BaseClient", "SyncAPIClient"]

# Deterministic failures: a new attempt would fail the same way (a redirect loop repeats itself).
_NOT_RETRIED_ERRORS: tuple[type[httpx.HTTPError], ...] = (
    *NON_RETRYABLE_TRANSPORT_ERRORS,
    httpx.TooManyRedirects,
)

ApiKey = str | Callable[[], str]
AsyncApiKey = str | Callable[[], str] | Callable[[], Awaitable[str]]
_USER_AGENT = f"openai-compat/{__version__} python"


@dataclass(slots=True)
class _Call:
    """One method call: the operation, the caller's arguments and per-call options."""

    op: Operation
    args: Mapping[str, Any]
    extra_headers: Mapping[str, Any] | None
    extra_query: Mapping[str, Any] | None
    extra_body: object | None
    timeout: float | httpx.Timeout | NotGiven | None
    # Bring-your-own-types: parse into this (a pydantic model, dict, str, httpx.Response)
    # instead of the operation's model; None means the operation's own model.
    cast_to: Any = None

    def prepare(self) -> PreparedRequest:
        return build_request(
            self.op, self.args, self.extra_headers, self.extra_query, self.extra_body, self.timeout
        )

    def with_page(self, params: Mapping[str, str]) -> _Call:
        """The same call for another page (`params`: `{"after": ...}` or `{"page": ...}`)."""
        return _Call(self.op, {**self.args, **params}, self.extra_headers,
                     self.extra_query, self.extra_body, self.timeout, self.cast_to)  # fmt: skip


def _check_base_url(value: str | httpx.URL) -> httpx.URL:
    try:
        url = httpx.URL(str(value))
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise OpenAIError(f"base_url {str(value)!r} is not a valid URL: {exc}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise OpenAIError(
            f"base_url must be an absolute http:// or https:// URL, got {str(value)!r}"
        )
    return url


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


class BaseClient:
    """Configuration and the I/O-free steps of every call; see the module docstring."""

    _response_mode: str = "parse"
    _http: Any

    def __init__(
        self,
        *,
        api_key: Any,
        base_url: str | httpx.URL,
        organization: str | None = None,
        project: str | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
            raise OpenAIError(f"max_retries must be an integer >= 0, got {max_retries!r}")
        _logging.setup_logging()
        self._api_key = api_key
        if isinstance(api_key, str):
            _logging.register_secret(api_key)
        self.base_url = _check_base_url(base_url)
        self.organization = organization
        self.project = project
        self.timeout: float | httpx.Timeout | None = (
            DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        )
        self.max_retries = max_retries
        self._custom_headers = dict(default_headers or {})
        self._custom_query = dict(default_query or {})
        self._strict = strict_response_validation
        self._base_path = str(self.base_url).rstrip("/")
        self._urls: dict[str, httpx.URL] = {}

    # -- configuration -------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The API key (a callable key is shown as its last value)."""
        key = self._api_key
        return key if isinstance(key, str) else getattr(self, "_last_api_key", "")

    @property
    def default_headers(self) -> dict[str, str | Omit]:
        headers: dict[str, str | Omit] = {
            "Accept": "application/json",
            "User-Agent": _USER_AGENT,
        }
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        headers.update(self._custom_headers)
        return headers

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    def auth_headers(self, api_key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {api_key}"} if api_key else {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self.base_url)!r}, api_key=<redacted>)"

    def _with_response_mode(self, mode: str) -> Any:
        view = copy.copy(self)
        view.__dict__ = {k: v for k, v in self.__dict__.items() if not _is_resource(v)}
        view._response_mode = mode
        return view

    # -- building the HTTP request of one attempt -----------------------------------------------

    def _prepare(self, prepared: PreparedRequest) -> PreparedRequest:
        """Hook for clients that route requests differently (Azure deployments)."""
        return prepared

    def _url(self, path: str) -> httpx.URL:
        # httpx parses a str URL on every build_request (~15 us of a ~220 us call); an
        # httpx.URL is only copied. Paths repeat (one per operation and id): keep a few.
        url = self._urls.get(path)
        if url is None:
            if len(self._urls) >= 256:
                self._urls.clear()
            url = self._urls[path] = httpx.URL(self._base_path + path)
        return url

    def _httpx_request(
        self, prepared: PreparedRequest, retry: RetryState, api_key: str
    ) -> httpx.Request:
        headers: dict[str, str] = {}
        auth = _checked_credentials(self.auth_headers(api_key))
        for source in (self.default_headers, auth, prepared.headers):
            for key, value in source.items():
                if isinstance(value, Omit):
                    headers.pop(key, None)
                    for existing in [k for k in headers if k.lower() == key.lower()]:
                        del headers[existing]
                else:
                    headers[key] = value
        # The retry counter is ours to send unless the caller set it (as openai-python does).
        lowered = {key.lower() for key in headers}
        headers.update(
            (k, v) for k, v in retry.request_headers().items() if k.lower() not in lowered
        )
        if prepared.stream:
            headers["Accept"] = "text/event-stream"
        params = (
            {**self._custom_query, **prepared.params} if self._custom_query else prepared.params
        )
        timeout = self.timeout if isinstance(prepared.timeout, NotGiven) else prepared.timeout
        request: httpx.Request
        if getattr(self, "_owns_http", False) and not prepared.files and not prepared.data:
            # Our own httpx client has no auth, cookies or params of its own, so the request
            # can be built directly: httpx's build_request merges all of those and costs
            # ~2x more than the request itself (most of the per-call overhead we measured).
            request = httpx.Request(
                prepared.method,
                self._url(prepared.path),
                params=params or None,
                headers=_with_client_defaults(self._http, headers),
                content=prepared.content,
                extensions={"timeout": _timeout_dict(timeout)},
            )
        else:
            request = self._http.build_request(
                prepared.method,
                self._url(prepared.path),
                params=params or None,
                headers=headers,
                content=prepared.content,
                data=prepared.data,
                files=prepared.files,
                timeout=timeout,
            )
        # Redirected requests share this dict: it tells `_drop_foreign_credentials` where the
        # credentials were meant to go.
        request.extensions[_ORIGIN_EXTENSION] = _origin(request.url)
        return request

    # -- turning a response into a result --------------------------------------------------------

    def _is_binary(self, op: Operation) -> bool:
        content_type = op.response_content_type
        return (
            content_type is not None
            and "json" not in content_type
            and content_type != "text/event-stream"
        )

    def _parse_body(self, call: _Call, response: httpx.Response) -> Any:
        from ._tolerant import ResponseShapeError, parse_json

        op, content = call.op, response.content
        model = _cast_model(call.cast_to)
        if call.cast_to is httpx.Response:
            return response
        if call.cast_to is str:
            return response.text
        if model is None:
            if call.cast_to is not None or op.response_model is None:
                return _plain_json(response, content)
            model = resolve_model(op.spec, op.response_model)
        try:
            return _unwrap(
                parse_json(model, content, strict=self._strict, context=f"{op.method} {op.path}")
            )
        except ResponseShapeError as exc:
            raise APIResponseValidationError(
                response, exc.body_start, message=_validation_message(response, exc)
            ) from exc

    def _stream_parser(
        self, call: _Call, response: httpx.Response
    ) -> Callable[[str, str | None], Any]:
        from ._tolerant import ResponseShapeError, parse_json, parse_python

        op, ref = call.op, call.op.stream_event_model
        model = resolve_model(op.spec, ref) if ref else None
        if call.cast_to is not None:
            model = _cast_model(call.cast_to)
        strict, context = self._strict, f"{op.method} {op.path} (stream)"

        def parse(data: str, event: str | None) -> Any:
            try:
                if model is None:
                    import orjson

                    return orjson.loads(data)
                if op.stream_envelope:
                    import orjson

                    return _unwrap(
                        parse_python(
                            model,
                            {"event": event, "data": orjson.loads(data)},
                            strict=strict,
                            context=context,
                        )
                    )
                return _unwrap(parse_json(model, data, strict=strict, context=context))
            except (ResponseShapeError, ValueError) as exc:
                body_start = getattr(exc, "body_start", data[:200])
                raise APIResponseValidationError(
                    response, body_start, message=f"{context}: {exc}"
                ) from exc

        return parse

    def _next_page(self, call: _Call, parsed: Any) -> dict[str, str] | None:
        """The arguments that fetch the page after `parsed`, or None on the last page."""
        accepted = {p.name for p in call.op.params if p.location == "query"}
        items = list(getattr(parsed, "data", None) or [])
        params = next_page_params(parsed, items, call.op.pagination, accepted)
        # A server that hands back the cursor it was given would page forever: stop instead.
        if params is not None and all(call.args.get(k) == v for k, v in params.items()):
            return None
        return params


def _unwrap(value: Any) -> Any:
    """A union model (pydantic RootModel) is returned as the variant it holds, as openai-python
    returns `Transcription | TranscriptionVerbose` rather than a wrapper."""
    root = getattr(type(value), "__pydantic_root_model__", False)
    return value.root if root else value


def _cast_model(cast_to: Any) -> Any:
    """The pydantic model class in a `cast_to` (`Model`, or `Stream[Model]` for streams)."""
    import typing

    args = typing.get_args(cast_to)
    target = args[0] if args else cast_to
    return target if isinstance(target, type) and hasattr(target, "model_validate_json") else None


_TIMEOUT_DICTS: dict[object, dict[str, float | None]] = {}


def _timeout_dict(timeout: float | httpx.Timeout | None) -> dict[str, float | None]:
    """httpx's per-request timeout extension, cached per timeout value (they are few)."""
    # httpx.Timeout is not hashable: key it by its four values.
    key: object = (
        (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if isinstance(timeout, httpx.Timeout)
        else timeout
    )
    cached = _TIMEOUT_DICTS.get(key)
    if cached is None:
        cached = httpx.Timeout(timeout).as_dict()
        if len(_TIMEOUT_DICTS) < 256:
            _TIMEOUT_DICTS[key] = cached
    return cached


def _with_client_defaults(
    http: httpx.Client | httpx.AsyncClient, headers: dict[str, str]
) -> httpx.Headers:
    """The request's headers over the httpx client's defaults (Accept-Encoding, Connection...)."""
    merged = http.headers.copy()
    merged.update(headers)
    return merged


def _is_resource(value: object) -> bool:
    from ._runtime import AsyncAPIResource, SyncAPIResource

    return isinstance(value, (SyncAPIResource, AsyncAPIResource))


def _plain_json(response: httpx.Response, content: bytes) -> Any:
    if not content.strip():
        return None
    import orjson

    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        raise APIResponseValidationError(
            response, content[:200].decode(errors="replace"),
            message=_validation_message(response, exc),
        ) from exc  # fmt: skip


def _validation_message(response: httpx.Response, exc: Exception) -> str:
    request_id = response.headers.get("x-request-id")
    suffix = f" (request id {request_id})" if request_id else ""
    return f"Invalid response body from {response.request.method} {response.request.url.path}, status {response.status_code}: {exc}{suffix}"


def _decoding_error(
    exc: httpx.DecodingError, response: httpx.Response
) -> APIResponseValidationError:
    encoding = response.headers.get("content-encoding", "")
    message = f"The response body could not be decoded (Content-Encoding {encoding!r}): {exc}"
    return APIResponseValidationError(response, None, message=message)


def _checked_credentials(headers: dict[str, str]) -> dict[str, str]:
    """Refuse a credential with a line break or control character (often a trailing newline read
    from a file): httpx would refuse it too, but quoting the whole header value in its message."""
    for name, value in headers.items():
        if not value.isprintable():
            raise InvalidArgumentError(
                f"the credential for the {name} header contains a line break or control character "
                "(a trailing newline from a file?); strip it. The value is not shown.",
                param="api_key" if name.lower() == "authorization" else name,
            )
    return headers


_ORIGIN_EXTENSION = "openai_compat.origin"


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def _drop_foreign_credentials(request: httpx.Request) -> None:
    """Request hook of the HTTP clients we create: on a redirect to another origin, drop every
    credential header. httpx itself drops only Authorization, so Azure's `api-key` (or an
    `x-api-key` from default_headers) would otherwise reach whatever host the redirect names."""
    origin = request.extensions.get(_ORIGIN_EXTENSION)
    if origin is not None and origin != _origin(request.url):
        for name in [name for name in request.headers if _logging.is_sensitive_name(name)]:
            del request.headers[name]


async def _adrop_foreign_credentials(request: httpx.Request) -> None:
    _drop_foreign_credentials(request)


def _connection_error(exc: httpx.HTTPError, request: httpx.Request) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    return APIConnectionError(
        message=f"Connection error: {type(exc).__name__}: {exc}", request=request
    )


class SyncAPIClient(BaseClient):
    """The synchronous I/O shell: sends, retries, and hands responses to `BaseClient`."""

    _http: httpx.Client

    def _init_http(self, http_client: httpx.Client | None) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidArgumentError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}",
                param="http_client",
            )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True,
            event_hooks={"request": [_drop_foreign_credentials]},
        )  # fmt: skip

    def _current_api_key(self) -> str:
        key = self._api_key
        if callable(key):
            value = key()
            if not isinstance(value, str):
                raise OpenAIError(
                    f"the api_key callable must return a str, got {type(value).__name__}"
                )
            _logging.register_secret(value)
            self._last_api_key = value
            return value
        return str(key)

    def _send(self, prepared: PreparedRequest, *, read_body: bool) -> tuple[httpx.Response, int]:
        retry = RetryState(self.max_retries)
        while True:
            request = self._httpx_request(prepared, retry, self._current_api_key())
            _logging.log_request(request, retries_taken=retry.retries_taken)
            started = time.monotonic()
            try:
                response = self._http.send(request, stream=True)
                if read_body or response.status_code >= 400:
                    response.read()
            except RETRYABLE_TRANSPORT_ERRORS as exc:
                if not retry.retry_exception(exc):
                    raise _connection_error(exc, request) from exc
                delay = retry.delay(None)
                _logging.log_retry(
                    request,
                    delay=delay,
                    retries_taken=retry.retries_taken,
                    max_retries=self.max_retries,
                    cause=type(exc).__name__,
                )
                time.sleep(delay)
                retry = retry.next()
                continue
            except _NOT_RETRIED_ERRORS as exc:
                raise _connection_error(exc, request) from exc
            # Corrupt gzip/deflate: the same bytes would come again, so it is not retried.
            except httpx.DecodingError as exc:
                response.close()
                raise _decoding_error(exc, response) from exc
            _logging.log_response(
                response, retries_taken=retry.retries_taken, elapsed=time.monotonic() - started
            )
            if response.status_code < 400:
                return response, retry.retries_taken
            response.close()
            if not retry.retry_response(response.status_code, response.headers):
                raise make_status_error(response, response.content)
            delay = retry.delay(response.headers)
            _logging.log_retry(
                request,
                delay=delay,
                retries_taken=retry.retries_taken,
                max_retries=self.max_retries,
                cause=f"status {response.status_code}",
            )
            time.sleep(delay)
            retry = retry.next()

    def _request(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                 extra_query: Mapping[str, Any] | None, extra_body: object | None,
                 timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        return self._execute(_Call(op, args, extra_headers, extra_query, extra_body, timeout))

    def _execute(self, call: _Call) -> Any:
        prepared = self._prepare(call.prepare())
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

    # -- generic verbs for endpoints the spec lacks ------------------------------------------------

    def close(self) -> None:
        """Close the HTTP client (only one this client created)."""
        if getattr(self, "_owns_http", False):
            self._http.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _AsyncHttpxClient(httpx.AsyncClient):
    """An httpx.AsyncClient that closes itself when garbage-collected inside a running loop.

    Without this, a client dropped without `aclose()` leaves its connections to be finalised
    after the loop is gone, and asyncio prints "Event loop is closed".
    """

    def __del__(self) -> None:
        if self.is_closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        # The loop holds tasks weakly: keep a reference until the close is done.
        with contextlib.suppress(RuntimeError):  # the loop is shutting down: nothing to close on
            task = loop.create_task(self.aclose())
            _CLOSING_TASKS.add(task)
            task.add_done_callback(_CLOSING_TASKS.discard)


_CLOSING_TASKS: set[asyncio.Task[None]] = set()


class AsyncAPIClient(BaseClient):
    """The asynchronous I/O shell; the same steps as `SyncAPIClient`, awaited."""

    _http: httpx.AsyncClient

    def _init_http(self, http_client: httpx.AsyncClient | None) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidArgumentError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}",
                param="http_client",
            )
        self._owns_http = http_client is None
        self._http = http_client or _AsyncHttpxClient(
            timeout=self.timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True,
            event_hooks={"request": [_adrop_foreign_credentials]},
        )  # fmt: skip

    async def _current_api_key(self) -> str:
        key = self._api_key
        if callable(key):
            value = key()
            if inspect.isawaitable(value):
                value = await value
            if not isinstance(value, str):
                raise OpenAIError(
                    f"the api_key callable must return a str, got {type(value).__name__}"
                )
            _logging.register_secret(value)
            self._last_api_key = value
            return value
        return str(key)

    async def _send(
        self, prepared: PreparedRequest, *, read_body: bool
    ) -> tuple[httpx.Response, int]:
        retry = RetryState(self.max_retries)
        while True:
            request = self._httpx_request(prepared, retry, await self._current_api_key())
            _logging.log_request(request, retries_taken=retry.retries_taken)
            started = time.monotonic()
            response: httpx.Response | None = None
            try:
                response = await self._http.send(request, stream=True)
                if read_body or response.status_code >= 400:
                    await response.aread()
            except RETRYABLE_TRANSPORT_ERRORS as exc:
                if not retry.retry_exception(exc):
                    raise _connection_error(exc, request) from exc
                delay = retry.delay(None)
                _logging.log_retry(
                    request,
                    delay=delay,
                    retries_taken=retry.retries_taken,
                    max_retries=self.max_retries,
                    cause=type(exc).__name__,
                )
                await asyncio.sleep(delay)
                retry = retry.next()
                continue
            except _NOT_RETRIED_ERRORS as exc:
                raise _connection_error(exc, request) from exc
            except httpx.DecodingError as exc:  # raised while reading, so there is a response
                assert response is not None
                await response.aclose()
                raise _decoding_error(exc, response) from exc
            except asyncio.CancelledError:
                if response is not None:
                    await asyncio.shield(response.aclose())
                raise
            _logging.log_response(
                response, retries_taken=retry.retries_taken, elapsed=time.monotonic() - started
            )
            if response.status_code < 400:
                return response, retry.retries_taken
            await response.aclose()
            if not retry.retry_response(response.status_code, response.headers):
                raise make_status_error(response, response.content)
            delay = retry.delay(response.headers)
            _logging.log_retry(
                request,
                delay=delay,
                retries_taken=retry.retries_taken,
                max_retries=self.max_retries,
                cause=f"status {response.status_code}",
            )
            await asyncio.sleep(delay)
            retry = retry.next()

    async def _request(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                       extra_query: Mapping[str, Any] | None, extra_body: object | None,
                       timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        return await self._execute(_Call(op, args, extra_headers, extra_query, extra_body, timeout))

    def _paginate(self, op: Operation, args: Mapping[str, Any], extra_headers: Mapping[str, Any] | None,
                  extra_query: Mapping[str, Any] | None, extra_body: object | None,
                  timeout: float | httpx.Timeout | NotGiven | None) -> Any:  # fmt: skip
        call = _Call(op, args, extra_headers, extra_query, extra_body, timeout)
        if self._response_mode != "parse":  # raw/streaming views return the response, as awaited
            return self._execute(call)
        return AsyncPaginator(lambda: self._execute(call))

    async def _execute(self, call: _Call) -> Any:
        prepared = self._prepare(call.prepare())
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
