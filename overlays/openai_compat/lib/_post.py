"""Apply a post-processing step to a call's result, whether the call returned the model or,
through `.with_raw_response`, an `APIResponse` whose `parse()` must return the processed one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["apost_process", "post_process"]


def post_process(result: Any, step: Callable[[Any], Any]) -> Any:
    from .._response import APIResponse

    if isinstance(result, APIResponse):
        inner = result._parse
        result._parse = lambda: step(inner())
        return result
    return step(result)


def apost_process(result: Any, step: Callable[[Any], Any]) -> Any:
    from .._response import APIResponse, AsyncAPIResponse

    if isinstance(result, APIResponse):  # async `with_raw_response`: a read body, plain parse()
        return post_process(result, step)
    if isinstance(result, AsyncAPIResponse):
        inner = result._parse

        async def parse() -> Any:
            return step(await inner())

        result._parse = parse
        return result
    return step(result)
