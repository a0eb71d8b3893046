"""Streaming operations with `stream=True` against the mock's server-sent events, as typed events.

The mock streams when the request says `Accept: text/event-stream` (the client does, for a
stream) and the spec declares a text/event-stream response; `X-Steady-Stream-Count` sets how many
events it sends. It ends with an `event: done` / `data: {}` frame instead of `data: [DONE]`:
the client must end the stream there and not hand out that frame as one more (empty) event, so
the test checks that exactly the requested number of events arrives.
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from conformance_report import REPORT
from conftest import ResponseLog
from mock_server import SteadyServer
from spec_examples import spec_operations
from spec_requests import SpecCall, minimal_call, resolve
from test_conformance_operations import ConformanceFailure, resolve_method

from openai_compat import OPERATIONS, APIStatusError, OpenAI, Stream, tolerated
from openai_compat._request import resolve_model
from openai_compat._runtime import Operation

STREAMING = [r for r in OPERATIONS if r.spec == "openai" and r.streams]
EVENTS = 3
PART = REPORT.part("streams", "streaming operations (stream=True, typed events)")


def declares_event_stream(operation_id: str) -> bool:
    """Whether the spec gives the operation a text/event-stream response (else the mock
    answers JSON even to a stream request, and there is nothing to stream)."""
    responses = spec_operations()[operation_id].raw.get("responses", {})
    return any("text/event-stream" in (resolve(r).get("content") or {}) for r in responses.values())


def stream_call(op: Operation) -> SpecCall:
    path_kwargs = {p.name: f"{p.name}_test" for p in op.params if p.location == "path"}
    call = minimal_call(op, spec_operations()[op.operation_id], SpecCall("stream", path_kwargs))
    names = {p.name for p in op.params}
    # audio.speech streams with stream_format="sse"; everything else with stream=True.
    flag = {"stream_format": "sse"} if "stream_format" in names else {"stream": True}
    call.kwargs.update(flag)
    call.kwargs["extra_headers"] = {"X-Steady-Stream-Count": str(EVENTS)}
    return call


def collect(op: Operation, result: Any) -> list[Any]:
    if not isinstance(result, Stream):
        raise ConformanceFailure(f"expected a Stream, got {type(result).__name__}")
    model = resolve_model(op.spec, op.stream_event_model or "")
    with result:
        events = list(result)
    for event in events:
        if not isinstance(event, pydantic.BaseModel):
            raise ConformanceFailure(f"an untyped event: {event!r:.200}")
        if not isinstance(event, model) and not getattr(model, "__pydantic_root_model__", False):
            raise ConformanceFailure(f"expected {model.__name__}, got {type(event).__name__}")
    return events


@pytest.mark.parametrize("record", STREAMING, ids=[r.client_method for r in STREAMING])
def test_stream_conforms(
    record: Any,
    steady: SteadyServer,
    mock_client: OpenAI,
    response_log: ResponseLog,
    generated_operations: dict[str, Operation],
) -> None:
    name = record.client_method
    if not declares_event_stream(record.operation_id):
        reason = "the spec declares no text/event-stream response, so the mock cannot stream it"
        PART.failed[name] = reason
        pytest.xfail(reason)
    op = generated_operations[record.operation_id]
    call = stream_call(op)
    method, _ = resolve_method(mock_client, name)
    try:
        events = collect(op, method(**call.kwargs))
        if (
            response_log.last is None
            or response_log.last.headers.get("x-steady-streaming") != "true"
        ):
            raise ConformanceFailure(f"the mock did not stream: {response_log.steady_errors()}")
        if len(events) != EVENTS:
            raise ConformanceFailure(
                f"expected {EVENTS} events, got {len(events)}: {events!r:.300}"
            )
    except (ConformanceFailure, APIStatusError) as exc:
        PART.failed[name] = f"{exc}\n{response_log.steady_errors()}"
        raise
    if any(tolerated(event) for event in events):
        PART.notes["events needed tolerance (mock data vs model)"].append(name)
    PART.passed.append(name)
