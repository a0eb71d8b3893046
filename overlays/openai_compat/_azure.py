"""`AzureOpenAI` and `AsyncAzureOpenAI`: OpenAI's API as Azure OpenAI serves it.

What differs from `OpenAI`, as in openai-python:
- the endpoint: `azure_endpoint` (or AZURE_OPENAI_ENDPOINT) + `/openai`, and every request
  carries `api-version` (`api_version` or OPENAI_API_VERSION);
- credentials: an `api-key` header (`api_key` or AZURE_OPENAI_API_KEY), or a bearer token
  (`azure_ad_token`, AZURE_OPENAI_AD_TOKEN, or `azure_ad_token_provider`, called before every
  attempt); exactly one kind may be given;
- routing: deployment-based operations (chat, completions, embeddings, audio, images) go to
  `/deployments/{deployment}/...`, where the deployment is `azure_deployment` or, when the client
  has none, the request's `model`.
Resources come from the Azure spec where it defines them (so Azure-only fields such as
`data_sources` are typed parameters) and from the OpenAI spec everywhere else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

    from . import _azure_resources, _helpers

from . import _logging
from ._base_client import _env, accept_known_extras
from ._constants import DEFAULT_MAX_RETRIES
from ._exceptions import InvalidArgumentError, OpenAIError
from ._generated.azure.resources import AsyncResources, Resources
from ._realtime._attach import AsyncWebSocketResources, WebSocketResources
from ._request import PreparedRequest
from ._runtime import NOT_GIVEN, NotGiven
from ._shells import AsyncAPIClient, SyncAPIClient
from ._verbs import AsyncVerbs, SyncVerbs

__all__ = ["AsyncAzureOpenAI", "AzureOpenAI"]

# OpenAI-spec paths that Azure serves under /deployments/{deployment}.
DEPLOYMENT_PATHS = frozenset(
    {
        "/chat/completions", "/completions", "/embeddings", "/audio/transcriptions",
        "/audio/translations", "/audio/speech", "/images/generations", "/images/edits",
        "/images/variations",
    }
)  # fmt: skip

TokenProvider = Callable[[], str]
AsyncTokenProvider = Callable[[], "str | Awaitable[str]"]


class _AzureConfig:
    """The Azure settings shared by the sync and async clients (no I/O)."""

    def __init__(self, *, azure_endpoint: str | None, azure_deployment: str | None, api_version: str | None,
                 api_key: str | None, azure_ad_token: str | None, azure_ad_token_provider: Any,
                 base_url: str | httpx.URL | None) -> None:  # fmt: skip
        given = [n for n, v in (("api_key", api_key), ("azure_ad_token", azure_ad_token),
                                ("azure_ad_token_provider", azure_ad_token_provider)) if v is not None]  # fmt: skip
        if len(given) > 1:
            raise OpenAIError(
                f"give only one of api_key, azure_ad_token, azure_ad_token_provider; got {', '.join(given)}"
            )
        if not given:
            api_key, azure_ad_token = _env("AZURE_OPENAI_API_KEY"), _env("AZURE_OPENAI_AD_TOKEN")
        if api_key is None and azure_ad_token is None and azure_ad_token_provider is None:
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
            if secret:
                _logging.register_secret(secret)
        self.base_url = base_url
        self.api_version = api_version
        self.azure_deployment = azure_deployment
        self.azure_api_key = api_key
        self.azure_ad_token = azure_ad_token
        self.token_provider = azure_ad_token_provider

    def route(self, prepared: PreparedRequest) -> PreparedRequest:
        """Add `/deployments/{deployment}` to deployment-based operations, and `api-version`."""
        op = prepared.op
        prepared.params.setdefault("api-version", self.api_version)
        if op.deployment_routed or prepared.path in DEPLOYMENT_PATHS:
            deployment = self.azure_deployment or (prepared.body or {}).get("model")
            if not isinstance(deployment, str) or not deployment:
                raise InvalidArgumentError(
                    f"{op.client_method}(): Azure needs a deployment: pass azure_deployment= to the "
                    "client or model= to the call",
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
        if not secret:
            return {}
        if self.token_provider is not None or self.azure_ad_token is not None:
            return {"Authorization": f"Bearer {secret}"}
        return {"api-key": secret}


def _options(client: Any) -> dict[str, Any]:
    azure: _AzureConfig = client._azure
    return {
        "api_version": azure.api_version,
        "azure_deployment": azure.azure_deployment,
        "api_key": azure.azure_api_key,
        "azure_ad_token": azure.azure_ad_token if azure.token_provider is None else None,
        "azure_ad_token_provider": azure.token_provider,
        "base_url": azure.base_url,
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
    }


def _workload_identity(identity: Any) -> None:
    """openai-python's Azure clients take `workload_identity=` and do not use it (Azure
    authenticates with its key or Entra ID token); an X.509 identity is refused."""
    if isinstance(identity, Mapping) and identity.get("type") == "x509":
        raise OpenAIError("X.509 workload identity is not supported by Azure clients")


class _AzureClient:
    """What both Azure clients add to their OpenAI shells: routing and credentials."""

    _azure: _AzureConfig
    websocket_base_url: str | httpx.URL | None
    _operation_specs: tuple[str, ...] = ("azure", "openai")

    def _prepare(self, prepared: PreparedRequest) -> PreparedRequest:
        return self._azure.route(prepared)

    def _credential_source(self) -> Any:
        return self._azure.credential_source()

    def _credential_headers(self, secret: str) -> dict[str, str]:
        return self._azure.credential_headers(secret)

    def with_options(self, **overrides: Any) -> Self:
        """A copy of this client with some options changed; it shares the HTTP connection pool."""
        options = _options(self)
        options.update(overrides)
        return type(self)(**options)

    copy = with_options

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={str(self._azure.base_url)!r}, "
            f"api_version={self._azure.api_version!r}, credentials=<redacted>)"
        )


class AzureOpenAI(_AzureClient, WebSocketResources, Resources, SyncVerbs, SyncAPIClient):
    """A synchronous Azure OpenAI client."""

    @cached_property
    def chat(self) -> _helpers.AzureChat:
        from . import _helpers

        return _helpers.AzureChat(self)

    @cached_property
    def completions(self) -> _azure_resources.AzureCompletions:
        from . import _azure_resources

        return _azure_resources.AzureCompletions(self)

    @cached_property
    def embeddings(self) -> _azure_resources.AzureEmbeddings:
        from . import _azure_resources

        return _azure_resources.AzureEmbeddings(self)

    @cached_property
    def audio(self) -> _azure_resources.AzureAudio:
        from . import _azure_resources

        return _azure_resources.AzureAudio(self)

    @cached_property
    def images(self) -> _azure_resources.AzureImages:
        from . import _azure_resources

        return _azure_resources.AzureImages(self)

    def __init__(self, *, api_version: str | None = None, azure_endpoint: str | None = None,
                 azure_deployment: str | None = None, api_key: str | None = None,
                 azure_ad_token: str | None = None, azure_ad_token_provider: TokenProvider | None = None,
                 organization: str | None = None, project: str | None = None,
                 base_url: str | httpx.URL | None = None,
                 timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
                 max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Mapping[str, str] | None = None,
                 default_query: Mapping[str, object] | None = None, http_client: httpx.Client | None = None,
                 strict_response_validation: bool = False, _strict_response_validation: bool = False,
                 validate_requests: bool = False, websocket_base_url: str | httpx.URL | None = None,
                 **unsupported: Any) -> None:  # fmt: skip
        _workload_identity(unsupported.pop("workload_identity", None))
        accept_known_extras(unsupported, type(self).__name__)
        # Where realtime/responses connect() open their WebSocket (default: base_url, ws/wss).
        self.websocket_base_url = websocket_base_url
        strict_response_validation = strict_response_validation or _strict_response_validation
        self._azure = _AzureConfig(azure_endpoint=azure_endpoint, azure_deployment=azure_deployment,
                                   api_version=api_version, api_key=api_key, azure_ad_token=azure_ad_token,
                                   azure_ad_token_provider=azure_ad_token_provider, base_url=base_url)  # fmt: skip
        super().__init__(api_key=api_key or "", base_url=self._azure.base_url, organization=organization,
                         project=project, timeout=timeout, max_retries=max_retries, default_headers=default_headers,
                         default_query=default_query, strict_response_validation=strict_response_validation,
                         validate_requests=validate_requests)  # fmt: skip
        self._init_http(http_client)


class AsyncAzureOpenAI(
    _AzureClient, AsyncWebSocketResources, AsyncResources, AsyncVerbs, AsyncAPIClient
):
    """An asynchronous Azure OpenAI client (the token provider may be async)."""

    @cached_property
    def chat(self) -> _helpers.AsyncAzureChat:
        from . import _helpers

        return _helpers.AsyncAzureChat(self)

    @cached_property
    def completions(self) -> _azure_resources.AsyncAzureCompletions:
        from . import _azure_resources

        return _azure_resources.AsyncAzureCompletions(self)

    @cached_property
    def embeddings(self) -> _azure_resources.AsyncAzureEmbeddings:
        from . import _azure_resources

        return _azure_resources.AsyncAzureEmbeddings(self)

    @cached_property
    def audio(self) -> _azure_resources.AsyncAzureAudio:
        from . import _azure_resources

        return _azure_resources.AsyncAzureAudio(self)

    @cached_property
    def images(self) -> _azure_resources.AsyncAzureImages:
        from . import _azure_resources

        return _azure_resources.AsyncAzureImages(self)

    def __init__(self, *, api_version: str | None = None, azure_endpoint: str | None = None,
                 azure_deployment: str | None = None, api_key: str | None = None,
                 azure_ad_token: str | None = None, azure_ad_token_provider: AsyncTokenProvider | None = None,
                 organization: str | None = None, project: str | None = None,
                 base_url: str | httpx.URL | None = None,
                 timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
                 max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Mapping[str, str] | None = None,
                 default_query: Mapping[str, object] | None = None, http_client: httpx.AsyncClient | None = None,
                 strict_response_validation: bool = False, _strict_response_validation: bool = False,
                 validate_requests: bool = False, websocket_base_url: str | httpx.URL | None = None,
                 **unsupported: Any) -> None:  # fmt: skip
        _workload_identity(unsupported.pop("workload_identity", None))
        accept_known_extras(unsupported, type(self).__name__)
        # Where realtime/responses connect() open their WebSocket (default: base_url, ws/wss).
        self.websocket_base_url = websocket_base_url
        strict_response_validation = strict_response_validation or _strict_response_validation
        self._azure = _AzureConfig(azure_endpoint=azure_endpoint, azure_deployment=azure_deployment,
                                   api_version=api_version, api_key=api_key, azure_ad_token=azure_ad_token,
                                   azure_ad_token_provider=azure_ad_token_provider, base_url=base_url)  # fmt: skip
        super().__init__(api_key=api_key or "", base_url=self._azure.base_url, organization=organization,
                         project=project, timeout=timeout, max_retries=max_retries, default_headers=default_headers,
                         default_query=default_query, strict_response_validation=strict_response_validation,
                         validate_requests=validate_requests)  # fmt: skip
        self._init_http(http_client)
