"""The OAuth 2.0 token exchange of workload identity, without I/O.

A workload proves who it is with a subject token (a Kubernetes service-account token, a cloud
metadata identity token...) and exchanges it at OpenAI's token endpoint (RFC 8693) for a
short-lived access token, which is then sent as the API bearer token. Everything here is pure:
the request body, reading the endpoint's answer, and when a cached token must be refreshed.
`_workload.py` does the I/O (sync, and async in a worker thread) around it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from .._exceptions import OAuthError, OpenAIError

__all__ = [
    "DEFAULT_REFRESH_BUFFER_SECONDS",
    "DEFAULT_TOKEN_EXCHANGE_URL",
    "EXCHANGE_TIMEOUT_SECONDS",
    "SUBJECT_TOKEN_TYPES",
    "TOKEN_EXCHANGE_GRANT_TYPE",
    "WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER",
    "IssuedToken",
    "TokenCache",
    "exchange_body",
    "issued_token",
]

TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange"
DEFAULT_TOKEN_EXCHANGE_URL = "https://auth.openai.com/oauth/token"
# Refresh this long before expiry (at most half the token's lifetime), as openai-python does.
DEFAULT_REFRESH_BUFFER_SECONDS = 1200
EXCHANGE_TIMEOUT_SECONDS = 10.0
SUBJECT_TOKEN_TYPES = {
    "jwt": "urn:ietf:params:oauth:token-type:jwt",
    "id": "urn:ietf:params:oauth:token-type:id_token",
}
# What a workload-identity client holds as its `api_key` (openai-python's value): requests are
# built with it and the real access token replaces it just before sending.
WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER = "workload-identity-auth"
PLACEHOLDER_AUTHORIZATION = f"Bearer {WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER}"


def exchange_body(identity: Any, subject_token: str) -> dict[str, str]:
    """The JSON body of the exchange request for a subject-token identity."""
    token_type = identity["provider"]["token_type"]
    subject_token_type = SUBJECT_TOKEN_TYPES.get(token_type)
    if subject_token_type is None:
        raise OpenAIError(
            f"Unsupported token type: {token_type!r}. Supported types: "
            f"{', '.join(SUBJECT_TOKEN_TYPES)}"
        )
    return {
        "grant_type": TOKEN_EXCHANGE_GRANT_TYPE,
        "subject_token": subject_token,
        "subject_token_type": subject_token_type,
        "identity_provider_id": identity["identity_provider_id"],
        "service_account_id": identity["service_account_id"],
    }


@dataclass(frozen=True)
class IssuedToken:
    """An access token and its lifetime in seconds (the token never shows in a repr)."""

    access_token: str = field(repr=False)
    expires_in: float


def issued_token(response: httpx.Response) -> IssuedToken:
    """The token the endpoint issued; raises `OAuthError` for a refusal (400/401/403, with the
    OAuth `error` code) and `OpenAIError` for any other failure or an unusable answer."""
    body: Any
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    if response.status_code in (400, 401, 403):
        raise OAuthError(response=response, body=body)
    if not response.is_success:
        raise OpenAIError(f"Token exchange failed with status {response.status_code}")
    if body is None:
        raise OpenAIError("Token exchange succeeded but response body was empty")
    if not isinstance(body, dict):
        raise OpenAIError("Token exchange succeeded but response body was not a JSON object")
    access_token = body.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise OpenAIError("Token exchange response did not include a valid access_token")
    expires_in = body.get("expires_in")
    if not isinstance(expires_in, (int, float)):
        raise OpenAIError("Token exchange response did not include a valid expires_in")
    return IssuedToken(access_token, float(expires_in))


@dataclass
class TokenCache:
    """The current access token and the monotonic times at which it expires and should be
    refreshed. Callers pass `now` (time.monotonic()) and hold their own lock."""

    token: str | None = field(default=None, repr=False)
    expires_at: float | None = None
    refresh_at: float | None = None

    def unusable(self, now: float) -> bool:
        return self.token is None or self.expires_at is None or now >= self.expires_at

    def needs_refresh(self, now: float) -> bool:
        return self.refresh_at is not None and now >= self.refresh_at

    def fresh(self, now: float) -> str | None:
        """The token, unless it is missing, expired or due for a refresh."""
        if self.unusable(now) or self.needs_refresh(now):
            return None
        return self.token

    def store(self, issued: IssuedToken, refresh_buffer: float, now: float) -> None:
        # Refresh `refresh_buffer` seconds early, but never before half the lifetime has passed.
        lifetime = issued.expires_in
        self.token = issued.access_token
        self.expires_at = now + lifetime
        self.refresh_at = now + max(lifetime - min(refresh_buffer, lifetime / 2), 0.0)

    def invalidate(self, token: str | None = None) -> bool:
        """Forget the token (only if it is `token`, when given); whether it was forgotten."""
        if token is not None and self.token != token:
            return False
        self.token = self.expires_at = self.refresh_at = None
        return True
