"""The rules of X.509 workload identity, without I/O (openai-python 3.54's `auth/_x509.py`).

An X.509 identity proves itself with the client certificate of the HTTP client's TLS
connections (mTLS): the caller configures the certificate on `http_client` (httpx's
`verify=ssl_context` / `cert=`, or `DefaultAioHttpClient(verify=...)`); no certificate material
passes through the library. The token exchange carries no subject token, only the identity's
IDs, and goes to the fixed mTLS token endpoint; API requests go to the mTLS API host.

Here: checking the identity and URLs, checking each API request before its bearer is added, the
exchange's body and retry delays, and reading the endpoint's answer. `_x509_auth.py` does the I/O.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Mapping
from typing import Any, TypeGuard

import httpx

from .._constants import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY
from .._exceptions import OAuthError, OpenAIError
from ._exchange import TOKEN_EXCHANGE_GRANT_TYPE, IssuedToken, issued_token

__all__ = [
    "MTLS_API_BASE_URL",
    "MTLS_REGIONAL_BASE_URLS",
    "X509_SUBJECT_TOKEN_TYPE",
    "X509_TOKEN_EXCHANGE_URL",
    "TransientExchangeError",
    "check_api_request",
    "check_api_url",
    "exchange_retry_delay",
    "is_transient_status",
    "is_x509_identity",
    "mtls_base_url_for_residency",
    "validate_identity",
    "x509_exchange_body",
    "x509_issued_token",
]

MTLS_API_BASE_URL = "https://mtls.api.openai.com/v1"
X509_TOKEN_EXCHANGE_URL = "https://mtls.auth.openai.com/oauth/token"
X509_SUBJECT_TOKEN_TYPE = "urn:openai:params:oauth:token-type:x509"
# `data_residency=` with an X.509 identity selects the regional mTLS host (openai-python's table:
# regions without an mTLS host are refused rather than silently sent to the global one).
MTLS_REGIONAL_BASE_URLS = {
    "global": MTLS_API_BASE_URL,
    "us": "https://mtls-us.api.openai.com/v1",
    "eu": "https://mtls-eu.api.openai.com/v1",
}
# At most this many retries of the exchange (fewer when the client's max_retries is lower).
MAX_EXCHANGE_RETRIES = 2
# openai-python's cap on a server-requested delay (longer: the exchange is not retried).
MAX_RETRY_AFTER_DELAY = 120.0
_ALLOWED_FIELDS = ("type", "identity_provider_id", "service_account_id", "refresh_buffer_seconds")
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")  # RFC 6750 b64token
_CREDENTIAL_HEADERS = ("api-key", "x-api-key", "proxy-authorization")


class TransientExchangeError(Exception):
    """The exchange failed in a way that may pass (429, 5xx...): `error` is what the caller
    sees unless a still-valid cached token can be used instead."""

    def __init__(self, error: OpenAIError) -> None:
        super().__init__(str(error))
        self.error = error


def is_x509_identity(identity: object) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(identity, Mapping) and identity.get("type") == "x509"


def _finite_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def validate_identity(identity: Mapping[str, Any]) -> None:
    """openai-python's checks and messages, each followed by the offending field."""
    foreign = [name for name in ("provider", "client_id") if name in identity]
    if foreign:
        raise OpenAIError(
            "X.509 workload identity does not accept a subject-token provider or client ID "
            f"(got {', '.join(map(repr, foreign))}: the client certificate is the credential)"
        )
    unknown = sorted(str(name) for name in identity if name not in _ALLOWED_FIELDS)
    if unknown:
        raise OpenAIError(
            "X.509 workload identity accepts only identity IDs and an optional refresh buffer "
            f"(unexpected {', '.join(map(repr, unknown))}; allowed: {', '.join(_ALLOWED_FIELDS)})"
        )
    for name in ("identity_provider_id", "service_account_id"):
        value = identity.get(name)
        if not isinstance(value, str) or not value:
            raise OpenAIError(
                "X.509 workload identity requires identity-provider and service-account IDs "
                f"(`{name}` must be a non-empty str, got {value!r})"
            )
    buffer = identity.get("refresh_buffer_seconds")
    if buffer is not None:
        number = _finite_number(buffer)
        if number is None or number < 0:
            raise OpenAIError(
                "X.509 workload identity requires a finite, non-negative refresh buffer "
                f"(`refresh_buffer_seconds` got {buffer!r})"
            )


def mtls_base_url_for_residency(data_residency: str) -> str:
    url = MTLS_REGIONAL_BASE_URLS.get(data_residency)
    if url is None:
        raise OpenAIError(
            "X.509 workload identity requires a supported regional mTLS endpoint "
            f"(`data_residency` must be one of {', '.join(map(repr, MTLS_REGIONAL_BASE_URLS))}, "
            f"got {data_residency!r})"
        )
    return url


def check_api_url(url: httpx.URL | str, *, expected_origin: httpx.URL | None = None) -> None:
    """The API URL of an X.509 client: absolute HTTPS, no user credentials in it, and (for a
    request) the client's own origin: the bearer never leaves the mTLS host."""
    url = httpx.URL(str(url))
    if url.scheme != "https" or not url.host:
        raise OpenAIError(
            f"X.509 workload identity requires an absolute HTTPS API URL (`base_url` got {str(url)!r})"
        )
    if url.username or url.password:
        raise OpenAIError("X.509 workload identity API URLs cannot contain user credentials")
    if expected_origin is not None and (url.host, url.port) != (
        expected_origin.host,
        expected_origin.port,
    ):
        raise OpenAIError("X.509 workload identity requests must use the configured API origin")


def check_api_request(request: httpx.Request, base_url: httpx.URL) -> None:
    """Before the bearer is added: the request goes to the client's origin, names that origin
    as its one Host, and carries no other credential (an API key, proxy credentials)."""
    check_api_url(request.url, expected_origin=base_url)
    hosts = request.headers.get_list("host")
    if len(hosts) != 1 or any(c in hosts[0] for c in "/?#@\\"):
        raise OpenAIError(
            "X.509 workload identity requests require exactly one valid Host authority"
        )
    try:
        authority = httpx.URL(f"https://{hosts[0]}")
    except httpx.InvalidURL as exc:
        raise OpenAIError(
            "X.509 workload identity requests require a valid Host authority"
        ) from exc
    if (authority.host, authority.port) != (request.url.host, request.url.port):
        raise OpenAIError("X.509 workload identity Host authority must match the request URL")
    for name in request.headers:
        if name.lower().replace("_", "-") in _CREDENTIAL_HEADERS:
            raise OpenAIError(
                "X.509 workload identity requests cannot include API-key or proxy credentials "
                f"(header {name!r})"
            )


def x509_exchange_body(identity: Mapping[str, Any]) -> dict[str, str]:
    """The exchange's JSON body: the identity's IDs (the certificate is the subject)."""
    return {
        "grant_type": TOKEN_EXCHANGE_GRANT_TYPE,
        "subject_token_type": X509_SUBJECT_TOKEN_TYPE,
        "identity_provider_id": identity["identity_provider_id"],
        "service_account_id": identity["service_account_id"],
    }


def is_transient_status(status: int, headers: httpx.Headers) -> bool:
    if status in (400, 401, 403):
        return False
    return status in (408, 409, 429) or status >= 500 or headers.get("x-should-retry") == "true"


def _server_delay(headers: httpx.Headers) -> float | None:
    """The delay `retry-after-ms` / `retry-after` asks for; -1 for one too long to wait."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            delay = float(millis) / 1000
        except ValueError:
            pass
        else:
            if math.isfinite(delay) and 0 <= delay <= MAX_RETRY_AFTER_DELAY:
                return delay
            if delay > MAX_RETRY_AFTER_DELAY:
                return -1
    after = headers.get("retry-after")
    if after is None:
        return None
    try:
        delay = float(after)
    except ValueError:
        try:
            parsed = email.utils.parsedate_tz(after)
            delay = email.utils.mktime_tz(parsed) - time.time() if parsed is not None else -2
        except (OverflowError, OSError, ValueError):
            delay = -2
    if math.isfinite(delay) and 0 <= delay <= MAX_RETRY_AFTER_DELAY:
        return delay
    return -1 if delay > MAX_RETRY_AFTER_DELAY else None


def exchange_retry_delay(response: httpx.Response | None, attempt: int) -> float | None:
    """Seconds before exchange attempt `attempt + 1`, or None when `response` is final
    (`response` None: the connection failed, which is always retried)."""
    if response is not None:
        headers = response.headers
        should_retry = headers.get("x-should-retry")
        if response.status_code in (400, 401, 403) or should_retry == "false":
            return None
        if should_retry != "true" and not is_transient_status(response.status_code, headers):
            return None
        requested = _server_delay(headers)
        if requested == -1:
            return None
        if requested is not None:
            return requested
    return float(min(INITIAL_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY))


def x509_issued_token(response: httpx.Response) -> IssuedToken:
    """The token in the endpoint's answer. A refusal (400/401/403) raises `OAuthError` whose body
    keeps only the OAuth `error` code; a transient failure raises `TransientExchangeError`."""
    if response.status_code in (400, 401, 403):
        try:
            body = json.loads(response.content) if response.content else None
        except ValueError:
            body = None
        code = body.get("error") if isinstance(body, dict) else None
        raise OAuthError(response=response, body={"error": code} if isinstance(code, str) else None)
    try:
        issued = issued_token(response)
        body = json.loads(response.content)
        token_type = body.get("token_type")
        if "token_type" in body and (
            not isinstance(token_type, str) or token_type.lower() != "bearer"
        ):
            raise OpenAIError("X.509 token exchange response must use the Bearer token type")
        if _BEARER_TOKEN.fullmatch(issued.access_token) is None:
            raise OpenAIError(
                "X.509 token exchange response did not include a valid Bearer access_token"
            )
        lifetime = _finite_number(body.get("expires_in"))
        if lifetime is None or lifetime <= 0:
            raise OpenAIError(
                "X.509 token exchange response did not include a positive, finite expires_in"
            )
    except OpenAIError as error:
        if is_transient_status(response.status_code, response.headers):
            raise TransientExchangeError(error) from error
        raise
    return issued
