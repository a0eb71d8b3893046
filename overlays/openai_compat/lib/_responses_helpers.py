"""`responses.parse()` and `responses.stream()` as mixins of the generated `Responses`
resources. `stream()` starts a new response, or (with `response_id`, optionally
`starting_after`) resumes the event stream of an existing background response."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, overload

from .._runtime import NOT_GIVEN, NotGiven, Omit
from ._post import apost_process, post_process
from ._utils import is_given

if TYPE_CHECKING:
    from ._parsed_responses import ParsedResponse, TextFormatT
    from .streaming.responses import AsyncResponseStreamManager, ResponseStreamManager

# `_parsed_responses` and `streaming.responses` load the Response models: imported on use.

__all__ = ["AsyncResponsesHelpers", "ResponsesHelpers"]


def _text_with_format(text: Any, text_format: Any) -> Any:
    from ._parsed_responses import type_to_text_format_param

    if not is_given(text_format):
        return text
    text = dict(text) if is_given(text) and text else {}
    if "format" in text:
        raise TypeError("Cannot mix and match text.format with text_format")
    text["format"] = type_to_text_format_param(text_format)
    return text


def _output_format(text_format: Any, parse_as: Any) -> Any:
    if parse_as is None:
        return NOT_GIVEN  # parse_as=None: read plain output_text
    return parse_as if is_given(parse_as) else text_format


def _stream_plan(params: dict[str, Any]) -> tuple[str, Any]:
    """ "create" or "resume", after openai-python's checks of the arguments (`params` loses
    `response_id` and `starting_after`)."""
    response_id = params.pop("response_id", NOT_GIVEN)
    starting_after = params.pop("starting_after", NOT_GIVEN)
    passthrough = {
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "text_format",
        "tools",
        "include",
    }
    new_args = [k for k, v in params.items() if k not in passthrough and is_given(v)]
    if (is_given(response_id) or is_given(starting_after)) and new_args:
        raise ValueError(
            "Cannot provide both response_id/starting_after can't be provided together with "
            + ", ".join(new_args)
        )
    if new_args:
        if not is_given(params.get("input", NOT_GIVEN)):
            raise ValueError("input must be provided when creating a new response")
        if not is_given(params.get("model", NOT_GIVEN)):
            raise ValueError("model must be provided when creating a new response")
        return "create", None
    if not is_given(response_id):
        raise ValueError("id must be provided when streaming an existing response")
    return "resume", (response_id, starting_after if is_given(starting_after) else None)


@functools.cache
def _retrieve_stream_op() -> Any:
    # `GET /responses/{id}?stream=true` streams the same events as create; the spec's
    # retrieve operation does not say so, so the helper streams it explicitly.
    from .._generated.openai.resources import responses as generated

    retrieve = generated._RESPONSES_RETRIEVE
    return retrieve._replace(
        streams="always", stream_event_model=generated._RESPONSES_CREATE.stream_event_model
    )


def _resume_args(response_id: str, include: Any) -> dict[str, Any]:
    return {"response_id": response_id, "stream": True, "include": include or []}


class ResponsesHelpers:
    _client: Any
    create: Callable[..., Any]  # the generated method this helper sits beside

    @overload
    def parse(
        self,
        *,
        text_format: type | NotGiven | Omit = NOT_GIVEN,
        parse_as: type[TextFormatT] | None,
        text: Any = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        **params: Any,
    ) -> ParsedResponse[TextFormatT]: ...

    @overload
    def parse(
        self,
        *,
        text_format: type[TextFormatT] | NotGiven | Omit = NOT_GIVEN,
        parse_as: NotGiven | Omit = NOT_GIVEN,
        text: Any = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        **params: Any,
    ) -> ParsedResponse[TextFormatT]: ...

    def parse(
        self,
        *,
        text_format: Any = NOT_GIVEN,
        parse_as: Any = NOT_GIVEN,
        text: Any = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        **params: Any,
    ) -> ParsedResponse[Any]:
        """`create()` whose result is a `ParsedResponse`: `output_parsed` is the output text
        validated into `text_format`; strict function calls carry `parsed_arguments`."""
        from ._parsed_responses import make_tools, parse_response

        text = _text_with_format(text, text_format)
        output_format = _output_format(text_format, parse_as)
        input_tools = make_tools(tools)
        result = self.create(text=text, tools=input_tools, **params)
        parsed: ParsedResponse[Any] = post_process(
            result,
            lambda response: parse_response(
                response, text_format=output_format, input_tools=input_tools
            ),
        )
        return parsed

    def stream(
        self, *, text_format: type[TextFormatT] | NotGiven | Omit = NOT_GIVEN, **params: Any
    ) -> ResponseStreamManager[TextFormatT]:
        """`with client.responses.stream(model=..., input=...) as stream:` iterate the events,
        then `stream.get_final_response()`. With `response_id=` (and `starting_after=`) it
        resumes the stream of an existing response instead."""
        from ._parsed_responses import make_tools
        from .streaming.responses import ResponseStreamManager

        tools = make_tools(params.pop("tools", NOT_GIVEN))
        plan, resume = _stream_plan(params)
        if plan == "create":
            params["text"] = _text_with_format(params.get("text", NOT_GIVEN), text_format)
            create = self.create

            def api_request() -> Any:
                return create(stream=True, tools=tools, **params)

            return ResponseStreamManager(
                api_request, text_format=text_format, input_tools=tools, starting_after=None
            )
        response_id, starting_after = resume
        client = self._client

        def resume_request() -> Any:
            return client._request(
                _retrieve_stream_op(),
                _resume_args(response_id, params.get("include")),
                params.get("extra_headers"),
                params.get("extra_query"),
                params.get("extra_body"),
                params.get("timeout", NOT_GIVEN),
            )

        return ResponseStreamManager(
            resume_request,
            text_format=text_format,
            input_tools=tools,
            starting_after=starting_after,
        )


class AsyncResponsesHelpers:
    _client: Any
    create: Callable[..., Any]

    @overload
    async def parse(
        self,
        *,
        text_format: type | NotGiven | Omit = NOT_GIVEN,
        parse_as: type[TextFormatT] | None,
        text: Any = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        **params: Any,
    ) -> ParsedResponse[TextFormatT]: ...

    @overload
    async def parse(
        self,
        *,
        text_format: type[TextFormatT] | NotGiven | Omit = NOT_GIVEN,
        parse_as: NotGiven | Omit = NOT_GIVEN,
        text: Any = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        **params: Any,
    ) -> ParsedResponse[TextFormatT]: ...

    async def parse(
        self,
        *,
        text_format: Any = NOT_GIVEN,
        parse_as: Any = NOT_GIVEN,
        text: Any = NOT_GIVEN,
        tools: Any = NOT_GIVEN,
        **params: Any,
    ) -> ParsedResponse[Any]:
        """`await client.responses.parse(...)` (see the sync twin)."""
        from ._parsed_responses import make_tools, parse_response

        text = _text_with_format(text, text_format)
        output_format = _output_format(text_format, parse_as)
        input_tools = make_tools(tools)
        result = await self.create(text=text, tools=input_tools, **params)
        parsed: ParsedResponse[Any] = apost_process(
            result,
            lambda response: parse_response(
                response, text_format=output_format, input_tools=input_tools
            ),
        )
        return parsed

    def stream(
        self, *, text_format: type[TextFormatT] | NotGiven | Omit = NOT_GIVEN, **params: Any
    ) -> AsyncResponseStreamManager[TextFormatT]:
        """`async with client.responses.stream(...) as stream:` (see the sync twin)."""
        from ._parsed_responses import make_tools
        from .streaming.responses import AsyncResponseStreamManager

        tools = make_tools(params.pop("tools", NOT_GIVEN))
        plan, resume = _stream_plan(params)
        if plan == "create":
            params["text"] = _text_with_format(params.get("text", NOT_GIVEN), text_format)
            create = self.create

            async def api_request() -> Any:
                return await create(stream=True, tools=tools, **params)

            return AsyncResponseStreamManager(
                api_request, text_format=text_format, input_tools=tools, starting_after=None
            )
        response_id, starting_after = resume
        client = self._client

        async def resume_request() -> Any:
            return await client._request(
                _retrieve_stream_op(),
                _resume_args(response_id, params.get("include")),
                params.get("extra_headers"),
                params.get("extra_query"),
                params.get("extra_body"),
                params.get("timeout", NOT_GIVEN),
            )

        return AsyncResponseStreamManager(
            resume_request,
            text_format=text_format,
            input_tools=tools,
            starting_after=starting_after,
        )
