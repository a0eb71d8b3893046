"""X.509 workload identity (`openai_compat.auth.x509_workload_identity`) over real mutual TLS on
loopback. A throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate
are made with the `openssl` CLI for the session; one https server that requires a client
certificate plays both the mTLS token endpoint and the mTLS API. The client certificate lives on
the caller's `http_client` (httpx `verify=ssl_context`, or `DefaultAioHttpClient(verify=...)`),
as with openai-python, whose pinned exchange URL the tests point at loopback the way the
subject-token tests do (`_workload_identity_auth.token_exchange_url`). Every test runs sync and
async on both async transports (the `h` fixture)."""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import Harness, reply_json
from loopback import LoopbackRequest, LoopbackServer

import openai_compat as oc
from openai_compat.auth import x509_workload_identity

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")

MODEL = {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}
ACCESS = "x509-access-token-0123456789"
UNAUTHORIZED = {"error": {"message": "Invalid token", "type": "invalid_request_error"}}
EXCHANGE_PATH = "/oauth/token"
FAST_RETRY = {"retry-after-ms": "5"}


# -- certificates and the mTLS server ---------------------------------------------------------


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ca.pem, server.pem/server.key (127.0.0.1, localhost) and client.pem/client.key."""
    directory = tmp_path_factory.mktemp("pki")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=openai-compat test CA", cwd=directory)  # fmt: skip
    extensions = {
        "server": "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
        "client": "extendedKeyUsage=clientAuth\n",
    }
    for name, extension in extensions.items():
        (directory / f"{name}.ext").write_text(extension)
        _openssl("req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN=openai-compat test {name}", cwd=directory)  # fmt: skip
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-days", "2", "-extfile", f"{name}.ext",
                 "-out", f"{name}.pem", cwd=directory)  # fmt: skip
    return directory


def client_tls(pki: Path, *, certificate: bool = True) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    if certificate:
        context.load_cert_chain(pki / "client.pem", pki / "client.key")
    return context


@pytest.fixture
def server(pki: Path) -> Iterator[LoopbackServer]:
    """An https server on 127.0.0.1 that refuses connections without a client certificate."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    context.load_verify_locations(pki / "ca.pem")
    context.verify_mode = ssl.CERT_REQUIRED
    with LoopbackServer(tls=context) as running:
        yield running


Handler = Callable[[LoopbackRequest], None]


def routes(exchange: list[Handler], api: list[Handler]) -> Handler:
    """The n-th exchange answered by exchange[n], the n-th API request by api[n] (the last
    handler of each repeats)."""

    def handler(request: LoopbackRequest) -> None:
        queue = exchange if request.path == EXCHANGE_PATH else api
        (queue.pop(0) if len(queue) > 1 else queue[0])(request)

    return handler


def token(access: str = ACCESS, expires_in: float = 3600, **extra: Any) -> Handler:
    return reply_json({"access_token": access, "expires_in": expires_in, "token_type": "Bearer", **extra})


def exchanges(server: LoopbackServer) -> list[Any]:
    return [r for r in server.requests if r.path == EXCHANGE_PATH]


def api_requests(server: LoopbackServer) -> list[Any]:
    return [r for r in server.requests if r.path != EXCHANGE_PATH]


def bearer(recorded: Any) -> str | None:
    return next((v for k, v in recorded.headers.items() if k.lower() == "authorization"), None)


def identity(**extra: Any) -> Any:
    return x509_workload_identity(identity_provider_id="idp_x509", service_account_id="sa_x509", **extra)


@pytest.fixture
async def mtls_client(h: Harness, server: LoopbackServer, pki: Path) -> AsyncIterator[Callable[..., Any]]:
    """Makes X.509 clients whose `http_client` carries the client certificate (on the mode's
    transport), pointed at the mTLS loopback server."""
    opened: list[Any] = []

    def make(*, certificate: bool = True, **options: Any) -> Any:
        context = client_tls(pki, certificate=certificate)
        if not h.is_async:
            http: Any = httpx.Client(verify=context)
        elif os.environ.get("OPENAI_COMPAT_ASYNC_TRANSPORT") == "httpx":
            http = httpx.AsyncClient(verify=context)
        else:
            http = oc.DefaultAioHttpClient(verify=context)
        opened.append(http)
        options.setdefault("workload_identity", identity())
        options.setdefault("max_retries", 2)
        client = h.client(api_key=None, base_url=server.url("/v1"), http_client=http, **options)
        client._workload_identity_auth.token_exchange_url = server.url(EXCHANGE_PATH)
        return client

    yield make
    for http in opened:
        await h.run(http.aclose() if h.is_async else http.close())


# -- the exchange and the bearer --------------------------------------------------------------


async def test_token_exchanged_over_mtls_and_sent_as_bearer(
    h: Harness, server: LoopbackServer, mtls_client: Any
) -> None:
    server.handler = routes([token()], [reply_json(MODEL)])
    client = mtls_client()
    assert str(client.base_url) == server.url("/v1/")
    first = await h.run(client.models.retrieve("gpt-4o"))
    second = await h.run(client.models.retrieve("gpt-4o"))
    assert first.id == second.id == "gpt-4o"
    [exchange] = exchanges(server)  # cached: one exchange for two requests
    assert exchange.method == "POST"
    assert json.loads(exchange.body) == {
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
        "subject_token_type": "urn:openai:params:oauth:token-type:x509",
        "identity_provider_id": "idp_x509",
        "service_account_id": "sa_x509",
    }
    assert bearer(exchange) is None  # the certificate is the credential
    assert [bearer(r) for r in api_requests(server)] == [f"Bearer {ACCESS}"] * 2
    assert client.api_key == "workload-identity-auth" and client.auth_headers == {}
    assert server.refused_handshakes == 0


async def test_a_client_without_certificate_is_refused_by_the_server(
    h: Harness, server: LoopbackServer, mtls_client: Any
) -> None:
    server.handler = routes([token()], [reply_json(MODEL)])
    client = mtls_client(certificate=False, max_retries=0)
    with pytest.raises(oc.APIConnectionError):
        await h.run(client.models.retrieve("gpt-4o"))
    assert server.requests == [] and server.refused_handshakes >= 1


async def test_new_token_and_one_resend_after_401(h: Harness, server: LoopbackServer, mtls_client: Any) -> None:
    server.handler = routes([token("token-1"), token("token-2")],
                            [reply_json(UNAUTHORIZED, 401), reply_json(MODEL)])  # fmt: skip
    client = mtls_client()
    assert (await h.run(client.models.retrieve("gpt-4o"))).id == "gpt-4o"
    assert len(exchanges(server)) == 2
    assert [bearer(r) for r in api_requests(server)] == ["Bearer token-1", "Bearer token-2"]


async def test_token_refreshed_when_due(h: Harness, server: LoopbackServer, mtls_client: Any) -> None:
    # A 1-second token is refreshed after half its lifetime.
    server.handler = routes([token("short-1", expires_in=1), token("short-2", expires_in=1)],
                            [reply_json(MODEL)])  # fmt: skip
    client = mtls_client()
    await h.run(client.models.retrieve("gpt-4o"))
    time.sleep(0.6)
    await h.run(client.models.retrieve("gpt-4o"))
    assert [bearer(r) for r in api_requests(server)] == ["Bearer short-1", "Bearer short-2"]


# -- the exchange's failures --------------------------------------------------------------------


async def test_refusal_is_an_oauth_error_keeping_only_the_error_code(
    h: Harness, server: LoopbackServer, mtls_client: Any
) -> None:
    server.handler = routes(
        [reply_json({"error": "invalid_grant", "error_description": "cert CN=x not bound"}, 400)],
        [reply_json(MODEL)],
    )
    client = mtls_client()
    with pytest.raises(oc.OAuthError) as caught:
        await h.run(client.models.retrieve("gpt-4o"))
    assert caught.value.status_code == 400 and caught.value.error == "invalid_grant"
    assert caught.value.body == {"error": "invalid_grant"}  # as openai-python: the code only
    assert len(exchanges(server)) == 1 and api_requests(server) == []  # refusals are not retried


async def test_transient_failures_are_retried(h: Harness, server: LoopbackServer, mtls_client: Any) -> None:
    server.handler = routes(
        [reply_json({"error": "busy"}, 503, FAST_RETRY), reply_json({}, 429, FAST_RETRY), token()],
        [reply_json(MODEL)],
    )
    client = mtls_client()
    assert (await h.run(client.models.retrieve("gpt-4o"))).id == "gpt-4o"
    assert len(exchanges(server)) == 3
    assert [bearer(r) for r in api_requests(server)] == [f"Bearer {ACCESS}"]


async def test_retries_stop_after_two(h: Harness, server: LoopbackServer, mtls_client: Any) -> None:
    server.handler = routes([reply_json({"error": "down"}, 500, FAST_RETRY)], [reply_json(MODEL)])
    client = mtls_client(max_retries=5)  # the exchange is retried twice at most
    with pytest.raises(oc.OpenAIError, match="Token exchange failed with status 500"):
        await h.run(client.models.retrieve("gpt-4o"))
    assert len(exchanges(server)) == 3 and api_requests(server) == []
    client_0 = mtls_client(max_retries=0)  # and no more than the client's max_retries
    with pytest.raises(oc.OpenAIError, match="status 500"):
        await h.run(client_0.models.retrieve("gpt-4o"))
    assert len(exchanges(server)) == 4


async def test_still_valid_token_used_after_a_transient_failure(
    h: Harness, server: LoopbackServer, mtls_client: Any
) -> None:
    # Due for refresh after 1 s, valid for 2 s: the refresh fails (3 x 503), the old token serves.
    server.handler = routes(
        [token("old", expires_in=2), reply_json({"error": "busy"}, 503, FAST_RETRY)],
        [reply_json(MODEL)],
    )
    client = mtls_client()
    await h.run(client.models.retrieve("gpt-4o"))
    time.sleep(1.05)
    await h.run(client.models.retrieve("gpt-4o"))
    assert len(exchanges(server)) == 4
    assert [bearer(r) for r in api_requests(server)] == ["Bearer old", "Bearer old"]


async def test_the_exchange_keeps_to_the_requests_timeout(
    h: Harness, server: LoopbackServer, mtls_client: Any
) -> None:
    def slow_token(request: LoopbackRequest) -> None:
        time.sleep(1.0)
        token()(request)

    server.handler = routes([slow_token], [reply_json(MODEL)])
    client = mtls_client(max_retries=0, timeout=0.25)
    started = time.monotonic()
    with pytest.raises(oc.APITimeoutError):
        await h.run(client.models.retrieve("gpt-4o"))
    assert time.monotonic() - started < 0.9 and api_requests(server) == []


async def test_invalid_token_answers_are_refused(h: Harness, server: LoopbackServer, mtls_client: Any) -> None:
    cases = {
        "must use the Bearer token type": token(token_type="mac"),
        "valid Bearer access_token": token(access="has spaces"),
        "positive, finite expires_in": token(expires_in=-5),
    }
    for message, answer in cases.items():
        server.handler = routes([answer], [reply_json(MODEL)])
        client = mtls_client()
        with pytest.raises(oc.OpenAIError, match=message):
            await h.run(client.models.retrieve("gpt-4o"))
    assert api_requests(server) == []


# -- request checks -----------------------------------------------------------------------------


async def test_requests_with_other_credentials_are_refused_before_sending(
    h: Harness, server: LoopbackServer, mtls_client: Any
) -> None:
    server.handler = routes([token()], [reply_json(MODEL)])
    client = mtls_client()
    for name in ("api-key", "X-Api-Key", "Proxy-Authorization"):
        with pytest.raises(oc.OpenAIError, match=f"(?i)cannot include API-key or proxy credentials.*{name}"):
            await h.run(client.models.retrieve("gpt-4o", extra_headers={name: "secret"}))
    with pytest.raises(oc.OpenAIError, match="exactly one valid Host authority"):
        await h.run(client.models.retrieve("gpt-4o", extra_headers={"Host": "evil.example/x"}))
    assert server.requests == []


async def test_redirects_are_not_followed(h: Harness, server: LoopbackServer, mtls_client: Any) -> None:
    server.handler = routes([token()], [reply_json({}, 307, {"Location": "https://127.0.0.1:1/elsewhere"})])
    client = mtls_client(max_retries=0)
    with pytest.raises(oc.APIStatusError) as caught:
        await h.run(client.models.retrieve("gpt-4o"))
    assert caught.value.status_code == 307 and len(api_requests(server)) == 1


# -- construction -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"provider": {}}, r"does not accept a subject-token provider or client ID \(got 'provider'"),
        ({"audience": "x"}, r"accepts only identity IDs.*unexpected 'audience'"),
        ({"service_account_id": ""}, r"requires identity-provider and service-account IDs \(`service_account_id`"),
        ({"identity_provider_id": 7}, r"\(`identity_provider_id` must be a non-empty str, got 7\)"),
        ({"refresh_buffer_seconds": -1}, r"non-negative refresh buffer \(`refresh_buffer_seconds` got -1\)"),
        ({"refresh_buffer_seconds": float("nan")}, r"finite, non-negative refresh buffer"),
    ],
)
def test_invalid_identities_are_refused_naming_the_field(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(oc.OpenAIError, match=message):
        oc.OpenAI(workload_identity={**identity(), **bad})
    with pytest.raises(oc.OpenAIError, match=message):
        oc.AsyncOpenAI(workload_identity={**identity(), **bad})


def test_base_url_is_the_mtls_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-not-used")
    with oc.OpenAI(workload_identity=identity()) as client:
        assert str(client.base_url) == "https://mtls.api.openai.com/v1/"
        assert client.api_key == "workload-identity-auth"
    for region, host in (("global", "mtls"), ("us", "mtls-us"), ("eu", "mtls-eu")):
        with oc.OpenAI(workload_identity=identity(), data_residency=region) as client:
            assert str(client.base_url) == f"https://{host}.api.openai.com/v1/"
    with pytest.raises(oc.OpenAIError, match=r"supported regional mTLS endpoint \(`data_residency`.*'jp'"):
        oc.OpenAI(workload_identity=identity(), data_residency="jp")
    with pytest.raises(oc.OpenAIError, match=r"absolute HTTPS API URL \(`base_url` got 'http://"):
        oc.OpenAI(workload_identity=identity(), base_url="http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # the environment's too
    with pytest.raises(oc.OpenAIError, match="absolute HTTPS API URL"):
        oc.OpenAI(workload_identity=identity())
    with pytest.raises(oc.OpenAIError, match="mutually exclusive"):
        oc.OpenAI(workload_identity=identity(), api_key="sk-x")


def test_the_identity_is_copied_and_kept_by_with_options() -> None:
    given = identity()
    with oc.OpenAI(workload_identity=given, base_url="https://127.0.0.1:9/v1") as client:
        given["service_account_id"] = "changed-later"
        assert client.workload_identity["service_account_id"] == "sa_x509"
        copy = client.with_options(timeout=5)
        assert copy.workload_identity == client.workload_identity
        assert copy._workload_identity_auth is not client._workload_identity_auth
        assert copy.with_options(api_key="sk-copy").workload_identity is None


def test_x509_is_loaded_only_when_used() -> None:
    code = (
        "import sys, openai_compat as oc; from openai_compat.auth import x509_workload_identity\n"
        "assert 'openai_compat.auth._x509' not in sys.modules\n"
        "oc.OpenAI(workload_identity=x509_workload_identity(identity_provider_id='i', service_account_id='s'))\n"
        "assert 'openai_compat.auth._x509_auth' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
