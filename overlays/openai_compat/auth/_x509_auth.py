"""`X509WorkloadIdentityAuth`: the subject-token machinery (`WorkloadIdentityAuth`: cache,
refresh ahead of expiry, a new token and one re-send after a 401) with an X.509 exchange.

The exchange goes through the client's own HTTP client, the one holding the client
certificate, to the fixed mTLS token endpoint, never following a redirect. Transient failures
(connection errors, 408/409/429/5xx) are retried up to twice with openai-python's delays; when
they persist and the cached token has not expired yet, that token is used for now and a new
exchange is tried again shortly. Each API request is checked first (`_x509.check_api_request`).
"""

from __future__ import annotations

import asyncio
import json
import ssl
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any

import httpx

from .._constants import INITIAL_RETRY_DELAY
from .._exceptions import APIConnectionError
from .._http import connection_error, timeout_dict
from .._transports import lines
from ._exchange import EXCHANGE_TIMEOUT_SECONDS, IssuedToken
from ._types import X509WorkloadIdentity
from ._workload import WorkloadIdentityAuth
from ._x509 import (
    MAX_EXCHANGE_RETRIES,
    X509_TOKEN_EXCHANGE_URL,
    TransientExchangeError,
    check_api_request,
    exchange_retry_delay,
    validate_identity,
    x509_exchange_body,
    x509_issued_token,
)

__all__ = ["X509WorkloadIdentityAuth"]

# The timeout of the API request an exchange is made for: each phase of the exchange gets the
# same limit, at most EXCHANGE_TIMEOUT_SECONDS (openai-python's rule). A context variable, as
# the exchange happens deep in get_token, in the same thread or task as the request.
_REQUEST_TIMEOUT: ContextVar[Mapping[str, float | None] | None] = ContextVar(
    "openai_compat_x509_request_timeout", default=None
)


def _exchange_timeout() -> dict[str, float | None]:
    configured = _REQUEST_TIMEOUT.get() or timeout_dict(EXCHANGE_TIMEOUT_SECONDS)
    return {
        phase: EXCHANGE_TIMEOUT_SECONDS if value is None else min(value, EXCHANGE_TIMEOUT_SECONDS)
        for phase, value in configured.items()
    }


class X509WorkloadIdentityAuth(WorkloadIdentityAuth):
    """Exchanges over mTLS: `http` is the client's HTTP client (sync or async), `base_url` a
    callable giving the client's API base URL (the only origin requests may go to)."""

    def __init__(
        self,
        *,
        workload_identity: X509WorkloadIdentity,
        http: Any,
        transport_errors: tuple[type[Exception], ...],
        base_url: Callable[[], httpx.URL],
        max_retries: int,
        token_exchange_url: str = X509_TOKEN_EXCHANGE_URL,
    ) -> None:
        validate_identity(workload_identity)
        super().__init__(
            workload_identity=workload_identity,  # type: ignore[arg-type]
            token_exchange_url=token_exchange_url,
        )
        self._http = http
        # httpcore's async TLS stream lets a TLS alert after the handshake (TLS 1.3: the
        # server refusing the client certificate) escape as ssl.SSLError.
        self._transport_errors: tuple[type[Exception], ...] = (*transport_errors, ssl.SSLError)
        self._base_url = base_url
        self.max_exchange_retries = min(max(max_retries, 0), MAX_EXCHANGE_RETRIES)
        self._async_lock: asyncio.Lock | None = None

    # -- the exchange -----------------------------------------------------------------------

    def _exchange_request(self) -> httpx.Request:
        """Built as openai-python builds it: outside the client, so that none of the client's
        default headers (or a caller's `Authorization` among them) goes to the token endpoint;
        in the line (httpx or httpx2) of the client's HTTP client."""
        line: Any = (
            sys.modules["httpx2"] if lines.is_httpx2(self._http, "Client", "AsyncClient") else httpx
        )
        body = json.dumps(x509_exchange_body(self.workload_identity), separators=(",", ":"))
        request: httpx.Request = line.Request(
            "POST",
            self.token_exchange_url,
            content=body.encode(),
            headers={"Content-Type": "application/json"},
            extensions={"timeout": _exchange_timeout()},
        )
        return request

    def _after_attempt(
        self, attempt: int, request: httpx.Request, response: httpx.Response | None,
        error: Exception | None,
    ) -> float | IssuedToken:  # fmt: skip
        """The token, or the delay before the next attempt; raises when giving up."""
        if response is None:
            assert error is not None
            if attempt >= self.max_exchange_retries:
                if isinstance(error, ssl.SSLError):
                    raise APIConnectionError(
                        message=f"Connection error: TLS: {error}", request=request
                    ) from error
                raise connection_error(lines.as_httpx_error(error), request) from error  # type: ignore[arg-type]
            return exchange_retry_delay(None, attempt) or 0.0
        delay = exchange_retry_delay(response, attempt)
        if delay is None or attempt >= self.max_exchange_retries:
            return x509_issued_token(response)
        return delay

    def _exchange(self) -> IssuedToken:
        for attempt in range(self.max_exchange_retries + 1):
            request = self._exchange_request()
            response: httpx.Response | None = None
            error: Exception | None = None
            try:
                response = self._http.send(request, follow_redirects=False)
            except self._transport_errors as exc:
                error = exc
            outcome = self._after_attempt(attempt, request, response, error)
            if isinstance(outcome, IssuedToken):
                return outcome
            time.sleep(outcome)
        raise AssertionError("unreachable")

    async def _exchange_async(self) -> IssuedToken:
        for attempt in range(self.max_exchange_retries + 1):
            request = self._exchange_request()
            response: httpx.Response | None = None
            error: Exception | None = None
            try:
                response = await self._http.send(request, follow_redirects=False)
                assert response is not None
                await response.aread()
            except self._transport_errors as exc:
                error = exc
            outcome = self._after_attempt(attempt, request, response, error)
            if isinstance(outcome, IssuedToken):
                return outcome
            await asyncio.sleep(outcome)
        raise AssertionError("unreachable")

    # -- the token, with the fallback after a transient failure -----------------------------

    def _still_valid_after_failure(self, error: Exception) -> str:
        """The cached token when it has not expired (a new exchange is tried again in
        INITIAL_RETRY_DELAY seconds); else the failure."""
        with self._condition:
            now = time.monotonic()
            token = self._cache.token
            if token is not None and not self._cache.unusable(now):
                self._cache.refresh_at = now + INITIAL_RETRY_DELAY
                return token
        if isinstance(error, TransientExchangeError):
            raise error.error from None
        raise error

    def get_token(self) -> str:
        try:
            return super().get_token()
        except (APIConnectionError, TransientExchangeError) as error:
            return self._still_valid_after_failure(error)

    async def get_token_async(self) -> str:
        """The exchange runs on the event loop through the client's async HTTP client; one at
        a time, other tasks wait for its token."""
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            with self._condition:
                token = self._cache.fresh(time.monotonic())
            if token is not None:
                return token
            try:
                issued = await self._exchange_async()
            except (APIConnectionError, TransientExchangeError) as error:
                return self._still_valid_after_failure(error)
            with self._condition:
                return self._store(issued)

    # -- sending ----------------------------------------------------------------------------

    def _check(self, request: httpx.Request) -> None:
        check_api_request(request, self._base_url())

    def send(
        self, request: httpx.Request, send: Callable[[httpx.Request], httpx.Response]
    ) -> httpx.Response:
        self._check(request)
        scope = _REQUEST_TIMEOUT.set(request.extensions.get("timeout"))
        try:
            return super().send(request, send)
        finally:
            _REQUEST_TIMEOUT.reset(scope)

    async def asend(
        self, request: httpx.Request, send: Callable[[httpx.Request], Awaitable[httpx.Response]]
    ) -> httpx.Response:
        self._check(request)
        scope = _REQUEST_TIMEOUT.set(request.extensions.get("timeout"))
        try:
            return await super().asend(request, send)
        finally:
            _REQUEST_TIMEOUT.reset(scope)
