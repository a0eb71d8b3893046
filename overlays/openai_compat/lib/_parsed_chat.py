"""`ParsedChatCompletion` and its parts: the generated chat completion models plus the parsed
values (`message.parsed`, `tool_calls[].function.parsed_arguments`), named and parametrised as
openai-python's: generic pydantic models over the content type, so type checkers see
`ParsedChatCompletion[Answer]` and `message.parsed: Answer | None`.

At run time the results are instances of the classes parametrised with the `ResponseFormatT`
type variable (`type(r).__name__ == "ParsedChatCompletion[~ResponseFormatT]"`), as openai-python
builds them; the parametrisation happens once, at import, never per call."""

from __future__ import annotations

import typing
from typing import Any, Generic

from typing_extensions import TypeVar

from ..types.chat import (
    ChatCompletion,
    ChatCompletionMessage,
    ChatCompletionMessageFunctionToolCall,
)
from ..types.chat.chat_completion import Choice
from ..types.chat.chat_completion_message_function_tool_call import Function

__all__ = [
    "ParsedChatCompletion",
    "ParsedChatCompletionMessage",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
    "ResponseFormatT",
]

ContentType = TypeVar("ContentType")
# The content type of parse() / stream() results; without a response_format class nothing is
# parsed, so it defaults to None (as openai-python's).
ResponseFormatT = TypeVar("ResponseFormatT", default=None)


def _field_class(model: Any, name: str) -> Any:
    """The model class of a field (`list[X]` and `X | None` unwrapped)."""
    annotation = model.model_fields[name].annotation
    while typing.get_origin(annotation) is not None:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


class ParsedFunction(Function):
    parsed_arguments: object | None = None
    """The arguments: an instance of the tool's model for `pydantic_function_tool()` tools,
    the decoded JSON for other strict tools."""


class ParsedFunctionToolCall(ChatCompletionMessageFunctionToolCall):
    function: ParsedFunction


class ParsedChatCompletionMessage(ChatCompletionMessage, Generic[ContentType]):
    parsed: ContentType | None = None
    """The content validated into the `response_format` class."""

    # Function calls only: custom tool calls are left out of parsed results (as openai-python).
    tool_calls: list[ParsedFunctionToolCall] | None = None  # type: ignore[assignment]


class ParsedChoice(Choice, Generic[ContentType]):
    message: ParsedChatCompletionMessage[ContentType]


class ParsedChatCompletion(ChatCompletion, Generic[ContentType]):
    choices: list[ParsedChoice[ContentType]]  # type: ignore[assignment]


class ParsedFamily:
    """The Parsed* classes built on one spec's chat completion models."""

    __slots__ = ("choice", "completion", "function", "message", "tool_call")

    def __init__(self, completion: Any, choice: Any, message: Any, tool_call: Any, function: Any):
        self.completion = completion
        self.choice = choice
        self.message = message
        self.tool_call = tool_call
        self.function = function


def _parametrised(cls: Any) -> Any:
    generic = cls[ResponseFormatT]
    # Found under its name too, so pickle (which looks classes up by name) works.
    globals()[generic.__qualname__] = generic
    return generic


_families: dict[Any, ParsedFamily] = {
    ChatCompletion: ParsedFamily(
        _parametrised(ParsedChatCompletion),
        _parametrised(ParsedChoice),
        _parametrised(ParsedChatCompletionMessage),
        ParsedFunctionToolCall,
        ParsedFunction,
    )
}


def parsed_family(completion_cls: Any) -> ParsedFamily:
    """The Parsed* classes for a completion model: openai's above, or (Azure) subclasses of
    that spec's own models, so Azure-only fields stay typed."""
    family = _families.get(completion_cls)
    if family is not None:
        return family
    if issubclass(completion_cls, ParsedChatCompletion):
        return _families[ChatCompletion]
    choice_base = _field_class(completion_cls, "choices")
    message_base = _field_class(choice_base, "message")
    tool_call_base = next(
        (c for c in _tool_call_classes(message_base) if "function" in c.model_fields), None
    )
    function_base = _field_class(tool_call_base, "function") if tool_call_base else Function
    tool_call_base = tool_call_base or ChatCompletionMessageFunctionToolCall

    def make(name: str, base: Any, annotations: dict[str, Any], **defaults: Any) -> Any:
        namespace = {"__module__": __name__, "__annotations__": annotations, **defaults}
        return type(name, (base,), namespace)

    function = make(
        "ParsedFunction", function_base, {"parsed_arguments": object | None}, parsed_arguments=None
    )
    tool_call = make("ParsedFunctionToolCall", tool_call_base, {"function": function})
    message = make(
        "ParsedChatCompletionMessage", message_base, {"parsed": object | None}, parsed=None
    )
    choice = make("ParsedChoice", choice_base, {"message": message})
    completion = make("ParsedChatCompletion", completion_cls, {"choices": list[choice]})  # type: ignore[valid-type]
    family = _families[completion_cls] = ParsedFamily(
        completion, choice, message, tool_call, function
    )
    return family


def _tool_call_classes(message: Any) -> list[Any]:
    from ._utils import union_members

    field = message.model_fields.get("tool_calls")
    return union_members(field.annotation) if field is not None else []
