"""Server scripts and client sessions shared by the realtime tests and the parity driver.

The server side (`serve_*`) answers client events the way the Realtime and Responses WebSocket
servers do, with events valid for the pinned spec (the tests check that they parse without
anything tolerated). `TRIGGER_*` client events make the server misbehave on purpose.
"""

from __future__ import annotations

import json
import socket
from typing import Any

from websockets.sync.server import ServerConnection
from ws_server import ConnectionRecord, receive

AUDIO_DELTAS = 6
TEXT_DELTAS = ["Hel", "lo", ", wor", "ld", "!"]
UNKNOWN_EVENT = {"type": "response.brand_new_thing", "event_id": "evt_new", "payload": {"a": [1, 2]}}


def realtime_response(status: str) -> dict[str, Any]:
    return {"id": "resp_1", "object": "realtime.response", "status": status,
            "output": [], "conversation_id": "conv_1", "output_modalities": ["audio"]}  # fmt: skip


def realtime_events_for(event: dict[str, Any], counter: list[int]) -> list[dict[str, Any]]:
    """The Realtime server's answer to one client event (an empty list: no answer)."""

    def eid() -> str:
        counter[0] += 1
        return f"evt_{counter[0]}"

    kind = event.get("type")
    if kind == "session.update":
        session = {**event["session"], "id": "sess_1", "object": "realtime.session"}
        return [{"type": "session.updated", "event_id": eid(), "session": session}]
    if kind == "transcription_session.update":
        return [{"type": "transcription_session.updated", "event_id": eid(),
                 "session": event["session"]}]  # fmt: skip
    if kind == "conversation.item.create":
        item = {**event["item"], "id": "item_user", "object": "realtime.item",
                "status": "completed"}  # fmt: skip
        return [
            {"type": "conversation.item.added", "event_id": eid(), "previous_item_id": None,
             "item": item},
            {"type": "conversation.item.done", "event_id": eid(), "previous_item_id": None,
             "item": item},
        ]  # fmt: skip
    if kind == "input_audio_buffer.commit":
        return [{"type": "input_audio_buffer.committed", "event_id": eid(),
                 "previous_item_id": "item_user", "item_id": "item_audio"}]  # fmt: skip
    if kind == "response.cancel":
        return [error_event(eid(), "response_cancel_not_active", "no active response", event)]
    if kind == "response.create":
        where = {"response_id": "resp_1", "item_id": "item_out", "output_index": 0,
                 "content_index": 0}  # fmt: skip
        events: list[dict[str, Any]] = [
            {"type": "response.created", "event_id": eid(), "response": realtime_response("in_progress")}
        ]
        for i in range(AUDIO_DELTAS):
            events.append({"type": "response.output_audio.delta", "event_id": eid(), **where,
                           "delta": "UklGRg" + "A" * (8 * i)})  # fmt: skip
            events.append({"type": "response.output_audio_transcript.delta", "event_id": eid(),
                           **where, "delta": f"word{i} "})  # fmt: skip
        events.append({**UNKNOWN_EVENT, "event_id": eid()})
        events.append({"type": "response.output_audio.done", "event_id": eid(), **where})
        events.append({"type": "response.done", "event_id": eid(),
                       "response": realtime_response("completed")})  # fmt: skip
        return events
    return []


def error_event(event_id: str, code: str, message: str, cause: dict[str, Any]) -> dict[str, Any]:
    return {"type": "error", "event_id": event_id,
            "error": {"type": "invalid_request_error", "code": code, "message": message,
                      "param": None, "event_id": cause.get("event_id")}}  # fmt: skip


def response_object(status: str, text: str | None) -> dict[str, Any]:
    output = [] if text is None else [
        {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
         "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]}
    ]  # fmt: skip
    return {"id": "resp_ws_1", "object": "response", "created_at": 1760000000, "status": status,
            "model": "gpt-5", "output": output, "parallel_tool_calls": True, "tool_choice": "auto",
            "tools": [], "temperature": 1.0, "top_p": 1.0, "metadata": {}, "error": None,
            "incomplete_details": None, "instructions": None}  # fmt: skip


def responses_events_for(event: dict[str, Any], counter: list[int]) -> list[dict[str, Any]]:
    """The Responses WebSocket server's answer to one client event."""
    if event.get("type") != "response.create":
        return [{"type": "error", "status": 400,
                 "error": {"type": "invalid_request_error", "code": "unknown_event", "param": None,
                           "message": f"unknown client event {event.get('type')!r}"}}]  # fmt: skip
    lane = {"stream_id": event["stream_id"]} if "stream_id" in event else {}
    seq = counter
    events: list[dict[str, Any]] = []

    def add(**fields: Any) -> None:
        seq[0] += 1
        events.append({**fields, "sequence_number": seq[0], **lane})

    add(type="response.created", response=response_object("in_progress", None))
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    for piece in TEXT_DELTAS:
        add(type="response.output_text.delta", **where, delta=piece, logprobs=[])
    add(type="response.output_text.done", **where, text="".join(TEXT_DELTAS), logprobs=[])
    add(type="response.completed", response=response_object("completed", "".join(TEXT_DELTAS)))
    return events


def serve(connection: ServerConnection, record: ConnectionRecord, *, responses: bool) -> None:
    """Answer client events until the client closes; `trigger.*` events misbehave on purpose."""
    counter = [0]
    answer = responses_events_for if responses else realtime_events_for
    while True:
        event = json.loads(receive(connection, record))
        kind = event.get("type")
        if kind == "trigger.error":
            connection.send(json.dumps(error_event("evt_err", "invalid_value", "bad value", event)))
            continue
        if kind == "trigger.drop":
            # Half a response, then the TCP connection goes away without a close frame.
            for sent in (answer({"type": "response.create"}, counter))[:3]:
                connection.send(json.dumps(sent))
            connection.socket.shutdown(socket.SHUT_RDWR)
            return
        if kind == "trigger.close":
            connection.close(1000, "bye")
            return
        for sent in answer(event, counter):
            connection.send(json.dumps(sent))


def serve_realtime(connection: ServerConnection, record: ConnectionRecord) -> None:
    serve(connection, record, responses=False)


def serve_responses(connection: ServerConnection, record: ConnectionRecord) -> None:
    serve(connection, record, responses=True)


def serve_by_path(connection: ServerConnection, record: ConnectionRecord) -> None:
    """Responses for a `/responses` connection, Realtime for any other."""
    serve(connection, record, responses=record.path.split("?")[0].endswith("/responses"))
