"""What `provider=` takes, and what a client gets from it.

A `Provider` is made by one of the factories of this package (`bedrock()`, `vertex()`,
`openrouter()`...). It holds the configuration the factory checked; each client that is given it
calls `configure()` once and gets its own `ProviderRuntime`: the base URL, the credential (a
bearer key, or a hook that authenticates every attempt), default headers, and request checks.
Credentials stay out of every repr.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from .._exceptions import OpenAIError

if TYPE_CHECKING:
    from .._request import PreparedRequest

__all__ = ["Provider", "ProviderQuirkWarning", "ProviderRuntime", "same_origin"]

PrepareRequest = Callable[[httpx.Request], None]
AsyncPrepareRequest = Callable[[httpx.Request], Awaitable[None]]


class ProviderQuirkWarning(UserWarning):
    """A request carries a parameter its server documents it rejects or ignores (it is sent
    anyway: a preset never drops what the caller passed)."""


@dataclass
class ProviderRuntime:
    """One client's view of a provider (made fresh for every client)."""

    name: str
    base_url: str | httpx.URL
    # A bearer credential (str, or a callable returning one, called before every attempt);
    # None when the provider authenticates in `prepare` instead, or the server needs none.
    api_key: Any = field(default=None, repr=False)
    headers: Mapping[str, str] = field(default_factory=dict)
    # Called on the httpx request of every attempt, after its headers are final (signing).
    prepare: PrepareRequest | None = field(default=None, repr=False)
    aprepare: AsyncPrepareRequest | None = field(default=None, repr=False)
    # False: a redirect is returned as the response, never followed with the credentials.
    follow_redirects: bool = True
    # Called once per call on the prepared request (warnings about documented quirks).
    check: Callable[[PreparedRequest], None] | None = field(default=None, repr=False)
    region: str | None = None
    reasoning_fields: tuple[str, ...] = ()


class Provider:
    """Opaque configuration for `OpenAI(provider=...)`; made by this package's factories."""

    __slots__ = ("_configure", "name")

    def __init__(self, name: str, configure: Callable[[], ProviderRuntime]) -> None:
        self.name = name
        self._configure = configure

    def configure(self) -> ProviderRuntime:
        """A fresh runtime for one client (credential caches are per client)."""
        return self._configure()

    def __repr__(self) -> str:
        return f"<Provider {self.name}>"


class SecretTracker:
    """Registers each new credential a provider sends with the log scrubber (once per value:
    a token provider usually returns the same token until it expires)."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: str | None = None

    def seen(self, secret: str) -> str:
        if secret != self._last:
            from .. import _logging

            _logging.register_secret(secret)
            self._last = secret
        return secret


def same_origin(left: httpx.URL, right: httpx.URL) -> bool:
    return (left.scheme, left.host, left.port) == (right.scheme, right.host, right.port)


def has_header(request: httpx.Request, name: str) -> bool:
    return name in request.headers


def warn_quirk(message: str) -> None:
    """Warn, pointing at the caller's line (the first frame outside openai_compat)."""
    import os
    import sys

    # The package's two folders: the overlays, and the generated code mounted in it.
    generated = sys.modules.get("openai_compat._generated")
    ours = (
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        *(os.path.abspath(p) for p in getattr(generated, "__path__", ())),
    )
    level, frame = 2, sys._getframe(1)  # stacklevel 2 is our caller's frame
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(ours):
        level, frame = level + 1, frame.f_back  # type: ignore[assignment]
    warnings.warn(message, ProviderQuirkWarning, stacklevel=level)


def refuse(message: str) -> OpenAIError:
    return OpenAIError(message)
