"""How the OpenAI clients take `workload_identity=` (openai-python's rules and messages):
checked before the client is built, attached after, and carried over by `with_options`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .. import _logging
from .._base_client import _env
from .._exceptions import OpenAIError
from ._exchange import WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER

__all__ = [
    "attach",
    "copy_options",
    "placeholder_api_key",
    "refuse_with_provider",
    "x509_base_url",
]

_REQUIRED_KEYS = ("identity_provider_id", "service_account_id", "provider")


def placeholder_api_key(api_key: object, identity: object) -> str:
    """The client's `api_key` with a workload identity (the placeholder the access token
    replaces per request), once the identity is checked."""
    if api_key is not None and api_key != WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER:
        raise OpenAIError("The `api_key` and `workload_identity` arguments are mutually exclusive")
    from ._x509 import is_x509_identity, validate_identity

    if is_x509_identity(identity):
        validate_identity(identity)
        return WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER
    if not isinstance(identity, Mapping) or "provider" not in identity:
        raise OpenAIError(
            "Invalid `workload_identity` configuration: expected an X.509 or subject-token identity"
        )
    missing = [key for key in _REQUIRED_KEYS if key not in identity]
    if missing:
        raise OpenAIError(
            f"Invalid `workload_identity` configuration: missing {', '.join(map(repr, missing))}"
        )
    provider = identity["provider"]
    if not isinstance(provider, Mapping) or not callable(provider.get("get_token")):
        raise OpenAIError(
            "Invalid `workload_identity` configuration: `provider` must be a dict with "
            f"`token_type` and a callable `get_token`, got {type(provider).__name__}"
        )
    return WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER


def x509_base_url(
    identity: object, base_url: str | httpx.URL | None, data_residency: str | None
) -> str | httpx.URL | None:
    """The API base URL of a client with `identity`: for an X.509 identity the mTLS host
    (`data_residency`'s regional one, else `OPENAI_BASE_URL` or the global one), which must be
    HTTPS; `base_url` unchanged for any other identity."""
    from ._x509 import (
        MTLS_API_BASE_URL,
        check_api_url,
        is_x509_identity,
        mtls_base_url_for_residency,
    )

    if not is_x509_identity(identity):
        return base_url
    if data_residency is not None:
        base_url = mtls_base_url_for_residency(data_residency)
    url = base_url or _env("OPENAI_BASE_URL") or MTLS_API_BASE_URL
    check_api_url(url)
    return url


def refuse_with_provider(provider: Any, **credentials: object) -> None:
    """`provider=` owns authentication: openai-python refuses a workload identity beside it."""
    conflicts = [f"`{name}`" for name, value in credentials.items() if value is not None]
    raise OpenAIError(
        f"`provider` cannot be combined with top-level {', '.join(conflicts)}. Move provider "
        f"authentication and routing options into `{getattr(provider, 'name', 'provider')}(...)`."
    )


def attach(client: Any, identity: Any) -> None:
    """Give `client` its token exchange (a new one per client, as openai-python's copies)."""
    from ._x509 import is_x509_identity

    if is_x509_identity(identity):
        from ._x509_auth import X509WorkloadIdentityAuth

        # The client's HTTP client holds the certificate: the exchange goes through it too.
        # Nothing follows a redirect (the bearer stays on the mTLS origin).
        client.workload_identity = dict(identity)
        client._follow_redirects = False
        client._workload_identity_auth = X509WorkloadIdentityAuth(
            workload_identity=dict(identity),  # type: ignore[arg-type]
            http=client._http,
            transport_errors=client._transport_errors,
            base_url=lambda: client.base_url,
            max_retries=client.max_retries,
        )
    else:
        from ._workload import WorkloadIdentityAuth

        client.workload_identity = identity
        client._workload_identity_auth = WorkloadIdentityAuth(workload_identity=identity)
    # The placeholder is no secret (BaseClient registered it as the API key).
    _logging.unregister_secret(WORKLOAD_IDENTITY_API_KEY_PLACEHOLDER)


def copy_options(client: Any, options: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    """`with_options` / `copy`: the identity is kept unless an `api_key` replaces it; a new
    identity replaces the API key."""
    if overrides.get("workload_identity") is not None:
        options["api_key"] = None
    elif overrides.get("api_key") is not None:
        options["workload_identity"] = None
    else:
        options["workload_identity"] = client.workload_identity
