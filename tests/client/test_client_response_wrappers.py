"""`with_raw_response` / `with_streaming_response` wrappers: every method and sub-resource of a
resource is reachable through them (as in openai-python), from the resource and from the client."""

from __future__ import annotations

import inspect
from typing import Any

from harness import CHAT_COMPLETION, MESSAGES, Harness, reply_json

from openai_compat import APIResponse, AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI
from openai_compat._runtime import AsyncAPIResource, SyncAPIResource

RESOURCE = (SyncAPIResource, AsyncAPIResource)


def _public(obj: Any) -> list[str]:
    return [n for n in dir(type(obj)) if not n.startswith("_") and not n.startswith("with_")]


def _walk(resource: Any, path: str, seen: set[int]) -> list[tuple[str, Any]]:
    """Every resource under `resource` (itself included), with its dotted path."""
    if id(resource) in seen:
        return []
    seen.add(id(resource))
    found = [(path, resource)]
    for name in _public(resource):
        value = getattr(resource, name)
        if isinstance(value, RESOURCE):
            found += _walk(value, f"{path}.{name}", seen)
    return found


def _clients() -> list[Any]:
    azure = {"api_key": "k", "api_version": "2024-10-21", "azure_endpoint": "http://127.0.0.1:9"}
    return [
        OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1"),
        AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9/v1"),
        AzureOpenAI(**azure),
        AsyncAzureOpenAI(**azure),
    ]


def test_every_method_and_sub_resource_is_reachable_through_the_wrappers() -> None:
    checked = 0
    for client in _clients():
        for root in ("chat", "files", "beta", "responses", "audio", "images", "admin"):
            for path, resource in _walk(getattr(client, root), root, set()):
                for mode in ("with_raw_response", "with_streaming_response"):
                    wrapper = getattr(resource, mode)
                    for name in _public(resource):
                        value = getattr(resource, name)
                        through = getattr(wrapper, name)
                        if isinstance(value, RESOURCE):
                            expected = type(getattr(value, mode))
                            assert type(through) is expected, f"{path}.{mode}.{name}"
                        elif inspect.ismethod(value):
                            assert callable(through), f"{path}.{mode}.{name}"
                            checked += 1
    assert checked > 1000, checked


def test_client_level_wrappers_reach_each_top_level_resource() -> None:
    for client in _clients():
        raw_chat = client.with_raw_response.chat
        assert type(raw_chat) is type(client.chat.with_raw_response)
        assert raw_chat._resource is client.chat
        assert client.with_streaming_response.files._resource is client.files
        assert client.with_raw_response.beta.chat._resource is client.chat  # alias, as beta.chat


def test_a_wrapper_sees_the_client_settings_of_when_it_is_used() -> None:
    client = OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
    completions = client.chat.completions
    assert completions.with_raw_response._view._client.max_retries == 2
    client.max_retries = 0
    assert completions.with_raw_response._view._client.max_retries == 0


async def test_client_with_raw_response_gives_the_response(h: Harness) -> None:
    h.server.handler = reply_json(CHAT_COMPLETION, 200, {"x-request-id": "req_9"})
    raw = await h.run(
        h.client().with_raw_response.chat.completions.create(model="m", messages=MESSAGES)
    )
    assert isinstance(raw, APIResponse)
    assert raw.headers.get("x-request-id") == "req_9"
    assert raw.parse().choices[0].message.content == "Hello!"


async def test_helper_methods_are_reached_through_the_wrapper_too(h: Harness) -> None:
    # `stream()` is hand-written on top of the generated chat.completions: the wrapper forwards it.
    client = h.client()
    assert callable(client.chat.completions.with_raw_response.stream)
    assert callable(client.chat.completions.with_streaming_response.stream)
