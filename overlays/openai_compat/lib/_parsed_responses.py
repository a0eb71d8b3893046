"""Structured outputs for the Responses API: `ParsedResponse` (with `output_parsed`) and its
parsed items, and `parse_response()`.

The bases are the generated models behind the public `types.responses` names; the classes are
generic over the parsed content type, so type checkers see `ParsedResponse[Answer]` and
`output_parsed: Answer | None` (at run time the results are unparametrised, as openai-python's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from ..types.responses import (
    Response,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
)
from ._parsing import _loads_tolerant, parse_content
from ._tools import PydanticFunctionTool, ResponsesPydanticFunctionTool
from ._utils import construct, is_given

if TYPE_CHECKING:
    from ._parsed_output_item import ParsedResponseOutputItem

__all__ = [
    "ParsedResponse",
    "ParsedResponseFunctionToolCall",
    "ParsedResponseOutputMessage",
    "ParsedResponseOutputText",
    "TextFormatT",
    "make_tools",
    "parse_response",
    "parse_text",
    "type_to_text_format_param",
]

ContentType = TypeVar("ContentType")
# The content type of parse() / stream() results; without a text_format class nothing is
# parsed, so it defaults to None (as openai-python's).
TextFormatT = TypeVar("TextFormatT", default=None)


class ParsedResponseOutputText(ResponseOutputText, Generic[ContentType]):
    parsed: ContentType | None = None


class ParsedResponseOutputMessage(ResponseOutputMessage, Generic[ContentType]):
    if TYPE_CHECKING:  # the parts as parse_response() builds them (the validator keeps the base's)
        content: list[ParsedResponseOutputText[ContentType] | ResponseOutputRefusal]  # type: ignore[assignment]


class ParsedResponseFunctionToolCall(ResponseFunctionToolCall):
    parsed_arguments: object = None


class ParsedResponse(Response, Generic[ContentType]):
    if TYPE_CHECKING:  # the items as parse_response() builds them (the validator keeps the base's)
        output: list[ParsedResponseOutputItem[ContentType]]  # type: ignore[assignment]

    @property
    def output_parsed(self) -> ContentType | None:
        """The parsed value of the first `output_text` part that has one."""
        for item in self.output or ():
            if isinstance(item, ResponseOutputMessage):
                for part in item.content or ():
                    if isinstance(part, ParsedResponseOutputText) and part.parsed:
                        parsed: ContentType = part.parsed
                        return parsed
        return None


# -- request side --------------------------------------------------------------------------------


def type_to_text_format_param(text_format: Any) -> dict[str, Any]:
    from ._parsing import type_to_response_format_param

    fmt = type_to_response_format_param(text_format)
    json_schema = fmt["json_schema"]
    return {
        "type": "json_schema",
        "strict": True,
        "name": json_schema["name"],
        "schema": json_schema["schema"],
    }


def make_tools(tools: Any) -> Any:
    """Responses tools as sent: chat-shaped `pydantic_function_tool()` tools are converted to the
    Responses shape (keeping their model); everything else is sent as given."""
    if not is_given(tools) or tools is None:
        return tools
    converted: list[Any] = []
    for tool in tools:
        kind = tool.get("type") if isinstance(tool, dict) else None
        if kind == "namespace":
            converted.append({**tool, "tools": list(tool.get("tools") or ())})
            continue
        if kind != "function" or "function" not in tool:
            converted.append(tool)
            continue
        function = tool["function"]
        if not isinstance(function, PydanticFunctionTool):
            raise TypeError(
                "tools: a chat-completions-shaped function tool ({'type': 'function', "
                "'function': {...}}) must come from pydantic_function_tool(); got "
                f"{type(function).__name__}"
            )
        new_tool = ResponsesPydanticFunctionTool(
            {
                "type": "function",
                "name": function["name"],
                "description": function.get("description"),
                "parameters": function["parameters"],
                "strict": function.get("strict") or False,
            },
            function.model,
        )
        new_tool.update({k: v for k, v in function.items() if k not in new_tool})
        converted.append(new_tool)
    return converted


# -- response side -------------------------------------------------------------------------------


def parse_text(text: str, text_format: Any, *, phase: str | None) -> Any:
    """Only final answers are structured: a message of another phase is left unparsed."""
    if phase is not None and phase != "final_answer":
        return None
    if not is_given(text_format) or text_format is None:
        return None
    return parse_content(text_format, text)


def _input_tool(input_tools: Any, name: str | None, namespace: str | None) -> Any:
    tools = list(input_tools) if is_given(input_tools) and input_tools else []
    if namespace is not None:
        for tool in tools:
            if (
                isinstance(tool, dict)
                and tool.get("type") == "namespace"
                and tool.get("name") == namespace
            ):
                for nested in tool.get("tools") or ():
                    if nested.get("type") == "function" and nested.get("name") == name:
                        return nested
                return None
        if namespace != name:
            return None
    for tool in tools:
        if isinstance(tool, dict) and tool.get("type") == "function" and tool.get("name") == name:
            return tool
    return None


def parse_function_call_arguments(input_tools: Any, call: Any) -> Any:
    tool = _input_tool(input_tools, call.name, getattr(call, "namespace", None))
    if tool is None:
        return None
    if isinstance(tool, ResponsesPydanticFunctionTool):
        return parse_content(tool.model, call.arguments)
    if not tool.get("strict"):
        return None
    return _loads_tolerant(call.arguments)


def parse_response(response: Any, *, text_format: Any, input_tools: Any) -> Any:
    """A validated `Response` as a `ParsedResponse` (no re-validation)."""
    output = []
    for item in response.output or ():
        kind = getattr(item, "type", None)
        if kind == "message":
            phase = getattr(item, "phase", None)
            content = []
            for part in item.content or ():
                if getattr(part, "type", None) != "output_text":
                    content.append(part)
                    continue
                parsed = parse_text(part.text, text_format, phase=phase)
                content.append(_extend(ParsedResponseOutputText, part, parsed=parsed))
            output.append(_extend(ParsedResponseOutputMessage, item, content=content))
        elif kind == "function_call":
            parsed_arguments = parse_function_call_arguments(input_tools, item)
            output.append(
                _extend(ParsedResponseFunctionToolCall, item, parsed_arguments=parsed_arguments)
            )
        else:
            output.append(item)
    fields = {**response.__dict__, "output": output}
    fields_set = {*response.model_fields_set, "output"}
    return construct(ParsedResponse, fields, fields_set, response.__pydantic_extra__)


def _extend(cls: Callable[..., Any] | type, item: Any, **values: Any) -> Any:
    fields = {**item.__dict__, **values}
    return construct(cls, fields, {*item.model_fields_set, *values}, item.__pydantic_extra__)  # type: ignore[arg-type]
