"""What each transport must do alike: proxies from the environment, TLS with a custom CA,
compressed bodies, the `Default*Client` names, users' own clients of either httpx line, the
import budget and clean shutdown. Bodies run on every mode (sync, async on aiohttp, async on
httpx: see tests/transports.py) unless a test is about one transport."""

from __future__ import annotations

import gzip
import json
import ssl
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest
import trustme
from harness import API_KEY, Harness, reply_json
from loopback import LoopbackServer

import openai_compat as oc

MODEL = {"id": "m", "object": "model", "created": 1, "owned_by": "o"}
MODEL_BYTES = json.dumps(MODEL).encode()


# -- proxies from the environment ----------------------------------------------------------------


async def test_http_proxy_from_the_environment_is_used(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h.server.handler = reply_json(MODEL)
    monkeypatch.setenv("HTTP_PROXY", h.server.base_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = h.client(base_url="http://api.example.invalid/v1")
    model = await h.run(client.models.retrieve("m"))
    assert model.id == "m"
    # A proxy gets the absolute URL in the request line.
    assert h.server.requests[0].path == "http://api.example.invalid/v1/models/m"


async def test_no_proxy_sends_directly(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    h.server.handler = reply_json(MODEL)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    model = await h.run(h.client().models.retrieve("m"))
    assert model.id == "m"
    assert h.server.requests[0].path == "/v1/models/m"


async def test_https_proxy_from_the_environment_gets_a_connect(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h.server.handler = lambda request: request.send_body(403, b"")
    monkeypatch.setenv("HTTPS_PROXY", h.server.base_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = h.client(base_url="https://api.example.invalid/v1", max_retries=0)
    with pytest.raises(oc.APIConnectionError):
        await h.run(client.models.retrieve("m"))
    assert [(r.method, r.path) for r in h.server.requests] == [
        ("CONNECT", "api.example.invalid:443")
    ]
    assert "Authorization" not in h.server.requests[0].headers  # the key is for the API only


# -- TLS ---------------------------------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path: Path) -> Any:
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = LoopbackServer(lambda request: request.send_body(200, MODEL_BYTES))
    server._server.socket = context.wrap_socket(server._server.socket, server_side=True)
    with server:
        yield server, ca_file


async def test_tls_is_verified_and_ssl_cert_file_adds_a_ca(
    h: Harness, tls_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, ca_file = tls_server
    base_url = f"https://127.0.0.1:{server.port}/v1"
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(oc.APIConnectionError):  # an unknown CA is refused by default
        await h.run(h.client(base_url=base_url, max_retries=0).models.retrieve("m"))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    model = await h.run(h.client(base_url=base_url).models.retrieve("m"))
    assert model.id == "m"


# -- compressed bodies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)],
)
async def test_compressed_bodies_are_decoded(h: Harness, encoding: str, compress: Any) -> None:
    body = compress(MODEL_BYTES)
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    h.server.handler = lambda request: request.send_body(200, body, headers)
    model = await h.run(h.client().models.retrieve("m"))
    assert model.id == "m"
    accepted = h.server.requests[0].headers.get("Accept-Encoding") or h.server.requests[0].headers.get("accept-encoding")
    assert encoding in (accepted or "")


# -- the Default*Client names and users' own clients -------------------------------------------


def test_default_clients_have_openai_pythons_defaults() -> None:
    import httpx2

    for make in (oc.DefaultHttpxClient, oc.DefaultHttpx2Client):
        client = make()
        assert isinstance(client, httpx2.Client)
        assert (client.timeout.read, client.timeout.connect) == (600.0, 5.0)
        assert client.follow_redirects is True
        client.close()
    assert isinstance(oc.DefaultAsyncHttpxClient(), httpx2.AsyncClient)
    assert isinstance(oc.DefaultAsyncHttpx2Client(), httpx2.AsyncClient)
    aio = oc.DefaultAioHttpClient()
    assert (aio.timeout.read, aio.timeout.connect) == (600.0, 5.0)
    assert aio.follow_redirects is True and aio.limits.max_connections == 1000
    custom = oc.DefaultHttpxClient(timeout=3.0, follow_redirects=False)
    assert custom.timeout.read == 3.0 and custom.follow_redirects is False
    custom.close()
    with pytest.raises(TypeError, match="nope"):
        oc.DefaultAioHttpClient(nope=1)


@pytest.mark.parametrize("line", ["httpx", "httpx2", "aiohttp"])
async def test_a_users_own_client_of_any_line_is_used_as_given(
    h: Harness, line: str
) -> None:
    import httpx2

    h.server.handler = reply_json(MODEL)
    seen: list[str] = []
    if line == "aiohttp":
        if not h.is_async:
            pytest.skip("aiohttp is an async transport")
        own: Any = oc.DefaultAioHttpClient(headers={"X-Own": "1"})
    else:
        module: Any = httpx if line == "httpx" else httpx2

        def hook(request: Any) -> None:
            seen.append(str(request.url))

        async def ahook(request: Any) -> None:
            hook(request)

        if h.is_async:
            own = module.AsyncClient(headers={"X-Own": "1"}, event_hooks={"request": [ahook]})
        else:
            own = module.Client(headers={"X-Own": "1"}, event_hooks={"request": [hook]})
    client = h.client(http_client=own)
    assert client._http is own
    model = await h.run(client.models.retrieve("m"))
    assert model.id == "m"
    assert h.server.requests[0].headers["X-Own"] == "1"
    assert seen == ([] if line == "aiohttp" else [h.base_url + "/models/m"])
    await h.run(client.close())
    assert not own.is_closed  # the user's client is the user's to close
    await h.run(own.aclose() if h.is_async else own.close())


@pytest.mark.parametrize("line", ["httpx", "httpx2"])
async def test_transport_errors_of_either_line_become_connection_errors(
    h: Harness, line: str
) -> None:
    import httpx2

    module: Any = httpx if line == "httpx" else httpx2
    own = module.AsyncClient() if h.is_async else module.Client()
    client = h.client(base_url="http://127.0.0.1:9/v1", http_client=own, max_retries=0)
    with pytest.raises(oc.APIConnectionError) as info:
        await h.run(client.models.retrieve("m"))
    assert type(info.value) is oc.APIConnectionError
    await h.run(own.aclose() if h.is_async else own.close())


def test_a_wrong_http_client_is_refused_with_its_type() -> None:
    with pytest.raises(oc.InvalidArgumentError, match="got Client"):
        oc.AsyncOpenAI(api_key=API_KEY, http_client=httpx.Client())
    with pytest.raises(oc.InvalidArgumentError, match="got AsyncClient"):
        oc.OpenAI(api_key=API_KEY, http_client=httpx.AsyncClient())


# -- import budget and clean shutdown (fresh interpreters) -------------------------------------

_IMPORTS = r"""
import asyncio, json, sys
from openai_compat import OpenAI, AsyncOpenAI
OpenAI(api_key="k", base_url=sys.argv[1])
client = AsyncOpenAI(api_key="k", base_url=sys.argv[1])
before = {m: m in sys.modules for m in ("aiohttp", "httpx2")}
asyncio.run(client.models.retrieve("m"))
after = {m: m in sys.modules for m in ("aiohttp", "httpx2")}
print(json.dumps({"before": before, "after": after}))
"""


def test_aiohttp_and_httpx2_load_only_when_used(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = reply_json(MODEL)
    out = subprocess.run(
        [sys.executable, "-c", _IMPORTS, loopback_server.url("/v1")],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    loaded = json.loads(out.stdout)
    assert loaded["before"] == {"aiohttp": False, "httpx2": False}
    assert loaded["after"] == {"aiohttp": True, "httpx2": False}


_DROPPED = r"""
import asyncio, gc, sys
from openai_compat import AsyncOpenAI

async def main(url):
    for _ in range(2):
        client = AsyncOpenAI(api_key="k", base_url=url)
        await client.models.retrieve("m")
        del client  # never closed
        gc.collect()
        await asyncio.sleep(0.05)
    late = AsyncOpenAI(api_key="k", base_url=url)
    await late.models.retrieve("m")
    return late  # outlives its loop

kept = asyncio.run(main(sys.argv[1]))
del kept
gc.collect()
print("done")
"""


@pytest.mark.parametrize("transport", ["aiohttp"])
def test_an_unclosed_client_warns_nothing_when_collected(
    loopback_server: LoopbackServer, transport: str
) -> None:
    loopback_server.handler = lambda request: request.send_body(200, MODEL_BYTES)
    out = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "always", "-c", _DROPPED, loopback_server.url("/v1")],
        capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "OPENAI_COMPAT_ASYNC_TRANSPORT": transport},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"
    for needle in ("Unclosed", "unclosed", "ResourceWarning", "Event loop is closed", "Task was destroyed"):
        assert needle not in out.stderr, out.stderr



async def test_the_aiohttp_client_keeps_to_its_connection_limit(h: Harness) -> None:
    if not h.is_async:
        pytest.skip("aiohttp is an async transport")
    import asyncio
    import time

    def slow(request: Any) -> None:
        time.sleep(0.1)
        request.send_body(200, MODEL_BYTES)

    h.server.handler = slow
    own = oc.DefaultAioHttpClient(limits=httpx.Limits(max_connections=1))
    client = h.client(http_client=own)
    await asyncio.gather(*(client.models.retrieve("m") for _ in range(3)))
    assert len({r.client_port for r in h.server.requests}) == 1  # one connection, reused
    await own.aclose()
    assert own.is_closed


def test_the_aiohttp_transport_outside_asyncio_says_what_to_use_instead() -> None:
    client = oc.DefaultAioHttpClient()
    sending = client.send(httpx.Request("GET", "http://127.0.0.1:9/"))
    with pytest.raises(RuntimeError, match="OPENAI_COMPAT_ASYNC_TRANSPORT=httpx"):
        sending.send(None)  # stepped by hand: no asyncio loop runs it (as under trio)
    sending.close()
