"""The client core: configuration and everything between "method called" and "result returned".

`BaseClient` holds what does no I/O: configuration, the HTTP request of each attempt, what to do
after each attempt (return, retry after a delay, or raise), and turning a response into the
method's result. The two I/O shells in `_shells.py` (sync and async) only send, sleep and read,
asking `BaseClient` at every step; they differ by `await` and nothing else.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx

from . import _logging
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, RAW_RESPONSE_HEADER
from ._exceptions import APIResponseValidationError, OpenAIError, make_status_error
from ._http import (
    AsyncHttpxClient,
    SyncHttpxClient,
    checked_credentials,
    connection_error,
    mark_origin,
    timeout_dict,
)
from ._pagination import next_page_params
from ._platform import platform_headers
from ._request import PreparedRequest, build_request, resolve_model
from ._retry import NON_RETRYABLE_TRANSPORT_ERRORS, RetryState
from ._runtime import NOT_GIVEN, NotGiven, Omit, Operation
from ._transports import lines
from ._version import __version__

__all__ = ["BaseClient"]

# Deterministic failures: a new attempt would fail the same way (a redirect loop repeats itself).
_NOT_RETRIED_ERRORS: tuple[type[httpx.HTTPError], ...] = (
    *NON_RETRYABLE_TRANSPORT_ERRORS,
    httpx.TooManyRedirects,
)

ApiKey = str | Callable[[], str]
AsyncApiKey = str | Callable[[], str] | Callable[[], Awaitable[str]]
_USER_AGENT = f"openai-compat/{__version__} python"
_RAW_RESPONSE_HEADERS = {"raw": "true", "streaming": "stream"}
# The read timeout openai-python announces to the server (servers may bound their work by it).
_READ_TIMEOUT_HEADER = "x-stainless-read-timeout"


@dataclass(slots=True)
class _Call:
    """One method call, carried through every stage: the operation, the caller's arguments and
    per-call options, then (from `BaseClient._start`) the prepared HTTP request."""

    op: Operation
    args: Mapping[str, Any]
    extra_headers: Mapping[str, Any] | None
    extra_query: Mapping[str, Any] | None
    extra_body: object | None
    timeout: float | httpx.Timeout | NotGiven | None
    # Bring-your-own-types: parse into this (a pydantic model, dict, str, httpx.Response)
    # instead of the operation's model; None means the operation's own model.
    cast_to: Any = None
    # Set once by `BaseClient._start`; every attempt sends the same prepared request.
    prepared: PreparedRequest | None = None

    def prepare(self, validate: bool = False) -> PreparedRequest:
        return build_request(
            self.op, self.args, self.extra_headers, self.extra_query, self.extra_body, self.timeout,
            validate=validate,
        )  # fmt: skip

    @property
    def request(self) -> PreparedRequest:
        assert self.prepared is not None, "BaseClient._start(call) prepares the request"
        return self.prepared

    def with_page(self, params: Mapping[str, str]) -> _Call:
        """The same call for another page (`params`: `{"after": ...}` or `{"page": ...}`)."""
        return _Call(self.op, {**self.args, **params}, self.extra_headers,
                     self.extra_query, self.extra_body, self.timeout, self.cast_to)  # fmt: skip


def accept_known_extras(unsupported: Mapping[str, Any], client: str = "OpenAI") -> None:
    """Refuse unknown constructor options (a typo must not pass silently), in Python's words."""
    unknown = sorted(unsupported)
    if unknown:
        raise TypeError(f"{client}.__init__() got an unexpected keyword argument {unknown[0]!r}")


def _check_base_url(value: str | httpx.URL) -> httpx.URL:
    try:
        url = httpx.URL(str(value))
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise OpenAIError(f"base_url {str(value)!r} is not a valid URL: {exc}") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise OpenAIError(
            f"base_url must be an absolute http:// or https:// URL, got {str(value)!r}"
        )
    if not url.path.endswith("/"):  # as openai-python shows it: paths are joined below it
        url = url.copy_with(path=url.path + "/")
    return url


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


class BaseClient:
    """Configuration and the I/O-free steps of every call; see the module docstring."""

    _response_mode: str = "parse"
    _http: Any
    # Set by `provider=` (providers/_core.py: ProviderRuntime): authenticates every attempt.
    _provider_runtime: Any = None
    # False when the provider signs requests: a redirect is an error, never followed.
    _follow_redirects: Any = httpx.USE_CLIENT_DEFAULT
    # OpenAI clients refuse to send a request without an Authorization header unless the caller
    # omitted it on purpose (Azure authenticates with `api-key` instead).
    _bearer_required: bool = False
    # `workload_identity=`: swaps the placeholder key for an access token as each request is
    # sent, and re-sends once after a 401 (auth/_workload.py: WorkloadIdentityAuth.send).
    _workload_identity_auth: Any = None

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
        validate_requests: bool = False,
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
        # Opt-in: check request bodies against the spec's request models before sending.
        self._validate_requests = validate_requests
        self._base_path = str(self.base_url).rstrip("/")
        self._urls: dict[str, httpx.URL] = {}

    # -- configuration -------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The API key ("" when it is a callable, which is called before every attempt)."""
        key = self._api_key
        return key if isinstance(key, str) else ""

    # Credentials are resolved per attempt and passed along, never stored on the client: a
    # client shared by threads or tasks must not hand one call's token to another.
    def _credential_source(self) -> Any:
        """The secret, or a callable returning it (sync or async), for the next attempt."""
        return self._api_key

    def _credential_source_for(self, path: str) -> Any:
        """The credential for a request to `path` (the OpenAI clients send the admin key to
        the Admin API)."""
        return self._credential_source()

    def _credential_headers(self, secret: str) -> dict[str, str]:
        """How a secret is sent: a bearer token here, Azure's `api-key` header there."""
        return {"Authorization": f"Bearer {secret}"} if secret else {}

    @property
    def auth_headers(self) -> dict[str, str]:
        """The authentication headers for a static key (a callable key is resolved per call)."""
        source = self._credential_source()
        return self._credential_headers(source) if isinstance(source, str) else {}

    @property
    def default_headers(self) -> dict[str, str | Omit]:
        headers: dict[str, str | Omit] = {
            "Accept": "application/json",
            "User-Agent": _USER_AGENT,
            **platform_headers(__version__),
            "X-Stainless-Async": self._async_header(),
        }
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        headers.update(self._custom_headers)
        return headers

    def _async_header(self) -> str:
        return "false"

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self.base_url)!r}, api_key=<redacted>)"

    def _with_response_mode(self, mode: str) -> Any:
        view = copy.copy(self)
        view.__dict__ = {k: v for k, v in self.__dict__.items() if not _is_resource(v)}
        view._response_mode = mode
        return view

    # -- the stages of a call: start, request (per attempt), after_*, result -------------------

    def _start(self, call: _Call) -> _Call:
        """Prepare the call's HTTP request, once for all its attempts."""
        call.prepared = self._prepare(call.prepare(self._validate_requests))
        return call

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

    def _base_headers(self) -> dict[str, tuple[str, str]]:
        """The headers every request starts from, by lower-cased name (built once per client
        configuration: this runs on every attempt)."""
        key = (self.organization, self.project)
        cached: tuple[object, dict[str, tuple[str, str]]] | None = self.__dict__.get(
            "_headers_cache"
        )
        if cached is not None and cached[0] == key:
            return cached[1]
        headers: dict[str, tuple[str, str]] = {}
        if getattr(self, "_owns_http", False):  # requests to our own client skip build_request
            headers.update((k.lower(), (k, v)) for k, v in self._http.headers.items())
        _merge_headers(headers, self.default_headers)
        self.__dict__["_headers_cache"] = (key, headers)
        return headers

    def _httpx_request(
        self, prepared: PreparedRequest, retry: RetryState, auth: dict[str, str]
    ) -> httpx.Request:
        merged = dict(self._base_headers())
        credentials = checked_credentials(auth)
        if credentials and self._custom_headers:
            # As openai-python: a credential header given in default_headers (or in
            # OPENAI_CUSTOM_HEADERS) is the one sent, or left out when given as `omit`.
            given = {name.lower() for name in self._custom_headers}
            credentials = {k: v for k, v in credentials.items() if k.lower() not in given}
        _merge_headers(merged, credentials)
        _merge_headers(merged, prepared.headers)
        if self._bearer_required and "authorization" not in merged:
            _require_authorization({**self._custom_headers, **prepared.headers})
        # The retry counter is ours to send unless the caller set it (as openai-python does).
        for name, value in retry.request_headers().items():
            merged.setdefault(name.lower(), (name, value))
        timeout = self.timeout if isinstance(prepared.timeout, NotGiven) else prepared.timeout
        if not any(k.lower() == _READ_TIMEOUT_HEADER for k in prepared.headers):
            read = timeout.read if isinstance(timeout, httpx.Timeout) else timeout
            if read is not None:
                merged[_READ_TIMEOUT_HEADER] = (_READ_TIMEOUT_HEADER, str(read))
        if prepared.stream:
            # Deliberately unlike openai-python (which sends application/json): servers that
            # negotiate the content type answer a stream request with JSON otherwise.
            merged["accept"] = ("Accept", "text/event-stream")
        mode_header = _RAW_RESPONSE_HEADERS.get(self._response_mode)
        if mode_header is not None:  # what openai-python marks raw / streamed responses with
            merged.setdefault(RAW_RESPONSE_HEADER.lower(), (RAW_RESPONSE_HEADER, mode_header))
        params = (
            {**self._custom_query, **prepared.params} if self._custom_query else prepared.params
        )
        request: httpx.Request
        client_headers = self._headers_for_direct_build()
        if client_headers is None:
            # The user's client (httpx2, or one whose requests carry cookies, params or its
            # own build_request): its own defaults, hooks and auth apply.
            return mark_origin(
                self._http.build_request(
                    prepared.method,
                    lines.url_for(self._http, self._url(prepared.path)),
                    params=params or None,
                    headers=dict(merged.values()),
                    content=prepared.content,
                    data=prepared.data,
                    files=prepared.files,
                    timeout=lines.timeout_for(self._http, timeout),
                )
            )
        if client_headers:
            # What httpx's build_request does with a client's headers: ours replace theirs by
            # name (case-insensitive) and come after the ones they leave.
            merged = {
                **{k: v for k, v in client_headers.items() if k not in merged},
                **merged,
            }
        if prepared.files or prepared.data:  # multipart / form bodies: httpx encodes them
            request = httpx.Request(
                prepared.method,
                self._url(prepared.path),
                params=params or None,
                headers=dict(merged.values()),
                data=prepared.data,
                files=prepared.files,
                extensions={"timeout": timeout_dict(timeout)},
            )
        else:
            # The request is built as the client's build_request would (no params or cookies
            # of its own to merge; auth and hooks apply in send), with its body as a ready
            # stream plus the two headers httpx would add (Host first, Content-Length):
            # httpx.Headers merging and httpx.Request's own encoding of `content` cost ~4x
            # the rest of the request.
            url = self._url(prepared.path)
            if params:
                url = url.copy_merge_params(params)
            content = prepared.content
            if "content-length" not in merged:
                if content is not None:
                    merged["content-length"] = ("Content-Length", str(len(content)))
                elif prepared.method in ("POST", "PUT", "PATCH"):
                    merged["content-length"] = ("Content-Length", "0")
            if "host" not in merged:
                merged = {"host": ("Host", _host_header(url)), **merged}
            request = httpx.Request(
                prepared.method,
                url,
                headers=_encoded_headers(merged),
                stream=httpx.ByteStream(content or b""),
                extensions={"timeout": timeout_dict(timeout)},
            )
            request.read()  # `request.content` is the body (logging, retries, aiohttp)
        return mark_origin(request)

    def _headers_for_direct_build(self) -> dict[str, tuple[str, str]] | None:
        """The HTTP client's own headers (by lower-cased name) when `_httpx_request` may build
        the request itself instead of calling the client's `build_request` ({} for a client we
        made: `_base_headers` has its headers); None when it may not: an httpx2 client or a
        subclass of httpx's (build_request may be theirs), cookies or params on the client."""
        http = self._http
        if getattr(self, "_owns_http", False):
            return None if getattr(http, "cookies", None) else {}
        if type(http) not in _PLAIN_HTTPX_CLIENTS or http.cookies or http.params:
            return None
        return _plain_headers(http.headers)

    # -- what to do after an attempt (the shells sleep and loop; these decide) ------------------

    def _after_transport_error(
        self, retry: RetryState, request: httpx.Request, exc: httpx.HTTPError
    ) -> float:
        """The delay before retrying after `exc`; raises the client's error when giving up."""
        if isinstance(exc, _NOT_RETRIED_ERRORS) or not retry.retry_exception(exc):
            raise connection_error(exc, request) from exc
        delay = retry.delay(None)
        _logging.log_retry(request, delay=delay, retries_taken=retry.retries_taken,
                           max_retries=self.max_retries, cause=type(exc).__name__)  # fmt: skip
        return delay

    def _after_response(
        self, retry: RetryState, response: httpx.Response, elapsed: float
    ) -> float | None:
        """None when `response` is the result; else the delay before retrying. An error status
        that is not retried raises its `APIStatusError` (the body has been read)."""
        _logging.log_response(response, retries_taken=retry.retries_taken, elapsed=elapsed)
        if response.status_code < 400 and not (
            response.status_code >= 300 and self._follow_redirects is False
        ):
            return None
        if not retry.retry_response(response.status_code, response.headers):
            raise make_status_error(response, response.content)
        delay = retry.delay(response.headers)
        _logging.log_retry(response.request, delay=delay, retries_taken=retry.retries_taken,
                           max_retries=self.max_retries, cause=f"status {response.status_code}")  # fmt: skip
        return delay

    # -- turning a response into a result (the shells read the body first when asked) ----------

    _stream_class: Any  # Stream / AsyncStream
    _binary_class: Any  # BinaryResponse / AsyncBinaryResponse
    _page_class: Any  # SyncPage / AsyncPage

    def _result_needs_body(self, call: _Call, response: httpx.Response) -> bool:
        """Whether the shell must read (and close) the body before `_result_from`: yes for a
        parsed body and for a refused stream, no for a stream or a binary download."""
        if call.request.stream:
            return self._json_instead_of_stream(response)
        return not self._is_binary(call.op)

    def _result_from(self, call: _Call, response: httpx.Response) -> Any:
        """The method's result: a stream, a binary response, a parsed model or a page of them."""
        op = call.op
        if call.request.stream:
            if self._json_instead_of_stream(response):
                self._stream_refused(response)
            from ._streaming import chunk_parser

            parse = chunk_parser(op, call.cast_to, strict=self._strict, response=response)
            return self._stream_class(response, parse)
        if self._is_binary(op):
            return self._binary_class(response)
        parsed = self._parse_body(call, response)
        if op.pagination == "none" or op.page_item_model is None or call.cast_to is not None:
            return parsed
        plain: Any = self._with_response_mode("parse")
        return self._page_class(
            parsed, self._next_page(call, parsed), lambda p: plain._execute(call.with_page(p))
        )

    @staticmethod
    def _json_instead_of_stream(response: httpx.Response) -> bool:
        """A stream was asked for but the server answered JSON (it ignored `stream`, or sent
        its error as a plain body); see `_stream_refused`."""
        content_type = response.headers.get("content-type", "")
        return "json" in content_type and "event-stream" not in content_type

    @staticmethod
    def _stream_refused(response: httpx.Response) -> NoReturn:
        """Raise for a JSON answer to a stream request (its body read), rather than end the
        stream silently with no events."""
        from ._error_body import error_message
        from ._exceptions import APIStreamError, error_body

        content_type = response.headers.get("content-type", "")
        message, body = error_message(response.status_code, response.content, content_type)
        if isinstance(body, dict) and "error" in body:
            raise APIStreamError(message, response.request, body=error_body(body))
        reason = ValueError(f"a stream was requested but the server answered {content_type}")
        raise APIResponseValidationError(
            response, body, message=_validation_message(response, reason)
        )

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
        model = _cast_model(call.cast_to) if call.cast_to is not None else None
        if call.cast_to is httpx.Response:
            return response
        if call.cast_to is str or _asked_for_text(call):
            return response.text
        if model is None:
            if (
                call.cast_to is None
                and op.response_content_type is None
                and op.response_model is None
            ):
                return None  # the spec declares no content: None, as openai-python, whatever came
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

    def _next_page(self, call: _Call, parsed: Any) -> dict[str, str] | None:
        """The arguments that fetch the page after `parsed`, or None on the last page."""
        accepted = {p.name for p in call.op.params if p.location == "query"}
        items = list(getattr(parsed, "data", None) or [])
        params = next_page_params(parsed, items, call.op.pagination, accepted)
        # A server that hands back the cursor it was given would page forever: stop instead.
        if params is not None and all(call.args.get(k) == v for k, v in params.items()):
            return None
        return params


_HOSTS: dict[bytes, str] = {}
# Clients whose build_request is httpx's own (ours only add a __del__).
_PLAIN_HTTPX_CLIENTS = (httpx.Client, httpx.AsyncClient, SyncHttpxClient, AsyncHttpxClient)
_PLAIN_HEADERS: dict[tuple[tuple[bytes, bytes], ...], dict[str, tuple[str, str]] | None] = {}


def _plain_headers(headers: httpx.Headers) -> dict[str, tuple[str, str]] | None:
    """A client's headers by lower-cased name, cached per set of values (a client's rarely
    change); None when they cannot be merged as a dict: a repeated name or non-ASCII bytes."""
    key = tuple(headers.raw)
    if key in _PLAIN_HEADERS:
        return _PLAIN_HEADERS[key]
    plain: dict[str, tuple[str, str]] | None
    try:
        plain = {
            name.decode("ascii").lower(): (name.decode("ascii"), value.decode("ascii"))
            for name, value in key
        }
    except UnicodeDecodeError:
        plain = None
    if plain is not None and len(plain) != len(key):
        plain = None
    if len(_PLAIN_HEADERS) >= 64:
        _PLAIN_HEADERS.clear()
    _PLAIN_HEADERS[key] = plain
    return plain


_ENCODED: dict[tuple[tuple[str, str], ...], httpx.Headers] = {}


def _encoded_headers(merged: dict[str, tuple[str, str]]) -> httpx.Headers:
    """The headers as an httpx.Headers, cached: a client sends the same few sets over and over,
    and httpx.Request copies a Headers it is given (a list copy: the cached one is never
    changed) where it would encode and lower-case every pair of anything else."""
    key = tuple(merged.values())
    encoded = _ENCODED.get(key)
    if encoded is None:
        encoded = httpx.Headers(
            [(name.encode("ascii"), value.encode("ascii")) for name, value in key]
        )
        if len(_ENCODED) >= 512:
            _ENCODED.clear()
        _ENCODED[key] = encoded
    return encoded


def _host_header(url: httpx.URL) -> str:
    """The Host header httpx would send for `url` (its netloc), cached: clients talk to few."""
    netloc = url.netloc
    host = _HOSTS.get(netloc)
    if host is None:
        host = netloc.decode("ascii")
        if len(_HOSTS) < 256:
            _HOSTS[netloc] = host
    return host


def _require_authorization(call_headers: Mapping[str, str | Omit]) -> None:
    if any(k.lower() == "authorization" and isinstance(v, Omit) for k, v in call_headers.items()):
        return
    # openai-python's exception and words
    raise TypeError(
        "Could not resolve authentication method. Expected either api_key or admin_api_key to be "
        "set. Or for the `Authorization` header to be explicitly omitted."
    )


def _merge_headers(into: dict[str, tuple[str, str]], headers: Mapping[str, str | Omit]) -> None:
    """Header names are case-insensitive: a later value replaces an earlier one whatever its
    case, and `omit` removes it."""
    for name, value in headers.items():
        if isinstance(value, Omit):
            into.pop(name.lower(), None)
        else:
            into[name.lower()] = (name, value)


# Audio transcripts in these formats are plain text (SRT and WebVTT are subtitle files), which
# openai-python returns as a str.
_TEXT_RESPONSE_FORMATS = frozenset({"text", "srt", "vtt"})


def _asked_for_text(call: _Call) -> bool:
    return (
        call.op.path.startswith("/audio/")
        and call.args.get("response_format") in _TEXT_RESPONSE_FORMATS
    )


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
