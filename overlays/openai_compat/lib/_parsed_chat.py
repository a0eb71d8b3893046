"""`ParsedChatCompletion` and its parts: the generated chat completion models plus the parsed
values (`message.parsed`, `tool_calls[].function.parsed_arguments`), named and parametrised as
openai-python's: generic pydantic models over the content type, so type checkers see
`ParsedChatCompletion[Answer]` and `message.parsed: Answer | None`.

At run time the results are instances of the classes parametrised with the `ResponseFormatT`
type variable (`type(r).__name__ == "ParsedChatCompletion[~ResponseFormatT]"`), as openai-python
builds them; the parametrisation happens once, at import, never per call."""

from __future__ import annotations

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
    """The Parsed* classes a `ChatCompletion` is rebuilt into (parametrised as openai-python's)."""

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


# The one family: every client (Azure's too) returns openai's `ChatCompletion`.
PARSED_FAMILY = ParsedFamily(
    _parametrised(ParsedChatCompletion),
    _parametrised(ParsedChoice),
    _parametrised(ParsedChatCompletionMessage),
    ParsedFunctionToolCall,
    ParsedFunction,
)
