"""Hand-written methods on top of generated resources: `client.chat.completions.stream(...)`.

The generated classes are extended here (overlays import generated code, never the reverse) and
the clients expose the extended `chat` resource instead of the generated one.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ._accumulate import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
from ._azure_params import widened
from ._generated.azure.resources import chat as _azure_chat
from ._generated.openai.resources import chat as _openai_chat

__all__ = [
    "AsyncAzureChat",
    "AsyncChat",
    "AzureChat",
    "Chat",
]


# openai-python names the helper that made a request (servers and proxies may count them).
_HELPER_HEADER = {"X-Stainless-Helper-Method": "chat.completions.stream"}


def _completion_parser(resource: Any) -> Any:
    # The merged completion is the model of the resource's own spec: on Azure it types
    # `context`, `prompt_filter_results` and the other Azure-only fields.
    strict, spec = resource._client._strict, resource._completion_spec

    def parse(data: dict[str, Any]) -> Any:
        from ._request import resolve_model
        from ._tolerant import parse_python

        model = resolve_model(spec, _COMPLETION_MODEL[spec])
        return parse_python(model, data, strict=strict)

    return parse


# The merged completion's model in each spec (OpenAI's carries openai-python's name).
_COMPLETION_MODEL = {
    "openai": "chat_completion:ChatCompletion",
    "azure-openai": "create_chat_completion_response:CreateChatCompletionResponse",
}


class _StreamHelper:
    _completion_spec = "openai"

    def stream(self, **params: Any) -> ChatCompletionStreamManager[Any, Any]:
        """`with client.chat.completions.stream(model=..., messages=...) as stream:` iterate the
        chunks, then `stream.get_final_completion()` for the merged `ChatCompletion`."""
        params.pop("stream", None)
        params["extra_headers"] = {**_HELPER_HEADER, **(params.get("extra_headers") or {})}
        create = self.create  # type: ignore[attr-defined]
        return ChatCompletionStreamManager(
            lambda: create(stream=True, **params), parse_completion=_completion_parser(self)
        )


class _AsyncStreamHelper:
    _completion_spec = "openai"

    def stream(self, **params: Any) -> AsyncChatCompletionStreamManager[Any, Any]:
        """`async with client.chat.completions.stream(...) as stream:` (see the sync twin)."""
        params.pop("stream", None)
        params["extra_headers"] = {**_HELPER_HEADER, **(params.get("extra_headers") or {})}
        create = self.create  # type: ignore[attr-defined]
        return AsyncChatCompletionStreamManager(
            lambda: create(stream=True, **params), parse_completion=_completion_parser(self)
        )


class ChatCompletions(_StreamHelper, _openai_chat.ChatCompletions):
    """`client.chat.completions`, with `stream()`."""


class AsyncChatCompletions(_AsyncStreamHelper, _openai_chat.AsyncChatCompletions):
    """`client.chat.completions` of `AsyncOpenAI`, with `stream()`."""


class AzureChatCompletions(_StreamHelper, _azure_chat.ChatCompletions):
    """`client.chat.completions` of `AzureOpenAI`, with `stream()`; `create()` takes the OpenAI
    method's parameters too (see _azure_params.py)."""

    _completion_spec = "azure-openai"
    create = widened(_azure_chat, _openai_chat, "chat.completions.create", is_async=False)


class AsyncAzureChatCompletions(_AsyncStreamHelper, _azure_chat.AsyncChatCompletions):
    """`client.chat.completions` of `AsyncAzureOpenAI`, with `stream()` and the widened `create()`."""

    _completion_spec = "azure-openai"
    create = widened(_azure_chat, _openai_chat, "chat.completions.create", is_async=True)


class Chat(_openai_chat.Chat):
    @cached_property
    def completions(self) -> ChatCompletions:
        return ChatCompletions(self._client)


class AsyncChat(_openai_chat.AsyncChat):
    @cached_property
    def completions(self) -> AsyncChatCompletions:
        return AsyncChatCompletions(self._client)


class AzureChat(_azure_chat.Chat):
    @cached_property
    def completions(self) -> AzureChatCompletions:
        return AzureChatCompletions(self._client)


class AsyncAzureChat(_azure_chat.AsyncChat):
    @cached_property
    def completions(self) -> AsyncAzureChatCompletions:
        return AsyncAzureChatCompletions(self._client)
