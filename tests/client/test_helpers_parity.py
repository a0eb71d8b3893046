"""openai-python (3.54.0, in .ref-venv) and openai-compat side by side: the same scenario
(parity_scenarios.py) against the same loopback server must show the caller the same events in
the same order, the same final objects and the same errors."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from harness import CHAT_COMPLETION, chunk, reply_json, reply_sse
from loopback import LoopbackRequest, LoopbackServer

ROOT = Path(__file__).resolve().parents[2]
REF_PYTHON = ROOT / ".ref-venv" / "bin" / "python"
SCRIPT = Path(__file__).with_name("parity_scenarios.py")

WEATHER = '{"city": {"name": "Oslo", "population": 700000}, "temperatures": [1.5, -2]}'


def observe(python: Path | str, lib: str, scenario: str, base_url: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    done = subprocess.run(
        [str(python), str(SCRIPT), lib, scenario, base_url],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def side_by_side(server: LoopbackServer, scenario: str, make_handler: Any) -> tuple[Any, Any]:
    if not REF_PYTHON.exists():
        pytest.skip("openai-python reference not installed (make install creates .ref-venv)")
    base_url = server.url("/v1")
    server.handler = make_handler()
    reference = observe(REF_PYTHON, "openai", scenario, base_url)
    server.handler = make_handler()
    ours = observe(sys.executable, "openai_compat", scenario, base_url)
    return reference, ours


def completion(content: Any, finish: str = "stop", **message: Any) -> dict[str, Any]:
    body = copy.deepcopy(CHAT_COMPLETION)
    body["choices"][0]["message"].update(content=content, **message)
    body["choices"][0]["finish_reason"] = finish
    return body


def tool_chunk(index: int, *, call_id: str | None = None, name: str | None = None,
               arguments: str = "") -> dict[str, Any]:  # fmt: skip
    function: dict[str, Any] = {"arguments": arguments}
    if name is not None:
        function["name"] = name
    call: dict[str, Any] = {"index": index, "function": function}
    if call_id is not None:
        call.update(id=call_id, type="function")
    base = chunk("")
    base["choices"][0]["delta"] = {"tool_calls": [call]}
    return base


def logprob(token: str) -> dict[str, Any]:
    return {"token": token, "logprob": -0.5, "bytes": list(token.encode()), "top_logprobs": []}


def with_logprobs(piece: dict[str, Any], token: str) -> dict[str, Any]:
    piece["choices"][0]["logprobs"] = {"content": [logprob(token)], "refusal": None}
    return piece


def usage_chunk() -> dict[str, Any]:
    base = chunk("")
    base["choices"] = []
    base["usage"] = {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    return base


CHAT_STREAMS: dict[str, list[dict[str, Any]]] = {
    "chat_stream_content": [
        {**chunk(""), "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]},
        with_logprobs(chunk('{"city": {"name": "Os'), "a"),
        with_logprobs(chunk('lo", "population": 700000}, '), "b"),
        chunk('"temperatures": [1.5, -2]}'),
        chunk("", finish="stop"),
        usage_chunk(),
    ],
    "chat_stream_tools": [
        tool_chunk(0, call_id="call_1", name="get_weather"),
        tool_chunk(0, arguments='{"city": {"name": "Oslo"'),
        tool_chunk(0, arguments=', "population": null}, "temperatures": []}'),
        tool_chunk(1, call_id="call_2", name="get_weather", arguments=WEATHER),
        chunk("", finish="tool_calls"),
    ],
    "chat_stream_refusal": [
        {**chunk(""), "choices": [{"index": 0, "delta": {"refusal": "I can"}, "finish_reason": None}]},
        {**chunk(""), "choices": [{"index": 0, "delta": {"refusal": "not help."}, "finish_reason": None}]},
        chunk("", finish="stop"),
    ],
    "chat_stream_length": [chunk('{"city": '), chunk("", finish="length")],
}

@pytest.mark.parametrize("scenario", sorted(CHAT_STREAMS))
def test_chat_stream_events_match_openai(loopback_server: LoopbackServer, scenario: str) -> None:
    reference, ours = side_by_side(
        loopback_server, scenario, lambda: reply_sse(CHAT_STREAMS[scenario])
    )
    assert ours == reference


@pytest.mark.parametrize(
    ("scenario", "body"),
    [
        ("chat_parse", completion(WEATHER)),
        ("chat_parse_length", completion('{"city": ', finish="length")),
        (
            "chat_parse_tools",
            completion(
                None,
                finish="tool_calls",
                tool_calls=[{"id": "call_1", "type": "function",
                             "function": {"name": "get_weather", "arguments": WEATHER}}],
            ),
        ),
    ],
)
def test_chat_parse_matches_openai(loopback_server: LoopbackServer, scenario: str, body: Any) -> None:
    reference, ours = side_by_side(loopback_server, scenario, lambda: reply_json(body))
    assert ours == reference


RESPONSE = {
    "id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "m",
    "output": [
        {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
         "content": [{"type": "output_text", "text": WEATHER, "annotations": []}]},
        {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather",
         "arguments": WEATHER, "status": "completed"},
    ],
}  # fmt: skip
MESSAGE_ITEM = RESPONSE["output"][0]  # type: ignore[index]
CALL_ITEM = RESPONSE["output"][1]  # type: ignore[index]
RESPONSE_EVENTS = [
    {"type": "response.created", "response": {**RESPONSE, "status": "in_progress", "output": []}},
    {"type": "response.output_item.added", "output_index": 0,
     "item": {**MESSAGE_ITEM, "status": "in_progress", "content": []}},
    {"type": "response.content_part.added", "output_index": 0, "content_index": 0, "item_id": "msg_1",
     "part": {"type": "output_text", "text": "", "annotations": []}},
    {"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "item_id": "msg_1",
     "delta": WEATHER[:20], "logprobs": []},
    {"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "item_id": "msg_1",
     "delta": WEATHER[20:], "logprobs": []},
    {"type": "response.output_text.done", "output_index": 0, "content_index": 0, "item_id": "msg_1",
     "text": WEATHER, "logprobs": []},
    {"type": "response.output_item.done", "output_index": 0, "item": MESSAGE_ITEM},
    {"type": "response.output_item.added", "output_index": 1,
     "item": {**CALL_ITEM, "arguments": "", "status": "in_progress"}},
    {"type": "response.function_call_arguments.delta", "output_index": 1, "item_id": "fc_1",
     "delta": WEATHER[:30]},
    {"type": "response.function_call_arguments.delta", "output_index": 1, "item_id": "fc_1",
     "delta": WEATHER[30:]},
    {"type": "response.function_call_arguments.done", "output_index": 1, "item_id": "fc_1",
     "arguments": WEATHER},
    {"type": "response.output_item.done", "output_index": 1, "item": CALL_ITEM},
    {"type": "response.completed", "response": RESPONSE},
]  # fmt: skip
for number, event in enumerate(RESPONSE_EVENTS):
    event["sequence_number"] = number


@pytest.mark.parametrize("scenario", ["responses_stream", "responses_resume"])
def test_responses_stream_matches_openai(loopback_server: LoopbackServer, scenario: str) -> None:
    reference, ours = side_by_side(
        loopback_server, scenario, lambda: reply_sse(RESPONSE_EVENTS, done=False)
    )
    assert ours == reference
    assert "error" not in ours
    if scenario == "responses_resume":
        assert "stream=true" in loopback_server.requests[-1].path


def test_responses_parse_matches_openai(loopback_server: LoopbackServer) -> None:
    reference, ours = side_by_side(loopback_server, "responses_parse", lambda: reply_json(RESPONSE))
    assert ours == reference
    assert ours["result"]["output_parsed"]["city"]["name"] == "Oslo"


def polling_handler(pending: dict[str, Any], done: dict[str, Any]) -> Any:
    """First GET: still pending, with a short `openai-poll-after-ms`; then done."""
    gets = [0]

    def handler(request: LoopbackRequest) -> None:
        if request.command == "POST":
            reply_json(pending)(request)
            return
        gets[0] += 1
        body = pending if gets[0] == 1 else done
        reply_json(body, headers={"openai-poll-after-ms": "10"})(request)

    return handler


@pytest.mark.parametrize("scenario", ["poll_vector_store_file", "poll_run"])
def test_polling_matches_openai(loopback_server: LoopbackServer, scenario: str) -> None:
    if scenario == "poll_vector_store_file":
        pending = {"id": "file_1", "object": "vector_store.file", "usage_bytes": 0, "created_at": 1,
                   "vector_store_id": "vs_1", "status": "in_progress", "last_error": None}  # fmt: skip
        done = {**pending, "status": "completed"}
    else:
        pending = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
                   "assistant_id": "asst_1", "status": "queued", "model": "m", "instructions": "",
                   "tools": [], "metadata": {}, "parallel_tool_calls": True}  # fmt: skip
        done = {**pending, "status": "requires_action"}
    reference, ours = side_by_side(loopback_server, scenario, lambda: polling_handler(pending, done))
    assert ours == reference
    polls = [r for r in loopback_server.requests if r.method == "GET"]
    assert len(polls) == 4  # two polls per library
    for poll in polls:
        assert {k.lower(): v for k, v in poll.headers.items()}["x-stainless-poll-helper"] == "true"


def test_assistants_stream_matches_openai(loopback_server: LoopbackServer) -> None:
    from assistant_events import reply_assistant_stream

    reference, ours = side_by_side(
        loopback_server, "assistants_stream", lambda: reply_assistant_stream
    )
    assert ours == reference
    assert "error" not in ours


@pytest.mark.parametrize("scenario", ["webhook", "webhook_bad", "webhook_old"])
def test_webhooks_match_openai(loopback_server: LoopbackServer, scenario: str) -> None:
    reference, ours = side_by_side(loopback_server, scenario, lambda: reply_json({}))
    assert ours == reference


def _repeated_id_chunks() -> list[dict[str, Any]]:
    pieces = ['{"city": {"name": "Oslo", "population": null}', ', "temperatures": []}']
    chunks = [tool_chunk(0, call_id="call_1", name="get_weather", arguments=p) for p in pieces]
    return [*chunks, chunk("", finish="tool_calls")]


def _no_index_chunks() -> list[dict[str, Any]]:
    chunks = [*_repeated_id_chunks()[:1], chunk("", finish="tool_calls")]
    chunks[0]["choices"][0]["delta"]["tool_calls"][0].pop("index")
    chunks[0]["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] = WEATHER
    return chunks


TOLERANT = {
    # vLLM-style: the call id, type and name repeated on every arguments chunk.
    "chat_stream_repeated_ids": lambda: reply_sse(_repeated_id_chunks()),
    # Older Ollama / llama.cpp: tool-call deltas without `index`.
    "chat_stream_no_index": lambda: reply_sse(_no_index_chunks()),
    # A compatible server wrapping the JSON answer in a code fence.
    "chat_parse": lambda: reply_json(completion(f"```json\n{WEATHER}\n```")),
}


@pytest.mark.parametrize("scenario", sorted(TOLERANT))
def test_tolerant_where_openai_python_is_not(loopback_server: LoopbackServer, scenario: str) -> None:
    """The same scenario: openai-python fails or merges wrongly, openai-compat gets it right."""
    reference, ours = side_by_side(loopback_server, scenario, TOLERANT[scenario])
    assert "error" not in ours, ours
    final = ours["result"]["final"] if "final" in ours["result"] else ours["result"]
    choice = final["choices"][0]
    if scenario == "chat_parse":
        assert choice["parsed"]["city"]["name"] == "Oslo"
        assert reference["error"] == "ValidationError"
    else:
        assert [c["id"] for c in choice["tool_calls"]] == ["call_1"]
        assert choice["tool_calls"][0]["parsed_type"] == "Weather"
        reference_ids = (
            [c["id"] for c in reference["result"]["final"]["choices"][0]["tool_calls"]]
            if "result" in reference
            else None
        )
        assert reference_ids != ["call_1"]  # openai-python: an error, or the ids concatenated
