"""The Azure operations on the wire, and a negative control that shows the mock does reject.

Azure: the 6 operations of the pinned Azure spec are called through `AzureOpenAI` against a
loopback server that checks what Azure needs - `/openai/deployments/{deployment}/...`, the
`api-version` query and the `api-key` header (and no bearer token) - and then forwards the
request, with the Azure prefix and query taken off, to the Steady mock of the OpenAI spec, whose
verdict and generated response come back. Azure's request bodies are OpenAI's (plus fields such
as `data_sources`, not used here), so the mock validates their bodies too, and the results are
the OpenAI operations' models, as openai-python's AzureOpenAI returns them.

Negative control: requests the spec forbids are rejected by the mock and turn the conformance
check into a failure, so a passing run is not a check that cannot fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from conformance_report import REPORT
from conftest import ResponseLog
from loopback import LoopbackRequest, LoopbackServer
from mock_server import SteadyServer
from spec_requests import SpecCall
from test_conformance_operations import ConformanceFailure, run_call

from openai_compat import OPERATIONS, AzureOpenAI, BadRequestError, OpenAI
from openai_compat._runtime import Operation

API_VERSION = "2024-10-21"
API_KEY = "azure-conformance-key"
DEPLOYMENT = "my-gpt-deployment"
_AZURE_PATH = re.compile(r"^/openai/deployments/(?P<deployment>[^/]+)(?P<rest>/.+)$")
_AUDIO = ("speech.mp3", b"ID3 conformance audio")

AZURE_CALLS: dict[str, dict[str, Any]] = {
    "chat.completions.create": {"messages": [{"role": "user", "content": "Hello"}]},
    "completions.create": {"prompt": "Say this is a test"},
    "embeddings.create": {"input": "The food was delicious"},
    "images.generate": {"prompt": "A cute baby sea otter"},
    "audio.transcriptions.create": {"file": _AUDIO},
    "audio.translations.create": {"file": _AUDIO},
}
AZURE_RECORDS = [r for r in OPERATIONS if r.spec == "azure-openai"]
PART = REPORT.part("azure", "Azure operations (URL shape, api-key, body valid per the mock)")


class AzureGateway:
    """Checks each request's Azure shape, then lets the mock answer it."""

    def __init__(self, steady: SteadyServer) -> None:
        self.steady = steady
        self.problems: list[str] = []

    def handle(self, request: LoopbackRequest) -> None:
        url = urlsplit(request.path)
        match = _AZURE_PATH.match(url.path)
        query = parse_qs(url.query)
        if match is None or match["deployment"] != DEPLOYMENT:
            self.problems.append(f"not a deployment URL: {request.path}")
        if query.get("api-version") != [API_VERSION]:
            self.problems.append(f"api-version missing or wrong in {request.path}")
        if request.headers.get("api-key") != API_KEY:
            self.problems.append("the api-key header is missing or wrong")
        if "Authorization" in request.headers:
            self.problems.append("an Authorization header was sent with an api-key client")
        rest = match["rest"] if match else url.path
        forwarded = httpx.request(
            request.command,
            self.steady.url + rest,
            content=request.body,
            headers={"Content-Type": request.headers.get("Content-Type", "application/json")},
            timeout=30.0,
        )
        headers = {k: v for k, v in forwarded.headers.items() if k.lower().startswith("x-steady")}
        headers["Content-Type"] = forwarded.headers.get("content-type", "application/json")
        request.send_body(forwarded.status_code, forwarded.content, headers)


@pytest.fixture(scope="module")
def azure_gateway(steady: SteadyServer) -> Iterator[tuple[AzureGateway, LoopbackServer]]:
    gateway = AzureGateway(steady)
    with LoopbackServer() as server:
        server.handler = gateway.handle
        yield gateway, server


@pytest.mark.parametrize("record", AZURE_RECORDS, ids=[r.client_method for r in AZURE_RECORDS])
def test_azure_operation_conforms(
    record: Any, azure_gateway: tuple[AzureGateway, LoopbackServer]
) -> None:
    gateway, server = azure_gateway
    # AzureOpenAI is an OpenAI client (as in openai-python): its results are the OpenAI
    # operation's models, which is also the spec the mock answers from.
    operations = __import__("openai_compat._generated.openai.operations", fromlist=["x"])
    op = next(o for o in operations.load_operations() if o.client_method == record.client_method)
    log = ResponseLog()
    http = httpx.Client(event_hooks={"response": [log.record]})
    client = AzureOpenAI(
        azure_endpoint=server.url("").rstrip("/"),
        api_version=API_VERSION,
        api_key=API_KEY,
        max_retries=0,
        http_client=http,
    )
    gateway.problems.clear()
    # As with openai-python, `model` names the deployment (and stays in the body, where the
    # OpenAI spec that the mock checks requires it).
    kwargs = {"model": DEPLOYMENT, **AZURE_CALLS[record.client_method]}
    call = SpecCall(record.client_method, kwargs=kwargs)
    try:
        with http:
            run_call(client, log, op, call)
        assert not gateway.problems, "; ".join(gateway.problems)
    except (ConformanceFailure, AssertionError) as exc:
        PART.failed[record.client_method] = str(exc)
        raise
    PART.passed.append(record.client_method)


def test_mock_rejects_a_request_without_messages(mock_client: OpenAI) -> None:
    # The generic verb skips the client's own validation, so the mock is the only judge here.
    with pytest.raises(BadRequestError) as caught:
        mock_client.post("/chat/completions", body={"model": "gpt-4o"})
    headers = caught.value.response.headers
    assert headers["x-steady-request-valid"] == "false"
    assert "messages" in headers["x-steady-error-1-message"]


def test_the_conformance_check_fails_on_an_invalid_request(
    mock_client: OpenAI, response_log: ResponseLog, generated_operations: dict[str, Operation]
) -> None:
    # extra_body is merged after the client's validation, so a wrong type reaches the mock.
    op = generated_operations["createChatCompletion"]
    call = SpecCall(
        "negative control",
        kwargs={
            "model": "gpt-4o",
            "messages": [{"role": "user", "content": "Hello"}],
            "extra_body": {"temperature": "very hot"},
        },
    )
    with pytest.raises(ConformanceFailure, match=r"body\.temperature"):
        run_call(mock_client, response_log, op, call)
