"""Assistants streaming methods: `beta.threads.runs.stream` / `create_and_stream` /
`submit_tool_outputs_stream` and `beta.threads.create_and_run_stream`, which return a context
manager over an `AssistantEventHandler` (yours, or a default one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "AsyncRunsStreamHelpers",
    "AsyncThreadsStreamHelpers",
    "RunsStreamHelpers",
    "ThreadsStreamHelpers",
]


def _headers(helper: str, event_handler: Any, extra_headers: Any) -> dict[str, Any]:
    return {
        "OpenAI-Beta": "assistants=v2",
        "X-Stainless-Stream-Helper": helper,
        "X-Stainless-Custom-Event-Handler": "true" if event_handler else "false",
        **(extra_headers or {}),
    }


class RunsStreamHelpers:
    create: Callable[..., Any]
    submit_tool_outputs: Callable[..., Any]

    def stream(
        self,
        *,
        assistant_id: str,
        thread_id: str,
        event_handler: Any = None,
        extra_headers: Any = None,
        **params: Any,
    ) -> Any:
        """Create a run and stream it: `with ... as stream: stream.until_done()`."""
        from .streaming.assistants import AssistantEventHandler, AssistantStreamManager

        headers = _headers("threads.runs.create_and_stream", event_handler, extra_headers)
        create = self.create

        def api_request() -> Any:
            return create(
                thread_id, assistant_id=assistant_id, stream=True, extra_headers=headers, **params
            )

        return AssistantStreamManager(
            api_request, event_handler=event_handler or AssistantEventHandler()
        )

    create_and_stream = stream

    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Any,
        run_id: str,
        thread_id: str,
        event_handler: Any = None,
        extra_headers: Any = None,
        **params: Any,
    ) -> Any:
        """Submit tool outputs and stream the rest of the run."""
        from .streaming.assistants import AssistantEventHandler, AssistantStreamManager

        headers = _headers("threads.runs.submit_tool_outputs_stream", event_handler, extra_headers)
        submit = self.submit_tool_outputs

        def api_request() -> Any:
            return submit(
                run_id,
                thread_id=thread_id,
                tool_outputs=tool_outputs,
                stream=True,
                extra_headers=headers,
                **params,
            )

        return AssistantStreamManager(
            api_request, event_handler=event_handler or AssistantEventHandler()
        )


class AsyncRunsStreamHelpers:
    create: Callable[..., Any]
    submit_tool_outputs: Callable[..., Any]

    def stream(
        self,
        *,
        assistant_id: str,
        thread_id: str,
        event_handler: Any = None,
        extra_headers: Any = None,
        **params: Any,
    ) -> Any:
        from .streaming.assistants import AsyncAssistantEventHandler, AsyncAssistantStreamManager

        headers = _headers("threads.runs.create_and_stream", event_handler, extra_headers)
        create = self.create

        async def api_request() -> Any:
            return await create(
                thread_id, assistant_id=assistant_id, stream=True, extra_headers=headers, **params
            )

        return AsyncAssistantStreamManager(
            api_request, event_handler=event_handler or AsyncAssistantEventHandler()
        )

    create_and_stream = stream

    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Any,
        run_id: str,
        thread_id: str,
        event_handler: Any = None,
        extra_headers: Any = None,
        **params: Any,
    ) -> Any:
        from .streaming.assistants import AsyncAssistantEventHandler, AsyncAssistantStreamManager

        headers = _headers("threads.runs.submit_tool_outputs_stream", event_handler, extra_headers)
        submit = self.submit_tool_outputs

        async def api_request() -> Any:
            return await submit(
                run_id,
                thread_id=thread_id,
                tool_outputs=tool_outputs,
                stream=True,
                extra_headers=headers,
                **params,
            )

        return AsyncAssistantStreamManager(
            api_request, event_handler=event_handler or AsyncAssistantEventHandler()
        )


class ThreadsStreamHelpers:
    create_and_run: Callable[..., Any]

    def create_and_run_stream(
        self,
        *,
        assistant_id: str,
        event_handler: Any = None,
        extra_headers: Any = None,
        **params: Any,
    ) -> Any:
        """Create a thread and a run on it, streamed."""
        from .streaming.assistants import AssistantEventHandler, AssistantStreamManager

        headers = _headers("threads.create_and_run_stream", event_handler, extra_headers)
        create_and_run = self.create_and_run

        def api_request() -> Any:
            return create_and_run(
                assistant_id=assistant_id, stream=True, extra_headers=headers, **params
            )

        return AssistantStreamManager(
            api_request, event_handler=event_handler or AssistantEventHandler()
        )


class AsyncThreadsStreamHelpers:
    create_and_run: Callable[..., Any]

    def create_and_run_stream(
        self,
        *,
        assistant_id: str,
        event_handler: Any = None,
        extra_headers: Any = None,
        **params: Any,
    ) -> Any:
        from .streaming.assistants import AsyncAssistantEventHandler, AsyncAssistantStreamManager

        headers = _headers("threads.create_and_run_stream", event_handler, extra_headers)
        create_and_run = self.create_and_run

        async def api_request() -> Any:
            return await create_and_run(
                assistant_id=assistant_id, stream=True, extra_headers=headers, **params
            )

        return AsyncAssistantStreamManager(
            api_request, event_handler=event_handler or AsyncAssistantEventHandler()
        )
