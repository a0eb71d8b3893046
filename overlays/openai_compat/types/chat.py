"""`from openai_compat.types.chat import ChatCompletion, ChatCompletionMessageParam, ...`

The names openai-python's `openai.types.chat` exports, bound to the models generated from the
spec (request-side `...Param` names are the spec's request models: a plain dict is accepted
wherever they are). Loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

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

__all__ = sorted(CHAT_NAMES)


def __getattr__(name: str) -> Any:
    schema = CHAT_NAMES.get(name)
    if schema is None:
        raise AttributeError(f"module 'openai_compat.types.chat' has no attribute {name!r}")
    value = getattr(importlib.import_module("openai_compat._generated.openai.models"), schema)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
