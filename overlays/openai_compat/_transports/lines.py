"""The two httpx lines: `httpx` (0.x, what the clients build requests with) and `httpx2` (its
API-compatible successor, which openai-python 3.x runs on). A user's `http_client` may be of
either; this module tells them apart and translates httpx2's values and exceptions at the seam,
without importing httpx2 unless the user already did."""

from __future__ import annotations

import sys
from typing import Any

import httpx

__all__ = ["as_httpx_error", "http_errors", "is_httpx2", "timeout_for", "url_for"]


def _httpx2() -> Any:
    return sys.modules.get("httpx2")


def is_httpx2(value: object, *names: str) -> bool:
    """Whether `value` is an instance of one of httpx2's classes `names` (False when httpx2
    was never imported: then no such instance can exist)."""
    module = _httpx2()
    return module is not None and isinstance(value, tuple(getattr(module, n) for n in names))


def http_errors() -> tuple[type[Exception], ...]:
    """The base exceptions of every loaded line, for `except` clauses around reads."""
    module = _httpx2()
    errors: tuple[type[Exception], ...] = (httpx.HTTPError, httpx.StreamError)
    return errors if module is None else (*errors, module.HTTPError, module.StreamError)


def as_httpx_error(exc: Exception) -> Exception:
    """httpx2's exception as httpx's class of the same name (they mirror each other), so that
    retries and error translation have one set of classes to know; httpx's pass through."""
    if isinstance(exc, (httpx.HTTPError, httpx.StreamError)) or _httpx2() is None:
        return exc
    twin = getattr(httpx, type(exc).__name__, None)
    if not (isinstance(twin, type) and issubclass(twin, Exception)):
        for base in type(exc).__mro__[1:]:  # a subclass of httpx2's: its nearest known parent
            twin = getattr(httpx, base.__name__, None)
            if isinstance(twin, type) and issubclass(twin, Exception):
                break
        else:
            return exc
    maker: Any = twin
    translated: Exception
    try:
        request = getattr(exc, "_request", None)
        translated = maker(str(exc), request=request) if request is not None else maker(str(exc))
    except TypeError:
        translated = maker(str(exc))
    translated.__cause__ = exc
    return translated


def timeout_for(client: object, timeout: Any) -> Any:
    """`timeout` (an httpx.Timeout, a number or None) in the line of `client`."""
    module = _httpx2()
    if (
        module is not None
        and isinstance(timeout, httpx.Timeout)
        and is_httpx2(client, "Client", "AsyncClient")
    ):
        return module.Timeout(**timeout.as_dict())
    return timeout


def url_for(client: object, url: httpx.URL) -> Any:
    """`url` as `client.build_request` takes it (httpx2 wants its own URL type, or a str)."""
    return str(url) if is_httpx2(client, "Client", "AsyncClient") else url
