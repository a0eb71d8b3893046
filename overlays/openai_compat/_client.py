"""`OpenAI` and `AsyncOpenAI`: the clients of the OpenAI API and of OpenAI-compatible servers.

Constructor arguments and environment variables are openai-python's. The resources
(`client.chat`, `client.files`, ...) come from the generated `Resources` classes and are built
on first use, so creating a client imports no resource module and no model.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from . import _helpers
    from .providers import Provider

from ._base_client import ApiKey, AsyncApiKey, _env, accept_known_extras
from ._constants import DEFAULT_MAX_RETRIES
from ._exceptions import OpenAIError
from ._generated.openai.resources import AsyncResources, Resources
from ._realtime._attach import AsyncWebSocketResources, WebSocketResources
from ._runtime import NOT_GIVEN, NotGiven
from ._shells import AsyncAPIClient, SyncAPIClient
from ._verbs import AsyncVerbs, SyncVerbs

__all__ = ["AsyncOpenAI", "OpenAI"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_MISSING_KEY = (
    "The api_key client option must be set either by passing api_key to the client "
    "or by setting the OPENAI_API_KEY environment variable"
)


def _resolve_common(
    api_key: Any, base_url: str | httpx.URL | None, organization: str | None, project: str | None
) -> dict[str, Any]:
    api_key = api_key if api_key is not None else _env("OPENAI_API_KEY")
    if api_key is None:
        raise OpenAIError(_MISSING_KEY)
    if not isinstance(api_key, str) and not callable(api_key):
        raise OpenAIError(
            f"api_key must be a str or a callable returning one, got {type(api_key).__name__}"
        )
    return {
        "api_key": api_key,
        "base_url": base_url or _env("OPENAI_BASE_URL") or DEFAULT_BASE_URL,
        "organization": organization if organization is not None else _env("OPENAI_ORG_ID"),
        "project": project if project is not None else _env("OPENAI_PROJECT_ID"),
    }


def _settings(provider: Provider | None, api_key: Any, base_url: str | httpx.URL | None,
              organization: str | None, project: str | None,
              default_headers: Mapping[str, str] | None) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    """The client settings, from the arguments and environment, or from `provider=`."""
    if provider is None:
        common = _resolve_common(api_key, base_url, organization, project)
        return None, {**common, "default_headers": default_headers}
    from .providers._attach import provider_settings

    return provider_settings(
        provider, api_key=api_key, base_url=base_url, organization=organization,
        project=project, default_headers=default_headers,
    )  # fmt: skip


def _attach(client: Any, provider: Any, runtime: Any) -> None:
    from .providers._attach import attach_provider

    attach_provider(client, provider, runtime)


class _OpenAIOptions:
    """`with_options` / `copy` for both OpenAI clients: a copy sharing the connection pool."""

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
    websocket_base_url: str | httpx.URL | None

    _provider: Any = None
    _provider_runtime: Any

    def with_options(self, **overrides: Any) -> Any:
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
            "websocket_base_url": self.websocket_base_url,
        }
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


class OpenAI(_OpenAIOptions, WebSocketResources, Resources, SyncVerbs, SyncAPIClient):
    """A synchronous client: `OpenAI(api_key=..., base_url=...)`."""

    @cached_property
    def chat(self) -> _helpers.Chat:
        from . import _helpers

        return _helpers.Chat(self)

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
        **unsupported: Any,
    ) -> None:
        accept_known_extras(unsupported)
        # Where realtime/responses connect() open their WebSocket (default: base_url, ws/wss).
        self.websocket_base_url = unsupported.get("websocket_base_url")
        runtime, common = _settings(
            provider, api_key, base_url, organization, project, default_headers
        )
        super().__init__(
            **common,
            timeout=timeout,
            max_retries=max_retries,
            default_query=default_query,
            strict_response_validation=strict_response_validation or _strict_response_validation,
        )
        self._init_http(http_client)
        if runtime is not None:
            _attach(self, provider, runtime)


class AsyncOpenAI(
    _OpenAIOptions, AsyncWebSocketResources, AsyncResources, AsyncVerbs, AsyncAPIClient
):
    """An asynchronous client: `AsyncOpenAI(api_key=..., base_url=...)`."""

    @cached_property
    def chat(self) -> _helpers.AsyncChat:
        from . import _helpers

        return _helpers.AsyncChat(self)

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
        **unsupported: Any,
    ) -> None:
        accept_known_extras(unsupported)
        # Where realtime/responses connect() open their WebSocket (default: base_url, ws/wss).
        self.websocket_base_url = unsupported.get("websocket_base_url")
        runtime, common = _settings(
            provider, api_key, base_url, organization, project, default_headers
        )
        super().__init__(
            **common,
            timeout=timeout,
            max_retries=max_retries,
            default_query=default_query,
            strict_response_validation=strict_response_validation or _strict_response_validation,
        )
        self._init_http(http_client)
        if runtime is not None:
            _attach(self, provider, runtime)
