"""Workload identity: authenticate with an identity the platform vouches for (Kubernetes, Azure
managed identity, GCP) instead of an API key, as openai-python 3.54's `openai.auth`.

    from openai_compat import OpenAI
    from openai_compat.auth import k8s_service_account_token_provider

    client = OpenAI(workload_identity={
        "identity_provider_id": "idp_...",
        "service_account_id": "sa_...",
        "provider": k8s_service_account_token_provider(),
    })

The client exchanges the subject token for a short-lived OpenAI access token before its first
request, sends it as the bearer token, refreshes it before it expires and after a 401.
Imported only when used (`import openai_compat` does not load it).
"""

from __future__ import annotations

from ._providers import (
    azure_managed_identity_token_provider,
    gcp_id_token_provider,
    k8s_service_account_token_provider,
)
from ._types import (
    SubjectTokenProvider,
    SubjectTokenWorkloadIdentity,
    WorkloadIdentity,
    X509WorkloadIdentity,
    x509_workload_identity,
)
from ._workload import WorkloadIdentityAuth

__all__ = [
    "SubjectTokenProvider",
    "SubjectTokenWorkloadIdentity",
    "WorkloadIdentity",
    "WorkloadIdentityAuth",
    "X509WorkloadIdentity",
    "azure_managed_identity_token_provider",
    "gcp_id_token_provider",
    "k8s_service_account_token_provider",
    "x509_workload_identity",
]
