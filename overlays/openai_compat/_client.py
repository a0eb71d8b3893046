"""`OpenAI` and `AsyncOpenAI`: the clients of the OpenAI API and of OpenAI-compatible servers.

Constructor arguments and environment variables are openai-python's. The resources
(`client.chat`, `client.files`, ...) come from the generated `Resources` classes and are built
on first use, so creating a client imports no resource module and no model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

    from .auth._types import WorkloadIdentity, X509WorkloadIdentity
    from .providers import Provider

from . import _logging
from ._base_client import ApiKey, AsyncApiKey, _env, accept_known_extras
from ._constants import DEFAULT_MAX_RETRIES
from ._exceptions import OpenAIError
from ._generated.openai.resources import AsyncResources, Resources
from ._realtime._attach import AsyncWebSocketResources, WebSocketResources
from ._runtime import NOT_GIVEN, NotGiven
from ._shells import AsyncAPIClient, SyncAPIClient
from ._verbs import AsyncVerbs, SyncVerbs
from .lib._client_resources import AsyncHelperResources, HelperResources

__all__ = ["AsyncOpenAI", "OpenAI"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# openai-python 3.54's words, so that code matching on them keeps working.
_MISSING_KEY = (
    "Missing credentials. Please pass an `api_key`, `workload_identity`, `admin_api_key`, or set "
    "the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable."
)
# `data_residency=` names an OpenAI regional endpoint (openai-python's table).
DATA_RESIDENCY_BASE_URLS = {
    "global": "https://api.openai.com/v1",
    "us": "https://us.api.openai.com/v1",
    "eu": "https://eu.api.openai.com/v1",
    "ae": "https://ae.api.openai.com/v1",
    "au": "https://au.api.openai.com/v1",
    "in": "https://in.api.openai.com/v1",
    "jp": "https://jp.api.openai.com/v1",
}
# Admin API operations (`client.admin.organization...`) authenticate with the admin key only.
_ADMIN_PATH_PREFIX = "/organization/"


def _resolve_common(
    api_key: Any,
    base_url: str | httpx.URL | None,
    organization: str | None,
    project: str | None,
    *,
    admin_api_key: str | None = None,
    data_residency: str | None = None,
    workload_identity: object | None = None,
    enforce_credentials: bool = True,
) -> dict[str, Any]:
    if workload_identity is not None:  # the API key is a placeholder the token replaces
        from .auth._client_options import placeholder_api_key

        api_key = placeholder_api_key(api_key, workload_identity)
    if data_residency is not None:
        if base_url is not None:
            raise ValueError("The `data_residency` and `base_url` arguments are mutually exclusive")
        if data_residency not in DATA_RESIDENCY_BASE_URLS:
            raise ValueError(
                "Invalid `data_residency`; expected one of 'global', 'us', 'eu', 'ae', 'au', "
                "'in', or 'jp'"
            )
        base_url = DATA_RESIDENCY_BASE_URLS[data_residency]
    if workload_identity is not None:  # an X.509 identity talks to the mTLS host
        from .auth._client_options import x509_base_url

        base_url = x509_base_url(workload_identity, base_url, data_residency)
    api_key = api_key if api_key is not None else _env("OPENAI_API_KEY")
    admin_api_key = admin_api_key if admin_api_key is not None else _env("OPENAI_ADMIN_KEY")
    if api_key is not None and not isinstance(api_key, str) and not callable(api_key):
        raise OpenAIError(
            f"api_key must be a str or a callable returning one, got {type(api_key).__name__}"
        )
    if enforce_credentials and not api_key and admin_api_key is None:
        raise OpenAIError(_MISSING_KEY)
    if admin_api_key:
        _logging.register_secret(admin_api_key)
    return {
        "api_key": api_key or "",
        "base_url": base_url or _env("OPENAI_BASE_URL") or DEFAULT_BASE_URL,
        "organization": organization if organization is not None else _env("OPENAI_ORG_ID"),
        "project": project if project is not None else _env("OPENAI_PROJECT_ID"),
    }


def _settings(provider: Provider | None, api_key: Any, base_url: str | httpx.URL | None,
              organization: str | None, project: str | None,
              default_headers: Mapping[str, str] | None,
              **options: Any) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    """The client settings, from the arguments and environment, or from `provider=` (which
    resolves its own URL and credentials: `options` are for the plain OpenAI settings)."""
    if provider is not None and options.get("workload_identity") is not None:
        from .auth._client_options import refuse_with_provider

        refuse_with_provider(provider, api_key=api_key, admin_api_key=options.get("admin_api_key"),
                             workload_identity=options["workload_identity"], base_url=base_url)  # fmt: skip
    if provider is None:
        common = _resolve_common(api_key, base_url, organization, project, **options)
        from ._environment_headers import with_environment_headers

        headers = with_environment_headers(
            default_headers, workload_identity=options.get("workload_identity")
        )
        return None, {**common, "default_headers": headers}
    from .providers._attach import provider_settings

    return provider_settings(
        provider, api_key=api_key, base_url=base_url, organization=organization,
        project=project, default_headers=default_headers,
    )  # fmt: skip


def _attach_workload_identity(client: Any, identity: Any) -> None:
    from .auth._client_options import attach

    attach(client, identity)


def _attach(client: Any, provider: Any, runtime: Any) -> None:
    from .providers._attach import attach_provider

    attach_provider(client, provider, runtime)


class _OpenAIOptions:
    """What both OpenAI clients add to their shells: openai-python's extra options (admin key,
    webhook secret), credentials per operation, and `with_options` / `copy`."""

    admin_api_key: str | None
    webhook_secret: str | None
    _credential_source: Callable[[], Any]  # BaseClient's (an annotation only: no override)
    websocket_base_url: str | httpx.URL | None
    _validate_requests: bool

    def _set_openai_options(
        self, admin_api_key: str | None, webhook_secret: str | None,
        websocket_base_url: str | httpx.URL | None,
    ) -> None:  # fmt: skip
        self.admin_api_key = (
            admin_api_key if admin_api_key is not None else _env("OPENAI_ADMIN_KEY")
        )
        self.webhook_secret = (
            webhook_secret if webhook_secret is not None else _env("OPENAI_WEBHOOK_SECRET")
        )
        self.websocket_base_url = websocket_base_url

    _bearer_required = True

    @property
    def auth_headers(self) -> dict[str, str]:
        """The authentication headers for a static key; none with a workload identity (its
        token is exchanged per request), as openai-python."""
        if self.workload_identity is not None:
            return {}
        headers: dict[str, str] = super().auth_headers  # type: ignore[misc]
        return headers

    def _credential_source_for(self, path: str) -> Any:
        """As openai-python: Admin API operations authenticate with the admin key, the others
        with the API key; with neither, the request is refused (see `_require_authorization`)."""
        if path.startswith(_ADMIN_PATH_PREFIX):
            return self.admin_api_key
        return self._credential_source()

    _api_key: Any
    organization: str | None
    project: str | None
    base_url: httpx.URL
    timeout: float | httpx.Timeout | None
    max_retries: int
    _custom_headers: dict[str, str]
    _custom_query: dict[str, object]
    _http: Any
    _strict: bool

    _provider: Any = None
    _provider_runtime: Any
    # `workload_identity=` (openai_compat.auth): the identity and its token exchange.
    workload_identity: Any = None

    def with_options(self, **overrides: Any) -> Self:
        """A copy of this client with some options changed; it shares the HTTP connection pool."""
        options: dict[str, Any] = {
            "api_key": self._api_key,
            "organization": self.organization,
            "project": self.project,
            "base_url": self.base_url,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "default_headers": self._custom_headers,
            "default_query": self._custom_query,
            "http_client": self._http,
            "strict_response_validation": self._strict,
            "validate_requests": self._validate_requests,
            "admin_api_key": self.admin_api_key,
            "webhook_secret": self.webhook_secret,
            "websocket_base_url": self.websocket_base_url,
        }
        if self.workload_identity is not None or overrides.get("workload_identity") is not None:
            from .auth._client_options import copy_options as copy_workload_options

            copy_workload_options(self, options, overrides)
        if self._provider is not None or overrides.get("provider") is not None:
            from .providers._attach import copy_options

            copy_options(self, options, overrides)
        options.update(overrides)
        return type(self)(**options)

    copy = with_options

    def _prepare(self, prepared: Any) -> Any:
        runtime = self._provider_runtime
        if runtime is not None and runtime.check is not None:
            runtime.check(prepared)  # a preset's documented quirks (warnings, never edits)
        return prepared


class OpenAI(
    _OpenAIOptions, HelperResources, WebSocketResources, Resources, SyncVerbs, SyncAPIClient
):
    """A synchronous client: `OpenAI(api_key=..., base_url=...)`."""

    def __init__(
        self,
        *,
        api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        base_url: str | httpx.URL | None = None,
        provider: Provider | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
        _strict_response_validation: bool = False,
        validate_requests: bool = False,
        admin_api_key: str | None = None,
        webhook_secret: str | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        data_residency: str | None = None,
        workload_identity: WorkloadIdentity | X509WorkloadIdentity | None = None,
        _enforce_credentials: bool = True,
        **unsupported: Any,
    ) -> None:
        accept_known_extras(unsupported, type(self).__name__)
        runtime, common = _settings(
            provider, api_key, base_url, organization, project, default_headers,
            admin_api_key=admin_api_key, data_residency=data_residency,
            workload_identity=workload_identity, enforce_credentials=_enforce_credentials,
        )  # fmt: skip
        super().__init__(
            **common,
            timeout=timeout,
            max_retries=max_retries,
            default_query=default_query,
            strict_response_validation=strict_response_validation or _strict_response_validation,
            validate_requests=validate_requests,
        )  # fmt: skip
        self._set_openai_options(admin_api_key, webhook_secret, websocket_base_url)
        self._init_http(http_client)
        if workload_identity is not None:
            _attach_workload_identity(self, workload_identity)
        if runtime is not None:
            _attach(self, provider, runtime)


class AsyncOpenAI(
    _OpenAIOptions, AsyncHelperResources, AsyncWebSocketResources, AsyncResources, AsyncVerbs,
    AsyncAPIClient,
):  # fmt: skip
    """An asynchronous client: `AsyncOpenAI(api_key=..., base_url=...)`."""

    def __init__(
        self,
        *,
        api_key: AsyncApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        base_url: str | httpx.URL | None = None,
        provider: Provider | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
        _strict_response_validation: bool = False,
        validate_requests: bool = False,
        admin_api_key: str | None = None,
        webhook_secret: str | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        data_residency: str | None = None,
        workload_identity: WorkloadIdentity | X509WorkloadIdentity | None = None,
        _enforce_credentials: bool = True,
        **unsupported: Any,
    ) -> None:
        accept_known_extras(unsupported, type(self).__name__)
        runtime, common = _settings(
            provider, api_key, base_url, organization, project, default_headers,
            admin_api_key=admin_api_key, data_residency=data_residency,
            workload_identity=workload_identity, enforce_credentials=_enforce_credentials,
        )  # fmt: skip
        super().__init__(
            **common,
            timeout=timeout,
            max_retries=max_retries,
            default_query=default_query,
            strict_response_validation=strict_response_validation or _strict_response_validation,
            validate_requests=validate_requests,
        )  # fmt: skip
        self._set_openai_options(admin_api_key, webhook_secret, websocket_base_url)
        self._init_http(http_client)
        if workload_identity is not None:
            _attach_workload_identity(self, workload_identity)
        if runtime is not None:
            _attach(self, provider, runtime)
