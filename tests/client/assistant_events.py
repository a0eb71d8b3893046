"""An Assistants stream (run -> message with text -> tool-call step -> requires_action) as SSE
frames with event names, shared by the assistants tests and the parity harness."""

from __future__ import annotations

import json
from typing import Any

from loopback import LoopbackRequest

# Complete objects, as OpenAI sends them (nullable fields present as null).
RUN = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
       "assistant_id": "asst_1", "status": "queued", "model": "m", "instructions": "",
       "tools": [], "metadata": {}, "parallel_tool_calls": True, "required_action": None,
       "last_error": None, "expires_at": None, "started_at": None, "cancelled_at": None,
       "failed_at": None, "completed_at": None, "incomplete_details": None, "usage": None,
       "max_prompt_tokens": None, "max_completion_tokens": None, "truncation_strategy": None,
       "tool_choice": "auto", "response_format": "auto"}  # fmt: skip
MESSAGE = {"id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "thread_1",
           "role": "assistant", "content": [], "assistant_id": "asst_1", "run_id": "run_1",
           "attachments": [], "metadata": {}, "status": "in_progress", "incomplete_details": None,
           "completed_at": None, "incomplete_at": None}  # fmt: skip
TEXT = {"type": "text", "text": {"value": "Hello there", "annotations": []}}
STEP = {"id": "step_1", "object": "thread.run.step", "created_at": 1, "run_id": "run_1",
        "assistant_id": "asst_1", "thread_id": "thread_1", "type": "tool_calls",
        "status": "in_progress", "step_details": {"type": "tool_calls", "tool_calls": []},
        "metadata": {}, "last_error": None, "expired_at": None, "cancelled_at": None,
        "failed_at": None, "completed_at": None, "usage": None}  # fmt: skip


def text_delta(index: int, value: str) -> dict[str, Any]:
    return {"id": "msg_1", "object": "thread.message.delta",
            "delta": {"content": [{"index": index, "type": "text", "text": {"value": value}}]}}  # fmt: skip


def call_delta(arguments: str, *, first: bool = False) -> dict[str, Any]:
    call: dict[str, Any] = {"index": 0, "type": "function", "function": {"arguments": arguments}}
    if first:
        call.update(id="call_1", function={"name": "lookup", "arguments": arguments})
    return {"id": "step_1", "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls", "tool_calls": [call]}}}  # fmt: skip


EVENTS: list[tuple[str, dict[str, Any]]] = [
    ("thread.run.created", RUN),
    ("thread.run.in_progress", {**RUN, "status": "in_progress"}),
    ("thread.message.created", MESSAGE),
    ("thread.message.delta", text_delta(0, "Hello")),
    ("thread.message.delta", text_delta(0, " there")),
    ("thread.message.completed", {**MESSAGE, "status": "completed", "content": [TEXT]}),
    ("thread.run.step.created", STEP),
    ("thread.run.step.delta", call_delta('{"q": ', first=True)),
    ("thread.run.step.delta", call_delta("1}")),
    ("thread.run.step.completed", {**STEP, "status": "completed", "step_details": {
        "type": "tool_calls", "tool_calls": [{"id": "call_1", "type": "function",
        "function": {"name": "lookup", "arguments": '{"q": 1}', "output": None}}]}}),
    ("thread.run.requires_action", {**RUN, "status": "requires_action"}),
]  # fmt: skip


def reply_assistant_stream(request: LoopbackRequest) -> None:
    request.start_chunked()
    for name, data in EVENTS:
        request.write_chunk(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
    request.write_chunk(b"event: done\ndata: [DONE]\n\n")
    request.end_chunked()
