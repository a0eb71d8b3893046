"""openai-python's `Default*Client` names: HTTP clients with the SDK's defaults (10-minute read
timeout, 5 s connect, 1000 connections / 100 kept alive, redirects followed), for users who
configure their own (`OpenAI(http_client=DefaultHttpxClient(proxy=...))`).

As in openai-python 3.x, `DefaultHttpxClient` / `DefaultAsyncHttpxClient` are httpx2 clients
(the maintained httpx line; on Python 3.10, which httpx2 does not support, httpx's), and
`DefaultHttpx2Client` / `DefaultAsyncHttpx2Client` make the same. `DefaultAioHttpClient` is this
package's aiohttp transport, the async clients' own default. This module is imported only when
one of these names is first used, so httpx2 is not loaded otherwise.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx

from .._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT
from .aiohttp import AioHttpClient

__all__ = [
    "DefaultAioHttpClient",
    "DefaultAsyncHttpx2Client",
    "DefaultAsyncHttpxClient",
    "DefaultHttpx2Client",
    "DefaultHttpxClient",
]

_line: ModuleType
try:
    import httpx2 as _line
except ImportError:  # Python 3.10: httpx2 needs 3.11
    _line = httpx


def _with_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    timeout = kwargs.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, httpx.Timeout) and _line is not httpx:
        timeout = _line.Timeout(**timeout.as_dict())
    kwargs["timeout"] = timeout
    limits = kwargs.get("limits", DEFAULT_CONNECTION_LIMITS)
    if not isinstance(limits, _line.Limits):
        limits = _line.Limits(
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        )
    kwargs["limits"] = limits
    kwargs.setdefault("follow_redirects", True)
    return kwargs


class DefaultHttpxClient(_line.Client):  # type: ignore[misc,name-defined]
    """An httpx2 `Client` with openai-python's defaults (any keyword overrides them)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


class DefaultAsyncHttpxClient(_line.AsyncClient):  # type: ignore[misc,name-defined]
    """An httpx2 `AsyncClient` with openai-python's defaults (any keyword overrides them)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


def DefaultHttpx2Client(**kwargs: Any) -> Any:
    """An httpx2 `Client` with openai-python's defaults."""
    return _line.Client(**_with_defaults(kwargs))


def DefaultAsyncHttpx2Client(**kwargs: Any) -> Any:
    """An httpx2 `AsyncClient` with openai-python's defaults."""
    return _line.AsyncClient(**_with_defaults(kwargs))


DefaultAioHttpClient = AioHttpClient
