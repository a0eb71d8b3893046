"""The module-level client: `openai_compat.api_key = "..."; openai_compat.chat.completions.create(...)`.

As in openai-python, the settings are attributes of the `openai_compat` module (api_key,
admin_api_key, organization, project, webhook_secret, base_url, timeout, max_retries,
default_headers, default_query, http_client, and for Azure api_type="azure", api_version,
azure_endpoint, azure_ad_token, azure_ad_token_provider). The client is created on first use of a
resource (`openai_compat.chat`, `.files`, ...). The OpenAI module client reads api_key,
organization, project, base_url, timeout, max_retries, default headers and query from the module
on every request, so changing them later takes effect; `openai_compat._client = None` (or
`_reset_client()`) makes the next use build a new client, which an Azure or http_client change needs.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Mapping
from typing import Any

import httpx

from ._azure import AzureOpenAI
from ._base_client import _check_base_url
from ._client import OpenAI
from ._exceptions import OpenAIError

__all__ = ["load_client", "resource_names"]

# Module settings an OpenAI module client takes from the environment when they are unset.
_FROM_ENVIRONMENT = (
    ("api_key", "OPENAI_API_KEY"),
    ("admin_api_key", "OPENAI_ADMIN_KEY"),
    ("organization", "OPENAI_ORG_ID"),
    ("project", "OPENAI_PROJECT_ID"),
    ("webhook_secret", "OPENAI_WEBHOOK_SECRET"),
)


def _settings() -> Any:
    return sys.modules["openai_compat"]


class _ModuleClient(OpenAI):
    """An `OpenAI` whose options live on the `openai_compat` module."""

    def _credential_source(self) -> Any:
        return _settings().api_key or ""

    @property
    def admin_api_key(self) -> str | None:
        return _settings().admin_api_key  # type: ignore[no-any-return]

    @admin_api_key.setter
    def admin_api_key(self, value: str | None) -> None:
        _settings().admin_api_key = value

    @property
    def organization(self) -> str | None:
        return _settings().organization  # type: ignore[no-any-return]

    @organization.setter
    def organization(self, value: str | None) -> None:
        _settings().organization = value

    @property
    def project(self) -> str | None:
        return _settings().project  # type: ignore[no-any-return]

    @project.setter
    def project(self, value: str | None) -> None:
        _settings().project = value

    @property
    def timeout(self) -> float | httpx.Timeout | None:
        return _settings().timeout  # type: ignore[no-any-return]

    @timeout.setter
    def timeout(self, value: float | httpx.Timeout | None) -> None:
        _settings().timeout = value

    @property
    def max_retries(self) -> int:
        return _settings().max_retries  # type: ignore[no-any-return]

    @max_retries.setter
    def max_retries(self, value: int) -> None:
        _settings().max_retries = value

    @property
    def _custom_headers(self) -> dict[str, str]:
        return dict(_settings().default_headers or {})

    @_custom_headers.setter
    def _custom_headers(self, value: Mapping[str, str]) -> None:
        _settings().default_headers = dict(value) or None

    @property
    def _custom_query(self) -> dict[str, object]:
        return dict(_settings().default_query or {})

    @_custom_query.setter
    def _custom_query(self, value: Mapping[str, object]) -> None:
        _settings().default_query = dict(value) or None

    @property
    def base_url(self) -> httpx.URL:
        configured = _settings().base_url
        return _check_base_url(configured if configured is not None else self._default_base_url)

    @base_url.setter
    def base_url(self, value: httpx.URL) -> None:
        self._default_base_url = value

    def _base_headers(self) -> dict[str, tuple[str, str]]:
        self.__dict__.pop("_headers_cache", None)  # module settings may change between calls
        return super()._base_headers()

    def _url(self, path: str) -> httpx.URL:
        return httpx.URL(str(self.base_url).rstrip("/") + path)


def load_client() -> Any:
    """The module's client, created from the module settings on first use."""
    settings = _settings()
    # `openai_compat._client` is also the name of the `_client` submodule, which Python binds on
    # the package when it is first imported: a module there means "no client yet".
    if settings._client is not None and not isinstance(settings._client, types.ModuleType):
        return settings._client
    if settings.azure_endpoint is None:
        settings.azure_endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
    if settings.api_version is None:
        settings.api_version = os.environ.get("OPENAI_API_VERSION")
    if settings.api_type is None:
        has_openai = os.environ.get("OPENAI_API_KEY") is not None
        has_azure = (settings.azure_endpoint is not None
                     or os.environ.get("AZURE_OPENAI_API_KEY") is not None)  # fmt: skip
        has_azure_ad = (os.environ.get("AZURE_OPENAI_AD_TOKEN") is not None
                        or settings.azure_ad_token is not None
                        or settings.azure_ad_token_provider is not None)  # fmt: skip
        if has_openai and (has_azure or has_azure_ad):
            raise OpenAIError(
                "Ambiguous use of module client; please set `openai_compat.api_type` or the "
                "`OPENAI_API_TYPE` environment variable to `openai` or `azure`"
            )
        settings.api_type = "azure" if (has_azure or has_azure_ad) else "openai"
    if settings.api_type == "azure":
        settings._client = AzureOpenAI(
            api_version=settings.api_version, azure_endpoint=settings.azure_endpoint,
            api_key=settings.api_key, azure_ad_token=settings.azure_ad_token,
            azure_ad_token_provider=settings.azure_ad_token_provider,
            organization=settings.organization, project=settings.project,
            webhook_secret=settings.webhook_secret, base_url=settings.base_url,
            timeout=settings.timeout, max_retries=settings.max_retries,
            default_headers=settings.default_headers, default_query=settings.default_query,
            http_client=settings.http_client,
        )  # fmt: skip
        return settings._client
    if settings.api_type != "openai":
        raise OpenAIError(f"api_type must be 'openai' or 'azure', got {settings.api_type!r}")
    # As openai-python: the client reads what the module leaves unset from the environment, and
    # its settings are the module's, so `openai_compat.api_key` then reads OPENAI_API_KEY.
    for name, variable in _FROM_ENVIRONMENT:
        if getattr(settings, name) is None:
            setattr(settings, name, os.environ.get(variable))
    client = _ModuleClient(
        api_key=settings.api_key, admin_api_key=settings.admin_api_key,
        organization=settings.organization, project=settings.project,
        webhook_secret=settings.webhook_secret,
        base_url=settings.base_url,
        timeout=settings.timeout, max_retries=settings.max_retries,
        default_headers=settings.default_headers, default_query=settings.default_query,
        http_client=settings.http_client, _enforce_credentials=False,
    )  # fmt: skip
    settings._client = client
    return client


def resource_names() -> frozenset[str]:
    """The resources the module exposes (`openai_compat.chat`...): the OpenAI client's."""
    from functools import cached_property

    return frozenset(
        name
        for klass in OpenAI.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, cached_property) and not name.startswith("_")
    )
