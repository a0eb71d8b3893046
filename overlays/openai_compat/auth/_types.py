"""The workload-identity configuration types (openai-python's names and keys)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeAlias, TypedDict

from typing_extensions import NotRequired

__all__ = [
    "SubjectTokenProvider",
    "SubjectTokenWorkloadIdentity",
    "WorkloadIdentity",
    "X509WorkloadIdentity",
    "x509_workload_identity",
]


class SubjectTokenProvider(TypedDict):
    """Where the subject token comes from: `get_token()` returns it (called at each exchange)."""

    token_type: Literal["jwt", "id"]
    get_token: Callable[[], str]


class WorkloadIdentity(TypedDict):
    """A workload identity that exchanges a subject token for an OpenAI access token."""

    identity_provider_id: str
    """The identity provider registered with OpenAI."""
    service_account_id: str
    """The service account the verified external identity is bound to."""
    provider: SubjectTokenProvider
    """How to obtain the subject token."""
    refresh_buffer_seconds: NotRequired[float]
    """Refresh this many seconds before expiry (default 1200, at most half the lifetime)."""


SubjectTokenWorkloadIdentity: TypeAlias = WorkloadIdentity


class X509WorkloadIdentity(TypedDict):
    """A workload identity proven by the client certificate of the HTTP transport (mTLS)."""

    type: Literal["x509"]
    identity_provider_id: str
    service_account_id: str
    refresh_buffer_seconds: NotRequired[float]


def x509_workload_identity(
    *,
    identity_provider_id: str,
    service_account_id: str,
    refresh_buffer_seconds: float | None = None,
) -> X509WorkloadIdentity:
    """An X.509 workload identity configuration (no certificate material passes through here)."""
    identity: X509WorkloadIdentity = {
        "type": "x509",
        "identity_provider_id": identity_provider_id,
        "service_account_id": service_account_id,
    }
    if refresh_buffer_seconds is not None:
        identity["refresh_buffer_seconds"] = refresh_buffer_seconds
    return identity
