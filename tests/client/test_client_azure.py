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
from openai_compat.lib.azure import to_azure_model
from openai_compat.types import azure_models
from openai_compat.types.chat import ChatCompletion, ParsedChatCompletion

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


async def test_token_provider_giving_nothing_is_refused_before_sending(h: Harness) -> None:
    if h.is_async:

        async def provider() -> str:
            return ""

    else:

        def provider() -> str:
            return ""

    client = h.azure(azure_ad_token_provider=provider)
    with pytest.raises(ValueError, match="azure_ad_token_provider` argument to return a non-empty"):
        await h.run(client.chat.completions.create(model="d", messages=MESSAGES))
    assert h.server.requests == []


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


async def test_azure_only_fields_are_sent_and_kept_on_openais_result(h: Harness) -> None:
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
    # openai-python's class, as AzureOpenAI returns it; the Azure-only fields stay readable
    # (as sent) and come back out of to_dict().
    assert type(completion) is ChatCompletion
    context = completion.choices[0].message.context
    assert context == answer["choices"][0]["message"]["context"]
    assert completion.prompt_filter_results[0]["prompt_index"] == 0
    dumped = completion.to_dict()
    assert dumped["prompt_filter_results"] == answer["prompt_filter_results"]
    assert dumped["choices"][0]["message"]["context"]["citations"][0]["title"] == "Doc 1"
    # The Azure spec's typed shapes are one call away.
    typed = to_azure_model(completion, azure_models.CreateChatCompletionResponse)
    citation = typed.choices[0].message.context.citations[0]
    assert (type(citation).__name__, citation.title) == ("Citation", "Doc 1")
    assert typed.prompt_filter_results[0].prompt_index == 0


async def test_azure_only_arguments_go_where_extra_body_puts_them(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    sources = [{"type": "azure_search", "parameters": {"index_name": "a"}}]
    await h.run(h.azure().chat.completions.create(model="d", messages=MESSAGES, data_sources=sources))
    as_argument = h.server.requests[-1].body
    await h.run(h.azure().chat.completions.create(model="d", messages=MESSAGES,
                                                  extra_body={"data_sources": sources}))  # fmt: skip
    assert h.server.requests[-1].body == as_argument
    # the caller's extra_body wins over the argument, as extra_body always does
    await h.run(h.azure().chat.completions.create(
        model="d", messages=MESSAGES, data_sources=sources, extra_body={"data_sources": [], "x": 1}
    ))  # fmt: skip
    assert {k: sent_json(h.server)[k] for k in ("data_sources", "x")} == {"data_sources": [], "x": 1}
    h.server.handler = reply_json(EMBEDDINGS)
    result = await h.run(h.azure().embeddings.create(model="e", input="x", input_type="query"))
    assert sent_json(h.server)["input_type"] == "query"
    assert type(result).__name__ == "CreateEmbeddingResponse"
    # so do the raw-response view, parse() and stream(), which reach create()
    h.server.handler = reply_json(CHAT_COMPLETION)
    raw = await h.run(h.azure().chat.completions.with_raw_response.create(
        model="d", messages=MESSAGES, data_sources=sources))  # fmt: skip
    assert sent_json(h.server)["data_sources"] == sources and raw.status_code == 200
    await h.run(h.azure().chat.completions.parse(model="d", messages=MESSAGES, data_sources=sources))
    assert sent_json(h.server)["data_sources"] == sources


def test_every_azure_only_parameter_is_taken_by_the_azure_clients() -> None:
    """The Azure spec's operations with parameters OpenAI's lacks are the ones
    `_azure_resources` handles (a spec bump adding one elsewhere fails here)."""
    from openai_compat._azure_resources import AZURE_ONLY_METHODS, azure_only_params

    with_extras = {
        op.client_method
        for op in __import__("openai_compat._generated.azure.operations", fromlist=["x"]).load_operations()
        if azure_only_params(op.client_method)
    }
    assert with_extras == set(AZURE_ONLY_METHODS)
    assert azure_only_params("chat.completions.create") == {"data_sources": "data_sources"}
    for cls in (oc.AzureOpenAI, oc.AsyncAzureOpenAI):
        client = cls(api_key="k", api_version="v", azure_endpoint="http://127.0.0.1:9")
        for method in AZURE_ONLY_METHODS:
            owner = client
            for part in method.split(".")[:-1]:
                owner = getattr(owner, part)
            assert type(owner).__module__ == "openai_compat._azure_resources", method


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


async def test_azure_stream_helper_keeps_the_content_filter_annotations(h: Harness) -> None:
    from harness import chunk, reply_sse

    filters = {"hate": {"filtered": False, "severity": "safe"}}
    first = {**chunk("Hi"), "choices": [{**chunk("Hi")["choices"][0], "content_filter_results": filters}]}
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
    assert isinstance(final, ParsedChatCompletion)  # openai-python's family, as on OpenAI
    assert final.choices[0].content_filter_results == filters
    assert final.to_dict()["choices"][0]["content_filter_results"] == filters


async def test_routing_follows_openai_python(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    # a base_url that names a deployment gets no second one, and azure_deployment routes only
    # a client built from azure_endpoint (openai-python's rules)
    named = h.azure(azure_endpoint=None, base_url=h.server.base_url + "/openai/deployments/dep0")
    await h.run(named.chat.completions.create(model="other", messages=MESSAGES))
    assert path_and_query(h)[0] == "/openai/deployments/dep0/chat/completions"
    plain = h.azure(azure_endpoint=None, base_url=h.server.base_url + "/openai", azure_deployment="x")
    await h.run(plain.chat.completions.create(model="by-model", messages=MESSAGES))
    assert path_and_query(h)[0] == "/openai/deployments/by-model/chat/completions"
    # multipart bodies route by their model too, or by azure_deployment
    h.server.handler = reply_json({"text": "hi"})
    await h.run(h.azure(azure_deployment="whisper-dep").audio.translations.create(
        model="whisper-1", file=("a.wav", b"RIFF")))  # fmt: skip
    assert path_and_query(h)[0] == "/openai/deployments/whisper-dep/audio/translations"
    # image variations are not a deployment path for openai-python either
    h.server.handler = reply_json({"created": 1, "data": []})
    await h.run(h.azure().images.create_variation(model="dall-e-2", image=("a.png", b"PNG")))
    assert path_and_query(h) == ("/openai/images/variations", {"api-version": ["2024-10-21"]})


async def test_with_options_switches_the_kind_of_credential(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION)
    keyed = h.azure()
    tokened = keyed.with_options(azure_ad_token="ad-token-2")  # replaces the key, no conflict
    await h.run(tokened.chat.completions.create(model="d", messages=MESSAGES))
    assert header(h.server, "authorization") == "Bearer ad-token-2"
    assert header(h.server, "api-key") is None
    back = tokened.with_options(api_key="key-3")
    await h.run(back.chat.completions.create(model="d", messages=MESSAGES))
    assert (header(h.server, "api-key"), header(h.server, "authorization")) == ("key-3", None)
    for client in (tokened, back):
        await h.close(client)
    with pytest.raises(oc.OpenAIError, match="provider"):
        keyed.with_options(provider=object())


async def test_azure_clients_are_openai_clients_with_every_helper(h: Harness) -> None:
    client = h.azure(webhook_secret="whsec_abc", admin_api_key="admin-1")
    assert isinstance(client, oc.AsyncOpenAI if h.is_async else oc.OpenAI)
    assert (client.webhook_secret, client.admin_api_key) == ("whsec_abc", "admin-1")
    for helper in ("chat.completions.parse", "chat.completions.stream", "responses.parse",
                   "responses.stream", "responses.connect", "realtime.connect",
                   "files.wait_for_processing", "uploads.upload_file_chunked",
                   "vector_stores.files.upload_and_poll", "vector_stores.file_batches.create_and_poll",
                   "videos.create_and_poll", "beta.threads.runs.create_and_poll",
                   "beta.threads.create_and_run_stream", "webhooks.unwrap"):  # fmt: skip
        owner: Any = client
        for part in helper.split("."):
            owner = getattr(owner, part)
        assert callable(owner), helper
    cls = oc.AsyncAzureOpenAI if h.is_async else oc.AzureOpenAI
    unchecked = cls(azure_endpoint=h.server.base_url, api_version="v", _enforce_credentials=False)
    await h.close(unchecked)
    with pytest.raises(TypeError, match="no_such_option"):
        cls(azure_endpoint=h.server.base_url, api_version="v", api_key="k", no_such_option=1)


def test_to_azure_model_refuses_what_is_not_a_result() -> None:
    with pytest.raises(TypeError, match=r"to_azure_model\(\) takes a result model .* got dict"):
        to_azure_model({"id": "x"}, azure_models.CreateChatCompletionResponse)  # type: ignore[arg-type]


async def test_a_callable_api_key_is_called_per_request_and_sent_as_api_key(h: Harness) -> None:
    counter = itertools.count()
    if h.is_async:

        async def key() -> str:
            return f"key-{next(counter)}"

    else:

        def key() -> str:
            return f"key-{next(counter)}"

    h.server.handler = reply_json(CHAT_COMPLETION)
    client = h.azure(api_key=key)
    for _ in range(2):
        await h.run(client.chat.completions.create(model="d", messages=MESSAGES))
    assert [r.headers["api-key"] for r in h.server.requests] == ["key-0", "key-1"]
    assert all("Authorization" not in r.headers for r in h.server.requests)
