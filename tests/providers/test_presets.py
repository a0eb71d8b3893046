"""Presets: each one's documented base URL and key variable, the request that reaches a server
(a loopback server through `base_url`), documented quirks as warnings that never change the
request, and where each puts reasoning text."""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import pytest
from loopback import LoopbackServer
from provider_helpers import close, run

from openai_compat import AsyncOpenAI, OpenAI, OpenAIError, providers
from openai_compat.providers import PRESETS, ProviderQuirkWarning, reasoning_text

FACTORIES = {
    name: getattr(providers, name)
    for name in ("openrouter", "groq", "deepseek", "together", "mistral", "fireworks", "xai",
                 "ollama", "vllm", "llamacpp", "lmstudio", "litellm")
}
EXPECTED = {  # name: (documented base URL, key variable, key required)
    "openrouter": ("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", True),
    "groq": ("https://api.groq.com/openai/v1", "GROQ_API_KEY", True),
    "deepseek": ("https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", True),
    "together": ("https://api.together.xyz/v1", "TOGETHER_API_KEY", True),
    "mistral": ("https://api.mistral.ai/v1", "MISTRAL_API_KEY", True),
    "fireworks": ("https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", True),
    "xai": ("https://api.x.ai/v1", "XAI_API_KEY", True),
    "ollama": ("http://localhost:11434/v1", "OLLAMA_API_KEY", False),
    "vllm": ("http://localhost:8000/v1", "VLLM_API_KEY", False),
    "llamacpp": ("http://localhost:8080/v1", "LLAMA_API_KEY", False),
    "lmstudio": ("http://localhost:1234/v1", "LM_API_TOKEN", False),
    "litellm": ("http://localhost:4000", "LITELLM_API_KEY", False),
}
COMPLETION = {
    "id": "c", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "42", "refusal": None,
                             "reasoning_content": "6 * 7", "reasoning": "six sevens"}}],
}
MESSAGES = [{"role": "user", "content": "Hi"}]


@pytest.fixture(autouse=True)
def no_preset_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for _, variable, _ in EXPECTED.values():
        monkeypatch.delenv(variable, raising=False)


def _header(request: Any, name: str) -> str | None:
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), None)


def test_every_preset_is_covered() -> None:
    assert set(PRESETS) == set(EXPECTED) == set(FACTORIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_default_url_and_key_variable(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    url, variable, required = EXPECTED[name]
    if required:
        with pytest.raises(OpenAIError, match=rf"{name}\(api_key=...\).*{variable}"):
            FACTORIES[name]()
    else:
        client = OpenAI(provider=FACTORIES[name]())
        assert str(client.base_url).rstrip("/") == url and client.api_key == ""
    monkeypatch.setenv(variable, f"key-of-{name}")
    client = OpenAI(provider=FACTORIES[name]())
    assert str(client.base_url).rstrip("/") == url
    assert client.api_key == f"key-of-{name}"
    assert client.auth_headers == {"Authorization": f"Bearer key-of-{name}"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_the_request_a_server_receives(
    name: str, mode: str, loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    provider = FACTORIES[name](api_key=f"sk-{name}", base_url=loopback_server.url("/api/v1"))
    client = (AsyncOpenAI if mode == "async" else OpenAI)(provider=provider)
    completion = await run(client.chat.completions.create(model="some/model", messages=MESSAGES))
    await close(client)
    (sent,) = loopback_server.requests
    assert sent.path == "/api/v1/chat/completions"
    assert _header(sent, "Authorization") == f"Bearer sk-{name}"
    assert json.loads(sent.body) == {"model": "some/model", "messages": MESSAGES}
    expected = "reasoning" if PRESETS[name].reasoning_fields[0] == "reasoning" else "reasoning_content"
    message = completion.choices[0].message
    assert reasoning_text(message, client=client) == COMPLETION["choices"][0]["message"][expected]


async def test_a_local_server_without_a_key_gets_no_authorization(
    mode: str, loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    client = (AsyncOpenAI if mode == "async" else OpenAI)(
        provider=providers.ollama(base_url=loopback_server.url("/v1"))
    )
    await run(client.chat.completions.create(model="llama3", messages=MESSAGES))
    await close(client)
    assert _header(loopback_server.requests[0], "Authorization") is None


def test_openrouter_attribution_headers(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    provider = providers.openrouter(api_key="sk-or", base_url=loopback_server.url("/v1"),
                                    app_url="https://myapp.example", app_title="My App")
    with OpenAI(provider=provider) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
        # The caller's headers win: default_headers, then extra_headers.
        client.with_options(default_headers={"X-Title": "Other"}).chat.completions.create(
            model="m", messages=MESSAGES, extra_headers={"HTTP-Referer": "https://call.example"}
        )
    first, second = loopback_server.requests
    assert (_header(first, "HTTP-Referer"), _header(first, "X-Title")) == (
        "https://myapp.example", "My App")
    assert (_header(second, "HTTP-Referer"), _header(second, "X-Title")) == (
        "https://call.example", "Other")
    assert _header(second, "Authorization") == "Bearer sk-or"


def test_a_callable_key_is_called_for_every_request(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    keys = iter(["k1", "k2"])
    with OpenAI(provider=providers.vllm(api_key=lambda: next(keys),
                                        base_url=loopback_server.url("/v1"))) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert [_header(r, "Authorization") for r in loopback_server.requests] == [
        "Bearer k1", "Bearer k2"]


@pytest.mark.parametrize(
    ("name", "model", "arguments", "parameter"),
    [
        ("groq", "llama-3.3-70b-versatile", {"logprobs": True}, "logprobs"),
        ("groq", "llama-3.3-70b-versatile", {"n": 2}, "n"),
        ("groq", "llama-3.3-70b-versatile",
         {"messages": [{"role": "user", "content": "Hi", "name": "ann"}]}, "messages[].name"),
        ("deepseek", "deepseek-reasoner", {"temperature": 0.2}, "temperature"),
        ("deepseek", "deepseek-reasoner", {"top_logprobs": 2}, "top_logprobs"),
        ("xai", "grok-3-mini", {"stop": ["\n"]}, "stop"),
        ("xai", "grok-4", {"presence_penalty": 0.5}, "presence_penalty"),
        ("vllm", "m", {"user": "u-1"}, "user"),
    ],
)
def test_a_documented_quirk_warns_and_the_parameter_is_still_sent(
    name: str, model: str, arguments: dict[str, Any], parameter: str,
    loopback_server: LoopbackServer,
) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    client = OpenAI(provider=FACTORIES[name](api_key="k", base_url=loopback_server.url("/v1")))
    call = {"model": model, "messages": MESSAGES, **arguments}
    with pytest.warns(ProviderQuirkWarning, match=rf"{name}: `{re.escape(parameter)}`.*https://"):
        client.chat.completions.create(**call)
    client.close()
    sent = json.loads(loopback_server.requests[0].body)
    assert sent == call  # nothing dropped or rewritten


@pytest.mark.parametrize(
    ("name", "model", "arguments"),
    [
        ("groq", "llama-3.3-70b-versatile", {"n": 1, "temperature": 0.5}),
        ("deepseek", "deepseek-chat", {"temperature": 0.2, "logprobs": True}),
        ("xai", "grok-4-fast-non-reasoning", {"stop": ["\n"]}),
        ("xai", "grok-2", {"presence_penalty": 0.5}),
        ("openrouter", "x/y", {"logprobs": True, "user": "u"}),
    ],
)
def test_no_warning_where_nothing_is_documented(
    name: str, model: str, arguments: dict[str, Any], loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    client = OpenAI(provider=FACTORIES[name](api_key="k", base_url=loopback_server.url("/v1")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.chat.completions.create(model=model, messages=MESSAGES, **arguments)
    client.close()


def test_reasoning_text_never_invents() -> None:
    assert reasoning_text({"content": "x"}) is None
    assert reasoning_text({"reasoning_content": "a", "reasoning": "b"}) == "a"
    assert reasoning_text({"reasoning": "b"}) == "b"
    assert reasoning_text({"reasoning": {"effort": "high"}}) is None  # not text


def test_a_preset_copy_keeps_its_provider(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    client = OpenAI(provider=providers.groq(api_key="k", base_url=loopback_server.url("/v1")))
    copy = client.with_options(timeout=5)
    assert copy.base_url == client.base_url and copy._provider is client._provider
    copy.chat.completions.create(model="m", messages=MESSAGES)
    client.close()  # the copy shares its connection pool
    assert _header(loopback_server.requests[0], "Authorization") == "Bearer k"


def test_a_key_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(OpenAIError, match=r"groq\(api_key=...\) must be a str or a callable"):
        providers.groq(api_key=42)


def test_a_preset_key_never_appears_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROQ_API_KEY", "gsk_secret_value")
    provider = providers.groq()
    client = OpenAI(provider=provider)
    for text in (repr(provider), repr(client), repr(client._provider_runtime)):
        assert "gsk_secret_value" not in text



def test_the_warning_points_at_the_callers_line(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(COMPLETION).encode())
    client = OpenAI(provider=providers.groq(api_key="k", base_url=loopback_server.url("/v1")))
    with client, pytest.warns(ProviderQuirkWarning) as caught:
        client.chat.completions.create(model="m", messages=MESSAGES, logit_bias={"1": 2})
    assert caught[0].filename == __file__
