"""Payloads the scenarios send and receive: the same bytes for every implementation."""

from __future__ import annotations

import base64
import json
import random
import struct

BASE_URL = "http://bench.invalid/v1"
API_KEY = "sk-bench-not-a-real-key"
MODEL = "gpt-4o-mini"


def messages(count: int) -> list[dict[str, str]]:
    """A conversation of `count` messages, alternating user/assistant after a system prompt."""
    out = [{"role": "system", "content": "You are a terse assistant that answers in one line."}]
    for i in range(count - 1):
        role = "user" if i % 2 == 0 else "assistant"
        out.append({"role": role, "content": f"Message {i}: what is {i} plus {i}? Answer briefly."})
    return out[:count]


def chat_completion(content: str) -> dict[str, object]:
    return {
        "id": "chatcmpl-bench0001",
        "object": "chat.completion",
        "created": 1_760_000_000,
        "model": MODEL,
        "system_fingerprint": "fp_bench",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": 57,
            "completion_tokens": 420,
            "total_tokens": 477,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
    }


# A short reply for the per-call scenario, so the call's own overhead dominates.
SMALL_COMPLETION = json.dumps(chat_completion("Hello! How can I help?")).encode()


def completion_2kb() -> bytes:
    """A chat.completion of about 2 KB: a long answer plus the usual envelope."""
    words = "The quick brown fox jumps over the lazy dog while the bench measures parsing. "
    body = json.dumps(chat_completion(words * 20)).encode()
    return body


def _vectors(rows: int, dims: int) -> list[list[float]]:
    rng = random.Random(1536)
    return [[rng.uniform(-0.1, 0.1) for _ in range(dims)] for _ in range(rows)]


def embeddings(rows: int = 100, dims: int = 1536, *, encoding: str) -> bytes:
    """A create-embeddings response; base64 is little-endian float32, as OpenAI sends it."""
    data = []
    for index, vector in enumerate(_vectors(rows, dims)):
        if encoding == "base64":
            packed = struct.pack(f"<{dims}f", *vector)
            value: object = base64.b64encode(packed).decode()
        else:
            value = [float(f"{x:.8f}") for x in vector]
        data.append({"object": "embedding", "index": index, "embedding": value})
    return json.dumps(
        {
            "object": "list",
            "data": data,
            "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 800, "total_tokens": 800},
        }
    ).encode()


def chunk(index: int, *, first: bool = False, last: bool = False) -> dict[str, object]:
    delta: dict[str, object] = {"content": f"tok{index} "}
    if first:
        delta = {"role": "assistant", "content": "", "refusal": None}
    choice: dict[str, object] = {
        "index": 0,
        "delta": delta,
        "logprobs": None,
        "finish_reason": "stop" if last else None,
    }
    if last:
        choice["delta"] = {}
    return {
        "id": "chatcmpl-bench0002",
        "object": "chat.completion.chunk",
        "created": 1_760_000_000,
        "model": MODEL,
        "system_fingerprint": "fp_bench",
        "service_tier": "default",
        "choices": [choice],
    }


def sse_events(count: int) -> list[bytes]:
    """`count` chat chunks as SSE frames (one network read each), then `data: [DONE]`."""
    frames = []
    for i in range(count):
        payload = json.dumps(chunk(i, first=i == 0, last=i == count - 1), separators=(",", ":"))
        frames.append(f"data: {payload}\n\n".encode())
    frames.append(b"data: [DONE]\n\n")
    return frames


# -- helpers: structured outputs and the Responses stream ---------------------------------------

STRUCTURED_CONTENT = json.dumps(
    {"city": "Oslo", "country": "Norway", "population": 709037, "temperatures": [1.5, -2.0, 3.25],
     "tags": ["capital", "port", "fjord"]}
)
STRUCTURED_COMPLETION = json.dumps(chat_completion(STRUCTURED_CONTENT)).encode()


def response_events(count: int) -> list[bytes]:
    """A Responses stream: created, item added, `count` text deltas, text done, item done,
    completed; as SSE frames with event names, no [DONE] (as OpenAI sends it)."""
    text_parts = [f"word{i} " for i in range(count)]
    text = "".join(text_parts)
    message = {"type": "message", "id": "msg_bench", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": text, "annotations": []}]}  # fmt: skip
    response = {"id": "resp_bench", "object": "response", "created_at": 1_760_000_000,
                "status": "completed", "model": MODEL, "output": [message]}  # fmt: skip
    events: list[dict[str, object]] = [
        {"type": "response.created", "response": {**response, "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**message, "status": "in_progress", "content": []}},
        {"type": "response.content_part.added", "item_id": "msg_bench", "output_index": 0,
         "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}},
    ]  # fmt: skip
    for part in text_parts:
        events.append({"type": "response.output_text.delta", "item_id": "msg_bench",
                       "output_index": 0, "content_index": 0, "delta": part, "logprobs": []})  # fmt: skip
    events += [
        {"type": "response.output_text.done", "item_id": "msg_bench", "output_index": 0,
         "content_index": 0, "text": text, "logprobs": []},
        {"type": "response.output_item.done", "output_index": 0, "item": message},
        {"type": "response.completed", "response": response},
    ]  # fmt: skip
    frames = []
    for number, event in enumerate(events):
        event["sequence_number"] = number
        data = json.dumps(event, separators=(",", ":"))
        frames.append(f"event: {event['type']}\ndata: {data}\n\n".encode())
    return frames


# -- realtime (WebSocket) ------------------------------------------------------------------------

REALTIME_MODEL = "gpt-realtime"


def realtime_turn(count: int) -> list[str]:
    """The server events of one spoken answer: response.created, alternating audio and transcript
    deltas (1 KB of base64 audio each), response.done; `count` events in all."""
    where = {"response_id": "resp_1", "item_id": "item_1", "output_index": 0, "content_index": 0}
    response = {"id": "resp_1", "object": "realtime.response", "output": [],
                "conversation_id": "conv_1", "output_modalities": ["audio"]}  # fmt: skip
    created = {"type": "response.created", "event_id": "evt_0",
               "response": {**response, "status": "in_progress"}}  # fmt: skip
    events: list[dict[str, object]] = [created]
    for i in range(1, count - 1):
        if i % 2:
            events.append({"type": "response.output_audio.delta", "event_id": f"evt_{i}",
                           **where, "delta": "UklGRiQAAABXQVZF" * 64})  # fmt: skip
        else:
            events.append({"type": "response.output_audio_transcript.delta",
                           "event_id": f"evt_{i}", **where, "delta": f"word{i} "})  # fmt: skip
    events.append({"type": "response.done", "event_id": f"evt_{count - 1}",
                   "response": {**response, "status": "completed"}})  # fmt: skip
    return [json.dumps(event) for event in events]
