"""Bedrock and Vertex side by side with openai-python 3.54 (.ref-venv): the same scenarios run
through both SDKs (parity_driver.py, one code for both) against one loopback server, with
botocore's clock fixed. Compared: the base URLs, the requests (method, path, body, credential
headers; SigV4 signatures are each verified with botocore, since the SDKs sign different
User-Agent / X-Stainless headers), and the errors (class and message) for missing or
inconsistent configuration."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from loopback import LoopbackRequest, LoopbackServer
from provider_helpers import header, verify_signature

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_PYTHON = ROOT / ".ref-venv" / "bin" / "python"
DRIVER = Path(__file__).with_name("parity_driver.py")
COMPLETION = {
    "id": "c", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi", "refusal": None}}],
}  # fmt: skip
MODELS = {"object": "list", "data": []}
STATIC = {"access_key_id": "AKIDPARITY", "secret_access_key": "parity-secret",
          "session_token": "parity-token"}  # fmt: skip


def _reference_available() -> bool:
    if not REFERENCE_PYTHON.exists():
        return False
    probe = "import openai.providers, botocore, google.auth"
    return subprocess.run([str(REFERENCE_PYTHON), "-c", probe], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(
    not _reference_available(),
    reason="needs .ref-venv with openai[bedrock,vertex]==3.54.0 (make install)",
)


def _scenarios(base: str) -> list[dict[str, Any]]:
    scenarios = _scenario_list(f"{base}/ok/openai/v1", f"{base}/retry/v1", f"{base}/redirect/v1")
    # Each scenario gets its own path prefix, so one process per SDK runs them all and the
    # server's requests are still told apart.
    return [json.loads(json.dumps(scenario).replace(base, f"{base}/s{i}"))
            for i, scenario in enumerate(scenarios)]  # fmt: skip


def _scenario_list(ok: str, retry: str, redirect: str) -> list[dict[str, Any]]:
    return [
        # requests
        {"provider": "bedrock", "call": "models", "args": {"region": "us-east-1", "base_url": ok, **STATIC}},
        {"provider": "bedrock", "call": "chat", "args": {"region": "us-east-1", "base_url": ok, **STATIC}},
        {"provider": "bedrock", "call": "chat", "args": {"region": "eu-west-1", "endpoint": "runtime",
                                                         "base_url": ok, **STATIC}},
        {"provider": "bedrock", "call": "chat", "args": {"region": "us-east-1", "base_url": retry, **STATIC}},
        {"provider": "bedrock", "call": "chat", "args": {"api_key": "bedrock-key", "base_url": ok}},
        {"provider": "bedrock", "call": "chat", "args": {"token_provider": "counter", "base_url": retry}},
        {"provider": "bedrock", "call": "chat", "args": {"base_url": ok},
         "env": {"AWS_BEARER_TOKEN_BEDROCK": "env-bedrock-key"}},
        {"provider": "bedrock", "call": "models", "args": {"base_url": ok},
         "env": {"AWS_REGION": "us-west-2", "AWS_ACCESS_KEY_ID": "AKIDENV",
                 "AWS_SECRET_ACCESS_KEY": "env-secret"}},
        {"provider": "bedrock", "call": "models", "args": {"region": "us-east-1", "base_url": redirect,
                                                           **STATIC}},
        {"provider": "vertex", "call": "chat", "args": {"base_url": ok, "token_provider": "counter"}},
        {"provider": "vertex", "call": "chat", "args": {"base_url": retry, "token_provider": "counter"}},
        {"provider": "vertex", "call": "models", "args": {"base_url": redirect, "token_provider": "counter"}},
        {"class": "AsyncOpenAI", "provider": "bedrock", "call": "chat",
         "args": {"region": "us-east-1", "base_url": retry, **STATIC}},
        {"class": "AsyncOpenAI", "provider": "bedrock", "call": "chat",
         "args": {"token_provider": "async-counter", "base_url": retry}},
        {"class": "AsyncOpenAI", "provider": "vertex", "call": "models",
         "args": {"token_provider": "async-counter", "base_url": ok}},
        {"class": "AsyncOpenAI", "provider": "bedrock", "call": "models",
         "args": {"region": "us-east-1", "base_url": redirect, **STATIC}},
        {"class": "AsyncBedrockOpenAI", "call": "chat",
         "args": {"bedrock_token_provider": "async-counter", "base_url": ok}},
        {"class": "BedrockOpenAI", "call": "chat", "args": {"api_key": "legacy-key", "base_url": ok}},
        {"class": "BedrockOpenAI", "call": "chat", "args": {
            "aws_region": "us-east-1", "base_url": ok, "aws_access_key_id": "AKIDPARITY",
            "aws_secret_access_key": "parity-secret", "aws_session_token": "parity-token"}},
        # base URLs
        {"provider": "bedrock", "args": {"api_key": "k", "region": "us-west-2", "endpoint": "runtime"}},
        {"provider": "bedrock", "args": {"api_key": "k", "region": "cn-north-1", "endpoint": "runtime"}},
        {"provider": "bedrock", "args": {"api_key": "k"}, "env": {"AWS_DEFAULT_REGION": "ap-south-1"}},
        {"provider": "bedrock", "args": {"api_key": "k"},
         "env": {"AWS_BEDROCK_BASE_URL": "https://gw.example/openai/v1/responses"}},
        {"provider": "vertex", "args": {"project": "p", "location": "global", "token_provider": "counter"}},
        {"provider": "vertex", "args": {"token_provider": "counter"},
         "env": {"GOOGLE_CLOUD_PROJECT": "envp", "GOOGLE_CLOUD_LOCATION": "us-central1"}},
        {"class": "BedrockOpenAI", "args": {"aws_region": "us-east-1", "api_key": "k"}},
        # errors
        {"provider": "bedrock", "args": {}},
        {"provider": "bedrock", "args": {"api_key": "k"}},
        {"provider": "bedrock", "call": "models", "args": {"region": "us-east-1", "base_url": ok}},
        {"provider": "bedrock", "args": {"region": "nowhere"}},
        {"provider": "bedrock", "args": {"access_key_id": "AKID"}},
        {"provider": "bedrock", "args": {"api_key": "k", "profile": "p"}},
        {"provider": "bedrock", "args": {"api_key": "k", "region": "us-east-1",
                                         "base_url": "https://bedrock-mantle.us-west-2.api.aws/v1"}},
        {"provider": "bedrock", "args": {"api_key": "k", "base_url": "http://bedrock-runtime.us-east-1.amazonaws.com"}},
        {"provider": "bedrock", "args": {"api_key": "k", "region": "us-east-1"}, "client": {"api_key": "x"}},
        {"provider": "vertex", "args": {}},
        {"provider": "vertex", "args": {"project": "p"}},
        {"provider": "vertex", "args": {"base_url": "http://x-aiplatform.googleapis.com/v1"}},
        {"class": "BedrockOpenAI", "args": {}},
        {"class": "BedrockOpenAI", "args": {"api_key": "", "aws_region": "us-east-1"}},
    ]  # fmt: skip


class _Server:
    """Answers by path: /ok/ succeeds, /retry/ fails once with 503 then succeeds, /redirect/
    answers 307. `reset()` starts a new run (the retry state is per run)."""

    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.failed_once: set[str] = set()
        server.handler = self

    def reset(self) -> None:
        self.server.requests.clear()
        self.failed_once.clear()

    def __call__(self, request: LoopbackRequest) -> None:
        body = json.dumps(MODELS if request.path.endswith("/models") else COMPLETION).encode()
        route = "/" + request.path.split("/", 2)[2]  # without the scenario's /s<i> prefix
        if route.startswith("/redirect/"):
            request.send_body(307, b"", {"Location": "/ok/elsewhere"})
        elif route.startswith("/retry/") and request.path not in self.failed_once:
            self.failed_once.add(request.path)
            request.send_body(503, b'{"error": {"message": "busy"}}',
                              {"Content-Type": "application/json", "retry-after-ms": "1"})  # fmt: skip
        else:
            request.send_body(200, body, {"Content-Type": "application/json"})


def _run(python: Path, package: str, scenarios: list[dict[str, Any]], home: Path) -> Any:
    env = {"PATH": os.environ.get("PATH", "/usr/bin"), "HOME": str(home),
           "AWS_CONFIG_FILE": str(home / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(home / "creds"),
           "AWS_EC2_METADATA_DISABLED": "true", "GCE_METADATA_HOST": "127.0.0.1:9",
           "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip
    done = subprocess.run(
        [str(python), str(DRIVER), package], input=json.dumps(scenarios), capture_output=True,
        text=True, env=env, timeout=120, cwd=str(home),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Both SDKs through every scenario; requests recorded per SDK and scenario."""
    home = tmp_path_factory.mktemp("parity-home")
    with LoopbackServer() as loopback:
        server = _Server(loopback)
        scenarios = _scenarios(loopback.base_url)
        recorded: dict[str, list[list[Any]]] = {}
        outcomes: dict[str, Any] = {}
        for name, python, package in (("openai", REFERENCE_PYTHON, "openai"),
                                      ("openai_compat", Path(sys.executable), "openai_compat")):  # fmt: skip
            server.reset()
            outcomes[name] = _run(python, package, scenarios, home)
            recorded[name] = [
                [r for r in loopback.requests if r.path.startswith(f"/s{i}/")]
                for i in range(len(scenarios))
            ]
        return scenarios, outcomes, recorded, loopback.base_url


def _ids() -> list[str]:
    return [f"{i}-{s.get('class', s.get('provider'))}-{s.get('call', 'config')}"
            for i, s in enumerate(_scenarios("http://x"))]  # fmt: skip


@pytest.mark.parametrize("index", range(len(_scenarios("http://x"))), ids=_ids())
def test_same_outcome(runs: Any, index: int) -> None:
    scenarios, outcomes, recorded, base = runs
    ref, ours = outcomes["openai"][index], outcomes["openai_compat"][index]
    assert ours["base_url"] == ref["base_url"]
    if ref["error"] is not None and ref["error"][2] is not None:
        # An HTTP status error: same class and status (the message wording is the client's
        # generic status-error format, not the provider's).
        assert ours["error"] is not None and ours["error"][::2] == ref["error"][::2]
    else:
        assert ours["error"] == ref["error"]
    ref_requests, our_requests = recorded["openai"][index], recorded["openai_compat"][index]
    # Bodies are the same JSON; the key order may differ (openai-compat writes parameters in
    # the spec's order), so the payload hash is checked against each side's own bytes below.
    assert [(r.method, r.path, json.loads(r.body or b"null")) for r in our_requests] == [
        (r.method, r.path, json.loads(r.body or b"null")) for r in ref_requests
    ]
    args = scenarios[index].get("args", {})
    for mine, theirs in zip(our_requests, ref_requests, strict=True):
        for name in ("Content-Type", "X-Amz-Date", "X-Amz-Security-Token"):
            assert header(mine, name) == header(theirs, name), name
        for sent in (mine, theirs):
            if header(theirs, "X-Amz-Content-SHA256") is not None:
                assert header(sent, "X-Amz-Content-SHA256") == hashlib.sha256(sent.body).hexdigest()
        authorization, reference = header(mine, "Authorization"), header(theirs, "Authorization")
        if reference is None or not reference.startswith("AWS4-HMAC-SHA256"):
            assert authorization == reference
            continue
        assert authorization is not None
        scope = reference.split("Credential=")[1].split(",")[0]
        assert authorization.split("Credential=")[1].split(",")[0] == scope
        key, _, region, service, _ = scope.split("/")
        secret = {"AKIDPARITY": "parity-secret", "AKIDENV": "env-secret"}[key]
        token = "parity-token" if key == "AKIDPARITY" else None
        for sent in (mine, theirs):
            verify_signature(sent, base, secret=secret, region=region, service=service, token=token)
        signed = set(authorization.split("SignedHeaders=")[1].split(",")[0].split(";"))
        assert {"host", "x-amz-date", "x-amz-content-sha256"} <= signed
        assert args.get("base_url") is not None
