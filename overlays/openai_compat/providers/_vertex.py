"""`vertex()`: OpenAI models on Google Vertex AI, as openai-python 3.54 configures them.

The API root is `https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/
{location}/publishers/openai/v1` (`aiplatform.googleapis.com` for the "global" location), from
`project`/`location` or GOOGLE_CLOUD_PROJECT / GOOGLE_CLOUD_LOCATION; `base_url` replaces it.
Every attempt carries a bearer token from `token_provider` (sync, or async on AsyncOpenAI), or
from Google credentials: the `credentials` given, else Application Default Credentials, found and
refreshed by google-auth (the `openai-compat[vertex]` extra) and cached until they expire.
Credentialed requests never follow redirects.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from .._exceptions import APITimeoutError, OpenAIError
from ._core import Provider, ProviderRuntime, SecretTracker, same_origin

__all__ = ["VertexTokenProvider", "vertex"]

VertexTokenProvider = Callable[[], "str | Awaitable[str]"]
_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
# Headers that would send another credential (or OpenAI account ids) to Google.
_FOREIGN_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project")
MISSING_EXTRA = "Install openai-compat[vertex] to use Google credentials, or supply token_provider."
AUTH_FAILED = (
    "Vertex Google authentication failed. Check ADC, project access and credential expiry."
)


def _set_token(request: httpx.Request, token: object, secrets: SecretTracker) -> None:
    if (
        not isinstance(token, str)
        or not token.strip()
        or any(not 33 <= ord(c) <= 126 for c in token)
    ):
        raise OpenAIError(
            "Vertex token provider must return a nonempty bearer token suitable for an HTTP header."
        )
    request.headers["Authorization"] = f"Bearer {secrets.seen(token)}"


class _GoogleCredentials:
    """Google credentials for one client: found on first use, refreshed by google-auth when they
    expire (one refresh at a time), never with a session left open."""

    def __init__(self, given: Any) -> None:
        self._given = given
        self._credentials: Any = None
        self._lock = threading.Lock()

    def headers(self, request: httpx.Request) -> dict[str, str]:
        timeouts = request.extensions.get("timeout", {})
        pool = timeouts.get("pool")
        if not (self._lock.acquire() if pool is None else self._lock.acquire(timeout=max(0, pool))):
            raise APITimeoutError(request=request)
        try:
            return self._headers(request, timeouts)
        except (OpenAIError, APITimeoutError):
            raise
        except Exception:
            # google-auth's errors can quote token responses or key material: not shown.
            raise OpenAIError(AUTH_FAILED) from None
        finally:
            self._lock.release()

    def _headers(self, request: httpx.Request, timeouts: dict[str, Any]) -> dict[str, str]:
        try:
            import google.auth
            import google.auth.credentials
            import requests
            from google.auth.transport import requests as transport_requests
        except ImportError as exc:
            raise OpenAIError(MISSING_EXTRA) from exc
        # google-auth is partly typed: its calls are made through Any.
        base: Any = transport_requests.Request
        auth: Any = google.auth

        class BoundedRequest(base):  # type: ignore[misc]
            """google-auth's HTTP calls bounded by this request's connect/read timeouts."""

            def __call__(self, *args: Any, **kwargs: Any) -> Any:
                kwargs["timeout"] = (timeouts.get("connect"), timeouts.get("read"))
                return super().__call__(*args, **kwargs)

        with requests.Session() as session:
            transport = BoundedRequest(session)
            if self._credentials is None:
                if self._given is None:
                    self._credentials, _ = auth.default(scopes=_SCOPES, request=transport)
                else:
                    self._credentials = auth.credentials.with_scopes_if_required(
                        self._given, scopes=_SCOPES
                    )
            headers: dict[str, str] = {}
            self._credentials.before_request(transport, request.method, str(request.url), headers)
            return headers


def _seen(headers: dict[str, str], secrets: SecretTracker) -> dict[str, str]:
    for name, value in headers.items():
        if name.lower() == "authorization":
            secrets.seen(value.removeprefix("Bearer ").strip())
    return headers


def _runtime(base_url: httpx.URL, token_provider: VertexTokenProvider | None,
             credentials: Any) -> ProviderRuntime:  # fmt: skip
    google = _GoogleCredentials(credentials) if token_provider is None else None
    secrets = SecretTracker()

    def check(request: httpx.Request) -> None:
        if not same_origin(request.url, base_url):
            raise OpenAIError("Refusing to send Vertex credentials outside the configured origin.")
        if any(name in request.headers for name in _FOREIGN_HEADERS):
            raise OpenAIError(
                "Vertex owns authentication; remove OpenAI project/organization and custom Authorization or api-key headers."
            )

    def call_provider() -> object:
        assert token_provider is not None
        try:
            return token_provider()
        except Exception:
            raise OpenAIError("Vertex token provider failed.") from None

    def prepare(request: httpx.Request) -> None:
        check(request)
        if google is not None:
            request.headers.update(_seen(google.headers(request), secrets))
            return
        token = call_provider()
        if isinstance(token, Awaitable):
            close = getattr(token, "close", None)
            if callable(close):
                close()
            raise OpenAIError("Use AsyncOpenAI with an async Vertex token provider.")
        _set_token(request, token, secrets)

    async def aprepare(request: httpx.Request) -> None:
        check(request)
        if google is not None:
            import anyio.to_thread

            headers = await anyio.to_thread.run_sync(
                google.headers, request, abandon_on_cancel=True
            )
            request.headers.update(_seen(headers, secrets))
            return
        import anyio

        # The token counts against the request's read timeout, as in openai-python.
        read_timeout = request.extensions.get("timeout", {}).get("read")
        try:
            with anyio.fail_after(read_timeout):
                token = call_provider()
                if isinstance(token, Awaitable):
                    try:
                        token = await token
                    except Exception:
                        raise OpenAIError("Vertex token provider failed.") from None
        except TimeoutError:
            raise APITimeoutError(request=request) from None
        _set_token(request, token, secrets)

    return ProviderRuntime(
        name="vertex", base_url=base_url, prepare=prepare, aprepare=aprepare,
        follow_redirects=False,
    )  # fmt: skip


def vertex(
    *,
    project: str | None = None,
    location: str | None = None,
    base_url: str | httpx.URL | None = None,
    token_provider: VertexTokenProvider | None = None,
    credentials: Any = None,
) -> Provider:
    """Google Vertex AI for `OpenAI(provider=vertex(...))`; see the module doc."""
    if token_provider is not None and credentials is not None:
        raise OpenAIError("Set only one of credentials and token_provider.")
    if base_url is None:
        project = project or os.environ.get("GOOGLE_CLOUD_PROJECT")
        location = location or os.environ.get("GOOGLE_CLOUD_LOCATION")
        # Legacy domain-scoped project ids have dots and a colon; "." / ".." are refused.
        if not project or not re.fullmatch(r"[a-zA-Z0-9_-][a-zA-Z0-9_.:-]*", project):
            raise OpenAIError("Vertex requires a project ID (project or GOOGLE_CLOUD_PROJECT).")
        if not location or not re.fullmatch(r"[a-z0-9-]+", location):
            raise OpenAIError("Vertex requires a location (location or GOOGLE_CLOUD_LOCATION).")
        host = (
            "aiplatform.googleapis.com" if location == "global"
            else f"{location}-aiplatform.googleapis.com"
        )  # fmt: skip
        base_url = f"https://{host}/v1/projects/{project}/locations/{location}/publishers/openai/v1"
    try:
        url = httpx.URL(str(base_url))
    except httpx.InvalidURL:
        url = httpx.URL("invalid:")
    if (url.scheme not in ("http", "https") or not url.host or url.username or url.password
            or url.query or url.fragment):  # fmt: skip
        raise OpenAIError(
            "Vertex base_url must be an HTTP(S) API root without credentials, query or fragment."
        )
    host = url.host.rstrip(".")
    if url.scheme != "https" and (host == "googleapis.com" or host.endswith(".googleapis.com")):
        raise OpenAIError("Google Vertex endpoints require HTTPS.")
    return Provider("vertex", lambda: _runtime(url, token_provider, credentials))
