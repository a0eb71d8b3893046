"""Every OpenAI operation, called through the public client, is a request the pinned spec allows.

For each of the 288 operations of `openai_compat.OPERATIONS` (spec "openai"), the client method
named by `client_method` is called with a request built from the spec (the curl examples' bodies,
or the minimum the schema asks: see spec_requests.py). The mock server (Steady, see
mock_server.py) validates each request against the pinned spec and answers with a response
generated from the schema; the test passes when the mock reports no validation error and the
response parses into the operation's typed model.

The curl examples are OpenAI's, and a few break their own spec (a required property left out).
Each is first sent to the mock as it is, without the client: one the mock rejects is repaired
with the schema's required properties and noted, so that only the client can fail the test.
"""

from __future__ import annotations

from typing import Any

import httpx
import pydantic
import pytest
from conformance_report import REPORT
from conftest import ResponseLog
from mock_server import SteadyServer
from spec_examples import spec_operations
from spec_requests import SpecCall, calls_for, minimal_call, with_required

from openai_compat import (
    OPERATIONS,
    APIStatusError,
    BinaryResponse,
    InvalidArgumentError,
    OpenAI,
    Stream,
    SyncPage,
    tolerated,
)
from openai_compat._request import resolve_model
from openai_compat._runtime import Operation

OPENAI_RECORDS = [r for r in OPERATIONS if r.spec == "openai"]

# Operations that cannot pass, each with the reason (the summary lists them too).
KNOWN_FAILURES: dict[str, str] = {}

# Curl examples that break the spec in a way the mock does not notice (its anyOf check is
# lenient) but the client's own request validation does: left out, and noted.
EXAMPLE_DEFECTS: dict[tuple[str, str], str] = {}

PART = REPORT.part("operations", "operations (request valid per the mock, typed response)")
SHADOWED = "client_method does not resolve: a client attribute shadows the resource"
STREAM_EXAMPLE = "streaming curl example left to test_conformance_streams.py"
EXAMPLE_BREAKS_SPEC = "a curl example breaks the spec (the mock rejects it sent as it is)"


class ConformanceFailure(AssertionError):
    pass


def resolve_method(client: Any, client_method: str) -> tuple[Any, bool]:
    """The bound method, and whether a client attribute shadowed a resource on the way.

    `OpenAI.organization` is the organization id (as in openai-python), which hides the
    `organization` resource (the admin API); the resource is then built from its class
    descriptor so its operations are still checked, and the shadowing is reported.
    """
    target, shadowed = client, False
    for part in client_method.split("."):
        value = getattr(target, part)
        if value is None or isinstance(value, (str, int, float)):
            value = getattr(type(target), part).func(target)
            shadowed = True
        target = value
    return target, shadowed


def mock_verdict(steady: SteadyServer, method: str, call: SpecCall) -> str:
    """The mock's validation errors for the call's body sent as it is ("" when it is valid)."""
    response = httpx.request(method, steady.url + call.path, json=call.body, timeout=30.0)
    log = ResponseLog()
    log.record(response)
    return log.steady_errors() if response.headers.get("x-steady-request-valid") != "true" else ""


def prepared_calls(op: Operation, steady: SteadyServer) -> tuple[list[SpecCall], list[str]]:
    spec_op = spec_operations()[op.operation_id]
    calls, notes = [], []
    for call in calls_for(op, spec_op):
        notes += call.notes
        defect = EXAMPLE_DEFECTS.get(
            (op.operation_id, call.label.removeprefix("curl example ").strip("'"))
        )
        if defect:
            notes.append(f"{call.label} left out: {defect}")
            continue
        if _streams(call):
            notes.append(STREAM_EXAMPLE)
            continue
        json_example = call.label.startswith("curl") and "json" in (op.request_content_type or "")
        if json_example and (errors := mock_verdict(steady, op.method, call)):
            call = with_required(op, spec_op, call)
            if mock_verdict(steady, op.method, call):
                call = minimal_call(op, spec_op, call)
                notes.append(f"{EXAMPLE_BREAKS_SPEC}, so the minimal request was sent instead")
            else:
                notes.append(f"{EXAMPLE_BREAKS_SPEC}: required properties added")
            notes.append(f"[{call.label}] {_first_line(errors)}")
        calls.append(call)
    if not calls:  # every example streams: check the plain response with the minimal request
        calls.append(minimal_call(op, spec_op, SpecCall("the schema", kwargs=_path_kwargs(op))))
    return calls, notes


def _path_kwargs(op: Operation) -> dict[str, Any]:
    return {p.name: f"{p.name}_test" for p in op.params if p.location == "path"}


def _streams(call: SpecCall) -> bool:
    return call.body.get("stream") in (True, "true") or call.body.get("stream_format") == "sse"


def check_typed(op: Operation, result: Any) -> list[str]:
    """The result is the typed model the operation returns; returns what was tolerated."""
    if isinstance(result, BinaryResponse):
        assert isinstance(result.read(), bytes)
        return []
    if isinstance(result, Stream):
        return check_stream(op, result)
    if op.response_model is None:
        return []
    model = resolve_model(op.spec, op.response_model)
    if isinstance(result, SyncPage):  # the list model; iterating would fetch further pages
        if not all(isinstance(item, pydantic.BaseModel) for item in result.data):
            raise ConformanceFailure(f"a page of {model.__name__} holds untyped items")
        result = result.model
    if not isinstance(result, pydantic.BaseModel) or not _is_model_of(result, model):
        raise ConformanceFailure(f"expected a {model.__name__}, got {type(result).__name__}")
    return [str(issue) for issue in tolerated(result)]


def check_stream(op: Operation, stream: Stream[Any]) -> list[str]:
    """Every event of the stream is the operation's typed event model; at least one arrives."""
    assert op.stream_event_model is not None, f"{op.client_method} returned a stream it cannot type"
    model = resolve_model(op.spec, op.stream_event_model)
    issues: list[str] = []
    with stream:
        events = list(stream)
    if not events:
        raise ConformanceFailure("the stream ended without any event")
    for event in events:
        if not isinstance(event, pydantic.BaseModel) or not _is_model_of(event, model):
            raise ConformanceFailure(f"expected {model.__name__} events, got {event!r:.200}")
        issues += [str(issue) for issue in tolerated(event)]
    return issues


def _is_model_of(item: pydantic.BaseModel, model: type[pydantic.BaseModel]) -> bool:
    # A union response (RootModel) is returned as the variant it holds.
    return isinstance(item, model) or getattr(model, "__pydantic_root_model__", False)


def run_call(client: OpenAI, log: ResponseLog, op: Operation, call: SpecCall) -> list[str]:
    method, _ = resolve_method(client, op.client_method)
    log.last = None
    try:
        result = method(**call.kwargs)
    except APIStatusError as exc:
        raise ConformanceFailure(
            f"{call.label}: the mock rejected the request (HTTP {exc.status_code}):\n"
            + log.steady_errors()
        ) from exc
    except InvalidArgumentError as exc:
        raise ConformanceFailure(f"{call.label}: the client refused the request: {exc}") from exc
    errors = log.steady_errors() if log.last is not None else "no response"
    if log.last is None or log.last.headers.get("x-steady-request-valid") != "true":
        raise ConformanceFailure(f"{call.label}: the mock found the request invalid:\n{errors}")
    try:
        return check_typed(op, result)
    except (AssertionError, pydantic.ValidationError) as exc:
        raise ConformanceFailure(f"{call.label}: the response is not typed: {exc}") from exc


@pytest.mark.parametrize("record", OPENAI_RECORDS, ids=[r.client_method for r in OPENAI_RECORDS])
def test_operation_conforms(
    record: Any,
    steady: SteadyServer,
    mock_client: OpenAI,
    response_log: ResponseLog,
    generated_operations: dict[str, Operation],
) -> None:
    op = generated_operations[record.operation_id]
    name = record.client_method
    if name in KNOWN_FAILURES:
        PART.failed[name] = KNOWN_FAILURES[name]
        pytest.xfail(KNOWN_FAILURES[name])
    calls, notes = prepared_calls(op, steady)
    for note in notes:
        PART.notes[note].append(name)
    if resolve_method(mock_client, name)[1]:
        PART.notes[SHADOWED].append(name)
    tolerated_issues: list[str] = []
    try:
        for call in calls:
            tolerated_issues += run_call(mock_client, response_log, op, call)
    except Exception as exc:
        PART.failed[name] = f"{type(exc).__name__}: {exc}"
        raise
    if tolerated_issues:
        PART.notes["response needed tolerance (mock data vs model)"].append(name)
    PART.passed.append(name)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
