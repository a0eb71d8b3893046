"""`WorkloadIdentityAuth`: the access token of a workload identity, exchanged, cached and
refreshed; and how a client sends a request with it.

One exchange at a time: threads (and async tasks, whose exchanges run in worker threads, as in
openai-python) that need a token while another is fetching one wait for it instead of
exchanging again. The token is refreshed ahead of expiry (`refresh_buffer_seconds`), and
forgotten when the API answers 401 with it; that request is then sent once more with a new token.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

import httpx

from .. import _logging
from .._exceptions import OpenAIError
from ._exchange import (
    DEFAULT_REFRESH_BUFFER_SECONDS,
    DEFAULT_TOKEN_EXCHANGE_URL,
    EXCHANGE_TIMEOUT_SECONDS,
    PLACEHOLDER_AUTHORIZATION,
    IssuedToken,
    TokenCache,
    exchange_body,
    issued_token,
)
from ._types import WorkloadIdentity

__all__ = ["WorkloadIdentityAuth"]


class WorkloadIdentityAuth:
    """Exchanges the identity's subject token at `token_exchange_url` for an access token."""

    def __init__(
        self,
        *,
        workload_identity: WorkloadIdentity,
        token_exchange_url: str = DEFAULT_TOKEN_EXCHANGE_URL,
    ) -> None:
        self.workload_identity = workload_identity
        self.token_exchange_url = token_exchange_url
        self._cache = TokenCache()
        # The latest token is registered with the log scrubber until the next one replaces it
        # (not when it is invalidated: the 401 that rejected it may still be quoting it).
        self._registered: _logging.Secret | None = None
        self._refreshing = False
        self._condition = threading.Condition(threading.Lock())

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(token_exchange_url={self.token_exchange_url!r}, "
            f"identity_provider_id={self.workload_identity.get('identity_provider_id')!r}, "
            f"service_account_id={self.workload_identity.get('service_account_id')!r})"
        )

    # -- the token --------------------------------------------------------------------------

    def get_token(self) -> str:
        """The current access token, exchanged first when there is none or it is due."""
        with self._condition:
            while True:
                now = time.monotonic()
                token = self._cache.fresh(now)
                if token is not None:
                    return token
                if not self._refreshing:
                    break
                still_valid = not self._cache.unusable(now)
                self._condition.wait()  # another thread is exchanging: use its token
                token = self._cache.token
                if still_valid and not self._refreshing and token is not None \
                        and not self._cache.unusable(time.monotonic()):  # fmt: skip
                    return token  # its refresh failed, but the old token has not expired
            self._refreshing = True
        try:
            issued = self._exchange()
            with self._condition:
                return self._store(issued)
        finally:
            with self._condition:
                self._refreshing = False
                self._condition.notify_all()

    async def get_token_async(self) -> str:
        """`get_token` for async code: a cached token at once; an exchange (the subject-token
        provider and the HTTP call block) in a worker thread."""
        with self._condition:  # held only briefly: exchanges happen outside it
            token = None if self._refreshing else self._cache.fresh(time.monotonic())
        if token is not None:
            return token
        return await asyncio.to_thread(self.get_token)

    def invalidate_token(self, token: str | None = None) -> None:
        """Forget the cached token (only if it is `token`, when given): the next request
        exchanges a new one."""
        with self._condition:
            self._cache.invalidate(token)

    def _store(self, issued: IssuedToken) -> str:
        """Cache the token; returns it, as openai-python does only while it has not expired."""
        buffer = self.workload_identity.get(
            "refresh_buffer_seconds", DEFAULT_REFRESH_BUFFER_SECONDS
        )
        self._cache.store(issued, buffer, time.monotonic())
        # Masked in log lines and messages until the next token replaces it (a Secret
        # unregisters itself when dropped).
        self._registered = _logging.Secret(issued.access_token)
        if self._cache.unusable(time.monotonic()):  # expires_in <= 0: expired on arrival
            raise RuntimeError("Token is unusable after refresh completed")
        return issued.access_token

    def _exchange(self) -> IssuedToken:
        """One token exchange: the subject token from the provider, POSTed to the endpoint."""
        subject_token = self.workload_identity["provider"]["get_token"]()
        if not subject_token:
            raise OpenAIError("The workload identity provider returned an empty subject token")
        body = exchange_body(self.workload_identity, subject_token)
        from .._base_client import _USER_AGENT

        _logging.register_secret(subject_token)
        try:
            # Redirects are not followed: the subject token goes to the configured URL only.
            with httpx.Client(
                follow_redirects=False, timeout=EXCHANGE_TIMEOUT_SECONDS,
                headers={"User-Agent": _USER_AGENT},
            ) as http:  # fmt: skip
                response = http.post(self.token_exchange_url, json=body)
        finally:
            _logging.unregister_secret(subject_token)
        return issued_token(response)

    # -- sending a request with it (the client shells call these per attempt) ---------------

    @staticmethod
    def _needs_token(request: httpx.Request) -> bool:
        """Whether the request carries the placeholder; the caller's own Authorization (or the
        admin key) is sent as given, without an exchange."""
        return bool(request.headers.get("Authorization") == PLACEHOLDER_AUTHORIZATION)

    def send(
        self, request: httpx.Request, send: Callable[[httpx.Request], httpx.Response]
    ) -> httpx.Response:
        """Send `request` with the access token; after a 401, once more with a new token."""
        for attempt in (1, 2):
            if not self._needs_token(request):
                return send(request)
            used = self.get_token()
            request.headers["Authorization"] = f"Bearer {used}"
            response = send(request)
            if response.status_code != 401:
                return response
            self.invalidate_token(used)
            if attempt == 2:
                return response
            response.close()
            request.headers["Authorization"] = PLACEHOLDER_AUTHORIZATION
        raise AssertionError("unreachable")

    async def asend(
        self, request: httpx.Request, send: Callable[[httpx.Request], Awaitable[httpx.Response]]
    ) -> httpx.Response:
        """`send`, awaited."""
        for attempt in (1, 2):
            if not self._needs_token(request):
                return await send(request)
            used = await self.get_token_async()
            request.headers["Authorization"] = f"Bearer {used}"
            response = await send(request)
            if response.status_code != 401:
                return response
            self.invalidate_token(used)
            if attempt == 2:
                return response
            await response.aclose()
            request.headers["Authorization"] = PLACEHOLDER_AUTHORIZATION
        raise AssertionError("unreachable")
