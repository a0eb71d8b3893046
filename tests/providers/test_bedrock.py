"""`bedrock()`: endpoint, region and credential resolution, and what reaches the server (a
loopback server standing in for Bedrock through `base_url`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from loopback import LoopbackRequest, LoopbackServer
from provider_helpers import FixedClock, close, run, verify_signature

from openai_compat import APIStatusError, AsyncOpenAI, OpenAI, OpenAIError
from openai_compat.providers import bedrock

COMPLETION = {
    "id": "c", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi", "refusal": None}}],
}  # fmt: skip
MESSAGES = [{"role": "user", "content": "Hi"}]


def _ok(request: LoopbackRequest) -> None:
    request.send_body(200, json.dumps(COMPLETION).encode())


def _client(mode: str, **options: Any) -> Any:
    return (AsyncOpenAI if mode == "async" else OpenAI)(max_retries=options.pop("max_retries", 2),
                                                         **options)  # fmt: skip


def _header(request: Any, name: str) -> str | None:
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), None)


# -- endpoint and region -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "url"),
    [
        ({"region": "us-east-1"}, "https://bedrock-mantle.us-east-1.api.aws/openai/v1"),
        ({"region": "eu-west-3", "endpoint": "runtime"},
         "https://bedrock-runtime.eu-west-3.amazonaws.com/openai/v1"),
        ({"region": "cn-north-1", "endpoint": "runtime"},
         "https://bedrock-runtime.cn-north-1.amazonaws.com.cn/openai/v1"),
        ({"base_url": "https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1/responses"},
         "https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1"),
        ({"base_url": "https://proxy.example/openai/v1/"}, "https://proxy.example/openai/v1"),
    ],
)  # fmt: skip
def test_the_base_url(options: dict[str, Any], url: str) -> None:
    client = OpenAI(provider=bedrock(api_key="bedrock-key", **options))
    assert str(client.base_url).rstrip("/") == url
    client.close()


def test_region_and_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    client = OpenAI(provider=bedrock(api_key="k"))
    assert client.base_url.host == "bedrock-mantle.ap-south-1.api.aws"
    monkeypatch.setenv("AWS_REGION", "us-east-2")  # AWS_REGION first
    assert OpenAI(provider=bedrock(api_key="k")).base_url.host == "bedrock-mantle.us-east-2.api.aws"
    monkeypatch.setenv("AWS_BEDROCK_BASE_URL", "https://gateway.example/v1")
    assert OpenAI(provider=bedrock(api_key="k")).base_url.host == "gateway.example"
    # base_url=None: ignore AWS_BEDROCK_BASE_URL and use the region's URL.
    assert OpenAI(provider=bedrock(api_key="k", base_url=None)).base_url.host.startswith(
        "bedrock-mantle.us-east-2"
    )


def test_the_region_of_the_aws_profile(clean_environment: Path) -> None:
    (clean_environment / ".aws" / "config").write_text(
        "[default]\nregion = eu-central-1\n[profile work]\nregion = us-west-2\n"
    )
    (clean_environment / ".aws" / "credentials").write_text(
        "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = s\n"
    )
    assert OpenAI(provider=bedrock()).base_url.host == "bedrock-mantle.eu-central-1.api.aws"
    client = OpenAI(provider=bedrock(profile="work"))
    assert client.base_url.host == "bedrock-mantle.us-west-2.api.aws"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Bedrock requires an AWS region"),
        ({"api_key": "k"}, "Bedrock requires an AWS region"),
        ({"region": "not a region"}, "The Bedrock AWS `region` is invalid"),
        ({"region": "  "}, "must not be empty"),
        ({"endpoint": "other"}, "must be either `mantle` or `runtime`"),
        ({"base_url": "http://bedrock-mantle.us-east-1.api.aws/v1"}, "require HTTPS"),
        ({"base_url": "https://bedrock-mantle.us-east-1.api.aws/v1", "endpoint": "runtime"},
         "does not match the selected `runtime` endpoint"),
        ({"base_url": "https://bedrock-mantle.us-east-1.api.aws/v1", "region": "us-west-2"},
         "does not match the configured AWS region `us-west-2`"),
        ({"access_key_id": "AKID"}, "require both `access_key_id` and `secret_access_key`"),
        ({"api_key": "k", "token_provider": lambda: "t"}, "mutually exclusive"),
        ({"api_key": "k", "profile": "p"}, "ambiguous"),
        ({"profile": "p", "credential_provider": lambda: None}, "ambiguous"),
        ({"api_key": ""}, "must not be empty"),
    ],
)  # fmt: skip
def test_configuration_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OpenAIError, match=message):
        OpenAI(provider=bedrock(**options))


def test_the_client_refuses_api_key_or_base_url_beside_the_provider() -> None:
    with pytest.raises(OpenAIError, match=r"`api_key`, `base_url`.*`bedrock\(...\)`"):
        OpenAI(provider=bedrock(region="us-east-1", api_key="k"), api_key="x", base_url="http://x")
    with pytest.raises(OpenAIError, match="Invalid provider"):
        OpenAI(provider=object())  # type: ignore[arg-type]


def test_openai_variables_are_not_read_with_a_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.openai.example/v1")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-1")
    client = OpenAI(provider=bedrock(region="us-east-1", api_key="k"))
    assert client.base_url.host == "bedrock-mantle.us-east-1.api.aws"
    assert client.organization is None and client.api_key == ""


def test_the_provider_repr_shows_no_credential() -> None:
    provider = bedrock(region="us-east-1", access_key_id="AKIDSECRET", secret_access_key="hunter2")
    client = OpenAI(provider=provider)
    for text in (repr(provider), repr(client), repr(client._provider_runtime)):
        assert "hunter2" not in text and "AKIDSECRET" not in text


# -- bearer credentials over HTTP ----------------------------------------------------------------


async def test_a_bedrock_api_key_is_a_bearer_token(mode: str, loopback_server: LoopbackServer) -> None:
    loopback_server.handler = _ok
    client = _client(mode, provider=bedrock(api_key="bedrock-key",
                                            base_url=loopback_server.url("/openai/v1")))  # fmt: skip
    await run(client.chat.completions.create(model="m", messages=MESSAGES))
    await close(client)
    (sent,) = loopback_server.requests
    assert sent.path == "/openai/v1/chat/completions"
    assert _header(sent, "Authorization") == "Bearer bedrock-key"
    assert _header(sent, "X-Amz-Date") is None


async def test_the_token_provider_is_called_for_every_attempt(
    mode: str, loopback_server: LoopbackServer
) -> None:
    answers = iter([500, 200])

    def handler(request: LoopbackRequest) -> None:
        status = next(answers)
        body = COMPLETION if status == 200 else {"error": {"message": "busy"}}
        request.send_body(status, json.dumps(body).encode(),
                          {"Content-Type": "application/json", "retry-after-ms": "1"})  # fmt: skip

    loopback_server.handler = handler
    issued: list[str] = []

    def sync_token() -> str:
        issued.append(f"token-{len(issued)}")
        return issued[-1]

    async def async_token() -> str:
        return sync_token()

    provider = bedrock(token_provider=async_token if mode == "async" else sync_token,
                       base_url=loopback_server.url("/v1"))  # fmt: skip
    client = _client(mode, provider=provider, max_retries=1)
    await run(client.chat.completions.create(model="m", messages=MESSAGES))
    await close(client)
    assert [_header(r, "Authorization") for r in loopback_server.requests] == [
        "Bearer token-0", "Bearer token-1"
    ]


def test_an_async_token_provider_needs_the_async_client(loopback_server: LoopbackServer) -> None:
    async def token() -> str:
        return "t"

    client = OpenAI(provider=bedrock(token_provider=token, base_url=loopback_server.url("/v1")))
    with pytest.raises(OpenAIError, match="requires `AsyncOpenAI`"):
        client.models.list()
    assert loopback_server.requests == []


def test_the_bearer_variable_and_its_opt_out(
    monkeypatch: pytest.MonkeyPatch, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    loopback_server.handler = _ok
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "env-bedrock-key")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    url = loopback_server.url("/v1")
    with OpenAI(provider=bedrock(base_url=url)) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert _header(loopback_server.requests[-1], "Authorization") == "Bearer env-bedrock-key"
    # api_key=None: not the bearer variable, SigV4 with the default chain (the env keys here).
    with OpenAI(provider=bedrock(base_url=url, api_key=None, region="us-east-1")) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert _header(loopback_server.requests[-1], "Authorization").startswith(
        "AWS4-HMAC-SHA256 Credential=AKIDENV/20150830/us-east-1/bedrock-mantle/aws4_request"
    )


def test_a_custom_authorization_header_is_refused(loopback_server: LoopbackServer) -> None:
    client = OpenAI(provider=bedrock(api_key="k", base_url=loopback_server.url("/v1")),
                    default_headers={"Authorization": "Bearer mine"})  # fmt: skip
    with pytest.raises(OpenAIError, match="custom `Authorization` header"):
        client.models.list()
    assert loopback_server.requests == []


# -- SigV4 over HTTP -----------------------------------------------------------------------------


async def test_sigv4_signs_every_attempt_anew(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    statuses = iter([503, 200])

    def handler(request: LoopbackRequest) -> None:
        status = next(statuses)
        clock.advance(7)  # the retry is signed later: a new X-Amz-Date, a new signature
        body = COMPLETION if status == 200 else {"error": {"message": "busy"}}
        request.send_body(status, json.dumps(body).encode(), {"Content-Type": "application/json",
                                                             "retry-after-ms": "1"})  # fmt: skip

    loopback_server.handler = handler
    provider = bedrock(region="us-east-1", base_url=loopback_server.url("/openai/v1"),
                       access_key_id="AKIDSTATIC", secret_access_key="static-secret",
                       session_token="session-1")  # fmt: skip
    client = _client(mode, provider=provider)
    await run(client.chat.completions.create(model="m", messages=MESSAGES))
    await close(client)
    first, second = loopback_server.requests
    assert _header(first, "X-Amz-Date") == "20150830T123600Z"
    assert _header(second, "X-Amz-Date") == "20150830T123607Z"
    assert _header(first, "Authorization") != _header(second, "Authorization")
    for sent in (first, second):
        assert _header(sent, "X-Amz-Security-Token") == "session-1"
        verify_signature(sent, loopback_server.base_url, secret="static-secret",
                          region="us-east-1", service="bedrock-mantle", token="session-1")  # fmt: skip


async def test_the_runtime_endpoint_signs_for_the_bedrock_service(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    loopback_server.handler = _ok
    provider = bedrock(endpoint="runtime", region="eu-west-1", base_url=loopback_server.url("/v1"),
                       access_key_id="AKID", secret_access_key="s")  # fmt: skip
    client = _client(mode, provider=provider)
    await run(client.chat.completions.create(model="m", messages=MESSAGES))
    await close(client)
    (sent,) = loopback_server.requests
    assert "/20150830/eu-west-1/bedrock/aws4_request" in (_header(sent, "Authorization") or "")
    verify_signature(sent, loopback_server.base_url, secret="s", region="eu-west-1",
                      service="bedrock")  # fmt: skip


async def test_signed_requests_do_not_follow_redirects(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    def handler(request: LoopbackRequest) -> None:
        request.send_body(307, b"", {"Location": "/elsewhere"})

    loopback_server.handler = handler
    provider = bedrock(region="us-east-1", base_url=loopback_server.url("/v1"),
                       access_key_id="AKID", secret_access_key="s")  # fmt: skip
    client = _client(mode, provider=provider)
    with pytest.raises(APIStatusError) as caught:
        await run(client.models.list())
    await close(client)
    assert caught.value.status_code == 307
    assert [r.path for r in loopback_server.requests] == ["/v1/models"]


async def test_credentials_from_a_profile_file(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock, clean_environment: Path
) -> None:
    (clean_environment / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n"
        "[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = team-secret\n"
        "aws_session_token = team-token\n"
    )
    (clean_environment / ".aws" / "config").write_text("[profile team]\nregion = us-west-2\n")
    loopback_server.handler = _ok
    client = _client(mode, provider=bedrock(profile="team", base_url=loopback_server.url("/v1")))
    await run(client.models.list())
    await close(client)
    (sent,) = loopback_server.requests
    assert "Credential=AKIDTEAM/20150830/us-west-2/" in (_header(sent, "Authorization") or "")
    verify_signature(sent, loopback_server.base_url, secret="team-secret", region="us-west-2",
                      service="bedrock-mantle", token="team-token")  # fmt: skip


async def test_missing_credentials_fail_before_sending(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    client = _client(mode, provider=bedrock(region="us-east-1", base_url=loopback_server.url("/v1")))
    with pytest.raises(OpenAIError, match="Could not find credentials for Bedrock"):
        await run(client.models.list())
    await close(client)
    assert loopback_server.requests == []


def test_a_missing_botocore_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n == "botocore" or n.startswith("botocore.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "botocore", None)  # import botocore -> ImportError
    client = OpenAI(provider=bedrock(region="us-east-1", access_key_id="A", secret_access_key="s"))
    with pytest.raises(OpenAIError, match=r"pip install openai-compat\[bedrock\]"):
        client.models.list()


def test_a_request_to_another_origin_is_not_signed() -> None:
    runtime = bedrock(region="us-east-1", base_url="http://127.0.0.1:1/v1", access_key_id="A",
                      secret_access_key="s").configure()  # fmt: skip
    assert runtime.prepare is not None
    with pytest.raises(OpenAIError, match="origin other than the configured provider URL"):
        runtime.prepare(httpx.Request("GET", "http://127.0.0.2:1/v1/models"))
    bearer = bedrock(api_key="k", base_url="http://127.0.0.1:1/v1").configure()
    assert bearer.prepare is not None
    with pytest.raises(OpenAIError, match="origin other than the configured provider URL"):
        bearer.prepare(httpx.Request("GET", "https://127.0.0.1:1/v1/models"))


def test_credentials_never_reach_logs_or_errors(
    loopback_server: LoopbackServer, caplog: pytest.LogCaptureFixture, clock: FixedClock
) -> None:
    import logging

    def handler(request: LoopbackRequest) -> None:
        # A server that echoes what it got (some do, in error messages).
        request.send_body(401, json.dumps({"error": {"message": str(request.headers)}}).encode())

    loopback_server.handler = handler
    url = loopback_server.url("/v1")
    shown: list[str] = []
    with caplog.at_level(logging.DEBUG, logger="openai_compat"):
        for provider in (
            bedrock(token_provider=lambda: "bedrock-token-from-provider-123", base_url=url),
            bedrock(region="us-east-1", base_url=url, access_key_id="AKIDLOGS",
                    secret_access_key="secret-access-key-456", session_token="session-token-789"),
        ):  # fmt: skip
            with OpenAI(provider=provider, max_retries=0) as client:
                with pytest.raises(APIStatusError) as caught:
                    client.models.list()
                shown.append(str(caught.value))
    logged = "\n".join([caplog.text, *shown])
    assert "Bearer <redacted>" in shown[0]  # the echoed token is masked in the error too
    assert "Sending GET" in logged  # the requests were logged...
    for secret in ("bedrock-token-from-provider-123", "session-token-789", "secret-access-key-456"):
        assert secret not in logged  # ...without their credentials


def test_with_options_can_switch_provider(loopback_server: LoopbackServer) -> None:
    plain = OpenAI(api_key="sk-plain", base_url=loopback_server.url("/v1"))
    switched = plain.with_options(provider=bedrock(api_key="bedrock-key", region="us-east-1"))
    assert switched.base_url.host == "bedrock-mantle.us-east-1.api.aws" and switched.api_key == ""
    back = switched.with_options(provider=None, api_key="sk-again", base_url="http://127.0.0.1:9/v1")
    assert back._provider is None and back.api_key == "sk-again"
    plain.close()


async def test_a_signed_multipart_upload(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    file_object = {"id": "file-1", "object": "file", "bytes": 5, "created_at": 1,
                   "filename": "a.jsonl", "purpose": "batch", "status": "processed"}  # fmt: skip
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(file_object).encode())
    provider = bedrock(region="us-east-1", base_url=loopback_server.url("/v1"),
                       access_key_id="AKIDFILE", secret_access_key="file-secret")  # fmt: skip
    client = _client(mode, provider=provider)
    await run(client.files.create(file=("a.jsonl", b'{"a":1}'), purpose="batch"))
    await close(client)
    (sent,) = loopback_server.requests
    assert b'{"a":1}' in sent.body and "multipart/form-data" in (_header(sent, "Content-Type") or "")
    verify_signature(sent, loopback_server.base_url, secret="file-secret", region="us-east-1",
                     service="bedrock-mantle")  # fmt: skip


async def test_a_signed_stream(mode: str, loopback_server: LoopbackServer, clock: FixedClock) -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "hey"}, "finish_reason": None}]}  # fmt: skip

    def handler(request: LoopbackRequest) -> None:
        body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
        request.send_body(200, body, {"Content-Type": "text/event-stream"})

    loopback_server.handler = handler
    provider = bedrock(region="us-east-1", base_url=loopback_server.url("/v1"),
                       access_key_id="AKIDSTREAM", secret_access_key="stream-secret")  # fmt: skip
    client = _client(mode, provider=provider)
    stream = await run(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))
    chunks = [c async for c in stream] if mode == "async" else list(stream)
    await close(client)
    assert [c.choices[0].delta.content for c in chunks] == ["hey"]
    verify_signature(loopback_server.requests[0], loopback_server.base_url, secret="stream-secret",
                     region="us-east-1", service="bedrock-mantle")  # fmt: skip
