"""Constructor arguments and environment variables, as openai-python reads them; one body per client kind."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest
from harness import API_KEY, Harness, header, reply_in_turn, reply_json

from openai_compat import AsyncOpenAI, OpenAI, OpenAIError, omit

MODEL = {"id": "gpt-4o-mini", "object": "model", "created": 1, "owned_by": "openai"}
ENV_NAMES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def client_class(h: Harness) -> Any:
    return AsyncOpenAI if h.is_async else OpenAI


async def test_environment_supplies_key_base_url_organization_and_project(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", h.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    h.server.handler = reply_json(MODEL)
    client = client_class(h)()
    try:
        model = await h.run(client.models.retrieve("gpt-4o-mini"))
    finally:
        await h.close(client)
    assert model.id == "gpt-4o-mini"
    assert h.server.requests[-1].path == "/v1/models/gpt-4o-mini"
    assert header(h.server, "authorization") == f"Bearer {API_KEY}"
    assert header(h.server, "openai-organization") == "org-env"
    assert header(h.server, "openai-project") == "proj-env"


async def test_arguments_win_over_the_environment(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    h.server.handler = reply_json(MODEL)
    client = h.client(organization="org-arg", project="proj-arg")
    await h.run(client.models.retrieve("m"))
    assert header(h.server, "authorization") == f"Bearer {API_KEY}"
    assert header(h.server, "openai-organization") == "org-arg"
    assert header(h.server, "openai-project") == "proj-arg"


async def test_defaults_without_environment(h: Harness) -> None:
    client = client_class(h)(api_key=API_KEY)
    try:
        assert str(client.base_url) == "https://api.openai.com/v1/"  # as openai-python shows it
        assert client.max_retries == 2
        assert client.timeout == httpx.Timeout(600.0, connect=5.0)
        assert client.organization is None and client.project is None
    finally:
        await h.close(client)


async def test_missing_api_key_is_a_clear_error(h: Harness) -> None:
    with pytest.raises(OpenAIError, match="OPENAI_API_KEY"):
        client_class(h)(base_url=h.base_url)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"base_url": "not a url"}, "base_url"),
        ({"base_url": "ftp://127.0.0.1/v1"}, "base_url"),
        ({"max_retries": -1}, "max_retries"),
        ({"api_key": 42}, "api_key"),
        ({"http_client": object()}, "http_client"),
        ({"no_such_option": 1}, "no_such_option"),
    ],
)
async def test_bad_options_name_the_option(
    h: Harness, options: dict[str, Any], message: str
) -> None:
    with pytest.raises((OpenAIError, TypeError), match=message):
        h.client(**options)


async def test_api_key_callable_is_called_before_every_attempt(h: Harness) -> None:
    keys = (f"sk-rotated-{n}" for n in itertools.count())
    h.server.handler = reply_in_turn(
        reply_json({"error": {"message": "busy"}}, 503, {"retry-after-ms": "0"}), reply_json(MODEL)
    )
    client = h.client(api_key=lambda: next(keys))
    await h.run(client.models.retrieve("m"))
    await h.run(client.models.retrieve("m"))
    sent = [r.headers["Authorization"] for r in h.server.requests]
    assert sent == ["Bearer sk-rotated-0", "Bearer sk-rotated-1", "Bearer sk-rotated-2"]


async def test_async_client_accepts_an_async_api_key_provider(h: Harness) -> None:
    if not h.is_async:
        pytest.skip("coroutine key providers are for the async client")

    async def provide() -> str:
        return "sk-from-coroutine"

    h.server.handler = reply_json(MODEL)
    await h.run(h.client(api_key=provide).models.retrieve("m"))
    assert header(h.server, "authorization") == "Bearer sk-from-coroutine"


async def test_api_key_callable_returning_a_non_string_is_an_error(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    with pytest.raises(OpenAIError, match="must return a str, got int"):
        await h.run(h.client(api_key=lambda: 7).models.retrieve("m"))
    assert h.server.requests == []


async def test_default_headers_and_query_are_sent_and_omit_removes_a_header(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    client = h.client(
        default_headers={"X-Team": "search", "User-Agent": omit},  # type: ignore[dict-item]
        default_query={"tenant": "t1"},
    )
    await h.run(client.models.retrieve("m", extra_query={"trace": "1"}))
    request = h.server.requests[-1]
    assert request.path == "/v1/models/m?tenant=t1&trace=1"
    assert header(h.server, "x-team") == "search"
    assert header(h.server, "user-agent") != ""  # httpx adds its own when ours is omitted
    assert "openai-compat" not in (header(h.server, "user-agent") or "")


async def test_caller_http_client_is_used_and_left_open(h: Harness) -> None:
    seen: list[str] = []
    hooks: dict[str, Any]
    if h.is_async:

        async def record(request: httpx.Request) -> None:
            seen.append(str(request.url))

        hooks = {"request": [record]}
        http: Any = httpx.AsyncClient(event_hooks=hooks)
    else:
        hooks = {"request": [lambda request: seen.append(str(request.url))]}
        http = httpx.Client(event_hooks=hooks)
    h.server.handler = reply_json(MODEL)
    client = h.client(http_client=http)
    await h.run(client.models.retrieve("m"))
    await h.close(client)
    assert seen == [h.base_url + "/models/m"]
    assert not http.is_closed  # the caller owns it
    await h.run(http.aclose() if h.is_async else http.close())


async def test_with_options_copies_without_changing_the_original(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    client = h.client(organization="org-a", max_retries=5)
    changed = client.with_options(organization="org-b", timeout=3.0, max_retries=0)
    assert (changed.organization, changed.timeout, changed.max_retries) == ("org-b", 3.0, 0)
    assert (client.organization, client.max_retries) == ("org-a", 5)
    assert changed._http is client._http  # one connection pool
    assert type(changed) is type(client)
    await h.run(changed.models.retrieve("m"))
    await h.run(client.copy().models.retrieve("m"))
    orgs = [r.headers["OpenAI-Organization"] for r in h.server.requests]
    assert orgs == ["org-b", "org-a"]


async def test_context_manager_and_close_close_the_connection_pool(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    if h.is_async:
        async with client_class(h)(api_key=API_KEY, base_url=h.base_url) as client:
            await client.models.retrieve("m")
    else:
        with client_class(h)(api_key=API_KEY, base_url=h.base_url) as client:
            client.models.retrieve("m")
    assert client._http.is_closed
    other = h.client()
    await h.close(other)
    assert other._http.is_closed


async def test_resources_are_built_once_on_first_use(h: Harness) -> None:
    client = h.client()
    assert "models" not in vars(client)
    assert client.models is client.models
    assert client.chat.completions is client.chat.completions


async def test_repr_never_shows_the_key(h: Harness) -> None:
    client = h.client(organization="org-a")
    assert API_KEY not in repr(client)
    assert "redacted" in repr(client)
    assert API_KEY not in repr(client.with_options(max_retries=1))
