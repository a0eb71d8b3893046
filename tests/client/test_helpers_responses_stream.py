"""`responses.stream()`: new and resumed streams, snapshots, parsing, and tolerance of servers
that leave the output out of `response.completed` or skip `response.created`."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from harness import Harness, reply_sse, sent_json

from openai_compat.lib.streaming.responses import (
    ResponseCompletedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)


class Answer(pydantic.BaseModel):
    city: str


TEXT = '{"city": "Oslo"}'
MESSAGE = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
           "content": [{"type": "output_text", "text": TEXT, "annotations": []}]}  # fmt: skip
CALL = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup",
        "arguments": '{"q": 1}', "status": "completed"}  # fmt: skip
RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
            "model": "m", "output": [MESSAGE, CALL]}  # fmt: skip


def events(*, completed_output: Any = RESPONSE["output"], created: bool = True) -> list[dict[str, Any]]:
    items = [
        {"type": "response.created", "response": {**RESPONSE, "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**MESSAGE, "status": "in_progress", "content": []}},
        {"type": "response.output_text.delta", "output_index": 0, "content_index": 0,
         "item_id": "msg_1", "delta": TEXT[:8], "logprobs": []},
        {"type": "response.output_text.delta", "output_index": 0, "content_index": 0,
         "item_id": "msg_1", "delta": TEXT[8:], "logprobs": []},
        {"type": "response.output_text.done", "output_index": 0, "content_index": 0,
         "item_id": "msg_1", "text": TEXT, "logprobs": []},
        {"type": "response.output_item.done", "output_index": 0, "item": MESSAGE},
        {"type": "response.function_call_arguments.delta", "output_index": 1, "item_id": "fc_1",
         "delta": '{"q": '},
        {"type": "response.function_call_arguments.delta", "output_index": 1, "item_id": "fc_1",
         "delta": "1}"},
        {"type": "response.output_item.done", "output_index": 1, "item": CALL},
        {"type": "response.completed", "response": {**RESPONSE, "output": completed_output}},
    ]  # fmt: skip
    if not created:
        items = items[1:]
    for number, item in enumerate(items):
        item["sequence_number"] = number
    return items


async def collect(h: Harness, **params: Any) -> tuple[list[Any], Any]:
    manager = h.client().responses.stream(**params)
    if h.is_async:
        async with manager as stream:
            seen = [e async for e in stream]
            final = await stream.get_final_response()
    else:
        with manager as stream:
            seen = list(stream)
            final = stream.get_final_response()
    return seen, final


async def test_new_stream_adds_snapshots_and_parses(h: Harness) -> None:
    h.server.handler = reply_sse(events(), done=False)
    strict_tool = {"type": "function", "name": "lookup", "strict": True, "parameters": {}}
    seen, final = await collect(h, model="m", input="x", text_format=Answer, tools=[strict_tool])
    deltas = [e for e in seen if isinstance(e, ResponseTextDeltaEvent)]
    assert [d.snapshot for d in deltas] == [TEXT[:8], TEXT]
    done = next(e for e in seen if isinstance(e, ResponseTextDoneEvent))
    assert done.parsed == Answer(city="Oslo")
    arguments = [e.snapshot for e in seen if isinstance(e, ResponseFunctionCallArgumentsDeltaEvent)]
    assert arguments == ['{"q": ', '{"q": 1}']
    completed = seen[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    assert completed.response.output_parsed == Answer(city="Oslo")
    assert final is completed.response
    assert final.output[1].parsed_arguments == {"q": 1}
    assert final.output_text == TEXT
    body = sent_json(h.server)
    assert body["stream"] is True and body["text"]["format"]["name"] == "Answer"


async def test_resume_asks_for_the_stream_and_skips_seen_events(h: Harness) -> None:
    h.server.handler = reply_sse(events(), done=False)
    seen, final = await collect(h, response_id="resp_1", starting_after=6)
    assert [e.sequence_number for e in seen] == [7, 8, 9]
    assert final.id == "resp_1"
    request = h.server.requests[-1]
    assert request.method == "GET" and request.path == "/v1/responses/resp_1?stream=true"


async def test_resume_refuses_new_response_arguments(h: Harness) -> None:
    with pytest.raises(ValueError, match=r"response_id/starting_after.*model"):
        h.client().responses.stream(response_id="resp_1", model="m")
    with pytest.raises(ValueError, match="input must be provided"):
        h.client().responses.stream(model="m")
    with pytest.raises(ValueError, match="id must be provided"):
        h.client().responses.stream()


async def test_completed_without_output_uses_the_finished_items(h: Harness) -> None:
    # Some compatible servers send `response.completed` without the output (or skip created).
    h.server.handler = reply_sse(events(completed_output=None, created=False), done=False)
    _, final = await collect(h, model="m", input="x", text_format=Answer)
    assert [item.type for item in final.output] == ["message", "function_call"]
    assert final.output_parsed == Answer(city="Oslo")


async def test_no_completed_event_is_an_error_at_the_end(h: Harness) -> None:
    h.server.handler = reply_sse(events()[:-1], done=False)
    with pytest.raises(RuntimeError, match=r"response\.completed"):
        await collect(h, model="m", input="x")
