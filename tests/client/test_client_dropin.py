"""Behaviour that makes openai_compat a drop-in for openai-python 3.54.0 (issue #13's list);
the parity harness (tests/parity) compares the same against openai-python itself."""

from __future__ import annotations

import gc
import json
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import (
    API_KEY,
    CHAT_COMPLETION,
    MESSAGES,
    Harness,
    header,
    reply_in_turn,
    reply_json,
    sent_json,
)
from loopback import LoopbackRequest, LoopbackServer

import openai_compat as oc

MODEL = {"id": "m", "object": "model", "created": 1, "owned_by": "me"}
RESPONSE = {
    "id": "resp_1", "object": "response", "created_at": 1, "model": "m", "status": "completed",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": [
            {"type": "output_text", "text": "Hello ", "annotations": []},
            {"type": "refusal", "refusal": "not this"},
            {"type": "output_text", "text": "world", "annotations": []}]},
    ],
}  # fmt: skip


async def test_output_text_is_computed_from_the_output_items(h: Harness) -> None:  # item 2
    h.server.handler = reply_json(RESPONSE)
    response = await h.run(h.client().responses.create(model="m", input="hi"))
    assert response.output_text == "Hello world"
    h.server.handler = reply_json({**RESPONSE, "output": []})
    assert (await h.run(h.client().responses.retrieve("resp_1"))).output_text == ""


async def test_error_body_is_the_inner_error_object(h: Harness) -> None:  # item 3
    error = {"message": "Invalid model", "type": "invalid_request_error", "param": "model",
             "code": "model_not_found"}  # fmt: skip
    h.server.handler = reply_json({"error": error}, 404)
    with pytest.raises(oc.NotFoundError) as caught:
        await h.run(h.client(max_retries=0).models.retrieve("m"))
    assert caught.value.body == error and caught.value.body["message"] == "Invalid model"
    assert (caught.value.code, caught.value.param) == ("model_not_found", "model")


@pytest.mark.parametrize("api_key", ["", None])
def test_an_empty_or_missing_api_key_is_refused_at_construction(
    api_key: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:  # item 6
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_ADMIN_KEY", raising=False)
    with pytest.raises(oc.OpenAIError, match=r"^Missing credentials\. Please pass an `api_key`"):
        oc.OpenAI(api_key=api_key, base_url="http://127.0.0.1:9/v1")


async def test_spec_constraints_are_the_servers_to_judge(h: Harness) -> None:  # item 7
    h.server.handler = reply_json(CHAT_COMPLETION)
    arguments: dict[str, Any] = {
        "stop": ["1", "2", "3", "4", "5", "6"], "top_logprobs": 30, "temperature": 3,
        "response_format": {"type": "regex", "regex": "[a-z]+"},
        "messages": [{"role": "ipython", "content": "out"}],
    }  # fmt: skip
    await h.run(h.client().chat.completions.create(model="m", **arguments))
    assert sent_json(h.server) == {"model": "m", **arguments}
    with pytest.raises(oc.InvalidArgumentError, match="role"):  # opt-in local validation
        await h.run(h.client(validate_requests=True).chat.completions.create(model="m", **arguments))
    assert len(h.server.requests) == 1


def test_an_unclosed_client_leaves_no_resource_warning(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = reply_json(MODEL)  # item 8
    client = oc.OpenAI(api_key=API_KEY, base_url=loopback_server.url("/v1"))
    client.models.retrieve("m")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ResourceWarning in __del__ would surface via gc
        del client
        gc.collect()


async def test_azure_takes_the_openai_methods_parameters(h: Harness) -> None:  # item 9
    h.server.handler = reply_json(CHAT_COMPLETION)
    await h.run(h.azure().chat.completions.create(
        model="dep", messages=MESSAGES, reasoning_effort="low", store=True,
        stream_options=None, data_sources=[{"type": "azure_search", "parameters": {}}],
    ))  # fmt: skip
    body = sent_json(h.server)
    assert body["reasoning_effort"] == "low" and body["store"] is True
    assert body["stream_options"] is None and body["data_sources"][0]["type"] == "azure_search"
    h.server.handler = reply_json({"id": "c", "object": "text_completion", "created": 1, "model": "d",
                                   "choices": [{"index": 0, "text": "x", "finish_reason": "stop"}]})  # fmt: skip
    await h.run(h.azure().completions.create(model="dep", prompt="x", stream_options=None))
    assert sent_json(h.server)["stream_options"] is None
    with pytest.raises(TypeError, match="no_such_parameter"):
        await h.run(h.azure().chat.completions.create(model="d", messages=MESSAGES, no_such_parameter=1))


async def test_azure_audio_and_images_take_the_openai_methods_parameters(h: Harness) -> None:
    h.server.handler = reply_json({"text": "hi"})
    transcript = await h.run(h.azure().audio.transcriptions.create(
        model="whisper", file=("a.wav", b"RIFF"), include=["logprobs"], chunking_strategy="auto"))  # fmt: skip
    assert transcript.text == "hi"
    body = h.server.requests[-1].body
    assert b'name="include[]"' in body and b'name="chunking_strategy"' in body
    assert h.server.requests[-1].path.startswith("/openai/deployments/whisper/audio/transcriptions")
    h.server.handler = reply_json({"created": 1, "data": [{"b64_json": "aGk="}]})
    await h.run(h.azure().images.generate(model="gpt-image-1", prompt="a cat", output_format="webp", background="transparent"))
    assert sent_json(h.server)["output_format"] == "webp"
    assert h.server.requests[-1].path.startswith("/openai/deployments/gpt-image-1/images/generations")


async def test_a_pydantic_response_format_points_to_parse(h: Harness) -> None:  # item 11
    import pydantic

    class Answer(pydantic.BaseModel):
        value: str

    with pytest.raises(TypeError, match=r"You must use `chat.completions.parse\(\)` instead"):
        await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES, response_format=Answer))
    assert h.server.requests == []


async def test_a_users_http_client_drops_credentials_on_a_cross_origin_redirect(h: Harness) -> None:
    with LoopbackServer(reply_json(CHAT_COMPLETION)) as elsewhere:  # item 12
        target = elsewhere.url("/openai/deployments/d/chat/completions?api-version=2024-10-21")

        def redirect(request: LoopbackRequest) -> None:
            request.send_body(307, b"", {"Location": target})

        h.server.handler = redirect
        http: Any = httpx.AsyncClient(follow_redirects=True) if h.is_async else httpx.Client(follow_redirects=True)
        try:
            client = h.azure(http_client=http, default_headers={"X-Api-Key": "also-secret"})
            completion = await h.run(client.chat.completions.create(model="d", messages=MESSAGES))
        finally:
            await h.run(http.aclose() if h.is_async else http.close())
        assert completion.choices[0].message.content == "Hello!"
        assert header(h.server, "api-key") == API_KEY  # the first origin got it
        assert header(elsewhere, "api-key") is None and header(elsewhere, "x-api-key") is None


async def test_empty_path_argument_is_openai_pythons_value_error(h: Harness) -> None:  # item 13
    with pytest.raises(ValueError, match=r"^Expected a non-empty value for `file_id` but received ''$"):
        await h.run(h.client().files.retrieve(""))


async def test_calling_a_deprecated_method_warns_at_the_callers_line(h: Harness) -> None:
    h.server.handler = reply_json({"id": "asst_1", "object": "assistant", "created_at": 1,
                                   "model": "m", "tools": [], "metadata": {}})  # fmt: skip
    with pytest.warns(DeprecationWarning, match="^deprecated$") as caught:  # item 14
        await h.run(h.client().beta.assistants.retrieve("asst_1"))
    # sync: the caller's line; async: the line that awaits (the warning is raised when the
    # coroutine runs, not when it is created as openai-python's decorator does)
    assert Path(caught[0].filename).name == ("harness.py" if h.is_async else Path(__file__).name)


async def test_reading_fields_and_calling_current_methods_does_not_warn(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        await h.run(h.client().chat.completions.create(model="m", messages=MESSAGES))


@pytest.mark.parametrize("response_format", ["text", "srt", "vtt"])
async def test_audio_text_formats_return_the_text(h: Harness, response_format: str) -> None:
    def handler(request: LoopbackRequest) -> None:  # item 15
        request.send_body(200, b"1\n00:00:00,000 --> 00:00:01,000\nhi\n", {"Content-Type": "text/plain"})

    h.server.handler = handler
    text = await h.run(h.client().audio.transcriptions.create(
        model="whisper-1", file=("a.wav", b"RIFF"), response_format=response_format))  # fmt: skip
    assert text == "1\n00:00:00,000 --> 00:00:01,000\nhi\n"


async def test_omit_leaves_an_argument_out(h: Harness) -> None:
    h.server.handler = reply_json({"text": "hi"})
    result = await h.run(h.client().audio.transcriptions.create(
        model="whisper-1", file=("a.wav", b"RIFF"), response_format=oc.omit))  # fmt: skip
    assert result.text == "hi" and b"response_format" not in h.server.requests[-1].body


async def test_container_file_by_id_is_sent_as_json(h: Harness) -> None:  # item 16
    h.server.handler = reply_json({"id": "cfile_1", "object": "container.file"})
    await h.run(h.client().containers.files.create("cntr_1", file_id="file-1"))
    assert header(h.server, "content-type") == "application/json"
    assert sent_json(h.server) == {"file_id": "file-1"}


async def test_admin_operations_authenticate_with_the_admin_key(h: Harness) -> None:  # item 17
    h.server.handler = reply_json({"object": "list", "data": [], "has_more": False})
    await h.run(h.client(admin_api_key="sk-admin-1").admin.organization.users.list())
    assert header(h.server, "authorization") == "Bearer sk-admin-1"
    h.server.handler = reply_json(MODEL)
    await h.run(h.client(admin_api_key="sk-admin-1").models.retrieve("m"))
    assert header(h.server, "authorization") == f"Bearer {API_KEY}"
    only_admin = h.client(api_key=None, admin_api_key="sk-admin-1")
    with pytest.raises(TypeError, match="Could not resolve authentication method"):
        await h.run(only_admin.models.retrieve("m"))


def test_openai_pythons_client_options_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-env")
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec_x")
    client = oc.OpenAI(api_key="sk", data_residency="eu", websocket_base_url="wss://x")
    assert str(client.base_url) == "https://eu.api.openai.com/v1/"
    assert (client.admin_api_key, client.webhook_secret) == ("sk-admin-env", "whsec_x")
    client.close()
    with pytest.raises(ValueError, match="mutually exclusive"):
        oc.OpenAI(api_key="sk", data_residency="eu", base_url="http://127.0.0.1:9")
    # workload_identity= is accepted (tests/client/test_workload_identity.py); a malformed one
    # is refused in openai-python's words.
    with pytest.raises(oc.OpenAIError, match="Invalid `workload_identity` configuration"):
        oc.OpenAI(workload_identity={"client_id": "x"})  # type: ignore[typeddict-unknown-key]


async def test_raw_responses_carry_the_request_and_platform_headers(h: Harness) -> None:  # item 18
    h.server.handler = reply_json(MODEL)
    raw = await h.run(h.client().models.with_raw_response.retrieve("m"))
    assert raw.http_request.url.path == "/v1/models/m" and raw.http_request.method == "GET"
    assert header(h.server, "x-stainless-raw-response") == "true"
    for name in ("lang", "os", "arch", "runtime", "runtime-version", "package-version"):
        assert header(h.server, f"x-stainless-{name}")
    assert header(h.server, "x-stainless-async") == ("async:asyncio" if h.is_async else "false")
    assert header(h.server, "x-stainless-read-timeout") == "600"
    assert header(h.server, "x-stainless-retry-count") == "0"


def test_module_level_client(loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_server.handler = reply_in_turn(reply_json(CHAT_COMPLETION), reply_json(MODEL))
    monkeypatch.setattr(oc, "api_key", "sk-module")
    monkeypatch.setattr(oc, "base_url", loopback_server.url("/v1"))
    monkeypatch.setattr(oc, "_client", None)
    try:
        completion = oc.chat.completions.create(model="m", messages=MESSAGES)
        assert completion.choices[0].message.content == "Hello!"
        assert header(loopback_server, "authorization") == "Bearer sk-module"
        oc.api_key = "sk-rotated"  # settings are read on every request, as in openai-python
        oc.organization = "org-1"
        assert oc.models.retrieve("m").id == "m"
        assert header(loopback_server, "authorization") == "Bearer sk-rotated"
        assert header(loopback_server, "openai-organization") == "org-1"
    finally:
        if oc._client is not None:
            oc._client.close()
        oc.organization = None


def test_module_level_azure_client(loopback_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_server.handler = reply_json(CHAT_COMPLETION)
    for name, value in (("api_type", "azure"), ("api_key", "azure-module-key"), ("_client", None),
                        ("azure_endpoint", loopback_server.base_url), ("api_version", "2024-10-21"),
                        ("webhook_secret", "whsec_module")):  # fmt: skip
        monkeypatch.setattr(oc, name, value)
    try:
        oc.chat.completions.create(model="dep", messages=MESSAGES)
        assert oc._client.webhook_secret == "whsec_module"  # client.webhooks as openai-python's
    finally:
        oc._client.close()
    request = loopback_server.requests[-1]
    assert request.path == "/openai/deployments/dep/chat/completions?api-version=2024-10-21"
    assert header(loopback_server, "api-key") == "azure-module-key"
    assert json.loads(request.body)["model"] == "dep"


async def test_openai_custom_headers_from_the_environment(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openai-python 3.54: one `Name: value` per line, under the client's default_headers.
    monkeypatch.setenv("OPENAI_CUSTOM_HEADERS", "X-Team: blue\nX-Env: 1\nnot a header")
    h.server.handler = reply_json(MODEL)
    await h.run(h.client(default_headers={"X-Team": "red"}).models.retrieve("m"))
    assert (header(h.server, "x-team"), header(h.server, "x-env")) == ("red", "1")
    assert header(h.server, "authorization") == f"Bearer {API_KEY}"


async def test_a_default_authorization_header_is_the_one_sent(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    await h.run(h.client(default_headers={"Authorization": "Bearer given"}).models.retrieve("m"))
    assert header(h.server, "authorization") == "Bearer given"
    await h.run(h.client(default_headers={"Authorization": oc.omit}).models.retrieve("m"))
    assert header(h.server, "authorization") is None
