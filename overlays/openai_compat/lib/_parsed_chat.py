"""`ParsedChatCompletion` and its parts: the generated chat completion models plus the parsed
values (`message.parsed`, `tool_calls[].function.parsed_arguments`), named as openai-python
names them. The bases are looked up through the public aliases (`types.chat`), so they follow
whatever name the spec's models carry."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar

from ..types import chat as _chat

__all__ = [
    "ParsedChatCompletion",
    "ParsedChatCompletionMessage",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
]

ContentType = TypeVar("ContentType")


def _field_class(model: Any, name: str) -> Any:
    """The model class of a field (`list[X]` and `X | None` unwrapped)."""
    annotation = model.model_fields[name].annotation
    while typing.get_origin(annotation) is not None:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


if TYPE_CHECKING:
    _ChatCompletion = Any
    _Message = Any
    _Choice = Any
    _ToolCall = Any
    _Function = Any
else:
    _ChatCompletion = _chat.ChatCompletion
    _Message = _chat.ChatCompletionMessage
    _ToolCall = _chat.ChatCompletionMessageToolCall
    _Choice = _field_class(_ChatCompletion, "choices")
    _Function = _field_class(_ToolCall, "function")


class ParsedFunction(_Function):  # type: ignore[misc,valid-type]
    parsed_arguments: Optional[object] = None
    """The arguments: an instance of the tool's model for `pydantic_function_tool()` tools,
    the decoded JSON for other strict tools."""


class ParsedFunctionToolCall(_ToolCall):  # type: ignore[misc,valid-type]
    function: ParsedFunction


class ParsedChatCompletionMessage(_Message, Generic[ContentType]):  # type: ignore[misc,valid-type]
    parsed: Optional[ContentType] = None
    """The content validated into the `response_format` class."""

    tool_calls: Optional[list[ParsedFunctionToolCall]] = None  # type: ignore[assignment]


class ParsedChoice(_Choice, Generic[ContentType]):  # type: ignore[misc,valid-type]
    message: ParsedChatCompletionMessage[ContentType]


class ParsedChatCompletion(_ChatCompletion, Generic[ContentType]):  # type: ignore[misc,valid-type]
    choices: list[ParsedChoice[ContentType]]  # type: ignore[assignment]
