"""`chat.completions.stream()`: typed events (sync and async), the stream's methods, and the
deviations of real servers openai-python's stream helper fails on (repeated tool-call ids, a
missing `index`, a whole call in one chunk, JSON in a code fence)."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from harness import MESSAGES, Harness, chunk, reply_sse

import openai_compat as oc
from openai_compat._tolerant import StrictValidationError
from openai_compat.lib.streaming.chat import ChunkEvent, ContentDeltaEvent, ContentDoneEvent
from openai_compat.types.chat import ParsedChatCompletion


class Answer(pydantic.BaseModel):
    city: str


async def events_and_final(h: Harness, **params: Any) -> tuple[list[Any], Any]:
    return await events_and_final_of(h.client(), h, **params)


async def events_and_final_of(client: Any, h: Harness, **params: Any) -> tuple[list[Any], Any]:
    manager = client.chat.completions.stream(model="m", messages=MESSAGES, **params)
    if h.is_async:
        async with manager as stream:
            events = [event async for event in stream]
            final = await stream.get_final_completion()
    else:
        with manager as stream:
            events = list(stream)
            final = stream.get_final_completion()
    return events, final


def tool_delta(call: dict[str, Any]) -> dict[str, Any]:
    base = chunk("")
    base["choices"][0]["delta"] = {"tool_calls": [call]}
    return base


async def test_content_events_in_order_with_partial_and_final_parse(h: Harness) -> None:
    h.server.handler = reply_sse(
        [chunk('{"ci'), chunk('ty": "Rome"}'), chunk("", finish="stop")]
    )
    events, final = await events_and_final(h, response_format=Answer)
    assert [e.type for e in events] == [
        "chunk", "content.delta", "chunk", "content.delta", "chunk", "content.delta",
        "content.done",
    ]  # fmt: skip
    deltas = [e for e in events if isinstance(e, ContentDeltaEvent)]
    assert [d.snapshot for d in deltas] == ['{"ci', '{"city": "Rome"}', '{"city": "Rome"}']
    assert deltas[1].parsed == {"city": "Rome"}  # partial JSON while streaming
    done = events[-1]
    assert isinstance(done, ContentDoneEvent) and done.parsed == Answer(city="Rome")
    assert isinstance(final, ParsedChatCompletion)
    assert final.choices[0].message.parsed == Answer(city="Rome")
    assert h.server.requests[-1].headers["X-Stainless-Helper-Method"] == "chat.completions.stream"


async def test_chunk_event_snapshot_is_the_completion_so_far(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("Hel"), chunk("lo"), chunk("", finish="stop")])
    manager = h.client().chat.completions.stream(model="m", messages=MESSAGES)
    seen = []
    if h.is_async:
        async with manager as stream:
            async for event in stream:
                if isinstance(event, ChunkEvent):
                    seen.append(event.snapshot.choices[0].message.content)
                    assert stream.current_completion_snapshot.choices[0].message.content == seen[-1]
    else:
        with manager as stream:
            for event in stream:
                if isinstance(event, ChunkEvent):
                    seen.append(event.snapshot.choices[0].message.content)
                    assert stream.current_completion_snapshot.choices[0].message.content == seen[-1]
    assert seen == ["Hel", "Hello", "Hello"]


async def test_until_done_then_final_completion(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("a"), chunk("b", finish="stop")])
    manager = h.client().chat.completions.stream(model="m", messages=MESSAGES)
    if h.is_async:
        async with manager as stream:
            assert await stream.until_done() is stream
            final = await stream.get_final_completion()
    else:
        with manager as stream:
            assert stream.until_done() is stream
            final = stream.get_final_completion()
    assert final.choices[0].message.content == "ab"


async def test_close_stops_the_stream(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("a"), chunk("b"), chunk("c", finish="stop")])
    manager = h.client().chat.completions.stream(model="m", messages=MESSAGES)
    if h.is_async:
        async with manager as stream:
            first = await stream.__anext__()
            await stream.close()
            rest = [e async for e in stream]
    else:
        with manager as stream:
            first = next(stream)
            stream.close()
            rest = list(stream)
    assert first.type == "chunk" and rest == []


# -- what real servers do ---------------------------------------------------------------------

TOOL = oc.pydantic_function_tool(Answer, name="answer")


async def test_tool_call_id_repeated_on_every_chunk(h: Harness) -> None:
    # vLLM / some proxies resend the id (and type and name) with each arguments piece.
    pieces = ['{"ci', 'ty": ', '"Oslo"}']
    h.server.handler = reply_sse(
        [
            tool_delta({"index": 0, "id": "call_1", "type": "function",
                        "function": {"name": "answer", "arguments": piece}})
            for piece in pieces
        ]
        + [chunk("", finish="tool_calls")]
    )
    events, final = await events_and_final(h, tools=[TOOL])
    calls = final.choices[0].message.tool_calls
    assert len(calls) == 1 and calls[0].id == "call_1"
    assert calls[0].function.parsed_arguments == Answer(city="Oslo")
    done = [e for e in events if e.type == "tool_calls.function.arguments.done"]
    assert [(d.index, d.name, d.parsed_arguments) for d in done] == [(0, "answer", Answer(city="Oslo"))]
    deltas = [e for e in events if e.type == "tool_calls.function.arguments.delta"]
    assert [d.arguments_delta for d in deltas] == pieces


async def test_tool_calls_without_index(h: Harness) -> None:
    # Some servers (older Ollama, llama.cpp builds) leave `index` out.
    h.server.handler = reply_sse(
        [
            tool_delta({"id": "call_1", "type": "function",
                        "function": {"name": "answer", "arguments": '{"city": "A"}'}}),
            tool_delta({"id": "call_2", "type": "function",
                        "function": {"name": "answer", "arguments": '{"city": "B"}'}}),
            chunk("", finish="tool_calls"),
        ]
    )  # fmt: skip
    events, final = await events_and_final(h, tools=[TOOL])
    calls = final.choices[0].message.tool_calls
    assert [c.id for c in calls] == ["call_1", "call_2"]
    assert [c.function.parsed_arguments.city for c in calls] == ["A", "B"]
    done = [e for e in events if e.type == "tool_calls.function.arguments.done"]
    assert [(d.index, d.parsed_arguments.city) for d in done] == [(0, "A"), (1, "B")]


async def test_every_call_numbered_zero(h: Harness) -> None:
    # Servers that number every call 0: a new id means a new call.
    h.server.handler = reply_sse(
        [
            tool_delta({"index": 0, "id": "call_1", "type": "function",
                        "function": {"name": "answer", "arguments": '{"city": "A"}'}}),
            tool_delta({"index": 0, "id": "call_2", "type": "function",
                        "function": {"name": "answer", "arguments": '{"city": "B"}'}}),
            chunk("", finish="tool_calls"),
        ]
    )  # fmt: skip
    _, final = await events_and_final(h, tools=[TOOL])
    assert [c.function.parsed_arguments.city for c in final.choices[0].message.tool_calls] == ["A", "B"]


async def test_content_in_a_code_fence_is_parsed(h: Harness) -> None:
    h.server.handler = reply_sse(
        [chunk("```json\n"), chunk('{"city": "Lima"}'), chunk("\n```", finish="stop")]
    )
    events, final = await events_and_final(h, response_format=Answer)
    deltas = [e for e in events if e.type == "content.delta"]
    assert deltas[1].parsed == {"city": "Lima"}  # partial parse skips the fence
    assert final.choices[0].message.parsed == Answer(city="Lima")


async def test_chunks_without_choices_or_with_unknown_fields_pass(h: Harness) -> None:
    usage = {**chunk(""), "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                                   "total_tokens": 2}, "x_vendor": {"a": 1}}  # fmt: skip
    h.server.handler = reply_sse([chunk("hi", finish="stop"), usage])
    events, final = await events_and_final(h)
    assert [e.type for e in events] == ["chunk", "content.delta", "content.done", "chunk"]
    assert final.usage.total_tokens == 2


async def test_length_with_response_format_raises_mid_stream(h: Harness) -> None:
    h.server.handler = reply_sse([chunk('{"city": '), chunk("", finish="length")])
    with pytest.raises(oc.LengthFinishReasonError) as info:
        await events_and_final(h, response_format=Answer)
    assert info.value.completion.choices[0].message.content == '{"city": '


async def test_refusal_events(h: Harness) -> None:
    refusal = chunk("")
    refusal["choices"][0]["delta"] = {"refusal": "No."}
    finish = chunk("", finish="stop")
    finish["choices"][0]["delta"] = {}
    h.server.handler = reply_sse([refusal, finish])
    events, final = await events_and_final(h, response_format=Answer)
    assert [e.type for e in events if e.type != "chunk"] == ["refusal.delta", "refusal.done"]
    assert final.choices[0].message.refusal == "No."
    assert final.choices[0].message.parsed is None


# -- what the merged completion shows: openai-python's fields, nothing invented ---------------


async def snapshots_and_final(
    h: Harness, client: Any = None, **params: Any
) -> tuple[list[dict[str, Any]], Any]:
    """Each chunk event's snapshot as `to_dict()` shows it when the event arrives."""
    client = client if client is not None else h.client()
    manager = client.chat.completions.stream(model="m", messages=MESSAGES, **params)
    snapshots: list[dict[str, Any]] = []
    if h.is_async:
        async with manager as stream:
            async for event in stream:
                if isinstance(event, ChunkEvent):
                    snapshots.append(event.snapshot.to_dict())
            final = await stream.get_final_completion()
    else:
        with manager as stream:
            for event in stream:
                if isinstance(event, ChunkEvent):
                    snapshots.append(event.snapshot.to_dict())
            final = stream.get_final_completion()
    return snapshots, final


def with_delta(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    base = chunk("", finish=finish)
    base["choices"][0]["delta"] = delta
    return base


async def test_final_completion_shows_unsent_fields_as_none(h: Harness) -> None:
    h.server.handler = reply_sse(
        [with_delta({"role": "assistant", "content": "Hi"}), with_delta({}, finish="stop")]
    )
    _, final = await events_and_final(h)
    dumped = final.to_dict()
    assert (dumped["system_fingerprint"], dumped["usage"]) == (None, None)
    message = dumped["choices"][0]["message"]
    assert {k: message[k] for k in ("annotations", "audio", "function_call", "tool_calls")} == {
        "annotations": None, "audio": None, "function_call": None, "tool_calls": None,
    }  # fmt: skip
    assert (message["role"], message["content"], message["parsed"]) == ("assistant", "Hi", None)
    assert final.system_fingerprint is None and final.usage is None
    assert oc.tolerated(final) == []


async def test_a_message_whose_chunks_carried_no_role_reads_none(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("a"), chunk("b", finish="stop")])
    snapshots, final = await snapshots_and_final(h)
    assert final.choices[0].message.role is None  # never filled with "assistant"
    assert final.to_dict()["choices"][0]["message"]["role"] is None
    assert snapshots[-1]["choices"][0]["message"]["role"] is None
    assert [(i.path, i.kind) for i in oc.tolerated(final)] == [
        ("choices[0].message.role", "null_for_non_null")
    ]


async def test_tool_calls_keep_the_index_the_server_sent(h: Harness) -> None:
    h.server.handler = reply_sse(
        [
            tool_delta({"index": 0, "id": "call_1", "type": "function",
                        "function": {"name": "answer", "arguments": '{"city": '}}),
            tool_delta({"index": 0, "function": {"arguments": '"Oslo"}'}}),
            tool_delta({"id": "call_2", "type": "function",
                        "function": {"name": "answer", "arguments": "{}"}}),
            chunk("", finish="tool_calls"),
        ]
    )  # fmt: skip
    _, final = await events_and_final(h)
    calls = final.to_dict()["choices"][0]["message"]["tool_calls"]
    assert [(c["id"], c.get("index", "none sent")) for c in calls] == [
        ("call_1", 0),
        ("call_2", "none sent"),
    ]
    assert calls[0]["function"] == {
        "name": "answer", "arguments": '{"city": "Oslo"}', "parsed_arguments": None
    }  # fmt: skip


async def test_snapshots_show_fields_as_openai_python_does(h: Harness) -> None:
    usage = {**chunk(""), "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                                   "total_tokens": 2}}  # fmt: skip
    h.server.handler = reply_sse(
        [
            with_delta({"role": "assistant", "content": "", "refusal": None}),
            chunk("Hi"),
            chunk("", finish="stop"),
            usage,
        ]
    )
    snapshots, final = await snapshots_and_final(h)
    first, second, done, last = snapshots
    # The first snapshot is the first chunk: the message holds the delta's keys only.
    assert first["choices"][0]["message"] == {"role": "assistant", "content": "", "refusal": None}
    assert "usage" not in first and first["system_fingerprint"] is None
    # From a choice's second chunk on every message field shows; `parsed` only once set.
    assert second["choices"][0]["message"] == {
        "content": "Hi", "refusal": None, "role": "assistant", "annotations": None,
        "audio": None, "function_call": None, "tool_calls": None,
    }  # fmt: skip
    assert second["usage"] is None
    assert done["choices"][0]["message"]["parsed"] is None  # content.done set it
    assert last["usage"] == {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    assert final.to_dict()["usage"] == last["usage"]


async def test_an_empty_finish_reason_mid_stream_gives_way_to_the_last(h: Harness) -> None:
    # Ollama sends finish_reason "" until the end: kept as sent in each chunk, not the final's.
    h.server.handler = reply_sse([chunk("a", finish=""), chunk("b", finish="stop")])
    events, final = await events_and_final(h)
    assert events[0].chunk.choices[0].finish_reason == ""
    assert final.choices[0].finish_reason == "stop"
    assert [e.type for e in events].count("content.done") == 1


async def test_strict_validation_accepts_the_final_completion_of_what_openai_streams(
    h: Harness,
) -> None:
    # A first delta with a role and a tool call but no content; usage, system_fingerprint and
    # the message's other fields were never sent: None everywhere, and nothing to report.
    h.server.handler = reply_sse(
        [
            with_delta({"role": "assistant", "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function",
                 "function": {"name": "answer", "arguments": ""}}]}),
            tool_delta({"index": 0, "function": {"arguments": '{"city": "Oslo"}'}}),
            with_delta({}, finish="tool_calls"),
        ]
    )  # fmt: skip
    _, final = await events_and_final_of(h.client(strict_response_validation=True), h)
    assert final.choices[0].message.tool_calls[0].function.arguments == '{"city": "Oslo"}'
    assert final.choices[0].message.content is None and final.usage is None
    assert oc.tolerated(final) == []


async def test_strict_validation_leaves_the_snapshots_of_an_unfinished_stream_alone(
    h: Harness,
) -> None:
    # Mid-stream the merged completion has no finish_reason yet: that is what a snapshot is,
    # not a server's mistake. Strict validation judges the final completion only.
    h.server.handler = reply_sse(
        [with_delta({"role": "assistant", "content": "Hi"}), with_delta({}, finish="stop")]
    )
    snapshots, final = await snapshots_and_final(h, h.client(strict_response_validation=True))
    assert snapshots[0]["choices"][0]["finish_reason"] is None
    assert snapshots[0]["choices"][0]["message"]["content"] == "Hi"
    assert final.choices[0].finish_reason == "stop" and oc.tolerated(final) == []


async def test_strict_validation_reports_a_message_without_a_role(h: Harness) -> None:
    h.server.handler = reply_sse([chunk("a"), chunk("b", finish="stop")])
    with pytest.raises(StrictValidationError, match=r"choices\[0\]\.message\.role"):
        await events_and_final_of(h.client(strict_response_validation=True), h)
