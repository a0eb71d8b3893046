"""`pydantic_function_tool` / `pydantic_responses_function_tool`: a pydantic model as a strict
function tool whose arguments `parse()` and the stream helpers turn back into the model.

The tool's `function` (chat) or the tool itself (Responses) is a dict subclass that remembers
the model, so it travels through the request unchanged and is recognised when parsing.
"""

from __future__ import annotations

from typing import Any

import pydantic

from .._runtime import NOT_GIVEN
from ._pydantic import to_strict_json_schema

__all__ = [
    "PydanticFunctionTool",
    "ResponsesPydanticFunctionTool",
    "pydantic_function_tool",
    "pydantic_responses_function_tool",
]


class PydanticFunctionTool(dict[str, Any]):
    """A chat tool's `function` definition that remembers the model its arguments parse into."""

    model: type[pydantic.BaseModel]

    def __init__(self, definition: dict[str, Any], model: type[pydantic.BaseModel]) -> None:
        super().__init__(definition)
        self.model = model

    def cast(self) -> dict[str, Any]:
        return self


class ResponsesPydanticFunctionTool(dict[str, Any]):
    """A Responses function tool that remembers the model its arguments parse into."""

    model: type[pydantic.BaseModel]

    def __init__(self, tool: dict[str, Any], model: type[pydantic.BaseModel]) -> None:
        super().__init__(tool)
        self.model = model

    def cast(self) -> dict[str, Any]:
        return self


def pydantic_function_tool(
    model: type[pydantic.BaseModel],
    *,
    name: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """`{"type": "function", "function": {...}}` for chat completions: the name defaults to the
    class name, the description to its own docstring (not pydantic's), and it is strict."""
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        raise TypeError(f"model: expected a pydantic BaseModel class, got {model!r}")
    if description is None:
        description = model.__doc__  # the class's own docstring, never an inherited one
    definition: dict[str, Any] = {
        "name": name or model.__name__,
        "strict": True,
        "parameters": to_strict_json_schema(model),
    }
    function = PydanticFunctionTool(definition, model)
    if description is not None:
        function["description"] = description
    return {"type": "function", "function": function}


def pydantic_responses_function_tool(
    model: type[pydantic.BaseModel],
    *,
    name: str | None = None,
    description: str | None = None,
    defer_loading: Any = NOT_GIVEN,
) -> dict[str, Any]:
    """A Responses API function tool (`{"type": "function", "name": ..., ...}`) for `model`."""
    function = pydantic_function_tool(model, name=name, description=description)["function"]
    tool = ResponsesPydanticFunctionTool({"type": "function", **function}, model)
    if defer_loading is not NOT_GIVEN and not _is_omit(defer_loading):
        tool["defer_loading"] = defer_loading
    return tool


def _is_omit(value: object) -> bool:
    from .._runtime import Omit

    return isinstance(value, Omit)
