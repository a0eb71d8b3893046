"""Assistants streaming: `AssistantEventHandler` callbacks in order, snapshots, final objects,
for `runs.stream`, `submit_tool_outputs_stream` and `threads.create_and_run_stream`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from assistant_events import reply_assistant_stream
from harness import Harness

import openai_compat as oc


def recorder(is_async: bool) -> Any:
    calls: list[tuple[Any, ...]] = []

    def note(name: str, *values: Any) -> None:
        calls.append((name, *values))

    if is_async:

        class AsyncRecorder(oc.AsyncAssistantEventHandler):
            async def on_text_created(self, text: Any) -> None:
                note("text_created", text.value)

            async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
                note("text_delta", delta.value, snapshot.value)

            async def on_text_done(self, text: Any) -> None:
                note("text_done", text.value)

            async def on_message_done(self, message: Any) -> None:
                note("message_done", message.id)

            async def on_tool_call_created(self, tool_call: Any) -> None:
                note("tool_call_created", tool_call.id)

            async def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
                note("tool_call_delta", snapshot.function.arguments)

            async def on_tool_call_done(self, tool_call: Any) -> None:
                note("tool_call_done", tool_call.function.arguments)

            async def on_end(self) -> None:
                note("end")

        return AsyncRecorder(), calls

    class Recorder(oc.AssistantEventHandler):
        def on_text_created(self, text: Any) -> None:
            note("text_created", text.value)

        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            note("text_delta", delta.value, snapshot.value)

        def on_text_done(self, text: Any) -> None:
            note("text_done", text.value)

        def on_message_done(self, message: Any) -> None:
            note("message_done", message.id)

        def on_tool_call_created(self, tool_call: Any) -> None:
            note("tool_call_created", tool_call.id)

        def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
            note("tool_call_delta", snapshot.function.arguments)

        def on_tool_call_done(self, tool_call: Any) -> None:
            note("tool_call_done", tool_call.function.arguments)

        def on_end(self) -> None:
            note("end")

    return Recorder(), calls


EXPECTED = [
    ("text_created", "Hello"),
    ("text_delta", "Hello", "Hello"),
    ("text_delta", " there", "Hello there"),
    ("text_done", "Hello there"),
    ("message_done", "msg_1"),
    ("tool_call_created", "call_1"),
    ("tool_call_delta", '{"q": 1}'),
    ("tool_call_done", '{"q": 1}'),
    ("tool_call_done", '{"q": 1}'),
    ("end",),
]


async def run_to_end(h: Harness, manager: Any) -> Any:
    if h.is_async:
        async with manager as stream:
            await stream.until_done()
            return await stream.get_final_run(), await stream.get_final_messages()
    with manager as stream:
        stream.until_done()
        return stream.get_final_run(), stream.get_final_messages()


@pytest.mark.parametrize("method", ["stream", "create_and_stream"])
async def test_runs_stream_calls_the_handler_in_order(h: Harness, method: str) -> None:
    h.server.handler = reply_assistant_stream
    handler, calls = recorder(h.is_async)
    runs = h.client().beta.threads.runs
    manager = getattr(runs, method)(thread_id="thread_1", assistant_id="asst_1", event_handler=handler)
    run, messages = await run_to_end(h, manager)
    assert calls == EXPECTED
    assert run.status == "requires_action"
    assert [m.content[0].text.value for m in messages] == ["Hello there"]
    request = h.server.requests[-1]
    assert json.loads(request.body) == {"assistant_id": "asst_1", "stream": True}
    assert request.headers["X-Stainless-Custom-Event-Handler"] == "true"


async def test_default_handler_text_deltas_and_steps(h: Harness) -> None:
    h.server.handler = reply_assistant_stream
    manager = h.client().beta.threads.create_and_run_stream(assistant_id="asst_1")
    if h.is_async:
        async with manager as stream:
            texts = [t async for t in stream.text_deltas]
            steps = await stream.get_final_run_steps()
    else:
        with manager as stream:
            texts = list(stream.text_deltas)
            steps = stream.get_final_run_steps()
    assert texts == ["Hello", " there"]
    assert steps[0].step_details.tool_calls[0].function.arguments == '{"q": 1}'
    assert h.server.requests[-1].path == "/v1/threads/runs"


async def test_submit_tool_outputs_stream(h: Harness) -> None:
    h.server.handler = reply_assistant_stream
    manager = h.client().beta.threads.runs.submit_tool_outputs_stream(
        tool_outputs=[{"tool_call_id": "call_1", "output": "2"}], run_id="run_1", thread_id="thread_1"
    )
    run, _ = await run_to_end(h, manager)
    assert run.id == "run_1"
    assert h.server.requests[-1].path == "/v1/threads/thread_1/runs/run_1/submit_tool_outputs"


def test_a_handler_cannot_serve_two_streams() -> None:
    handler = oc.AssistantEventHandler()
    handler._init(object())
    with pytest.raises(RuntimeError, match="cannot be shared"):
        handler._init(object())
