"""`AzureOpenAI` and `AsyncAzureOpenAI`: OpenAI's API as Azure OpenAI serves it.

As in openai-python, they are `OpenAI` / `AsyncOpenAI` (subclasses, with the same resource tree:
every generated resource, the `lib/` helpers, `client.webhooks`, realtime connections), so their
methods have OpenAI's signatures and return openai-python's classes. Azure changes only how a
request is prepared:
- the endpoint: `azure_endpoint` (or AZURE_OPENAI_ENDPOINT) + `/openai`, and every request
  carries `api-version` (`api_version` or OPENAI_API_VERSION);
- credentials: an `api-key` header (`api_key` or AZURE_OPENAI_API_KEY), or a bearer token
  (`azure_ad_token`, AZURE_OPENAI_AD_TOKEN, or `azure_ad_token_provider`, called before every
  attempt); exactly one kind may be given;
- routing: deployment-based operations (chat, completions, embeddings, audio, image generation
  and edits) go to `/deployments/{deployment}/...`, where the deployment is `azure_deployment`
  (with `azure_endpoint`) or else the request's `model` (JSON and multipart bodies alike);
  nothing is added when `base_url` already names a deployment.
Azure-only request fields (`data_sources`, `input_type`) are taken by `_azure_resources`;
Azure-only response fields (`prompt_filter_results`, `content_filter_results`...) are kept on
the results as extra attributes, and the Azure spec's own models are
`openai_compat.types.azure_models`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

    from . import _azure_resources

from . import _logging
from ._base_client import _env, accept_known_extras
from ._client import AsyncOpenAI, OpenAI
from ._constants import DEFAULT_MAX_RETRIES
from ._environment_headers import with_environment_headers
from ._exceptions import InvalidArgumentError, OpenAIError
from ._request import PreparedRequest
from ._runtime import NOT_GIVEN, NotGiven

__all__ = ["AsyncAzureOpenAI", "AzureOpenAI"]

# The paths Azure serves under /deployments/{deployment} (openai-python's list).
DEPLOYMENT_PATHS = frozenset(
    {
        "/chat/completions", "/completions", "/embeddings", "/audio/transcriptions",
        "/audio/translations", "/audio/speech", "/images/generations", "/images/edits",
    }
)  # fmt: skip
_CREDENTIALS = ("api_key", "azure_ad_token", "azure_ad_token_provider")

TokenProvider = Callable[[], str]
AsyncTokenProvider = Callable[[], "str | Awaitable[str]"]


class _AzureConfig:
    """The Azure settings shared by the sync and async clients (no I/O)."""

    def __init__(self, *, azure_endpoint: str | None, azure_deployment: str | None, api_version: str | None,
                 api_key: Any, azure_ad_token: str | None, azure_ad_token_provider: Any,
                 base_url: str | httpx.URL | None, enforce_credentials: bool = True) -> None:  # fmt: skip
        given = [n for n, v in zip(_CREDENTIALS, (api_key, azure_ad_token, azure_ad_token_provider), strict=True)
                 if v is not None]  # fmt: skip
        if len(given) > 1:
            raise OpenAIError(
                f"give only one of api_key, azure_ad_token, azure_ad_token_provider; got {', '.join(given)}"
            )
        if not given:  # as openai-python: an Entra ID token in the environment comes first
            azure_ad_token = _env("AZURE_OPENAI_AD_TOKEN")
            api_key = None if azure_ad_token else _env("AZURE_OPENAI_API_KEY")
        if (
            enforce_credentials
            and api_key is None
            and azure_ad_token is None
            and azure_ad_token_provider is None
        ):
            raise OpenAIError(
                "Missing credentials. Please pass one of `api_key`, `azure_ad_token`, "
                "`azure_ad_token_provider`, or the `AZURE_OPENAI_API_KEY` or "
                "`AZURE_OPENAI_AD_TOKEN` environment variables."
            )
        api_version = api_version or _env("OPENAI_API_VERSION")
        if not api_version:
            raise OpenAIError(
                "Must provide either the `api_version` argument or the `OPENAI_API_VERSION` environment variable"
            )
        if base_url is not None and azure_endpoint is not None:
            raise OpenAIError("base_url and azure_endpoint are mutually exclusive")
        if base_url is None:
            azure_endpoint = azure_endpoint or _env("AZURE_OPENAI_ENDPOINT")
            if not azure_endpoint:
                raise OpenAIError(
                    "Must provide one of the `base_url` or `azure_endpoint` arguments, or the `AZURE_OPENAI_ENDPOINT` environment variable"
                )
            base_url = f"{azure_endpoint.rstrip('/')}/openai"
        for secret in (api_key, azure_ad_token):
            if isinstance(secret, str) and secret:  # a callable key is registered per call
                _logging.register_secret(secret)
        self.base_url = base_url
        self.azure_endpoint = azure_endpoint
        self.api_version = api_version
        # As openai-python: `azure_deployment` routes only a client built from `azure_endpoint`
        # (a `base_url` says where to go itself).
        self.azure_deployment = azure_deployment if azure_endpoint else None
        # A `base_url` that already names a deployment gets no second one.
        self.routes_deployments = "/deployments" not in httpx.URL(str(base_url)).path
        self.azure_api_key = api_key
        self.azure_ad_token = azure_ad_token
        self.token_provider = azure_ad_token_provider

    def route(self, prepared: PreparedRequest) -> PreparedRequest:
        """Add `/deployments/{deployment}` to deployment-based operations, and `api-version`."""
        prepared.params.setdefault("api-version", self.api_version)
        if prepared.path in DEPLOYMENT_PATHS and self.routes_deployments:
            deployment = self.azure_deployment or (prepared.body or {}).get("model")
            if not isinstance(deployment, str) or not deployment:
                raise InvalidArgumentError(
                    f"{prepared.op.client_method}(): Azure needs a deployment: pass "
                    "azure_deployment= to the client or model= to the call",
                    param="model",
                )
            prepared.path = f"/deployments/{quote(deployment, safe='')}{prepared.path}"
        return prepared

    def credential_source(self) -> Any:
        """The token provider, else the token, else the key: resolved before every attempt."""
        if self.token_provider is not None:
            return self.token_provider
        return self.azure_ad_token if self.azure_ad_token is not None else self.azure_api_key

    def credential_headers(self, secret: str) -> dict[str, str]:
        """A key goes in `api-key`; an Entra ID token (given or from the provider) as Bearer."""
        if not secret and self.token_provider is not None:
            # As openai-python: a provider that gives nothing is a bug to surface, not a request
            # to send without credentials.
            raise ValueError(
                "Expected `azure_ad_token_provider` argument to return a non-empty string."
            )
        if not secret:
            return {}
        if self.token_provider is not None or self.azure_ad_token is not None:
            return {"Authorization": f"Bearer {secret}"}
        return {"api-key": secret}


def _options(client: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments of a copy of `client` with `overrides` (as openai-python's
    `copy()`: a credential given replaces the current one, whatever its kind)."""
    azure: _AzureConfig = client._azure
    options: dict[str, Any] = {
        "api_version": azure.api_version,
        "azure_deployment": azure.azure_deployment,
        "organization": client.organization,
        "project": client.project,
        "timeout": client.timeout,
        "max_retries": client.max_retries,
        "default_headers": client._custom_headers,
        "default_query": client._custom_query,
        "http_client": client._http,
        "strict_response_validation": client._strict,
        "websocket_base_url": client.websocket_base_url,
        "validate_requests": client._validate_requests,
        "admin_api_key": client.admin_api_key,
        "webhook_secret": client.webhook_secret,
    }
    if not any(overrides.get(name) is not None for name in _CREDENTIALS):
        options["api_key"] = azure.azure_api_key
        options["azure_ad_token"] = azure.azure_ad_token if azure.token_provider is None else None
        options["azure_ad_token_provider"] = azure.token_provider
    if "base_url" not in overrides and "azure_endpoint" not in overrides:
        if azure.azure_endpoint is not None:
            options["azure_endpoint"] = azure.azure_endpoint
        else:
            options["base_url"] = azure.base_url
    options.update(overrides)
    return options


def _workload_identity(identity: Any) -> None:
    """openai-python's Azure clients take `workload_identity=` and do not use it (Azure
    authenticates with its key or Entra ID token); an X.509 identity is refused."""
    if identity is None:
        return
    from .auth._x509 import is_x509_identity

    if is_x509_identity(identity):
        raise OpenAIError("X.509 workload identity is not supported by Azure clients")


class _AzureClient:
    """What both Azure clients change in their OpenAI classes: routing and credentials."""

    _azure: _AzureConfig
    # Azure authenticates with `api-key` as often as with a bearer token.
    _bearer_required = False

    def _prepare(self, prepared: PreparedRequest) -> PreparedRequest:
        return self._azure.route(prepared)

    def _credential_source(self) -> Any:
        return self._azure.credential_source()

    def _credential_source_for(self, path: str) -> Any:
        # Every path, the Admin API's included, authenticates with the Azure credential (as in
        # openai-python, whose Azure clients ignore the admin key when sending).
        return self._azure.credential_source()

    def _credential_headers(self, secret: str) -> dict[str, str]:
        return self._azure.credential_headers(secret)

    def with_options(self, **overrides: Any) -> Self:
        """A copy of this client with some options changed; it shares the HTTP connection pool."""
        if overrides.get("provider") is not None:
            raise OpenAIError(
                f"Configure `provider` on the OpenAI clients, not on {type(self).__name__}"
            )
        return type(self)(**_options(self, overrides))

    copy = with_options

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={str(self._azure.base_url)!r}, "
            f"api_version={self._azure.api_version!r}, credentials=<redacted>)"
        )


class AzureOpenAI(_AzureClient, OpenAI):
    """A synchronous Azure OpenAI client: an `OpenAI` whose requests go to an Azure resource."""

    @cached_property
    def chat(self) -> _azure_resources.AzureChat:
        from . import _azure_resources

        return _azure_resources.AzureChat(self)

    @cached_property
    def embeddings(self) -> _azure_resources.AzureEmbeddings:
        from . import _azure_resources

        return _azure_resources.AzureEmbeddings(self)

    def __init__(self, *, api_version: str | None = None, azure_endpoint: str | None = None,
                 azure_deployment: str | None = None, api_key: str | TokenProvider | None = None,
                 azure_ad_token: str | None = None, azure_ad_token_provider: TokenProvider | None = None,
                 organization: str | None = None, project: str | None = None,
                 admin_api_key: str | None = None, webhook_secret: str | None = None,
                 base_url: str | httpx.URL | None = None,
                 timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
                 max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Mapping[str, str] | None = None,
                 default_query: Mapping[str, object] | None = None, http_client: httpx.Client | None = None,
                 strict_response_validation: bool = False, _strict_response_validation: bool = False,
                 validate_requests: bool = False, websocket_base_url: str | httpx.URL | None = None,
                 _enforce_credentials: bool = True, **unsupported: Any) -> None:  # fmt: skip
        _workload_identity(unsupported.pop("workload_identity", None))
        accept_known_extras(unsupported, type(self).__name__)
        self._azure = _AzureConfig(azure_endpoint=azure_endpoint, azure_deployment=azure_deployment,
                                   api_version=api_version, api_key=api_key, azure_ad_token=azure_ad_token,
                                   azure_ad_token_provider=azure_ad_token_provider, base_url=base_url,
                                   enforce_credentials=_enforce_credentials)  # fmt: skip
        # OpenAI.__init__ resolves OpenAI's endpoint and key: skip to the shell below it.
        super(OpenAI, self).__init__(
            api_key=self._azure.azure_api_key or "", base_url=self._azure.base_url,
            organization=organization if organization is not None else _env("OPENAI_ORG_ID"),
            project=project if project is not None else _env("OPENAI_PROJECT_ID"),
            timeout=timeout, max_retries=max_retries,
            default_headers=with_environment_headers(default_headers),
            default_query=default_query,
            strict_response_validation=strict_response_validation or _strict_response_validation,
            validate_requests=validate_requests,
        )  # fmt: skip
        self._set_openai_options(admin_api_key, webhook_secret, websocket_base_url)
        self._init_http(http_client)


class AsyncAzureOpenAI(_AzureClient, AsyncOpenAI):
    """An asynchronous Azure OpenAI client (the token provider may be async)."""

    @cached_property
    def chat(self) -> _azure_resources.AsyncAzureChat:
        from . import _azure_resources

        return _azure_resources.AsyncAzureChat(self)

    @cached_property
    def embeddings(self) -> _azure_resources.AsyncAzureEmbeddings:
        from . import _azure_resources

        return _azure_resources.AsyncAzureEmbeddings(self)

    def __init__(self, *, api_version: str | None = None, azure_endpoint: str | None = None,
                 azure_deployment: str | None = None, api_key: str | AsyncTokenProvider | None = None,
                 azure_ad_token: str | None = None, azure_ad_token_provider: AsyncTokenProvider | None = None,
                 organization: str | None = None, project: str | None = None,
                 admin_api_key: str | None = None, webhook_secret: str | None = None,
                 base_url: str | httpx.URL | None = None,
                 timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
                 max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Mapping[str, str] | None = None,
                 default_query: Mapping[str, object] | None = None, http_client: httpx.AsyncClient | None = None,
                 strict_response_validation: bool = False, _strict_response_validation: bool = False,
                 validate_requests: bool = False, websocket_base_url: str | httpx.URL | None = None,
                 _enforce_credentials: bool = True, **unsupported: Any) -> None:  # fmt: skip
        _workload_identity(unsupported.pop("workload_identity", None))
        accept_known_extras(unsupported, type(self).__name__)
        self._azure = _AzureConfig(azure_endpoint=azure_endpoint, azure_deployment=azure_deployment,
                                   api_version=api_version, api_key=api_key, azure_ad_token=azure_ad_token,
                                   azure_ad_token_provider=azure_ad_token_provider, base_url=base_url,
                                   enforce_credentials=_enforce_credentials)  # fmt: skip
        super(AsyncOpenAI, self).__init__(
            api_key=self._azure.azure_api_key or "", base_url=self._azure.base_url,
            organization=organization if organization is not None else _env("OPENAI_ORG_ID"),
            project=project if project is not None else _env("OPENAI_PROJECT_ID"),
            timeout=timeout, max_retries=max_retries,
            default_headers=with_environment_headers(default_headers),
            default_query=default_query,
            strict_response_validation=strict_response_validation or _strict_response_validation,
            validate_requests=validate_requests,
        )  # fmt: skip
        self._set_openai_options(admin_api_key, webhook_secret, websocket_base_url)
        self._init_http(http_client)
