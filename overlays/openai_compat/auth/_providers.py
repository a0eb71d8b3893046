"""Subject-token providers for common platforms: a Kubernetes projected service-account token,
Azure managed identity (IMDS) and the GCP metadata server. Each returns a `SubjectTokenProvider`
whose `get_token()` fetches a fresh subject token when called; failures raise
`SubjectTokenProviderError` with openai-python's messages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from .._exceptions import SubjectTokenProviderError
from ._types import SubjectTokenProvider

if TYPE_CHECKING:
    import httpx2

    # openai-python takes an httpx2.Client; either library's client works here.
    HttpClient = httpx.Client | httpx2.Client

__all__ = [
    "azure_managed_identity_token_provider",
    "gcp_id_token_provider",
    "k8s_service_account_token_provider",
]

_AZURE_IMDS_TOKEN_URL = "http://169.254.169.254/metadata/identity/oauth2/token"
_GCP_IDENTITY_URL = (
    "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/identity"
)


def k8s_service_account_token_provider(
    token_file_path: str | Path = "/var/run/secrets/kubernetes.io/serviceaccount/token",
) -> SubjectTokenProvider:
    """The service-account token Kubernetes mounts into the pod (re-read at every exchange,
    since the kubelet rotates it)."""

    def get_token() -> str:
        try:
            with open(token_file_path) as f:
                token = f.read().strip()
            if not token:
                raise SubjectTokenProviderError(f"The token file at {token_file_path} is empty.")
            return token
        except Exception as exc:
            raise SubjectTokenProviderError(
                f"Failed to read the token file at {token_file_path}: {exc}"
            ) from exc

    return {"token_type": "jwt", "get_token": get_token}


def azure_managed_identity_token_provider(
    resource: str = "https://management.azure.com/",
    *,
    object_id: str | None = None,
    client_id: str | None = None,
    msi_res_id: str | None = None,
    api_version: str = "2018-02-01",
    timeout: float = 10.0,
    http_client: HttpClient | None = None,
) -> SubjectTokenProvider:
    """An Azure managed identity's access token from the instance metadata service (IMDS);
    `object_id` / `client_id` / `msi_res_id` pick one identity when several are assigned."""

    def get_token() -> str:
        params = {"api-version": api_version, "resource": resource}
        for name, value in (("object_id", object_id), ("client_id", client_id),
                            ("msi_res_id", msi_res_id)):  # fmt: skip
            if value is not None:
                params[name] = value
        try:
            response = _get(
                http_client, _AZURE_IMDS_TOKEN_URL, params, {"Metadata": "true"}, timeout
            )
            if response.is_error:
                raise SubjectTokenProviderError(
                    f"Failed to fetch Azure subject token from IMDS: HTTP {response.status_code}",
                    response=response,
                )
            token = response.json().get("access_token")
            if not token:
                raise SubjectTokenProviderError(
                    "Azure IMDS response did not include an access_token", response=response
                )
            return str(token)
        except Exception as exc:  # openai-python wraps every failure, its own included
            raise SubjectTokenProviderError(
                f"Failed to fetch Azure subject token from IMDS: {exc}"
            ) from exc

    return {"token_type": "jwt", "get_token": get_token}


def gcp_id_token_provider(
    audience: str = "https://api.openai.com/v1",
    *,
    timeout: float = 10.0,
    http_client: HttpClient | None = None,
) -> SubjectTokenProvider:
    """A GCP instance identity token for `audience`, from the metadata server."""

    def get_token() -> str:
        try:
            response = _get(http_client, _GCP_IDENTITY_URL, {"audience": audience},
                            {"Metadata-Flavor": "Google"}, timeout)  # fmt: skip
            if response.is_error:
                raise SubjectTokenProviderError(
                    "Failed to fetch GCP subject token from metadata server: "
                    f"HTTP {response.status_code}",
                    response=response,
                )
            token = str(response.text).strip()
            if not token:
                raise SubjectTokenProviderError(
                    "GCP metadata server returned an empty token", response=response
                )
            return token
        except Exception as exc:
            raise SubjectTokenProviderError(
                f"Failed to fetch GCP subject token from metadata server: {exc}"
            ) from exc

    return {"token_type": "id", "get_token": get_token}


def _get(http_client: Any, url: str, params: dict[str, str], headers: dict[str, str],
         timeout: float) -> Any:  # fmt: skip
    """GET with the caller's client, or a client made for this one request."""
    if http_client is not None:
        return http_client.get(url, params=params, headers=headers, timeout=timeout)
    with httpx.Client() as client:
        return client.get(url, params=params, headers=headers, timeout=timeout)
