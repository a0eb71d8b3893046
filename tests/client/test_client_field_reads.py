"""Reading a response never invents data and never warns.

A field the server did not send reads None, whatever default the spec documents (the default is
what the *server* does when a request leaves a field out). Fields the spec marks deprecated read
without a DeprecationWarning, as on openai-python's models (it warns on deprecated method calls,
not on field reads); pytest turns any warning into an error here.
"""

from __future__ import annotations

from harness import Harness, reply_json

COMPLETION = {
    "id": "c1", "object": "chat.completion", "created": 1, "model": "m",
    "system_fingerprint": "fp_1",
    "choices": [{"index": 0, "finish_reason": "function_call", "logprobs": None,
                 "message": {"role": "assistant", "content": None,
                             "function_call": {"name": "f", "arguments": "{}"}}}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3,
              "completion_tokens_details": {"reasoning_tokens": 2}},
}  # fmt: skip


async def test_fields_not_sent_read_none(h: Harness) -> None:
    h.server.handler = reply_json(COMPLETION)
    completion = await h.run(
        h.client().chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    )
    details = completion.usage.completion_tokens_details
    assert details.reasoning_tokens == 2
    assert details.audio_tokens is None  # the spec's default is 0; the server did not say
    assert details.accepted_prediction_tokens is None
    assert details.rejected_prediction_tokens is None
    assert completion.usage.prompt_tokens_details is None
    assert completion.service_tier is None


async def test_deprecated_fields_read_without_a_warning(h: Harness) -> None:
    h.server.handler = reply_json(COMPLETION)
    completion = await h.run(
        h.client().chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    )
    assert completion.system_fingerprint == "fp_1"
    assert completion.choices[0].message.function_call.name == "f"
