"""`chat.completions.parse()` and `.stream()`, as mixins of the generated chat resources (the
clients' `chat.completions`, and `beta.chat.completions` as openai-python also offers them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._runtime import NOT_GIVEN, NotGiven, Omit
from ._post import apost_process, post_process

if TYPE_CHECKING:
    from ._parsed_chat import ParsedChatCompletion, ResponseFormatT
    from .streaming.chat import AsyncChatCompletionStreamManager, ChatCompletionStreamManager

# The parsing and stream modules load the completion models: they are imported by the methods,
# so that `client.chat.completions` itself stays as light as the generated resource.

__all__ = ["AsyncChatCompletionHelpers", "ChatCompletionHelpers"]


def _headers(method: str, extra_headers: Any) -> dict[str, Any]:
    return {"X-Stainless-Helper-Method": method, **(extra_headers or {})}


def completion_parser(resource: Any) -> Callable[[dict[str, Any]], Any]:
    """Merged stream data -> `ChatCompletion`, tolerant or strict as the resource's client is
    (fields only some servers send, such as Azure's `content_filter_results`, are kept as
    extra attributes)."""
    strict = resource._client._strict

    def parse(data: dict[str, Any]) -> Any:
        from .._tolerant import parse_python
        from ..types import ChatCompletion

        return parse_python(ChatCompletion, data, strict=strict)

    return parse


class ChatCompletionHelpers:
    create: Callable[..., Any]

    def parse(
        self,
        *,
        messages: Any,
        model: Any,
        response_format: type[ResponseFormatT] | NotGiven | Omit = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        extra_headers: Any = None,
        **params: Any,
    ) -> ParsedChatCompletion[ResponseFormatT]:
        """`create()` with `response_format=MyModel`: returns a `ParsedChatCompletion` whose
        `choices[i].message.parsed` is a `MyModel` and whose strict tool calls carry
        `function.parsed_arguments`. Raises `LengthFinishReasonError` /
        `ContentFilterFinishReasonError` when a choice was cut short."""
        from ._parsing import (
            parse_chat_completion,
            type_to_response_format_param,
            validate_input_tools,
        )

        input_tools = validate_input_tools(tools)
        params.pop("stream", None)
        result = self.create(
            messages=messages,
            model=model,
            stream=False,
            response_format=type_to_response_format_param(response_format),
            tools=input_tools,
            extra_headers=_headers("chat.completions.parse", extra_headers),
            **params,
        )
        parsed: ParsedChatCompletion[ResponseFormatT] = post_process(
            result,
            lambda completion: parse_chat_completion(
                completion, response_format=response_format, input_tools=input_tools
            ),
        )
        return parsed

    def stream(
        self,
        *,
        messages: Any,
        model: Any,
        # A class (parsed into `message.parsed`) or a `response_format` dict (sent as given).
        response_format: type[ResponseFormatT] | dict[str, Any] | NotGiven | Omit = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        extra_headers: Any = None,
        **params: Any,
    ) -> ChatCompletionStreamManager[ResponseFormatT]:
        """`with client.chat.completions.stream(model=..., messages=...) as stream:` iterate
        typed events (`event.type == "content.delta"`...), then `stream.get_final_completion()`
        for the merged `ParsedChatCompletion`. The request is sent on entering the block."""
        from ._parsing import materialize_input_tools, type_to_response_format_param
        from .streaming.chat import ChatCompletionStreamManager

        input_tools = materialize_input_tools(tools)
        params.pop("stream", None)
        create = self.create
        headers = _headers("chat.completions.stream", extra_headers)
        fmt = type_to_response_format_param(response_format)

        def api_request() -> Any:
            return create(
                messages=messages,
                model=model,
                stream=True,
                response_format=fmt,
                tools=input_tools,
                extra_headers=headers,
                **params,
            )

        return ChatCompletionStreamManager(
            api_request,
            response_format=response_format,
            input_tools=input_tools,
            parse_completion=completion_parser(self),
        )


class AsyncChatCompletionHelpers:
    create: Callable[..., Any]

    async def parse(
        self,
        *,
        messages: Any,
        model: Any,
        response_format: type[ResponseFormatT] | NotGiven | Omit = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        extra_headers: Any = None,
        **params: Any,
    ) -> ParsedChatCompletion[ResponseFormatT]:
        """`await client.chat.completions.parse(...)` (see the sync twin)."""
        from ._parsing import (
            parse_chat_completion,
            type_to_response_format_param,
            validate_input_tools,
        )

        input_tools = validate_input_tools(tools)
        params.pop("stream", None)
        result = await self.create(
            messages=messages,
            model=model,
            stream=False,
            response_format=type_to_response_format_param(response_format),
            tools=input_tools,
            extra_headers=_headers("chat.completions.parse", extra_headers),
            **params,
        )
        parsed: ParsedChatCompletion[ResponseFormatT] = apost_process(
            result,
            lambda completion: parse_chat_completion(
                completion, response_format=response_format, input_tools=input_tools
            ),
        )
        return parsed

    def stream(
        self,
        *,
        messages: Any,
        model: Any,
        # A class (parsed into `message.parsed`) or a `response_format` dict (sent as given).
        response_format: type[ResponseFormatT] | dict[str, Any] | NotGiven | Omit = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        extra_headers: Any = None,
        **params: Any,
    ) -> AsyncChatCompletionStreamManager[ResponseFormatT]:
        """`async with client.chat.completions.stream(...) as stream:` (see the sync twin)."""
        from ._parsing import materialize_input_tools, type_to_response_format_param
        from .streaming.chat import AsyncChatCompletionStreamManager

        input_tools = materialize_input_tools(tools)
        params.pop("stream", None)
        create = self.create
        headers = _headers("chat.completions.stream", extra_headers)
        fmt = type_to_response_format_param(response_format)

        async def api_request() -> Any:
            return await create(
                messages=messages,
                model=model,
                stream=True,
                response_format=fmt,
                tools=input_tools,
                extra_headers=headers,
                **params,
            )

        return AsyncChatCompletionStreamManager(
            api_request,
            response_format=response_format,
            input_tools=input_tools,
            parse_completion=completion_parser(self),
        )
