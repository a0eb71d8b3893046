"""How `OpenAI(provider=...)` takes a provider: the only code the clients call (kept here so the
client modules change by a few lines)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .._exceptions import OpenAIError
from ._core import Provider, ProviderRuntime

__all__ = ["attach_provider", "copy_options", "provider_settings"]


def provider_settings(
    provider: object, *, api_key: Any, base_url: str | httpx.URL | None,
    organization: str | None, project: str | None, default_headers: Mapping[str, str] | None,
) -> tuple[ProviderRuntime, dict[str, Any]]:  # fmt: skip
    """The provider's runtime and the client settings it implies. As in openai-python, the
    provider owns authentication and routing: `api_key`/`base_url` beside it are refused, and
    OPENAI_* variables are not read; `organization`/`project` are sent only when passed."""
    if not isinstance(provider, Provider):
        raise OpenAIError(
            "Invalid provider. Providers must be created by an openai_compat.providers factory, "
            f"got {type(provider).__name__}."
        )
    conflicts = [name for name, value in (("api_key", api_key), ("base_url", base_url))
                 if value is not None]  # fmt: skip
    if conflicts:
        formatted = ", ".join(f"`{name}`" for name in conflicts)
        raise OpenAIError(
            f"`provider` cannot be combined with top-level {formatted}. Move provider "
            f"authentication and routing options into `{provider.name}(...)`."
        )
    runtime = provider.configure()
    # The caller's default_headers win over the ones the provider documents.
    headers = {**runtime.headers, **(default_headers or {})}
    return runtime, {
        "api_key": runtime.api_key if runtime.api_key is not None else "",
        "base_url": runtime.base_url,
        "organization": organization,
        "project": project,
        "default_headers": headers,
    }


def attach_provider(client: Any, provider: Provider, runtime: ProviderRuntime) -> None:
    client._provider = provider
    client._provider_runtime = runtime
    # The provider authenticates (a bearer token, a signature added per attempt, or nothing for
    # a local server): the OpenAI clients' "no Authorization header" refusal does not apply.
    client._bearer_required = False
    if not runtime.follow_redirects:
        client._follow_redirects = False


def copy_options(client: Any, options: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    """`with_options()` of a client with (or switching to) a provider: the provider owns the
    key and the URL, so the copy configures its own runtime from it; `provider=None` goes back
    to a key and URL of its own (the overrides, or the environment)."""
    provider = overrides.get("provider", client._provider)
    del options["api_key"], options["base_url"]
    if provider is not None:
        options["provider"] = provider
    else:  # the provider's own default headers leave with it
        provided = client._provider_runtime.headers
        options["default_headers"] = {
            k: v for k, v in client._custom_headers.items() if k not in provided
        }
