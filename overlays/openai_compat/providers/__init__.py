"""Providers for `OpenAI(provider=...)`: Amazon Bedrock and Google Vertex as openai-python 3.54
configures them, and presets for the OpenAI-compatible servers.

    from openai_compat import OpenAI
    from openai_compat.providers import bedrock, groq

    client = OpenAI(provider=bedrock(region="us-east-1"))     # SigV4 or a Bedrock API key
    client = OpenAI(provider=groq())                          # GROQ_API_KEY, Groq's URL

A provider owns the credential and the base URL, so `api_key=` / `base_url=` go to the factory,
not to the client. SigV4 needs `openai-compat[bedrock]` (botocore); Google credentials need
`openai-compat[vertex]` (google-auth); both are imported only when first used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._bedrock import BedrockEndpoint, BedrockTokenProvider, bedrock
from ._core import Provider, ProviderQuirkWarning, ProviderRuntime
from ._presets import PRESETS, Preset, Quirk, make_preset
from ._sigv4 import AwsCredentialsProvider
from ._vertex import VertexTokenProvider, vertex

__all__ = [
    "PRESETS",
    "AwsCredentialsProvider",
    "BedrockEndpoint",
    "BedrockTokenProvider",
    "Preset",
    "Provider",
    "ProviderQuirkWarning",
    "ProviderRuntime",
    "Quirk",
    "VertexTokenProvider",
    "bedrock",
    "deepseek",
    "fireworks",
    "groq",
    "litellm",
    "llamacpp",
    "lmstudio",
    "mistral",
    "ollama",
    "openrouter",
    "reasoning_text",
    "together",
    "vertex",
    "vllm",
    "xai",
]

Headers = Mapping[str, str]


def openrouter(*, api_key: Any = None, base_url: str | None = None, app_url: str | None = None,
               app_title: str | None = None, headers: Headers | None = None) -> Provider:  # fmt: skip
    """OpenRouter (OPENROUTER_API_KEY). `app_url` / `app_title` are sent as OpenRouter's app
    attribution headers `HTTP-Referer` / `X-Title`; `headers` win over both."""
    attribution = {k: v for k, v in (("HTTP-Referer", app_url), ("X-Title", app_title)) if v}
    return make_preset("openrouter", api_key=api_key, base_url=base_url,
                       headers={**attribution, **(headers or {})})  # fmt: skip


def groq(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """Groq (GROQ_API_KEY)."""
    return make_preset("groq", api_key=api_key, base_url=base_url, headers=headers)


def deepseek(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """DeepSeek (DEEPSEEK_API_KEY)."""
    return make_preset("deepseek", api_key=api_key, base_url=base_url, headers=headers)


def together(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """Together AI (TOGETHER_API_KEY)."""
    return make_preset("together", api_key=api_key, base_url=base_url, headers=headers)


def mistral(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """Mistral AI (MISTRAL_API_KEY)."""
    return make_preset("mistral", api_key=api_key, base_url=base_url, headers=headers)


def fireworks(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """Fireworks AI (FIREWORKS_API_KEY)."""
    return make_preset("fireworks", api_key=api_key, base_url=base_url, headers=headers)


def xai(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """xAI (XAI_API_KEY)."""
    return make_preset("xai", api_key=api_key, base_url=base_url, headers=headers)


def ollama(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """A local Ollama server (no key; OLLAMA_API_KEY when set, for ollama.com)."""
    return make_preset("ollama", api_key=api_key, base_url=base_url, headers=headers)


def vllm(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """A vLLM server (the key of its --api-key, or VLLM_API_KEY)."""
    return make_preset("vllm", api_key=api_key, base_url=base_url, headers=headers)


def llamacpp(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """A llama.cpp `llama-server` (the key of its --api-key, or LLAMA_API_KEY)."""
    return make_preset("llamacpp", api_key=api_key, base_url=base_url, headers=headers)


def lmstudio(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """LM Studio's local server (no key unless LM_API_TOKEN is set)."""
    return make_preset("lmstudio", api_key=api_key, base_url=base_url, headers=headers)


def litellm(
    *, api_key: Any = None, base_url: str | None = None, headers: Headers | None = None
) -> Provider:
    """A LiteLLM proxy (its master or virtual key, or LITELLM_API_KEY)."""
    return make_preset("litellm", api_key=api_key, base_url=base_url, headers=headers)


_REASONING_FIELDS = ("reasoning_content", "reasoning")


def reasoning_text(message: Any, *, client: Any = None) -> str | None:
    """The reasoning text of a chat message or stream delta, from the field its server uses
    (the preset's of `client` first, then `reasoning_content` and `reasoning`); None when the
    server sent none."""
    runtime = getattr(client, "_provider_runtime", None) if client is not None else None
    fields = (*getattr(runtime, "reasoning_fields", ()), *_REASONING_FIELDS)
    for name in dict.fromkeys(fields):
        value = message.get(name) if isinstance(message, Mapping) else getattr(message, name, None)
        if isinstance(value, str):
            return value
    return None
