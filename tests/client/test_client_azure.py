"""AzureOpenAI / AsyncAzureOpenAI: credentials, api-version, deployment routing, Azure-only fields."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import parse_qs, urlsplit

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

import openai_compat as oc

AZURE_ENV = (
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "OPENAI_API_VERSION",
    "AZURE_OPENAI_AD_TOKEN",
)
EMBEDDINGS = {"object": "list", "model": "e", "data": [{"object": "embedding", "index": 0, "embedding": [0.5]}],
              "usage": {"prompt_tokens": 1, "total_tokens": 1}}  # fmt: skip


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in AZURE_ENV:
        monkeypatch.delenv(name, raising=False)


def path_and_query(h: Harness, index: int = -1) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(h.server.requests[index].path)
    return parts.path, parse_qs(parts.query)


async def test_deployment_operations_route_by_model_with_api_key_and_version(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    client = h.azure()
    completion = await h.run(client.chat.completions.create(model="my-gpt", messages=MESSAGES))
    assert completion.choices[0].message.content == "Hello!"
    assert path_and_query(h) == (
        "/openai/deployments/my-gpt/chat/completions",
        {"api-version": ["2024-10-21"]},
    )
    assert header(h.server, "api-key") == API_KEY
    assert header(h.server, "authorization") is None
    assert sent_json(h.server)["model"] == "my-gpt"
    h.server.handler = reply_json(EMBEDDINGS)
    await h.run(client.embeddings.create(model="my-embed", input="x"))
    assert path_and_query(h)[0] == "/openai/deployments/my-embed/embeddings"


async def test_azure_deployment_wins_over_model_and_other_operations_are_not_routed(
    h: Harness,
) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    client = h.azure(azure_deployment="fixed")
    await h.run(client.chat.completions.create(model="ignored", messages=MESSAGES))
    assert path_and_query(h)[0] == "/openai/deployments/fixed/chat/completions"
    h.server.handler = reply_json({"object": "list", "data": [], "has_more": False})
    await h.run(client.files.list())
    assert path_and_query(h) == ("/openai/files", {"api-version": ["2024-10-21"]})


async def test_environment_variables(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-azure-key")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", h.server.base_url)
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01-preview")
    h.server.handler = reply_json(CHAT_COMPLETION)
    client = (oc.AsyncAzureOpenAI if h.is_async else oc.AzureOpenAI)()
    try:
        await h.run(client.chat.completions.create(model="d", messages=MESSAGES))
    finally:
        await h.close(client)
    assert path_and_query(h) == (
        "/openai/deployments/d/chat/completions",
        {"api-version": ["2025-01-01-preview"]},
    )
    assert header(h.server, "api-key") == "env-azure-key"


async def test_ad_token_is_a_bearer_token(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    await h.run(
        h.azure(azure_ad_token="ad-token-1").chat.completions.create(model="d", messages=MESSAGES)
    )
    assert header(h.server, "authorization") == "Bearer ad-token-1"
    assert header(h.server, "api-key") is None


async def test_token_provider_is_called_before_every_attempt(h: Harness) -> None:
    counter = itertools.count()
    if h.is_async:

        async def provider() -> str:
            return f"tok-{next(counter)}"

    else:

        def provider() -> str:
            return f"tok-{next(counter)}"

    h.server.handler = reply_in_turn(
        reply_json({"error": {"message": "busy"}}, 503, {"retry-after-ms": "0"}),
        reply_json(CHAT_COMPLETION),
    )
    client = h.azure(azure_ad_token_provider=provider)
    await h.run(client.chat.completions.create(model="d", messages=MESSAGES))
    await h.run(client.chat.completions.create(model="d", messages=MESSAGES))
    assert [r.headers["Authorization"] for r in h.server.requests] == [
        "Bearer tok-0",
        "Bearer tok-1",
        "Bearer tok-2",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_key": "k", "azure_ad_token": "t"}, "only one of api_key, azure_ad_token"),
        ({"api_key": "k", "azure_ad_token_provider": lambda: "t"}, "only one of"),
        ({"api_key": "k", "base_url": "http://127.0.0.1:9/openai"}, "mutually exclusive"),
        ({"api_key": "k", "api_version": None}, "api_version"),
    ],
)
async def test_conflicting_or_missing_options_are_clear_errors(
    h: Harness, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(oc.OpenAIError, match=message):
        h.azure(**options)


async def test_missing_credentials_and_endpoint(h: Harness) -> None:
    cls = oc.AsyncAzureOpenAI if h.is_async else oc.AzureOpenAI
    with pytest.raises(oc.OpenAIError, match="AZURE_OPENAI_API_KEY"):
        cls(azure_endpoint=h.server.base_url, api_version="v")
    with pytest.raises(oc.OpenAIError, match="AZURE_OPENAI_ENDPOINT"):
        cls(api_key="k", api_version="v")


async def test_a_deployment_operation_without_model_or_deployment_is_refused(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    with pytest.raises(oc.InvalidArgumentError, match="azure_deployment"):
        await h.run(h.azure().chat.completions.create(model="", messages=MESSAGES))
    assert h.server.requests == []


async def test_azure_only_fields_are_sent_and_come_back_typed(h: Harness) -> None:
    answer = {**CHAT_COMPLETION, "choices": [{
        "index": 0, "finish_reason": "stop",
        "message": {"role": "assistant", "content": "From the docs [doc1].", "context": {
            "intent": "find docs", "citations": [{"content": "Doc text", "title": "Doc 1", "url": "https://x"}],
        }},
    }], "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]}  # fmt: skip
    data_sources = [{"type": "azure_search", "parameters": {
        "endpoint": "https://search.example", "index_name": "docs",
        "authentication": {"type": "api_key", "key": "search-key"},
    }}]  # fmt: skip
    h.server.handler = reply_json(answer)
    completion = await h.run(
        h.azure().chat.completions.create(model="d", messages=MESSAGES, data_sources=data_sources)
    )
    assert sent_json(h.server)["data_sources"] == data_sources
    context = completion.choices[0].message.context
    assert type(context).__name__ == "AzureChatExtensionsMessageContext"
    assert context.intent == "find docs"
    assert context.citations[0].title == "Doc 1"
    assert type(context.citations[0]).__name__ == "Citation"
    assert completion.prompt_filter_results[0].prompt_index == 0


async def test_azure_only_fields_are_checked_before_sending(h: Harness) -> None:
    with pytest.raises(oc.InvalidArgumentError, match="data_sources"):
        await h.run(
            h.azure(validate_requests=True).chat.completions.create(
                model="d", messages=MESSAGES, data_sources="nope"
            )
        )
    assert h.server.requests == []


async def test_with_options_and_repr_keep_credentials_hidden(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    client = h.azure(azure_deployment="a")
    other = client.with_options(azure_deployment="b", max_retries=0)
    await h.run(other.chat.completions.create(model="m", messages=MESSAGES))
    assert path_and_query(h)[0] == "/openai/deployments/b/chat/completions"
    assert header(h.server, "api-key") == API_KEY
    for shown in (repr(client), repr(other)):
        assert API_KEY not in shown and "redacted" in shown


async def test_azure_stream_helper_merges_into_the_azure_completion_model(h: Harness) -> None:
    from harness import chunk, reply_sse

    first = {
        **chunk("Hi"),
        "choices": [{**chunk("Hi")["choices"][0], "content_filter_results": {}}],
    }
    h.server.handler = reply_sse([first, chunk(" there", finish="stop")])
    manager = h.azure().chat.completions.stream(
        model="dep", messages=[{"role": "user", "content": "x"}]
    )
    if h.is_async:
        async with manager as stream:
            final = await stream.get_final_completion()
    else:
        with manager as stream:
            final = stream.get_final_completion()
    assert final.choices[0].message.content == "Hi there"
    from openai_compat._request import resolve_model
    from openai_compat.types.chat import ParsedChatCompletion

    azure_completion = resolve_model(
        "azure-openai", "create_chat_completion_response:CreateChatCompletionResponse"
    )
    # The Parsed* classes of the stream helper are built on the Azure spec's own models.
    assert isinstance(final, azure_completion) and type(final).__name__ == "ParsedChatCompletion"
    assert not isinstance(final, ParsedChatCompletion)  # not openai's family
