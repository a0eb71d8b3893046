"""Small shared pieces of the helpers."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from .._runtime import NotGiven, Omit

__all__ = ["construct", "extract_json", "is_given"]

M = TypeVar("M")


def is_given(value: object) -> bool:
    """False for `NOT_GIVEN` / `omit` (an argument the caller left out)."""
    return not isinstance(value, (NotGiven, Omit))


def construct(
    cls: type[M], fields: dict[str, Any], fields_set: set[str], extra: Any, private: Any = None
) -> M:
    """An instance of a pydantic model from values that are already validated (no validation:
    `fields` must hold every field of `cls`). Several times cheaper than `model_construct`."""
    obj = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(obj, "__dict__", fields)
    setattr_(obj, "__pydantic_fields_set__", fields_set)
    setattr_(obj, "__pydantic_extra__", extra)
    setattr_(obj, "__pydantic_private__", private)
    return obj


_decoder = json.JSONDecoder()


def extract_json(text: str) -> str | None:
    """The first complete JSON object or array inside `text` (the content of a code fence, or
    JSON followed by prose), or None when there is none. Used only after `text` itself failed
    to parse, so the common case never pays for it."""
    for start, char in enumerate(text):
        if char in "{[":
            try:
                _, end = _decoder.raw_decode(text, start)
            except ValueError:
                continue
            return text[start:end]
    return None


def union_members(tp: Any) -> list[Any]:
    """The classes of a type: type aliases, `Annotated`, unions, `list[...]`, `Optional`
    unwrapped."""
    import typing

    value = getattr(tp, "__value__", None)  # a TypeAliasType
    if value is not None:
        return union_members(value)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return union_members(typing.get_args(tp)[0])
    if origin is not None:
        members: list[Any] = []
        for arg in typing.get_args(tp):
            if arg is not type(None):
                members.extend(union_members(arg))
        return members
    return [tp] if isinstance(tp, type) else []


def member_tagged(tp: Any, tag: str, field: str = "type") -> Any:
    """The class among `tp`'s members whose `type` (or `field`) literal is `tag`."""

    for member in union_members(tp):
        fields = getattr(member, "model_fields", None)
        if not fields or field not in fields:
            continue
        for literal in union_members_literals(fields[field].annotation):
            if literal == tag:
                return member
    raise LookupError(f"no model tagged {field}={tag!r} in {tp!r}")


def union_members_literals(tp: Any) -> list[Any]:
    import typing

    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return list(typing.get_args(tp))
    if origin is not None:
        values: list[Any] = []
        for arg in typing.get_args(tp):
            values.extend(union_members_literals(arg))
        return values
    return []
