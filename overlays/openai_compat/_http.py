"""httpx glue shared by the clients: request extensions, credential safety, error translation.

Kept apart from the client logic so that what is specific to httpx sits in one place.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

import httpx

from . import _logging
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    InvalidArgumentError,
)

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "ORIGIN_EXTENSION",
    "AsyncHttpxClient",
    "SyncHttpxClient",
    "adrop_foreign_credentials",
    "checked_credentials",
    "connection_error",
    "decoding_error",
    "drop_foreign_credentials",
    "mark_origin",
    "origin",
    "timeout_dict",
]


_TIMEOUT_DICTS: dict[object, dict[str, float | None]] = {}


def timeout_dict(timeout: float | httpx.Timeout | None) -> dict[str, float | None]:
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


def decoding_error(
    exc: httpx.DecodingError, response: httpx.Response
) -> APIResponseValidationError:
    encoding = response.headers.get("content-encoding", "")
    message = f"The response body could not be decoded (Content-Encoding {encoding!r}): {exc}"
    return APIResponseValidationError(response, None, message=message)


def checked_credentials(headers: dict[str, str]) -> dict[str, str]:
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


ORIGIN_EXTENSION = "openai_compat.origin"


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def mark_origin(request: httpx.Request) -> httpx.Request:
    """Record where the credentials of `request` are meant to go (redirects share the dict)."""
    request.extensions[ORIGIN_EXTENSION] = origin(request.url)
    return request


def drop_foreign_credentials(request: httpx.Request) -> None:
    """Request hook of the HTTP clients we create: on a redirect to another origin, drop every
    credential header. httpx itself drops only Authorization, so Azure's `api-key` (or an
    `x-api-key` from default_headers) would otherwise reach whatever host the redirect names."""
    meant_for = request.extensions.get(ORIGIN_EXTENSION)
    if meant_for is not None and meant_for != origin(request.url):
        for name in [name for name in request.headers if _logging.is_sensitive_name(name)]:
            del request.headers[name]


async def adrop_foreign_credentials(request: httpx.Request) -> None:
    drop_foreign_credentials(request)


def connection_error(exc: httpx.HTTPError, request: httpx.Request) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    return APIConnectionError(
        message=f"Connection error: {type(exc).__name__}: {exc}", request=request
    )


class _CookiesSetByResponses(httpx.Cookies):
    """httpx.Cookies that look at a response only when it sets a cookie.

    httpx hands every response to `extract_cookies`, which wraps the request and the response
    in urllib adapters (copying every request header, quadratically) before the cookie jar finds
    no Set-Cookie header: about a quarter of a call's CPU. The jar ignores a response without
    Set-Cookie / Set-Cookie2, so skipping those changes nothing."""

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


class _CookiesOfResponses:
    """The `cookies` of both clients below: a `_CookiesSetByResponses` jar (listed first among
    the bases, so this property is the one httpx's own code reads and sets)."""

    _jar: httpx.Cookies

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cookies = kwargs.get("cookies")

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._jar = _CookiesSetByResponses(cookies)


class SyncHttpxClient(_CookiesOfResponses, httpx.Client):
    """An httpx.Client that closes its connections when garbage-collected (as openai-python's
    does), so a client dropped without `close()` leaves no "unclosed socket" ResourceWarning;
    its cookies are `_CookiesSetByResponses`."""

    def __del__(self) -> None:
        if self.is_closed:
            return
        with contextlib.suppress(Exception):  # interpreter shutdown: nothing left to close
            self.close()


class AsyncHttpxClient(_CookiesOfResponses, httpx.AsyncClient):
    """An httpx.AsyncClient that closes itself when garbage-collected inside a running loop.

    Without this, a client dropped without `aclose()` leaves its connections to be finalised
    after the loop is gone, and asyncio prints "Event loop is closed". Its cookies are
    `_CookiesSetByResponses`.
    """

    def __del__(self) -> None:
        if self.is_closed:
            return
        # asyncio is not imported by this module (the sync client's import need not load it):
        # without it loaded no loop can be running.
        asyncio = sys.modules.get("asyncio")
        if asyncio is None:
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
