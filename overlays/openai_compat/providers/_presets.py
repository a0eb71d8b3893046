"""Presets for the OpenAI-compatible servers people point this client at.

Each preset knows its server's default base URL, the variable its key is read from, where the
server puts reasoning text, and the request quirks its documentation states. A quirk never
changes a request: a parameter the caller passed is always sent; when the server is documented
to reject or ignore it, a `ProviderQuirkWarning` says so (with the source) before the call.
Every fact below cites where it is documented; "(third-party)" marks facts only found in other
projects' documentation or issue trackers, not the server's own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._exceptions import OpenAIError
from ._core import Provider, ProviderRuntime, warn_quirk

if TYPE_CHECKING:
    from .._request import PreparedRequest

__all__ = ["PRESETS", "Preset", "Quirk"]

Body = Mapping[str, Any]


@dataclass(frozen=True)
class Quirk:
    """A documented behaviour of a server for one request parameter."""

    parameter: str
    behaviour: str  # what the server does with it, as documented ("rejects it with a 400")
    source: str  # where it is documented
    applies: Callable[[Body], bool]  # whether this request body triggers it


@dataclass(frozen=True)
class Preset:
    """What is known about one server (see `PRESETS`)."""

    name: str
    base_url: str
    key_env: str | None  # where the API key is read from when `api_key` is not passed
    key_required: bool  # hosted services: a missing key is an error before any request
    reasoning_fields: tuple[str, ...]  # message / delta fields holding reasoning text
    docs: str
    quirks: tuple[Quirk, ...] = ()
    base_url_env: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


def _present(name: str) -> Callable[[Body], bool]:
    return lambda body: name in body


def _model_matches(pattern: str, name: str) -> Callable[[Body], bool]:
    compiled = re.compile(pattern)

    def applies(body: Body) -> bool:
        model = body.get("model")
        return name in body and isinstance(model, str) and compiled.search(model) is not None

    return applies


def _message_field(name: str) -> Callable[[Body], bool]:
    def applies(body: Body) -> bool:
        messages = body.get("messages")
        return isinstance(messages, list) and any(
            isinstance(m, Mapping) and name in m for m in messages
        )

    return applies


_GROQ = "https://console.groq.com/docs/openai"
_DEEPSEEK = "https://api-docs.deepseek.com/guides/reasoning_model"
_XAI = "https://docs.x.ai/docs/guides/reasoning"
_VLLM = "https://docs.vllm.ai/en/v0.7.2/serving/openai_compatible_server.html"
# deepseek-reasoner (DeepSeek's reasoning model); xAI: the reasoning Grok models, not the
# "-non-reasoning" variants.
_DEEPSEEK_REASONER = r"^deepseek-reasoner"
_GROK_REASONING = r"^grok-(?:3-mini|4|code)(?!.*non-reasoning)"

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            # Attribution headers HTTP-Referer / X-Title: https://openrouter.ai/docs/app-attribution
            # Reasoning in `message.reasoning`: https://openrouter.ai/docs/use-cases/reasoning-tokens
            "openrouter",
            "https://openrouter.ai/api/v1",
            "OPENROUTER_API_KEY",
            True,
            ("reasoning",),
            "https://openrouter.ai/docs/quickstart",
        ),
        Preset(
            # Base URL, GROQ_API_KEY and the 400s below: https://console.groq.com/docs/openai
            # Reasoning (reasoning_format="parsed") in `message.reasoning`: Groq's SDK
            # `reasoning_format` parameter (third-party: langchain's Groq translator).
            "groq",
            "https://api.groq.com/openai/v1",
            "GROQ_API_KEY",
            True,
            ("reasoning",),
            _GROQ,
            quirks=(
                Quirk("logprobs", "rejects it with a 400 error", _GROQ, _present("logprobs")),
                Quirk("logit_bias", "rejects it with a 400 error", _GROQ, _present("logit_bias")),
                Quirk(
                    "top_logprobs", "rejects it with a 400 error", _GROQ, _present("top_logprobs")
                ),
                Quirk(
                    "messages[].name", "rejects it with a 400 error", _GROQ, _message_field("name")
                ),
                Quirk(
                    "n",
                    "rejects any value but 1 with a 400 error",
                    _GROQ,
                    lambda body: body.get("n", 1) not in (1, None),
                ),
            ),
        ),
        Preset(
            # Base URL and `reasoning_content`: https://api-docs.deepseek.com/guides/reasoning_model
            "deepseek",
            "https://api.deepseek.com/v1",
            "DEEPSEEK_API_KEY",
            True,
            ("reasoning_content",),
            "https://api-docs.deepseek.com/",
            quirks=(
                *(
                    Quirk(
                        name,
                        "ignores it for deepseek-reasoner (accepted, no effect)",
                        _DEEPSEEK,
                        _model_matches(_DEEPSEEK_REASONER, name),
                    )
                    for name in ("temperature", "top_p", "presence_penalty", "frequency_penalty")
                ),
                *(
                    Quirk(
                        name,
                        "rejects it for deepseek-reasoner with an error",
                        _DEEPSEEK,
                        _model_matches(_DEEPSEEK_REASONER, name),
                    )
                    for name in ("logprobs", "top_logprobs")
                ),
                Quirk(
                    "messages[].reasoning_content",
                    "answers 400 when an input message carries it (drop it from history)",
                    _DEEPSEEK,
                    _message_field("reasoning_content"),
                ),
            ),
        ),
        Preset(
            # Base URL, TOGETHER_API_KEY: https://docs.together.ai/docs/inference/openai-compatibility
            "together",
            "https://api.together.xyz/v1",
            "TOGETHER_API_KEY",
            True,
            ("reasoning", "reasoning_content"),
            "https://docs.together.ai/docs/inference/openai-compatibility",
        ),
        Preset(
            # Base URL, MISTRAL_API_KEY: https://docs.mistral.ai/api/ (Mistral's own SDKs read it)
            "mistral",
            "https://api.mistral.ai/v1",
            "MISTRAL_API_KEY",
            True,
            ("reasoning_content",),
            "https://docs.mistral.ai/api/",
        ),
        Preset(
            # Base URL, FIREWORKS_API_KEY: https://docs.fireworks.ai/tools-sdks/openai-compatibility
            # `reasoning_content` on reasoning models (third-party: Bifrost's Fireworks page).
            "fireworks",
            "https://api.fireworks.ai/inference/v1",
            "FIREWORKS_API_KEY",
            True,
            ("reasoning_content",),
            "https://docs.fireworks.ai/tools-sdks/openai-compatibility",
        ),
        Preset(
            # Reasoning models reject presence/frequency penalties and stop; only grok-3-mini
            # returns `reasoning_content`: https://docs.x.ai/docs/guides/reasoning
            "xai",
            "https://api.x.ai/v1",
            "XAI_API_KEY",
            True,
            ("reasoning_content",),
            _XAI,
            quirks=tuple(
                Quirk(
                    name,
                    "rejects it for reasoning models with an error",
                    _XAI,
                    _model_matches(_GROK_REASONING, name),
                )
                for name in ("presence_penalty", "frequency_penalty", "stop")
            ),
        ),
        Preset(
            # http://localhost:11434/v1, key "required but ignored" locally; OLLAMA_API_KEY for
            # ollama.com: https://docs.ollama.com/api/openai-compatibility
            # Reasoning in `reasoning` (third-party: ollama users' issue reports, e.g.
            # github.com/anomalyco/opencode/issues/46061).
            "ollama",
            "http://localhost:11434/v1",
            "OLLAMA_API_KEY",
            False,
            ("reasoning",),
            "https://docs.ollama.com/api/openai-compatibility",
        ),
        Preset(
            # http://localhost:8000/v1, --api-key / VLLM_API_KEY, `user` and
            # `parallel_tool_calls` ignored: https://docs.vllm.ai (OpenAI-compatible server)
            # Reasoning parsers fill `reasoning_content` (newer releases also `reasoning`).
            "vllm",
            "http://localhost:8000/v1",
            "VLLM_API_KEY",
            False,
            ("reasoning_content", "reasoning"),
            _VLLM,
            quirks=tuple(
                Quirk(name, "ignores it", _VLLM, _present(name))
                for name in ("user", "parallel_tool_calls")
            ),
        ),
        Preset(
            # llama-server listens on 127.0.0.1:8080, --api-key (env LLAMA_API_KEY);
            # `--reasoning-format deepseek` puts reasoning in `reasoning_content`:
            # https://github.com/ggml-org/llama.cpp/tree/master/tools/server
            "llamacpp",
            "http://localhost:8080/v1",
            "LLAMA_API_KEY",
            False,
            ("reasoning_content",),
            "https://github.com/ggml-org/llama.cpp/tree/master/tools/server",
        ),
        Preset(
            # http://localhost:1234/v1, no key: https://lmstudio.ai/docs/developer/core/server
            "lmstudio",
            "http://localhost:1234/v1",
            "LM_API_TOKEN",
            False,
            ("reasoning_content", "reasoning"),
            "https://lmstudio.ai/docs/app/api/endpoints/openai",
        ),
        Preset(
            # The proxy on port 4000 with its master/virtual key (LITELLM_API_KEY in clients);
            # it returns reasoning as `reasoning_content`: https://docs.litellm.ai/docs/simple_proxy
            "litellm",
            "http://localhost:4000",
            "LITELLM_API_KEY",
            False,
            ("reasoning_content",),
            "https://docs.litellm.ai/docs/simple_proxy",
        ),
    )
}


def _checker(preset: Preset) -> Callable[[PreparedRequest], None] | None:
    if not preset.quirks:
        return None

    def check(prepared: PreparedRequest) -> None:
        body = prepared.body
        if not isinstance(body, Mapping):
            return
        for quirk in preset.quirks:
            if quirk.applies(body):
                warn_quirk(
                    f"{preset.name}: `{quirk.parameter}` - the server {quirk.behaviour} "
                    f"(documented at {quirk.source}). It is sent as given."
                )

    return check


def make_preset(
    name: str,
    *,
    api_key: Any = None,
    base_url: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Provider:
    """A `Provider` for the preset `name`; `api_key` (str or callable) defaults to the preset's
    variable, `base_url` to its documented URL, `headers` are added to every request."""
    preset = PRESETS[name]
    if api_key is not None and not isinstance(api_key, str) and not callable(api_key):
        raise OpenAIError(
            f"{name}(api_key=...) must be a str or a callable returning one, got {type(api_key).__name__}"
        )
    if api_key is None and preset.key_env is not None:
        api_key = os.environ.get(preset.key_env) or None
    if api_key is None and preset.key_required:
        raise OpenAIError(
            f"{name}: missing API key. Pass `{name}(api_key=...)` or set the "
            f"{preset.key_env} environment variable."
        )
    url = base_url or (os.environ.get(preset.base_url_env) if preset.base_url_env else None)
    extra = {**preset.headers, **(headers or {})}

    def configure() -> ProviderRuntime:
        return ProviderRuntime(
            name=name,
            base_url=url or preset.base_url,
            api_key=api_key,
            headers=extra,
            check=_checker(preset),
            reasoning_fields=preset.reasoning_fields,
        )

    return Provider(name, configure)
