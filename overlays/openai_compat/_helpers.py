"""Hand-written methods on top of generated resources: `client.chat.completions.parse(...)` and
`.stream(...)` (from `lib._chat_helpers`).

The generated classes are extended here (overlays import generated code, never the reverse) and
the clients expose the extended `chat` resource instead of the generated one.
"""

from __future__ import annotations

from functools import cached_property

from ._azure_params import widened
from ._generated.azure.resources import chat as _azure_chat
from ._generated.openai.resources import chat as _openai_chat
from .lib._chat_helpers import AsyncChatCompletionHelpers, ChatCompletionHelpers

__all__ = [
    "AsyncAzureChat",
    "AsyncChat",
    "AzureChat",
    "Chat",
]


class _StreamHelper(ChatCompletionHelpers):
    _completion_spec = "openai"


class _AsyncStreamHelper(AsyncChatCompletionHelpers):
    _completion_spec = "openai"


class ChatCompletions(_openai_chat.ChatCompletions, _StreamHelper):
    """`client.chat.completions`, with `parse()` and `stream()`."""


class AsyncChatCompletions(_openai_chat.AsyncChatCompletions, _AsyncStreamHelper):
    """`client.chat.completions` of `AsyncOpenAI`, with `parse()` and `stream()`."""


class AzureChatCompletions(_azure_chat.ChatCompletions, _StreamHelper):
    """`client.chat.completions` of `AzureOpenAI`, with `parse()` and `stream()`; `create()` takes
    the OpenAI method's parameters too (see _azure_params.py)."""

    _completion_spec = "azure-openai"
    create = widened(_azure_chat, _openai_chat, "chat.completions.create", is_async=False)


class AsyncAzureChatCompletions(_azure_chat.AsyncChatCompletions, _AsyncStreamHelper):
    """`client.chat.completions` of `AsyncAzureOpenAI`, with `parse()`, `stream()` and the widened
    `create()`."""

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
