"""`BedrockOpenAI` / `AsyncBedrockOpenAI`: openai-python's Bedrock clients and their arguments."""

from __future__ import annotations

import json
from typing import Any

import pytest
from loopback import LoopbackServer
from provider_helpers import FixedClock, close, header, run

from openai_compat import AsyncBedrockOpenAI, BedrockOpenAI, OpenAI, OpenAIError

MODELS = {"object": "list", "data": []}


def _client(mode: str, **options: Any) -> Any:
    return (AsyncBedrockOpenAI if mode == "async" else BedrockOpenAI)(**options)


def test_region_url_and_key() -> None:
    client = BedrockOpenAI(api_key="bedrock-key", aws_region="eu-west-1")
    assert isinstance(client, OpenAI)
    assert client.aws_region == "eu-west-1" and client.api_key == "bedrock-key"
    assert str(client.base_url).rstrip("/") == "https://bedrock-mantle.eu-west-1.api.aws/openai/v1"
    runtime = BedrockOpenAI(api_key="k", base_url="https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1")
    assert runtime.aws_region == "us-west-2"  # from the AWS hostname


def test_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "env-key")
    monkeypatch.setenv("AWS_REGION", "us-east-2")
    client = BedrockOpenAI()
    assert client.api_key == "env-key" and client.aws_region == "us-east-2"
    monkeypatch.setenv("AWS_BEDROCK_BASE_URL", "https://gateway.example/v1")
    assert BedrockOpenAI().base_url.host == "gateway.example"
    assert BedrockOpenAI(base_url="").base_url.host == "bedrock-mantle.us-east-2.api.aws"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_key": lambda: "k", "aws_region": "us-east-1"}, "via `bedrock_token_provider`"),
        ({"api_key": "", "aws_region": "us-east-1"}, "must not be empty"),
        ({"api_key": "k", "aws_profile": "p", "aws_region": "us-east-1"}, "ambiguous"),
        ({"api_key": "k", "bedrock_token_provider": lambda: "t"}, "ambiguous"),
        ({}, "Bedrock requires an AWS region"),
    ],
)
def test_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OpenAIError, match=message):
        BedrockOpenAI(**options)


async def test_an_async_token_provider(mode: str, loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(MODELS).encode())

    async def atoken() -> str:
        return "async-token"

    token: Any = atoken if mode == "async" else (lambda: "sync-token")
    client = _client(mode, bedrock_token_provider=token, base_url=loopback_server.url("/v1"))
    await run(client.models.list())
    await close(client)
    assert header(loopback_server.requests[0], "Authorization") == f"Bearer {mode}-token"


async def test_with_options_keeps_the_bedrock_configuration(
    mode: str, loopback_server: LoopbackServer, clock: FixedClock
) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(MODELS).encode())
    client = _client(mode, aws_region="us-east-1", base_url=loopback_server.url("/v1"),
                     aws_access_key_id="AKIDCOPY", aws_secret_access_key="s")  # fmt: skip
    copy = client.with_options(timeout=3, aws_region="us-west-2")
    assert isinstance(copy, type(client)) and copy.aws_region == "us-west-2"
    await run(copy.models.list())
    keyed = client.with_options(api_key="new-key")  # a new credential replaces the SigV4 keys
    await run(keyed.models.list())
    await close(client)
    first, second = loopback_server.requests
    assert "/20150830/us-west-2/bedrock-mantle/" in (header(first, "Authorization") or "")
    assert header(second, "Authorization") == "Bearer new-key"
    with pytest.raises(OpenAIError, match="Configure `provider`"):
        client.with_options(provider=None)
