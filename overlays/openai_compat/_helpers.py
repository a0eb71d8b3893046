"""Hand-written methods on top of generated resources: `client.chat.completions.parse(...)` and
`.stream(...)` (from `lib._chat_helpers`).

The generated classes are extended here (overlays import generated code, never the reverse) and
the clients expose the extended `chat` resource instead of the generated one (the Azure clients
a subclass of it, `_azure_resources.AzureChat`).
"""

from __future__ import annotations

from functools import cached_property

# The helper classes with their generated typed signatures (at run time `lib._chat_helpers`'s).
from ._generated.openai.helper_signatures import (
    AsyncChatCompletionHelpers,
    ChatCompletionHelpers,
)
from ._generated.openai.resources import chat as _openai_chat
from ._runtime import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)

__all__ = ["AsyncChat", "AsyncChatCompletions", "Chat", "ChatCompletions"]


class ChatCompletions(_openai_chat.ChatCompletions, ChatCompletionHelpers):
    """`client.chat.completions`, with `parse()` and `stream()`."""

    @property
    def with_raw_response(self) -> ChatCompletionsWithRawResponse:
        return ChatCompletionsWithRawResponse(self)

    @property
    def with_streaming_response(self) -> ChatCompletionsWithStreamingResponse:
        return ChatCompletionsWithStreamingResponse(self)


class AsyncChatCompletions(_openai_chat.AsyncChatCompletions, AsyncChatCompletionHelpers):
    """`client.chat.completions` of `AsyncOpenAI`, with `parse()` and `stream()`."""

    @property
    def with_raw_response(self) -> AsyncChatCompletionsWithRawResponse:
        return AsyncChatCompletionsWithRawResponse(self)

    @property
    def with_streaming_response(self) -> AsyncChatCompletionsWithStreamingResponse:
        return AsyncChatCompletionsWithStreamingResponse(self)


# The response views with `parse()` typed as openai-python's (`APIResponse[ParsedChatCompletion[T]]`);
# at run time the generated wrappers reach it through the same view.
class ChatCompletionsWithRawResponse(_openai_chat.ChatCompletionsWithRawResponse):
    def __init__(self, resource: ChatCompletions) -> None:
        super().__init__(resource)
        view: ChatCompletions = self._view
        self.parse = to_raw_response_wrapper(view.parse)


class ChatCompletionsWithStreamingResponse(_openai_chat.ChatCompletionsWithStreamingResponse):
    def __init__(self, resource: ChatCompletions) -> None:
        super().__init__(resource)
        view: ChatCompletions = self._view
        self.parse = to_streamed_response_wrapper(view.parse)


class AsyncChatCompletionsWithRawResponse(_openai_chat.AsyncChatCompletionsWithRawResponse):
    def __init__(self, resource: AsyncChatCompletions) -> None:
        super().__init__(resource)
        view: AsyncChatCompletions = self._view
        self.parse = async_to_raw_response_wrapper(view.parse)


class AsyncChatCompletionsWithStreamingResponse(
    _openai_chat.AsyncChatCompletionsWithStreamingResponse
):
    def __init__(self, resource: AsyncChatCompletions) -> None:
        super().__init__(resource)
        view: AsyncChatCompletions = self._view
        self.parse = async_to_streamed_response_wrapper(view.parse)


class Chat(_openai_chat.Chat):
    @cached_property
    def completions(self) -> ChatCompletions:
        return ChatCompletions(self._client)


class AsyncChat(_openai_chat.AsyncChat):
    @cached_property
    def completions(self) -> AsyncChatCompletions:
        return AsyncChatCompletions(self._client)
