"""`workload_identity=` (openai_compat.auth), over real HTTP: a token endpoint and an API server,
both on loopback. The subject token is exchanged for an access token before the first request,
sent as the bearer, cached, refreshed when due and after a 401; the endpoint's refusals raise
openai-python's exceptions. Every test runs with the sync client and the async one on both
async transports (the `h` fixture). Side by side with openai-python: tests/parity
(parity_scenarios_workload.py)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import Harness, reply_in_turn, reply_json
from loopback import LoopbackRequest, LoopbackServer

import openai_compat as oc
from openai_compat.auth import (
    WorkloadIdentityAuth,
    azure_managed_identity_token_provider,
    gcp_id_token_provider,
    k8s_service_account_token_provider,
    x509_workload_identity,
)

MODEL = {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}
SUBJECT = "subject-token-0123456789SUBJECT"
ACCESS = "access-token-0123456789ACCESS"
UNAUTHORIZED = {"error": {"message": "Invalid token", "type": "invalid_request_error"}}


def token_reply(token: str = ACCESS, expires_in: float = 3600, delay: float = 0.0) -> Any:
    def handler(request: LoopbackRequest) -> None:
        if delay:
            time.sleep(delay)
        reply_json({"access_token": token, "expires_in": expires_in, "token_type": "Bearer"})(request)

    return handler


def numbered_tokens(expires_in: float = 3600, delay: float = 0.0) -> Any:
    """Answers the n-th exchange with access token `ACCESS-n`."""
    count = iter(range(1, 1000))

    def handler(request: LoopbackRequest) -> None:
        token_reply(f"{ACCESS}-{next(count)}", expires_in, delay)(request)

    return handler


@pytest.fixture
def token_server() -> Iterator[LoopbackServer]:
    with LoopbackServer(token_reply()) as server:
        yield server


def identity(subject: str = SUBJECT, token_type: str = "jwt", **extra: Any) -> Any:
    return {
        "identity_provider_id": "idp_1",
        "service_account_id": "sa_1",
        "provider": {"token_type": token_type, "get_token": lambda: subject},
        **extra,
    }


def wi_client(h: Harness, token_server: LoopbackServer, **options: Any) -> Any:
    options.setdefault("workload_identity", identity())
    client = h.client(api_key=None, **options)
    client._workload_identity_auth.token_exchange_url = token_server.url("/oauth/token")
    return client


def bearer(server: LoopbackServer, index: int = -1) -> str | None:
    return server.requests[index].headers.get("Authorization")


async def test_the_token_is_exchanged_once_sent_as_the_bearer_and_cached(
    h: Harness, token_server: LoopbackServer
) -> None:
    h.server.handler = reply_json(MODEL)
    client = wi_client(h, token_server)
    assert client.api_key == "workload-identity-auth"  # openai-python's placeholder
    for _ in range(3):
        assert (await h.run(client.models.retrieve("gpt-4o"))).id == "gpt-4o"
    assert len(token_server.requests) == 1
    exchange = token_server.requests[0]
    assert (exchange.method, exchange.path) == ("POST", "/oauth/token")
    assert exchange.headers["Content-Type"] == "application/json"
    assert "Authorization" not in exchange.headers
    assert json.loads(exchange.body) == {
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
        "subject_token": SUBJECT,
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
        "identity_provider_id": "idp_1",
        "service_account_id": "sa_1",
    }
    assert [r.headers["Authorization"] for r in h.server.requests] == [f"Bearer {ACCESS}"] * 3


async def test_an_id_token_is_announced_as_one(h: Harness, token_server: LoopbackServer) -> None:
    h.server.handler = reply_json(MODEL)
    await h.run(wi_client(h, token_server, workload_identity=identity(token_type="id"))
                .models.retrieve("m"))  # fmt: skip
    sent = json.loads(token_server.requests[0].body)
    assert sent["subject_token_type"] == "urn:ietf:params:oauth:token-type:id_token"


async def test_the_token_is_refreshed_when_due(h: Harness, token_server: LoopbackServer) -> None:
    # 0.4 s lifetime and the default 1200 s buffer: refreshed after half the lifetime.
    token_server.handler = numbered_tokens(expires_in=0.4)
    h.server.handler = reply_json(MODEL)
    client = wi_client(h, token_server)
    await h.run(client.models.retrieve("m"))
    await h.run(client.models.retrieve("m"))
    assert len(token_server.requests) == 1
    await asyncio.sleep(0.25)
    await h.run(client.models.retrieve("m"))
    assert len(token_server.requests) == 2
    assert bearer(h.server) == f"Bearer {ACCESS}-2"


async def test_refresh_buffer_seconds_is_honoured(h: Harness, token_server: LoopbackServer) -> None:
    token_server.handler = numbered_tokens(expires_in=0.6)
    h.server.handler = reply_json(MODEL)
    # Refreshed 0.05 s before expiry (the default buffer would refresh at half the lifetime).
    client = wi_client(h, token_server, workload_identity=identity(refresh_buffer_seconds=0.05))
    await h.run(client.models.retrieve("m"))
    await asyncio.sleep(0.35)
    await h.run(client.models.retrieve("m"))
    await asyncio.sleep(0.3)
    await h.run(client.models.retrieve("m"))
    assert [bearer(h.server, i) for i in (0, 1, 2)] == [
        f"Bearer {ACCESS}-1", f"Bearer {ACCESS}-1", f"Bearer {ACCESS}-2",
    ]  # fmt: skip


async def test_a_401_forgets_the_token_and_the_request_is_sent_once_more_with_a_new_one(
    h: Harness, token_server: LoopbackServer
) -> None:
    token_server.handler = numbered_tokens()
    h.server.handler = reply_in_turn(reply_json(UNAUTHORIZED, 401), reply_json(MODEL))
    client = wi_client(h, token_server, max_retries=0)
    assert (await h.run(client.models.retrieve("m"))).id == "gpt-4o"
    assert [r.headers["Authorization"] for r in h.server.requests] == [
        f"Bearer {ACCESS}-1", f"Bearer {ACCESS}-2",
    ]  # fmt: skip
    # The same attempt (not a retry): the retry counter is unchanged.
    assert [r.headers["x-stainless-retry-count"] for r in h.server.requests] == ["0", "0"]


async def test_a_second_401_raises_and_the_next_call_exchanges_again(
    h: Harness, token_server: LoopbackServer
) -> None:
    token_server.handler = numbered_tokens()
    h.server.handler = reply_json({"error": {"message": f"rejected {ACCESS}-2"}}, 401)
    client = wi_client(h, token_server)
    with pytest.raises(oc.AuthenticationError) as caught:
        await h.run(client.models.retrieve("m"))
    assert len(h.server.requests) == 2 and len(token_server.requests) == 2
    assert ACCESS not in str(caught.value) and ACCESS not in repr(caught.value)
    h.server.handler = reply_json(MODEL)
    await h.run(client.models.retrieve("m"))
    assert bearer(h.server) == f"Bearer {ACCESS}-3"


async def test_a_retried_attempt_reuses_the_cached_token(
    h: Harness, token_server: LoopbackServer
) -> None:
    h.server.handler = reply_in_turn(
        reply_json({"error": {"message": "busy"}}, 503, {"retry-after-ms": "0"}), reply_json(MODEL)
    )
    await h.run(wi_client(h, token_server).models.retrieve("m"))
    assert len(token_server.requests) == 1 and len(h.server.requests) == 2


@pytest.mark.parametrize(
    ("status", "body", "message", "error"),
    [
        (400, {"error": "invalid_grant", "error_description": "The subject token expired"},
         "The subject token expired", "invalid_grant"),
        (401, {"error": "invalid_subject_token"}, "OAuth authentication error.", "invalid_subject_token"),
        (403, None, "OAuth authentication error.", None),
    ],
)  # fmt: skip
async def test_a_refusal_of_the_token_endpoint_raises_oauth_error(
    h: Harness, token_server: LoopbackServer, status: int, body: Any, message: str, error: Any
) -> None:
    token_server.handler = (
        reply_json(body, status) if body is not None
        else lambda r: r.send_body(status, b"", {"x-request-id": "req_1"})
    )  # fmt: skip
    with pytest.raises(oc.OAuthError) as caught:
        await h.run(wi_client(h, token_server).models.retrieve("m"))
    exc = caught.value
    assert isinstance(exc, oc.AuthenticationError)
    assert (str(exc), exc.error, exc.status_code, exc.body) == (message, error, status, body)
    assert exc.request.url == token_server.url("/oauth/token")
    assert not h.server.requests  # nothing was sent to the API
    assert len(token_server.requests) == 1  # a refusal is not retried


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (reply_json({"error": "server_error"}, 500), "Token exchange failed with status 500"),
        (lambda r: r.send_body(200, b""), "Token exchange succeeded but response body was empty"),
        (reply_json([1]), "Token exchange succeeded but response body was not a JSON object"),
        (reply_json({"expires_in": 1}), "Token exchange response did not include a valid access_token"),
        (reply_json({"access_token": "t"}), "Token exchange response did not include a valid expires_in"),
    ],
)  # fmt: skip
async def test_an_unusable_answer_of_the_token_endpoint_raises_openai_error(
    h: Harness, token_server: LoopbackServer, reply: Any, message: str
) -> None:
    token_server.handler = reply
    with pytest.raises(oc.OpenAIError) as caught:
        await h.run(wi_client(h, token_server).models.retrieve("m"))
    assert type(caught.value) is oc.OpenAIError and str(caught.value) == message
    assert len(token_server.requests) == 1 and not h.server.requests


async def test_an_unreachable_token_endpoint_is_a_connection_error_retried_like_the_request(
    h: Harness, token_server: LoopbackServer
) -> None:
    client = wi_client(h, token_server, max_retries=1)
    token_server.stop()  # the port is closed now: connections are refused
    started = time.monotonic()
    with pytest.raises(oc.APIConnectionError) as caught:
        await h.run(client.models.retrieve("m"))
    assert time.monotonic() - started >= 0.4  # one backoff before the retry
    assert caught.value.request.url.path == "/v1/models/m"  # openai-python names the API request
    assert not h.server.requests


async def test_a_subject_token_problem_is_raised_before_anything_is_sent(
    h: Harness, token_server: LoopbackServer
) -> None:
    with pytest.raises(oc.OpenAIError, match="returned an empty subject token"):
        await h.run(wi_client(h, token_server, workload_identity=identity(subject=""))
                    .models.retrieve("m"))  # fmt: skip
    with pytest.raises(oc.OpenAIError, match=r"Unsupported token type: 'saml'\. Supported types: jwt, id"):
        await h.run(wi_client(h, token_server, workload_identity=identity(token_type="saml"))
                    .models.retrieve("m"))  # fmt: skip
    assert not token_server.requests and not h.server.requests


async def test_the_callers_own_authorization_is_sent_without_an_exchange(
    h: Harness, token_server: LoopbackServer
) -> None:
    h.server.handler = reply_json(MODEL)
    client = wi_client(h, token_server)
    await h.run(client.models.retrieve("m", extra_headers={"Authorization": "Bearer mine"}))
    assert bearer(h.server) == "Bearer mine" and not token_server.requests


async def test_concurrent_requests_share_one_exchange(
    h: Harness, token_server: LoopbackServer
) -> None:
    token_server.handler = numbered_tokens(delay=0.2)
    h.server.handler = reply_json(MODEL)
    client = wi_client(h, token_server)
    if h.is_async:
        await asyncio.gather(*(client.models.retrieve("m") for _ in range(5)))
    else:
        threads = [threading.Thread(target=client.models.retrieve, args=("m",)) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(token_server.requests) == 1
    assert {r.headers["Authorization"] for r in h.server.requests} == {f"Bearer {ACCESS}-1"}
    assert len(h.server.requests) == 5


async def test_with_options_keeps_the_identity_and_an_api_key_replaces_it(
    h: Harness, token_server: LoopbackServer
) -> None:
    h.server.handler = reply_json(MODEL)
    client = wi_client(h, token_server)
    copy = client.with_options(timeout=5)
    assert copy.workload_identity is client.workload_identity
    assert copy._workload_identity_auth is not client._workload_identity_auth  # its own cache
    keyed = client.with_options(api_key="sk-copy")
    assert keyed.workload_identity is None
    await h.run(keyed.models.retrieve("m"))
    assert bearer(h.server) == "Bearer sk-copy"
    again = keyed.with_options(workload_identity=identity())
    assert again.api_key == "workload-identity-auth"
    for made in (copy, keyed, again):
        await h.close(made)


def test_construction_refuses_what_openai_python_refuses() -> None:
    with pytest.raises(oc.OpenAIError, match="The `api_key` and `workload_identity` arguments are mutually exclusive"):
        oc.OpenAI(api_key="sk", workload_identity=identity())
    with pytest.raises(oc.OpenAIError, match=r"expected an X\.509 or subject-token identity"):
        oc.OpenAI(workload_identity={"identity_provider_id": "i"})  # type: ignore[typeddict-item]
    with pytest.raises(oc.OpenAIError, match=r"missing 'service_account_id'"):
        oc.OpenAI(workload_identity={"identity_provider_id": "i", "provider": identity()["provider"]})  # type: ignore[typeddict-item]
    with pytest.raises(oc.OpenAIError, match="`provider` must be a dict"):
        oc.OpenAI(workload_identity={**identity(), "provider": "k8s"})
    from openai_compat.providers import vllm

    with pytest.raises(oc.OpenAIError, match="`provider` cannot be combined with top-level `workload_identity`"):
        oc.OpenAI(provider=vllm(), workload_identity=identity())
    # X.509 (mTLS) identities: their API URL must be HTTPS (test_workload_identity_x509.py).
    with pytest.raises(oc.OpenAIError, match=r"X\.509 workload identity requires an absolute HTTPS API URL"):
        oc.OpenAI(base_url="http://127.0.0.1:1/v1",
                  workload_identity=x509_workload_identity(identity_provider_id="i", service_account_id="s"))


def test_the_environments_api_key_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    client = oc.OpenAI(workload_identity=identity())
    assert client.api_key == "workload-identity-auth"
    client.close()


def test_no_token_in_reprs(token_server: LoopbackServer, loopback_server: LoopbackServer) -> None:
    loopback_server.handler = reply_json(MODEL)
    client = oc.OpenAI(base_url=loopback_server.url("/v1"), workload_identity=identity())
    auth = client._workload_identity_auth
    auth.token_exchange_url = token_server.url("/oauth/token")
    client.models.retrieve("m")
    for text in (repr(client), repr(auth), repr(auth._cache), str(vars(auth))):
        assert ACCESS not in text and SUBJECT not in text
    client.close()


_LOGGED = r"""
import sys
from openai_compat import OpenAI
base, token_url, subject = sys.argv[1:4]
c = OpenAI(base_url=base + "/v1", workload_identity={"identity_provider_id": "i",
    "service_account_id": "s", "provider": {"token_type": "jwt", "get_token": lambda: subject}})
c._workload_identity_auth.token_exchange_url = token_url
try:
    c.models.retrieve("m")
except Exception as e:
    print("ERROR:", e, repr(e), file=sys.stderr)
"""


def test_tokens_never_reach_the_log(token_server: LoopbackServer, loopback_server: LoopbackServer) -> None:
    # The server quotes the token in its error: the log and the message must not.
    loopback_server.handler = reply_json({"error": {"message": f"bad token {ACCESS}"}}, 401)
    done = subprocess.run(
        [sys.executable, "-c", _LOGGED, loopback_server.base_url, token_server.url("/oauth/token"), SUBJECT],
        capture_output=True, text=True, timeout=60, env={"OPENAI_LOG": "debug", "PATH": ""},
    )  # fmt: skip
    assert "ERROR: Error code: 401" in done.stderr and "Sending GET" in done.stderr
    assert ACCESS not in done.stderr and SUBJECT not in done.stderr


def test_importing_the_package_does_not_load_the_auth_machinery() -> None:
    code = (
        "import sys, openai_compat; from openai_compat import OpenAI; OpenAI(api_key='k').close();"
        "print(sorted(m for m in sys.modules if m.startswith('openai_compat.auth')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


# -- subject-token providers ---------------------------------------------------------------


def test_the_kubernetes_provider_reads_the_mounted_token_at_every_call(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(" sa-token-1\n")
    provider = k8s_service_account_token_provider(path)
    assert provider["token_type"] == "jwt" and provider["get_token"]() == "sa-token-1"
    path.write_text("sa-token-2")  # the kubelet rotated it
    assert provider["get_token"]() == "sa-token-2"
    path.write_text("")
    with pytest.raises(oc.SubjectTokenProviderError, match=f"Failed to read the token file at {path}: The token file at {path} is empty."):
        provider["get_token"]()
    with pytest.raises(oc.SubjectTokenProviderError, match="Failed to read the token file at /nonexistent"):
        k8s_service_account_token_provider("/nonexistent/token")["get_token"]()


async def test_the_kubernetes_token_is_what_gets_exchanged(
    h: Harness, token_server: LoopbackServer, tmp_path: Path
) -> None:
    (tmp_path / "token").write_text("projected-sa-token")
    h.server.handler = reply_json(MODEL)
    wi = identity()
    wi["provider"] = k8s_service_account_token_provider(tmp_path / "token")
    await h.run(wi_client(h, token_server, workload_identity=wi).models.retrieve("m"))
    assert json.loads(token_server.requests[0].body)["subject_token"] == "projected-sa-token"


def test_the_azure_provider_asks_imds(loopback_server: LoopbackServer) -> None:
    # The metadata address is reached through a loopback HTTP proxy, which sees the request as sent.
    loopback_server.handler = reply_json({"access_token": "azure-mi-token"})
    with httpx.Client(proxy=loopback_server.base_url) as http:
        provider = azure_managed_identity_token_provider(client_id="cid", http_client=http)
        assert provider["get_token"]() == "azure-mi-token"
        sent = loopback_server.requests[0]
        assert sent.path == (
            "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
            "&resource=https%3A%2F%2Fmanagement.azure.com%2F&client_id=cid"
        )
        assert sent.headers["Metadata"] == "true"
        loopback_server.handler = reply_json({"error": "no identity"}, 400)
        with pytest.raises(oc.SubjectTokenProviderError,
                           match="Failed to fetch Azure subject token from IMDS: Failed to fetch Azure subject token from IMDS: HTTP 400"):  # fmt: skip
            provider["get_token"]()


def test_the_gcp_provider_asks_the_metadata_server(loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(200, b"gcp-id-token\n", {"Content-Type": "text/plain"})
    with httpx.Client(proxy=loopback_server.base_url) as http:
        provider = gcp_id_token_provider("https://example.test/v1", http_client=http)
        assert provider["token_type"] == "id" and provider["get_token"]() == "gcp-id-token"
        sent = loopback_server.requests[0]
        assert sent.path.endswith(
            "/computeMetadata/v1/instance/service-accounts/default/identity?audience=https%3A%2F%2Fexample.test%2Fv1"
        )
        assert sent.headers["Metadata-Flavor"] == "Google"
        loopback_server.handler = lambda r: r.send_body(200, b"  ", {"Content-Type": "text/plain"})
        with pytest.raises(oc.SubjectTokenProviderError, match="GCP metadata server returned an empty token"):
            provider["get_token"]()


def test_workload_identity_auth_can_be_used_on_its_own(token_server: LoopbackServer) -> None:
    auth = WorkloadIdentityAuth(workload_identity=identity(), token_exchange_url=token_server.url("/t"))
    assert auth.get_token() == ACCESS and auth.get_token() == ACCESS
    auth.invalidate_token("some-other-token")  # not the cached one: kept
    assert auth.get_token() == ACCESS and len(token_server.requests) == 1
    auth.invalidate_token()
    assert asyncio.run(auth.get_token_async()) == ACCESS and len(token_server.requests) == 2


def test_a_token_dropped_while_the_secret_registry_is_busy_does_not_deadlock() -> None:
    # Access tokens are `Secret`s, which unregister themselves when collected; a garbage
    # collection can start while register_secret holds the registry's lock (inside re.compile),
    # on the same thread. That once hung the parity driver.
    from openai_compat import _logging

    done = threading.Event()

    def collect_while_registering() -> None:
        with _logging._lock:
            _logging.Secret("a-token-being-collected-0123")  # dropped at once: unregistered
        done.set()

    threading.Thread(target=collect_while_registering, daemon=True).start()
    assert done.wait(5), "unregistering under the registry's lock deadlocked"


async def test_a_websocket_is_never_opened_with_the_workload_identity(
    h: Harness, token_server: LoopbackServer
) -> None:
    client = wi_client(h, token_server)
    manager = client.realtime.connect(model="gpt-realtime")
    with pytest.raises(oc.OpenAIError, match="not supported by WebSocket connections"):
        if h.is_async:
            await manager.__aenter__()
        else:
            manager.__enter__()
    assert not token_server.requests and not h.server.requests


async def test_azure_clients_take_the_option_and_use_their_own_credentials(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    client = h.azure(api_key="azure-key", workload_identity=identity())
    await h.run(client.models.retrieve("m"))
    assert h.server.requests[-1].headers["api-key"] == "azure-key"
    with pytest.raises(oc.OpenAIError, match=r"X\.509 workload identity is not supported by Azure clients"):
        h.azure(workload_identity=x509_workload_identity(identity_provider_id="i", service_account_id="s"))


async def test_the_request_sent_again_after_a_401_carries_the_same_body(
    h: Harness, token_server: LoopbackServer, tmp_path: Path
) -> None:
    token_server.handler = numbered_tokens()
    file_object = {"id": "file-1", "object": "file", "bytes": 5, "created_at": 1,
                   "filename": "a.jsonl", "purpose": "batch"}  # fmt: skip
    h.server.handler = reply_in_turn(
        reply_json(UNAUTHORIZED, 401), reply_json(MODEL),
        reply_json(UNAUTHORIZED, 401), reply_json(file_object),
    )  # fmt: skip
    client = wi_client(h, token_server)
    await h.run(client.chat.completions.with_raw_response.create(
        model="m", messages=[{"role": "user", "content": "hi"}]))  # fmt: skip
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a":1}')
    with path.open("rb") as f:
        await h.run(client.files.create(file=f, purpose="batch"))
    first, again, upload, upload_again = h.server.requests
    assert first.body == again.body and json.loads(again.body)["messages"][0]["content"] == "hi"
    assert upload.body == upload_again.body and b'{"a":1}' in upload_again.body
    assert [r.headers["Authorization"] for r in h.server.requests] == [
        f"Bearer {ACCESS}-1", f"Bearer {ACCESS}-2", f"Bearer {ACCESS}-2", f"Bearer {ACCESS}-3",
    ]  # fmt: skip
