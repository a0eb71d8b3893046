"""The README's quickstart runs as written, against a loopback server standing in for the API.

The Python blocks run in order in one namespace (a later block uses the `client` of an earlier
one, as a reader would). The only substitutions are the hosts: the API's (through
OPENAI_BASE_URL, as the quickstart says), and the literal local-server and Azure URLs, which
point at the loopback server. Each call must reach the server in the shape the API expects.
The providers section runs the same way: each preset's documented URL is replaced by a path of
the loopback server, Bedrock's through AWS_BEDROCK_BASE_URL, Vertex's project/location by a
loopback `base_url`; credentials are test values (AWS keys in the environment, and for Vertex a
throwaway service-account file whose token endpoint is the loopback server).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from loopback import LoopbackRequest, LoopbackServer

from openai_compat import AzureOpenAI, OpenAI
from openai_compat.providers import PRESETS

README = Path(__file__).resolve().parent.parent / "README.md"
COMPLETION = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "Hello!", "refusal": None,
                             "reasoning_content": "Greet back."}}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
}  # fmt: skip
MODELS = {
    "object": "list",
    "data": [{"id": "gpt-4o-mini", "object": "model", "created": 1, "owned_by": "o"}],
}


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta = {"content": content} if content is not None else {}
    body = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}  # fmt: skip
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def _answer(request: LoopbackRequest) -> None:
    if request.path == "/google-token":  # the fake service account's token endpoint
        token = {"access_token": "ya29.readme", "expires_in": 3600, "token_type": "Bearer"}
        request.send_body(200, json.dumps(token).encode(), {"Content-Type": "application/json"})
        return
    if request.path.startswith("/v1/uploads"):
        _answer_upload(request)
        return
    if request.command == "GET" and request.path.endswith("/models"):
        request.send_body(200, json.dumps(MODELS).encode(), {"Content-Type": "application/json"})
        return
    body = json.loads(request.body)
    if (body.get("response_format") or {}).get("type") == "json_schema":
        answer = json.loads(json.dumps(COMPLETION))
        answer["choices"][0]["message"]["content"] = '{"city": "Paris", "temperature_c": 18.5}'
        request.send_body(200, json.dumps(answer).encode(), {"Content-Type": "application/json"})
        return
    if body.get("stream"):
        events = _chunk("1, ") + _chunk("2, 3") + _chunk(None, "stop") + b"data: [DONE]\n\n"
        request.send_body(200, events, {"Content-Type": "text/event-stream"})
    else:
        request.send_body(
            200, json.dumps(COMPLETION).encode(), {"Content-Type": "application/json"}
        )


UPLOADED = b'{"prompt": "hi"}\n' * 3  # train.jsonl of the resumable-upload example


def _answer_upload(request: LoopbackRequest) -> None:
    """The Uploads API; the first part fails (400, not retried), so the example resumes."""
    upload = {"id": "upload_1", "object": "upload", "bytes": len(UPLOADED), "created_at": 1,
              "filename": "train.jsonl", "purpose": "batch", "status": "pending", "expires_at": 2}  # fmt: skip
    status, body = 200, upload
    if request.path.endswith("/parts"):
        sent = sum(r.path.endswith("/parts") for r in request.server.owner.requests)  # this one too
        status, body = (400, {"error": {"message": "try again"}}) if sent == 1 else (
            200, {"id": f"part_{sent}", "object": "upload.part", "created_at": 1, "upload_id": "upload_1"})  # fmt: skip
    elif request.path.endswith("/complete"):
        body = {**upload, "status": "completed"}
    request.send_body(status, json.dumps(body).encode(), {"Content-Type": "application/json"})


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_has_the_quickstart_blocks() -> None:
    text = "\n".join(_python_blocks())
    needles = ("OpenAI()", "stream=True", "AsyncOpenAI", "base_url=", "AzureOpenAI(",
               "response_format=", 'event.type == "content.delta"',
               "provider=bedrock(", "provider=vertex(", "reasoning_text(")  # fmt: skip
    for needle in needles:
        assert needle in text
    for name in PRESETS:
        assert f"{name}(" in text, name


def _service_account(tmp_path: Path, token_uri: str) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()  # fmt: skip
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps({"type": "service_account", "project_id": "my-project",
                                "private_key_id": "k", "private_key": pem, "client_id": "1",
                                "client_email": "readme@my-project.iam.gserviceaccount.com",
                                "token_uri": token_uri}))  # fmt: skip
    return path


def _provider_environment(monkeypatch: pytest.MonkeyPatch, server: LoopbackServer,
                          tmp_path: Path) -> None:  # fmt: skip
    """Preset URLs on the loopback server, test keys, AWS keys, a fake Google service account."""
    for name, preset in PRESETS.items():
        monkeypatch.setitem(PRESETS, name, replace(preset, base_url=server.url(f"/{name}/v1")))
        if preset.key_env:
            monkeypatch.delenv(preset.key_env, raising=False)
            if preset.key_required:
                monkeypatch.setenv(preset.key_env, f"key-of-{name}")
    monkeypatch.setenv("AWS_BEDROCK_BASE_URL", server.url("/bedrock/openai/v1"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDREADME")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "readme-secret")
    for name in ("AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    account = _service_account(tmp_path, server.url("/google-token"))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(account))


def test_the_quickstart_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # the upload example's train.jsonl
    (tmp_path / "train.jsonl").write_bytes(UPLOADED)
    with LoopbackServer(_answer) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-readme-test-key")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url("/v1"))
        _provider_environment(monkeypatch, server, tmp_path)
        namespace: dict[str, object] = {}
        opened: list[object] = []
        try:
            for block in _python_blocks():
                block = block.replace("http://localhost:8000/v1", server.url("/v1"))
                block = block.replace("https://my-resource.openai.azure.com", server.url(""))
                block = block.replace('project="my-project", location="us-central1"',
                                      f'base_url="{server.url("/vertex/v1")}"')  # fmt: skip
                exec(compile(block, str(README), "exec"), namespace)  # our own README
                opened.append(namespace.get("client"))  # each block may make a new `client`
        finally:
            for client in {
                id(c): c for c in opened if isinstance(c, (OpenAI, AzureOpenAI))
            }.values():
                client.close()
        paths = [(r.method, r.path.split("?")[0]) for r in server.requests]
        sent = {r.path: {k.title(): v for k, v in r.headers.items()} for r in server.requests}
    printed = capsys.readouterr().out
    for name in PRESETS:  # every preset's example reached its (substituted) server
        assert ("POST", f"/{name}/v1/chat/completions") in paths, name
    assert "Greet back. -> Hello!" in printed  # reasoning_text of the DeepSeek example
    assert sent["/openrouter/v1/chat/completions"]["Http-Referer"] == "https://myapp.example"
    assert sent["/groq/v1/chat/completions"]["Authorization"] == "Bearer key-of-groq"
    assert "Authorization" not in sent["/ollama/v1/chat/completions"]
    assert sent["/bedrock/openai/v1/chat/completions"]["Authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=AKIDREADME/"
    )
    assert sent["/vertex/v1/chat/completions"]["Authorization"] == "Bearer ya29.readme"
    assert "Hello! 5" in printed  # the first block's print
    assert "1, 2, 3" in printed  # streamed deltas, and the merged completion
    assert "1, 2, 31, 2, 3" in printed  # the event loop's deltas, then the final completion
    assert "Paris 18.5" in printed  # structured outputs
    assert ("GET", "/v1/models") in paths
    assert f"completed {len(UPLOADED)}" in printed  # the upload, resumed after its part failed
    assert [p for p in paths if p[1].startswith("/v1/uploads")] == [
        ("POST", "/v1/uploads"), ("POST", "/v1/uploads/upload_1/parts"),
        ("POST", "/v1/uploads/upload_1/parts"), ("POST", "/v1/uploads/upload_1/complete")]  # fmt: skip
    assert ("POST", "/openai/deployments/my-deployment/chat/completions") in paths
    azure = [r for r in server.requests if r.path.startswith("/openai/deployments/my-deployment/")]
    assert json.loads(azure[0].body)["data_sources"][0]["type"] == "azure_search"
    local = [r for r in server.requests if b"top_k" in r.body]
    assert local and json.loads(local[0].body)["top_k"] == 20  # extra_body reached the server
