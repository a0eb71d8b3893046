"""`BedrockOpenAI` / `AsyncBedrockOpenAI`: openai-python's Bedrock clients (constructor arguments
`aws_region`, `aws_profile`, `bedrock_token_provider`...), built on `provider=bedrock(...)`.

Differences from `bedrock()` kept from openai-python: `api_key` must be a str (a refreshable
credential goes in `bedrock_token_provider`); `base_url=None` reads AWS_BEDROCK_BASE_URL and
`base_url=""` asks for the region's default URL; a non-AWS `base_url` is a Mantle endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .._client import AsyncOpenAI, OpenAI
from .._constants import DEFAULT_MAX_RETRIES
from .._exceptions import OpenAIError
from .._runtime import NOT_GIVEN, NotGiven
from ._bedrock import BedrockEndpoint, bedrock, normalize_base_url, parse_bedrock_host
from ._core import Provider

__all__ = ["AsyncBedrockOpenAI", "BedrockOpenAI"]

_AMBIGUOUS = (
    "Bedrock authentication is ambiguous. Configure exactly one explicit mode: bearer credential, "
    "static AWS credentials, profile, or credential provider."
)
_AWS_OPTIONS = ("aws_profile", "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                "aws_credentials_provider")  # fmt: skip
_OWN_OPTIONS = ("api_key", "bedrock_token_provider", "aws_region", *_AWS_OPTIONS, "base_url")


def _legacy_provider(options: Mapping[str, Any]) -> tuple[Provider, str]:
    """The `bedrock()` provider for BedrockOpenAI's arguments, and the key `api_key` shows."""
    import os

    api_key, token_provider = options.get("api_key"), options.get("bedrock_token_provider")
    if api_key is not None and not isinstance(api_key, str):
        raise OpenAIError(
            "Pass refreshable Bedrock credentials via `bedrock_token_provider`, not `api_key`."
        )
    if api_key == "":
        raise OpenAIError("The `api_key` argument must not be empty.")
    explicit_aws = any(options.get(name) is not None for name in _AWS_OPTIONS)
    if api_key is not None and token_provider is not None:
        raise OpenAIError(_AMBIGUOUS)
    if (api_key is not None or token_provider is not None) and explicit_aws:
        raise OpenAIError(_AMBIGUOUS)
    env_token = os.environ.get("AWS_BEARER_TOKEN_BEDROCK")
    env_bearer = api_key is None and token_provider is None and not explicit_aws and bool(env_token)

    base_url = options.get("base_url")
    given_url: str | httpx.URL | NotGiven | None
    if isinstance(base_url, str) and not base_url.strip():
        given_url = None  # the region's default URL
    elif base_url is None:
        given_url = NOT_GIVEN  # AWS_BEDROCK_BASE_URL, else the region's default URL
    else:
        given_url = base_url
    configured = (
        os.environ.get("AWS_BEDROCK_BASE_URL") if isinstance(given_url, NotGiven) else given_url
    )
    # A URL that is not an AWS Bedrock hostname is a Mantle-compatible endpoint.
    endpoint: BedrockEndpoint | None = None
    configured_text = str(configured or "").strip()
    if configured_text and parse_bedrock_host(normalize_base_url(configured_text).host) is None:
        endpoint = "mantle"

    provider = bedrock(
        endpoint=endpoint,
        region=options.get("aws_region"),
        base_url=given_url,
        api_key=api_key if api_key is not None else (env_token if env_bearer else NOT_GIVEN),
        token_provider=token_provider,
        access_key_id=options.get("aws_access_key_id"),
        secret_access_key=options.get("aws_secret_access_key"),
        session_token=options.get("aws_session_token"),
        profile=options.get("aws_profile"),
        credential_provider=options.get("aws_credentials_provider"),
    )
    return provider, api_key or (env_token if env_bearer else "") or ""


class _BedrockClient:
    """What the sync and async Bedrock clients share."""

    _bedrock_options: dict[str, Any]
    _bedrock_key: str
    aws_region: str | None
    base_url: httpx.URL
    _provider_runtime: Any
    _http: Any

    def _setup(self, options: dict[str, Any], key: str) -> None:
        self._bedrock_options = options
        self._bedrock_key = key
        runtime_region = self._provider_runtime.region
        from_host = parse_bedrock_host(self.base_url.host)
        self.aws_region = (
            options.get("aws_region") or runtime_region or (from_host[1] if from_host else None)
        )

    @property
    def api_key(self) -> str:
        """The Bedrock bearer credential given (or from AWS_BEARER_TOKEN_BEDROCK); "" for SigV4."""
        return self._bedrock_key

    def with_options(self, **overrides: Any) -> Any:
        """A copy with some options changed; it shares the HTTP connection pool."""
        if "provider" in overrides:
            raise OpenAIError(
                f"Configure `provider` on `{type(self).__name__.replace('Bedrock', '')}`, not on "
                f"`{type(self).__name__}.with_options()`."
            )
        options = dict(self._bedrock_options)
        if any(name in overrides for name in ("api_key", "bedrock_token_provider", *_AWS_OPTIONS)):
            # A new credential replaces the old one whatever its kind.
            for name in ("api_key", "bedrock_token_provider", *_AWS_OPTIONS):
                options.pop(name, None)
        if options.get("http_client") is None:
            options["http_client"] = self._http  # the copy shares the connection pool
        options.update(overrides)
        return type(self)(**options)

    copy = with_options


def _split(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    own = {k: options[k] for k in _OWN_OPTIONS if k in options}
    rest = {k: v for k, v in options.items() if k not in _OWN_OPTIONS}
    return own, rest


class BedrockOpenAI(_BedrockClient, OpenAI):
    """`OpenAI` for Amazon Bedrock, with openai-python's `BedrockOpenAI` arguments."""

    def __init__(
        self, *, api_key: str | None = None, bedrock_token_provider: Any = None,
        aws_region: str | None = None, aws_profile: str | None = None,
        aws_access_key_id: str | None = None, aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None, aws_credentials_provider: Any = None,
        organization: str | None = None, project: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None, http_client: httpx.Client | None = None,
        **rest: Any,
    ) -> None:  # fmt: skip
        options = {k: v for k, v in locals().items() if k not in ("self", "rest", "__class__")}
        options.update(rest)
        own, other = _split(options)
        provider, key = _legacy_provider(own)
        OpenAI.__init__(self, provider=provider, **other)
        self._setup(options, key)


class AsyncBedrockOpenAI(_BedrockClient, AsyncOpenAI):
    """`AsyncOpenAI` for Amazon Bedrock (`bedrock_token_provider` may be async)."""

    def __init__(
        self, *, api_key: str | None = None, bedrock_token_provider: Any = None,
        aws_region: str | None = None, aws_profile: str | None = None,
        aws_access_key_id: str | None = None, aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None, aws_credentials_provider: Any = None,
        organization: str | None = None, project: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES, default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None, **rest: Any,
    ) -> None:  # fmt: skip
        options = {k: v for k, v in locals().items() if k not in ("self", "rest", "__class__")}
        options.update(rest)
        own, other = _split(options)
        provider, key = _legacy_provider(own)
        AsyncOpenAI.__init__(self, provider=provider, **other)
        self._setup(options, key)
