"""The parity scenarios, as data: what to call, with what, and what the server answers.

A scenario is a dict (JSON-serialisable, so the driver can run it under either interpreter):

    id        unique; also the URL prefix that routes the server's script
    client    "openai" (default) | "async" | "azure" | "async_azure" | "none"
    options   client constructor options (base_url / api_key filled in unless given)
    call      dotted method path on the client, with `args` / `kwargs`   -- or --
    code      a snippet run with `client` and `lib` in scope that sets `result`
    mode      how to consume the result: result | stream | pages | binary | raw
    reads     expressions on the result `r` a user would write (attribute reads)
    replies   the server's scripted answers (see parity_server.py)

Builders below generate families (every error status x every body shape ...) so that adding a
case is one line.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["SCENARIOS", "categories"]

Scenario = dict[str, Any]
SCENARIOS: list[Scenario] = []


def scenario(id: str, *, category: str, replies: list[dict[str, Any]] | None = None, **spec: Any) -> None:
    if any(s["id"] == id for s in SCENARIOS):
        raise ValueError(f"duplicate scenario id {id!r}")
    SCENARIOS.append({"id": id, "category": category, "replies": replies or [ok({})], **spec})


def ok(body: Any, status: int = 200, **headers: str) -> dict[str, Any]:
    return {"status": status, "json": body, "headers": headers}


def text(body: str, status: int = 200, content_type: str = "text/plain", **headers: str) -> dict[str, Any]:
    return {"status": status, "text": body, "content_type": content_type, "headers": headers}


def sse(*events: Any, done: bool = True) -> dict[str, Any]:
    items = [e if isinstance(e, str) or "data" in e else {"data": e} for e in events]
    return {"sse": items + (["data: [DONE]\n\n"] if done else [])}


MESSAGES = [{"role": "user", "content": "Say hello"}]
USAGE = {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}


def chat_completion(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello!", "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": dict(USAGE),
    }
    body.update(overrides)
    return body


def chunk(delta: dict[str, Any], finish: str | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }
    body.update(overrides)
    return body


CHAT_READS = [
    "r.choices[0].message.content",
    "r.choices[0].message.role",
    "r.choices[0].finish_reason",
    "r.usage.total_tokens",
    "r.system_fingerprint",
    "r.choices[0].message.function_call",
    "r.choices[0].message.tool_calls",
    "r.usage.completion_tokens_details",
    "r.usage.prompt_tokens_details",
    "isinstance(r, lib.BaseModel)",
]

# -- chat completions --------------------------------------------------------------------------

_chat_kwargs: dict[str, dict[str, Any]] = {
    "plain": {},
    "system_message": {"messages": [{"role": "system", "content": "Be brief"}, *MESSAGES]},
    "content_parts": {"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]},
    "image_part": {"messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}]},
    "temperature": {"temperature": 0.2, "top_p": 0.9, "max_tokens": 20},
    "max_completion_tokens": {"max_completion_tokens": 50, "seed": 7},
    "stop_string": {"stop": "END"},
    "stop_many": {"stop": ["a", "b", "c", "d", "e", "f"]},
    "temperature_out_of_range": {"temperature": 3},
    "top_logprobs_30": {"logprobs": True, "top_logprobs": 30},
    "response_format_json": {"response_format": {"type": "json_object"}},
    "response_format_schema": {"response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
    "response_format_regex": {"response_format": {"type": "regex", "regex": "[a-z]+"}},
    "custom_role": {"messages": [{"role": "ipython", "content": "output"}]},
    "metadata_store": {"metadata": {"k": "v"}, "store": True},
    "reasoning_effort": {"reasoning_effort": "low"},
    "logit_bias": {"logit_bias": {"50256": -100}},
    "user_and_n": {"user": "u1", "n": 1},
    "null_argument": {"temperature": None},
    "extra_body": {"extra_body": {"top_k": 20, "repetition_penalty": 1.1}},
    "extra_query": {"extra_query": {"debug": "1"}},
    "extra_headers": {"extra_headers": {"X-Test-Header": "yes"}},
    "tools": {"tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {
        "type": "object", "properties": {"city": {"type": "string"}}}}}], "tool_choice": "auto"},
    "parallel_tool_calls": {"parallel_tool_calls": False},
    "prediction": {"prediction": {"type": "content", "content": "Hello"}},
    "modalities_audio": {"modalities": ["text", "audio"], "audio": {"voice": "alloy", "format": "wav"}},
    "service_tier": {"service_tier": "auto"},
    "stream_options_without_stream": {"stream_options": {"include_usage": True}},
    "string_number": {"temperature": "0.5"},
    "wrong_type_messages": {"messages": "hello"},
    "unknown_kwarg_via_extra_body": {"extra_body": {"guided_json": {"type": "object"}}},
}  # fmt: skip

for name, kwargs in _chat_kwargs.items():
    scenario(
        f"chat.request.{name}",
        category="chat",
        call="chat.completions.create",
        kwargs={"model": "gpt-4o-mini", "messages": MESSAGES, **kwargs},
        replies=[ok(chat_completion())],
        reads=CHAT_READS,
    )

_tool_call = {"id": "call_1", "type": "function",
              "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}  # fmt: skip
_chat_responses: dict[str, dict[str, Any]] = {
    "tool_calls": chat_completion(choices=[{"index": 0, "finish_reason": "tool_calls", "logprobs": None,
        "message": {"role": "assistant", "content": None, "tool_calls": [_tool_call]}}]),
    "n2": chat_completion(choices=[
        {"index": 0, "message": {"role": "assistant", "content": "A"}, "finish_reason": "stop", "logprobs": None},
        {"index": 1, "message": {"role": "assistant", "content": "B"}, "finish_reason": "stop", "logprobs": None}]),
    "logprobs": chat_completion(choices=[{"index": 0, "finish_reason": "stop",
        "message": {"role": "assistant", "content": "Hi"},
        "logprobs": {"content": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105],
                                  "top_logprobs": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105]}]}],
                     "refusal": None}}]),
    "audio": chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
        "message": {"role": "assistant", "content": None, "audio": {
            "id": "audio_1", "data": "UklGRg==", "expires_at": 1700003600, "transcript": "Hello"}}}]),
    "refusal": chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
        "message": {"role": "assistant", "content": None, "refusal": "I can't help with that."}}]),
    "usage_details_partial": chat_completion(usage={**USAGE,
        "completion_tokens_details": {"reasoning_tokens": 3}}),
    "usage_details_full": chat_completion(usage={**USAGE,
        "completion_tokens_details": {"reasoning_tokens": 3, "audio_tokens": 0,
            "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
        "prompt_tokens_details": {"cached_tokens": 2, "audio_tokens": 0}}),
    "system_fingerprint": chat_completion(system_fingerprint="fp_123", service_tier="default"),
    "no_usage": {k: v for k, v in chat_completion().items() if k != "usage"},
    "null_content": chat_completion(choices=[{"index": 0, "finish_reason": "length", "logprobs": None,
        "message": {"role": "assistant", "content": None}}]),
    "reasoning_content": chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
        "message": {"role": "assistant", "content": "4", "reasoning_content": "2+2=4"}}]),
    "extra_fields": chat_completion(prompt_logprobs=None, kv_transfer_params={"x": 1}),
    "vllm_style": chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
        "stop_reason": None, "message": {"role": "assistant", "content": "Hi", "tool_calls": [],
                                         "reasoning_content": None}}]),
    "unknown_finish_reason": chat_completion(choices=[{"index": 0, "finish_reason": "eos", "logprobs": None,
        "message": {"role": "assistant", "content": "Hi"}}]),
    "function_call_legacy": chat_completion(choices=[{"index": 0, "finish_reason": "function_call",
        "logprobs": None, "message": {"role": "assistant", "content": None,
            "function_call": {"name": "f", "arguments": "{}"}}}]),
    "annotations": chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
        "message": {"role": "assistant", "content": "See", "annotations": [{"type": "url_citation",
            "url_citation": {"url": "https://x", "title": "X", "start_index": 0, "end_index": 3}}]}}]),
    "created_float": chat_completion(created=1700000000.5),
    "missing_object": {k: v for k, v in chat_completion().items() if k != "object"},
}  # fmt: skip

for name, body in _chat_responses.items():
    scenario(
        f"chat.response.{name}",
        category="chat",
        call="chat.completions.create",
        kwargs={"model": "gpt-4o-mini", "messages": MESSAGES},
        replies=[ok(body)],
        reads=[*CHAT_READS, "r.choices[-1].message.content", "len(r.choices)",
               "r.choices[0].logprobs", "r.choices[0].message.audio", "r.choices[0].message.refusal"],
    )  # fmt: skip

for client in ("async",):
    scenario(
        f"chat.{client}.plain",
        category="chat",
        client=client,
        call="chat.completions.create",
        kwargs={"model": "gpt-4o-mini", "messages": MESSAGES},
        replies=[ok(chat_completion())],
        reads=CHAT_READS,
    )

scenario("chat.response_format_pydantic", category="chat", code="""
import pydantic
class Answer(pydantic.BaseModel):
    value: str
result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}],
                                        response_format=Answer)
""")
_PARSED_READS = """
def generic(cls):
    meta = getattr(cls, "__pydantic_generic_metadata__", None) or {}
    return {"origin": getattr(meta.get("origin"), "__name__", None),
            "args": [repr(a) for a in meta.get("args", ())]}
def parsed_reads(r):
    message = r.choices[0].message
    return {"type": type(r).__name__, "generic": generic(type(r)),
            "choice": type(r.choices[0]).__name__, "message": type(message).__name__,
            "message_generic": generic(type(message)),
            "is_parsed": isinstance(r, lib.types.chat.ParsedChatCompletion),
            "is_completion": isinstance(r, lib.types.chat.ChatCompletion),
            "is_parametrised_answer": type(r) is lib.types.chat.ParsedChatCompletion[Answer],
            "parsed": repr(message.parsed), "dict": r.to_dict()}
"""
scenario("chat.parse.pydantic", category="chat", code="""
import pydantic
class Answer(pydantic.BaseModel):
    value: str
""" + _PARSED_READS + """
r = client.chat.completions.parse(model="m", messages=[{"role": "user", "content": "x"}], response_format=Answer)
result = parsed_reads(r)
""", replies=[ok(chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
    "message": {"role": "assistant", "content": '{"value": "v"}', "refusal": None}}]))])  # fmt: skip
scenario("chat.parse.async_no_format", category="chat", client="async", code="""
import pydantic
class Answer(pydantic.BaseModel):
    value: str
""" + _PARSED_READS + """
r = await client.chat.completions.parse(model="m", messages=[{"role": "user", "content": "x"}])
result = parsed_reads(r)
""", replies=[ok(chat_completion())])  # fmt: skip
scenario("chat.nan_argument", category="chat", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES, "extra_body": {"temperature": float("nan")}})  # fmt: skip
scenario("chat.object_argument", category="chat", code="""
result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": object()}])
""")
scenario("chat.with_raw_response", category="chat", call="chat.completions.with_raw_response.create",
         kwargs={"model": "m", "messages": MESSAGES}, mode="raw", replies=[ok(chat_completion())])  # fmt: skip
scenario("chat.with_streaming_response", category="chat", code="""
with client.chat.completions.with_streaming_response.create(model="m", messages=[{"role": "user", "content": "x"}]) as response:
    result = {"status": response.status_code, "parsed": response.parse().choices[0].message.content,
              "request": [response.http_request.method, response.http_request.url.path]}
""", replies=[ok(chat_completion())])
scenario("chat.completions.retrieve", category="chat", call="chat.completions.retrieve", args=["chatcmpl-1"],
         replies=[ok(chat_completion())], reads=["r.id"])  # fmt: skip
scenario("chat.completions.delete", category="chat", call="chat.completions.delete", args=["chatcmpl-1"],
         replies=[ok({"id": "chatcmpl-1", "object": "chat.completion.deleted", "deleted": True})])  # fmt: skip
scenario("chat.completions.update", category="chat", call="chat.completions.update", args=["chatcmpl-1"],
         kwargs={"metadata": {"a": "b"}}, replies=[ok(chat_completion(metadata={"a": "b"}))])  # fmt: skip
scenario("chat.completions.list", category="pagination", call="chat.completions.list",
         kwargs={"limit": 2}, mode="pages", replies=[
             ok({"object": "list", "data": [chat_completion(id="c1")], "first_id": "c1", "last_id": "c1",
                 "has_more": True}),
             ok({"object": "list", "data": [chat_completion(id="c2")], "first_id": "c2", "last_id": "c2",
                 "has_more": False})])  # fmt: skip
scenario("chat.completions.messages.list", category="pagination", call="chat.completions.messages.list",
         args=["chatcmpl-1"], mode="pages", replies=[
             ok({"object": "list", "data": [{"id": "m1", "role": "user", "content": "hi"}],
                 "first_id": "m1", "last_id": "m1", "has_more": False})])  # fmt: skip

# -- streams -----------------------------------------------------------------------------------

_streams: dict[str, list[Any]] = {
    "plain": [chunk({"role": "assistant", "content": ""}), chunk({"content": "Hel"}), chunk({"content": "lo"}),
              chunk({}, "stop")],
    "usage_chunk": [chunk({"role": "assistant", "content": "Hi"}), chunk({}, "stop"),
                    chunk({}, choices=[], usage=USAGE)],
    "tool_call_deltas": [
        chunk({"role": "assistant", "tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                                    "function": {"name": "get_weather", "arguments": ""}}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{\"city\":"}}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": " \"Paris\"}"}}]}),
        chunk({}, "tool_calls")],
    "empty_choices_first": [chunk({}, choices=[], prompt_filter_results=[]), chunk({"content": "x"}),
                            chunk({}, "stop")],
    "logprobs": [chunk({"content": "Hi"}, logprobs=None), chunk({}, "stop")],
    "comment_lines": [": keep-alive\n\n", chunk({"content": "x"}), chunk({}, "stop")],
    "repeated_role": [chunk({"role": "assistant", "content": "a"}), chunk({"role": "assistant", "content": "b"}),
                      chunk({}, "stop")],
    "reasoning_deltas": [chunk({"reasoning_content": "think"}), chunk({"content": "ok"}), chunk({}, "stop")],
}  # fmt: skip

for name, events in _streams.items():
    scenario(
        f"stream.chat.{name}",
        category="streams",
        call="chat.completions.create",
        kwargs={"model": "gpt-4o-mini", "messages": MESSAGES, "stream": True},
        mode="stream",
        replies=[sse(*events)],
    )
    scenario(
        f"stream.helper.{name}",
        category="streams",
        code="""
with client.chat.completions.stream(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}]) as s:
    chunks = [getattr(e, "type", type(e).__name__) for e in s]
    final = s.get_final_completion()
result = {"events": chunks, "final": final, "content": final.choices[0].message.content,
          "tool_calls": final.choices[0].message.tool_calls}
""",
        replies=[sse(*events)],
    )

# The helper's snapshots as a user reads them while iterating (each chunk event's snapshot,
# to_dict() at that moment), and the final completion's to_dict(); sync and async.
_SNAPSHOTS_CODE = """
snapshots = []
{with_} client.chat.completions.stream(model="gpt-4o-mini", messages=[{{"role": "user", "content": "x"}}]) as s:
    {for_} e in s:
        if e.type == "chunk":
            snapshots.append(e.snapshot.to_dict())
    final = {await_}s.get_final_completion()
result = {{"snapshots": snapshots, "final": final.to_dict(), "message_role": final.choices[0].message.role}}
"""
_SYNC_SNAPSHOTS = _SNAPSHOTS_CODE.format(with_="with", for_="for", await_="")
_ASYNC_SNAPSHOTS = _SNAPSHOTS_CODE.format(with_="async with", for_="async for", await_="await ")
for name, events in _streams.items():
    scenario(f"stream.helper_snapshots.{name}", category="streams", code=_SYNC_SNAPSHOTS,
             replies=[sse(*events)])  # fmt: skip
for name in ("plain", "tool_call_deltas", "empty_choices_first"):
    scenario(f"stream.helper_snapshots.async.{name}", category="streams", client="async",
             code=_ASYNC_SNAPSHOTS, replies=[sse(*_streams[name])])  # fmt: skip

# With a response_format class and a strict tool: `parsed` / `parsed_arguments` in the snapshots.
# (openai-python's to_dict() warns that a parsed model is not the None its unparametrised generic
# declares: that warning is not what these scenarios compare, so it is silenced on both sides.)
_PARSED_SNAPSHOTS_CODE = """
import pydantic, warnings
class Answer(pydantic.BaseModel):
    city: str
tool = lib.pydantic_function_tool(Answer, name="answer")
snapshots = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    with client.chat.completions.stream(model="m", messages=[{{"role": "user", "content": "x"}}], {param}) as s:
        for e in s:
            if e.type == "chunk":
                snapshots.append(e.snapshot.to_dict())
        final = s.get_final_completion()
    result = {{"snapshots": snapshots, "final": final.to_dict(), "parsed": final.choices[0].message.parsed}}
"""
scenario("stream.helper_snapshots.response_format", category="streams",
         code=_PARSED_SNAPSHOTS_CODE.format(param="response_format=Answer"),
         replies=[sse(chunk({"role": "assistant", "content": '{"ci'}), chunk({"content": 'ty": "Oslo"}'}),
                      chunk({}, "stop"), chunk({}, choices=[], usage=USAGE))])  # fmt: skip
scenario("stream.helper_snapshots.strict_tool", category="streams",
         code=_PARSED_SNAPSHOTS_CODE.format(param="tools=[tool]"),
         replies=[sse(chunk({"role": "assistant", "tool_calls": [
                          {"index": 0, "id": "call_1", "type": "function",
                           "function": {"name": "answer", "arguments": '{"city":'}}]}),
                      chunk({"tool_calls": [{"index": 0, "function": {"arguments": ' "Oslo"}'}}]}),
                      chunk({"tool_calls": [{"index": 1, "id": "call_2", "type": "function",
                                             "function": {"name": "answer", "arguments": '{"ci'}}]}),
                      chunk({"tool_calls": [{"index": 1, "function": {"arguments": 'ty": "Rome"}'}}]}),
                      chunk({}, "tool_calls"))])  # fmt: skip


def _tool_chunk(*calls: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return chunk({"tool_calls": list(calls)}, **overrides)


def _call(index: int | None, call_id: str | None, name: str | None, arguments: str) -> dict[str, Any]:
    call: dict[str, Any] = {"function": {"arguments": arguments}}
    if name is not None:
        call["function"]["name"] = name
    if index is not None:
        call["index"] = index
    if call_id is not None:
        call.update(id=call_id, type="function")
    return call


# What real servers send that openai-python's stream helper merges wrongly or fails on.
_server_streams: dict[str, list[Any]] = {
    # vLLM and some proxies resend the id (and type) with every arguments piece.
    "repeated_tool_call_id": [_tool_chunk(_call(0, "call_1", "get_weather", "")),
                              _tool_chunk(_call(0, "call_1", None, '{"city":')),
                              _tool_chunk(_call(0, "call_1", None, ' "Paris"}')), chunk({}, "tool_calls")],
    # Servers that send tool-call deltas without an `index`.
    "tool_calls_without_index": [_tool_chunk(_call(None, "call_1", "get_weather", '{"city": "Paris"}')),
                                 _tool_chunk(_call(None, "call_2", "get_time", "{}")), chunk({}, "tool_calls")],
    # Whole calls, one per chunk, every one numbered 0.
    "every_call_index_zero": [_tool_chunk(_call(0, "call_1", "get_weather", '{"city": "Paris"}')),
                              _tool_chunk(_call(0, "call_2", "get_time", "{}")), chunk({}, "tool_calls")],
    # Azure: a first chunk with empty identity fields (content-filter results of the prompt).
    "azure_empty_identity_first": [chunk({}, choices=[], id="", model="", created=0,
                                         prompt_filter_results=[{"prompt_index": 0}]),
                                   chunk({"role": "assistant", "content": "x"}), chunk({}, "stop")],
    # Groq: usage in the last chunk's x_groq.
    "groq_usage": [chunk({"role": "assistant", "content": "x"}, x_groq={"id": "req_1"}),
                   chunk({}, "stop", x_groq={"id": "req_1", "usage": USAGE})],
}  # fmt: skip
for name, events in _server_streams.items():
    scenario(f"stream.helper_servers.{name}", category="streams", code=_SYNC_SNAPSHOTS,
             replies=[sse(*events)])  # fmt: skip

scenario("stream.chat.error_event", category="streams", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES, "stream": True}, mode="stream",
         replies=[sse(chunk({"content": "a"}), {"error": {"message": "overloaded", "type": "server_error"}},
                      done=False)])  # fmt: skip
scenario("stream.chat.no_done", category="streams", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES, "stream": True}, mode="stream",
         replies=[sse(chunk({"content": "a"}), chunk({}, "stop"), done=False)])  # fmt: skip
scenario("stream.chat.async", category="streams", client="async", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES, "stream": True}, mode="stream",
         replies=[sse(*_streams["plain"])])  # fmt: skip
scenario("stream.chat.stream_options", category="streams", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES, "stream": True, "stream_options": {"include_usage": True}},
         mode="stream", replies=[sse(*_streams["usage_chunk"])])  # fmt: skip
scenario("stream.completions", category="streams", call="completions.create",
         kwargs={"model": "m", "prompt": "x", "stream": True}, mode="stream", replies=[sse(
             {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m",
              "choices": [{"index": 0, "text": "Hi", "logprobs": None, "finish_reason": None}]},
             {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m",
              "choices": [{"index": 0, "text": "", "logprobs": None, "finish_reason": "stop"}]})])  # fmt: skip

# -- responses ---------------------------------------------------------------------------------


def response_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "resp_1", "object": "response", "created_at": 1700000000, "status": "completed",
        "model": "gpt-4o-mini", "output": [
            {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": "Hello ", "annotations": []},
                         {"type": "output_text", "text": "world", "annotations": []}]}],
        "parallel_tool_calls": True, "tool_choice": "auto", "tools": [], "error": None,
        "incomplete_details": None, "instructions": None, "metadata": {}, "temperature": 1.0, "top_p": 1.0,
        "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5,
                  "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens_details": {"reasoning_tokens": 0}},
    }  # fmt: skip
    body.update(overrides)
    return body


_response_bodies: dict[str, dict[str, Any]] = {
    "message": response_body(),
    "function_call": response_body(output=[{"type": "function_call", "id": "fc_1", "call_id": "call_1",
                                            "name": "f", "arguments": "{}", "status": "completed"}]),
    "reasoning_then_message": response_body(output=[
        {"type": "reasoning", "id": "rs_1", "summary": []}, *response_body()["output"]]),
    "empty_output": response_body(output=[]),
    "refusal_part": response_body(output=[{"type": "message", "id": "m", "status": "completed", "role": "assistant",
        "content": [{"type": "refusal", "refusal": "no"}]}]),
    "minimal_server": {"id": "resp_1", "object": "response", "created_at": 1, "model": "m", "status": "completed",
        "output": [{"type": "message", "id": "m", "role": "assistant", "status": "completed",
                    "content": [{"type": "output_text", "text": "hi", "annotations": []}]}]},
}  # fmt: skip
for name, body in _response_bodies.items():
    scenario(
        f"responses.create.{name}",
        category="responses",
        call="responses.create",
        kwargs={"model": "gpt-4o-mini", "input": "Say hello"},
        replies=[ok(body)],
        reads=["r.output_text", "r.id", "r.output[0].type if r.output else None", "r.usage"],
    )
scenario("responses.create.server_output_text", category="responses", code="""
r = client.responses.create(model="m", input="x")
result = {"output_text": r.output_text, "dict": r.to_dict().get("output_text"),
          "extra": (r.model_extra or {}).get("output_text"), "dump": r.model_dump().get("output_text")}
""", replies=[ok(response_body(output_text="what the server sent"))])  # fmt: skip
scenario("responses.parse.pydantic", category="responses", code="""
import pydantic
class Answer(pydantic.BaseModel):
    value: str
r = client.responses.parse(model="m", input="x", text_format=Answer)
item = r.output[0]
result = {"type": type(r).__name__, "item": type(item).__name__, "part": type(item.content[0]).__name__,
          "parsed": repr(r.output_parsed), "output_text": r.output_text,
          "is_response": isinstance(r, lib.types.responses.Response)}
""", replies=[ok(response_body(output=[{"type": "message", "id": "m", "status": "completed", "role": "assistant",
    "content": [{"type": "output_text", "text": '{"value": "v"}', "annotations": []}]}]))])  # fmt: skip
scenario("responses.create.tools_and_instructions", category="responses", call="responses.create",
         kwargs={"model": "m", "input": [{"role": "user", "content": "x"}], "instructions": "be brief",
                 "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": True}],
                 "reasoning": {"effort": "low"}, "text": {"format": {"type": "text"}}},
         replies=[ok(response_body())], reads=["r.output_text"])  # fmt: skip
scenario("responses.retrieve", category="responses", call="responses.retrieve", args=["resp_1"],
         replies=[ok(response_body())], reads=["r.output_text"])  # fmt: skip
scenario("responses.delete", category="responses", call="responses.delete", args=["resp_1"],
         replies=[text("", content_type="application/json")])  # fmt: skip
scenario("responses.cancel", category="responses", call="responses.cancel", args=["resp_1"],
         replies=[ok(response_body(status="cancelled"))])  # fmt: skip
scenario("responses.input_items.list", category="pagination", call="responses.input_items.list",
         args=["resp_1"], mode="pages", replies=[
             ok({"object": "list", "data": [{"type": "message", "id": "i1", "role": "user", "status": "completed",
                 "content": [{"type": "input_text", "text": "x"}]}], "first_id": "i1", "last_id": "i1",
                 "has_more": True}),
             ok({"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False})])  # fmt: skip
scenario("responses.stream", category="streams", call="responses.create",
         kwargs={"model": "m", "input": "x", "stream": True}, mode="stream", replies=[sse(
             {"event": "response.created", "data": {"type": "response.created", "sequence_number": 0,
                                                    "response": response_body(status="in_progress", output=[])}},
             {"event": "response.output_text.delta", "data": {"type": "response.output_text.delta",
                 "sequence_number": 1, "item_id": "msg_1", "output_index": 0, "content_index": 0,
                 "delta": "Hi", "logprobs": []}},
             {"event": "response.completed", "data": {"type": "response.completed", "sequence_number": 2,
                                                      "response": response_body()}}, done=False)])  # fmt: skip
scenario("responses.empty_id", category="responses", call="responses.retrieve", args=[""])

# -- embeddings, completions, moderations, models --------------------------------------------

EMBEDDING = {"object": "list", "model": "text-embedding-3-small",
             "data": [{"object": "embedding", "index": 0, "embedding": [0.5, -0.25]}],
             "usage": {"prompt_tokens": 2, "total_tokens": 2}}  # fmt: skip
EMBEDDING_B64 = copy.deepcopy(EMBEDDING)
EMBEDDING_B64["data"][0]["embedding"] = "AAAAPwAAgL4="  # [0.5, -0.25] as little-endian float32
for name, kwargs, body in (
    ("float", {"encoding_format": "float"}, EMBEDDING),
    ("base64_explicit", {"encoding_format": "base64"}, EMBEDDING_B64),
    ("default_format", {}, EMBEDDING),
    ("default_format_b64_reply", {}, EMBEDDING_B64),
    ("list_input", {"input": ["a", "b"], "encoding_format": "float"}, EMBEDDING),
    ("token_input", {"input": [[1, 2, 3]], "encoding_format": "float"}, EMBEDDING),
    ("dimensions", {"dimensions": 2, "encoding_format": "float"}, EMBEDDING),
):
    scenario(f"embeddings.{name}", category="embeddings", call="embeddings.create",
             kwargs={"model": "text-embedding-3-small", "input": "hello", **kwargs}, replies=[ok(body)],
             reads=["r.data[0].embedding", "r.model", "r.usage.total_tokens", "type(r).__name__",
                    "len(r.data)"])  # fmt: skip
scenario("embeddings.async", category="embeddings", client="async", call="embeddings.create",
         kwargs={"model": "m", "input": "x", "encoding_format": "float"}, replies=[ok(EMBEDDING)],
         reads=["r.data[0].embedding"])  # fmt: skip

COMPLETION = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m",
              "choices": [{"index": 0, "text": "Hi", "logprobs": None, "finish_reason": "stop"}],
              "usage": USAGE}  # fmt: skip
for name, kwargs in (("plain", {}), ("echo_logprobs", {"echo": True, "logprobs": 2}),
                     ("best_of", {"best_of": 2, "n": 1, "suffix": "!"}), ("prompt_list", {"prompt": ["a", "b"]}),
                     ("stop_many", {"stop": ["1", "2", "3", "4", "5"]})):  # fmt: skip
    scenario(f"completions.{name}", category="completions", call="completions.create",
             kwargs={"model": "m", "prompt": "x", **kwargs}, replies=[ok(COMPLETION)],
             reads=["r.choices[0].text", "r.usage.total_tokens"])  # fmt: skip

scenario("moderations.create", category="misc", call="moderations.create", kwargs={"input": "x"},
         replies=[ok({"id": "modr-1", "model": "omni-moderation-latest", "results": [
             {"flagged": False, "categories": {"hate": False}, "category_scores": {"hate": 0.01},
              "category_applied_input_types": {"hate": ["text"]}}]})],
         reads=["r.results[0].flagged"])  # fmt: skip
scenario("models.list", category="pagination", call="models.list", mode="pages", replies=[ok(
    {"object": "list", "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"},
                                {"id": "m2", "object": "model", "created": 1, "owned_by": "me"}]})])  # fmt: skip
scenario("models.list.vllm_extras", category="pagination", call="models.list", mode="pages", replies=[ok(
    {"object": "list", "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "vllm",
                                 "root": "m1", "parent": None, "max_model_len": 4096, "permission": []}]})])  # fmt: skip
scenario("models.retrieve", category="misc", call="models.retrieve", args=["gpt-4o"], replies=[ok(
    {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"})], reads=["r.id"])  # fmt: skip
scenario("models.retrieve.slash_id", category="misc", call="models.retrieve", args=["org/model:tag"], replies=[ok(
    {"id": "org/model:tag", "object": "model", "created": 1, "owned_by": "x"})])  # fmt: skip
scenario("models.retrieve.empty", category="misc", call="models.retrieve", args=[""])
scenario("models.delete", category="misc", call="models.delete", args=["ft:x"], replies=[ok(
    {"id": "ft:x", "object": "model", "deleted": True})], reads=["r.deleted"])  # fmt: skip

# -- images and audio --------------------------------------------------------------------------

IMAGES = {"created": 1, "data": [{"url": "https://x/1.png", "revised_prompt": "a cat"}]}
IMAGES_B64 = {"created": 1, "data": [{"b64_json": "iVBORw0KGgo="}],
              "usage": {"total_tokens": 10, "input_tokens": 5, "output_tokens": 5,
                        "input_tokens_details": {"text_tokens": 5, "image_tokens": 0}}}  # fmt: skip
scenario("images.generate.url", category="images", call="images.generate",
         kwargs={"prompt": "a cat", "model": "dall-e-3", "n": 1, "size": "1024x1024"}, replies=[ok(IMAGES)],
         reads=["r.data[0].url", "type(r).__name__", "r.created"])  # fmt: skip
scenario("images.generate.b64", category="images", call="images.generate",
         kwargs={"prompt": "a cat", "model": "gpt-image-1", "quality": "low"}, replies=[ok(IMAGES_B64)],
         reads=["r.data[0].b64_json", "r.usage.total_tokens"])  # fmt: skip
scenario("images.edit", category="images", call="images.edit",
         kwargs={"image": {"$tuple": ["cat.png", {"$bytes": "PNGDATA"}, "image/png"]}, "prompt": "hat"},
         replies=[ok(IMAGES)], reads=["r.data[0].url"])  # fmt: skip
scenario("images.create_variation", category="images", call="images.create_variation",
         kwargs={"image": {"$tuple": ["cat.png", {"$bytes": "PNGDATA"}]}, "n": 2}, replies=[ok(IMAGES)])  # fmt: skip

TRANSCRIPTION = {"text": "hello world"}
_audio_file = {"$tuple": ["a.wav", {"$bytes": "RIFFDATA"}, "audio/wav"]}
for name, kwargs, reply in (
    ("json", {}, ok(TRANSCRIPTION)),
    ("verbose_json", {"response_format": "verbose_json", "timestamp_granularities": ["word"]},
     ok({"text": "hi", "language": "en", "duration": 1.0, "words": [{"word": "hi", "start": 0.0, "end": 0.5}]})),
    ("text", {"response_format": "text"}, text("hello world\n")),
    ("srt", {"response_format": "srt"}, text("1\n00:00:00,000 --> 00:00:01,000\nhello\n")),
    ("vtt", {"response_format": "vtt"}, text("WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n", content_type="text/vtt")),
    ("language_prompt", {"language": "en", "prompt": "names", "temperature": 0}, ok(TRANSCRIPTION)),
):  # fmt: skip
    scenario(f"audio.transcriptions.{name}", category="audio", call="audio.transcriptions.create",
             kwargs={"model": "whisper-1", "file": _audio_file, **kwargs}, replies=[reply])  # fmt: skip
scenario("audio.transcriptions.omit_format", category="audio", code="""
result = client.audio.transcriptions.create(model="whisper-1", file=("a.wav", b"RIFF"), response_format=lib.omit)
""", replies=[ok(TRANSCRIPTION)])
scenario("audio.translations.json", category="audio", call="audio.translations.create",
         kwargs={"model": "whisper-1", "file": _audio_file}, replies=[ok(TRANSCRIPTION)])  # fmt: skip
scenario("audio.translations.text", category="audio", call="audio.translations.create",
         kwargs={"model": "whisper-1", "file": _audio_file, "response_format": "text"},
         replies=[text("bonjour\n")])  # fmt: skip
scenario("audio.speech", category="audio", call="audio.speech.create", mode="binary",
         kwargs={"model": "tts-1", "voice": "alloy", "input": "hi", "response_format": "mp3"},
         replies=[text("ID3MP3BYTES", content_type="audio/mpeg")])  # fmt: skip

# -- files, uploads, batches -------------------------------------------------------------------

FILE = {"id": "file-1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.jsonl",
        "purpose": "batch", "status": "processed"}  # fmt: skip
scenario("files.create", category="files", call="files.create",
         kwargs={"file": {"$tuple": ["a.jsonl", {"$bytes": "{}\n"}]}, "purpose": "batch"},
         replies=[ok(FILE)], reads=["r.id", "r.status"])  # fmt: skip
scenario("files.create.expires_after", category="files", call="files.create",
         kwargs={"file": {"$tuple": ["a.jsonl", {"$bytes": "{}\n"}]}, "purpose": "batch",
                 "expires_after": {"anchor": "created_at", "seconds": 3600}}, replies=[ok(FILE)])  # fmt: skip
scenario("files.create.bytes", category="files", call="files.create",
         kwargs={"file": {"$bytes": "raw"}, "purpose": "assistants"}, replies=[ok(FILE)])  # fmt: skip
scenario("files.retrieve", category="files", call="files.retrieve", args=["file-1"], replies=[ok(FILE)])
scenario("files.delete", category="files", call="files.delete", args=["file-1"],
         replies=[ok({"id": "file-1", "object": "file", "deleted": True})], reads=["r.deleted"])  # fmt: skip
scenario("files.content", category="files", call="files.content", args=["file-1"], mode="binary",
         replies=[text("line1\nline2\n", content_type="application/octet-stream")])  # fmt: skip
scenario("files.list", category="pagination", call="files.list", kwargs={"purpose": "batch", "limit": 1},
         mode="pages", replies=[
             ok({"object": "list", "data": [FILE], "first_id": "file-1", "last_id": "file-1", "has_more": True}),
             ok({"object": "list", "data": [{**FILE, "id": "file-2"}], "first_id": "file-2",
                 "last_id": "file-2", "has_more": False})])  # fmt: skip
scenario("files.list.async", category="pagination", client="async", call="files.list", mode="pages", replies=[
    ok({"object": "list", "data": [FILE], "has_more": True}),
    ok({"object": "list", "data": [{**FILE, "id": "file-2"}], "has_more": False})])  # fmt: skip
scenario("files.retrieve.empty_id", category="files", call="files.retrieve", args=[""])

UPLOAD = {"id": "upload_1", "object": "upload", "bytes": 10, "created_at": 1, "filename": "a.jsonl",
          "purpose": "batch", "status": "pending", "expires_at": 2}  # fmt: skip
scenario("uploads.create", category="uploads", call="uploads.create",
         kwargs={"bytes": 10, "filename": "a.jsonl", "mime_type": "text/jsonl", "purpose": "batch"},
         replies=[ok(UPLOAD)], reads=["r.status"])  # fmt: skip
scenario("uploads.parts.create", category="uploads", call="uploads.parts.create", args=["upload_1"],
         kwargs={"data": {"$bytes": "chunk"}},
         replies=[ok({"id": "part_1", "object": "upload.part", "created_at": 1, "upload_id": "upload_1"})])  # fmt: skip
scenario("uploads.complete", category="uploads", call="uploads.complete", args=["upload_1"],
         kwargs={"part_ids": ["part_1"], "md5": "abc"}, replies=[ok({**UPLOAD, "status": "completed", "file": FILE})],
         reads=["r.file.id"])  # fmt: skip
scenario("uploads.cancel", category="uploads", call="uploads.cancel", args=["upload_1"],
         replies=[ok({**UPLOAD, "status": "cancelled"})])  # fmt: skip

# upload_file_chunked: openai-python sends the parts one by one, openai_compat several at once;
# the parts here have the same bytes (and the server the same answer), so the requests compare
# whatever order they arrive in. The order of part ids in `complete` is tested in
# tests/client/test_helpers_uploads.py.
_UPLOAD_PART = ok({"id": "part_1", "object": "upload.part", "created_at": 1, "upload_id": "upload_1"})
_UPLOAD_DONE = ok({**UPLOAD, "bytes": 12, "filename": "train.jsonl", "status": "completed", "file": FILE})
_CHUNKED_FILE = """
import pathlib, tempfile
path = pathlib.Path(tempfile.mkdtemp()) / "train.jsonl"
path.write_bytes(b'{}\\n' * 4)
"""
scenario("uploads.upload_file_chunked.path", category="uploads", code=_CHUNKED_FILE + """
result = client.uploads.upload_file_chunked(file=path, mime_type="text/jsonl", purpose="batch", part_size=3,
                                            md5="abc")
""", replies=[ok(UPLOAD), *[_UPLOAD_PART] * 4, _UPLOAD_DONE], reads=["r.status", "r.file.id"])  # fmt: skip
scenario("uploads.upload_file_chunked.async", category="uploads", client="async", code=_CHUNKED_FILE + """
result = await client.uploads.upload_file_chunked(file=path, mime_type="text/jsonl", purpose="batch", part_size=3)
""", replies=[ok(UPLOAD), *[_UPLOAD_PART] * 4, _UPLOAD_DONE])  # fmt: skip
scenario("uploads.upload_file_chunked.bytes", category="uploads", call="uploads.upload_file_chunked",
         kwargs={"file": {"$bytes": "{}\n{}\n"}, "filename": "a.jsonl", "bytes": 6, "mime_type": "text/jsonl",
                 "purpose": "batch"}, replies=[ok(UPLOAD), _UPLOAD_PART, _UPLOAD_DONE])  # fmt: skip
scenario("uploads.upload_file_chunked.part_error", category="uploads", code=_CHUNKED_FILE + """
result = client.uploads.upload_file_chunked(file=path, mime_type="text/jsonl", purpose="batch")
""", replies=[ok(UPLOAD), ok({"error": {"message": "Part is too large.", "type": "invalid_request_error",
                                       "param": "data", "code": None}}, status=400)])  # fmt: skip

BATCH = {"id": "batch_1", "object": "batch", "endpoint": "/v1/chat/completions", "input_file_id": "file-1",
         "completion_window": "24h", "status": "validating", "created_at": 1,
         "request_counts": {"total": 0, "completed": 0, "failed": 0}}  # fmt: skip
scenario("batches.create", category="batches", call="batches.create",
         kwargs={"input_file_id": "file-1", "endpoint": "/v1/chat/completions", "completion_window": "24h",
                 "metadata": {"k": "v"}}, replies=[ok(BATCH)], reads=["r.status", "r.request_counts.total"])  # fmt: skip
scenario("batches.retrieve", category="batches", call="batches.retrieve", args=["batch_1"], replies=[ok(BATCH)])
scenario("batches.cancel", category="batches", call="batches.cancel", args=["batch_1"],
         replies=[ok({**BATCH, "status": "cancelling"})])  # fmt: skip
scenario("batches.list", category="pagination", call="batches.list", kwargs={"limit": 1}, mode="pages", replies=[
    ok({"object": "list", "data": [BATCH], "first_id": "batch_1", "last_id": "batch_1", "has_more": True}),
    ok({"object": "list", "data": [{**BATCH, "id": "batch_2"}], "has_more": False})])  # fmt: skip

# -- pagination styles -------------------------------------------------------------------------

scenario("pagination.empty", category="pagination", call="files.list", mode="pages",
         replies=[ok({"object": "list", "data": [], "has_more": False})])  # fmt: skip
# openai-python asks for another page when has_more is missing (and would loop forever on a
# server that ignores `after`): the second reply ends it.
scenario("pagination.has_more_missing", category="pagination", call="files.list", mode="pages",
         replies=[ok({"object": "list", "data": [FILE]}), ok({"object": "list", "data": []})])  # fmt: skip
scenario("pagination.no_has_more_single", category="pagination", call="models.list", mode="pages",
         replies=[ok({"object": "list", "data": []})])  # fmt: skip
scenario("pagination.fine_tuning_jobs", category="pagination", call="fine_tuning.jobs.list", kwargs={"limit": 1},
         mode="pages", replies=[
             ok({"object": "list", "data": [{"id": "ftjob-1", "object": "fine_tuning.job"}], "has_more": True}),
             ok({"object": "list", "data": [{"id": "ftjob-2", "object": "fine_tuning.job"}], "has_more": False})])  # fmt: skip
scenario("pagination.vector_stores", category="pagination", call="vector_stores.list", mode="pages", replies=[
    ok({"object": "list", "data": [{"id": "vs_1", "object": "vector_store", "created_at": 1, "name": "a",
        "usage_bytes": 0, "file_counts": {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0,
        "total": 0}, "status": "completed", "last_active_at": 1, "metadata": None}],
        "first_id": "vs_1", "last_id": "vs_1", "has_more": False})])  # fmt: skip
scenario("pagination.conversation_items", category="pagination", call="conversations.items.list",
         args=["conv_1"], mode="pages", replies=[
             ok({"object": "list", "data": [{"type": "message", "id": "i1", "role": "user", "status": "completed",
                 "content": [{"type": "input_text", "text": "x"}]}], "first_id": "i1", "last_id": "i1",
                 "has_more": True}),
             ok({"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False})])  # fmt: skip
scenario("pagination.containers", category="pagination", call="containers.list", mode="pages", replies=[
    ok({"object": "list", "data": [{"id": "cntr_1", "object": "container", "created_at": 1, "status": "running",
        "name": "c"}], "first_id": "cntr_1", "last_id": "cntr_1", "has_more": False})])  # fmt: skip
scenario("pagination.evals", category="pagination", call="evals.list", mode="pages", replies=[
    ok({"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False})])  # fmt: skip
scenario("pagination.get_next_page", category="pagination", code="""
page = client.files.list(limit=1)
nxt = page.get_next_page() if page.has_next_page() else None
result = {"first": [f.id for f in page.data], "next": [f.id for f in nxt.data] if nxt else None,
          "has_next": page.has_next_page()}
""", replies=[
    ok({"object": "list", "data": [FILE], "first_id": "file-1", "last_id": "file-1", "has_more": True}),
    ok({"object": "list", "data": [{**FILE, "id": "file-2"}], "has_more": False})])  # fmt: skip

# -- errors ------------------------------------------------------------------------------------

ERROR_BODIES: dict[str, dict[str, Any]] = {
    "openai": ok({"error": {"message": "Invalid model", "type": "invalid_request_error", "param": "model",
                            "code": "model_not_found"}}),
    "openai_int_code": ok({"error": {"message": "Too long", "type": "invalid_request_error", "param": None,
                                     "code": 400}}),
    "string_error": ok({"error": "model not loaded"}),
    "vllm": ok({"object": "error", "message": "bad input", "type": "BadRequestError", "param": None, "code": 400}),
    "fastapi_list": ok({"detail": [{"loc": ["body", "messages"], "msg": "Field required", "type": "missing"}]}),
    "fastapi_str": ok({"detail": "Not authenticated"}),
    "gemini_list": ok([{"error": {"code": 400, "message": "API key not valid", "status": "INVALID_ARGUMENT"}}]),
    "problem_json": {"status": 200, "text": '{"type": "about:blank", "title": "Bad", "detail": "nope"}',
                     "content_type": "application/problem+json", "headers": {}},
    "html": text("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                 content_type="text/html"),
    "plain_text": text("upstream connect error"),
    "empty": text(""),
}  # fmt: skip

for status in (400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 418):
    for shape, reply in ERROR_BODIES.items():
        error_reply = {**reply, "status": status}
        scenario(f"error.{status}.{shape}", category="errors", options={"max_retries": 0},
                 call="chat.completions.create", kwargs={"model": "m", "messages": MESSAGES},
                 replies=[error_reply])  # fmt: skip

scenario("error.async.404", category="errors", client="async", options={"max_retries": 0},
         call="models.retrieve", args=["x"], replies=[{**ERROR_BODIES["openai"], "status": 404}])  # fmt: skip
scenario("error.stream_request_404", category="errors", options={"max_retries": 0}, call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES, "stream": True}, mode="stream",
         replies=[{**ERROR_BODIES["openai"], "status": 404}])  # fmt: skip
scenario("error.invalid_json_200", category="errors", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES},
         replies=[text("{not json", content_type="application/json")])  # fmt: skip
scenario("error.connection_refused", category="errors", code="""
c = lib.OpenAI(api_key="sk", base_url="http://127.0.0.1:9/v1", max_retries=0)
try:
    result = c.models.list()
finally:
    c.close()
""")

# -- retries and timeouts ----------------------------------------------------------------------

_retry_cases: dict[str, list[dict[str, Any]]] = {
    "500_then_ok": [{**ERROR_BODIES["openai"], "status": 500, "headers": {"retry-after-ms": "10"}},
                    ok(chat_completion())],
    "429_then_ok": [{**ERROR_BODIES["openai"], "status": 429, "headers": {"retry-after-ms": "10"}},
                    ok(chat_completion())],
    "408_then_ok": [{**ERROR_BODIES["openai"], "status": 408, "headers": {"retry-after-ms": "10"}},
                    ok(chat_completion())],
    "409_then_ok": [{**ERROR_BODIES["openai"], "status": 409, "headers": {"retry-after": "0.01"}},
                    ok(chat_completion())],
    "always_503": [{**ERROR_BODIES["openai"], "status": 503, "headers": {"retry-after-ms": "5"}}],
    "should_retry_false": [{**ERROR_BODIES["openai"], "status": 500, "headers": {"x-should-retry": "false"}},
                           ok(chat_completion())],
    "should_retry_true_400": [{**ERROR_BODIES["openai"], "status": 400,
                               "headers": {"x-should-retry": "true", "retry-after-ms": "5"}}, ok(chat_completion())],
    "retry_after_too_long": [{**ERROR_BODIES["openai"], "status": 429, "headers": {"retry-after": "3600"}},
                             ok(chat_completion())],
    "retry_after_ms_too_long": [{**ERROR_BODIES["openai"], "status": 503, "headers": {"retry-after-ms": "600000"}},
                                ok(chat_completion())],
    "drop_then_ok": [{"drop": True}, ok(chat_completion())],
}  # fmt: skip
for name, replies in _retry_cases.items():
    scenario(f"retry.{name}", category="retries", call="chat.completions.with_raw_response.create",
             kwargs={"model": "m", "messages": MESSAGES}, mode="raw", replies=replies)  # fmt: skip
scenario("retry.max_retries_0", category="retries", options={"max_retries": 0}, call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES}, replies=_retry_cases["500_then_ok"])  # fmt: skip
scenario("retry.with_options", category="retries", code="""
result = client.with_options(max_retries=0).chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
""", replies=_retry_cases["500_then_ok"])
scenario("retry.async_500_then_ok", category="retries", client="async", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES}, replies=_retry_cases["500_then_ok"])  # fmt: skip
# Timeouts leave a wide margin either way: the machine running the suite may be loaded.
scenario("timeout.client", category="retries", options={"timeout": 0.25, "max_retries": 0},
         call="models.list", replies=[{"delay": 1.0, **ok({"object": "list", "data": []})}])  # fmt: skip
scenario("timeout.per_call", category="retries", options={"max_retries": 0}, call="models.retrieve",
         args=["m"], kwargs={"timeout": 0.25},
         replies=[{"delay": 1.0, **ok({"id": "m", "object": "model", "created": 1, "owned_by": "x"})}])  # fmt: skip
scenario("timeout.then_ok", category="retries", options={"timeout": 1.0, "max_retries": 1},
         call="models.retrieve", args=["m"], replies=[
             {"delay": 2.5, **ok({"id": "m", "object": "model", "created": 1, "owned_by": "x"})},
             ok({"id": "m", "object": "model", "created": 1, "owned_by": "x"})])  # fmt: skip

# -- client configuration ----------------------------------------------------------------------

_MODEL = ok({"id": "m", "object": "model", "created": 1, "owned_by": "x"})
for name, options in (
    ("organization_project", {"organization": "org-1", "project": "proj-1"}),
    ("default_headers", {"default_headers": {"X-Custom": "1"}}),
    ("default_query", {"default_query": {"tenant": "a"}}),
    ("base_url_trailing_slash", {"base_url": "{base}/v1/"}),
):
    scenario(f"client.{name}", category="client", code=f"""
options = {options!r}
if "base_url" in options:
    options["base_url"] = options["base_url"].replace("{{base}}", base)
c = lib.OpenAI(api_key="sk-parity", **{{"base_url": base + "/v1", **options}})
try:
    result = c.models.retrieve("m")
finally:
    c.close()
""", client="none", replies=[_MODEL])  # fmt: skip
scenario("client.callable_api_key", category="client", client="none", code="""
c = lib.OpenAI(api_key=lambda: "sk-from-callable", base_url=base + "/v1")
try:
    result = c.models.retrieve("m")
finally:
    c.close()
""", replies=[_MODEL])
scenario("client.empty_api_key", category="client", client="none",
         code='result = lib.OpenAI(api_key="", base_url=base + "/v1")')  # fmt: skip
scenario("client.missing_api_key", category="client", client="none",
         code='result = lib.OpenAI(base_url=base + "/v1")')  # fmt: skip
scenario("client.admin_api_key_only", category="client", client="none", code="""
c = lib.OpenAI(admin_api_key="sk-admin-parity", base_url=base + "/v1")
try:
    result = c.models.retrieve("m")
finally:
    c.close()
""", replies=[_MODEL])
scenario("client.admin_endpoint_uses_admin_key", category="client", client="none", code="""
c = lib.OpenAI(api_key="sk-parity", admin_api_key="sk-admin-parity", base_url=base + "/v1")
try:
    result = [u.id for u in c.admin.organization.users.list()]
finally:
    c.close()
""", replies=[ok({"object": "list", "data": [{"object": "organization.user", "id": "u1", "name": "n",
                                             "email": "e", "role": "owner", "added_at": 1}],
               "first_id": "u1", "last_id": "u1", "has_more": False})])  # fmt: skip
scenario("client.data_residency", category="client", client="none", code="""
c = lib.OpenAI(api_key="sk", data_residency="eu")
result = str(c.base_url)
c.close()
""")
scenario("client.data_residency_and_base_url", category="client", client="none",
         code='result = lib.OpenAI(api_key="sk", data_residency="eu", base_url=base)')  # fmt: skip
scenario("client.betas_per_call", category="client", call="beta.responses.create",
         kwargs={"model": "m", "input": "x", "betas": ["some-beta-2025"]}, replies=[ok(response_body())])  # fmt: skip
scenario("client.unknown_option", category="client", client="none",
         code='result = lib.OpenAI(api_key="sk", base_url=base, no_such_option=1)')  # fmt: skip

# -- deprecated methods ------------------------------------------------------------------------

ASSISTANT = {"id": "asst_1", "object": "assistant", "created_at": 1, "model": "gpt-4o", "tools": [],
             "name": None, "description": None, "instructions": None, "metadata": {}}  # fmt: skip
scenario("deprecated.assistants.create", category="misc", call="beta.assistants.create",
         kwargs={"model": "gpt-4o"}, replies=[ok(ASSISTANT)])  # fmt: skip
scenario("deprecated.assistants.retrieve", category="misc", call="beta.assistants.retrieve",
         args=["asst_1"], replies=[ok(ASSISTANT)])  # fmt: skip
scenario("deprecated.threads.create", category="misc", call="beta.threads.create",
         replies=[ok({"id": "thread_1", "object": "thread", "created_at": 1, "metadata": {},
                      "tool_resources": None})])  # fmt: skip
scenario("deprecated.reading_fields_does_not_warn", category="misc", call="chat.completions.create",
         kwargs={"model": "m", "messages": MESSAGES}, replies=[ok(chat_completion(system_fingerprint="fp"))],
         reads=["r.system_fingerprint", "r.choices[0].message.function_call"])  # fmt: skip

# -- containers, vector stores, conversations --------------------------------------------------

scenario("containers.files.create", category="files", call="containers.files.create", args=["cntr_1"],
         kwargs={"file": {"$tuple": ["a.txt", {"$bytes": "hello"}]}},
         replies=[ok({"id": "cfile_1", "object": "container.file", "container_id": "cntr_1", "created_at": 1,
                      "bytes": 5, "path": "/mnt/data/a.txt", "source": "user"})])  # fmt: skip
scenario("containers.files.create.file_id", category="files", call="containers.files.create", args=["cntr_1"],
         kwargs={"file_id": "file-1"},
         replies=[ok({"id": "cfile_1", "object": "container.file", "container_id": "cntr_1", "created_at": 1,
                      "bytes": 5, "path": "/mnt/data/a.txt", "source": "user"})])  # fmt: skip
scenario("containers.files.delete", category="files", call="containers.files.delete", args=["cfile_1"],
         kwargs={"container_id": "cntr_1"}, replies=[text("", content_type="application/json")])  # fmt: skip
scenario("containers.delete", category="files", call="containers.delete", args=["cntr_1"],
         replies=[text("", content_type="application/json")])  # fmt: skip
scenario("vector_stores.create", category="misc", call="vector_stores.create", kwargs={"name": "docs"},
         replies=[ok({"id": "vs_1", "object": "vector_store", "created_at": 1, "name": "docs", "usage_bytes": 0,
                      "file_counts": {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0},
                      "status": "completed", "last_active_at": 1, "metadata": None})])  # fmt: skip
scenario("conversations.create", category="misc", call="conversations.create", kwargs={"metadata": {"a": "b"}},
         replies=[ok({"id": "conv_1", "object": "conversation", "created_at": 1, "metadata": {"a": "b"}})])  # fmt: skip

# -- Azure -------------------------------------------------------------------------------------

for name, options, kwargs in (
    ("api_key", {}, {}),
    ("ad_token", {"azure_ad_token": "ad-token-parity"}, {}),
    ("deployment", {"azure_deployment": "dep1"}, {}),
    ("newer_params", {}, {"reasoning_effort": "low", "store": True, "stream_options": None,
                          "max_completion_tokens": 10}),
    ("api_version", {"api_version": "2025-04-01-preview"}, {}),
):  # fmt: skip
    scenario(f"azure.chat.{name}", category="azure", client="azure", options=options,
             call="chat.completions.create", kwargs={"model": "gpt-4o", "messages": MESSAGES, **kwargs},
             replies=[ok(chat_completion())], reads=["r.choices[0].message.content"])  # fmt: skip
scenario("azure.ad_token_provider", category="azure", client="none", code="""
c = lib.AzureOpenAI(azure_endpoint=base, api_version="2024-10-21", azure_ad_token_provider=lambda: "tok-parity")
try:
    result = c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
finally:
    c.close()
""", replies=[ok(chat_completion())])
scenario("azure.completions.newer_params", category="azure", client="azure", call="completions.create",
         kwargs={"model": "dep", "prompt": "x", "seed": 1, "stream_options": None, "suffix": "!"},
         replies=[ok(COMPLETION)], reads=["r.choices[0].text"])  # fmt: skip
scenario("azure.embeddings.dimensions", category="azure", client="azure", call="embeddings.create",
         kwargs={"model": "emb", "input": "x", "encoding_format": "float", "dimensions": 2},
         replies=[ok(EMBEDDING)])  # fmt: skip
scenario("azure.embeddings", category="azure", client="azure", call="embeddings.create",
         kwargs={"model": "emb", "input": "x", "encoding_format": "float"}, replies=[ok(EMBEDDING)])  # fmt: skip
scenario("azure.stream", category="azure", client="azure", call="chat.completions.create",
         kwargs={"model": "gpt-4o", "messages": MESSAGES, "stream": True}, mode="stream",
         replies=[sse(*_streams["empty_choices_first"])])  # fmt: skip
scenario("azure.files.list", category="azure", client="azure", call="files.list", mode="pages",
         replies=[ok({"object": "list", "data": [FILE], "has_more": False})])  # fmt: skip
scenario("azure.error.content_filter", category="azure", client="azure", options={"max_retries": 0},
         call="chat.completions.create", kwargs={"model": "gpt-4o", "messages": MESSAGES},
         replies=[{**ok({"error": {"message": "filtered", "type": None, "param": "prompt", "code": "content_filter",
                                   "status": 400, "innererror": {"code": "ResponsibleAIPolicyViolation"}}}),
                   "status": 400}])  # fmt: skip
scenario("azure.async", category="azure", client="async_azure", call="chat.completions.create",
         kwargs={"model": "gpt-4o", "messages": MESSAGES}, replies=[ok(chat_completion())])  # fmt: skip
scenario("azure.missing_credentials", category="azure", client="none",
         code='result = lib.AzureOpenAI(azure_endpoint=base, api_version="2024-10-21")')  # fmt: skip

# Azure clients are OpenAI clients in openai-python (a subclass): every helper, webhooks and the
# Azure-only fields (sent through extra_body, read back as extra attributes) as there.
_AZURE_FILTERS = {"hate": {"filtered": False, "severity": "safe"}}
scenario("azure.chat.azure_only_fields", category="azure", client="azure", call="chat.completions.create",
         kwargs={"model": "dep", "messages": MESSAGES,
                 "extra_body": {"data_sources": [{"type": "azure_search", "parameters": {"index_name": "i"}}]}},
         replies=[ok(chat_completion(
             prompt_filter_results=[{"prompt_index": 0, "content_filter_results": _AZURE_FILTERS}],
             choices=[{**chat_completion()["choices"][0], "content_filter_results": _AZURE_FILTERS}]))],
         reads=["r.prompt_filter_results", "r.choices[0].content_filter_results",
                "r.to_dict()['prompt_filter_results'][0]['prompt_index']"])  # fmt: skip
scenario("azure.chat.parse", category="azure", client="azure", code="""
import pydantic
class Answer(pydantic.BaseModel):
    city: str
r = client.chat.completions.parse(model="dep", messages=[{"role": "user", "content": "x"}], response_format=Answer)
result = {"parsed": r.choices[0].message.parsed.model_dump(), "type": type(r.choices[0].message.parsed).__name__,
          "content": r.choices[0].message.content, "id": r.id, "usage": r.usage}
""", replies=[ok(chat_completion(choices=[{"index": 0, "finish_reason": "stop", "logprobs": None,
    "message": {"role": "assistant", "content": '{"city": "Oslo"}', "refusal": None}}]))])  # fmt: skip
scenario("azure.chat.stream_helper", category="azure", client="async_azure", code="""
async with client.chat.completions.stream(model="dep", messages=[{"role": "user", "content": "x"}]) as stream:
    events = [(e.type, getattr(e, "delta", None)) async for e in stream]
    final = await stream.get_final_completion()
result = {"events": events, "content": final.choices[0].message.content, "id": final.id}
""", replies=[sse(*_streams["plain"])])  # fmt: skip
scenario("azure.responses.create", category="azure", client="azure", call="responses.create",
         kwargs={"model": "dep", "input": "Say hello"}, replies=[ok(response_body())],
         reads=["r.output_text", "r.id"])  # fmt: skip
scenario("azure.responses.parse", category="azure", client="async_azure", code="""
import pydantic
class Answer(pydantic.BaseModel):
    city: str
r = await client.responses.parse(model="dep", input="x", text_format=Answer)
result = {"parsed": r.output_parsed.model_dump(), "text": r.output_text}
""", replies=[ok(response_body(output=[{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
    "content": [{"type": "output_text", "text": '{"city": "Oslo"}', "annotations": []}]}]))])  # fmt: skip
_VS_FILE = {"id": "file-1", "object": "vector_store.file", "usage_bytes": 0, "created_at": 1,
            "vector_store_id": "vs_1", "status": "in_progress", "last_error": None}  # fmt: skip
scenario("azure.vector_stores.files.create_and_poll", category="azure", client="azure",
         call="vector_stores.files.create_and_poll", args=["file-1"], kwargs={"vector_store_id": "vs_1"},
         replies=[ok(_VS_FILE), {**ok(_VS_FILE), "headers": {"openai-poll-after-ms": "5"}},
                  ok({**_VS_FILE, "status": "completed"})])  # fmt: skip
scenario("azure.audio.transcriptions.multipart", category="azure", client="azure",
         call="audio.transcriptions.create",
         kwargs={"model": "whisper-dep", "file": {"$tuple": ["a.wav", {"$bytes": "RIFF"}]}},
         replies=[ok({"text": "hi"})], reads=["r.text"])  # fmt: skip
scenario("azure.images.create_variation", category="azure", client="azure", call="images.create_variation",
         kwargs={"model": "dall-e-2", "image": {"$tuple": ["a.png", {"$bytes": "PNG"}]}},
         replies=[ok({"created": 1, "data": []})])  # fmt: skip
scenario("azure.deployment_base_url", category="azure", client="none", code="""
c = lib.AzureOpenAI(base_url=base + "/openai/deployments/dep0", api_version="2024-10-21", api_key="k",
                    azure_deployment="ignored")
try:
    result = c.chat.completions.create(model="other", messages=[{"role": "user", "content": "x"}])
finally:
    c.close()
""", replies=[ok(chat_completion())])  # fmt: skip
scenario("azure.with_options.ad_token", category="azure", client="azure", code="""
other = client.with_options(azure_ad_token="ad-token-copy", max_retries=0)
result = other.chat.completions.create(model="dep", messages=[{"role": "user", "content": "x"}])
""", replies=[ok(chat_completion())])  # fmt: skip
for _name, _stamp_offset, _secret in (("ok", 0, "whsec_cGFyaXR5"), ("wrong_secret", 0, "whsec_b3RoZXI="),
                                      ("old", 1000, "whsec_cGFyaXR5")):  # fmt: skip
    scenario(f"azure.webhooks.unwrap.{_name}", category="azure", client="azure",
             options={"webhook_secret": "whsec_cGFyaXR5"}, code=f"""
import base64, hashlib, hmac, time
body = json.dumps({{"id": "evt_1", "object": "event", "created_at": 1, "type": "batch.completed",
                   "data": {{"id": "batch_1"}}}})
stamp = str(int(time.time()) - {_stamp_offset})
key = base64.b64decode("{_secret}"[6:])
mac = base64.b64encode(hmac.new(key, f"evt_1.{{stamp}}.{{body}}".encode(), hashlib.sha256).digest()).decode()
result = client.webhooks.unwrap(body, {{"webhook-id": "evt_1", "webhook-timestamp": stamp,
                                        "webhook-signature": "v1," + mac}})
""")  # fmt: skip

# -- module-level client -----------------------------------------------------------------------

scenario("module_client.chat", category="client", client="none", code="""
lib.api_key = "sk-module-parity"
lib.base_url = base + "/v1/"
lib.max_retries = 0
try:
    result = lib.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
finally:
    lib._client = None
    lib.api_key = None
    lib.base_url = None
    lib.max_retries = 2
""", replies=[ok(chat_completion())])
scenario("module_client.key_from_environment", category="client", client="none", code="""
import os
os.environ["OPENAI_API_KEY"] = "sk-env-parity"
lib.base_url = base + "/v1/"
lib.max_retries = 0
try:
    result = lib.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert lib.api_key == "sk-env-parity", "the module's api_key reads the environment's key"
finally:
    del os.environ["OPENAI_API_KEY"]
    lib._client = None
    lib.api_key = None
    lib.base_url = None
    lib.max_retries = 2
""", replies=[ok(chat_completion())])
for _sid, _make in (
    ("plain", 'lib.OpenAI(api_key="sk-x", base_url=base + "/v1", max_retries=0)'),
    ("explicit_authorization", 'lib.OpenAI(api_key="sk-x", base_url=base + "/v1", max_retries=0, '
                               'default_headers={"Authorization": "Bearer given", "X-Team": "red"})'),
    ("azure", 'lib.AzureOpenAI(api_key="az-k", api_version="2024-10-21", azure_endpoint=base, '
              'max_retries=0)'),
):
    scenario(f"client.custom_headers_from_environment.{_sid}", category="client", client="none", code=f"""
import os
os.environ["OPENAI_CUSTOM_HEADERS"] = "X-Team: blue\\nAuthorization: Bearer env-tok\\nnot a header\\nX-Empty:"
try:
    client = {_make}
    result = client.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}])
finally:
    del os.environ["OPENAI_CUSTOM_HEADERS"]
""", replies=[ok(chat_completion())])
scenario("module_client.azure", category="client", client="none", code="""
lib.api_type = "azure"
lib.api_key = "azure-module-parity"
lib.azure_endpoint = base
lib.api_version = "2024-10-21"
try:
    result = lib.chat.completions.create(model="dep", messages=[{"role": "user", "content": "x"}])
finally:
    lib._client = None
    lib.api_type = None
    lib.api_key = None
    lib.azure_endpoint = None
    lib.api_version = None
""", replies=[ok(chat_completion())])


def categories() -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in SCENARIOS:
        counts[s["category"]] = counts.get(s["category"], 0) + 1
    return counts


# Workload identity (issue 13, item 17) has its own module; it registers through `scenario`.
import parity_scenarios_workload  # noqa: E402,F401
