"""Secrets: the sweep (conftest.py) checks every test of this folder; these tests produce the
texts most likely to leak - servers echoing the key, Azure keys and AD tokens, token providers,
a key with a trailing newline, every repr - and check that TLS verification stays on."""

from __future__ import annotations

import logging
import os
import ssl
from typing import Any

import httpx
import pytest
from faultserver import Connection, FaultServer, SeenRequest, json_body
from reltools import raises, run
from secret_sweep import SECRETS, SWEEP, Leak

from openai_compat import (
    AsyncAzureOpenAI,
    AsyncOpenAI,
    AuthenticationError,
    AzureOpenAI,
    InvalidArgumentError,
    OpenAI,
)

MODELS = {
    "object": "list",
    "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}],
}


def test_sweep_catches_a_planted_leak() -> None:
    """The sweep is only worth something if it can fail."""
    logging.getLogger("some.library").warning("token=%s", SECRETS.provider_token)
    SWEEP.text(f"<Client key={SECRETS.azure_key[-24:]}>")
    leaks = SWEEP.take_leaks()
    assert [(leak.secret, leak.source) for leak in leaks] == [
        ("provider_token", "log some.library"),
        ("azure_key", "repr"),
    ]
    assert all("<SECRET>" in leak.excerpt for leak in leaks)
    assert isinstance(leaks[0], Leak)


def clients(mode: str, server: FaultServer) -> list[Any]:
    """One client per credential kind, sync or async."""
    openai, azure = (OpenAI, AzureOpenAI) if mode == "sync" else (AsyncOpenAI, AsyncAzureOpenAI)
    azure_options = {"api_version": "2024-10-21", "base_url": server.url("/openai")}

    async def async_provider() -> str:
        return SECRETS.provider_token

    provider = (lambda: SECRETS.provider_token) if mode == "sync" else async_provider
    return [
        openai(api_key=SECRETS.api_key, base_url=server.url("/v1")),
        openai(api_key=lambda: SECRETS.api_key, base_url=server.url("/v1")),
        azure(api_key=SECRETS.azure_key, **azure_options),
        azure(azure_ad_token=SECRETS.ad_token, **azure_options),
        azure(azure_ad_token_provider=provider, **azure_options),
    ]


async def echo_credentials(request: SeenRequest, conn: Connection) -> None:
    """A 401 quoting the credential it got, as real servers do ("Incorrect API key provided: ...")."""
    given = request.headers.get("authorization") or request.headers.get("api-key", "")
    body = {"error": {"message": f"Incorrect API key provided: {given}", "code": "invalid_api_key"}}
    await json_body(body, 401)(request, conn)


async def test_nothing_leaks_at_debug(
    mode: str, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.handler = echo_credentials
    for client in clients(mode, server):
        try:
            SWEEP.text(repr(client))
            SWEEP.text(repr(client.with_options(max_retries=0)))
            with raises(AuthenticationError, match="Incorrect API key") as info:
                await run(client.with_options(max_retries=0).models.list())
            assert "<redacted>" in str(info.value)  # the echo was scrubbed, not dropped
        finally:
            await run(client.close())
    records = len(caplog.records)
    on_httpcore = mode == "sync" or os.environ.get("OPENAI_COMPAT_ASYNC_TRANSPORT") == "httpx"
    assert records > 10
    # aiohttp logs nothing per request; httpcore logs every step, and those go through the sweep
    assert any(r.name.startswith("httpcore") for r in caplog.records) == on_httpcore
    distinct = len(
        {r.headers.get("authorization") or r.headers.get("api-key") for r in server.requests}
    )
    assert distinct == 4  # api key (str and callable), Azure key, AD token, provider token went out


async def test_reprs_of_results(mode: str, server: FaultServer) -> None:
    server.handler = json_body(MODELS)
    client = clients(mode, server)[0]
    try:
        page = await run(client.models.list())
        raw = await run(client.models.with_raw_response.list())
        for text in (
            repr(page),
            repr(raw),
            repr(raw.http_response),
            repr(raw.http_response.request),
        ):
            SWEEP.text(text)
        assert SWEEP.counts["repr"] > 0
    finally:
        await run(client.close())


@pytest.mark.parametrize("kind", ["api_key", "azure_key"])
async def test_credential_with_trailing_newline(kind: str, mode: str, server: FaultServer) -> None:
    """A key read from a file keeps its newline; httpx refuses the header and quotes its value."""
    server.handler = json_body(MODELS)
    bad = (SECRETS.api_key if kind == "api_key" else SECRETS.azure_key) + "\n"
    openai, azure = (OpenAI, AzureOpenAI) if mode == "sync" else (AsyncOpenAI, AsyncAzureOpenAI)
    if kind == "api_key":
        client = openai(api_key=bad, base_url=server.url("/v1"))
    else:
        client = azure(api_key=bad, api_version="2024-10-21", base_url=server.url("/openai"))
    try:
        with raises(InvalidArgumentError, match="line break") as info:
            await run(client.models.list())
        assert SECRETS.needles[kind] not in str(info.value)
        assert server.requests == []
    finally:
        await run(client.close())


def _ssl_context(client: Any) -> ssl.SSLContext:
    if type(client._http).__name__ == "AioHttpClient":
        return client._http.ssl_context  # type: ignore[no-any-return]
    return client._http._transport._pool._ssl_context  # type: ignore[no-any-return]


@pytest.mark.parametrize("client_class", [OpenAI, AsyncOpenAI, AzureOpenAI, AsyncAzureOpenAI])
def test_tls_verification_stays_on(client_class: Any) -> None:
    options: dict[str, Any] = {"api_key": SECRETS.api_key, "base_url": "https://127.0.0.1/v1"}
    if "Azure" in client_class.__name__:
        options = {
            "api_key": SECRETS.azure_key,
            "api_version": "2024-10-21",
            "azure_endpoint": "https://127.0.0.1",
        }
    client = client_class(**options)
    for view in (client, client.with_options(timeout=5)):
        context = _ssl_context(view)
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_users_own_http_client_decides_tls(mode: str) -> None:
    own = httpx.Client(verify=False) if mode == "sync" else httpx.AsyncClient(verify=False)
    client = (OpenAI if mode == "sync" else AsyncOpenAI)(
        api_key=SECRETS.api_key, base_url="https://127.0.0.1/v1", http_client=own
    )
    assert client._http is own
    assert _ssl_context(client).verify_mode == ssl.CERT_NONE
    if mode == "sync":
        own.close()
