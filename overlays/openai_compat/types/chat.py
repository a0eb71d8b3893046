"""`from openai_compat.types.chat import ChatCompletion, ChatCompletionMessageParam, ...`

The names openai-python's `openai.types.chat` exports, bound to the models generated from the
spec (request-side `...Param` names are the spec's request models: a plain dict is accepted
wherever they are). Loaded on first use.
"""

from __future__ import annotations

from ._aliases import alias_getattr

# openai-python's name -> the spec's schema (class) name.
CHAT_NAMES: dict[str, str] = {
    "ChatCompletion": "CreateChatCompletionResponse",
    "ChatCompletionChunk": "CreateChatCompletionStreamResponse",
    "ChatCompletionMessage": "ChatCompletionResponseMessage",
    "ChatCompletionMessageToolCall": "ChatCompletionMessageToolCall",
    "ChatCompletionTokenLogprob": "ChatCompletionTokenLogprob",
    "ChatCompletionRole": "ChatCompletionRole",
    "ChatCompletionDeleted": "ChatCompletionDeleted",
    "ChatCompletionMessageParam": "ChatCompletionRequestMessage",
    "ChatCompletionSystemMessageParam": "ChatCompletionRequestSystemMessage",
    "ChatCompletionDeveloperMessageParam": "ChatCompletionRequestDeveloperMessage",
    "ChatCompletionUserMessageParam": "ChatCompletionRequestUserMessage",
    "ChatCompletionAssistantMessageParam": "ChatCompletionRequestAssistantMessage",
    "ChatCompletionToolMessageParam": "ChatCompletionRequestToolMessage",
    "ChatCompletionContentPartParam": "ChatCompletionRequestUserMessageContentPart",
    "ChatCompletionToolParam": "ChatCompletionTool",
    "ChatCompletionToolChoiceOptionParam": "ChatCompletionToolChoiceOption",
    "ChatCompletionNamedToolChoiceParam": "ChatCompletionNamedToolChoice",
    "ChatCompletionFunctionCallOptionParam": "ChatCompletionFunctionCallOption",
    "ChatCompletionStreamOptionsParam": "ChatCompletionStreamOptions",
    "ChatCompletionModality": "ChatCompletionModalities",
    "CompletionCreateParams": "CreateChatCompletionRequest",
}

# Structured-output models: hand-written subclasses of the generated ones (`lib._parsed_chat`).
_PARSED_NAMES = frozenset(
    {
        "ParsedChatCompletion",
        "ParsedChatCompletionMessage",
        "ParsedChoice",
        "ParsedFunction",
        "ParsedFunctionToolCall",
    }
)

__all__ = sorted({*CHAT_NAMES, *_PARSED_NAMES})
_alias_getattr = alias_getattr(CHAT_NAMES, __name__)


def __getattr__(name: str) -> object:
    if name in _PARSED_NAMES:
        from ..lib import _parsed_chat

        return getattr(_parsed_chat, name)
    return _alias_getattr(name)


def __dir__() -> list[str]:
    return __all__
