"""Scenarios run side by side by openai-python (in .ref-venv) and openai-compat against the same
loopback server; each prints one JSON document of what the caller observes (events, final
objects, errors), which test_helpers_parity.py compares.

    python parity_scenarios.py openai|openai_compat SCENARIO BASE_URL
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import sys
import time
from typing import Any

import pydantic


class City(pydantic.BaseModel):
    name: str
    population: int | None = None


class Weather(pydantic.BaseModel):
    """Current weather of a city."""

    city: City
    temperatures: list[float]


MESSAGES = [{"role": "user", "content": "weather?"}]
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"parity-secret").decode()


def plain(value: Any) -> Any:
    """A comparable JSON value: models dumped without None fields, lists and dicts walked."""
    if isinstance(value, pydantic.BaseModel):
        return plain(value.model_dump(mode="json", exclude_none=True, warnings=False))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def completion_view(completion: Any) -> Any:
    return {
        "id": completion.id,
        "model": completion.model,
        "usage": plain(completion.usage),
        "choices": [
            {
                "index": choice.index,
                "finish_reason": choice.finish_reason,
                "content": choice.message.content,
                "refusal": choice.message.refusal,
                "parsed": plain(choice.message.parsed),
                "parsed_type": type(choice.message.parsed).__name__,
                "logprobs": plain(choice.logprobs),
                "tool_calls": [
                    {
                        "id": call.id,
                        "name": call.function.name,
                        "arguments": call.function.arguments,
                        "parsed_arguments": plain(call.function.parsed_arguments),
                        "parsed_type": type(call.function.parsed_arguments).__name__,
                    }
                    for call in choice.message.tool_calls or ()
                ],
            }
            for choice in completion.choices
        ],
    }


def chat_event_view(event: Any) -> Any:
    view: dict[str, Any] = {"type": event.type}
    if event.type == "chunk":
        view["chunk_id"] = event.chunk.id
        view["snapshot_content"] = event.snapshot.choices[0].message.content if event.snapshot.choices else None
        return view
    for key in ("delta", "snapshot", "content", "refusal", "name", "index", "arguments",
                "arguments_delta", "parsed", "parsed_arguments"):  # fmt: skip
        if hasattr(event, key):
            view[key] = plain(getattr(event, key))
    return view


def response_event_view(event: Any) -> Any:
    view: dict[str, Any] = {"type": event.type, "seq": event.sequence_number}
    for key in ("delta", "snapshot", "text"):
        if hasattr(event, key):
            view[key] = getattr(event, key)
    if hasattr(event, "parsed"):
        view["parsed"] = plain(event.parsed)
    if event.type == "response.completed":
        view["output_parsed"] = plain(event.response.output_parsed)
        view["output_text"] = event.response.output_text
    return view


def response_view(response: Any) -> Any:
    return {
        "id": response.id,
        "status": response.status,
        "output_text": response.output_text,
        "output_parsed": plain(response.output_parsed),
        "parsed_arguments": [
            plain(getattr(item, "parsed_arguments", None)) for item in response.output
        ],
    }


def run(lib: Any, scenario: str, base_url: str) -> Any:
    client = lib.OpenAI(api_key="sk-parity", base_url=base_url, max_retries=0,
                        webhook_secret=WEBHOOK_SECRET)  # fmt: skip
    tools = [lib.pydantic_function_tool(Weather, name="get_weather")]
    if scenario in ("chat_parse", "chat_parse_length", "chat_parse_tools"):
        result = client.chat.completions.parse(
            model="m", messages=MESSAGES, response_format=Weather, tools=tools
        )
        return completion_view(result)
    if scenario.startswith("chat_stream"):
        with client.chat.completions.stream(
            model="m", messages=MESSAGES, response_format=Weather, tools=tools
        ) as stream:
            events = [chat_event_view(e) for e in stream]
            final = completion_view(stream.get_final_completion())
        return {"events": events, "final": final}
    if scenario == "responses_stream":
        rtools = [lib.pydantic_responses_function_tool(Weather, name="get_weather")]
        with client.responses.stream(model="m", input="x", text_format=Weather, tools=rtools) as stream:
            events = [response_event_view(e) for e in stream]
            final = response_view(stream.get_final_response())
        return {"events": events, "final": final}
    if scenario == "responses_resume":
        with client.responses.stream(response_id="resp_1", starting_after=3, text_format=Weather) as stream:
            events = [response_event_view(e) for e in stream]
            final = response_view(stream.get_final_response())
        return {"events": events, "final": final}
    if scenario == "responses_parse":
        rtools = [lib.pydantic_responses_function_tool(Weather, name="get_weather")]
        return response_view(
            client.responses.parse(model="m", input="x", text_format=Weather, tools=rtools)
        )
    if scenario == "poll_vector_store_file":
        file = client.vector_stores.files.create_and_poll("file_1", vector_store_id="vs_1")
        return {"status": file.status, "id": file.id}
    if scenario == "poll_run":
        run_ = client.beta.threads.runs.create_and_poll(thread_id="thread_1", assistant_id="asst_1")
        return {"status": run_.status, "id": run_.id}
    if scenario == "assistants_stream":
        calls: list[Any] = []

        class Recorder(lib.AssistantEventHandler):  # type: ignore[name-defined,misc]
            def on_event(self, event: Any) -> None:
                calls.append(["event", event.event])

            def on_text_created(self, text: Any) -> None:
                calls.append(["text_created", text.value])

            def on_text_delta(self, delta: Any, snapshot: Any) -> None:
                calls.append(["text_delta", delta.value, snapshot.value])

            def on_text_done(self, text: Any) -> None:
                calls.append(["text_done", text.value])

            def on_message_created(self, message: Any) -> None:
                calls.append(["message_created", message.id])

            def on_message_delta(self, delta: Any, snapshot: Any) -> None:
                calls.append(["message_delta", snapshot.content[0].text.value])

            def on_message_done(self, message: Any) -> None:
                calls.append(["message_done", message.id, message.status])

            def on_run_step_created(self, run_step: Any) -> None:
                calls.append(["step_created", run_step.id])

            def on_run_step_delta(self, delta: Any, snapshot: Any) -> None:
                calls.append(["step_delta", snapshot.step_details.tool_calls[0].function.arguments])

            def on_run_step_done(self, run_step: Any) -> None:
                calls.append(["step_done", run_step.id])

            def on_tool_call_created(self, tool_call: Any) -> None:
                calls.append(["tool_call_created", tool_call.id, tool_call.function.name])

            def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
                calls.append(["tool_call_delta", delta.function.arguments, snapshot.function.arguments])

            def on_tool_call_done(self, tool_call: Any) -> None:
                calls.append(["tool_call_done", tool_call.function.arguments])

            def on_end(self) -> None:
                calls.append(["end"])

        with client.beta.threads.runs.stream(
            thread_id="thread_1", assistant_id="asst_1", event_handler=Recorder()
        ) as stream:
            stream.until_done()
            run_ = stream.get_final_run()
            messages = stream.get_final_messages()
            steps = stream.get_final_run_steps()
        return {"calls": calls, "run": run_.status,
                "messages": [m.content[0].text.value for m in messages],
                "steps": [s.step_details.tool_calls[0].function.arguments for s in steps]}  # fmt: skip
    if scenario.startswith("webhook"):
        body = json.dumps({"id": "evt_1", "object": "event", "created_at": 1, "type": "batch.completed",
                           "data": {"id": "batch_1"}})  # fmt: skip
        stamp = int(time.time()) - (1000 if scenario == "webhook_old" else 0)
        key = base64.b64decode(WEBHOOK_SECRET[6:])
        mac = hmac.new(key, f"evt_1.{stamp}.{body}".encode(), hashlib.sha256).digest()
        signature = "v1," + base64.b64encode(mac).decode()
        if scenario == "webhook_bad":
            signature = "v1,AAAA"
        headers = {"webhook-id": "evt_1", "webhook-timestamp": str(stamp), "webhook-signature": signature}
        event = client.webhooks.unwrap(body, headers)
        return {"type": event.type, "batch": event.data.id}
    raise SystemExit(f"unknown scenario {scenario!r}")


def observe(lib_name: str, scenario: str, base_url: str) -> Any:
    lib = importlib.import_module(lib_name)
    try:
        return {"result": run(lib, scenario, base_url)}
    except Exception as exc:  # the error is the observation
        return {"error": type(exc).__name__, "message": str(exc).split("\n")[0]}


if __name__ == "__main__":
    print(json.dumps(observe(sys.argv[1], sys.argv[2], sys.argv[3]), sort_keys=True))
