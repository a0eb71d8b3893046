"""`vertex()`: the API root, the token of every attempt (a token provider, Google credentials
refreshed locally, or Application Default Credentials from a fake service-account file whose
token endpoint is the loopback server), and what is refused."""

from __future__ import annotations

import datetime
import json
import sys
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from loopback import LoopbackRequest, LoopbackServer
from provider_helpers import close, run

from openai_compat import APIStatusError, AsyncOpenAI, OpenAI, OpenAIError
from openai_compat.providers import vertex

MODELS = {"object": "list", "data": [{"id": "m", "object": "model", "created": 1, "owned_by": "o"}]}


def _client(mode: str, **options: Any) -> Any:
    return (AsyncOpenAI if mode == "async" else OpenAI)(**options)


def _authorizations(server: LoopbackServer) -> list[str | None]:
    return [
        next((v for k, v in r.headers.items() if k.lower() == "authorization"), None)
        for r in server.requests
        if r.path != "/token"
    ]


@pytest.mark.parametrize(
    ("options", "url"),
    [
        ({"project": "p1", "location": "us-central1"},
         "https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/publishers/openai/v1"),
        ({"project": "example.com:p2", "location": "global"},
         "https://aiplatform.googleapis.com/v1/projects/example.com:p2/locations/global/publishers/openai/v1"),
        ({"base_url": "https://gateway.example/v1"}, "https://gateway.example/v1"),
    ],
)  # fmt: skip
def test_the_api_root(options: dict[str, Any], url: str) -> None:
    client = OpenAI(provider=vertex(token_provider=lambda: "t", **options))
    assert str(client.base_url).rstrip("/") == url


def test_project_and_location_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "envproj")
    monkeypatch.setenv("GOOGLE_CLOUD_LOCATION", "europe-west4")
    client = OpenAI(provider=vertex(token_provider=lambda: "t"))
    assert client.base_url.host == "europe-west4-aiplatform.googleapis.com"
    assert "/projects/envproj/locations/europe-west4/" in client.base_url.path


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"location": "us-central1"}, "Vertex requires a project ID"),
        ({"project": "p"}, "Vertex requires a location"),
        ({"project": "..", "location": "us-central1"}, "Vertex requires a project ID"),
        ({"project": "p", "location": "US Central"}, "Vertex requires a location"),
        ({"base_url": "http://us-aiplatform.googleapis.com/v1"}, "require HTTPS"),
        ({"base_url": "https://user:pw@gateway.example/v1"}, "without credentials"),
        ({"base_url": "https://gateway.example/v1?key=x"}, "without credentials, query"),
        ({"base_url": "https://g.example", "token_provider": lambda: "t", "credentials": object()},
         "Set only one of credentials and token_provider"),
    ],
)  # fmt: skip
def test_configuration_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OpenAIError, match=message):
        vertex(**options)


async def test_the_token_provider_runs_for_every_attempt(
    mode: str, loopback_server: LoopbackServer
) -> None:
    statuses = iter([429, 200])

    def handler(request: LoopbackRequest) -> None:
        status = next(statuses)
        request.send_body(status, json.dumps(MODELS if status == 200 else {}).encode(),
                          {"Content-Type": "application/json", "retry-after-ms": "1"})  # fmt: skip

    loopback_server.handler = handler
    count = iter(range(10))

    def token() -> str:
        return f"ya29.token-{next(count)}"

    async def atoken() -> str:
        return token()

    provider = vertex(base_url=loopback_server.url("/v1"),
                      token_provider=atoken if mode == "async" else token)  # fmt: skip
    client = _client(mode, provider=provider)
    await run(client.models.list())
    await close(client)
    assert _authorizations(loopback_server) == ["Bearer ya29.token-0", "Bearer ya29.token-1"]
    assert [r.path for r in loopback_server.requests] == ["/v1/models", "/v1/models"]


@pytest.mark.parametrize("bad", ["", "two words", "line\nbreak", 42])
def test_a_bad_token_is_refused_before_sending(bad: object, loopback_server: LoopbackServer) -> None:
    client = OpenAI(provider=vertex(base_url=loopback_server.url("/v1"), token_provider=lambda: bad))
    with pytest.raises(OpenAIError, match="nonempty bearer token"):
        client.models.list()
    assert loopback_server.requests == []


def test_a_failing_token_provider_does_not_show_its_error(loopback_server: LoopbackServer) -> None:
    def token() -> str:
        raise RuntimeError("private_key=-----BEGIN")

    client = OpenAI(provider=vertex(base_url=loopback_server.url("/v1"), token_provider=token))
    with pytest.raises(OpenAIError, match="Vertex token provider failed") as caught:
        client.models.list()
    assert caught.value.__cause__ is None and "BEGIN" not in str(caught.value)


@pytest.mark.parametrize(
    "headers", [{"Authorization": "Bearer mine"}, {"api-key": "k"}],
)
def test_foreign_credentials_are_refused(headers: dict[str, str], loopback_server: LoopbackServer) -> None:
    client = OpenAI(provider=vertex(base_url=loopback_server.url("/v1"), token_provider=lambda: "t"),
                    default_headers=headers)  # fmt: skip
    with pytest.raises(OpenAIError, match="Vertex owns authentication"):
        client.models.list()
    client = OpenAI(provider=vertex(base_url=loopback_server.url("/v1"), token_provider=lambda: "t"),
                    organization="org-1")  # fmt: skip
    with pytest.raises(OpenAIError, match="Vertex owns authentication"):
        client.models.list()
    assert loopback_server.requests == []


async def test_redirects_are_not_followed(mode: str, loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda r: r.send_body(302, b"", {"Location": "http://127.0.0.1:9/x"})
    client = _client(mode, provider=vertex(base_url=loopback_server.url("/v1"),
                                           token_provider=lambda: "t"))  # fmt: skip
    with pytest.raises(APIStatusError) as caught:
        await run(client.models.list())
    await close(client)
    assert caught.value.status_code == 302 and len(loopback_server.requests) == 1


def _local_credentials() -> Any:
    from google.auth import credentials

    class LocalCredentials(credentials.Credentials):  # type: ignore[misc]
        """Refreshes without any network: a new token per refresh, valid for an hour."""

        def __init__(self) -> None:
            super().__init__()
            self.refreshes = 0

        def refresh(self, request: Any) -> None:
            self.refreshes += 1
            self.token = f"local-{self.refreshes}"
            self.expiry = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + (
                datetime.timedelta(hours=1)
            )

    return LocalCredentials()


async def test_google_credentials_are_refreshed_once_and_reused(
    mode: str, loopback_server: LoopbackServer
) -> None:
    loopback_server.handler = lambda r: r.send_body(200, json.dumps(MODELS).encode())
    credentials = _local_credentials()
    client = _client(mode, provider=vertex(base_url=loopback_server.url("/v1"),
                                           credentials=credentials))  # fmt: skip
    await run(client.models.list())
    await run(client.models.list())
    await close(client)
    assert _authorizations(loopback_server) == ["Bearer local-1", "Bearer local-1"]
    assert credentials.refreshes == 1


def _service_account_file(tmp_path: Path, token_uri: str) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()  # fmt: skip
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "fake-project", "private_key_id": "k1",
        "private_key": pem, "client_email": "robot@fake-project.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": token_uri,
    }))  # fmt: skip
    return path


async def test_application_default_credentials_from_a_service_account_file(
    mode: str, loopback_server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def handler(request: LoopbackRequest) -> None:
        if request.path == "/token":
            form = urllib.parse.parse_qs(request.body.decode())
            assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
            body = {"access_token": "ya29.from-loopback", "expires_in": 3600, "token_type": "Bearer"}
            request.send_body(200, json.dumps(body).encode())
        else:
            request.send_body(200, json.dumps(MODELS).encode())

    loopback_server.handler = handler
    path = _service_account_file(tmp_path, loopback_server.url("/token"))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    client = _client(mode, provider=vertex(base_url=loopback_server.url("/v1")))
    await run(client.models.list())
    await run(client.models.list())
    await close(client)
    paths = [r.path for r in loopback_server.requests]
    assert paths == ["/token", "/v1/models", "/v1/models"]  # one token for both calls
    assert _authorizations(loopback_server) == ["Bearer ya29.from-loopback"] * 2


def test_a_refused_token_request_is_a_vertex_error(
    loopback_server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loopback_server.handler = lambda r: r.send_body(400, b'{"error": "invalid_grant"}')
    path = _service_account_file(tmp_path, loopback_server.url("/token"))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    client = OpenAI(provider=vertex(base_url=loopback_server.url("/v1")))
    with pytest.raises(OpenAIError, match="Vertex Google authentication failed") as caught:
        client.models.list()
    assert caught.value.__cause__ is None  # google-auth's error may quote the grant
    assert [r.path for r in loopback_server.requests] == ["/token"]


def test_a_missing_google_auth_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n == "google.auth" or n.startswith("google.auth.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "google.auth", None)
    client = OpenAI(provider=vertex(base_url="https://gateway.example/v1"))
    with pytest.raises(OpenAIError, match=r"Install openai-compat\[vertex\]"):
        client.models.list()


async def test_a_slow_async_token_provider_times_out(loopback_server: LoopbackServer) -> None:
    import asyncio

    from openai_compat import APITimeoutError

    async def slow_token() -> str:
        await asyncio.sleep(5)
        return "late"

    client = AsyncOpenAI(provider=vertex(base_url=loopback_server.url("/v1"),
                                         token_provider=slow_token), timeout=0.2)  # fmt: skip
    with pytest.raises(APITimeoutError):
        await client.models.list()
    await client.close()
    assert loopback_server.requests == []
