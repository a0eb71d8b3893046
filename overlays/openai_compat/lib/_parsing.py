"""Structured outputs for chat completions: the request side (`response_format=MyModel` -> a
strict `json_schema` format; which tools can be parsed) and the response side (a
`ChatCompletion` -> a `ParsedChatCompletion` with `message.parsed` and
`tool_calls[].function.parsed_arguments`).

Tolerance: content or arguments that are not JSON as a whole but contain it (a ```json code
fence, JSON followed by prose - common with compatible servers) are parsed from the embedded
JSON. When that fails too, the original error is raised: pydantic's `ValidationError` (or
`json.JSONDecodeError` for plain strict tools), whose message quotes what arrived.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

import pydantic

from .._exceptions import ContentFilterFinishReasonError, LengthFinishReasonError
from .._runtime import NOT_GIVEN
from ._parsed_chat import PARSED_FAMILY, ParsedChatCompletion
from ._pydantic import is_basemodel_type, is_dataclass_like_type, strict_schema
from ._tools import PydanticFunctionTool
from ._utils import construct, extract_json, is_given

__all__ = [
    "has_parseable_input",
    "has_rich_response_format",
    "materialize_input_tools",
    "parse_chat_completion",
    "parse_content",
    "parse_function_tool_arguments",
    "to_parsed_completion",
    "type_to_response_format_param",
    "validate_input_tools",
]

log = logging.getLogger("openai_compat.lib.parsing")

_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    adapter = _adapters.get(tp)
    if adapter is None:
        adapter = _adapters[tp] = pydantic.TypeAdapter(tp)
    return adapter


# -- request side --------------------------------------------------------------------------------


def type_to_response_format_param(response_format: Any) -> Any:
    """`response_format` as sent: a class becomes a strict `json_schema` format (schema cached
    per class), a dict is sent as given, NOT_GIVEN stays NOT_GIVEN."""
    if not is_given(response_format):
        return NOT_GIVEN
    if isinstance(response_format, dict):
        return response_format
    if is_basemodel_type(response_format):
        schema = strict_schema(response_format)
    elif is_dataclass_like_type(response_format):
        schema = strict_schema(_adapter(response_format))
    else:
        raise TypeError(
            "response_format: expected a pydantic BaseModel class, a pydantic dataclass or a "
            f"response-format dict, got {response_format!r}"
        )
    return {
        "type": "json_schema",
        "json_schema": {"schema": schema, "name": response_format.__name__, "strict": True},
    }


def materialize_input_tools(tools: Any) -> Any:
    return list(tools) if is_given(tools) and tools is not None else NOT_GIVEN


def validate_input_tools(tools: Any) -> Any:
    """`parse()` parses every tool call, so every tool must be a strict function tool."""
    tools = materialize_input_tools(tools)
    if not is_given(tools):
        return tools
    for tool in tools:
        kind = tool.get("type") if isinstance(tool, dict) else None
        if kind != "function":
            raise ValueError(
                "tools: only `function` tools can be parsed automatically, got a tool of type "
                f"{kind!r}"
            )
        function = tool.get("function") or {}
        if function.get("strict") is not True:
            raise ValueError(
                f"tools: `{function.get('name')}` is not strict; only strict function tools "
                "(`strict: True`, or made by pydantic_function_tool()) can be parsed"
            )
    return tools


def has_rich_response_format(response_format: Any) -> bool:
    return is_given(response_format) and not isinstance(response_format, dict)


def _is_parseable_tool(tool: Any) -> bool:
    if not isinstance(tool, dict) or tool.get("type") != "function":
        return False
    function = tool.get("function")
    if isinstance(function, PydanticFunctionTool):
        return True
    return bool(isinstance(function, dict) and function.get("strict"))


def has_parseable_input(response_format: Any, input_tools: Any) -> bool:
    if has_rich_response_format(response_format):
        return True
    return any(_is_parseable_tool(t) for t in (input_tools if is_given(input_tools) else ()))


# -- response side -------------------------------------------------------------------------------


def parse_content(response_format: Any, content: str) -> Any:
    """`content` validated into `response_format` (a model class or pydantic dataclass)."""
    if is_basemodel_type(response_format):
        validate = response_format.model_validate_json
    elif is_dataclass_like_type(response_format):
        validate = _adapter(response_format).validate_json
    else:
        raise TypeError(f"response_format: cannot parse content into {response_format!r}")
    try:
        return validate(content)
    except pydantic.ValidationError:
        embedded = extract_json(content)
        if embedded is None or embedded == content:
            raise
        try:
            return validate(embedded)
        except pydantic.ValidationError:
            pass
        raise


def _loads_tolerant(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        embedded = extract_json(text)
        if embedded is None:
            raise
        return json.loads(embedded)


def _tool_by_name(input_tools: Any, name: str | None) -> dict[str, Any] | None:
    for tool in input_tools if is_given(input_tools) else ():
        if isinstance(tool, dict) and tool.get("type") == "function":
            function = tool.get("function") or {}
            if function.get("name") == name:
                return tool
    return None


def parse_function_tool_arguments(input_tools: Any, name: str | None, arguments: str) -> Any:
    """A tool call's arguments: the tool's model for `pydantic_function_tool` tools, the JSON
    value for other strict tools, None for tools that are not strict or not given."""
    tool = _tool_by_name(input_tools, name)
    if tool is None:
        return None
    function = tool.get("function")
    if isinstance(function, PydanticFunctionTool):
        return parse_content(function.model, arguments)
    if not (isinstance(function, dict) and function.get("strict")):
        return None
    return _loads_tolerant(arguments)


def is_strict_tool(input_tools: Any, name: str | None) -> bool:
    tool = _tool_by_name(input_tools, name)
    return bool(tool and (tool.get("function") or {}).get("strict"))


def parse_chat_completion(
    completion: Any, *, response_format: Any, input_tools: Any
) -> ParsedChatCompletion[Any]:
    """`completion` as a `ParsedChatCompletion`; raises `LengthFinishReasonError` /
    `ContentFilterFinishReasonError` for a choice cut short (as openai-python does)."""
    for choice in completion.choices:
        if choice.finish_reason == "length":
            raise LengthFinishReasonError(completion=completion)
        if choice.finish_reason == "content_filter":
            raise ContentFilterFinishReasonError(completion=completion)
    rich = has_rich_response_format(response_format)

    def parsed_content(position: int, message: Any) -> Any:
        if rich and message.content and not message.refusal:
            return parse_content(response_format, message.content)
        return None

    def parsed_arguments(position: int, call_position: int, function: Any) -> Any:
        return parse_function_tool_arguments(input_tools, function.name, function.arguments)

    parsed: ParsedChatCompletion[Any] = to_parsed_completion(
        completion, parsed_content, parsed_arguments
    )
    return parsed


def to_parsed_completion(completion: Any, parsed_content: Any, parsed_arguments: Any) -> Any:
    """Rebuild a validated `ChatCompletion` as a `ParsedChatCompletion` without re-validating;
    `parsed_content(choice_position, message)` and `parsed_arguments(choice_position,
    call_position, function)` give the parsed values."""
    family = PARSED_FAMILY
    choices = []
    for position, choice in enumerate(completion.choices):
        message = choice.message
        tool_calls = None
        if message.tool_calls:
            tool_calls = []
            for call_position, call in enumerate(message.tool_calls):
                if getattr(call, "type", None) == "function" and call.function is not None:
                    arguments = parsed_arguments(position, call_position, call.function)
                    tool_calls.append(_parsed_tool_call(family, call, arguments))
                elif getattr(call, "type", None) == "custom":
                    log.warning(
                        "Custom tool calls are not callable. Ignoring tool call: %s - %s",
                        getattr(call, "id", None),
                        getattr(getattr(call, "custom", None), "name", None),
                    )
                else:
                    tool_calls.append(call)
        message_fields = {**message.__dict__, "parsed": parsed_content(position, message)}
        message_fields["tool_calls"] = tool_calls or None
        new_message = construct(
            family.message,
            message_fields,
            {*message.model_fields_set, "parsed", "tool_calls"},
            message.__pydantic_extra__,
        )
        choices.append(
            construct(
                family.choice,
                {**choice.__dict__, "message": new_message},
                set(choice.model_fields_set),
                choice.__pydantic_extra__,
            )
        )
    private = completion.__pydantic_private__  # tolerated(...)'s record goes along
    return construct(
        family.completion,
        {**completion.__dict__, "choices": choices},
        set(completion.model_fields_set),
        completion.__pydantic_extra__,
        dict(private) if private else None,
    )


def _parsed_tool_call(family: Any, call: Any, parsed_arguments: Any) -> Any:
    function = call.function
    new_function = construct(
        family.function,
        {**function.__dict__, "parsed_arguments": parsed_arguments},
        {*function.model_fields_set, "parsed_arguments"},
        function.__pydantic_extra__,
    )
    return construct(
        family.tool_call,
        {**call.__dict__, "function": new_function},
        set(call.model_fields_set),
        call.__pydantic_extra__,
    )


def tools_list(tools: Iterable[Any] | Any) -> list[Any]:
    return list(tools) if is_given(tools) and tools is not None else []
