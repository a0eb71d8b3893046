"""Hand-written methods on top of generated resources: `client.chat.completions.parse(...)` and
`.stream(...)` (from `lib._chat_helpers`).

The generated classes are extended here (overlays import generated code, never the reverse) and
the clients expose the extended `chat` resource instead of the generated one (the Azure clients
a subclass of it, `_azure_resources.AzureChat`).
"""

from __future__ import annotations

from functools import cached_property

from ._generated.openai.resources import chat as _openai_chat
from .lib._chat_helpers import AsyncChatCompletionHelpers, ChatCompletionHelpers

__all__ = ["AsyncChat", "AsyncChatCompletions", "Chat", "ChatCompletions"]


class ChatCompletions(_openai_chat.ChatCompletions, ChatCompletionHelpers):
    """`client.chat.completions`, with `parse()` and `stream()`."""


class AsyncChatCompletions(_openai_chat.AsyncChatCompletions, AsyncChatCompletionHelpers):
    """`client.chat.completions` of `AsyncOpenAI`, with `parse()` and `stream()`."""


class Chat(_openai_chat.Chat):
    @cached_property
    def completions(self) -> ChatCompletions:
        return ChatCompletions(self._client)


class AsyncChat(_openai_chat.AsyncChat):
    @cached_property
    def completions(self) -> AsyncChatCompletions:
        return AsyncChatCompletions(self._client)
